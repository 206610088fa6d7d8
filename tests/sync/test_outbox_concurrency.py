"""Two HQ users saving master data at once on PostgreSQL: every change gets its own sequence.

Why a real server and real threads: SQLite serialises writers with ``BEGIN IMMEDIATE``, but
PostgreSQL runs two transactions side by side; a ``MAX(seq) + 1`` read by both would hand
out one number twice and the second commit would fail on the primary key.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, select

from app.context import AppContext
from domain.model import LabourCode, OutboxEntry
from domain.roles import Actor
from tests.sync.helpers import PASSWORD
from tests.sync.pg import new_database

WRITERS = 4
SAVES = 40


@pytest.fixture
def pg_ctx(pg_server: str, tmp_path: Path) -> Iterator[AppContext]:
    ctx = AppContext.open(tmp_path / "hq", db_url=new_database(pg_server))
    assert ctx.db.engine.dialect.name == "postgresql"
    ctx.services.branches.initialise(code="HQ", name="总部", admin_username="admin",
                                     admin_password=PASSWORD, mode="hq")
    yield ctx
    ctx.close()


def test_concurrent_writers_on_postgres_get_distinct_gapless_sequences(pg_ctx: AppContext) -> None:
    engine = pg_ctx.db.engine
    # widen the race: every transaction pauses just after its outbox entries are allocated,
    # so without serialisation the writers would read the same MAX(seq) almost every time
    pause = threading.Event()

    def slow_outbox(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SYNC_OUTBOX"):
            pause.wait(0.002)

    event.listen(engine, "after_cursor_execute", slow_outbox)
    with pg_ctx.db.engine.connect() as conn:
        start = conn.execute(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc())).scalars().first() or 0
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def writer(index: int) -> None:
        try:
            barrier.wait()
            for n in range(SAVES):
                pg_ctx.services.master_data.save_labour_code(
                    Actor.system(), code=f"W{index}-{n}", name=f"工时 {index}-{n}",
                    standard_hours_centi=100 + n, rate_fen=5000)
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    event.remove(engine, "after_cursor_execute", slow_outbox)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    with engine.connect() as conn:
        seqs = list(conn.execute(select(OutboxEntry.seq).order_by(OutboxEntry.seq)).scalars())
        codes = set(conn.execute(select(LabourCode.code)).scalars())
        logged = list(conn.execute(select(OutboxEntry.row_id).where(
            OutboxEntry.table_name == "md_labour_codes")).scalars())
    assert seqs == list(range(1, len(seqs) + 1))  # no duplicate, no gap
    assert len(seqs) - start >= WRITERS * SAVES
    assert codes == {f"W{i}-{n}" for i in range(WRITERS) for n in range(SAVES)}
    assert len(logged) == len(set(logged)) == WRITERS * SAVES  # one entry per saved code
