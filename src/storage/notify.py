"""Telling the other desks that records changed (PostgreSQL LISTEN/NOTIFY).

Why: on the shop's server fifteen desks work on one database, and the work-order board at
the counter must show the car the workshop just moved on within seconds, without anyone
pressing 刷新 and without every desk re-reading whole tables every few seconds.

Why by session events, like :mod:`storage.outbox` and :mod:`storage.audit_hook`: no service
has to remember it. :func:`install` hooks every session a server database hands out; the
tables a unit of work wrote are collected as it flushes (and from DML it runs itself), and
just before it commits ONE ``pg_notify`` goes out inside the same transaction. PostgreSQL
delivers a notification at commit and drops it on rollback, so a desk never hears of a
change that did not happen, nor before the change is visible to it. A sync import writes
through a plain ``Connection`` and calls :func:`send` once per bundle (``sync.apply``).
SQLite has no other desks: nothing is installed there and :func:`send` does nothing.

The payload is small JSON ``{"pc": …, "tables": [...]}``: ``pc`` names the sending process
(:func:`pc_id`), so a desk can skip what it saved itself (it has already shown it), and the
table names say which lists to read again. PostgreSQL refuses a payload of 8000 bytes or
more; a change of more tables than fit is sent as ``"*"`` (everything may have changed).

The receiving half (:func:`listen`, :func:`received`) is here too, so the channel and the
payload's shape are defined once; the thread that waits on it lives in the app layer
(:mod:`app.change_listener`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, event, func, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from domain.orm import Syncable
from storage.engine import CONNECT_TIMEOUT_S, application_name
from storage.syncrows import table_by_name

if TYPE_CHECKING:  # psycopg takes a quarter of a second to import: not on a SQLite PC's start
    import psycopg

CHANNEL = "dealerdesk_changes"
#: "every table": a payload too long to list them, or a listener that was away for a while
ALL = "*"
#: PostgreSQL's limit is 8000 bytes; stay clear of it
MAX_PAYLOAD_BYTES = 7000

_INSTALLED = "_dealerdesk_notify_installed"
_TABLES = "notify_tables"

#: a listener that stops hearing the server learns it within about half a minute (a pulled
#: network cable sends nothing; only TCP keep-alives notice)
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
               "keepalives_count": 3}


def pc_id() -> str:
    """This process among all the shop's desks: the PC's connection name and the process id."""
    return f"{application_name()}#{os.getpid()}"


@dataclass(frozen=True)
class Change:
    """One committed unit of work of some desk: who sent it, which tables it wrote."""

    pc: str
    tables: frozenset[str]


def payload(tables: Iterable[str], pc: str | None = None) -> str:
    names = sorted(set(tables))
    text = json.dumps({"pc": pc or pc_id(), "tables": names}, ensure_ascii=False)
    if len(text.encode()) > MAX_PAYLOAD_BYTES:
        text = json.dumps({"pc": pc or pc_id(), "tables": [ALL]}, ensure_ascii=False)
    return text


def parse(text: str) -> Change | None:
    """The change a payload describes (``"*"`` expanded to every synced table), or None for
    anything that is not ours."""
    try:
        data = json.loads(text)
        pc, names = str(data["pc"]), [str(name) for name in data["tables"]]
    except (ValueError, KeyError, TypeError):
        return None
    return Change(pc, every_table() if ALL in names else frozenset(names))


def every_table() -> frozenset[str]:
    return frozenset(table_by_name())


# --- sending -------------------------------------------------------------------------------
def send(conn: Connection, tables: Iterable[str]) -> None:
    """Notify the other desks, inside ``conn``'s transaction, that ``tables`` changed
    (delivered when it commits). Nothing on SQLite, nothing for no tables."""
    names = set(tables)
    if names and conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_notify(CHANNEL, payload(names))))


def install(sessions: sessionmaker[Session]) -> None:
    """Hook the notification into every session ``sessions`` makes (idempotent; a flag on the
    sessionmaker, see :func:`storage.outbox.install`). Only for a server database."""
    if vars(sessions).get(_INSTALLED):
        return
    setattr(sessions, _INSTALLED, True)
    event.listen(sessions, "after_flush", _after_flush)
    # first in line: the outbox's handler returns the statement's result, which ends the chain
    event.listen(sessions, "do_orm_execute", _on_execute, insert=True)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_rollback", _forget)


def _note(session: Session, names: Iterable[str]) -> None:
    session.info.setdefault(_TABLES, set()).update(names)


def _after_flush(session: Session, _context: Any) -> None:
    dirty = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    _note(session, {inspect(obj).mapper.local_table.name
                    for obj in (*session.new, *dirty, *session.deleted)
                    if isinstance(obj, Syncable)})


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name in table_by_name():
            _note(state.session, {name})


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the whole unit of work notifies once, at its own commit
    # the commit's own flush comes after this hook: flush now so its tables are counted
    session.flush()
    names = session.info.pop(_TABLES, None)
    if names:
        send(session.connection(), names)


def _forget(session: Session) -> None:
    # a real rollback (not of a savepoint): what was noted never happened
    session.info.pop(_TABLES, None)


# --- receiving ------------------------------------------------------------------------------
def listen(engine: Engine) -> psycopg.Connection[Any]:
    """A connection of its own that listens for changes (autocommit: a notification reaches a
    session only between transactions). Raises :class:`psycopg.Error` if the server cannot be
    reached."""
    import psycopg

    _args, params = engine.dialect.create_connect_args(engine.url)
    params = {key: value for key, value in params.items() if key != "context"}
    params.update(application_name=application_name(), connect_timeout=CONNECT_TIMEOUT_S,
                  **_KEEPALIVES)
    conn = psycopg.connect(autocommit=True, **params)
    try:
        conn.execute(f"LISTEN {CHANNEL}")
    except BaseException:
        conn.close()
        raise
    return conn


def received(conn: psycopg.Connection[Any], timeout: float) -> Iterator[Change]:
    """The changes that arrive on ``conn`` within ``timeout`` seconds, each as it comes."""
    for note in conn.notifies(timeout=timeout):
        if note.channel == CHANNEL:
            change = parse(note.payload)
            if change is not None:
                yield change


__all__ = ["ALL", "CHANNEL", "Change", "every_table", "install", "listen", "parse", "payload",
           "pc_id", "received", "send"]
