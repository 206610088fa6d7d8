"""Writing the audit trail (操作日志) from every unit of work, and keeping it append-only.

Why in storage and by session events, like :mod:`storage.outbox`: no service has to
remember to log. :func:`install` hooks every session a :class:`storage.database.Database`
hands out:

* ``before_flush`` reads SQLAlchemy's attribute history: for a changed row the fields that
  changed (before, after), for a new row its values, for a deleted row its last values.
  Updates or deletes of audit entries themselves are refused (:class:`domain.errors.Conflict`).
* ``after_flush`` inserts the entries on the same connection, in the same transaction as the
  change, and gives them outbox entries so they travel to HQ.
* ``do_orm_execute`` writes one summary entry per bulk statement (table, row count) and
  refuses bulk updates or deletes of the trail. It runs before the outbox's handler.

Who acts comes from :func:`domain.audit.current_actor` (set by ``domain.roles.require``).
Secrets (password hashes) are never written: their change is noted without the value.
Permission refusals are saved by :class:`RefusalRecorder` in a unit of work of their own,
after the refused unit of work (if any) has rolled back, so the refusal is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, event, func, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from domain import audit, clock
from domain.errors import Conflict
from domain.model.audit import AuditEntry
from domain.orm import Syncable, new_id
from domain.roles import Actor
from storage import outbox
from storage.bulk import execute_many

log = logging.getLogger(__name__)

AUDIT = cast(Table, AuditEntry.__table__)
AUDIT_TABLE = AUDIT.name
_PENDING = "audit_pending"
_KEYS = ("id", "created_at", "updated_at", "row_version", "at", "staff_id", "staff_name",
         "action", "table_name", "record_id", "record_label", "changes", "detail", "row_count")
#: bookkeeping columns every row has, and per-PC or derived columns that are noise in a trail
_IGNORED = frozenset({"id", "created_at", "updated_at", "row_version", "failed_logins",
                      "locked_until", "last_login_at"})
#: search helper columns derived from another field (name_initials, plate_key, mobile_rev…)
_DERIVED_SUFFIXES = ("_initials", "_key", "_rev")
_STATE_FIELDS = frozenset({"state", "status"})
_LABEL_FIELDS = ("number", "plate", "code", "username", "name", "display_name", "title", "vin")


_INSTALLED = "_dealerdesk_audit_installed"


def install(sessions: sessionmaker[Session]) -> None:
    """Hook the audit trail into every session ``sessions`` makes (idempotent; a flag on the
    sessionmaker, not ``event.contains``, which is fooled by a reused ``id()``: see
    :func:`storage.outbox.install`). Install change capture first: it replaces the session class."""
    if vars(sessions).get(_INSTALLED):
        return
    setattr(sessions, _INSTALLED, True)
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    # first in line: the outbox's handler returns the statement's result, which ends the chain
    event.listen(sessions, "do_orm_execute", _on_execute, insert=True)


# --- row changes through the unit of work ---------------------------------------------------
def label_from(values: Mapping[str, Any]) -> str:
    """The label an entry gives a row with these column values (work-order number, plate,
    code, user name, name…): ``dealerdesk check`` names rows the way the trail does."""
    for name in _LABEL_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def _label(obj: Any, values: dict[str, Any]) -> str:
    for name in _LABEL_FIELDS:
        value = values.get(name, getattr(obj, name, None) if hasattr(obj, name) else None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def _columns(obj: Any) -> list[str]:
    """The columns worth showing in a trail (not bookkeeping, not derived search keys)."""
    return [attr.key for attr in inspect(obj).mapper.column_attrs
            if attr.key not in _IGNORED and not attr.key.endswith(_DERIVED_SUFFIXES)]


def _entry(action: str, table: str, record_id: str, label: str,
           changes: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    staff_id, name = audit.who(audit.current_actor())
    now = clock.now()
    return {"id": new_id(), "created_at": now, "updated_at": now, "row_version": 1, "at": now,
            "staff_id": staff_id, "staff_name": name, "action": action, "table_name": table,
            "record_id": record_id, "record_label": label,
            "changes": audit.dump_changes(changes), "detail": "", "row_count": 1}


def _secret(key: str, before: Any, after: Any) -> tuple[Any, Any]:
    return (audit.SECRET_MARK, audit.SECRET_MARK) if key in audit.SECRET_FIELDS else (before, after)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    entries: list[dict[str, Any]] = []
    for obj in session.dirty:
        if isinstance(obj, AuditEntry):
            if session.is_modified(obj, include_collections=False):
                raise Conflict("audit.append_only")
            continue
        if not isinstance(obj, Syncable) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changes: dict[str, tuple[Any, Any]] = {}
        for key in _columns(obj):
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
            changes[key] = _secret(key, before, after)
        if changes:
            action = "state" if _STATE_FIELDS & changes.keys() else "update"
            entries.append(_entry(action, state.mapper.local_table.name, str(obj.id),
                                  _label(obj, {}), changes))
    for obj in session.new:
        if isinstance(obj, AuditEntry) or not isinstance(obj, Syncable):
            continue
        if obj.id is None:
            obj.id = new_id()  # the column default would come too late for the entry
        values = {key: getattr(obj, key) for key in _columns(obj) if getattr(obj, key) is not None}
        entries.append(_entry("create", inspect(obj).mapper.local_table.name, str(obj.id),
                              _label(obj, values),
                              {k: _secret(k, None, v) for k, v in values.items()}))
    for obj in session.deleted:
        if isinstance(obj, AuditEntry):
            raise Conflict("audit.append_only")
        if not isinstance(obj, Syncable):
            continue
        state = inspect(obj)
        old = {key: state.dict[key] for key in _columns(obj) if state.dict.get(key) is not None}
        entries.append(_entry("delete", state.mapper.local_table.name, str(obj.id),
                              _label(obj, old), {k: _secret(k, v, None) for k, v in old.items()}))
    session.info[_PENDING] = entries


def _after_flush(session: Session, _context: Any) -> None:
    entries = session.info.pop(_PENDING, None)
    if entries:
        _write(session, entries)


def _write(session: Session, entries: list[dict[str, Any]]) -> None:
    conn = session.connection()
    execute_many(conn, AUDIT, AUDIT.insert(), _KEYS, entries)
    outbox.defer(session, [(AUDIT_TABLE, e["id"]) for e in entries], [])


# --- bulk DML --------------------------------------------------------------------------------
def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    statement: Any = state.statement
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or not isinstance(table, Table):
        return
    if name == AUDIT_TABLE:
        if state.is_insert:
            return
        raise Conflict("audit.append_only")
    if name not in outbox.table_by_name():
        return
    params: Any = state.parameters
    if state.is_insert:
        action = "bulk_insert"
        count = 1 if isinstance(params, dict) else len(params or [])
    else:
        action = "bulk_update" if state.is_update else "bulk_delete"
        query = select(func.count()).select_from(table)
        if statement.whereclause is not None:
            query = query.where(statement.whereclause)
        count = int(state.session.connection().execute(query).scalar_one())
    record_bulk(state.session, action, name, count)


def record_bulk(session: Session, action: str, table_name: str, count: int) -> None:
    """One summary entry (table, row count) for a bulk statement; also for rows a storage
    helper writes on the session's connection itself (:mod:`storage.captured_rows`)."""
    if count == 0:
        return  # a statement that changes nothing is not an operation on a record
    entry = _entry(action, table_name, "", "", {})
    entry["row_count"] = count
    entry["detail"] = str(count)
    _write(session, [entry])


# --- permission refusals ---------------------------------------------------------------------
_depth: ContextVar[int] = ContextVar("dealerdesk_uow_depth", default=0)
_deferred: ContextVar[tuple[tuple[Actor, str], ...]] = ContextVar("dealerdesk_refusals", default=())


class RefusalRecorder:
    """Saves permission refusals in the database its units of work open.

    A refusal raised inside an open unit of work (which holds SQLite's write lock and will
    roll back) is kept until that unit of work has ended, then saved in a unit of work of
    its own; one raised outside any is saved at once.
    """

    def __init__(self, unit_of_work: Callable[[], AbstractContextManager[Session]]) -> None:
        self._uow = unit_of_work

    def __call__(self, actor: Actor, action: str) -> None:
        if _depth.get() > 0:
            _deferred.set((*_deferred.get(), (actor, action)))
            return
        self._save([(actor, action)])

    def entered(self) -> None:
        _depth.set(_depth.get() + 1)

    def left(self) -> None:
        depth = max(0, _depth.get() - 1)
        _depth.set(depth)
        if depth == 0 and _deferred.get():
            pending = list(_deferred.get())
            _deferred.set(())
            try:
                self._save(pending)
            except Exception:  # noqa: BLE001 — never hide the error that ended the unit
                log.warning("permission refusal could not be recorded", exc_info=True)

    def _save(self, refusals: list[tuple[Actor, str]]) -> None:
        with self._uow() as session:
            for actor, action in refusals:
                audit.record_event(session, actor, "refused", action)


def record_in_file(db_file: Path, kind: str, detail: str) -> None:
    """Add an event entry to the database file ``db_file`` (backup, restore), best effort."""
    from storage.engine import sqlite_url

    if db_file.is_file():
        record_in_database(sqlite_url(db_file), kind, detail)


def record_in_database(url: str, kind: str, detail: str) -> None:
    """Add an event entry to the database at ``url`` (backup, restore), best effort.

    Backups and restores run on the file or the server's dump rather than through a
    service; their entry must not make them fail (a damaged or newer database can still be
    backed up).
    """
    from storage.engine import make_engine

    try:
        engine = make_engine(url)
        try:
            if AUDIT_TABLE not in inspect(engine).get_table_names():
                return
            sessions = sessionmaker(engine, expire_on_commit=False)
            outbox.install(sessions)
            install(sessions)
            with sessions() as session, session.begin():
                audit.record_event(session, audit.current_actor(), kind, detail)
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 — the backup or restore itself has succeeded
        log.warning("%s could not be recorded in the audit trail", kind, exc_info=True)


def entries(session: Session) -> Iterator[AuditEntry]:
    """Every entry, oldest first (tests and checks)."""
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id))
