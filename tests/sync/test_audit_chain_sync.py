"""HQ verifies each branch's audit chain as it imports (issue 23, item 5).

"HQ verifies each branch's chain as it imports." HQ keeps each branch's chain as received
(its own head per chain, ``source`` the branch code) beside its own; an import whose audit
entries do not continue the chain HQ holds (an entry changed, one missing) is refused whole,
with one line naming the table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from storage import audit_chain
from storage.integrity import integrity_problems
from storage.syncrows import row_payload
from tests.sync.helpers import Side, add_customer


def _head(side: Side, source: str) -> Any:
    with side.ctx.db.engine.connect() as conn:
        return conn.execute(text("SELECT * FROM audit_chain_heads WHERE source = :s"),
                            {"s": source}).mappings().one()


def _changes(side: Side, above: int) -> list[dict[str, Any]]:
    """The branch's own entries numbered above ``above``, as a bundle carries them."""
    with side.ctx.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM audit_entries WHERE seq > :s ORDER BY seq"),
                            {"s": above}).mappings().all()
        from sqlalchemy import select

        from domain.model import AuditEntry

        typed = conn.execute(select(AuditEntry.__table__).where(
            AuditEntry.__table__.c.id.in_([r["id"] for r in rows]))).mappings().all()
    by_id = {r["id"]: r for r in typed}
    return [{"t": "audit_entries", "op": "upsert", "id": r["id"],
             "row": json.loads(row_payload("audit_entries", by_id[r["id"]]))} for r in rows]


def test_hq_keeps_each_branch_chain_and_check_finds_its_newest_entry_deleted(
        hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "周一", "13100000001", "京G00001")
    first = bj.sync.export_bundle(tmp_path / "BJ01-1.ddsync")
    assert [r.status for r in hq.sync.import_bundles([first.path])] == ["applied"]
    add_customer(bj, "周二", "13100000002", "京G00002")
    second = bj.sync.export_bundle(tmp_path / "BJ01-2.ddsync")
    assert [r.status for r in hq.sync.import_bundles([second.path])] == ["applied"]

    head = _head(hq, "BJ01")
    with bj.ctx.db.engine.connect() as conn:
        sent = conn.execute(text("SELECT entry_hash FROM audit_entries WHERE seq = :s"),
                            {"s": head["seq"]}).scalar_one()
    assert head["last_hash"] == sent and not head["is_local"]
    assert integrity_problems(hq.ctx.db.engine) == []  # both chains and every row's digest
    assert integrity_problems(bj.ctx.db.engine) == []

    with hq.ctx.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE chain_id = :c AND seq = :s"),
                     {"c": head["chain_id"], "s": head["seq"]})
    problems = integrity_problems(hq.ctx.db.engine)
    assert problems == [f"操作日志（audit_entries）分店 BJ01 的链最新的第 {head['seq']}-{head['seq']} 条已被删除"]


def test_an_incoming_entry_changed_or_missing_is_refused(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "周三", "13100000003", "京G00003")
    first = bj.sync.export_bundle(tmp_path / "BJ01-1.ddsync")
    assert [r.status for r in hq.sync.import_bundles([first.path])] == ["applied"]
    held = int(_head(hq, "BJ01")["seq"])
    add_customer(bj, "周四", "13100000004", "京G00004")
    add_customer(bj, "周五", "13100000005", "京G00005")
    changes = _changes(bj, held)
    assert len(changes) >= 3

    changed = [dict(c, row=dict(c["row"])) for c in changes]
    changed[1]["row"]["staff_name"] = "别人"
    missing = changes[:1] + changes[2:]
    with hq.ctx.db.engine.connect() as conn, conn.begin():
        refused = audit_chain.receive(conn, changed, "BJ01")
        assert refused is not None and "audit_entries" in refused and "哈希不符" in refused
        refused = audit_chain.receive(conn, missing, "BJ01")
        assert refused is not None and "audit_entries" in refused and "缺少" in refused
        assert audit_chain.receive(conn, changes, "BJ01") is None  # the true ones continue it
        conn.rollback()
