"""Demo data: valid by the domain's own validators, unique, deterministic, bulk-loaded right."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.context import AppContext
from domain.demo_data import (
    TWO_VEHICLE_EVERY,
    DemoCustomer,
    DemoDataGenerator,
    customers_for_vehicles,
    vehicle_count,
)
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.model import Customer, Staff, Vehicle, VehicleOwnership
from domain.roles import Actor
from domain.services.customers import (
    CustomerInput,
    VehicleInput,
    customer_columns,
    validate_customer,
    validate_vehicle,
    vehicle_columns,
)
from domain.services.demo import count_real_records, generate_demo_password
from domain.services.registry import Services
from domain.validation import PROVINCES, check_mobile, check_plate, check_vin

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def sample() -> list[DemoCustomer]:
    return list(DemoDataGenerator(seed=1, today=TODAY).customers(3000))


def _vehicles(sample: list[DemoCustomer]):
    return [v for c in sample for v in c.vehicles]


def test_every_record_passes_the_domain_validators_unchanged(sample: list[DemoCustomer]) -> None:
    for demo in sample:
        assert validate_customer(demo.customer) == demo.customer
        for vehicle in demo.vehicles:
            assert validate_vehicle(vehicle) == vehicle
            assert check_vin(vehicle.vin) == vehicle.vin
            assert check_plate(vehicle.plate) == vehicle.plate
        assert check_mobile(demo.customer.mobile) == demo.customer.mobile
        assert demo.first_visit_on <= TODAY


def test_plates_vins_and_mobiles_are_unique(sample: list[DemoCustomer]) -> None:
    vehicles = _vehicles(sample)
    assert len({v.plate for v in vehicles}) == len(vehicles)
    assert len({v.vin for v in vehicles}) == len(vehicles)
    assert len({c.customer.mobile for c in sample}) == len(sample)


def test_data_looks_like_a_chinese_workshop(sample: list[DemoCustomer]) -> None:
    vehicles = _vehicles(sample)
    provinces = {v.plate[0] for v in vehicles}
    assert len(provinces) >= 25 and provinces <= set(PROVINCES)
    new_energy = [v.plate for v in vehicles if len(v.plate) == 8]
    assert any(p[2] == "D" for p in new_energy) and any(p[2] == "F" for p in new_energy)
    assert any(p[-1] in "DF" and p[2:7].isdigit() for p in new_energy)  # large NEV plate
    assert {"LSV", "LFV", "LGB", "LVS", "LBV", "WBA", "LHG"} <= {v.vin[:3] for v in vehicles}
    assert {("大众", "朗逸"), ("丰田", "卡罗拉"), ("本田", "雅阁"), ("比亚迪", "秦PLUS"),
            ("吉利", "星越L")} <= {(v.brand, v.model) for v in vehicles}
    names = [c.customer.name for c in sample if c.customer.kind == "individual"]
    assert all(2 <= len(n) <= 4 for n in names)
    assert sum(n.startswith("王") for n in names) > sum(n.startswith("汤") for n in names)
    assert any(c.customer.kind == "company" for c in sample)
    for v in vehicles:
        assert v.purchase_date is not None and v.purchase_date < TODAY
        assert v.insurance_expiry is not None and v.insurance_expiry > v.purchase_date
        assert v.inspection_due is not None and v.warranty_end_date is not None
        assert v.mileage_km >= 0 and v.colour


def test_some_customers_own_two_vehicles(sample: list[DemoCustomer]) -> None:
    counts = [len(c.vehicles) for c in sample]
    assert set(counts) == {1, 2}
    assert sum(counts) == vehicle_count(len(sample))
    assert vehicle_count(customers_for_vehicles(200_000)) == 200_000
    assert customers_for_vehicles(200_000) == 166_667
    assert TWO_VEHICLE_EVERY == 5


def test_same_seed_same_data_and_taken_values_are_avoided(sample: list[DemoCustomer]) -> None:
    again = list(DemoDataGenerator(seed=1, today=TODAY).customers(50))
    assert again == sample[:50]
    other = list(DemoDataGenerator(seed=2, today=TODAY).customers(50))
    assert other != sample[:50]
    taken = {v.plate for v in _vehicles(sample[:50])}
    avoiding = DemoDataGenerator(seed=1, today=TODAY, taken_plates=taken)
    assert not taken & {v.plate for v in _vehicles(list(avoiding.customers(50)))}


# --- the service ----------------------------------------------------------------------------
def test_load_writes_customers_vehicles_and_ownerships(ctx: AppContext, services: Services,
                                                       admin: Actor) -> None:
    calls: list[tuple[int, int]] = []
    summary = services.demo.load(admin, 12, progress=lambda done, total: calls.append((done, total)))
    assert (summary.customers, summary.vehicles) == (12, vehicle_count(12))
    assert calls[-1] == (12, 12)
    with ctx.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 12
        assert session.scalar(select(func.count()).select_from(Vehicle)) == summary.vehicles
        ownerships = session.scalars(select(VehicleOwnership)).all()
        assert len(ownerships) == summary.vehicles
        assert all(o.ended_at is None for o in ownerships)
        # The derived search columns are exactly what the customer form would store.
        for customer in session.scalars(select(Customer)):
            expected = customer_columns(CustomerInput(name=customer.name, mobile=customer.mobile))
            assert customer.name_initials == expected["name_initials"] != ""
            assert customer.mobile_rev == expected["mobile_rev"]
            assert customer.row_version == 1 and customer.first_visit_on is not None
        for vehicle in session.scalars(select(Vehicle)):
            expected = vehicle_columns(VehicleInput(plate=vehicle.plate, vin=vehicle.vin))
            assert (vehicle.plate_key, vehicle.plate_rev, vehicle.vin_rev) == (
                expected["plate_key"], expected["plate_rev"], expected["vin_rev"])
            assert vehicle.owner_id and vehicle.branch_id


def test_demo_vehicles_open_in_the_customer_file(services: Services, admin: Actor) -> None:
    services.demo.load(admin, 5)
    hit = services.search.search(admin, "a")[0]
    view = services.customers.get(admin, hit.customer_id)
    assert view.vehicles and view.vehicles[0].owners[0].customer_id == view.id


def test_progress_is_reported_per_chunk(services: Services, admin: Actor,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import domain.services.demo as demo

    monkeypatch.setattr(demo, "CHUNK_CUSTOMERS", 4)
    calls: list[tuple[int, int]] = []
    services.demo.load(admin, 10, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(4, 10), (8, 10), (10, 10)]


def test_loading_twice_adds_new_records_without_collisions(ctx: AppContext, services: Services,
                                                          admin: Actor) -> None:
    services.demo.load(admin, 30)
    services.demo.load(admin, 30)
    with ctx.db.unit_of_work() as session:
        plates = session.scalars(select(Vehicle.plate)).all()
    assert len(plates) == 2 * vehicle_count(30) == len(set(plates))


def test_only_the_administrator_loads_demo_data(services: Services, advisor: Actor) -> None:
    with pytest.raises(NotAllowed):
        services.demo.load(advisor, 5)


@pytest.mark.parametrize("count", [0, -1, 2_000_000])
def test_customer_count_is_checked(services: Services, admin: Actor, count: int) -> None:
    with pytest.raises(ValidationError) as info:
        services.demo.load(admin, count)
    assert info.value.code == "demo.count"


# --- issue 23 item 7: "`demo` refuses a database holding records that demo did not make,
# with the count in the message; demo accounts get a generated password printed once" -------
def test_demo_refuses_a_database_with_records_it_did_not_make(ctx: AppContext, services: Services,
                                                              admin: Actor, advisor: Actor) -> None:
    services.demo.load(admin, 5)  # demo records alone: a second load is fine
    services.customers.create(advisor, CustomerInput(name="张三", mobile="13812345678"),
                              VehicleInput(plate="京A12345", vin=""))
    with ctx.db.unit_of_work() as session:
        before = (session.scalar(select(func.count()).select_from(Customer)),
                  session.scalar(select(func.count()).select_from(Staff)))
    with pytest.raises(Conflict) as refused:
        services.demo.load(admin, 5)
    assert refused.value.code == "demo.real_records"
    assert refused.value.params["count"] == 2  # the customer and the vehicle
    assert "2 条非演示记录" in refused.value.message() and "\n" not in refused.value.message()
    with ctx.db.unit_of_work() as session:  # nothing written
        assert (session.scalar(select(func.count()).select_from(Customer)),
                session.scalar(select(func.count()).select_from(Staff))) == before
        assert count_real_records(session) == 2


def test_demo_accounts_get_a_generated_password(services: Services, admin: Actor) -> None:
    first = services.demo.load(admin, 3)
    assert first.password is not None and first.password != "demo1234"
    assert len(first.password) == 12 and first.password.isalnum()
    assert services.staff.login("demo_manager", first.password).username == "demo_manager"
    again = services.demo.load(admin, 3)  # no account created: the password is not shown again
    assert again.staff_created == 0 and again.password is None
    assert generate_demo_password() != generate_demo_password()
