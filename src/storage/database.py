"""Opening a DealerDesk database and handing out units of work.

Why one class: the GUI, the command line and the tests open databases the same way — the
engine is configured, the schema is migrated (after a backup) and services receive
:meth:`Database.unit_of_work` as their :class:`domain.uow.UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from domain import audit
from domain.errors import Conflict, NotFound
from storage import audit_hook, migrate, outbox
from storage.engine import is_sqlite_database, make_engine, sqlite_url

DB_FILE_NAME = "dealerdesk.sqlite3"


@dataclass
class Database:
    engine: Engine
    path: Path | None
    _sessions: sessionmaker[Session]
    _refusals: audit_hook.RefusalRecorder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # change capture for sync, on every session this database hands out (storage.outbox)
        outbox.install(self._sessions)
        # the audit trail, written in the same transaction as each change (storage.audit_hook)
        audit_hook.install(self._sessions)
        self._refusals = audit_hook.RefusalRecorder(self.unit_of_work)

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = False) -> Database:
        """Open (and migrate) the database in ``data_dir``; ``create`` allows a new file."""
        path = data_dir / DB_FILE_NAME
        if not path.exists():
            if not create:
                raise NotFound("db.missing", path=str(path))
            data_dir.mkdir(parents=True, exist_ok=True)
        elif not is_sqlite_database(path):
            raise Conflict("db.not_dealerdesk", path=str(path))
        engine = make_engine(sqlite_url(path))
        db = cls(engine, path, sessionmaker(engine, expire_on_commit=False))
        migrate.upgrade(engine, db_file=path, backup_dir=data_dir / "backups")
        return db

    @classmethod
    def from_url(cls, url: str) -> Database:
        engine = make_engine(url)
        db = cls(engine, None, sessionmaker(engine, expire_on_commit=False))
        migrate.upgrade(engine)
        return db

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        # permission refusals are saved in the database last worked on (domain.audit)
        audit.set_refusal_sink(self._refusals)
        self._refusals.entered()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise Conflict("db.busy") from exc
            if "disk is full" in str(exc.orig) or "disk I/O error" in str(exc.orig):
                raise Conflict("db.disk_full") from exc  # SQLITE_FULL/IOERR: this unit not kept
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            self._refusals.left()

    def close(self) -> None:
        self.engine.dispose()
