"""Tamper-evident records (issue 23, item 5): the audit trail's hash chain and row digests.

"The audit trail becomes a hash chain (each entry carries the hash of the one before), and
every audited change records a digest of the row's new content. ``dealerdesk check``
verifies the chain and that every row of every audited table matches its last audited
digest."

How it is written. Every change to a syncable row goes through change capture
(:mod:`storage.outbox`): the unit of work's rows at commit, bulk statements run through a
session, and the writers on a plain connection (sync's own entries, the enrolment's
re-keying) all end in :func:`storage.outbox.record`, which calls :func:`seal` first. So
"every change to a record goes through the audited path" is the outbox's own rule, and
:func:`seal` sees exactly the rows it sees:

* it reads the changed rows back and records each one's digest (:func:`row_digest`) in
  ``audit_row_digests`` (a deleted row's digest goes; the entry gets :data:`TOMBSTONE`);
* the audit entries of the unit of work (written by :mod:`storage.audit_hook` or by
  ``domain.audit.record_event``; in the outbox list like every syncable row) get their
  ``row_digest``, then ``chain_id``, ``seq``, ``prev_hash`` and ``entry_hash``, in the order
  they were written, after this database's chain head (``audit_chain_heads``, ``is_local``),
  which moves on with them.

The other writers: the demo's many-row writer (:mod:`storage.captured_rows`) calls
:func:`vouch_new_rows` with the very rows it inserts; a sync import (:mod:`sync.apply`,
rows that were audited where they were made) calls :func:`receive` in the import's
transaction, which verifies each incoming chain against the head HQ holds for it
(:func:`verify_incoming`: hashes, links, no gap), moves that head on, and records the
digests of the rows the import wrote. Migration 0021 built the baseline: the chain over the
entries that existed, and one digest per existing row (:func:`baseline`).

The lock: on PostgreSQL six desks save at once. :func:`seal` runs inside the saving
transaction, at its commit, and takes the outbox's transaction-level advisory lock (the
same one :func:`storage.outbox.append` takes next, so there is one lock and one order:
no deadlock) and then the head row ``FOR UPDATE``; the next writer reads the head only once
this one has committed. On SQLite every writing unit of work already holds the write lock.

What the check finds, and what it cannot (say it honestly): an edit of a row, of an entry or
of a digest with a database tool; a row added or deleted beside the app; the newest entries
deleted (the head remembers the count and the last hash). It does not hold against someone
who has the program's code and write access to the database and rebuilds every hash from
the edit onward, the head and the digests included: there is no secret here, by design (a
shop's PC keeps none that its administrator could not read). HQ's copy of a branch's chain,
verified on arrival, is the second witness: a branch rewriting its history after it sent it
disagrees with what HQ holds.

A migration that changes the stored content of rows of an audited table (a new column, a
recomputed field) must call :func:`rebaseline` for that table, or every row is reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import (
    Connection,
    MetaData,
    Table,
    bindparam,
    delete,
    insert,
    inspect,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from domain import clock
from domain.model.audit import AuditChainHead, AuditEntry, AuditRowDigest
from domain.orm import new_id
from storage.syncrows import syncable_tables, table_by_name

AUDIT = cast(Table, AuditEntry.__table__)
HEADS = cast(Table, AuditChainHead.__table__)
DIGESTS = cast(Table, AuditRowDigest.__table__)
AUDIT_TABLE = AUDIT.name

#: ``prev_hash`` of a chain's first entry
GENESIS = "0" * 64
#: the digest a deletion records (the row has no content any more)
TOMBSTONE = hashlib.sha256(b"dealerdesk:deleted").hexdigest()

#: Columns left out of a row's digest: bookkeeping that changes with every save
#: (``updated_at``, ``row_version``: the content says what changed) and per-PC state that
#: changes outside the audit (``storage.audit_hook._IGNORED``: login counters).
DIGEST_EXCLUDED = frozenset({"updated_at", "row_version", "failed_logins", "locked_until",
                             "last_login_at"})
#: per table, local-only columns set outside change capture (``storage.syncrows``)
DIGEST_EXCLUDED_BY_TABLE: dict[str, frozenset[str]] = {
    "branches": frozenset({"is_local", "mode"}),
}
#: the fields of an entry its hash covers (``updated_at``/``row_version`` never change; the
#: hash itself is not part of it)
ENTRY_FIELDS = ("id", "at", "staff_id", "staff_name", "action", "table_name", "record_id",
                "record_label", "changes", "detail", "row_count", "chain_id", "seq", "row_digest")

#: A restore's entry starts a new chain: the restored database goes on from an older point
#: of its chain, and the entries the lost database wrote after the backup (which HQ may
#: hold) keep their numbers. The chain before it stays, retired (``source`` :data:`RETIRED`).
RESTORE = "restore"
RETIRED = "恢复前"

_CHUNK = 900  # ids per look-up (below SQLite's oldest 999-variable limit)
_READY = "dealerdesk_audit_chain_ready"
_DUMP = orjson.OPT_SORT_KEYS | orjson.OPT_NAIVE_UTC


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    raise TypeError(type(value).__name__)


def _canonical(data: Mapping[Any, Any]) -> bytes:
    """Sorted keys, no spaces, times as ISO 8601 UTC (a naive time read from SQLite through
    a reflected table is UTC too), bytes as hex: equal content, equal bytes."""
    return orjson.dumps(data, default=_encode, option=_DUMP)


@cache
def _skipped(table_name: str) -> frozenset[str]:
    return DIGEST_EXCLUDED | DIGEST_EXCLUDED_BY_TABLE.get(table_name, frozenset())


def row_digest(table_name: str, row: Mapping[Any, Any], *, stored: bool = True) -> str:
    """SHA-256 (hex) of the row's content: every column but :data:`DIGEST_EXCLUDED`.

    ``stored``: the row was read from the database, so its times are UTC (aware, through
    the model) or naive UTC (a reflected table), which orjson writes alike; a writer's own
    values (``stored=False``) may carry another zone and are turned to UTC first. Why the
    two: the check digests every row of every table, and the conversion was most of its time.
    """
    skip = _skipped(table_name)
    # str(): a reflected table's column names are a str subclass, which orjson refuses as keys
    if stored:
        data = {str(k): v for k, v in row.items() if k not in skip}
    else:
        data = {str(k): _plain(v) for k, v in row.items() if k not in skip}
    return hashlib.sha256(_canonical(data)).hexdigest()


def _plain(value: Any) -> Any:
    """An aware time as naive UTC (written with ``+00:00`` by ``OPT_NAIVE_UTC``)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def entry_hash(entry: Mapping[Any, Any], prev_hash: str) -> str:
    """SHA-256 (hex) over ``prev_hash`` and the entry's :data:`ENTRY_FIELDS`."""
    data = {name: _plain(entry.get(name)) for name in ENTRY_FIELDS}
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + _canonical(data)).hexdigest()


@cache
def audited_names() -> frozenset[str]:
    """Every table whose rows the check compares with their digests: every syncable table
    but the trail itself (the chain covers it)."""
    return frozenset(t.name for t in syncable_tables() if t.name != AUDIT_TABLE)


def audited_tables() -> tuple[Table, ...]:
    return tuple(t for t in syncable_tables() if t.name != AUDIT_TABLE)


def ready(conn: Connection) -> bool:
    """Whether this database has the chain (revision 0021 or later). A migration before it
    may record outbox entries; they are not chained (the baseline chains them)."""
    info = conn.info
    if info.get(_READY):
        return True
    found = inspect(conn).has_table(HEADS.name)
    if found:
        info[_READY] = True
    return found


# --- writing ------------------------------------------------------------------------------
def seal(conn: Connection, upserts: Sequence[tuple[str, str]],
         deletes: Sequence[tuple[str, str, int]]) -> None:
    """Digest the rows a unit of work wrote and chain its audit entries (module doc);
    called by :func:`storage.outbox.record` before it writes the outbox entries, in the
    same transaction."""
    if not (upserts or deletes) or not ready(conn):
        return
    audited = audited_names()
    entry_ids = list(dict.fromkeys(rid for t, rid in upserts if t == AUDIT_TABLE))
    changed = [(t, rid) for t, rid in upserts if t in audited]
    removed = [(t, rid) for t, rid, _v in deletes if t in audited]
    if not (entry_ids or changed or removed):
        return
    _lock(conn)
    digests = _read_digests(conn, changed)
    for key in removed:
        digests.setdefault(key, TOMBSTONE)
    vouched: dict[tuple[str, str], str] = {}
    if entry_ids:
        vouched = _chain_local(conn, entry_ids, digests)
    _record_digests(conn, digests, vouched)


def vouch_new_rows(conn: Connection, table_name: str, rows: Sequence[Mapping[Any, Any]]) -> None:
    """Record the digests of brand-new rows a bulk writer inserted (each row complete: every
    column, the values as inserted); their audit entry is the writer's one summary."""
    if not rows or table_name not in audited_names() or not ready(conn):
        return
    _upsert_digests(conn, [{"table_name": table_name, "record_id": str(row["id"]),
                            "digest": row_digest(table_name, row, stored=False), "entry_id": ""}
                           for row in rows])


def receive(conn: Connection, changes: Sequence[Mapping[Any, Any]], sender: str) -> str | None:
    """At the receiving end of a sync import, after its rows were applied, in its
    transaction: verify each incoming chain (:func:`verify_incoming`) and move its head on,
    chain entries that came without one (a sender older than the chain) into this
    database's own, and record the digests of the rows the import wrote. Returns the
    refusal (one line naming the table) or None."""
    if not ready(conn):
        return None
    _lock(conn)
    entries = [c["row"] for c in changes
               if c.get("t") == AUDIT_TABLE and c.get("op") == "upsert" and isinstance(c.get("row"), dict)]
    problem = verify_incoming(conn, entries, sender)
    if problem is not None:
        return problem
    unchained = [str(e["id"]) for e in entries if not e.get("chain_id")]
    audited = audited_names()
    touched = list(dict.fromkeys((str(c.get("t")), str(c.get("id"))) for c in changes
                                 if c.get("t") in audited and c.get("id") is not None))
    if unchained:
        _chain_local(conn, unchained, {})
    # a chunk at a time: a bundle's rows are applied in bounded memory, and so are their digests
    for start in range(0, len(touched), _CHUNK):
        chunk = touched[start:start + _CHUNK]
        digests = _read_digests(conn, chunk)
        for key in chunk:
            digests.setdefault(key, TOMBSTONE)  # not there after the import: deleted
        _record_digests(conn, digests, {})
    return None


def verify_incoming(conn: Connection, entries: Sequence[Mapping[Any, Any]], sender: str) -> str | None:
    """Whether the received entries continue the chains this database holds for them.

    Per chain, the new entries (above the head's number) must be numbered on without a gap,
    each linking to the one before and its hash matching its content; a chain not seen
    before may start anywhere (a branch enrolled after its trail began), and this
    database's own chain is never accepted from outside. The head then moves on."""
    by_chain: dict[str, list[Mapping[Any, Any]]] = {}
    for entry in entries:
        chain = entry.get("chain_id")
        if chain:
            by_chain.setdefault(str(chain), []).append(entry)
    for chain, items in by_chain.items():
        head = conn.execute(select(HEADS).where(HEADS.c.chain_id == chain)
                            .with_for_update()).mappings().first()
        if head is not None and head["is_local"]:
            return f"操作日志（{AUDIT_TABLE}）：数据包中含有本机自己的操作日志链 {chain[:8]}，拒绝导入"
        seq = int(head["seq"]) if head is not None else None
        last = str(head["last_hash"]) if head is not None else None
        for entry in sorted(items, key=lambda e: int(e.get("seq") or 0)):
            number = int(entry.get("seq") or 0)
            if seq is not None and number <= seq:
                continue  # already held (a re-sent bundle or a snapshot)
            if seq is not None and number != seq + 1:
                return (f"操作日志（{AUDIT_TABLE}）：{sender} 的操作日志链缺少第 {seq + 1}"
                        f"-{number - 1} 条，拒绝导入")
            prev = str(entry.get("prev_hash") or "")
            if last is not None and prev != last:
                return f"操作日志（{AUDIT_TABLE}）：{sender} 的操作日志第 {number} 条与前一条不相连，拒绝导入"
            stored = _as_stored(entry)
            if entry_hash(stored, prev) != entry.get("entry_hash"):
                return f"操作日志（{AUDIT_TABLE}）：{sender} 的操作日志第 {number} 条的内容与其哈希不符，拒绝导入"
            seq, last = number, str(entry.get("entry_hash"))
        if seq is None or last is None:
            continue
        values = {"seq": seq, "last_hash": last, "updated_at": clock.now(), "source": sender}
        if head is None:
            conn.execute(HEADS.insert().values(chain_id=chain, is_local=False, **values))
        else:
            conn.execute(HEADS.update().where(HEADS.c.chain_id == chain).values(**values))
    return None


def _as_stored(entry: Mapping[Any, Any]) -> dict[str, Any]:
    """A received entry's fields as the database returns them (its time a datetime)."""
    data = dict(entry)
    at = data.get("at")
    if isinstance(at, str):
        data["at"] = datetime.fromisoformat(at)
    return data


def _lock(conn: Connection) -> None:
    """The outbox's transaction-level lock (module doc); SQLite's writer already holds its own."""
    if conn.dialect.name == "postgresql":
        from storage.outbox import OUTBOX_LOCK_KEY

        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK_KEY})


def _read_digests(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The digest of each of these rows as stored now (absent rows are left out)."""
    by_table: dict[str, list[str]] = {}
    for table_name, row_id in keys:
        by_table.setdefault(table_name, []).append(row_id)
    found: dict[tuple[str, str], str] = {}
    for table_name, ids in by_table.items():
        table = table_by_name()[table_name]
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start:start + _CHUNK]
            for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                found[(table_name, str(row["id"]))] = row_digest(table_name, row)
    return found


def _local_head(conn: Connection) -> tuple[str, int, str]:
    head = conn.execute(select(HEADS).where(HEADS.c.is_local.is_(True)).with_for_update()).first()
    if head is not None:
        return str(head.chain_id), int(head.seq), str(head.last_hash)
    chain = new_id()
    conn.execute(HEADS.insert().values(chain_id=chain, is_local=True, source="", seq=0,
                                       last_hash=GENESIS, updated_at=clock.now()))
    return chain, 0, GENESIS


def _chain_local(conn: Connection, entry_ids: Sequence[str],
                 digests: Mapping[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Number and hash these entries (not yet chained) after this database's head, in the
    order given; returns, per row an entry is about, the entry that recorded its digest.
    The head is made with the first entry, never before: a database copied before its first
    entry (a template, an empty file) still gets a chain of its own."""
    if not entry_ids:
        return {}
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(entry_ids), _CHUNK):
        chunk = list(entry_ids[start:start + _CHUNK])
        for row in conn.execute(select(AUDIT).where(AUDIT.c.id.in_(chunk))).mappings():
            rows[str(row["id"])] = dict(row)
    chain, seq, last = _local_head(conn)
    updates: list[dict[str, Any]] = []
    vouched: dict[tuple[str, str], str] = {}
    for entry_id in entry_ids:
        entry = rows.get(entry_id)
        if entry is None or entry.get("entry_hash"):
            continue  # gone again in the same unit of work, or chained already
        if entry["action"] == RESTORE and seq > 0:
            _close_head(conn, chain, seq, last)
            chain, seq, last = _local_head(conn)
        key = (str(entry["table_name"]), str(entry["record_id"]))
        digest = digests.get(key, "") if entry["record_id"] else ""
        if digest:
            vouched[key] = entry_id
        seq += 1
        entry.update(chain_id=chain, seq=seq, row_digest=digest)
        hashed = entry_hash(entry, last)
        updates.append({"b_id": entry_id, "chain_id": chain, "seq": seq, "prev_hash": last,
                        "entry_hash": hashed, "row_digest": digest})
        last = hashed
    if not updates:
        return vouched
    _close_head(conn, chain, seq, last, local=True)
    conn.execute(update(AUDIT).where(AUDIT.c.id == bindparam("b_id")), updates)
    return vouched


def _close_head(conn: Connection, chain: str, seq: int, last: str, *, local: bool = False) -> None:
    """Move the head of ``chain`` to (``seq``, ``last``); unless ``local``, the chain is
    retired: a restored backup goes on in a chain of its own (:data:`RESTORE`)."""
    values: dict[str, Any] = {"seq": seq, "last_hash": last, "updated_at": clock.now()}
    if not local:
        values.update(is_local=False, source=RETIRED)
    conn.execute(HEADS.update().where(HEADS.c.chain_id == chain).values(**values))


def _record_digests(conn: Connection, digests: Mapping[tuple[str, str], str],
                    vouched: Mapping[tuple[str, str], str]) -> None:
    gone = [key for key, digest in digests.items() if digest == TOMBSTONE]
    kept = [{"table_name": t, "record_id": rid, "digest": digest, "entry_id": vouched.get((t, rid), "")}
            for (t, rid), digest in digests.items() if digest != TOMBSTONE]
    for start in range(0, len(gone), _CHUNK // 2):
        chunk = gone[start:start + _CHUNK // 2]
        conn.execute(delete(DIGESTS).where(tuple_(DIGESTS.c.table_name, DIGESTS.c.record_id).in_(chunk)))
    _upsert_digests(conn, kept)


def _upsert_digests(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(DIGESTS)
    statement = statement.on_conflict_do_update(
        index_elements=[DIGESTS.c.table_name, DIGESTS.c.record_id],
        set_={"digest": statement.excluded.digest, "entry_id": statement.excluded.entry_id})
    for start in range(0, len(rows), 5000):
        conn.execute(statement, list(rows[start:start + 5000]))


# --- baseline (migration 0021) and re-baseline -----------------------------------------------
def baseline(conn: Connection) -> tuple[int, int]:
    """Chain every existing entry (oldest first) into a new chain of this database's own and
    record a digest for every row of every audited table; returns (entries, rows). Reads
    the tables as they are in the database (reflected), so it works at revision 0021
    whatever later revisions add."""
    meta = MetaData()
    audit = Table(AUDIT_TABLE, meta, autoload_with=conn)
    ids = [str(r[0]) for r in conn.execute(select(audit.c.id).where(audit.c.entry_hash == "")
                                           .order_by(audit.c.at, audit.c.id))]
    _chain_local(conn, ids, {})
    rows = 0
    existing = set(inspect(conn).get_table_names())
    for name in sorted(audited_names() & existing):
        rows += rebaseline(conn, name, Table(name, meta, autoload_with=conn))
    return len(ids), rows


def rebaseline(conn: Connection, table_name: str, table: Table | None = None) -> int:
    """Record the current digest of every row of ``table_name`` (a migration that rewrites
    its rows calls this, in its own transaction). Returns the number of rows."""
    table = table if table is not None else table_by_name()[table_name]
    conn.execute(delete(DIGESTS).where(DIGESTS.c.table_name == table_name))
    count = 0
    batch: list[dict[str, Any]] = []
    for row in _stream(conn, select(table)):
        batch.append({"table_name": table_name, "record_id": str(row["id"]),
                      "digest": row_digest(table_name, row), "entry_id": ""})
        if len(batch) >= 5000:
            conn.execute(insert(DIGESTS), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(insert(DIGESTS), batch)
        count += len(batch)
    return count


def _stream(conn: Connection, query: Any) -> Iterator[Mapping[Any, Any]]:
    """Rows in bounded memory (a server-side cursor on PostgreSQL, SQLite's own stepping)."""
    yield from conn.execute(query.execution_options(stream_results=True, yield_per=2000)).mappings()


__all__ = ["DIGEST_EXCLUDED", "GENESIS", "TOMBSTONE", "audited_names", "audited_tables",
           "baseline", "entry_hash", "ready", "rebaseline", "receive", "row_digest", "seal",
           "verify_incoming", "vouch_new_rows"]
