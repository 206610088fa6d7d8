"""Personal data masked for roles that do not need it; money hidden from technicians on request."""

from __future__ import annotations

import pytest

from domain.privacy import mask_id_number, mask_phone, needs_full_contact, phone_for
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import LabourInput, PartInput, ReceptionInput
from domain.settings_defaults import WORKORDER_HIDE_MONEY_FROM_TECHNICIANS


def _actor(services: Services, admin: Actor, role: Role) -> Actor:
    staff = services.staff.create(admin, username=f"p_{role.value}", display_name=f"测试{role.value}",
                                  role=role, password="pass1234-Lw9x")
    return Actor(staff.id, staff.username, staff.display_name, staff.role)


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[Role, Actor]:
    return {role: _actor(services, admin, role) for role in
            (Role.ADVISOR, Role.TECHNICIAN, Role.FOREMAN, Role.QC_INSPECTOR, Role.PARTS_CLERK,
             Role.CARE_CLERK, Role.MANAGER, Role.CASHIER)}


@pytest.fixture
def customer_id(services: Services, people: dict[Role, Actor]) -> str:
    view = services.customers.create(
        people[Role.ADVISOR],
        CustomerInput(name="王小明", mobile="13912345678", other_phone="13800001111",
                      id_number="110101199001011237"),
        VehicleInput(plate="京A12345", vin="1HGCM82633A004352", brand="本田", model="雅阁"))
    return view.id


def test_mask_rules() -> None:
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("139****5678") == "139****5678"  # idempotent
    assert mask_phone("+86 139 1234 5678") == "139****5678"
    assert mask_phone("010-64700000") == "010-64700000"  # a landline is a listed number
    assert mask_phone("") == ""
    assert mask_id_number("110101199001011237") == "1101**********1237"
    assert mask_id_number("1101**********1237") == "1101**********1237"
    assert mask_id_number("12345") == "*****"
    full = {r for r in Role if needs_full_contact(r)}
    assert {Role.ADVISOR, Role.CARE_CLERK, Role.MANAGER, Role.CASHIER} <= full
    assert not full & {Role.TECHNICIAN, Role.FOREMAN, Role.QC_INSPECTOR, Role.PARTS_CLERK}
    assert phone_for(Role.TECHNICIAN, "13912345678") == "139****5678"
    assert phone_for(Role.CASHIER, "13912345678") == "13912345678"


@pytest.mark.parametrize("role,masked", [
    (Role.ADVISOR, False), (Role.CARE_CLERK, False), (Role.MANAGER, False), (Role.CASHIER, False),
    (Role.TECHNICIAN, True), (Role.FOREMAN, True), (Role.QC_INSPECTOR, True),
    (Role.PARTS_CLERK, True)])
def test_search_record_and_order_mask_by_role(services: Services, people: dict[Role, Actor],
                                              customer_id: str, role: Role, masked: bool) -> None:
    actor = people[role]
    mobile = "139****5678" if masked else "13912345678"
    hits = services.search.search(actor, "5678")
    assert [h.mobile for h in hits if h.customer_id == customer_id] == [mobile]
    record = services.customers.get(actor, customer_id)
    assert record.mobile == mobile
    assert record.other_phone == ("138****1111" if masked else "13800001111")
    assert record.id_number == ("1101**********1237" if masked else "110101199001011237")
    assert services.customers.find_one(actor, "京A12345").mobile == mobile
    vehicle_id = record.vehicles[0].id
    order = services.work_orders.open_order(people[Role.ADVISOR], vehicle_id,
                                            ReceptionInput(mileage_in=100, customer_words="异响"))
    assert services.work_orders.get(actor, order.id).customer_mobile == mobile


def test_technician_money_hidden_only_when_branch_says_so(
        services: Services, admin: Actor, people: dict[Role, Actor], customer_id: str) -> None:
    advisor, tech = people[Role.ADVISOR], people[Role.TECHNICIAN]
    vehicle_id = services.customers.get(advisor, customer_id).vehicles[0].id
    wo = services.work_orders
    order = wo.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=100, estimate_fen=80_000))
    wo.add_line(advisor, order.id, LabourInput("更换刹车片", 150, 12_000))
    full = wo.add_line(advisor, order.id, PartInput("刹车片", 1_000, 45_000))
    assert full.totals.total_fen == 63_000 and not full.money_hidden

    seen = wo.get(tech, order.id)  # setting off (default): the technician sees the money
    assert seen.totals.total_fen == 63_000 and not seen.money_hidden

    services.settings.set(admin, WORKORDER_HIDE_MONEY_FROM_TECHNICIANS, True)
    hidden = wo.get(tech, order.id)
    assert hidden.money_hidden
    assert hidden.totals.total_fen == 0 and hidden.totals.labour_fen == 0
    assert hidden.estimate_fen == 0
    assert [x.net_fen for x in hidden.labour] == [0] and [x.unit_price_fen for x in hidden.parts] == [0]
    assert all(s.total_fen == 0 for s in hidden.totals.shares)
    assert hidden.labour[0].description == "更换刹车片"  # the work itself stays visible
    rows = [r for r in wo.list_orders(tech) if r.id == order.id]
    assert rows[0].money_hidden and rows[0].total_fen == 0
    assert all(r.money_hidden and r.total_fen == 0 for r in wo.service_history(tech, vehicle_id))
    # everyone else still sees the money
    for role in (Role.ADVISOR, Role.FOREMAN, Role.CASHIER, Role.MANAGER):
        view = wo.get(people[role], order.id)
        assert view.totals.total_fen == 63_000 and not view.money_hidden
    assert [r.total_fen for r in wo.list_orders(advisor) if r.id == order.id] == [63_000]


def test_complaint_contact_masked_for_workshop(services: Services, people: dict[Role, Actor],
                                               customer_id: str) -> None:
    slip = services.complaints.register(people[Role.ADVISOR], ComplaintInput(
        channel="phone", category="attitude", customer_words="态度不好", customer_id=customer_id))
    assert services.complaints.get(people[Role.CARE_CLERK], slip.number).contact_phone == "13912345678"
    assert services.complaints.get(people[Role.TECHNICIAN], slip.number).contact_phone == "139****5678"
