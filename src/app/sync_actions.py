"""What the 总部同步 page may do, on top of :class:`sync.service.SyncService`.

Why an adapter: ``ui`` never imports ``sync`` or ``storage`` (layer rule); the page declares
:class:`ui.pages.sync_page.SyncActions` and this object implements it. Refusals of the sync
core are plain exceptions with a Chinese reason; here they become :class:`domain.errors`
errors so the GUI's error path (``run_op`` → message box) shows them in the user's language.
Every method runs on the database thread.

Who acts: the logged-in person, whose role the sync service checks (issue 23 item 2) and
whose name its audit entries carry — except the watched folder's imports, which run by
themselves as the system (:meth:`AppSyncActions.import_dropped`). The page greys out
what the role may not do (``ui.pages.sync_page``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from app.context import AppContext
from domain import messages
from domain.errors import Conflict
from domain.model import Setting
from domain.roles import Actor, Permission, require
from domain.settings_defaults import SYNC_SILENT_DAYS, int_setting
from sync import crypto
from sync.service import (
    ENROLMENT_FILE,
    EXPORT_STATE_FILE,
    PEERS,
    BranchStatus,
    ExportResult,
    ImportResult,
    NothingToExport,
    SyncRefused,
    SyncService,
    keys_dir,
)

messages.register("sync.refused", "{reason}", "Refused: {reason}")
messages.register("sync.nothing_to_export",
                  "没有需要导出的新变更（总部已确认到第 {acked} 号）",
                  "Nothing new to export (HQ has acknowledged up to change {acked})")
messages.register("sync.cancelled", "已取消，没有写出文件", "Cancelled; no file was written")

Progress = Callable[[int, int], None]
IMPORTED_DIR = "imported"
REFUSED_DIR = "refused"


class ImportProgress(Protocol):
    """Where an import reports which file it is on and how many of its changes are written
    (the page's progress mailbox; called on the database thread)."""

    def file_started(self, index: int, count: int, name: str) -> None: ...
    def advance(self, done: int, total: int) -> None: ...


class _Cancelled(Exception):
    """Raised inside the progress callback: the export stops before the file is renamed."""


@dataclass(frozen=True)
class LocalSyncStatus:
    """A branch's enrolment, for the page's status box."""

    branch_code: str
    enrolled: bool
    hq_code: str
    hq_fingerprint: str
    own_fingerprint: str
    acked_seq: int
    last_export_seq: int
    last_export_at: datetime | None
    enrolment_pending: bool  # enrolled, but HQ has not yet seen the first bundle


@dataclass(frozen=True)
class WatchOutcome:
    """One file the watched folder picked up, and where it went."""

    name: str
    status: str  # applied | skipped | refused
    message: str
    moved_to: Path


class AppSyncActions:
    """The sync page's actions for one open database and the person logged in."""

    def __init__(self, ctx: AppContext, actor: Actor) -> None:
        self.ctx = ctx
        self.actor = actor
        self.service = SyncService(ctx.db, keys_dir(ctx.data_dir), actor=actor)
        # automatic imports of the watched folder: nobody clicked, so the trail says 系统
        # (the folder was chosen by someone allowed to import: the page greys it otherwise)
        self.watcher = SyncService(ctx.db, keys_dir(ctx.data_dir), actor=Actor.system())

    # --- status ------------------------------------------------------------------------
    def local_status(self) -> LocalSyncStatus:
        branch = self.ctx.services.branches.current()
        with self.ctx.db.engine.connect() as conn:
            hq = conn.execute(select(PEERS).where(PEERS.c.role == "hq")).first()
        state_path = self.service.keys_dir / EXPORT_STATE_FILE
        last_seq, last_at = 0, None
        if state_path.exists():
            try:
                last_seq = int(json.loads(state_path.read_text()).get("last_seq", 0))
                last_at = datetime.fromtimestamp(state_path.stat().st_mtime, UTC)
            except (OSError, ValueError):
                pass
        return LocalSyncStatus(
            branch.code, hq is not None and bool(self.service.local_fingerprint()),
            str(hq.code) if hq is not None else "",
            crypto.fingerprint(hq.sign_public) if hq is not None and hq.sign_public else "",
            self.service.local_fingerprint(), int(hq.acked_seq) if hq is not None else 0,
            last_seq, last_at, (self.service.keys_dir / ENROLMENT_FILE).exists())

    def branch_statuses(self, silent_after_days: int) -> list[BranchStatus]:
        return self.service.branch_statuses(silent_after_days)

    def silent_days(self) -> int:
        with self.ctx.db.unit_of_work() as session:
            return int_setting(session, SYNC_SILENT_DAYS)

    def set_silent_days(self, days: int) -> None:
        require(self.actor, Permission.SETTINGS_EDIT)  # a setting: who may change settings
        with self.ctx.db.unit_of_work() as session:
            session.merge(Setting(key=SYNC_SILENT_DAYS, value=json.dumps(max(1, int(days)))))

    def hq_fingerprint(self) -> str:
        return self.service.local_fingerprint()

    # --- branch side -------------------------------------------------------------------
    def enrol(self, path: Path) -> str:
        """Returns this machine's new key fingerprint."""
        try:
            return self.service.enrol(path).fingerprint
        except SyncRefused as exc:
            raise Conflict("sync.refused", reason=exc.reason) from exc

    def export(self, path: Path, progress: Progress, cancelled: Callable[[], bool]) -> ExportResult:
        try:
            if cancelled():
                raise _Cancelled
            return self.service.export_bundle(path, progress=_checked(progress, cancelled))
        except NothingToExport as exc:
            raise Conflict("sync.nothing_to_export", acked=exc.acked) from exc
        except SyncRefused as exc:
            raise Conflict("sync.refused", reason=exc.reason) from exc
        except _Cancelled as exc:
            raise Conflict("sync.cancelled") from exc

    def import_files(self, paths: Sequence[Path], progress: ImportProgress) -> list[ImportResult]:
        """Import the files as one batch (sorted by the sync core; one transaction each), the
        progress bar naming the file being applied."""
        return self.service.import_bundles(paths, progress.advance, file_started=progress.file_started)

    # --- HQ side -----------------------------------------------------------------------
    def enrol_branch(self, code: str, name: str, path: Path) -> str:
        try:
            return self.service.enrol_branch(code, name, path).code
        except SyncRefused as exc:
            raise Conflict("sync.refused", reason=exc.reason) from exc

    def revoke_branch(self, code: str) -> str:
        try:
            return self.service.revoke_branch(code)
        except SyncRefused as exc:
            raise Conflict("sync.refused", reason=exc.reason) from exc

    def export_for_branch(self, code: str, path: Path, progress: Progress,
                          cancelled: Callable[[], bool]) -> ExportResult:
        try:
            if cancelled():
                raise _Cancelled
            return self.service.export_for_branch(code, path, _checked(progress, cancelled))
        except SyncRefused as exc:
            raise Conflict("sync.refused", reason=exc.reason) from exc
        except _Cancelled as exc:
            raise Conflict("sync.cancelled") from exc

    def import_dropped(self, files: Sequence[Path], progress: ImportProgress) -> list[WatchOutcome]:
        """Import files found in the watched folder; move each to imported/ or refused/ there.

        Why move: the folder is shared with whoever drops files; a file that stays would be
        looked at again on every poll, and the user must see which ones were refused. Each
        file moves right after its own import, so a crash part-way leaves only files not yet
        looked at (or, at worst, one applied file that the next look skips as imported).
        """
        outcomes: list[WatchOutcome] = []

        def file_away(result: ImportResult) -> None:
            outcomes.append(WatchOutcome(result.path.name, result.status, result.message,
                                         _file_away(result.path, result.status)))

        self.watcher.import_bundles([f for f in files if f.is_file()], progress.advance,
                                    file_started=progress.file_started, finished=file_away)
        return outcomes


def _file_away(path: Path, status: str) -> Path:
    """Where the file went; it stays put when the folder cannot be written (next look retries)."""
    target_dir = path.parent / (REFUSED_DIR if status == "refused" else IMPORTED_DIR)
    try:
        target_dir.mkdir(exist_ok=True)
        target = _free_name(target_dir / path.name)
        shutil.move(str(path), str(target))
    except OSError:
        return path
    return target


def _checked(progress: Progress, cancelled: Callable[[], bool]) -> Progress:
    """Stop at the next progress report after 取消. At 100 % the file is (being) renamed
    into place: a cancel that late lets the export finish rather than leave a doubt."""

    def report(done: int, total: int) -> None:
        if cancelled() and done < total:
            raise _Cancelled
        progress(done, total)

    return report


def _free_name(path: Path) -> Path:
    """imported/X.ddsync already there (the same file dropped twice): X-2.ddsync, …"""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate
