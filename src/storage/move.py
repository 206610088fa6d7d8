"""Moving a one-PC shop's SQLite database onto the shop's server (搬到主机, issue 14).

Why rows through SQLAlchemy and not a dump: the two backends store the same model
differently (SQLite keeps times as text and booleans as 0/1), and the model's column types
are the one place that knows how each value reads and writes on either side. Every table of
:data:`domain.orm.Base.metadata`, parents before children, is read from the file in
primary-key order in bounded batches and streamed into one ``COPY … FROM STDIN`` per table
(psycopg). Measured on ``demo --customers 2000`` (146,000 rows, an 85 MB file, 2 cores
shared with the server): the copy takes 10.5 s with COPY and 13.2 s with ``executemany``
(:mod:`storage.bulk`), the whole ``db move-to`` 18.6 s including the schema and the
verification. One statement per table also settles self-referencing keys (see
:func:`_copy_table`); per-batch statements would have to defer them.

Written around the app's hooks on purpose: rows are read and written on plain connections,
never through a session, so neither change capture (:mod:`storage.outbox`) nor the audit
hook (:mod:`storage.audit_hook`) sees them. The move copies records that already exist; it
changes none. The outbox, the acknowledgements (``sync_peers``), the applied segments, the
number counters, the audit trail, settings and staff are copied as they are, so the next
export continues the branch's sequence and HQ sees the same branch. The only new row is one
audit event (``moved_to_server``) with its outbox entry, written after the verification
in the same transaction.

One transaction on the server holds the copy, the verification and that event. It starts by
locking every table against writers (another desk cannot initialise the empty database
meanwhile) and checking again that they are empty. Any failure before the commit (a value
the server refuses, a lost connection, a checksum that differs, 取消, Ctrl+C) rolls it back;
if this move had created the schema in a database without tables, the tables are dropped
again. The SQLite file is only read, inside a ``BEGIN IMMEDIATE`` transaction, so no
window can change it while it is copied; on failure it stays the folder's database,
untouched.

Verification: per table the row count and a SHA-256 over every row in primary-key order
(``COLLATE "C"`` on the server: byte order, as SQLite sorts), each value normalised after
the column type has read it (aware UTC times, booleans, dates, bytes as hex), computed the
same way on both sides.

After the commit, in this order (a crash between two steps must leave a usable folder):

1. ``database.json`` is written (atomic replace). It names the file the SQLite database
   will be kept as (``moved_from``). A crash before this step leaves the folder on its
   unchanged file; the server then holds the same rows, and running ``move-to`` again
   recognises them (same branch, same checksums apart from the move event) and finishes.
2. The SQLite file is checkpointed, switched out of WAL and renamed to
   ``dealerdesk.sqlite3.moved-YYYYMMDD-HHMMSS``. A crash before this step is harmless:
   :func:`storage.location.resolve` prefers ``database.json``, so the file is never opened
   again, and :func:`finish_interrupted_rename` (run by every later move-to) renames it.

Never rename first: a folder with neither file nor ``database.json`` would start as a new
shop. Other programs that still have the file open (a second window) must be closed before
the move; the GUI hands in ``release`` to close its own engine.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import psycopg
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql.elements import ColumnElement

import domain.model  # noqa: F401  (registers every table)
from domain import audit, clock
from domain.errors import Conflict
from domain.messages import register
from domain.model.audit import AuditChainHead, AuditEntry, AuditRowDigest
from domain.model.branch import Branch
from domain.model.sync import OutboxEntry
from domain.orm import Base
from domain.roles import Actor
from storage import audit_hook, migrate, outbox
from storage.backup_source import fsync_dir
from storage.database import Database, unreachable_error
from storage.engine import make_engine
from storage.location import (
    CONNECTION_FILE,
    DB_FILE_NAME,
    Location,
    normalise_url,
    read_connection,
    remember_server,
    server_label,
)

log = logging.getLogger(__name__)

register("move.already", "这个数据文件夹已经在使用本店主机 {server} 上的数据库，不需要再搬",
         "This data folder already uses the database on the main PC {server}; nothing to move")
register("move.target_foreign", "目标数据库 {server} 里有不属于售后管家的表（{tables}），没有搬入；"
         "请用一个空的数据库",
         "The target database {server} holds tables that are not DealerDesk's ({tables}); "
         "nothing was moved. Use an empty database")
register("move.target_not_empty", "目标数据库 {server} 不是空的（{table} 里已有数据），为免覆盖没有搬入；"
         "本机继续使用原数据库文件",
         "The target database {server} is not empty ({table} has rows); nothing was moved and "
         "this PC keeps using its database file")
register("move.schema", "本机数据库有本程序不认识的表或字段（{what}），没有搬迁",
         "This PC's database has tables or columns this program does not know ({what}); "
         "nothing was moved")
register("move.failed", "搬迁失败（{table}：{reason}），已撤销；本机继续使用原数据库文件",
         "The move failed ({table}: {reason}); it was undone and this PC keeps using its "
         "database file")
register("move.mismatch", "核对不符（{table}：本机 {expected} 行，主机 {found} 行），已撤销；"
         "本机继续使用原数据库文件",
         "Verification failed ({table}: {expected} rows here, {found} on the server); "
         "the move was undone and this PC keeps using its database file")
register("move.checksum", "核对不符（{table}：行数相同，校验和不同），已撤销；本机继续使用原数据库文件",
         "Verification failed ({table}: same rows, different checksum); the move was undone "
         "and this PC keeps using its database file")
register("move.cancelled", "已取消搬迁；本机继续使用原数据库文件",
         "Move cancelled; this PC keeps using its database file")

#: rows read from the file and written to the server per statement (bounded memory)
BATCH_ROWS = 2000
#: how long the move waits for another desk's lock on the target's tables
LOCK_WAIT = "10s"
#: the audit trail's action for the one event a move writes (not a copied row)
EVENT = "moved_to_server"
MOVED_INFIX = ".moved-"
#: tables every DealerDesk database has besides the model's
_BOOKKEEPING = frozenset({"alembic_version"})
#: SQLite's own tables
_SQLITE_INTERNAL = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})

#: ``progress(done, total)``: rows copied plus rows verified, out of twice the rows
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TableCopy:
    """One table as moved: its rows and their checksum (the same on both sides)."""

    name: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class MoveReport:
    tables: tuple[TableCopy, ...]
    #: the folder's database from now on (as ``database.json`` records it)
    location: Location
    #: where the SQLite file is kept (renamed; never opened again)
    kept_file: Path
    #: the rename failed (the file is still open elsewhere); ``database.json`` already wins,
    #: and the next move-to (or :func:`finish_interrupted_rename`) renames it
    rename_pending: bool
    #: an earlier move had committed on the server but not recorded it here; only finished
    resumed: bool
    seconds: float

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def tables() -> tuple[Table, ...]:
    """Every table of the model, parents before children (foreign-key order)."""
    return tuple(Base.metadata.sorted_tables)


# --- the move ----------------------------------------------------------------------------
def move_to_server(data_dir: Path, url: str, progress: Progress | None = None, *,
                   cancelled: Callable[[], bool] | None = None,
                   release: Callable[[], None] | None = None,
                   actor: Actor | None = None) -> MoveReport:
    """Copy the folder's SQLite database into the empty server database at ``url``, verify
    it, and make the folder use the server (see the module docstring for every step).

    ``cancelled`` is asked between batches (the GUI's 取消); ``release`` is called after the
    commit, before the file is renamed (the GUI closes its own engine on the file);
    ``actor`` is who the audit event names (the system on the command line). Refusals and
    failures are :class:`domain.errors.Conflict` with one Chinese sentence.
    """
    started = time.monotonic()
    target_url = normalise_url(url)
    label = server_label(target_url)
    finish_interrupted_rename(data_dir)
    remembered = read_connection(data_dir)
    if remembered is not None:
        raise Conflict("move.already", server=remembered.server_label)
    source = Database.open(data_dir)
    try:
        with source.engine.connect() as probe:
            _check_source_schema(probe)
            zone = probe.execute(select(Branch.timezone).where(Branch.is_local.is_(True))).scalar()
        before, occupied, revision = _survey(target_url, label)
        foreign = sorted(before - {t.name for t in tables()} - _BOOKKEEPING)
        if foreign:
            raise Conflict("move.target_foreign", server=label, tables="、".join(foreign[:5]))
        if occupied is not None and revision != migrate.current_revision(source.engine):
            # records at another schema: refused before anything (a migration) touches them
            raise Conflict("move.target_not_empty", server=label, table=occupied)
        try:
            copied, resumed = _copy_and_verify(source, data_dir, target_url, label,
                                               _Ticker(progress, cancelled), actor)
        except BaseException:
            if not before:  # this move made the schema: leave the database as it was found
                _drop_created(target_url, before)
            raise
    finally:
        source.close()
    stamp = clock.format_local(clock.now(), zone, "%Y%m%d-%H%M%S")  # as backups are named
    kept = _free_name(data_dir / f"{DB_FILE_NAME}{MOVED_INFIX}{stamp}")
    location = remember_server(data_dir, target_url, hosted_here=is_this_pcs_server(data_dir, target_url),
                               moved_from=kept.name)
    if release is not None:
        release()
    pending = not _retire(data_dir / DB_FILE_NAME, kept)
    return MoveReport(tuple(copied), location, kept, pending, resumed, time.monotonic() - started)


def _copy_and_verify(source: Database, data_dir: Path, target_url: str, label: str,
                     ticker: _Ticker, actor: Actor | None) -> tuple[list[TableCopy], bool]:
    """The server's transaction: lock, check empty, copy, verify, event; commit."""
    target = Database.from_url(target_url)  # migrates an empty database to this program's head
    try:
        here, there = migrate.current_revision(source.engine), migrate.current_revision(target.engine)
        if here != there:
            raise Conflict("move.schema", what=f"alembic_version {here} ≠ {there}")
        with source.engine.connect() as src, target.engine.connect() as dst:
            try:  # SQLite: BEGIN IMMEDIATE (storage.engine), no window writes while this reads
                src.begin()
            except OperationalError as exc:
                raise Conflict("db.busy") from exc
            with dst.begin():
                _lock(dst)
                occupied = _first_occupied(dst)
                if occupied is not None:
                    matched = _already_copied(src, dst)
                    if matched is None:
                        raise Conflict("move.target_not_empty", server=label, table=occupied)
                    return matched, True
                ticker.total = 2 * _count_rows(src)
                copied = _copy(src, dst, ticker)
                _advance_sequences(dst)
                _verify(dst, copied, ticker)
                _record_event(dst, actor, f"{data_dir / DB_FILE_NAME} → {label}")
            return copied, False
    except SQLAlchemyError as exc:  # the lock, the verification read, the commit
        raise Conflict("move.failed", table=label, reason=_reason(exc)) from exc
    finally:
        target.close()


# --- checks before anything is written ---------------------------------------------------
def _check_source_schema(src: Connection) -> None:
    """Every table and column of the file must be the model's: anything else would be lost."""
    model = {t.name: t for t in tables()}
    found = inspect(src)
    unknown: list[str] = []
    for name in found.get_table_names():
        if name in _BOOKKEEPING or name in _SQLITE_INTERNAL:
            continue
        if name not in model:
            unknown.append(name)
            continue
        extra = {c["name"] for c in found.get_columns(name)} - set(model[name].c.keys())
        unknown.extend(f"{name}.{column}" for column in sorted(extra))
    if unknown:
        raise Conflict("move.schema", what="、".join(unknown[:5]))


def _survey(url: str, label: str) -> tuple[set[str], str | None, str | None]:
    """The target before this move touches it: its tables (and views), the first DealerDesk
    table that holds a row, and its schema revision."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            names = set(found.get_table_names()) | set(found.get_view_names())
            occupied = next((t.name for t in tables() if t.name in names and conn.execute(
                text(f"SELECT 1 FROM {_quoted(conn, t.name)} LIMIT 1")).first() is not None), None)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() \
                if "alembic_version" in names else None
            return names, occupied, revision
    except OperationalError as exc:
        raise unreachable_error(label, exc) from exc
    finally:
        engine.dispose()


def _lock(dst: Connection) -> None:
    """No other desk writes into the target until this transaction ends (reads may); a desk
    holding a table longer than :data:`LOCK_WAIT` makes the move fail rather than hang."""
    dst.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
    names = ", ".join(_quoted(dst, t.name) for t in tables())
    dst.execute(text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))


def _first_occupied(dst: Connection) -> str | None:
    for table in tables():
        if dst.execute(select(1).select_from(table).limit(1)).first() is not None:
            return table.name
    return None


def _count_rows(src: Connection) -> int:
    return sum(int(src.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables())


# --- copying -----------------------------------------------------------------------------
class _Ticker:
    """Progress and the GUI's 取消, asked once per batch."""

    def __init__(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.total = 0

    def __call__(self, rows: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Conflict("move.cancelled")
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


def _copy(src: Connection, dst: Connection, tick: _Ticker) -> list[TableCopy]:
    copied: list[TableCopy] = []
    for table in tables():
        try:
            copied.append(_copy_table(src, dst, table, tick))
        except (SQLAlchemyError, psycopg.Error) as exc:
            raise Conflict("move.failed", table=table.name, reason=_reason(exc)) from exc
    return copied


def _copy_table(src: Connection, dst: Connection, table: Table, tick: _Ticker) -> TableCopy:
    """Stream ``table`` into the server with one ``COPY … FROM STDIN`` (the fastest way in).

    Values are read through the model's column types and written through their bind
    processors (aware UTC times become the naive UTC the server column holds), as any
    insert would. One statement per table also settles the self-referencing keys (a
    rework's original order, a reopened complaint, a follow-up's previous task), which may
    point at a row that sorts later: PostgreSQL checks a foreign key that is not deferrable
    at the end of the statement, when the whole table is in."""
    keys = [c.name for c in table.columns]
    processors = [(i, p) for i, c in enumerate(table.columns)
                  if (p := c.type._cached_bind_processor(dst.dialect)) is not None]
    digest = _Digest()
    names = ", ".join(_quoted(dst, k) for k in keys)
    raw = dst.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    with raw.cursor() as cursor, cursor.copy(f"COPY {_quoted(dst, table.name)} ({names}) FROM STDIN") as copy:
        for batch in _batches(src, table):
            rows = [tuple(row) for row in batch]
            digest.add_all(rows)
            for row in rows:
                values = list(row)
                for i, process in processors:
                    if values[i] is not None:
                        values[i] = process(values[i])
                copy.write_row(values)
            tick(len(rows))
    return TableCopy(table.name, digest.rows, digest.hexdigest())


def _batches(conn: Connection, table: Table, where: ColumnElement[bool] | None = None) -> Iterator[Sequence[Any]]:
    """The table's rows in primary-key order, read through the model's column types, a
    batch at a time (server-side cursor on PostgreSQL)."""
    query = select(*table.columns).order_by(*(_ordered(conn, c) for c in table.primary_key.columns))
    if where is not None:
        query = query.where(where)
    result = conn.execute(query, execution_options={"stream_results": True, "yield_per": BATCH_ROWS})
    yield from result.partitions(BATCH_ROWS)


def _ordered(conn: Connection, column: Column[Any]) -> ColumnElement[Any]:
    # PostgreSQL sorts text by the database's collation; "C" is byte order, as SQLite's BINARY
    if conn.dialect.name == "postgresql" and isinstance(column.type, (String, Text)):
        return column.collate("C")
    return column


def _advance_sequences(dst: Connection) -> None:
    """An integer key drawn from a sequence must continue past the copied rows. The model
    has none today (UUIDs; the outbox numbers itself); this keeps a future one right."""
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1:
            continue
        sequence = dst.execute(select(text("pg_get_serial_sequence(:t, :c)")),
                               {"t": table.name, "c": key[0].name}).scalar()
        if sequence:
            dst.execute(text(f"SELECT setval(:s, COALESCE((SELECT MAX({_quoted(dst, key[0].name)}) "
                             f"FROM {_quoted(dst, table.name)}), 0) + 1, false)"), {"s": sequence})


# --- verification ------------------------------------------------------------------------
class _Digest:
    """Row count and SHA-256 over rows as normalised JSON lines."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.rows = 0

    def add_all(self, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._hash.update(b"\n".join(orjson.dumps(tuple(row), default=_plain) for row in rows))
            self._hash.update(b"\n")
        self.rows += len(rows)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _plain(value: Any) -> Any:
    """The text form of what JSON does not hold itself. orjson writes the rest the same
    whichever backend the column type read it from: aware UTC times (``…+00:00``), dates,
    booleans, integers, text."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _digest(conn: Connection, table: Table, tick: _Ticker | None = None,
            where: ColumnElement[bool] | None = None) -> _Digest:
    digest = _Digest()
    for batch in _batches(conn, table, where):
        digest.add_all(batch)
        if tick is not None:
            tick(len(batch))
    return digest


def _verify(dst: Connection, copied: list[TableCopy], tick: _Ticker) -> None:
    for expected in copied:
        found = _digest(dst, Base.metadata.tables[expected.name], tick)
        if found.rows != expected.rows:
            raise Conflict("move.mismatch", table=expected.name, expected=expected.rows,
                           found=found.rows)
        if found.hexdigest() != expected.checksum:
            raise Conflict("move.checksum", table=expected.name)


def _already_copied(src: Connection, dst: Connection) -> list[TableCopy] | None:
    """The tables as copied when the server already holds exactly this database plus the
    move's own event (a move that committed but was not recorded here), else None."""
    local = select(Branch.id).where(Branch.is_local.is_(True))
    here, there = src.execute(local).scalar(), dst.execute(local).scalar()
    if here is None or here != there:
        return None
    events = select(AuditEntry.id).where(AuditEntry.action == EVENT)
    skip: dict[str, ColumnElement[bool]] = {
        AuditEntry.__tablename__: AuditEntry.action != EVENT,
        OutboxEntry.__tablename__: ~((OutboxEntry.table_name == AuditEntry.__tablename__)
                                     & OutboxEntry.row_id.in_(events.scalar_subquery())),
        # the event's own digest, and the local chain's head, which the event moved on (the
        # chain itself is in the entries compared above)
        AuditRowDigest.__tablename__: ~((AuditRowDigest.table_name == AuditEntry.__tablename__)
                                        & AuditRowDigest.record_id.in_(events.scalar_subquery())),
        AuditChainHead.__tablename__: AuditChainHead.is_local.is_(False),
    }
    mine_only: dict[str, ColumnElement[bool]] = {AuditChainHead.__tablename__: AuditChainHead.is_local.is_(False)}
    if not outbox.keeps_history(src):
        # before enrolment retention keeps the tombstones and only the newest entry, which
        # the move's event replaced on the server (storage.outbox.record): the tombstones
        # are what must match
        mine_only[OutboxEntry.__tablename__] = skip[OutboxEntry.__tablename__] = OutboxEntry.op == "delete"
    copied: list[TableCopy] = []
    for table in tables():
        mine = _digest(src, table, where=mine_only.get(table.name))
        theirs = _digest(dst, table, where=skip.get(table.name))
        if (mine.rows, mine.hexdigest()) != (theirs.rows, theirs.hexdigest()):
            return None
        copied.append(TableCopy(table.name, mine.rows, mine.hexdigest()))
    return copied


def _record_event(dst: Connection, actor: Actor | None, detail: str) -> None:
    """The move's one audit entry, through the hooks (it gets its outbox entry, next in the
    branch's sequence), inside the server's transaction."""
    sessions = sessionmaker(bind=dst, join_transaction_mode="create_savepoint")
    outbox.install(sessions)
    audit_hook.install(sessions)
    with sessions() as session:
        audit.record_event(session, actor if actor is not None else audit.current_actor(),
                           EVENT, detail)
        session.commit()


# --- undoing and finishing ---------------------------------------------------------------
def _drop_created(url: str, before: set[str]) -> None:
    """Drop the tables this move's migration made in a database that had none (the app's
    role owns them, so it may). Best effort: the rows are already rolled back."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            found = inspect(conn)
            made = sorted((set(found.get_table_names()) | set(found.get_view_names())) - before)
            if made:
                conn.execute(text("DROP TABLE IF EXISTS "
                                  + ", ".join(_quoted(conn, name) for name in made) + " CASCADE"))
    except SQLAlchemyError:
        log.warning("could not drop the schema a failed move made", exc_info=True)
    finally:
        engine.dispose()


def finish_interrupted_rename(data_dir: Path) -> Path | None:
    """Rename the SQLite file a completed move could not rename (see the module docstring);
    returns where it went, or None when there was nothing to do."""
    try:
        raw = json.loads((data_dir / CONNECTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kept_name = raw.get("moved_from") if isinstance(raw, dict) else None
    source = data_dir / DB_FILE_NAME
    if not isinstance(kept_name, str) or not source.exists():
        return None
    kept = _free_name(data_dir / Path(kept_name).name)
    return kept if _retire(source, kept) else None


def _retire(db_file: Path, kept: Path) -> bool:
    """Fold the WAL into the file, leave WAL mode (one self-contained file) and rename it."""
    try:
        conn = sqlite3.connect(str(db_file))
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except sqlite3.Error:
        log.warning("could not settle %s before renaming it", db_file, exc_info=True)
    try:
        os.replace(db_file, kept)
        for suffix in ("-wal", "-shm", "-journal"):
            side = db_file.with_name(db_file.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
    except OSError:
        log.warning("could not rename %s (still open elsewhere?)", db_file, exc_info=True)
        return False
    fsync_dir(db_file.parent)
    return True


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


# --- small helpers -----------------------------------------------------------------------
def is_this_pcs_server(data_dir: Path, url: str) -> bool:
    """Whether ``url`` is this PC's own server (``<data>/server``): the folder is then the
    main PC's (it starts the server, keeps the backups)."""
    from storage.pg_cluster import LocalServer, local_addresses

    server = LocalServer(data_dir)
    if not server.exists():
        return False
    parsed = make_url(normalise_url(url))
    host = (parsed.host or "localhost").strip("[]")
    if (parsed.port or 5432) != server.config().port:
        return False
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or host in {a for a, _mask in local_addresses()}


def _quoted(conn: Connection | Engine, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _reason(exc: Exception) -> str:
    """The driver's first line (it names the value or constraint), without SQLAlchemy's
    statement dump."""
    orig = getattr(exc, "orig", None)
    first = str(orig if orig is not None else exc).strip().splitlines()
    return first[0][:200] if first else type(exc).__name__


__all__ = ["EVENT", "MoveReport", "Progress", "TableCopy", "finish_interrupted_rename",
           "is_this_pcs_server", "move_to_server", "tables"]
