"""Six PCs saving at once on the shop's server (issue 14, item 5).

"work-order, complaint and every other number unique and without gaps within its month while
six PCs save at the same time (allocated by a row lock or sequence inside the saving
transaction, never max()+1) … sync outbox sequences stay gap-free … `check` clean."
Each desk is its own process with its own engine and pool, as on six PCs. The shop's
database never enrolled with HQ, so outbox retention (issue 17) keeps only its tombstones
and newest entry: what is checked is that no sequence was given twice and `check` is clean.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from storage.database import Database
from storage.integrity import integrity_problems
from tests.multi_pc.desk import run_desks

DESKS = 6
ORDERS_PER_DESK = 50


def test_six_desks_open_and_settle_at_once(shop_url: str, tmp_path: Path) -> None:
    outcomes = run_desks(shop_url, tmp_path, DESKS, ORDERS_PER_DESK)
    assert [error for _n, _numbers, error in outcomes if error] == []

    numbers = [number for _n, numbers, _e in outcomes for number in numbers]
    assert len(numbers) == DESKS * ORDERS_PER_DESK
    serials = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert serials == list(range(1, DESKS * ORDERS_PER_DESK + 1))  # unique and without gaps
    assert len({re.sub(r"-\d+$", "", n) for n in numbers}) == 1  # one month's series

    db = Database.from_url(shop_url)
    try:
        with db.engine.connect() as conn:
            seqs = [row[0] for row in conn.execute(text("SELECT seq FROM sync_outbox ORDER BY seq"))]
            pending = [tuple(row) for row in conn.execute(text(
                "SELECT table_name, row_id FROM sync_outbox WHERE op = 'upsert'"))]
            settled = conn.execute(text(
                "SELECT count(*) FROM work_orders WHERE state = 'settled'")).scalar_one()
            counter = conn.execute(text(
                "SELECT last_serial FROM number_sequences WHERE kind = 'WO'")).scalar_one()
        assert seqs and len(seqs) == len(set(seqs))  # the outbox: no sequence given twice
        assert len(pending) == len(set(pending))  # at most one pending entry per row
        assert settled == DESKS * ORDERS_PER_DESK
        assert counter == DESKS * ORDERS_PER_DESK
        assert integrity_problems(db.engine) == []  # every order whole, the outbox sound
    finally:
        db.close()
