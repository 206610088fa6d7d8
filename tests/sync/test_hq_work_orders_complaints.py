"""HQ's consolidated work orders and complaint slips (issue 6 item 6): two branches' real
bundles imported, listed together with their branch, filtered, counted and paged.

Reception/intake days are each branch's own calendar days (SH01 keeps Urumqi time), "late"
is the branch board's rule, and the keyset pages cover every row exactly once. The list
queries read the indexes migration 0010 adds (checked on the statements actually run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from domain import clock
from domain.errors import NotFound, ValidationError
from domain.roles import Actor, Role
from domain.services.care_hq import FollowUpFilter
from tests.conftest import make_actor
from tests.sync.helpers import PASSWORD, Side
from tests.sync.hq_lists import DAY, NIGHT, ListWorld, build_lists


@pytest.fixture
def world(hq: Side, bj: Side, sh: Side, tmp_path: Path) -> ListWorld:
    return build_lists(hq, bj, sh, tmp_path)


def _manager(hq: Side) -> Actor:
    services = hq.ctx.services
    return make_actor(services, services.staff.login("admin", PASSWORD), Role.MANAGER, "hq_boss")


def test_work_orders_of_both_branches_with_their_branch(hq: Side, bj: Side, sh: Side, world: ListWorld) -> None:
    manager = _manager(hq)
    wo = hq.ctx.services.work_orders
    with clock.freeze(NIGHT):
        rows = wo.list_orders(manager, limit=100)
        assert wo.count_orders(manager) == len(rows) == 3
    assert {r.number: r.branch_code for r in rows} == world.orders
    assert {r.branch_code: (r.branch_name, r.branch_timezone) for r in rows} == {
        "BJ01": ("BJ01 店", "Asia/Shanghai"), "SH01": ("SH01 店", "Asia/Urumqi")}
    # the branches' own rows, field by field (a branch sees its own orders under its own code)
    with clock.freeze(NIGHT):
        own = {r.number: r for side in (bj, sh) for r in side.ctx.services.work_orders.list_orders(Actor.system())}
    for row in rows:
        mine = own[row.number]
        assert (row.id, row.state, row.received_at, row.promised_at, row.plate, row.customer_name, row.late,
                row.branch_code) == (mine.id, mine.state, mine.received_at, mine.promised_at, mine.plate,
                                     mine.customer_name, mine.late, mine.branch_code)
    assert [r.received_at for r in rows] == sorted((r.received_at for r in rows), reverse=True)


def test_work_order_filters_by_branch_state_branch_day_and_late(hq: Side, world: ListWorld) -> None:
    manager = _manager(hq)
    wo = hq.ctx.services.work_orders

    def numbers(**wanted: Any) -> set[str]:
        found = {r.number for r in wo.list_orders(manager, limit=100, **wanted)}
        assert wo.count_orders(manager, **wanted) == len(found)
        return found

    with clock.freeze(NIGHT):
        assert numbers(branch_code="sh01") == {world.sh_order}
        assert numbers(branch_code="BJ01") == {world.late_order, world.delivered_order}
        assert numbers(branch_code="GZ01") == set()  # not imported: nothing, as the CLI prints
        assert numbers(open_only=True) == {world.late_order, world.sh_order}
        assert numbers(state="delivered") == {world.delivered_order}
        assert numbers(late_only=True) == {world.late_order}
        assert [r.late for r in wo.list_orders(manager, late_only=True)] == [True]
        # 11-12 in each branch's calendar: SH01's 22:10 in Urumqi counts (00:10 on 11-13 in Beijing)
        assert numbers(received_since=DAY, received_until=DAY) == {world.late_order, world.sh_order}
        assert numbers(received_since=DAY + dt.timedelta(days=1)) == set()
        assert numbers(received_until=DAY - dt.timedelta(days=1)) == {world.delivered_order}
        assert numbers(branch_code="SH01", received_since=DAY, received_until=DAY, open_only=True) == {
            world.sh_order}
        with pytest.raises(ValidationError):
            wo.list_orders(manager, received_since=DAY, received_until=DAY - dt.timedelta(days=1))
    with clock.freeze(NIGHT - dt.timedelta(days=1)):  # before the promised time: not late yet
        assert numbers(late_only=True) == set()


def test_work_order_keyset_pages_cover_every_row_once(hq: Side, world: ListWorld) -> None:
    manager = _manager(hq)
    wo = hq.ctx.services.work_orders
    with clock.freeze(NIGHT):
        whole = [r.id for r in wo.list_orders(manager, limit=100)]
        keyset: list[str] = []
        last = None
        while page := wo.list_orders(manager, limit=1, after=last):
            keyset.append(page[0].id)
            last = page[0]
        bj_first = wo.list_orders(manager, branch_code="BJ01", limit=1)
        bj_rest = wo.list_orders(manager, branch_code="BJ01", limit=10, after=bj_first[0])
    assert keyset == whole and len(set(whole)) == 3
    assert [r.number for r in bj_first + bj_rest] == [world.late_order, world.delivered_order]


def test_complaints_of_both_branches_filtered_and_paged(hq: Side, sh: Side, world: ListWorld) -> None:
    manager = _manager(hq)
    c = hq.ctx.services.complaints

    def numbers(**wanted: Any) -> list[str]:
        found = [r.number for r in c.list_slips(manager, limit=100, **wanted)]
        assert c.count_slips(manager, **wanted) == len(found)
        return found

    with clock.freeze(NIGHT):
        rows = c.list_slips(manager, limit=100)
        assert {r.number: r.branch_code for r in rows} == world.slips
        assert [r.number for r in rows] == [world.sh_slip, world.major_slip]  # newest intake first
        by_number = {r.number: r for r in rows}
        assert by_number[world.sh_slip].branch_timezone == "Asia/Urumqi"
        own = sh.ctx.services.complaints.list_slips(Actor.system())[0]
        mine = by_number[own.number]
        assert (mine.id, mine.state, mine.severity, mine.received_at, mine.next_deadline_at) == (
            own.id, own.state, own.severity, own.received_at, own.next_deadline_at)
        assert numbers(branch_code="SH01") == [world.sh_slip]
        assert numbers(severity="major") == [world.major_slip]
        assert numbers(overdue_only=True) == [world.major_slip]
        assert by_number[world.major_slip].overdue and not by_number[world.sh_slip].overdue
        assert numbers(open_only=True) == [world.sh_slip, world.major_slip]
        assert numbers(received_since=DAY, received_until=DAY) == [world.sh_slip]  # Urumqi's 11-12
        assert numbers(received_since=DAY + dt.timedelta(days=1)) == []
        assert numbers(branch_code="BJ01", severity="general") == []
        first = c.list_slips(manager, limit=1)
        rest = c.list_slips(manager, limit=1, after=first[0])
        assert [r.number for r in first + rest] == [world.sh_slip, world.major_slip]
        assert c.list_slips(manager, limit=1, after=rest[0]) == []
        with pytest.raises(ValidationError):
            c.list_slips(manager, severity="huge")
        with pytest.raises(ValidationError):
            c.count_slips(manager, received_since=DAY, received_until=DAY - dt.timedelta(days=1))


def test_forms_print_under_the_branch_letterhead(hq: Side, world: ListWorld) -> None:
    branches = hq.ctx.services.branches
    sh = branches.by_code("sh01")
    assert (sh.code, sh.name, sh.timezone) == ("SH01", "SH01 店", "Asia/Urumqi")
    with pytest.raises(NotFound) as unknown:
        branches.by_code("GZ01")
    assert "GZ01" in unknown.value.message()


@contextmanager
def _statements(side: Side) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(side.ctx.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(side.ctx.db.engine, "before_cursor_execute", record)


def _plan(side: Side, run: Callable[[], object], table: str) -> str:
    """The query plan of the first SELECT ``run`` sends that reads ``table`` by its rows."""
    with _statements(side) as seen:
        run()
    statement, parameters = next((s, p) for s, p in seen if s.lstrip().upper().startswith("SELECT")
                                 and f"FROM {table}" in s and "count(" not in s.lower())
    with side.ctx.db.engine.connect() as conn:
        return " | ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                                                       parameters))


def test_the_lists_read_migration_0010s_indexes(hq: Side, world: ListWorld) -> None:
    manager = _manager(hq)
    services = hq.ctx.services
    with hq.ctx.db.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='index'"))}
    assert {"ix_work_orders_branch_received", "ix_complaint_slips_branch_received",
            "ix_follow_up_tasks_due_on_created"} <= names
    with clock.freeze(NIGHT):
        orders = _plan(hq, lambda: services.work_orders.list_orders(manager, branch_code="BJ01"), "work_orders")
        slips = _plan(hq, lambda: services.complaints.list_slips(manager, branch_code="SH01"), "complaint_slips")
        tasks = _plan(hq, lambda: services.care_hq.list_follow_ups(manager, FollowUpFilter()), "follow_up_tasks")
    assert "ix_work_orders_branch_received" in orders, orders
    assert "ix_complaint_slips_branch_received" in slips, slips
    assert "ix_follow_up_tasks_due_on_created" in tasks, tasks
    # a later page seeks into the index instead of walking it from the top
    with clock.freeze(NIGHT):
        first_order = services.work_orders.list_orders(manager, limit=1)[0]
        first_task = services.care_hq.list_follow_ups(manager, limit=1)[0]
        later_orders = _plan(hq, lambda: services.work_orders.list_orders(manager, after=first_order), "work_orders")
        later_tasks = _plan(hq, lambda: services.care_hq.list_follow_ups(manager, after=first_task),
                            "follow_up_tasks")
    assert "received_at<" in later_orders.replace(" ", ""), later_orders
    assert "ix_follow_up_tasks_due_on_created(due_on<" in later_tasks.replace(" ", ""), later_tasks
