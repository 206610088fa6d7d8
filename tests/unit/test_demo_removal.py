"""清除演示数据 (issue 23 item 7: "系统设置 offers 清除演示数据 before a shop goes live").

Both backends: load demo, add real records, remove demo → only the real rows remain, the
audit trail and the outbox record the deletes, ``check`` is clean; a real row pointing at a
demo row refuses the removal with the count and changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from app.context import AppContext
from domain.errors import Conflict, NotAllowed
from domain.model import (
    AuditEntry,
    ComplaintSlip,
    Customer,
    FollowUpTask,
    NumberSequence,
    OutboxEntry,
    ServiceContract,
    Staff,
    Vehicle,
    WorkOrderEvent,
)
from domain.orm import Base
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.demo import DEMO_STAFF
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput
from storage.integrity import integrity_problems
from tests.conftest import make_actor


def _count(ctx: AppContext, model: type[Base], *where: object) -> int:
    with ctx.db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def _demo_customer(ctx: AppContext) -> tuple[str, str]:
    with ctx.db.unit_of_work() as session:
        row = session.execute(select(Vehicle.owner_id, Vehicle.id).order_by(Vehicle.id).limit(1)).one()
        return str(row[0]), str(row[1])


def _all_rows(ctx: AppContext) -> dict[str, int]:
    """Rows per table, bookkeeping tables left out (the trail, its chain and digests, and the outbox grow)."""
    skip = {"audit_entries", "audit_chain_heads", "audit_row_digests", "sync_outbox", "number_sequences",
            "kpi_facts_cache"}
    with ctx.db.unit_of_work() as session:
        return {t.name: int(session.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables if t.name not in skip}


def test_removal_leaves_only_the_real_rows(ctx: AppContext, services: Services, admin: Actor) -> None:
    before = _all_rows(ctx)  # the initialised branch: admin, branch, settings…
    loaded = services.demo.load(admin, 12, work_orders=30)
    assert loaded.complaints > 0 and loaded.staff_created == len(DEMO_STAFF)
    advisor = make_actor(services, admin, Role.ADVISOR, "advisor1")  # a real account, kept
    real = services.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                     VehicleInput(plate="京A12345", vin="1HGCM82633A004352"))
    order = services.work_orders.open_order(advisor, real.vehicles[0].id,
                                            ReceptionInput(mileage_in=1_000, customer_words="保养"))
    # practice on demo records goes with them: a contract on a demo customer, a complaint on it
    customer_id, vehicle_id = _demo_customer(ctx)
    services.care.record_contract(advisor, customer_id, "HT-001", dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    services.complaints.register(advisor, ComplaintInput(channel="phone", category="attitude",
                                                         customer_words="练习", customer_id=customer_id,
                                                         vehicle_id=vehicle_id))
    plan = services.demo_removal.preview(admin)
    assert plan.blockers == {}
    assert plan.count("customers") == loaded.customers and plan.count("vehicles") == loaded.vehicles
    assert plan.count("work_orders") == loaded.work_orders
    assert plan.count("complaint_slips") == loaded.complaints + 1
    assert plan.count("staff") == len(DEMO_STAFF) and plan.count("care_service_contracts") == 1
    assert any(line.startswith("工单 ") for line in plan.lines())
    assert _count(ctx, Customer) == loaded.customers + 1  # preview changed nothing

    done = services.demo_removal.remove(admin)
    assert done.rows == plan.rows
    after = _all_rows(ctx)
    expected = dict(before)
    for table in ("staff", "customers", "vehicles", "vehicle_ownerships", "work_orders"):
        expected[table] = before[table] + 1  # advisor1, 王小明, his car and its ownership, his order
    expected["wo_events"] = _count(ctx, WorkOrderEvent, WorkOrderEvent.work_order_id == order.id)
    expected["follow_up_tasks"] = _count(ctx, FollowUpTask, FollowUpTask.customer_id == real.id)  # 完善档案
    assert after == expected, {t: (before[t], after[t]) for t in after if after[t] != expected[t]}
    assert _count(ctx, Staff, Staff.username.like("demo\\_%", escape="\\")) == 0
    assert _count(ctx, ComplaintSlip) == 0 and _count(ctx, ServiceContract) == 0
    assert services.work_orders.get(advisor, order.id).number == order.number  # the real order is whole
    assert services.staff.login("advisor1", "pass1234-Lw9x").username == "advisor1"

    # audited: one summary entry per table, as every bulk path writes them, naming who did it
    with ctx.db.unit_of_work() as session:
        bulk = {e.table_name: e.row_count for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "bulk_delete"))}
        names = set(session.scalars(select(AuditEntry.staff_name).where(AuditEntry.action == "bulk_delete")))
        tombstones = session.scalar(select(func.count()).select_from(OutboxEntry)
                                    .where(OutboxEntry.op == "delete")) or 0
    assert bulk == done.rows
    assert names == {admin.display_name}
    assert tombstones >= 1  # the deletions travel as deletes (a branch never enrolled keeps the newest)
    assert integrity_problems(ctx.db.engine) == []  # what `dealerdesk check` runs


def test_counters_move_back_when_never_enrolled(ctx: AppContext, services: Services, admin: Actor) -> None:
    """"A shop going live wants its work-order numbers to start clean": a branch never
    enrolled with HQ gets its counters back to the highest number still in use."""
    services.demo.load(admin, 10, work_orders=25)
    assert services.demo_removal.preview(admin).resets_counters
    services.demo_removal.remove(admin)
    with ctx.db.unit_of_work() as session:
        assert set(session.scalars(select(NumberSequence.last_serial))) <= {0}
    advisor = make_actor(services, admin, Role.ADVISOR, "advisor1")
    real = services.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                     VehicleInput(plate="京A12345"))
    order = services.work_orders.open_order(advisor, real.vehicles[0].id,
                                            ReceptionInput(mileage_in=1_000, customer_words="保养"))
    assert order.number.endswith("-0001") or order.number.endswith("-001"), order.number
    assert integrity_problems(ctx.db.engine) == []


def test_a_real_order_on_a_demo_vehicle_refuses(ctx: AppContext, services: Services, admin: Actor) -> None:
    """"it refuses with a Chinese message when real records point at demo rows (e.g. a real
    work order on a demo vehicle), naming the count" — and changes nothing."""
    services.demo.load(admin, 6, work_orders=0)
    advisor = make_actor(services, admin, Role.ADVISOR, "advisor1")
    _customer_id, vehicle_id = _demo_customer(ctx)
    services.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=999_999, customer_words="异响"))
    before = _all_rows(ctx)
    plan = services.demo_removal.preview(admin)
    assert plan.blockers == {"work_orders": 1}
    with pytest.raises(Conflict) as refused:
        services.demo_removal.remove(admin)
    assert refused.value.code == "demo.remove_blocked" and refused.value.params["count"] == 1
    text_zh = refused.value.message()
    assert "1 条正式记录" in text_zh and "工单" in text_zh and "\n" not in text_zh
    assert _all_rows(ctx) == before


def test_a_real_record_naming_a_demo_technician_refuses(ctx: AppContext, services: Services,
                                                         admin: Actor) -> None:
    services.demo.load(admin, 4, work_orders=0)
    with ctx.db.unit_of_work() as session:
        tech = session.scalar(select(Staff.id).where(Staff.username == "demo_tech1"))
    advisor = make_actor(services, admin, Role.ADVISOR, "advisor1")
    services.complaints.register(advisor, ComplaintInput(channel="phone", category="attitude",
                                                         customer_words="真实投诉", customer_name="李四",
                                                         received_by_id=tech))
    assert services.demo_removal.preview(admin).blockers == {"complaint_slips": 1}
    with pytest.raises(Conflict):
        services.demo_removal.remove(admin)


def test_only_admin_or_owner_may_remove(ctx: AppContext, services: Services, admin: Actor) -> None:
    services.demo.load(admin, 2, work_orders=0)
    for role in (Role.MANAGER, Role.ADVISOR, Role.TECHNICIAN):
        actor = make_actor(services, admin, role)
        with pytest.raises(NotAllowed):
            services.demo_removal.remove(actor)
    owner = make_actor(services, admin, Role.OWNER)
    assert services.demo_removal.remove(owner).count("customers") == 2


def test_nothing_to_remove(ctx: AppContext, services: Services, admin: Actor) -> None:
    plan = services.demo_removal.remove(admin)
    assert plan.total == 0 and plan.blockers == {}
    with ctx.db.unit_of_work() as session:  # no temporary table left behind on the connection
        assert session.execute(text("SELECT 1")).scalar() == 1
    assert services.demo_removal.preview(admin).total == 0
