"""Applying changes from a peer (导入变更): upsert by UUID, the row version decides.

Why collapse first and write in batches: a bundle often changes one row several times; only
its last state matters, and writing each table with one ``executemany`` per statement shape
keeps an import of 100,000 changes close to the speed of a plain bulk insert. A table's new
rows go in key order, so its primary-key index is filled page after page rather than all
over (a million-change import no longer rewrites index pages that spilled from the cache),
except in a table that points at itself. Parents are
written before children and deletes go children first (on SQLite, foreign keys are also
deferred to the commit, so a self-reference in one bundle cannot trip). Every statement is
portable SQLAlchemy Core, so HQ on PostgreSQL runs the same code.

Why column-wise: per change, Python work costs more than SQLite's own insert. So the usual
bundle — long runs of new rows of one shape — is collapsed with ``map``/``zip``/``dict``,
looked up only when the receiving table holds any row at all, transposed into columns in C,
and only its date and time columns are converted (one check and two ``str.replace`` for a
whole column of our own export's UTC times on SQLite); booleans, strings and integers go to
the driver as they came. Anything unusual (rows already held, payloads of mixed shapes, a
change without a row) takes the row-wise path; both end in the same rows (tests/sync/
test_import_paths.py).

Rules: a row's UUID is its identity — an existing row is updated only when the incoming
row version is newer (so re-importing changes nothing), a new id is inserted, a tombstone
deletes the row unless HQ holds a newer version. Only tables the sender owns are accepted
(HQ takes a branch's operational records and its own master data; a branch takes HQ's
master data); whose rows a bundle may carry, table by table, is checked before anything is
applied, by :mod:`sync.owners`, which refuses a bundle naming any other table whole. A
change whose row names another id than the change is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import eq, itemgetter
from typing import Any

from sqlalchemy import BindParameter, Connection, Table, and_, bindparam, select

from storage import notify
from storage.bulk import execute_columns
from storage.syncrows import (
    decode_column,
    decode_row,
    is_master_data,
    known_keys,
    syncable_tables,
    utc_columns,
)

_CHUNK = 900  # ids per look-up (below SQLite's oldest 999-variable limit)
NO_LOGIN = "!"  # a password hash no password matches: branch staff cannot log in at HQ


def _fix_row(table: str, row: dict[str, Any], sender: str, at_hq: bool) -> dict[str, Any]:
    """What a row becomes on the receiving side: a branch's staff at HQ get their branch code
    before the user name (names are unique in one database). They keep the branch's
    ``active`` flag — still employed there, which HQ's KPI counts (technicians on the books) —
    and cannot log in at HQ: their password is :data:`NO_LOGIN` and HQ's login accepts only
    its own branch's staff (``StaffService.login``)."""
    if at_hq and table == "staff" and "username" in row:
        row["username"] = f"{sender}/{row['username']}"
    return row


def apply_changes(conn: Connection, changes: Sequence[dict[str, Any]], allowed: Iterable[str], *,
                  sender: str, at_hq: bool,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Apply ``changes`` (in sequence order) inside the caller's transaction; returns how many
    rows were inserted, updated or deleted."""
    allowed_set = set(allowed)
    by_table = _collapse(changes, allowed_set)
    tables = [t for t in syncable_tables() if by_table.get(t.name)]
    total = sum(len(latest) for latest in by_table.values())
    done = 0
    written = 0
    # master data: a code deleted and made again in one bundle is a new row with the old
    # code, so the old row goes first (its children first); nothing else points at it
    for table in reversed(tables):
        if is_master_data(table.name):
            deletes = [c for c in by_table[table.name].values() if c["op"] == "delete"]
            written += _delete(conn, table, deletes)
            done += len(deletes)
    for table in tables:
        latest = by_table[table.name]
        upserts = list(latest.values()) if set(map(_OP, latest.values())) == {"upsert"} \
            else [c for c in latest.values() if c["op"] == "upsert"]
        written += _upsert(conn, table, upserts, sender, at_hq)
        done += len(upserts)
        if progress is not None:
            progress(done, total)
    for table in reversed(tables):
        if is_master_data(table.name):
            continue
        deletes = [c for c in by_table[table.name].values() if c["op"] == "delete"]
        written += _delete(conn, table, deletes)
        done += len(deletes)
        if progress is not None and deletes:
            progress(done, total)
    if written:  # the desks on this server hear of the import once, when it commits
        notify.send(conn, (table.name for table in tables))
    return written


_OP, _TABLE, _ID, _ROW, _VERSION = (itemgetter(k) for k in ("op", "t", "id", "row", "v"))


def _collapse(changes: Sequence[dict[str, Any]], allowed: set[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per allowed table, the last change of each row id (in first-seen order). A change whose
    row names another id than the change itself is ignored.

    Why two ways: a bundle is usually long runs of well-formed changes of a few tables,
    which ``map``/``compress``/``zip``/``dict`` collapse without a Python step per change;
    anything unusual (a change without a row, a row without an id or naming another id)
    takes the plain loop.
    """
    by_table: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in allowed}
    try:
        ids = list(map(_ID, changes))
        if ids != list(map(_ID, map(_ROW, changes))):
            raise KeyError("id")
        tables = list(map(_TABLE, changes))
    except (KeyError, TypeError):
        empty: dict[str, Any] = {}
        for change in changes:
            latest = by_table.get(change["t"])
            if latest is not None:
                row_id = change["id"]
                if change.get("row", empty).get("id", row_id) == row_id:
                    latest[row_id] = change
        return by_table
    present = set(tables)
    for name in present & allowed:
        if len(present) == 1:
            by_table[name] = dict(zip(ids, changes, strict=True))
        else:
            mine = list(map(eq, repeat(name), tables))
            by_table[name] = dict(zip(compress(ids, mine), compress(changes, mine), strict=True))
    return by_table


def _versions(conn: Connection, table: Table, ids: list[str]) -> dict[str, int]:
    """The receiver's row version of each id it already holds.

    Why the emptiness check first: the first bundle of a branch (and every bundle into a
    table HQ holds no rows of yet) looks up ids that cannot exist; one ``LIMIT 1`` query
    proves it. Otherwise the ids go ``_CHUNK`` at a time through one statement compiled
    once (one bind per id): SQLAlchemy's expanding ``IN`` re-renders per call, which cost
    more than the look-up itself.
    """
    if not ids or conn.execute(select(table.c.id).limit(1)).first() is None:
        return {}
    found: dict[str, int] = {}
    statements: dict[int, tuple[str, list[str] | None]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        if len(chunk) not in statements:
            statements[len(chunk)] = _lookup(conn, table, len(chunk))
        sql, names = statements[len(chunk)]
        params: Any = tuple(chunk) if names is None else dict(zip(names, chunk, strict=True))
        for row_id, version in conn.exec_driver_sql(sql, params):
            found[row_id] = int(version or 0)
    return found


def _lookup(conn: Connection, table: Table, size: int) -> tuple[str, list[str] | None]:
    """``SELECT id, row_version … WHERE id IN (:i0, …)`` for ``size`` ids, in the driver's own
    SQL; the bind names (``None`` when the dialect binds by position, in id order)."""
    binds: list[BindParameter[str]] = [bindparam(f"i{k}") for k in range(size)]
    compiled = select(table.c.id, table.c.row_version).where(table.c.id.in_(binds)).compile(
        dialect=conn.dialect)
    if compiled.positional:
        assert list(compiled.positiontup or ()) == [b.key for b in binds]
        return str(compiled), None
    return str(compiled), [b.key for b in binds]


_KEEP_ON_UPDATE = {"staff": frozenset({"password_hash"})}
_SET_BY_CHANGE = frozenset({"id", "row_version"})


def _upsert(conn: Connection, table: Table, changes: list[dict[str, Any]], sender: str, at_hq: bool) -> int:
    """New ids are inserted, known ids updated when the incoming version is newer.

    Why look the ids up first rather than ``INSERT … ON CONFLICT DO UPDATE``: with foreign
    keys enforced SQLite prepares the update's foreign-key work for every row, which made
    the upsert twice as slow as a plain insert. New rows are written column by column
    (:func:`_insert`); updates, rare in a bundle, row by row.
    """
    if not changes:
        return 0
    if not _self_referencing(table):
        changes = sorted(changes, key=_ID)
    existing = _versions(conn, table, [c["id"] for c in changes])
    inserts: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    sqlite_text = conn.dialect.name == "sqlite"
    if not existing and len(set(map(len, map(_ROW, changes)))) == 1:  # the usual bundle
        try:
            return _insert(conn, table, tuple(changes[0]["row"]), changes, sender, at_hq, sqlite_text)
        except _MixedShapes:
            pass  # same number of keys but not the same keys: group them below
    for change in changes:
        have = existing.get(change["id"])
        if have is None:
            inserts.setdefault(tuple(change["row"]), []).append(change)  # payload keys come sorted
            continue
        version = int(change["v"])
        if version <= have:
            continue  # HQ already holds this version or a newer one
        row = _fix_row(table.name, decode_row(table.name, change["row"]), sender, at_hq)
        row["id"] = change["id"]
        row["row_version"] = version
        for key in _KEEP_ON_UPDATE.get(table.name, frozenset()):
            row.pop(key, None)
        updates.setdefault(tuple(sorted(row)), []).append({f"p_{k}": v for k, v in row.items()})
    written = 0
    for keys, group in inserts.items():
        written += _insert(conn, table, keys, group, sender, at_hq, sqlite_text)
    for keys, params in updates.items():
        statement = (table.update().where(table.c.id == bindparam("p_id"))
                     .values({k: bindparam(f"p_{k}") for k in keys if k != "id"}))
        conn.execute(statement, params)
        written += len(params)
    return written


def _self_referencing(table: Table) -> bool:
    """A table whose rows may point at rows of the same table (a rework order at the order
    it redoes). Those keep the bundle's order, parents first, since the server checks such a
    key at each insert; every other table is written in key order."""
    return any(fk.column.table is table for fk in table.foreign_keys)


class _MixedShapes(Exception):
    """Some payload lacks one of the keys the others have (nothing was written yet)."""


def _insert(conn: Connection, table: Table, keys: tuple[str, ...], changes: list[dict[str, Any]],
            sender: str, at_hq: bool, sqlite_text: bool) -> int:
    """Insert new rows whose payloads share ``keys``, one column at a time.

    Why columns: the payload's values are already what the driver takes except for dates
    and times, so the rows are transposed in C (``itemgetter`` + ``zip``), only the date and
    time columns are converted (on SQLite straight to the stored text), and no dict is
    built per row. The row's id and version come from the change, as in :func:`_upsert`.
    """
    staff_at_hq = at_hq and table.name == "staff"
    if staff_at_hq:  # a handful of rows: the row-wise rule is clearest
        payloads = [_fix_row(table.name, decode_row(table.name, dict(c["row"]), sqlite_text=sqlite_text),
                             sender, at_hq) for c in changes]
        keys = tuple(payloads[0])
    else:
        payloads = list(map(_ROW, changes))
    names = [k for k in known_keys(table.name, keys) if k not in _SET_BY_CHANGE]
    if len(names) == 1:
        try:
            values: list[Sequence[Any]] = [[row[names[0]] for row in payloads]]
        except KeyError as exc:
            raise _MixedShapes from exc
    elif names:
        try:
            values = list(zip(*map(itemgetter(*names), payloads), strict=True))
        except KeyError as exc:
            raise _MixedShapes from exc
    else:
        values = []
    columns = values if staff_at_hq else [decode_column(table.name, name, column, sqlite_text=sqlite_text)
                                          for name, column in zip(names, values, strict=True)]
    names += ["id", "row_version"]
    columns += [list(map(_ID, changes)), list(map(int, map(_VERSION, changes)))]
    if staff_at_hq:
        names.append("password_hash")
        columns.append([NO_LOGIN] * len(changes))
    ready = utc_columns(table.name) if sqlite_text else frozenset()
    return execute_columns(conn, table, table.insert(), names, columns, ready=ready)


def _delete(conn: Connection, table: Table, changes: list[dict[str, Any]]) -> int:
    """Tombstones: delete the row unless the receiver holds a newer version of it."""
    if not changes:
        return 0
    if not _self_referencing(table):
        changes = sorted(changes, key=_ID)
    existing = _versions(conn, table, [c["id"] for c in changes])
    doomed = [{"p_id": c["id"], "p_v": int(c["v"])} for c in changes
              if c["id"] in existing and existing[c["id"]] < int(c["v"])]
    if doomed:
        conn.execute(table.delete().where(and_(table.c.id == bindparam("p_id"),
                                               table.c.row_version < bindparam("p_v"))), doomed)
    return len(doomed)
