"""HQ's stored per-branch KPI facts (``storage.kpi_cache``): equal to counting afresh, dropped
for exactly the branches an import touches, recomputed after the import, kept over a restart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from app.context import AppContext
from domain import clock
from domain.model import Branch, Staff, WorkOrder
from domain.model.workorder import LabourLine, TimeEntry
from domain.roles import Actor
from domain.services.kpi import month_window
from storage import kpi_cache
from storage.kpi_queries import SqlKpiQueries, unwarmed, warm_window
from tests.kpi_orders import settled_order
from tests.sync.helpers import Side

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2025, 4, 10, 2, 0, tzinfo=dt.UTC)  # April: March is the previous month


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.freeze(NOW):
        yield


def at(m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(2025, m, d, h, tzinfo=TZ)


def order(side: Side, number: str, total: int, settled: dt.datetime, payer: str = "customer",
          hours_centi: int = 0) -> None:
    """A settled and delivered order of the side's own branch (captured for export)."""
    settled_order(side.ctx.services, number, total, settled, payer, hours_centi)


@contextmanager
def counting() -> Iterator[list[Any]]:
    """The windows whose closed-month facts are counted from the tables (not read from the store)
    inside the block."""
    counted: list[Any] = []
    original = SqlKpiQueries._facts_by_branch

    def spy(self: SqlKpiQueries, session: Any, window: Any, parts: str = "all") -> Any:
        if parts != "live":
            counted.append(window)
        return original(self, session, window, parts)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SqlKpiQueries, "_facts_by_branch", spy)
        yield counted


def send(branch: Side, hq: Side, tmp_path: Path, name: str) -> None:
    made = branch.sync.export_bundle(tmp_path / f"{name}.ddsync")
    [result] = hq.sync.import_bundles([made.path])
    assert result.status == "applied", result.message


def branch_id(side: Side, code: str) -> str:
    with side.ctx.services.uow() as session:
        found = session.scalar(select(Branch.id).where(Branch.code == code))
        assert found is not None
        return found


def march(hq: Side, ids: tuple[str, ...] | None = None) -> Any:
    return month_window(2025, 3, "Asia/Shanghai", ids)


@pytest.fixture
def loaded(hq: Side, bj: Side, sh: Side, tmp_path: Path) -> tuple[Side, Side, Side]:
    # BJ01: March 1,000.00 + 2,500.00 (insurance, 1.5 h sold); February 700.00
    order(bj, "BJ01-WO-00001", 100_000, at(3, 5))
    order(bj, "BJ01-WO-00002", 250_000, at(3, 20), payer="insurance", hours_centi=150)
    order(bj, "BJ01-WO-00003", 70_000, at(2, 11))
    # SH01: March 4,000.00
    order(sh, "SH01-WO-00001", 400_000, at(3, 31, 20))
    send(bj, hq, tmp_path, "bj1")
    send(sh, hq, tmp_path, "sh1")
    return hq, bj, sh


def test_stored_facts_equal_counting_afresh_by_hand(loaded: tuple[Side, Side, Side]) -> None:
    hq, _, _ = loaded
    actor = Actor.system()
    queries = hq.ctx.services.kpi_queries
    assert isinstance(queries, SqlKpiQueries)
    bj_id, sh_id = branch_id(hq, "BJ01"), branch_id(hq, "SH01")

    every = hq.ctx.services.kpi.monthly(actor, "2025-03", "all")
    assert every.current.revenue_fen == 750_000  # 1,000 + 2,500 + 4,000 yuan, worked by hand
    assert every.current.facts.settled_orders == 3
    assert every.current.facts.insurance_revenue_fen == 250_000
    assert every.current.facts.sold_hours_centi == 150
    assert every.current.facts.sold_clocked_seconds == 5_400
    assert every.previous.revenue_fen == 70_000
    one = hq.ctx.services.kpi.monthly(actor, "2025-03", ["BJ01"])
    assert one.current.revenue_fen == 350_000
    assert one.previous.revenue_fen == 70_000
    assert hq.ctx.services.kpi.monthly(actor, "2025-03", ["SH01"]).current.revenue_fen == 400_000

    with hq.ctx.services.uow() as session:
        assert {(bj_id, march(hq).start), (sh_id, march(hq).start)} <= kpi_cache.stored_keys(session)
        for ids in (None, (bj_id,), (sh_id,)):
            window = march(hq, ids)
            afresh = SqlKpiQueries()._facts_by_branch(session, window)
            assert SqlKpiQueries().facts_by_branch(session, window) == afresh  # read from the store
            assert SqlKpiQueries().month_facts(session, window) == queries.month_facts(session, window)
        assert set(SqlKpiQueries().facts_by_branch(session, march(hq))) == {bj_id, sh_id}


def test_one_branch_without_grouping_counts_what_grouping_counts(loaded: tuple[Side, Side, Side]) -> None:
    """One branch is counted without GROUP BY (``_per_branch``); it must give that branch's
    grouped figures, and nothing at all for a branch without a row in the period."""
    hq, _, _ = loaded
    bj_id, sh_id = branch_id(hq, "BJ01"), branch_id(hq, "SH01")
    with hq.ctx.services.uow() as session:
        for month in (2, 3):
            grouped = SqlKpiQueries()._facts_by_branch(session, month_window(2025, month, "Asia/Shanghai",
                                                                              (bj_id, sh_id)))
            for one in (bj_id, sh_id):
                alone = SqlKpiQueries()._facts_by_branch(session, month_window(2025, month, "Asia/Shanghai", (one,)))
                assert alone == ({one: grouped[one]} if one in grouped else {})
        assert sh_id not in SqlKpiQueries()._facts_by_branch(session, month_window(2025, 2, "Asia/Shanghai",
                                                                                    (sh_id,)))


def test_an_import_from_one_branch_drops_only_its_facts(loaded: tuple[Side, Side, Side], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    hq, bj, _ = loaded
    monkeypatch.setattr("sync.service.warm_branches", lambda session, ids: None)
    actor = Actor.system()
    hq.ctx.services.kpi.monthly(actor, "2025-03", "all")
    bj_id, sh_id = branch_id(hq, "BJ01"), branch_id(hq, "SH01")
    with hq.ctx.services.uow() as session:
        before = kpi_cache.stored_keys(session)
    assert {b for b, _ in before} == {bj_id, sh_id, branch_id(hq, "HQ")}

    order(bj, "BJ01-WO-00004", 30_000, at(3, 25))
    send(bj, hq, tmp_path, "bj2")
    with hq.ctx.services.uow() as session:
        after = kpi_cache.stored_keys(session)
    assert after == {(b, s) for b, s in before if b != bj_id}  # SH01's and HQ's rows untouched
    assert hq.ctx.services.kpi.monthly(actor, "2025-03", "all").current.revenue_fen == 780_000


def test_rows_naming_another_branch_drop_that_branch_too(loaded: tuple[Side, Side, Side]) -> None:
    """``sync.apply`` does not check a row's branch against the sender: whatever branch a
    changed row belongs to (before or after) is dropped."""
    hq, _, _ = loaded
    hq.ctx.services.kpi.monthly(Actor.system(), "2025-03", "all")
    sh_id, bj_id = branch_id(hq, "SH01"), branch_id(hq, "BJ01")
    with hq.ctx.services.uow() as session:
        line = session.scalar(select(LabourLine))
        assert line is not None  # BJ01's line, moved to an SH01 order by a (forged) change
        target = session.scalar(select(WorkOrder.id).where(WorkOrder.branch_id == sh_id))
        change = {"t": "wo_labour_lines", "id": line.id, "op": "upsert", "row": {"work_order_id": target}}
        conn = session.connection()
        touched = kpi_cache.touched_branches(conn, [change])
        assert touched == {bj_id}
        line.work_order_id = str(target)
        session.flush()
        assert kpi_cache.touched_branches(conn, [change]) == {sh_id}
        session.rollback()


def test_a_time_entry_touches_its_technicians_branch(loaded: tuple[Side, Side, Side]) -> None:
    """Utilisation counts clocked time for the technician's branch: a time entry naming another
    branch's technician (a forged or mistaken change) drops that branch too."""
    hq, _, _ = loaded
    sh_id, bj_id = branch_id(hq, "SH01"), branch_id(hq, "BJ01")
    with hq.ctx.services.uow() as session:
        entry = session.scalar(select(TimeEntry))
        assert entry is not None  # BJ01's entry on BJ01's order
        other = Staff(branch_id=sh_id, username="sh-tech", display_name="沪师傅", role="technician",
                      password_hash="x")
        session.add(other)
        session.flush()
        change = {"t": "wo_time_entries", "id": entry.id, "op": "upsert", "row": {"technician_id": other.id}}
        conn = session.connection()
        assert kpi_cache.touched_branches(conn, [change]) == {bj_id}
        entry.technician_id = other.id
        session.flush()
        assert kpi_cache.touched_branches(conn, [change]) == {bj_id, sh_id}
        session.rollback()


def test_the_default_months_are_recomputed_after_an_import(loaded: tuple[Side, Side, Side],
                                                           tmp_path: Path) -> None:
    hq, bj, _ = loaded
    bj_id = branch_id(hq, "BJ01")
    order(bj, "BJ01-WO-00005", 10_000, at(4, 2))
    send(bj, hq, tmp_path, "bj3")
    # the page's three months (May 2024, for the page of 1 May, is left to the start-up warm-up)
    periods = ((2025, 4), (2025, 3), (2024, 4))
    starts = {month_window(y, m, "Asia/Shanghai", None).start for y, m in periods}
    with hq.ctx.services.uow() as session:
        assert {s for b, s in kpi_cache.stored_keys(session) if b == bj_id} == starts
    queries = hq.ctx.services.kpi_queries
    assert isinstance(queries, SqlKpiQueries)
    queries.clear_cache()
    with counting() as counted:
        figures = hq.ctx.services.kpi.monthly(Actor.system(), "2025-04", ["BJ01"])
    assert figures.current.revenue_fen == 10_000 and figures.previous.revenue_fen == 350_000
    assert counted == []  # all three months came from the store
    # on the first of May only May itself is counted: April was stored as the running month,
    # May 2024 by the start-up warm-up
    with hq.ctx.services.uow() as session:
        for window, ids in unwarmed(session):
            warm_window(session, window, ids)
    queries.clear_cache()
    with clock.freeze(dt.datetime(2025, 4, 30, 17, 0, tzinfo=dt.UTC)), counting() as counted:  # 1 May, 01:00
        hq.ctx.services.kpi.monthly(Actor.system(), "2025-05", ["BJ01"])
    assert [w.start for w in counted] == [month_window(2025, 5, "Asia/Shanghai", None).start]


def test_a_restart_keeps_the_stored_facts(loaded: tuple[Side, Side, Side]) -> None:
    hq, _, _ = loaded
    expected = hq.ctx.services.kpi.monthly(Actor.system(), "2025-03", "all")
    hq.ctx.close()
    hq.ctx = AppContext.open(hq.data_dir)
    with counting() as counted:
        again = hq.ctx.services.kpi.monthly(Actor.system(), "2025-03", "all")
    assert counted == []
    assert again == expected


def test_a_local_write_at_hq_to_a_fact_table_drops_the_stored_facts(loaded: tuple[Side, Side, Side]) -> None:
    hq, _, _ = loaded
    hq.ctx.services.kpi.monthly(Actor.system(), "2025-03", "all")
    with hq.ctx.services.uow() as session:
        assert kpi_cache.stored_keys(session)
        wo = session.scalar(select(WorkOrder).where(WorkOrder.number == "SH01-WO-00001"))
        assert wo is not None
        wo.total_fen = 410_000
    assert hq.ctx.services.kpi.monthly(Actor.system(), "2025-03", "all").current.revenue_fen == 760_000


def test_start_up_counts_the_months_nobody_stored_in_the_background(loaded: tuple[Side, Side, Side],
                                                                     qtbot: Any) -> None:
    """After an upgrade dropped the stored facts (0012) or at a new month, the app counts the
    months HQ keeps stored in the background at start-up, a month of up to ten branches per operation;
    the page then reads them. A branch has nothing to warm."""
    import ui.operations
    from app.gui import _warm_kpis_at_hq
    from domain.model.kpi_cache import KpiFactsCache

    hq, bj, _ = loaded
    with hq.ctx.services.uow() as session:
        session.execute(delete(KpiFactsCache))
        every = sorted(session.scalars(select(Branch.id)))
        missing = unwarmed(session)
        assert len(every) == 3 and [ids for _, ids in missing] == [every] * 4  # 3 page months + 1 ahead
    _warm_kpis_at_hq(hq.ctx)
    qtbot.waitUntil(lambda: ui.operations.worker().pending == 0, timeout=60_000)
    with hq.ctx.services.uow() as session:
        assert unwarmed(session) == []
    queries = hq.ctx.services.kpi_queries
    assert isinstance(queries, SqlKpiQueries)
    queries.clear_cache()
    with counting() as counted:
        hq.ctx.services.kpi.monthly(Actor.system(), "2025-04", "all")
    assert counted == []  # every branch's three months read from the store
    with bj.ctx.services.uow() as session:
        assert unwarmed(session) == []
