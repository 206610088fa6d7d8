"""Opening a DealerDesk database and handing out units of work.

Why one class: the GUI, the command line and the tests open databases the same way — the
engine is configured, the schema is migrated (after a backup) and services receive
:meth:`Database.unit_of_work` as their :class:`domain.uow.UnitOfWork`.

Two backends, one code path: the branch's SQLite file (one PC) or the shop's PostgreSQL
server (several desks, :mod:`storage.location` says which). What differs is kept here:
how a database is reached and what its failures mean to the person at the counter (a busy
file, an unreachable main PC, a save that lost a race with another desk).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from common.private_files import create_private, private_dir, private_file
from domain import audit
from domain.errors import Conflict, NotFound
from domain.messages import register
from domain.stale import note_flushing_rows, stale_conflict, stale_rows
from storage import audit_hook, migrate, notify, outbox
from storage.engine import is_sqlite_database, make_engine, sqlite_sidecars, sqlite_url
from storage.location import DB_FILE_NAME, Location, server_label
from storage.netpath import network_location

log = logging.getLogger(__name__)

__all__ = ["DB_FILE_NAME", "Database"]

register("db.network_path",
         "数据库文件在网络位置（{where}：{path}），多台电脑共用一个数据库文件会损坏数据。"
         "请在主机上打开 系统设置 → 多台电脑 设为本店主机，其他电脑选“连接本店主机”",
         "The database file is on a network location ({where}: {path}); sharing one database "
         "file between PCs corrupts it. Make one PC the shop's main PC (Settings → Several PCs) "
         "and choose 'Connect to the main PC' on the others")
register("db.unreachable",
         "无法连接本店主机 {server}：{reason}",
         "Cannot reach the main PC {server}: {reason_en}")
register("db.unreachable.down", "连接不上（主机没开机、数据库服务没启动，或网络不通）",
         "no answer (the main PC is off, its database service is not running, or the network is down)")
register("db.unreachable.auth", "用户名或密码不对", "wrong user name or password")
register("db.unreachable.no_database", "主机上没有这个数据库", "the main PC has no such database")
register("db.unreachable.lost", "连接中断，本次内容未能保存", "the connection broke; this change was not saved")


# PostgreSQL SQLSTATEs that mean "another desk got there first; try again".
_RETRYABLE_STATES = frozenset({"40001", "40P01", "55P03"})


def unreachable_error(label: str, exc: BaseException) -> Conflict:
    """The one Chinese sentence for a server that does not take us (down, wrong password,
    no such database), naming it."""
    text = str(getattr(exc, "orig", exc))
    if "password authentication failed" in text or "no password supplied" in text:
        reason = "auth"
    elif "does not exist" in text and "database" in text:
        reason = "no_database"
    else:
        reason = "down"
    from domain.messages import render

    return Conflict("db.unreachable", server=label, reason=render(f"db.unreachable.{reason}"),
                    reason_en=render(f"db.unreachable.{reason}", "en"), reason_code=reason)


@dataclass
class Database:
    engine: Engine
    path: Path | None
    _sessions: sessionmaker[Session]
    location: Location | None = None
    _refusals: audit_hook.RefusalRecorder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # change capture for sync, on every session this database hands out (storage.outbox)
        outbox.install(self._sessions)
        # the audit trail, written in the same transaction as each change (storage.audit_hook)
        audit_hook.install(self._sessions)
        # which rows a flush writes, to name who won the race if it fails (domain.stale)
        event.listen(self._sessions, "before_flush", _note_flushing)
        if self.is_server:  # the other desks hear of each committed change (storage.notify)
            notify.install(self._sessions)
        self._refusals = audit_hook.RefusalRecorder(self.unit_of_work)

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name != "sqlite"

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = False) -> Database:
        """Open (and migrate) the SQLite file in ``data_dir``; ``create`` allows a new file."""
        path = data_dir / DB_FILE_NAME
        where = network_location(path)
        if where is not None:
            raise Conflict("db.network_path", where=where, path=str(path))
        if not path.exists():
            if not create:
                raise NotFound("db.missing", path=str(path))
            if not data_dir.is_dir():  # a folder the app makes is the app's: owner-only
                private_dir(data_dir)
            # Made 0600 before SQLite opens it: SQLite keeps an empty file's mode and gives
            # its -wal and -shm the database's mode (common.private_files).
            create_private(path)
        elif not is_sqlite_database(path):
            raise Conflict("db.not_dealerdesk", path=str(path))
        else:  # made by an earlier release (0644): tightened before SQLite makes its -wal/-shm
            for file in (path, *sqlite_sidecars(path)):
                if file.exists():
                    private_file(file)
        engine = make_engine(sqlite_url(path))
        db = cls(engine, path, sessionmaker(engine, expire_on_commit=False),
                 Location(sqlite_url(path), path))
        migrate.upgrade(engine, db_file=path, backup_dir=data_dir / "backups")
        return db

    @classmethod
    def from_url(cls, url: str, *, backup_dir: Path | None = None,
                 location: Location | None = None) -> Database:
        """Open (and migrate) the server database at ``url``.

        An unreachable server is one Chinese sentence naming it (never a fallback to some
        other database); before a migration the server's database is dumped to
        ``backup_dir`` when one is given.
        """
        engine = make_engine(url)
        label = server_label(url) if engine.dialect.name != "sqlite" else url
        try:
            with engine.connect():
                pass
        except OperationalError as exc:
            engine.dispose()
            raise unreachable_error(label, exc) from exc
        db = cls(engine, None, sessionmaker(engine, expire_on_commit=False),
                 location or Location(url))
        try:
            migrate.upgrade(engine, backup_dir=backup_dir)
        except OperationalError as exc:
            engine.dispose()
            raise unreachable_error(label, exc) from exc
        return db

    @classmethod
    def at(cls, location: Location, data_dir: Path, *, create: bool = False) -> Database:
        if location.sqlite_file is not None:
            return cls.open(location.sqlite_file.parent, create=create)
        return cls.from_url(location.url, backup_dir=data_dir / "backups", location=location)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        # permission refusals are saved in the database last worked on (domain.audit)
        audit.set_refusal_sink(self._refusals)
        self._refusals.entered()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            # another desk saved the same record between our read and our write
            rows = stale_rows(session, str(exc))
            session.rollback()
            raise self._stale(rows) from exc
        except OperationalError as exc:
            session.rollback()
            raise self._translated(exc) from exc
        except DBAPIError as exc:
            session.rollback()
            if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_STATES:
                raise Conflict("db.busy") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            self._refusals.left()

    def _stale(self, rows: list[tuple[str, str]]) -> Conflict:
        for table, row_id in rows:
            with self._sessions() as fresh:
                return stale_conflict(fresh, table, row_id)
        return Conflict("stale")

    def _translated(self, exc: OperationalError) -> BaseException:
        orig: Any = exc.orig
        if getattr(orig, "sqlstate", None) in _RETRYABLE_STATES:
            return Conflict("db.busy")
        text = str(orig)
        if self.is_server:
            if exc.connection_invalidated or "server closed the connection" in text \
                    or "connection" in text.lower() and "fail" in text.lower():
                label = self.location.server_label if self.location else server_label(
                    self.engine.url.render_as_string(hide_password=True))
                return Conflict("db.unreachable", server=label,
                                reason=_render("db.unreachable.lost"),
                                reason_en=_render("db.unreachable.lost", "en"), reason_code="lost")
            return exc
        if "locked" in text or "busy" in text:
            return Conflict("db.busy")
        if "disk is full" in text or "disk I/O error" in text:
            return Conflict("db.disk_full")  # SQLITE_FULL/IOERR: this unit not kept
        return exc

    def close(self) -> None:
        self.engine.dispose()


def _note_flushing(session: Session, _context: Any, _instances: Any) -> None:
    note_flushing_rows(session)


def _render(code: str, lang: str = "zh") -> str:
    from domain.messages import render

    return render(code, lang)
