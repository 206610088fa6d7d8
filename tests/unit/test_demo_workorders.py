"""Demo work-order history: every state, rework, exact totals, numbering that continues."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app.context import AppContext
from domain import clock
from domain.demo_workorders import DemoVehicle, plan_visits
from domain.errors import Conflict
from domain.model import (
    Job,
    NumberSequence,
    Payment,
    QualityCheck,
    Staff,
    TimeEntry,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from domain.roles import Actor, Role
from domain.services.demo import DEMO_STAFF, DemoSummary
from domain.services.registry import Services
from domain.services.workorder_views import order_totals
from domain.services.workorders import ReceptionInput
from domain.workorder_rules import WOState, parse_number, period_key

# Mid-month, mid-day: the last days' open orders fall in the same numbering period as "now".
NOW = dt.datetime(2026, 11, 18, 6, 30, tzinfo=dt.UTC)  # 14:30 in Beijing


@pytest.fixture
def frozen() -> Iterator[None]:
    with clock.freeze(NOW):
        yield


@pytest.fixture
def demo(ctx: AppContext, services: Services, frozen: None) -> DemoSummary:
    return services.demo.load(Actor.system(), customers=200)


def _orders(ctx: AppContext) -> list[WorkOrder]:
    with ctx.db.unit_of_work() as session:
        return list(session.scalars(select(WorkOrder).order_by(WorkOrder.received_at)))


def test_default_demo_has_every_state(ctx: AppContext, services: Services, frozen: None) -> None:
    summary = services.demo.load(Actor.system(), customers=200)
    assert summary.vehicles == 240 and 250 <= summary.work_orders <= 400
    orders = _orders(ctx)
    assert len(orders) == summary.work_orders
    states = {o.state for o in orders}
    assert states == {s.value for s in WOState}
    assert sum(o.state == WOState.DELIVERED for o in orders) > len(orders) * 0.7
    assert all(o.cancel_reason for o in orders if o.state == WOState.CANCELLED)
    assert {o.service_class for o in orders} == {"A", "B", "C", "D"}
    assert {"customer", "insurance", "warranty", "contract", "internal"} <= {o.payer for o in orders}


def test_rework_points_at_a_delivered_order_of_the_same_vehicle_within_30_days(
        ctx: AppContext, demo: DemoSummary) -> None:
    orders = _orders(ctx)
    by_id = {o.id: o for o in orders}
    reworks = [o for o in orders if o.rework_of_id]
    assert reworks
    for order in reworks:
        original = by_id[order.rework_of_id]  # type: ignore[index]
        assert original.vehicle_id == order.vehicle_id
        assert original.state == WOState.DELIVERED and original.delivered_at is not None
        assert dt.timedelta(0) < order.received_at - original.delivered_at <= dt.timedelta(days=30)


def test_stored_totals_equal_the_rules(ctx: AppContext, demo: DemoSummary) -> None:
    with ctx.db.unit_of_work() as session:
        orders = list(session.scalars(select(WorkOrder)))
        assert any(o.order_discount_fen for o in orders)
        assert any(o.customer_fen < o.total_fen for o in orders)  # insurance / warranty shares
        for order in orders:
            totals = order_totals(session, order)
            assert (order.total_fen, order.customer_fen) == (totals.total_fen, totals.customer_fen)
            assert order.total_fen > 0


def test_history_is_consistent(ctx: AppContext, demo: DemoSummary) -> None:
    """Events for every transition ending at the state, jobs with time, QC, payments,
    delivery data, and an odometer that never runs backwards."""
    with ctx.db.unit_of_work() as session:
        orders = list(session.scalars(select(WorkOrder).order_by(WorkOrder.received_at)))
        events: dict[str, list[WorkOrderEvent]] = defaultdict(list)
        for event in session.scalars(select(WorkOrderEvent).order_by(WorkOrderEvent.seq)):
            events[event.work_order_id].append(event)
        paid: dict[str, int] = defaultdict(int)
        for payment in session.scalars(select(Payment)):
            paid[payment.work_order_id] += payment.amount_fen
        final_passed = set(session.scalars(select(QualityCheck.work_order_id).where(
            QualityCheck.level == "final", QualityCheck.passed.is_(True))))
        timed = set(session.scalars(select(Job.work_order_id).join(TimeEntry, TimeEntry.job_id == Job.id)))
        mileage = {v.id: v.mileage_km for v in session.scalars(select(Vehicle))}
        now = clock.now()
        last_out: dict[str, int] = {}
        for order in orders:
            timeline = events[order.id]
            assert timeline[0].action == "create" and timeline[0].from_state == ""
            assert timeline[-1].to_state == order.state
            assert all(a.to_state == b.from_state for a, b in zip(timeline, timeline[1:], strict=False))
            assert all(e.actor_id and e.actor_name for e in timeline)
            assert all(order.received_at <= e.at <= now for e in timeline)
            assert [e.at for e in timeline] == sorted(e.at for e in timeline)
            step = WOState(order.state)
            if step in (WOState.READY, WOState.SETTLED, WOState.DELIVERED):
                assert order.id in final_passed and order.id in timed
            if step in (WOState.SETTLED, WOState.DELIVERED):
                assert paid[order.id] == order.customer_fen and order.settled_at is not None
            else:
                assert order.id not in paid
            if step is WOState.DELIVERED:
                assert order.delivered_at is not None and order.mileage_out is not None
                assert order.mileage_out >= order.mileage_in
            assert order.mileage_in >= last_out.get(order.vehicle_id, 0)
            assert (order.mileage_out or order.mileage_in) <= mileage[order.vehicle_id]
            last_out[order.vehicle_id] = order.mileage_out or order.mileage_in
        waiting = [o for o in orders if o.state == WOState.WAITING_PARTS]
        assert session.scalar(select(func.count()).select_from(Job).where(
            Job.work_order_id.in_([o.id for o in waiting]), Job.state == "waiting_parts",
            Job.wait_reason != ""))


def test_numbers_unique_and_the_counter_continues_the_serial(
        ctx: AppContext, services: Services, demo: DemoSummary, frozen: None) -> None:
    orders = _orders(ctx)
    numbers = [o.number for o in orders]
    assert len(set(numbers)) == len(numbers)
    serials: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        parsed = parse_number(number)
        assert parsed is not None and parsed[:2] == ("BJ01", "WO")
        serials[parsed[2]].append(parsed[3])
    for period, used in serials.items():  # serials per month run 1, 2, 3 … in reception order
        assert sorted(used) == list(range(1, len(used) + 1)), period
    key = period_key(clock.today())
    assert serials[key]  # the last days' orders are numbered in this month

    assert demo.password is not None
    advisor = services.staff.login("demo_advisor1", demo.password)
    with ctx.db.unit_of_work() as session:
        sequence = session.scalar(select(NumberSequence).where(
            NumberSequence.period == key, NumberSequence.kind == "WO"))  # complaints count apart
        assert sequence is not None and sequence.last_serial == max(serials[key])
        busy = set(session.scalars(select(WorkOrder.vehicle_id)))
        vehicle = session.scalar(select(Vehicle).where(Vehicle.id.not_in(busy)).limit(1))
        assert vehicle is not None
    view = services.work_orders.open_order(advisor, vehicle.id,
                                           ReceptionInput(mileage_in=vehicle.mileage_km or 0))
    assert view.number == f"BJ01-WO-{key}-{max(serials[key]) + 1:04d}"
    assert view.number not in numbers

    # the counter's order is a real record: a further demo load is refused (issue 23 item 7)
    with pytest.raises(Conflict) as refused:
        services.demo.load(Actor.system(), customers=20)
    assert refused.value.code == "demo.real_records" and refused.value.params["count"] == 1


def test_a_second_load_continues_the_serial_and_reuses_the_staff(
        ctx: AppContext, services: Services, demo: DemoSummary, frozen: None) -> None:
    again = services.demo.load(Actor.system(), customers=20)
    assert again.staff_created == 0 and again.work_orders > 0 and again.password is None
    after = [o.number for o in _orders(ctx)]
    assert len(set(after)) == len(after)


def test_demo_staff_can_log_in_and_are_not_duplicated(ctx: AppContext, services: Services,
                                                      demo: DemoSummary) -> None:
    assert demo.staff_created == len(DEMO_STAFF)
    roles = set()
    for username, name, role in DEMO_STAFF:
        assert demo.password is not None
        actor = services.staff.login(username, demo.password)
        assert actor.display_name == name and actor.role is role
        roles.add(role)
    assert {Role.ADVISOR, Role.TECHNICIAN, Role.FOREMAN, Role.QC_INSPECTOR, Role.CASHIER,
            Role.CARE_CLERK, Role.MANAGER} <= roles
    with ctx.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Staff)
                              .where(Staff.username.like("demo\\_%", escape="\\"))) == len(DEMO_STAFF)


def test_existing_username_is_reused(services: Services, admin: Actor, frozen: None) -> None:
    services.staff.create(admin, username="demo_cashier", display_name="自己的收银员",
                          role=Role.CASHIER, password="mine1234-Qz7k")
    summary = services.demo.load(Actor.system(), customers=30)
    assert summary.staff_created == len(DEMO_STAFF) - 1
    assert services.staff.login("demo_cashier", "mine1234-Qz7k").display_name == "自己的收银员"


def test_work_order_count_option(ctx: AppContext, services: Services, frozen: None) -> None:
    assert services.demo.load(Actor.system(), customers=10, work_orders=0).work_orders == 0
    assert _orders(ctx) == []
    summary = services.demo.load(Actor.system(), customers=50, work_orders=400)
    assert 370 <= summary.work_orders <= 400  # a few visits do not fit before "now"
    assert len(_orders(ctx)) == summary.work_orders


def test_planner_is_deterministic_and_forces_every_state() -> None:
    zone = clock.branch_zone("Asia/Shanghai")
    vehicles = [DemoVehicle(f"v{i}", f"c{i}", "张三", False, "大众", "朗逸", dt.date(2020, 1, 1),
                            60_000, None) for i in range(30)]
    first = plan_visits(vehicles, 60, seed=1, now=NOW, zone=zone)
    second = plan_visits(vehicles, 60, seed=1, now=NOW, zone=zone)
    assert [(p.vehicle.id, p.received_at, p.state) for p in first] == \
        [(p.vehicle.id, p.received_at, p.state) for p in second]
    assert {p.state for p in first} == {s.value for s in WOState}
    assert any(p.rework_of_id for p in first)
    assert [p.received_at for p in first] == sorted(p.received_at for p in first)
    latest: dict[str, dt.datetime] = {}
    for plan in first:  # an open order is always the vehicle's last visit
        assert plan.received_at > latest.get(plan.vehicle.id, dt.datetime.min.replace(tzinfo=dt.UTC))
        latest[plan.vehicle.id] = plan.end_at


def test_demo_adds_complaints_in_every_state_once(services, admin) -> None:  # type: ignore[no-untyped-def]
    """The first load brings complaint slips (every state, one reopened); a second does not."""
    first = services.demo.load(admin, customers=30)
    assert first.complaints > 0
    states = {row.state for row in services.complaints.list_slips(admin, open_only=False, limit=1000)}
    assert {"registered", "closed", "not_accepted"} <= states
    second = services.demo.load(admin, customers=5)
    assert second.complaints == 0
