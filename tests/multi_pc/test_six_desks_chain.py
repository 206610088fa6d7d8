"""Six PCs saving at once leave the audit chain unbroken (issue 23, item 5).

"On the shop's server the chain is extended under a lock inside the saving transaction, and
six PCs saving at once still leave it unbroken." Each desk is its own process with its own
engine and pool (tests.multi_pc.desk), opening and settling work orders at the same time.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.audit_chain import GENESIS, entry_hash
from storage.database import Database
from storage.integrity import integrity_problems
from tests.multi_pc.desk import run_desks

DESKS = 6
ORDERS_PER_DESK = 12


def test_six_desks_saving_at_once_leave_the_chain_unbroken(shop_url: str, tmp_path: Path) -> None:
    outcomes = run_desks(shop_url, tmp_path, DESKS, ORDERS_PER_DESK)
    assert [error for _n, _numbers, error in outcomes if error] == []

    db = Database.from_url(shop_url)
    try:
        with db.engine.connect() as conn:
            entries = list(conn.execute(text(
                "SELECT * FROM audit_entries ORDER BY seq")).mappings())
            head = conn.execute(text("SELECT seq, last_hash FROM audit_chain_heads "
                                     "WHERE is_local")).one()
            staff = {row[0] for row in conn.execute(text(
                "SELECT DISTINCT staff_id FROM audit_entries WHERE action = 'create'"))}
        assert len(staff) >= DESKS  # the entries of every desk are in the one chain
        assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
        assert len({e["chain_id"] for e in entries}) == 1
        prev = GENESIS
        for entry in entries:
            assert entry["prev_hash"] == prev
            assert entry_hash(entry, prev) == entry["entry_hash"]
            prev = entry["entry_hash"]
        assert (head.seq, head.last_hash) == (len(entries), prev)
        assert integrity_problems(db.engine) == []  # chain and row digests: check is clean
    finally:
        db.close()
