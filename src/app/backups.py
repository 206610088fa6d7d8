"""Wiring backups: a :class:`storage.backup.BackupManager` configured from the branch's settings.

Why in ``app``: the manager lives in storage and the settings in the domain; only the app
layer may know both. The GUI's backup panel (``ui.pages.backup_panel``) gets an
:class:`AppBackups`, which satisfies the panel's ``BackupActions`` protocol and checks the
acting staff member's role; the command line builds a manager with :func:`manager_for`.

Why the GUI's backups run on a thread of their own (:class:`BackgroundBackup`) and not on
the GUI's database thread (``ui.operations``): a backup of a database of gigabytes takes
tens of seconds, and on that single thread every search typed at the counter waited behind
it (issue 24 measured 15.7 s). The backup needs no session: it reads the SQLite file
through its own connection (or runs ``pg_dump``), so the counter's work goes on beside it.
Its progress is a small locked object (:class:`BackupProgress`) that the tab and the status
bar sample on a timer; nothing Qt crosses the thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.context import AppContext
from domain import clock
from domain.backup_settings import (
    KEY_LAST_INTEGRITY_CHECK,
    BackupSettings,
    load_backup_settings,
    save_backup_settings,
)
from domain.errors import Conflict, DomainError
from domain.roles import Actor, Permission, require
from storage.backup import (
    REASON_DAILY,
    REASON_EXIT,
    REASON_MANUAL,
    BackupInfo,
    BackupManager,
    BackupResult,
    BackupSource,
    RestoreResult,
    SqliteFile,
)
from storage.database import Database
from storage.integrity import advice_zh, check_due, integrity_problems
from storage.location import Location, resolve
from storage.pg_backup import ServerDatabase

log = logging.getLogger(__name__)

BACKUP_DIR_NAME = "backups"
#: No exit backup when a backup was started less than this ago (the first start of the day
#: took one, or someone clicked 立即备份): it would hold the same records and keep the
#: program alive for as long as a backup of the whole database takes.
EXIT_BACKUP_AFTER = timedelta(hours=1)
#: How long quitting waits for a cancelled background backup to remove its temporary file.
CANCEL_WAIT_S = 10.0


def manager_for(location: Location, data_dir: Path, settings: BackupSettings | None = None, *,
                release: Callable[[], None] | None = None, zone: str | None = None) -> BackupManager:
    """The manager for the database ``location`` names (the SQLite file or the server's),
    with its backups in ``<data_dir>/backups``."""
    chosen = settings or BackupSettings()
    source: BackupSource = (SqliteFile(location.sqlite_file) if location.sqlite_file is not None
                            else ServerDatabase(location.url))
    return BackupManager(
        source,
        data_dir / BACKUP_DIR_NAME,
        Path(chosen.second_folder) if chosen.second_folder else None,
        keep_daily=chosen.keep_daily,
        keep_weekly=chosen.keep_weekly,
        keep_monthly=chosen.keep_monthly,
        zone=zone,
        release=release,
    )


def read_settings_best_effort(data_dir: Path, location: Location | None = None) -> BackupSettings:
    """The branch's backup settings, or the defaults when the database cannot be opened.

    A backup or restore is most needed when the database is in trouble (newer schema,
    damaged file, server not answering), so failing to read the settings must not stop it.
    """
    where = location or resolve(data_dir)
    if where.sqlite_file is not None and not where.sqlite_file.exists():
        return BackupSettings()
    try:
        ctx = AppContext(Database.at(where, data_dir), data_dir)
    except (DomainError, SQLAlchemyError, OSError) as exc:
        log.warning("backup settings unavailable, using defaults: %s", exc)
        return BackupSettings()
    try:
        return load_backup_settings(ctx.services.settings)
    except (DomainError, SQLAlchemyError) as exc:
        log.warning("backup settings unreadable, using defaults: %s", exc)
        return BackupSettings()
    finally:
        ctx.close()


# --- the backup beside the counter ------------------------------------------------------------
@dataclass(frozen=True)
class BackupState:
    """One look at the background backup (what ``ui.widgets.backup_status.BackupRun`` reads)."""

    reason: str = ""
    phase: str = ""  # storage.backup_source.PHASE_COPY / PHASE_SECOND_FOLDER
    done: int = 0  # pages, table bytes or file bytes of the phase, out of ``total``
    total: int = 0
    started: datetime | None = None
    finished: datetime | None = None
    error: DomainError | None = None  # why it did not complete (cancelled: backup.cancelled)
    result: BackupResult | None = None

    @property
    def running(self) -> bool:
        return self.started is not None and self.finished is None

    @property
    def cancelled(self) -> bool:
        return self.error is not None and self.error.code == "backup.cancelled"

    @property
    def percent(self) -> int:
        """How far the current phase is, 0-100."""
        return min(100, self.done * 100 // self.total) if self.total > 0 else 0


class BackupProgress:
    """Where the running backup is: written by the backup's thread, read by any thread.

    ``report`` is the storage layer's ``progress(phase, done, total)`` callback; it is also
    where a cancel takes effect (it raises, and the backup removes its temporary file).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = BackupState()
        self._cancel = threading.Event()

    def begin(self, reason: str) -> None:
        self._cancel.clear()
        with self._lock:
            self._state = BackupState(reason=reason, started=clock.now())

    def report(self, phase: str, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Conflict("backup.cancelled")
        with self._lock:
            self._state = replace(self._state, phase=phase, done=done, total=total)

    def end(self, result: BackupResult | None = None, error: DomainError | None = None) -> None:
        with self._lock:
            self._state = replace(self._state, finished=clock.now(), result=result, error=error)

    def cancel(self) -> None:
        self._cancel.set()

    def snapshot(self) -> BackupState:
        with self._lock:
            return self._state


class BackgroundBackup:
    """At most one backup at a time, each on a thread of its own (never the GUI's database
    thread); :attr:`progress` says how far it is."""

    def __init__(self) -> None:
        self.progress = BackupProgress()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, manager: BackupManager, reason: str) -> None:
        """Start ``manager.backup(reason)`` on its own thread; Conflict when one is running."""
        with self._lock:
            if self.running:
                raise Conflict("backup.running")
            self.progress.begin(reason)
            # daemon: never what keeps the process alive; quitting cancels it first (exit_backup)
            self._thread = threading.Thread(target=self._run, args=(manager, reason),
                                            name="dealerdesk-backup", daemon=True)
            self._thread.start()

    def _run(self, manager: BackupManager, reason: str) -> None:
        lower_thread_priority()
        try:
            result = manager.backup(reason, progress=self.progress.report)
        except DomainError as exc:
            log.warning("background backup not completed: %s", exc.code)
            self.progress.end(error=exc)
        except Exception as exc:  # noqa: BLE001 - this thread has no caller to raise to
            log.exception("background backup failed")
            self.progress.end(error=Conflict("backup.failed", path=str(manager.backup_dir),
                                             reason=type(exc).__name__))
        else:
            self.progress.end(result=result)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running backup; True when none runs any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def cancel(self, wait: float = CANCEL_WAIT_S) -> bool:
        """Stop the running backup (its temporary file is removed); True when it has stopped."""
        if not self.running:
            return True
        self.progress.cancel()
        return self.wait(wait)


def lower_thread_priority() -> None:
    """Let the counter go first: the calling thread yields the processor (and on Windows the
    disk too, background mode) to the GUI's threads. Best effort; nothing depends on it."""
    try:
        if sys.platform == "win32":
            import ctypes

            thread_mode_background_begin = 0x00010000
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), thread_mode_background_begin)
        elif sys.platform.startswith("linux"):
            # Linux: a thread has its own nice value, set through its thread id
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except OSError as exc:
        log.info("backup thread priority unchanged: %s", exc)


#: The process's background backup: one database per process, one backup at a time.
BACKGROUND = BackgroundBackup()


@dataclass(frozen=True)
class IntegrityReport:
    """Outcome of the periodic check, ready for the GUI to show when ``problems`` is not empty."""

    problems: tuple[str, ...]
    last_good_backup: Path | None
    advice: str  # plain Chinese: what to do now


class AppBackups:
    """What the GUI's backup panel calls (``ui.pages.backup_panel.BackupActions``).

    Runs on the database thread (``ui.operations.run_op``), except :meth:`backup_state` and
    :meth:`cancel_backup`, which any thread may call. ``release`` is called before a restore
    swaps the file; by default it closes the context's database, after which the program
    must restart. ``runner``: where backups run beside the counter (:data:`BACKGROUND`).
    """

    def __init__(self, ctx: AppContext, actor: Actor,
                 release: Callable[[], None] | None = None,
                 runner: BackgroundBackup | None = None) -> None:
        self.ctx = ctx
        self.actor = actor
        self.release = release or ctx.close
        self.runner = runner or BACKGROUND

    def settings(self) -> BackupSettings:
        return load_backup_settings(self.ctx.services.settings)

    def manager(self) -> BackupManager:
        branch_zone = self.ctx.services.branches.current().timezone
        return manager_for(self.ctx.location, self.ctx.data_dir, self.settings(),
                           release=self.release, zone=branch_zone)

    @property
    def keeps_backups(self) -> bool:
        """Whether the automatic tasks run here: where the database is kept (the PC with the
        SQLite file, the main PC, a ``--db-url`` run). A desk connected to the main PC
        leaves them to the main PC, which keeps the backups; its manual backup still works."""
        return not self.ctx.location.is_workstation

    # --- BackupActions ---------------------------------------------------------------------
    def list_backups(self) -> list[BackupInfo]:
        return self.manager().list_backups()

    def take_backup(self) -> BackupResult:
        """A manual backup taken on the calling thread (the command line's way)."""
        require(self.actor, Permission.BACKUP_RESTORE)
        return self.manager().backup(REASON_MANUAL)

    def start_backup(self) -> None:
        """立即备份: starts the backup beside the counter and returns at once."""
        require(self.actor, Permission.BACKUP_RESTORE)
        self.runner.start(self.manager(), REASON_MANUAL)

    def backup_state(self) -> BackupState:
        return self.runner.progress.snapshot()

    def cancel_backup(self) -> None:
        self.runner.progress.cancel()

    def restore(self, file: Path) -> RestoreResult:
        require(self.actor, Permission.BACKUP_RESTORE)
        if self.runner.running:  # it reads the file the restore is about to replace
            raise Conflict("backup.running")
        return self.manager().restore(file)

    def second_folder(self) -> Path | None:
        folder = self.settings().second_folder
        return Path(folder) if folder else None

    def set_second_folder(self, folder: Path | None) -> str | None:
        current = self.settings()
        save_backup_settings(
            self.ctx.services.settings, self.actor,
            BackupSettings(str(folder) if folder else "", current.keep_daily,
                           current.keep_weekly, current.keep_monthly))
        return self.second_folder_problem()

    def second_folder_problem(self) -> str | None:
        return self.manager().second_folder_problem()

    # --- automatic tasks (start-up, exit, weekly check); the system acts, no role needed ---
    def daily_backup_if_due(self) -> Path | None:
        """The daily backup taken on the calling thread (tests, tools)."""
        return self.manager().daily_backup_if_due() if self.keeps_backups else None

    def start_daily_backup_if_due(self) -> bool:
        """The first start of the day starts the backup beside the counter; True if it did."""
        if not self.keeps_backups or self.runner.running:
            return False
        manager = self.manager()
        if manager.taken_today():
            return False
        self.runner.start(manager, REASON_DAILY)
        return True

    def exit_backup(self) -> BackupResult | None:
        """The backup on quitting, unless it would only keep the program alive for nothing.

        A backup still running (the day's first, or a manual one) is cancelled, not waited
        for: its temporary file goes, and the next start takes the day's backup of the same
        records. No exit backup within :data:`EXIT_BACKUP_AFTER` of the last one either.
        """
        if not self.keeps_backups:
            return None
        if self.runner.running:
            if not self.runner.cancel():
                log.warning("background backup did not stop within %.0f s", CANCEL_WAIT_S)
            return None
        manager = self.manager()
        if manager.taken_since(EXIT_BACKUP_AFTER):
            return None
        return manager.backup(REASON_EXIT)

    def integrity_check_due(self, now: datetime | None = None) -> bool:
        """A week has passed since the last full check (never on a desk connected to the main
        PC: the main PC checks, next to its backups)."""
        if not self.keeps_backups:
            return False
        raw = self.ctx.services.settings.get(KEY_LAST_INTEGRITY_CHECK)
        try:
            last = datetime.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            last = None
        return check_due(last, now or clock.now())

    def start_integrity_check(self) -> BackgroundCheck:
        """The weekly check on a thread of its own, after the day's backup (it reads the whole
        database too: on 2 GB about two minutes the counter would otherwise wait)."""
        check = BackgroundCheck(self)
        check.start()
        return check

    def integrity_check_if_due(self, now: datetime | None = None) -> IntegrityReport | None:
        """Run the full check when a week has passed since the last one; None when not due."""
        moment = now or clock.now()
        if not self.integrity_check_due(moment):
            return None
        report = self.integrity_check()
        self.ctx.services.settings.set(Actor.system(), KEY_LAST_INTEGRITY_CHECK, moment.isoformat())
        return report

    def reclaim_space(self) -> None:
        """The weekly give-back of the pages outbox retention freed (storage.space: short
        steps; a file from before incremental vacuum is rewritten once). A failure waits for
        next week: the counter goes on."""
        from storage.space import reclaim

        try:
            reclaim(self.ctx.db.engine)
        except Exception:  # noqa: BLE001 - this runs on a background thread with no caller
            log.warning("space could not be given back", exc_info=True)

    def integrity_check(self) -> IntegrityReport:
        problems = tuple(integrity_problems(self.ctx.db.engine))
        good = self.manager().last_good_backup() if problems else None
        return IntegrityReport(problems, good, advice_zh(problems, str(good) if good else None)
                               if problems else "")


class BackgroundCheck:
    """The weekly integrity check beside the counter; :attr:`report` once :attr:`done`."""

    def __init__(self, backups: AppBackups) -> None:
        self._backups = backups
        self._done = threading.Event()
        self.report: IntegrityReport | None = None

    def start(self) -> None:
        threading.Thread(target=self._run, name="dealerdesk-check", daemon=True).start()

    def _run(self) -> None:
        try:
            self._backups.runner.wait()  # after the day's backup: one whole-database reader at a time
            lower_thread_priority()
            self.report = self._backups.integrity_check_if_due()
            if self.report is not None:
                self._backups.reclaim_space()
        except Exception:  # noqa: BLE001 - this thread has no caller; the check runs again next start
            log.exception("background integrity check failed")
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)
