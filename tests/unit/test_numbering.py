"""Document numbers: monthly serials per branch and kind, never repeated, even under two writers."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from app.context import AppContext
from domain import clock
from domain.errors import NotFound
from domain.model import Branch, NumberSequence
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.numbering import allocate_number
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput
from tests.conftest import same_database

# 23:59 and 00:01 in Beijing, on either side of the month boundary
LAST_MINUTE_OF_NOVEMBER = dt.datetime(2026, 11, 30, 15, 59, tzinfo=dt.UTC)
FIRST_MINUTE_OF_DECEMBER = dt.datetime(2026, 11, 30, 16, 1, tzinfo=dt.UTC)


def _vehicle(services: Services, actor: Actor, plate: str = "京A12345") -> str:
    view = services.customers.create(actor, CustomerInput(name="王小明"), VehicleInput(plate=plate))
    return view.vehicles[0].id


def test_serial_restarts_with_the_branch_local_month(services: Services, advisor: Actor) -> None:
    vehicle_id = _vehicle(services, advisor)
    numbers = []
    for moment in (LAST_MINUTE_OF_NOVEMBER, LAST_MINUTE_OF_NOVEMBER, FIRST_MINUTE_OF_DECEMBER,
                   FIRST_MINUTE_OF_DECEMBER):
        with clock.freeze(moment):
            numbers.append(services.work_orders.open_order(
                advisor, vehicle_id, ReceptionInput(mileage_in=100), confirm_second=True).number)
    assert numbers == ["BJ01-WO-2611-0001", "BJ01-WO-2611-0002",
                       "BJ01-WO-2612-0001", "BJ01-WO-2612-0002"]
    # an order received (back-dated) in November continues November's serial
    with clock.freeze(FIRST_MINUTE_OF_DECEMBER):
        late_entry = services.work_orders.open_order(
            advisor, vehicle_id, ReceptionInput(mileage_in=100, received_at=LAST_MINUTE_OF_NOVEMBER),
            confirm_second=True)
    assert late_entry.number == "BJ01-WO-2611-0003"


def test_complaints_reuse_the_sequence_with_their_own_kind(ctx: AppContext) -> None:
    with ctx.db.unit_of_work() as session:
        branch = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
        assert branch is not None
        first = allocate_number(session, branch.id, branch.code, "TS", dt.date(2026, 11, 3))
        second = allocate_number(session, branch.id, branch.code, "TS", dt.date(2026, 11, 28))
        work_order = allocate_number(session, branch.id, branch.code, "WO", dt.date(2026, 11, 28))
    assert (first, second, work_order) == ("BJ01-TS-2611-001", "BJ01-TS-2611-002", "BJ01-WO-2611-0001")


def test_failed_save_does_not_consume_a_number(services: Services, advisor: Actor) -> None:
    vehicle_id = _vehicle(services, advisor)
    services.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=100))
    with pytest.raises(NotFound):  # refused after the number was drawn: all rolls back
        services.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=100),
                                        confirm_second=True, rework_of="BJ01-WO-2611-9999")
    third = services.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=100),
                                            confirm_second=True)
    assert third.number.endswith("-0002")


def _in_threads(worker, count: int = 2) -> list[BaseException]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            worker(index)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def test_two_sessions_on_one_file_never_share_a_number(ctx: AppContext, data_dir: Path) -> None:
    """Two Database objects (two engines, as on two PCs) allocate from one SQLite file."""
    per_thread = 60
    results: dict[int, list[str]] = {0: [], 1: []}

    def worker(index: int) -> None:
        db = same_database(ctx)
        try:
            for _ in range(per_thread):
                with db.unit_of_work() as session:
                    branch = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
                    assert branch is not None
                    results[index].append(
                        allocate_number(session, branch.id, branch.code, "WO", dt.date(2026, 11, 1)))
        finally:
            db.close()

    assert _in_threads(worker) == []
    numbers = results[0] + results[1]
    assert len(numbers) == len(set(numbers)) == 2 * per_thread
    assert sorted(numbers) == [f"BJ01-WO-2611-{n:04d}" for n in range(1, 2 * per_thread + 1)]
    with ctx.db.unit_of_work() as session:
        sequence = session.scalar(select(NumberSequence).where(NumberSequence.kind == "WO"))
        assert sequence is not None and sequence.last_serial == 2 * per_thread


def test_two_counters_opening_orders_concurrently(ctx: AppContext, data_dir: Path,
                                                  advisor: Actor) -> None:
    """The whole reception use case, from two service registries on one file."""
    vehicle_ids = [_vehicle(ctx.services, advisor, "京A11111"), _vehicle(ctx.services, advisor, "京A22222")]
    per_thread = 15
    numbers: list[str] = []

    def worker(index: int) -> None:
        db = same_database(ctx)
        try:
            service = Services(db.unit_of_work).work_orders
            for _ in range(per_thread):
                view = service.open_order(advisor, vehicle_ids[index], ReceptionInput(mileage_in=10),
                                          confirm_second=True)
                numbers.append(view.number)
        finally:
            db.close()

    assert _in_threads(worker) == []
    assert len(numbers) == len(set(numbers)) == 2 * per_thread
    assert ctx.services.work_orders.count_orders(advisor) == 2 * per_thread
