"""Applying changes from a peer (导入变更): upsert by UUID, the row version decides.

Why collapse first and write in batches: a bundle often changes one row several times; only
its last state matters, and writing each table with one ``executemany`` per statement shape
keeps an import of 100,000 changes close to the speed of a plain bulk insert. Parents are
written before children and deletes go children first (on SQLite, foreign keys are also
deferred to the commit, so a self-reference in one bundle cannot trip). Every statement is
portable SQLAlchemy Core, so HQ on PostgreSQL runs the same code.

Rules: a row's UUID is its identity — an existing row is updated only when the incoming
row version is newer (so re-importing changes nothing), a new id is inserted, a tombstone
deletes the row unless HQ holds a newer version. Only tables the sender owns are accepted
(HQ takes a branch's operational records; a branch takes HQ's master data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, select

from storage.bulk import execute_many
from storage.syncrows import decode_row, syncable_tables, utc_columns

_CHUNK = 900  # ids per look-up (below SQLite's oldest 999-variable limit)
NO_LOGIN = "!"  # a password hash no password matches: branch staff cannot log in at HQ


def _fix_row(table: str, row: dict[str, Any], sender: str, at_hq: bool) -> dict[str, Any]:
    """What a row becomes on the receiving side (staff of a branch at HQ: names for reports)."""
    if at_hq and table == "staff":
        if "username" in row:
            row["username"] = f"{sender}/{row['username']}"
        row["active"] = False
    return row


def apply_changes(conn: Connection, changes: Sequence[dict[str, Any]], allowed: Iterable[str], *,
                  sender: str, at_hq: bool,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Apply ``changes`` (in sequence order) inside the caller's transaction; returns how many
    rows were inserted, updated or deleted."""
    allowed_set = set(allowed)
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for change in changes:
        if change["t"] in allowed_set and change.get("row", {}).get("id", change["id"]) == change["id"]:
            last[(change["t"], change["id"])] = change
    by_table: dict[str, list[dict[str, Any]]] = {}
    for (table_name, _row_id), change in last.items():
        by_table.setdefault(table_name, []).append(change)
    tables = [t for t in syncable_tables() if t.name in by_table]
    total = len(last)
    done = 0
    written = 0
    for table in tables:
        upserts = [c for c in by_table[table.name] if c["op"] == "upsert"]
        written += _upsert(conn, table, upserts, sender, at_hq)
        done += len(upserts)
        if progress is not None:
            progress(done, total)
    for table in reversed(tables):
        deletes = [c for c in by_table[table.name] if c["op"] == "delete"]
        written += _delete(conn, table, deletes)
        done += len(deletes)
        if progress is not None and deletes:
            progress(done, total)
    return written


def _versions(conn: Connection, table: Table, ids: list[str]) -> dict[str, int]:
    """The receiver's row version of each id it already holds."""
    found: dict[str, int] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for row_id, version in conn.execute(select(table.c.id, table.c.row_version)
                                            .where(table.c.id.in_(chunk))):
            found[row_id] = int(version or 0)
    return found


_KEEP_ON_UPDATE = {"staff": frozenset({"password_hash"})}


def _upsert(conn: Connection, table: Table, changes: list[dict[str, Any]], sender: str, at_hq: bool) -> int:
    """New ids are inserted, known ids updated when the incoming version is newer.

    Why look the ids up first rather than ``INSERT … ON CONFLICT DO UPDATE``: with foreign
    keys enforced SQLite prepares the update's foreign-key work for every row, which made
    the upsert twice as slow as a plain insert. Inserts go through :func:`execute_many`
    (one compiled statement, the driver's ``executemany``).
    """
    if not changes:
        return 0
    existing = _versions(conn, table, [c["id"] for c in changes])
    inserts: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    sqlite_text = conn.dialect.name == "sqlite"
    for change in changes:
        have = existing.get(change["id"])
        version = int(change["v"])
        if have is not None and version <= have:
            continue  # HQ already holds this version or a newer one
        new = have is None
        row = _fix_row(table.name, decode_row(table.name, change["row"], sqlite_text=sqlite_text and new),
                       sender, at_hq)
        row["id"] = change["id"]
        row["row_version"] = version
        if new:
            if at_hq and table.name == "staff":
                row["password_hash"] = NO_LOGIN
            inserts.setdefault(tuple(row), []).append(row)  # payload keys come sorted
        else:
            for key in _KEEP_ON_UPDATE.get(table.name, frozenset()):
                row.pop(key, None)
            updates.setdefault(tuple(sorted(row)), []).append({f"p_{k}": v for k, v in row.items()})
    ready = utc_columns(table.name) if sqlite_text else frozenset()
    written = 0
    for keys, rows in inserts.items():
        written += execute_many(conn, table, table.insert(), keys, rows, ready=ready)
    for keys, params in updates.items():
        statement = (table.update().where(table.c.id == bindparam("p_id"))
                     .values({k: bindparam(f"p_{k}") for k in keys if k != "id"}))
        conn.execute(statement, params)
        written += len(params)
    return written


def _delete(conn: Connection, table: Table, changes: list[dict[str, Any]]) -> int:
    """Tombstones: delete the row unless the receiver holds a newer version of it."""
    if not changes:
        return 0
    existing = _versions(conn, table, [c["id"] for c in changes])
    doomed = [{"p_id": c["id"], "p_v": int(c["v"])} for c in changes
              if c["id"] in existing and existing[c["id"]] < int(c["v"])]
    if doomed:
        conn.execute(table.delete().where(and_(table.c.id == bindparam("p_id"),
                                               table.c.row_version < bindparam("p_v"))), doomed)
    return len(doomed)
