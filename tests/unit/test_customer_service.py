"""Customer files and vehicles: validation, duplicates, owner history, roles, stale edits."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import Conflict, NotAllowed, NotFound, ValidationError, ValidationErrors
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from tests.conftest import make_actor

VIN = "1HGCM82633A004352"


def _create(services: Services, actor: Actor, name: str = "张三", mobile: str = "13812345678",
            plate: str = "京A12345", vin: str = VIN):
    return services.customers.create(actor, CustomerInput(name=name, mobile=mobile),
                                      VehicleInput(plate=plate, vin=vin, brand="本田", model="雅阁"))


def test_create_customer_with_vehicle(services: Services, advisor: Actor) -> None:
    view = _create(services, advisor)
    assert view.name == "张三"
    assert view.first_visit_on is not None
    (vehicle,) = view.vehicles
    assert (vehicle.plate, vehicle.vin) == ("京A12345", VIN)
    assert len(vehicle.owners) == 1 and vehicle.owners[0].ended_at is None


def test_plate_is_stored_canonical(services: Services, advisor: Actor) -> None:
    view = _create(services, advisor, plate="京a·12345")
    assert view.vehicles[0].plate == "京A12345"


def test_every_bad_field_is_reported_at_once(services: Services, advisor: Actor) -> None:
    with pytest.raises(ValidationErrors) as info:
        services.customers.create(advisor, CustomerInput(name="", mobile="12345"))
    fields = {e.field for e in info.value.errors}
    assert fields == {"name", "mobile"}


def test_invalid_vin_refused_and_nothing_saved(services: Services, advisor: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        _create(services, advisor, vin="1HGCM82633A004353")
    assert info.value.field == "vin"
    assert services.search.search(advisor, "13812345678") == []


def test_duplicate_plate_names_the_existing_customer(services: Services, advisor: Actor) -> None:
    _create(services, advisor)
    with pytest.raises(Conflict) as info:
        _create(services, advisor, name="李四", mobile="13900000000", vin="")
    assert info.value.field == "plate"
    assert "张三" in info.value.message()


def test_duplicate_vin_names_the_existing_vehicle(services: Services, advisor: Actor) -> None:
    _create(services, advisor)
    with pytest.raises(Conflict) as info:
        _create(services, advisor, name="李四", mobile="13900000000", plate="沪B88888")
    assert info.value.field == "vin"
    assert "京A12345" in info.value.message() and "张三" in info.value.message()


def test_company_needs_a_valid_credit_code(services: Services, advisor: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        services.customers.create(advisor, CustomerInput(name="某某汽车租赁有限公司", kind="company",
                                                         id_number="91350100M000100Y44"))
    assert info.value.code == "credit_code.check"
    assert "应为“3”" in info.value.message()  # names the expected check character
    view = services.customers.create(advisor, CustomerInput(name="某某汽车租赁有限公司", kind="company",
                                                            id_number="91350100M000100Y43"))
    assert view.id_number == "91350100M000100Y43"


def test_vehicle_changes_owner_and_history_is_kept(services: Services, advisor: Actor) -> None:
    first = _create(services, advisor)
    second = services.customers.create(advisor, CustomerInput(name="李四", mobile="13900000000"))
    vehicle = services.customers.transfer_vehicle(advisor, first.vehicles[0].id, second.id, "二手车过户")
    assert vehicle.owner_id == second.id
    assert [o.customer_name for o in vehicle.owners] == ["张三", "李四"]
    assert vehicle.owners[0].ended_at is not None and vehicle.owners[1].ended_at is None
    assert services.customers.get(advisor, first.id).vehicles == ()


def test_stale_edit_is_refused(services: Services, advisor: Actor) -> None:
    view = _create(services, advisor)
    services.customers.update(advisor, view.id, CustomerInput(name="张三丰", mobile="13812345678"),
                              expected_version=view.row_version)
    with pytest.raises(Conflict) as info:
        services.customers.update(advisor, view.id, CustomerInput(name="张三", mobile="13812345678"),
                                  expected_version=view.row_version)
    assert info.value.code == "stale.by"
    assert info.value.message().startswith(f"该客户档案已被 {advisor.display_name} 于 ")


def test_technician_may_look_but_not_edit(services: Services, admin: Actor) -> None:
    tech = make_actor(services, admin, Role.TECHNICIAN)
    with pytest.raises(NotAllowed) as info:
        services.customers.create(tech, CustomerInput(name="王五"))
    assert "技师" in info.value.message()
    assert services.search.search(tech, "王五") == []


def test_find_one_by_mobile_plate_vin_and_id(services: Services, advisor: Actor) -> None:
    view = _create(services, advisor)
    for key in ("13812345678", "京A12345", "京a·12345", VIN, VIN.lower(), view.id):
        assert services.customers.find_one(advisor, key).id == view.id
    with pytest.raises(NotFound):
        services.customers.find_one(advisor, "13000000000")


def test_future_purchase_date_refused(services: Services, advisor: Actor) -> None:
    customer = services.customers.create(advisor, CustomerInput(name="赵六"))
    with pytest.raises(ValidationError) as info:
        services.customers.add_vehicle(advisor, customer.id, VehicleInput(
            plate="粤BD12345", purchase_date=dt.date.today() + dt.timedelta(days=400)))
    assert info.value.field == "purchase_date"


def test_second_initialise_is_refused_with_the_branch_code(services: Services) -> None:
    with pytest.raises(Conflict) as info:
        services.branches.initialise(code="SH02", name="上海店", admin_username="boss",
                                     admin_password="secret12-Hp4w")
    assert info.value.code == "db.already_initialised"
    assert "BJ01" in info.value.message()
