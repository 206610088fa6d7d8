"""First use (issue 15): the wizard's owner and staff in one unit of work, and 接第一辆车 —
customer, car and work order in one unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.context import AppContext
from domain.errors import Conflict, NotAllowed, ValidationErrors
from domain.model import Customer, Staff, Vehicle, WorkOrder
from domain.roles import Actor, Permission, Role, can
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.staff import StaffInput
from domain.services.workorders import DeliveryInput, LabourInput, PaymentInput, ReceptionInput
from tests.conftest import make_actor


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Services]:
    context = AppContext.open(tmp_path / "fresh", create=True)
    yield context.services
    context.close()


def _staff_count(services: Services) -> int:
    with services.uow() as session:
        return int(session.scalar(select(func.count()).select_from(Staff)) or 0)


def test_the_wizard_owner_may_do_everything_alone(fresh: Services) -> None:
    fresh.branches.initialise(code="SH02", name="上海浦东店", admin_username="chen",
                              admin_password="s3cret-pw-Tn8j", admin_display_name="陈店长",
                              admin_role=Role.OWNER)
    owner = fresh.staff.login("chen", "s3cret-pw-Tn8j")
    assert owner.role is Role.OWNER
    assert all(can(owner, p) for p in Permission)
    with fresh.uow() as session:
        # a one-person shop approves its own major complaints: the owner is its 总经理
        assert session.scalar(select(Staff.is_general_manager).where(Staff.username == "chen"))
    view = fresh.customers.create(owner, CustomerInput(name="张伟", mobile="13912345678"))
    assert view.name == "张伟"
    assert fresh.care.work_list(owner) is not None  # 跟踪回访 opens for the owner
    fresh.staff.create(owner, username="wang", display_name="王强", role=Role.ADVISOR,
                       password="pass1234-Lw9x")


def test_init_still_makes_an_administrator(fresh: Services) -> None:
    """``dealerdesk init`` and older databases: the first account stays 管理员, nothing widened."""
    fresh.branches.initialise(code="SH02", name="上海浦东店", admin_username="admin",
                              admin_password="admin123-Kq7v")
    admin = fresh.staff.login("admin", "admin123-Kq7v")
    assert admin.role is Role.ADMIN
    with pytest.raises(NotAllowed):
        fresh.customers.create(admin, CustomerInput(name="张伟"))


def test_staff_rows_are_made_with_the_branch(fresh: Services) -> None:
    rows = [StaffInput("wang", "王强", Role.ADVISOR, "pass1234-Lw9x"),
            StaffInput("li.tech", "李师傅", Role.TECHNICIAN, "pass5678-Lw9x")]
    fresh.branches.initialise(code="SH02", name="上海浦东店", admin_username="chen",
                              admin_password="s3cret-pw-Tn8j", admin_role=Role.OWNER, staff=rows)
    assert fresh.staff.login("wang", "pass1234-Lw9x").role is Role.ADVISOR
    assert fresh.staff.login("li.tech", "pass5678-Lw9x").display_name == "李师傅"
    assert _staff_count(fresh) == 3


def test_a_bad_staff_row_refuses_everything_with_the_cell_named(fresh: Services) -> None:
    rows = [StaffInput("wang", "王强", Role.ADVISOR, "pass1234-Lw9x"),
            StaffInput("x", "", Role.ADVISOR, "123"),
            StaffInput("CHEN", "陈二", Role.CASHIER, "pass1234-Lw9x")]
    with pytest.raises(ValidationErrors) as refused:
        fresh.branches.initialise(code="SH02", name="上海浦东店", admin_username="chen",
                                  admin_password="s3cret-pw-Tn8j", admin_role=Role.OWNER, staff=rows)
    fields = {e.field: e.code for e in refused.value.errors}
    assert fields == {"staff.1.username": "username.invalid",
                      "staff.1.display_name": "required",
                      "staff.1.password": "password.weak",
                      "staff.2.username": "username.taken"}  # the owner's name, any case
    assert not fresh.branches.is_initialised()
    assert _staff_count(fresh) == 0


def test_an_empty_branch_is_new_until_a_customer_comes(ctx: AppContext, admin: Actor) -> None:
    services = ctx.services
    assert services.branches.is_empty()
    advisor = make_actor(services, admin, Role.ADVISOR, "adv1")
    services.customers.create(advisor, CustomerInput(name="张伟"))
    assert not services.branches.is_empty()


def _counts(services: Services) -> tuple[int, int, int]:
    with services.uow() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(t)) or 0)  # type: ignore[return-value]
                     for t in (Customer, Vehicle, WorkOrder))


def test_first_car_files_customer_vehicle_and_order_at_once(ctx: AppContext, admin: Actor) -> None:
    services = ctx.services
    advisor = make_actor(services, admin, Role.ADVISOR, "adv1")
    order = services.work_orders.open_for_new_customer(
        advisor, CustomerInput(name="张伟", mobile="13912345678"),
        VehicleInput(plate="京a12345", mileage_km=12000),
        ReceptionInput(mileage_in=12000, customer_words="保养"))
    assert order.number.startswith("BJ01")
    assert (order.plate, order.customer_name, order.mileage_in) == ("京A12345", "张伟", 12000)
    assert order.customer_words == "保养"
    assert _counts(services) == (1, 1, 1)
    customer = services.customers.find_one(advisor, "京A12345")
    assert customer.vehicles[0].mileage_km == 12000 and customer.first_visit_on is not None


def test_first_car_refused_leaves_nothing(ctx: AppContext, admin: Actor) -> None:
    services = ctx.services
    advisor = make_actor(services, admin, Role.ADVISOR, "adv1")
    services.customers.create(advisor, CustomerInput(name="李四"), VehicleInput(plate="京A12345"))
    before = _counts(services)
    with pytest.raises(Conflict) as taken:  # the plate is on file: nothing else is made
        services.work_orders.open_for_new_customer(
            advisor, CustomerInput(name="张伟"), VehicleInput(plate="京A12345"),
            ReceptionInput(mileage_in=100))
    assert taken.value.code == "vehicle.plate_taken"
    assert _counts(services) == before
    with pytest.raises(ValidationErrors) as bad:  # every bad field of the three parts at once
        services.work_orders.open_for_new_customer(
            advisor, CustomerInput(name="", mobile="123"), VehicleInput(vin="BAD"),
            ReceptionInput(mileage_in=-1))
    assert {e.field for e in bad.value.errors} == {"name", "mobile", "vin", "mileage_in"}
    assert _counts(services) == before


def test_first_car_needs_both_rights(ctx: AppContext, admin: Actor) -> None:
    services = ctx.services
    clerk = make_actor(services, admin, Role.CARE_CLERK, "care1")  # customers, not orders
    with pytest.raises(NotAllowed):
        services.work_orders.open_for_new_customer(
            clerk, CustomerInput(name="张伟"), VehicleInput(plate="京A12345"),
            ReceptionInput(mileage_in=100))
    with pytest.raises(NotAllowed):
        services.work_orders.open_for_new_customer(
            admin, CustomerInput(name="张伟"), VehicleInput(plate="京A12345"),
            ReceptionInput(mileage_in=100))


def test_a_one_person_shop_takes_an_order_from_reception_to_delivery(
        ctx: AppContext, admin: Actor) -> None:
    """Issue 15: "a one-person shop works under it alone" — the owner receives the car, is
    dispatched the job (WORKSHOP_ROLES), records the time, passes every inspection, settles
    and delivers."""
    services = ctx.services
    owner = make_actor(services, admin, Role.OWNER, "boss")
    wo = services.work_orders
    order = wo.open_for_new_customer(owner, CustomerInput(name="张伟"),
                                     VehicleInput(plate="京A12345"), ReceptionInput(mileage_in=100))
    order = wo.add_line(owner, order.id, LabourInput("保养", 100, 10_000))
    order = wo.approve_estimate(owner, order.id, "signature", "张伟")
    order = wo.dispatch(owner, order.id, owner.staff_id or "", "保养",
                        labour_line_ids=[order.labour[0].id])
    wo.start_job(owner, order.jobs[0].id)
    wo.stop_job(owner, order.jobs[0].id, finished=True)
    for level in ("self", "team", "final"):
        order = wo.record_qc(owner, order.id, level, True)
    order = wo.settle(owner, order.id, [PaymentInput("cash", order.totals.customer_fen)])
    order = wo.deliver(owner, order.id, DeliveryInput(mileage_out=101))
    assert order.state == "delivered"
