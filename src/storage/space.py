"""Giving space back (空间回收): outbox retention, then the file's free pages returned.

Why on the weekly maintenance path and in small steps: retention (:func:`storage.outbox.compact`)
frees pages inside the SQLite file but does not shrink it. A database made by this version
has ``auto_vacuum = INCREMENTAL`` (:mod:`storage.engine`): ``PRAGMA incremental_vacuum(N)``
returns N free pages at the end of the file in a short write transaction, so the counter's
saves, which wait on the same writer lock, wait milliseconds between the steps at most. A
file made before cannot switch without a full ``VACUUM`` (SQLite rewrites the whole file,
holding the writer lock throughout): that is done once, only when at least a quarter of the
file is free, and it leaves the file incremental, so it never has to be done again. On
PostgreSQL the server's autovacuum returns the space; only the retention runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine

from storage import outbox

INCREMENTAL = 2  # PRAGMA auto_vacuum value
STEP_PAGES = 2048  # pages per incremental step (8 MB at 4 KiB pages)
VACUUM_FREE_SHARE = 0.25  # a file not yet incremental is rewritten when this share is free
VACUUM_MIN_PAGES = 4096


@dataclass(frozen=True)
class Reclaimed:
    entries: int  # outbox entries retention removed now
    freed_bytes: int  # bytes the file shrank by
    how: str  # "incremental" | "vacuum" | "none" | "server"


def reclaim(engine: Engine, *, step_pages: int = STEP_PAGES) -> Reclaimed:
    """Apply outbox retention, then give the free pages back (module doc)."""
    with engine.begin() as conn:
        entries = outbox.compact(conn)
    if engine.dialect.name != "sqlite":
        return Reclaimed(entries, 0, "server")
    mode, free, pages, page_size = _pages(engine)
    if not free:
        return Reclaimed(entries, 0, "none")
    if mode == INCREMENTAL:
        while free:
            with engine.begin() as conn:  # one short write transaction per step
                conn.exec_driver_sql(f"PRAGMA incremental_vacuum({int(step_pages)})")
            left = _pages(engine)[1]
            if left >= free:
                break
            free = left
            time.sleep(0.01)  # let a waiting save in
        return Reclaimed(entries, (pages - _pages(engine)[2]) * page_size, "incremental")
    if free < VACUUM_MIN_PAGES or free < pages * VACUUM_FREE_SHARE:
        return Reclaimed(entries, 0, "none")
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")  # takes effect with the VACUUM
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
    return Reclaimed(entries, (pages - _pages(engine)[2]) * page_size, "vacuum")


def _pages(engine: Engine) -> tuple[int, int, int, int]:
    """(auto_vacuum, free pages, pages, page size) of the SQLite file."""
    with engine.connect() as conn:
        values = [int(conn.exec_driver_sql(f"PRAGMA {name}").scalar() or 0)
                  for name in ("auto_vacuum", "freelist_count", "page_count", "page_size")]
    return values[0], values[1], values[2], values[3]
