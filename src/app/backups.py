"""Wiring backups: a :class:`storage.backup.BackupManager` configured from the branch's settings.

Why in ``app``: the manager lives in storage and the settings in the domain; only the app
layer may know both. The GUI's backup panel (``ui.pages.backup_panel``) gets an
:class:`AppBackups`, which satisfies the panel's ``BackupActions`` protocol and checks the
acting staff member's role; the command line builds a manager with :func:`manager_for`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
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
from domain.errors import DomainError
from domain.roles import Actor, Permission, require
from storage.backup import (
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


@dataclass(frozen=True)
class IntegrityReport:
    """Outcome of the periodic check, ready for the GUI to show when ``problems`` is not empty."""

    problems: tuple[str, ...]
    last_good_backup: Path | None
    advice: str  # plain Chinese: what to do now


class AppBackups:
    """What the GUI's backup panel calls (``ui.pages.backup_panel.BackupActions``).

    Runs on the database thread (``ui.operations.run_op``). ``release`` is called before a
    restore swaps the file; by default it closes the context's database, after which the
    program must restart.
    """

    def __init__(self, ctx: AppContext, actor: Actor,
                 release: Callable[[], None] | None = None) -> None:
        self.ctx = ctx
        self.actor = actor
        self.release = release or ctx.close

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
        require(self.actor, Permission.BACKUP_RESTORE)
        return self.manager().backup(REASON_MANUAL)

    def restore(self, file: Path) -> RestoreResult:
        require(self.actor, Permission.BACKUP_RESTORE)
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
        return self.manager().daily_backup_if_due() if self.keeps_backups else None

    def exit_backup(self) -> BackupResult | None:
        return self.manager().backup(REASON_EXIT) if self.keeps_backups else None

    def integrity_check_if_due(self, now: datetime | None = None) -> IntegrityReport | None:
        """Run the full check when a week has passed since the last one; None when not due
        (or on a desk connected to the main PC: the main PC checks, next to its backups)."""
        if not self.keeps_backups:
            return None
        moment = now or clock.now()
        raw = self.ctx.services.settings.get(KEY_LAST_INTEGRITY_CHECK)
        try:
            last = datetime.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            last = None
        if not check_due(last, moment):
            return None
        report = self.integrity_check()
        self.ctx.services.settings.set(Actor.system(), KEY_LAST_INTEGRITY_CHECK, moment.isoformat())
        return report

    def integrity_check(self) -> IntegrityReport:
        problems = tuple(integrity_problems(self.ctx.db.engine))
        good = self.manager().last_good_backup() if problems else None
        return IntegrityReport(problems, good, advice_zh(problems, str(good) if good else None)
                               if problems else "")
