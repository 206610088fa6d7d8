"""清除演示数据 at a branch enrolled with HQ: the deletions travel as the branch's own deletes.

Issue 23 item 1 lets a branch send deletions of rows it owns only (sync.owners); the demo
rows a branch sent are its own, so HQ applies their tombstones and ends with the branch's
real rows alone. An enrolled branch keeps its numbering counters (HQ has seen the numbers).
"""

from __future__ import annotations

from pathlib import Path

from domain.model import NumberSequence
from domain.roles import Actor
from storage.integrity import integrity_problems
from tests.sync.helpers import Side, add_customer, rows_of


def _serials(side: Side) -> dict[tuple[str, str], int]:
    with side.ctx.db.unit_of_work() as session:
        return {(s.kind, s.period): s.last_serial for s in session.query(NumberSequence)}


def test_demo_removal_reaches_hq_as_deletes(hq: Side, bj: Side, tmp_path: Path) -> None:
    loaded = bj.ctx.services.demo.load(Actor.system(), customers=8, work_orders=12)
    real = add_customer(bj, "张三", "13800000001", "京A10001")
    first = bj.sync.export_bundle(tmp_path / "1.ddsync")
    [applied] = hq.sync.import_bundles([first.path])
    assert applied.status == "applied"
    assert len(rows_of(hq, "customers")) == loaded.customers + 1

    counters = _serials(bj)
    plan = bj.ctx.services.demo_removal.remove(Actor.system())
    assert plan.count("customers") == loaded.customers and not plan.resets_counters
    assert _serials(bj) == counters  # enrolled: numbers continue after the demo's

    second = bj.sync.export_bundle(tmp_path / "2.ddsync")
    [result] = hq.sync.import_bundles([second.path])
    assert result.status == "applied", result.message
    for table in ("customers", "vehicles", "work_orders", "wo_events", "complaint_slips"):
        assert rows_of(hq, table).keys() == rows_of(bj, table).keys(), table
    assert set(rows_of(hq, "customers")) == {real}
    assert integrity_problems(hq.ctx.db.engine) == []
    assert integrity_problems(bj.ctx.db.engine) == []
