"""HQ's consolidated follow-ups (issue 6 item 6): two branches' tasks, imported, listed together.

The rows HQ lists are the branches' own rows (same ids, due dates, statuses), each named by
its branch; timing is judged on each branch's own calendar; mobiles are masked; the list
filters by branch, dates and status and pages without losing or repeating a row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from domain import clock
from domain.errors import NotAllowed, NotFound, ValidationError
from domain.roles import Actor, Role
from domain.services.care_hq import FollowUpFilter, HQFollowUpRow
from tests.conftest import make_actor
from tests.sync.helpers import PASSWORD, Side, make_branch
from tests.sync.hq_care import FILE_DUE, NIGHT, World, build
from tests.sync.test_postgres import pg_hq  # noqa: F401  (fixture)


@pytest.fixture
def world(hq: Side, bj: Side, sh: Side, tmp_path: Path) -> World:
    return build(hq, bj, sh, tmp_path)


def _manager(hq: Side) -> Actor:
    services = hq.ctx.services
    return make_actor(services, services.staff.login("admin", PASSWORD), Role.MANAGER, "hq_boss")


def _list(hq: Side, actor: Actor, **wanted: object) -> list[HQFollowUpRow]:
    return hq.ctx.services.care_hq.list_follow_ups(actor, FollowUpFilter(**wanted),  # type: ignore[arg-type]
                                                   limit=1000)


def test_hq_lists_both_branches_rows_with_their_branch(hq: Side, world: World) -> None:
    manager = _manager(hq)
    with clock.freeze(NIGHT):
        rows = _list(hq, manager)
    assert {r.id: r.branch_code for r in rows} == {
        **{i: "BJ01" for i in world.bj_tasks}, **{i: "SH01" for i in world.sh_tasks}}
    assert len(world.bj_tasks) == 2 and len(world.sh_tasks) == 2
    for row in rows:
        own = (world.bj_tasks | world.sh_tasks)[row.id]
        assert (row.kind, row.status, row.due_on, row.window_end, row.reason, row.closed_at) == \
            (own.kind, own.status, own.due_on, own.window_end, own.reason, own.closed_at)
    assert [r.due_on for r in rows] == sorted((r.due_on for r in rows), reverse=True)
    by_kind = {(r.branch_code, r.kind, r.customer_name): r for r in rows}
    call = by_kind[("BJ01", "first_call", "王小明")]
    assert (call.work_order_number, call.plate, call.branch_name) == (world.order_number, "京AD12345", "BJ01 店")
    assert call.mobile == "139****5678"  # HQ never phones a branch's customers
    assert all("****" in r.mobile for r in rows)
    sh_rows = [r for r in rows if r.branch_code == "SH01"]
    assert {r.branch_timezone for r in sh_rows} == {"Asia/Urumqi"}
    assert {r.customer_name: r.status for r in sh_rows} == {"李四": "open", "赵六": "done"}
    assert hq.ctx.services.care_hq.count_follow_ups(manager) == len(rows) == 4
    assert [(b.code, b.timezone) for b in hq.ctx.services.care_hq.branches(manager)] == [
        ("BJ01", "Asia/Shanghai"), ("SH01", "Asia/Urumqi")]


def test_timing_is_judged_on_each_branch_calendar(hq: Side, world: World) -> None:
    """Past midnight in Beijing, not yet in Urumqi: the same due day is overdue in one only."""
    manager = _manager(hq)
    with clock.freeze(NIGHT):
        rows = {(r.branch_code, r.customer_name): r for r in _list(hq, manager) if r.kind == "file_completion"}
        overdue = _list(hq, manager, overdue_only=True)
    assert rows[("BJ01", "王小明")].due_on == rows[("SH01", "李四")].due_on == FILE_DUE
    assert rows[("BJ01", "王小明")].timing == "overdue"
    assert rows[("SH01", "李四")].timing == "due"
    assert rows[("SH01", "赵六")].timing == "closed"
    assert [(r.branch_code, r.customer_name) for r in overdue] == [("BJ01", "王小明")]
    with clock.freeze(NIGHT + dt.timedelta(hours=3)):  # Urumqi has reached 11-13 too
        assert {r.branch_code for r in _list(hq, manager, overdue_only=True)} == {"BJ01", "SH01"}


def test_filters_by_branch_dates_and_status(hq: Side, world: World) -> None:
    manager = _manager(hq)
    with clock.freeze(NIGHT):
        assert {r.id for r in _list(hq, manager, branch_code="sh01")} == set(world.sh_tasks)
        assert {r.id for r in _list(hq, manager, branch_code="BJ01")} == set(world.bj_tasks)
        assert [r.customer_name for r in _list(hq, manager, status="done")] == ["赵六"]
        assert {r.kind for r in _list(hq, manager, until=FILE_DUE)} == {"file_completion"}
        later = _list(hq, manager, since=FILE_DUE + dt.timedelta(days=1))
        assert [(r.branch_code, r.kind) for r in later] == [("BJ01", "first_call")]
        assert hq.ctx.services.care_hq.count_follow_ups(
            manager, FollowUpFilter(branch_code="SH01", status="open")) == 1
        with pytest.raises(NotFound) as unknown:
            _list(hq, manager, branch_code="GZ01")
        assert "GZ01" in unknown.value.message()
        with pytest.raises(ValidationError):
            _list(hq, manager, status="lost")
        with pytest.raises(ValidationError):
            _list(hq, manager, since=FILE_DUE, until=FILE_DUE - dt.timedelta(days=1))


def test_pages_cover_every_row_once(hq: Side, world: World) -> None:
    manager = _manager(hq)
    care_hq = hq.ctx.services.care_hq
    with clock.freeze(NIGHT):
        whole = [r.id for r in care_hq.list_follow_ups(manager, limit=100)]
        paged = [r.id for offset in range(0, 5) for r in care_hq.list_follow_ups(manager, offset=offset, limit=1)]
        keyset: list[str] = []
        last: HQFollowUpRow | None = None
        while page := care_hq.list_follow_ups(manager, limit=1, after=last):
            keyset.append(page[0].id)
            last = page[0]
        sh_only = FollowUpFilter(branch_code="SH01")
        first = care_hq.list_follow_ups(manager, sh_only, limit=1)
        rest = care_hq.list_follow_ups(manager, sh_only, limit=10, after=first[0])
    assert paged == whole == keyset and len(set(whole)) == 4
    assert [r.id for r in first + rest] == [r.id for r in _list(hq, manager, branch_code="SH01")]
    assert len(rest) == 1 and rest[0].branch_code == "SH01"


def test_roles_that_do_not_see_follow_ups_are_refused(hq: Side, world: World) -> None:
    services = hq.ctx.services
    admin = services.staff.login("admin", PASSWORD)
    technician = make_actor(services, admin, Role.TECHNICIAN, "hq_tech")
    clerk = make_actor(services, admin, Role.CARE_CLERK, "hq_care")
    for actor in (admin, technician):
        with pytest.raises(NotAllowed):
            services.care_hq.list_follow_ups(actor)
        with pytest.raises(NotAllowed):
            services.care_hq.branches(actor)
    assert len(services.care_hq.list_follow_ups(clerk)) == 4


def test_the_same_list_on_a_postgresql_hq(pg_hq: Side, template: Path, tmp_path: Path) -> None:  # noqa: F811
    """HQ on PostgreSQL: the branch lookups, the per-branch overdue and the keyset paging."""
    bj = make_branch(template, tmp_path / "bj", "BJ01", pg_hq)
    sh = make_branch(template, tmp_path / "sh", "SH01", pg_hq)
    try:
        world = build(pg_hq, bj, sh, tmp_path)
        manager = _manager(pg_hq)
        care_hq = pg_hq.ctx.services.care_hq
        with clock.freeze(NIGHT):
            rows = _list(pg_hq, manager)
            assert {r.id: r.branch_code for r in rows} == {
                **{i: "BJ01" for i in world.bj_tasks}, **{i: "SH01" for i in world.sh_tasks}}
            assert {r.id for r in _list(pg_hq, manager, branch_code="SH01")} == set(world.sh_tasks)
            overdue = _list(pg_hq, manager, overdue_only=True)
            assert [(r.branch_code, r.customer_name) for r in overdue] == [("BJ01", "王小明")]
            keyset, last = [], None
            while page := care_hq.list_follow_ups(manager, limit=1, after=last):
                keyset.append(page[0].id)
                last = page[0]
            assert keyset == [r.id for r in rows]
            assert care_hq.count_follow_ups(manager, FollowUpFilter(status="open")) == 3
    finally:
        sh.close()
        bj.close()
