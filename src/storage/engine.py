"""SQLAlchemy engine for a branch's SQLite file (WAL, foreign keys, busy timeout)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from common.private_files import create_private

BUSY_TIMEOUT_MS = 5000
MMAP_SIZE = 2 * 1024**3  # bytes of the file mapped (SQLite caps it at its compile-time maximum)
CACHE_KIB = 200_000  # page cache per connection, KiB (filled only as pages are read)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _configure_sqlite(dbapi_connection: Any, _record: Any, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    # Let SQLAlchemy issue BEGIN itself so transactions span the whole unit of work.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    # A new file gives freed pages back in small steps (storage.space); it must be set before
    # the first table exists. Only on an empty file: on an existing one it changes nothing
    # until a VACUUM, yet it rewrites the file's header on every connection, so merely
    # opening a database would change its bytes (a refused `db move-to` must leave it as is).
    if not cursor.execute("PRAGMA page_count").fetchone()[0]:
        cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Reports read millions of index entries (issue 7's KPI bench): memory-mapped reads skip a
    # system call per page, and a larger page cache keeps a month's index pages between the
    # statements of one page. Measured on 500,000 orders: 2.0 s → 1.4 s CPU per KPI page.
    cursor.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def _begin_immediate(conn: Any) -> None:
    # One writer at a time: take the write lock at BEGIN so two windows on one file
    # wait on the busy timeout instead of failing half-way through a unit of work.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """``busy_timeout_ms``: how long a save waits for another window's save (tests shorten it).

    ``hide_parameters``: a database error's text never carries the statement's values (a
    customer's name, mobile, ID number), wherever it is shown or logged (issue 23 item 4)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
                               hide_parameters=True)

        def configure(dbapi_connection: Any, record: Any) -> None:
            _configure_sqlite(dbapi_connection, record, busy_timeout_ms)

        event.listen(engine, "connect", configure)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    # A desk has one database worker (and the change listener its own connection): a small
    # pool keeps fifteen desks well inside the server's max_connections (storage.pg_cluster).
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4,
                         connect_args=server_connect_args(), hide_parameters=True)


#: Seconds a desk waits for the main PC before it says so (the counter must not hang).
CONNECT_TIMEOUT_S = 5


def server_connect_args() -> dict[str, Any]:
    """Every server connection names its PC (``host status`` lists the desks by it) and
    gives up quickly when the main PC does not answer."""
    return {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": application_name()}


def application_name() -> str:
    import socket

    host = socket.gethostname().split(".")[0] or "PC"
    return f"DealerDesk@{host}"[:63]


def sqlite_sidecars(db_file: Path) -> list[Path]:
    """The files SQLite keeps beside ``db_file`` (WAL, shared memory, rollback journal)."""
    return [db_file.with_name(db_file.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def is_sqlite_database(path: Path) -> bool:
    """True when the file starts with SQLite's magic header."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def sqlite_backup(source: Path, target: Path) -> None:
    """Consistent copy through SQLite's online backup API, safe while the app runs.

    The copy holds what the database holds, so it is owner-only from its first byte."""
    target.parent.mkdir(parents=True, exist_ok=True)
    create_private(target)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
