"""Backups of the branch's SQLite file (one PC on its own): the :class:`SqliteFile` source.

* every candidate is first copied through SQLite's online backup API (which reads through
  SQLite and therefore sees committed WAL content and never a half-written page) into a
  temporary file next to the database and checked there (SQLite file, DealerDesk tables,
  schema not newer than this program, ``PRAGMA integrity_check``), so a refusal touches
  nothing;
* the swap is ``fsync`` + :func:`os.replace` in the same folder after the engines are closed
  and stale ``-wal``/``-shm`` files are gone (a stale WAL replayed onto another database
  corrupts it), so a power cut leaves either the old or the new file, never a mixture.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

from common.private_files import create_private, private_file
from domain.errors import Conflict, NotFound
from storage import audit_hook, migrate
from storage.backup_source import (
    BACKUP_SUFFIX,
    DUMP_MAGIC,
    PHASE_COPY,
    REQUIRED_TABLES,
    Candidate,
    LocalBranch,
    Progress,
    check_revision,
    fsync_dir,
    fsync_file,
    remove_quietly,
    starts_with,
)
from storage.engine import is_sqlite_database, make_engine, sqlite_sidecars, sqlite_url
from storage.integrity import integrity_problems

log = logging.getLogger(__name__)


def _sidecars(db_file: Path) -> list[Path]:
    return sqlite_sidecars(db_file)


#: Pages copied per step of the online backup API (4 MiB at SQLite's default 4 KiB page):
#: large enough that a 2 GB file takes about 500 steps, small enough that each step is a
#: few milliseconds of disk reading.
STEP_PAGES = 1024
#: Pause after each step of a backup taken while the program runs: the counter's searches
#: and saves (the GUI's database thread) get the disk and the interpreter in between.
STEP_PAUSE_S = 0.004


def _copy_through_sqlite(source: Path, target: Path, progress: Progress | None = None,
                         pause: float = 0.0) -> None:
    """Consistent single-file copy: online backup API in steps, then journal mode DELETE.

    Why a read transaction is held across the steps: SQLite restarts an online backup from
    the first page whenever another connection writes to the source between two steps, so a
    stepped backup of a large file under a busy counter would never end. Holding the read
    transaction pins one snapshot (WAL mode: the counter keeps writing, to the WAL), and the
    copy is the database as it was when the backup started.
    """
    # Read-only: a backup must never write to the database (or the USB file) it reads.
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    try:
        dst = sqlite3.connect(str(target))
        try:
            # The target is a temporary file that is fsynced and renamed only when whole:
            # it needs neither a journal beside it nor a sync of its own on each step.
            dst.execute("PRAGMA journal_mode=OFF")
            dst.execute("PRAGMA synchronous=OFF")
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(PHASE_COPY, total - remaining, total)
                if pause > 0 and remaining > 0:
                    time.sleep(pause)

            src.backup(dst, pages=STEP_PAGES, progress=step)
            src.execute("COMMIT")
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def _local_branch(conn: sqlite3.Connection) -> LocalBranch | None:
    row = conn.execute("SELECT id, code, name FROM branches WHERE is_local = 1 LIMIT 1").fetchone()
    return LocalBranch(str(row[0]), str(row[1]), str(row[2])) if row else None


def _inspect(copy: Path, shown_as: Path) -> tuple[str, LocalBranch | None]:
    """Revision and local branch of a DealerDesk database copy; raises the refusal."""
    try:
        conn = sqlite3.connect(str(copy))
    except sqlite3.Error as exc:
        raise Conflict("backup.unreadable", path=str(shown_as), reason=str(exc)) from exc
    try:
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise Conflict("backup.damaged", path=str(shown_as), problem=str(exc)) from exc
        if rows != ["ok"]:
            raise Conflict("backup.damaged", path=str(shown_as), problem="；".join(map(str, rows)))
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise Conflict("backup.not_dealerdesk", path=str(shown_as), missing="、".join(missing))
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        branch = _local_branch(conn)
    finally:
        conn.close()
    return check_revision(row[0] if row else None, shown_as), branch


class SqliteFile:
    """The branch's SQLite file (one PC on its own)."""

    suffix = BACKUP_SUFFIX

    def __init__(self, db_file: Path) -> None:
        self.db_file = db_file

    @property
    def shown_as(self) -> Path:
        return self.db_file

    def exists(self) -> bool:
        return self.db_file.is_file()

    def has_data(self) -> bool:
        return self.db_file.exists()

    def write_copy(self, tmp: Path, target: Path, progress: Progress | None = None) -> None:
        # A backup that reports its progress runs beside the counter (the GUI's); one that
        # does not (command line, quitting, before a restore) has no one to make way for.
        pause = STEP_PAUSE_S if progress is not None else 0.0
        try:
            _copy_through_sqlite(self.db_file, tmp, progress, pause=pause)
        except sqlite3.Error as exc:
            raise Conflict("backup.failed", path=str(target), reason=str(exc)) from exc

    def stage(self, file: Path, work: Path | None = None) -> Candidate:
        """Copy ``file`` into a temp file and check it there (deleted on refusal); for a
        restore the copy is made next to the database, so that it can be renamed over it."""
        work = work or self.db_file.parent
        if not file.is_file():
            raise NotFound("backup.missing", path=str(file))
        if starts_with(file, DUMP_MAGIC):
            raise Conflict("backup.needs_sqlite", path=str(file))
        if not is_sqlite_database(file):
            raise Conflict("backup.not_sqlite", path=str(file))
        work.mkdir(parents=True, exist_ok=True)
        # Owner-only from the start: it becomes the database on a restore (issue 23, item 7).
        staged = create_private(work / f".dealerdesk-restore-{uuid.uuid4().hex}.tmp")
        try:
            try:
                _copy_through_sqlite(file, staged)
            except sqlite3.DatabaseError as exc:
                raise Conflict("backup.damaged", path=str(file), problem=str(exc)) from exc
            except sqlite3.Error as exc:
                raise Conflict("backup.unreadable", path=str(file), reason=str(exc)) from exc
            revision, branch = _inspect(staged, file)
            return Candidate(staged, revision, branch, temporary=True)
        except BaseException:
            remove_quietly(staged)
            raise

    def current_branch(self) -> LocalBranch | None:
        if not self.db_file.is_file():
            return None
        try:
            conn = sqlite3.connect(self.db_file.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                return _local_branch(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:  # damaged or uninitialised: nothing to compare with
            log.warning("local branch of the current database unreadable: %s", exc)
            return None

    def replace(self, candidate: Candidate) -> None:
        folder = self.db_file.parent
        staged = candidate.file
        self._settle_current()
        for side in _sidecars(self.db_file):
            remove_quietly(side)
        private_file(staged)  # the database is 0600 whatever mode the one it replaces had
        fsync_file(staged)
        os.replace(staged, self.db_file)
        fsync_dir(folder)
        for side in _sidecars(self.db_file):
            remove_quietly(side)

    def _settle_current(self) -> None:
        """Fold the current WAL into the main file so removing it loses nothing."""
        if not self.db_file.exists():
            return
        try:
            conn = sqlite3.connect(str(self.db_file))
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        except sqlite3.Error as exc:  # damaged file: the safety copy already holds its bytes
            log.warning("checkpoint before restore failed: %s", exc)

    def upgrade(self, backup_dir: Path) -> str | None:
        engine = make_engine(sqlite_url(self.db_file))
        try:
            migrate.upgrade(engine, db_file=self.db_file, backup_dir=backup_dir)
            return migrate.current_revision(engine)
        finally:
            engine.dispose()

    def problems_of(self, candidate: Candidate) -> list[str]:
        engine = make_engine(sqlite_url(candidate.file))
        try:
            return integrity_problems(engine)
        finally:
            engine.dispose()

    def salvage(self, target: Path) -> bool:
        """A damaged current database is exactly when people restore, and its bytes may still
        help a specialist, so they are kept even when the online backup API refuses them."""
        if not self.db_file.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.db_file, create_private(target))
        for side in _sidecars(self.db_file):
            if side.exists():
                copy = create_private(target.with_name(target.name + side.name[len(self.db_file.name):]))
                shutil.copyfile(side, copy)
        return True

    def record(self, kind: str, detail: str) -> None:
        audit_hook.record_in_file(self.db_file, kind, detail)
