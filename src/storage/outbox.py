"""Change capture (变更记录): every change of a syncable row writes an outbox entry.

Why in storage and by events: no service has to remember anything. :func:`install` hooks
every session :class:`storage.database.Database` makes:

* ``after_flush`` records the rows the unit of work inserted, updated or deleted;
* ``do_orm_execute`` records (or refuses) DML a service runs itself on a syncable table —
  ``session.execute(insert(Model), rows)`` as the demo generators do, ``update(Model).where``,
  ``delete(Model).where``; bulk updates by primary-key lists and textual DML on a syncable
  table are refused, because their rows cannot be captured.

The entry holds the row as it is after the change (canonical JSON, read back from the
database so it is exactly what was stored), or a tombstone for a delete, and a sequence
number one higher than the last: in the same transaction, so a change and its entry commit
or vanish together. Writing master data this database does not own is refused here as well:
at a branch HQ's rows (``branch_id`` None), at HQ a branch's own rows (see
:func:`storage.syncrows.owns_row`); every other change would be lost at the next import or
never reach its owner.

The sequence is ``MAX(seq) + 1`` under the writer lock (SQLite begins every unit of work
IMMEDIATE; on PostgreSQL a transaction-level advisory lock, see :func:`_last_seq`), so two
writers never allocate the same number; retention (:func:`compact`) never removes the newest
entry, so the number never goes back. The entries of a unit of work are written once, just before it commits (the rows it
wrote, read back as they are then; what a rolled-back savepoint wrote is forgotten): on the
shop's server six desks save at once, and a lock taken at a unit of work's first change
and held to its commit made every desk wait for every other's whole save (measured by
bench/bench_multi_pc.py: 73 % of the server's time spent waiting for it); held only while
the entries are written, it costs a few milliseconds. Sync imports write through a plain
``Connection`` and are not captured: what a peer sent is not a local change.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, MetaData, Table, TextClause, event, func, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from domain import clock
from domain.errors import Conflict
from domain.messages import register
from domain.model.branch import Branch
from domain.model.sync import OutboxEntry, OutboxRetention, SyncPeer
from domain.orm import Syncable, UTCDateTime, new_id
from storage import audit_chain
from storage.bulk import execute_many
from storage.syncrows import (
    is_master_data,
    owned_rows,
    owned_tables,
    owns_row,
    row_payload,
    syncable_tables,
    table_by_name,
)

register("sync.hq_owned", "{table} 是总部主数据，只能由总部修改（随总部数据包下发）",
         "{table} is HQ master data; only HQ can change it (it arrives in HQ bundles)")
register("sync.branch_owned", "{table} 的这条记录是分店自己的主数据，只能由该分店修改",
         "this row of {table} is a branch's own master data; only that branch can change it")
register("sync.uncaptured_dml", "不能直接批量修改需同步的表 {table}（变更无法记录）",
         "bulk change of syncable table {table} refused: it could not be recorded")

OUTBOX = cast(Table, OutboxEntry.__table__)
PEERS = cast(Table, SyncPeer.__table__)
RETENTION = cast(Table, OutboxRetention.__table__)
_CHUNK = 500
_ENTRY_KEYS = ("seq", "table_name", "row_id", "op", "row_version", "payload", "at")
_MODE_KEY = "sync_local_mode"


class CapturedSession(Session):
    """A session whose legacy bulk methods are refused: they skip every event, so their rows
    could change without an outbox entry. ``session.execute(insert(Model), rows)`` is the
    captured way to write many rows."""

    def bulk_save_objects(self, *args: Any, **kwargs: Any) -> None:
        raise Conflict("sync.uncaptured_dml", table="bulk_save_objects")

    def bulk_insert_mappings(self, *args: Any, **kwargs: Any) -> None:
        raise Conflict("sync.uncaptured_dml", table="bulk_insert_mappings")

    def bulk_update_mappings(self, *args: Any, **kwargs: Any) -> None:
        raise Conflict("sync.uncaptured_dml", table="bulk_update_mappings")


_INSTALLED = "_dealerdesk_outbox_installed"


def install(sessions: sessionmaker[Session]) -> None:
    """Hook change capture into every session ``sessions`` makes (idempotent).

    Why a flag on the sessionmaker and not ``event.contains``: SQLAlchemy's event registry
    is keyed by ``id()``, and once an earlier sessionmaker was freed a new one at the same
    address "contained" the listeners and was left without change capture (found by a rare
    test failure: an audit entry of a backup without its outbox entry).
    """
    if vars(sessions).get(_INSTALLED):
        return
    setattr(sessions, _INSTALLED, True)
    if not issubclass(sessions.class_, CapturedSession):
        sessions.class_ = type("CapturedSession", (CapturedSession, sessions.class_), {})
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_transaction_create", _savepoint_begins)
    event.listen(sessions, "after_soft_rollback", _rolled_back)


# --- entries written at commit -----------------------------------------------------------
_PENDING = "dealerdesk_outbox_pending"
_MARKS = "dealerdesk_outbox_savepoints"


def _pending(session: Session) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
    found = session.info.get(_PENDING)
    if found is None:
        found = session.info[_PENDING] = ([], [])
    return cast(tuple[list[tuple[str, str]], list[tuple[str, str, int]]], found)


def defer(session: Session, upserts: Sequence[tuple[str, str]],
           deletes: Sequence[tuple[str, str, int]]) -> None:
    """Entries for these rows are written when ``session``'s unit of work commits (the audit
    trail's rows, written by its own hook, come this way too)."""
    pending = _pending(session)
    pending[0].extend(upserts)
    pending[1].extend(deletes)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: its changes are written with the unit of work's
    # the commit's own flush comes after this hook: flush now so its changes are captured
    session.flush()
    upserts, deletes = session.info.pop(_PENDING, ([], []))
    session.info.pop(_MARKS, None)
    if upserts or deletes:
        record(session.connection(), upserts, deletes)


def _savepoint_begins(session: Session, transaction: Any) -> None:
    if transaction.nested:
        upserts, deletes = _pending(session)
        session.info.setdefault(_MARKS, {})[id(transaction)] = (len(upserts), len(deletes))


def _rolled_back(session: Session, previous_transaction: Any) -> None:
    """A rolled-back savepoint's changes never happened; a whole rollback forgets all."""
    marks = session.info.get(_MARKS, {})
    if previous_transaction.nested and id(previous_transaction) in marks:
        upserts, deletes = _pending(session)
        kept_upserts, kept_deletes = marks.pop(id(previous_transaction))
        del upserts[kept_upserts:]
        del deletes[kept_deletes:]
    elif previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_MARKS, None)


# --- unit-of-work changes -----------------------------------------------------------------
def _local(session: Session) -> tuple[str, str | None]:
    """(mode, id) of this database's own branch ("branch", None before it is initialised)."""
    found = session.info.get(_MODE_KEY)
    if found is None:
        row = session.connection().execute(
            select(Branch.mode, Branch.id).where(Branch.is_local.is_(True))).first()
        if row is None:
            return "branch", None
        found = session.info[_MODE_KEY] = (str(row.mode or "branch"), str(row.id))
    return cast(tuple[str, str | None], found)


def _refuse_not_owned(session: Session, table_name: str, owners: Iterable[str | None]) -> None:
    """Refuse a change to master-data rows owned by someone else (``owners``: their branch ids,
    before and after the change)."""
    if not is_master_data(table_name):
        return
    mode, local_id = _local(session)
    for owner in owners:
        if not owns_row(mode, local_id, owner):
            raise Conflict("sync.hq_owned" if owner is None else "sync.branch_owned", table=table_name)


def _owners(obj: Syncable) -> list[str | None]:
    """The row's owner now and, for a changed row, before the change."""
    history = inspect(obj).attrs.branch_id.history
    return [getattr(obj, "branch_id", None), *history.deleted]


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Syncable):
            table_name = inspect(obj).mapper.local_table.name
            if is_master_data(table_name):
                _refuse_not_owned(session, table_name, _owners(obj))


def _after_flush(session: Session, _context: Any) -> None:
    upserts: list[tuple[str, str]] = []
    deletes: list[tuple[str, str, int]] = []
    for obj in session.new:
        if isinstance(obj, Syncable):
            upserts.append((inspect(obj).mapper.local_table.name, obj.id))
    for obj in session.dirty:
        if isinstance(obj, Syncable) and session.is_modified(obj, include_collections=False):
            upserts.append((inspect(obj).mapper.local_table.name, obj.id))
    for obj in session.deleted:
        if isinstance(obj, Syncable):
            state = inspect(obj)
            version = state.committed_state.get("row_version", obj.row_version) or 0
            deletes.append((state.mapper.local_table.name, obj.id, int(version)))
    if upserts or deletes:
        defer(session, upserts, deletes)


# --- DML run through session.execute -------------------------------------------------------
def _on_execute(state: ORMExecuteState) -> Any:
    statement: Any = state.statement
    if isinstance(statement, TextClause):
        _refuse_text_dml(statement.text)
        return None
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name not in table_by_name():
        return None
    session = state.session
    real = table_by_name()[name]
    params: Any = state.parameters
    if state.is_insert:
        rows = [params] if isinstance(params, dict) else list(params or [])
        if not rows:
            raise Conflict("sync.uncaptured_dml", table=name)
        _refuse_not_owned(session, name, (row.get("branch_id") for row in rows))
        for row in rows:
            if row.get("id") is None:
                row["id"] = new_id()
        result = state.invoke_statement()
        defer(session, [(name, str(r["id"])) for r in rows], [])
        return result
    if isinstance(params, list) or statement.whereclause is None and params:
        raise Conflict("sync.uncaptured_dml", table=name)  # bulk by primary key
    where = statement.whereclause
    query = select(real.c.id, real.c.row_version)
    if where is not None:
        query = query.where(where)
    if is_master_data(name):
        owners = select(real.c.branch_id) if where is None else select(real.c.branch_id).where(where)
        _refuse_not_owned(session, name, [*session.connection().execute(owners).scalars(),
                                          *_new_owner(statement)])
    before = [(str(r[0]), int(r[1] or 0)) for r in session.connection().execute(query)]
    if state.is_update:
        statement = statement.values(row_version=real.c.row_version + 1)
        result = state.invoke_statement(statement=statement)
        defer(session, [(name, row_id) for row_id, _v in before], [])
    else:
        result = state.invoke_statement()
        defer(session, [], [(name, row_id, v) for row_id, v in before])
    return result


def _new_owner(statement: Any) -> list[str | None]:
    """The owner an UPDATE sets (``[]`` when it leaves ``branch_id`` alone)."""
    values = getattr(statement, "_values", None) or {}
    for key, value in values.items():
        if getattr(key, "name", key) == "branch_id":
            return [getattr(value, "value", value)]
    return []


def _refuse_text_dml(sql: str) -> None:
    head = sql.lstrip()[:7].lower()
    if not head.startswith(("insert", "update", "delete", "replace")):
        return
    names = set(re.findall(r"\w+", sql.lower()))
    for name in table_by_name():
        if name in names:
            raise Conflict("sync.uncaptured_dml", table=name)


# --- writing entries -----------------------------------------------------------------------
def _order(table_name: str) -> int:
    return [t.name for t in syncable_tables()].index(table_name)


def record(conn: Connection, upserts: Sequence[tuple[str, str]],
           deletes: Sequence[tuple[str, str, int]]) -> int:
    """Write outbox entries for rows just written (read back) and rows just deleted.

    Parents before children, deletes last and children first, so that applying the entries
    in sequence order never breaks a foreign key. Returns the number of entries written.
    The rows' digests and the audit entries' chain links are written first
    (:func:`storage.audit_chain.seal`), so the entries carry them to HQ.
    """
    audit_chain.seal(conn, upserts, deletes)
    now = clock.now()
    entries: list[dict[str, Any]] = []
    by_table: dict[str, list[str]] = {}
    for table_name, row_id in upserts:
        ids = by_table.setdefault(table_name, [])
        ids.append(row_id)
    for table_name in sorted(by_table, key=_order):
        table = table_by_name()[table_name]
        ids = list(dict.fromkeys(by_table[table_name]))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = {r["id"]: r for r in conn.execute(
                select(table).where(table.c.id.in_(chunk))).mappings()}
            for row_id in chunk:
                row = rows.get(row_id)
                if row is not None:  # inserted and deleted in one flush: nothing to send
                    entries.append({"table_name": table_name, "row_id": row_id, "op": "upsert",
                                    "row_version": int(row["row_version"]),
                                    "payload": row_payload(table_name, row), "at": now})
    for table_name, row_id, version in sorted(deletes, key=lambda d: -_order(d[0])):
        entries.append({"table_name": table_name, "row_id": row_id, "op": "delete",
                        "row_version": version + 1, "payload": json.dumps({"id": row_id}), "at": now})
    return append(conn, entries)


def append(conn: Connection, entries: list[dict[str, Any]]) -> int:
    """Number ``entries`` (outbox rows without ``seq``, in the order they must apply) after
    the last sequence and write them under the retention rule; returns how many were kept.

    The one way entries enter the outbox (:func:`record`, and the demo's many-row writer
    ``storage.captured_rows``), so the rule below holds for every writer.
    """
    if not entries:
        return 0
    last = _last_seq(conn)
    for offset, entry in enumerate(entries, start=1):
        entry["seq"] = last + offset
    if not keeps_history(conn):  # the tombstones, and the newest entry: it holds the sequence
        entries = [e for e in entries[:-1] if e["op"] == "delete"] + entries[-1:]
        if last:
            conn.execute(OUTBOX.delete().where(OUTBOX.c.seq <= last, OUTBOX.c.op == "upsert"))
    execute_many(conn, OUTBOX, OUTBOX.insert(), _ENTRY_KEYS, entries)
    return len(entries)


#: key of the transaction-level advisory lock that serialises outbox writers on PostgreSQL
#: (any constant works; this one is "ddoutbox" in ASCII)
OUTBOX_LOCK_KEY = 0x6464_6F75_7462_6F78


def _last_seq(conn: Connection) -> int:
    """The highest sequence so far, read while holding the right to allocate the next ones.

    SQLite starts every writing unit of work ``BEGIN IMMEDIATE``, so the writer lock is
    already held. PostgreSQL lets two transactions run at once: both would read the same
    ``MAX(seq)`` and the second commit would break the primary key. A transaction-level
    advisory lock makes the second writer wait until the first has committed (PostgreSQL
    marks the commit visible before it releases the lock), and its ``MAX`` — a new
    statement under READ COMMITTED — then sees the first writer's entries. The lock goes
    with the transaction, so nothing can leak it.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK_KEY})
    return int(conn.execute(select(func.coalesce(func.max(OUTBOX.c.seq), 0))).scalar_one())


# --- retention --------------------------------------------------------------------------------
def _mode(conn: Connection) -> str:
    return str(conn.execute(select(Branch.mode).where(Branch.is_local.is_(True))).scalar() or "branch")


def keeps_history(conn: Connection) -> bool:
    """False at a branch that has never enrolled with HQ: it keeps no upsert entries."""
    if _mode(conn) == "hq":
        return True
    return conn.execute(select(PEERS.c.id).where(PEERS.c.role == "hq").limit(1)).first() is not None


def pruned_seq(conn: Connection) -> int:
    """Entries at or below this sequence were removed once they were acknowledged."""
    return int(conn.execute(select(RETENTION.c.pruned_seq).where(RETENTION.c.id == 1)).scalar() or 0)


def acknowledged(conn: Connection) -> int:
    """The sequence up to which no peer will ever need an entry again.

    A branch: what HQ acknowledged. HQ: the lowest acknowledgement of the branches bound to
    a key — a branch enrolled later, re-enrolled or on a new PC gets HQ's master data as a
    snapshot from the tables instead (:meth:`sync.service.SyncService.export_for_branch`), so
    a branch that never comes back does not hold HQ's retention up forever.
    """
    if _mode(conn) == "hq":
        low = conn.execute(select(func.min(PEERS.c.acked_seq)).where(
            PEERS.c.role == "branch", PEERS.c.sign_public.is_not(None))).scalar()
        return _MAX_SEQ if low is None else int(low)
    acked = conn.execute(select(PEERS.c.acked_seq).where(PEERS.c.role == "hq")).scalar()
    return int(acked or 0)


_MAX_SEQ = 2**62
_SEED_BATCH = 5000
#: at HQ, the entries of audit entries stay: they mark an entry as written at HQ
#: (``domain.services.audit``), and HQ never sends its trail
_KEPT_AT_HQ = "audit_entries"


def compact(conn: Connection) -> int:
    """Apply the retention rule in ``conn``'s transaction; returns the entries removed.

    The newest entry always stays, so the sequence (``MAX(seq)``) never goes back. A branch
    that never enrolled keeps only its tombstones (see :func:`record`); otherwise the entries
    at or below :func:`acknowledged` go, and ``sync_retention`` remembers how far.
    """
    last = _last_seq(conn)
    if last == 0:
        return 0
    if not keeps_history(conn):
        return int(conn.execute(OUTBOX.delete().where(
            OUTBOX.c.seq < last, OUTBOX.c.op == "upsert")).rowcount or 0)
    before = pruned_seq(conn)
    floor = min(acknowledged(conn), last - 1)
    if floor <= before:
        return 0
    gone = (OUTBOX.c.seq > before) & (OUTBOX.c.seq <= floor)
    if _mode(conn) == "hq":
        gone = gone & (OUTBOX.c.table_name != _KEPT_AT_HQ)
    newest = conn.execute(select(func.max(OUTBOX.c.at)).where(gone)).scalar()
    removed = int(conn.execute(OUTBOX.delete().where(gone)).rowcount or 0)
    old = conn.execute(select(RETENTION.c.pruned_at).where(RETENTION.c.id == 1)).first()
    if old is None:
        conn.execute(RETENTION.insert().values(id=1, pruned_seq=floor, pruned_at=newest))
    else:
        at = old.pruned_at if newest is None or (old.pruned_at is not None and old.pruned_at > newest) \
            else newest
        conn.execute(RETENTION.update().where(RETENTION.c.id == 1).values(pruned_seq=floor, pruned_at=at))
    return removed


def seed(conn: Connection) -> int:
    """At a branch whose next bundle starts at sequence 1 (its first enrolment, or a new PC
    taking over HQ's identity): rebuild its pending entries from the tables.

    Every row the branch owns gets one entry (parents first) and every tombstone a copy,
    numbered from 1 again: no sequence of this database has reached HQ yet (the enrolment's
    transaction also forgets the export high-water mark), so the first bundle is 1..n
    without holes, as before retention. Returns the entries written.
    """
    _last_seq(conn)  # the writer lock
    tombstones = [dict(r) for r in conn.execute(
        select(OUTBOX).where(OUTBOX.c.op == "delete").order_by(OUTBOX.c.seq)).mappings()]
    conn.execute(OUTBOX.delete())
    conn.execute(RETENTION.delete())
    written = 0
    for table in owned_tables("branch"):  # parents first, in batches: bounded memory
        query = select(table.c.id).order_by(table.c.id)
        mine = owned_rows(table, "branch")
        if mine is not None:
            query = query.where(mine)
        ids = [str(row_id) for row_id in conn.execute(query).scalars()]
        for start in range(0, len(ids), _SEED_BATCH):
            written += record(conn, [(table.name, i) for i in ids[start:start + _SEED_BATCH]], [])
    top = _last_seq(conn)
    for offset, entry in enumerate(tombstones, start=1):
        entry["seq"] = top + offset
    if tombstones:
        execute_many(conn, OUTBOX, OUTBOX.insert(), _ENTRY_KEYS, tombstones)
    return written + len(tombstones)


def backfill(conn: Connection) -> int:
    """Outbox entries for rows that have none (rows made before change capture existed).

    Reads each table as it is in the database (reflected), so it works from a migration
    whatever columns later revisions add to the model.
    """
    existing = set(inspect(conn).get_table_names())
    meta = MetaData()
    upserts: list[tuple[str, str]] = []
    for table in syncable_tables():
        if table.name not in existing:
            continue
        with warnings.catch_warnings():  # only the columns matter here, not the KPI's index
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
            reflected = Table(table.name, meta, autoload_with=conn)  # on an expression (0013)
        missing = select(reflected.c.id).where(~reflected.c.id.in_(
            select(OUTBOX.c.row_id).where(OUTBOX.c.table_name == table.name)))
        upserts.extend((table.name, str(r[0])) for r in conn.execute(missing))
    if not upserts:
        return 0
    return _record_reflected(conn, meta, upserts)


def _record_reflected(conn: Connection, meta: MetaData, upserts: Iterable[tuple[str, str]]) -> int:
    now = clock.now()
    entries: list[dict[str, Any]] = []
    by_table: dict[str, list[str]] = {}
    for table_name, row_id in upserts:
        by_table.setdefault(table_name, []).append(row_id)
    for table_name in sorted(by_table, key=_order):
        table = meta.tables[table_name]
        ids = by_table[table_name]
        for start in range(0, len(ids), _CHUNK):
            for row in conn.execute(select(table).where(
                    table.c.id.in_(ids[start:start + _CHUNK]))).mappings():
                entries.append({"table_name": table_name, "row_id": row["id"], "op": "upsert",
                                "row_version": int(row["row_version"] or 1),
                                "payload": row_payload(table_name, _typed(table_name, row)),
                                "at": now})
    last = _last_seq(conn)
    for offset, entry in enumerate(entries, start=1):
        entry["seq"] = last + offset
    if entries:
        execute_many(conn, OUTBOX, OUTBOX.insert(), _ENTRY_KEYS, entries)
    return len(entries)


def _typed(table_name: str, row: Any) -> dict[str, Any]:
    """A reflected row with the model's types applied (naive stored UTC -> aware UTC)."""
    out = dict(row)
    for column in table_by_name()[table_name].columns:
        value = out.get(column.name)
        if isinstance(column.type, UTCDateTime) and isinstance(value, datetime) and value.tzinfo is None:
            out[column.name] = value.replace(tzinfo=UTC)
    return out
