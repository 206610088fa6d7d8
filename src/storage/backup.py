"""Backups (备份) of the branch database: taking, rotating, copying, verifying, restoring.

Why this module exists: the branch's records live in one place (the counter PC's SQLite file,
or the shop's server on the main PC), so a backup must be consistent while the app is
running and a restore must never leave the shop without a working database. What is the
same for both kinds of database is here, once: names, listing, rotation, the second folder,
the daily and exit backups, the order of a restore (check the candidate, refuse another
branch's data, save the current database, swap, migrate, record). What differs is a small
:class:`storage.backup_source.BackupSource`: ``storage.sqlite_backup.SqliteFile``, or
``storage.pg_backup.ServerDatabase`` for the server (``pg_dump`` custom format).

Backups are named ``dealerdesk-YYYYMMDD-HHMMSS-<reason>.sqlite3`` (``.dump`` for the server)
in the branch's local time, so the person at the counter can recognise them in Explorer, and
the name alone carries what rotation and listing need. Each backup is a single
self-contained file, so it can be copied to a USB stick or mailed as is.

Failures of the optional second folder (USB stick unplugged, share offline) are a warning in
the result, never an exception: the local backup is what matters and it is already made.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from common.private_files import open_private, private_dir, private_file, tighten_folder
from domain import clock
from domain.backup_settings import DEFAULT_KEEP_DAILY, DEFAULT_KEEP_MONTHLY, DEFAULT_KEEP_WEEKLY
from domain.errors import Conflict, NotFound, ValidationError
from storage.backup_source import (
    BACKUP_SUFFIX,
    PHASE_SECOND_FOLDER,
    BackupSource,
    Candidate,
    LocalBranch,
    Progress,
    fsync_file,
    remove_quietly,
    write_atomically,
)
from storage.sqlite_backup import SqliteFile

log = logging.getLogger(__name__)

BACKUP_PREFIX = "dealerdesk-"
#: Backups younger than this are never rotated away: this morning's manual backup must
#: still be there this afternoon even though the daily rule keeps one per day.
GRACE = timedelta(hours=24)

# Reasons used by the program; any lower-case word made of letters, digits and hyphens works.
REASON_MANUAL = "manual"
REASON_DAILY = "daily"
REASON_EXIT = "exit"
REASON_BEFORE_RESTORE = "before-restore"
REASON_BEFORE_MIGRATION = "before-migration"

_NAME = re.compile(
    r"^dealerdesk-(?P<date>\d{8})-(?P<time>\d{6})-(?P<reason>[a-z][a-z0-9-]*?)(?:-(?P<n>\d+))?"
    r"\.(?:sqlite3|dump)$"
)
# storage.migrate names its own safety copies this way; they are listed but never rotated.
_MIGRATION_NAME = re.compile(r"^before-migration-(?P<date>\d{8})-(?P<time>\d{6})\.(?:sqlite3|dump)$")
_REASON = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
#: A temporary backup file untouched this long is the remains of a backup that a crash or a
#: power cut interrupted (a running backup writes to its file every few milliseconds).
STALE_TEMPORARY = timedelta(hours=1)
#: Bytes per read and write when copying a backup into the second folder.
COPY_CHUNK = 4 * 1024 * 1024


# --- read models ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the list shows it."""

    path: Path
    taken_at: datetime  # aware, in the branch's time zone (from the file name)
    reason: str
    size_bytes: int


@dataclass(frozen=True)
class BackupResult:
    """What one backup did: the local file, the second-folder copy or why there is none."""

    path: Path
    copy: Path | None = None
    warning: str | None = None  # Chinese text for the user; None when all went well
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    database: Path | str  # the SQLite file, or the server database (主机:端口/数据库)
    safety_backup: Path | None  # None only when there was no current database to save
    from_revision: str
    to_revision: str
    warnings: tuple[str, ...] = field(default=())


# --- names ---------------------------------------------------------------------------------
def backup_name(moment: datetime, reason: str, suffix: str = BACKUP_SUFFIX) -> str:
    return f"{BACKUP_PREFIX}{moment:%Y%m%d-%H%M%S}-{reason}{suffix}"


def parse_backup_name(name: str, tz: tzinfo) -> tuple[datetime, str] | None:
    """Time and reason from a backup file name; None for files that are not ours."""
    match = _NAME.match(name)
    reason = match.group("reason") if match else REASON_BEFORE_MIGRATION
    match = match or _MIGRATION_NAME.match(name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match.group("date") + match.group("time"), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=tz), reason


# --- rotation ------------------------------------------------------------------------------
def select_to_keep(
    backups: Iterable[tuple[Path, datetime]],
    now: datetime,
    daily: int = DEFAULT_KEEP_DAILY,
    weekly: int = DEFAULT_KEEP_WEEKLY,
    monthly: int = DEFAULT_KEEP_MONTHLY,
) -> set[Path]:
    """The backups a rotation keeps (the rest may be deleted).

    Rules, in the manner of ``borg prune``: for each of the ``daily`` most recent days that
    have a backup, keep that day's newest; likewise per ISO week and per calendar month.
    Periods are counted among those that have backups, not on the calendar, so a PC that was
    switched off for a month still has its last ``daily`` days of backups. Backups younger
    than :data:`GRACE` and backups dated after ``now`` (a wrong clock) are always kept:
    rotation must never be the reason a recent backup is gone.
    """
    everything = list(backups)
    keep: set[Path] = {path for path, moment in everything if moment > now - GRACE}
    # Future-dated backups are kept above and do not take a period's slot.
    items = sorted(((p, m) for p, m in everything if m <= now), key=lambda i: i[1], reverse=True)

    def newest_per(period: Callable[[datetime], object], count: int) -> None:
        seen: set[object] = set()
        for path, moment in items:
            if len(seen) >= count:
                return
            key = period(moment)
            if key not in seen:
                seen.add(key)
                keep.add(path)

    newest_per(lambda m: m.date(), max(daily, 0))
    newest_per(lambda m: m.isocalendar()[:2], max(weekly, 0))
    newest_per(lambda m: (m.year, m.month), max(monthly, 0))
    return keep


def verify(file: Path) -> list[str]:
    """Problems that would make the SQLite backup ``file`` refuse to restore (Chinese)."""
    return _verify_with(SqliteFile(file), file)  # staging never touches the source's own file


def _verify_with(source: BackupSource, file: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="dealerdesk-verify-") as tmp:
        try:
            candidate = source.stage(file, Path(tmp))
        except (Conflict, NotFound) as exc:
            return [exc.message("zh")]
        if candidate.temporary:
            remove_quietly(candidate.file)
    return []


def _copy_file(source: Path, target: Path, progress: Progress | None) -> None:
    """``shutil.copyfile`` in chunks, so a slow USB stick shows how far it is; the copy is
    owner-only like the backup it copies (the second folder's own mode is the user's)."""
    total = source.stat().st_size
    done = 0
    with source.open("rb") as reading, open_private(target, "wb") as writing:
        while chunk := reading.read(COPY_CHUNK):
            writing.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(PHASE_SECOND_FOLDER, done, total)


# --- the manager ---------------------------------------------------------------------------
class BackupManager:
    """Backups of one database into a backup folder (and optionally a second one).

    ``source`` is the database: a :class:`BackupSource`, or the path of a SQLite file.
    ``release`` is called before a restore replaces the database: it must close every
    connection this process holds on it (e.g. ``Database.close``). ``now`` returns the
    current time, aware; it defaults to :func:`domain.clock.now` so tests can freeze it.
    """

    def __init__(
        self,
        source: BackupSource | Path,
        backup_dir: Path,
        extra_dir: Path | None = None,
        *,
        keep_daily: int = DEFAULT_KEEP_DAILY,
        keep_weekly: int = DEFAULT_KEEP_WEEKLY,
        keep_monthly: int = DEFAULT_KEEP_MONTHLY,
        zone: str | None = None,
        release: Callable[[], None] | None = None,
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        self.source: BackupSource = SqliteFile(source) if isinstance(source, Path) else source
        self.backup_dir = backup_dir
        self.extra_dir = extra_dir
        self.keep_daily = keep_daily
        self.keep_weekly = keep_weekly
        self.keep_monthly = keep_monthly
        self.tz = clock.branch_zone(zone)
        self.release = release
        self._now = now
        self.last_result: BackupResult | None = None

    @property
    def suffix(self) -> str:
        return self.source.suffix

    def local_now(self) -> datetime:
        return self._now().astimezone(self.tz)

    # --- taking backups --------------------------------------------------------------------
    def backup_now(self, reason: str = REASON_MANUAL) -> Path:
        """Take a backup; the full outcome (second folder warning) is in :attr:`last_result`."""
        return self.backup(reason).path

    def backup(self, reason: str = REASON_MANUAL, *, protect: Iterable[Path] = (),
               progress: Progress | None = None) -> BackupResult:
        """Back up, copy to the second folder, then rotate both folders.

        ``progress`` hears how far the copy and the second-folder copy are; when it raises
        (cancelled), the file being written is removed and the exception propagates.
        """
        if not _REASON.match(reason):
            raise ValidationError("backup.bad_reason", "reason", reason=reason)
        self._require_database()
        self._make_private()
        self._remove_stale_temporaries()
        moment = self.local_now()
        target = self._free_name(self.backup_dir, backup_name(moment, reason, self.suffix))
        self.write_copy(target, progress)
        copy, warning = self._copy_to_second_folder(target, progress)
        removed = self.rotate(protect=(target, *protect))
        result = BackupResult(target, copy, warning, tuple(removed))
        self.last_result = result
        log.info("backup written: %s", target.name)
        return result

    def _make_private(self) -> None:
        """Backups hold every customer's records: the backup folder 0700 and every backup
        0600, in the second folder too (issue 23, item 7), including those an earlier
        release left 0644. The second folder's own mode is the user's choice (a USB stick,
        a share): only our files in it are changed."""
        private_dir(self.backup_dir)
        tighten_folder(self.backup_dir)
        if self.extra_dir is not None and self.extra_dir.is_dir():
            for info in self.list_backups(self.extra_dir):
                private_file(info.path)

    def _require_database(self) -> None:
        if not self.source.exists():
            raise NotFound("backup.no_database", path=str(self.source.shown_as))

    def write_copy(self, target: Path, progress: Progress | None = None) -> Path:
        """Write a consistent single-file copy of the database to ``target`` (atomically)."""
        self._require_database()
        write_atomically(target, lambda tmp: self.source.write_copy(tmp, target, progress))
        self.source.record("backup", str(target))
        return target

    def taken_today(self) -> bool:
        """Whether a backup of this database was taken today (branch's local date)."""
        today = self.local_now().date()
        return any(info.taken_at.date() == today for info in self.list_backups())

    def taken_since(self, age: timedelta) -> bool:
        """Whether a backup was started within ``age`` from now (its name's time)."""
        since = self.local_now() - age
        return any(info.taken_at >= since for info in self.list_backups())

    def daily_backup_if_due(self, progress: Progress | None = None) -> Path | None:
        """The first start of a day backs up; later starts that day do nothing."""
        if self.taken_today():
            return None
        return self.backup(REASON_DAILY, progress=progress).path

    def _remove_stale_temporaries(self) -> None:
        """A crash during a backup leaves its temporary file (never a backup: the rename did
        not happen); on a database of gigabytes that space is worth taking back."""
        limit = time.time() - STALE_TEMPORARY.total_seconds()
        try:
            leftovers = list(self.backup_dir.glob(f".{BACKUP_PREFIX}*.tmp*"))  # and its journal
        except OSError:
            return
        for path in leftovers:
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    log.info("removed an interrupted backup's temporary file %s", path.name)
            except OSError as exc:
                log.warning("could not remove %s: %s", path.name, exc)

    def _free_name(self, folder: Path, name: str) -> Path:
        target = folder / name
        n = 2
        while target.exists():
            target = folder / name.replace(self.suffix, f"-{n}{self.suffix}")
            n += 1
        return target

    # --- second folder ---------------------------------------------------------------------
    def second_folder_problem(self) -> str | None:
        """Chinese warning when the second folder is set but cannot be written to."""
        if self.extra_dir is None:
            return None
        if not self.extra_dir.is_dir() or not os.access(self.extra_dir, os.W_OK):
            return self._unreachable_text()
        return None

    def _unreachable_text(self, local: Path | None = None) -> str:
        from domain.messages import render

        return render("backup.second_folder_unreachable", "zh", folder=str(self.extra_dir),
                      local=str(local or self.backup_dir))

    def _copy_to_second_folder(self, local: Path,
                               progress: Progress | None = None) -> tuple[Path | None, str | None]:
        if self.extra_dir is None:
            return None, None
        # Never create the folder: a missing drive letter or an unmounted mount point must
        # not turn into a folder on the local disk that looks like a safe second copy.
        if not self.extra_dir.is_dir():
            return None, self._unreachable_text(local)
        target = self.extra_dir / local.name
        tmp = self.extra_dir / f".{local.name}.tmp"
        try:
            _copy_file(local, tmp, progress)
            fsync_file(tmp)
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                remove_quietly(tmp)
            log.warning("second backup folder failed: %s", exc)
            return None, self._unreachable_text(local)
        except BaseException:  # cancelled: the local backup stays, the half copy goes
            with contextlib.suppress(OSError):
                remove_quietly(tmp)
            raise
        return target, None

    # --- listing and rotation --------------------------------------------------------------
    def list_backups(self, folder: Path | None = None) -> list[BackupInfo]:
        """This database's kind of backups in the backup folder (or ``folder``), newest first.

        The other kind (a folder that moved from its SQLite file to the server keeps its old
        ``.sqlite3`` backups) is neither listed nor rotated: it cannot be restored here.
        """
        where = folder or self.backup_dir
        found: list[BackupInfo] = []
        try:
            entries = list(where.iterdir())
        except OSError:
            return []
        for path in entries:
            if not path.name.endswith(self.suffix):
                continue
            parsed = parse_backup_name(path.name, self.tz)
            if parsed is None or not path.is_file():
                continue
            try:
                size = path.stat().st_size
            except OSError:
                continue
            found.append(BackupInfo(path, parsed[0], parsed[1], size))
        # Same second: "-2" after the first, "-10" after "-9" (longer name = later).
        found.sort(key=lambda i: (i.taken_at, len(i.path.name), i.path.name), reverse=True)
        return found

    def rotate(self, protect: Iterable[Path] = ()) -> list[Path]:
        """Delete backups the rotation does not keep, here and in a reachable second folder."""
        removed: list[Path] = []
        protected = {p.resolve() for p in protect}
        folders = [self.backup_dir]
        if self.extra_dir is not None and self.extra_dir.is_dir():
            folders.append(self.extra_dir)
        now = self.local_now()
        for folder in folders:
            # before-migration copies are not ours to delete (storage.migrate names them).
            rotated = [i for i in self.list_backups(folder) if i.path.name.startswith(BACKUP_PREFIX)]
            keep = select_to_keep([(i.path, i.taken_at) for i in rotated], now,
                                   self.keep_daily, self.keep_weekly, self.keep_monthly)
            for info in rotated:
                if info.path in keep or info.path.resolve() in protected:
                    continue
                try:
                    info.path.unlink()
                    removed.append(info.path)
                except OSError as exc:
                    log.warning("could not remove old backup %s: %s", info.path, exc)
        return removed

    def last_good_backup(self) -> Path | None:
        """Newest backup that restores and passes the full integrity check.

        Offered after a failed check, so the app's invariants count too: a backup taken
        after the damage happened would restore the same problem.
        """
        for info in self.list_backups():
            with tempfile.TemporaryDirectory(prefix="dealerdesk-verify-") as tmp:
                try:
                    candidate = self.source.stage(info.path, Path(tmp))
                except (Conflict, NotFound):
                    continue
                problems = self.source.problems_of(candidate)
            if problems is None:  # cannot be checked here: never recommend an unchecked one
                return None
            if not problems:
                return info.path
        return None

    # --- restore ---------------------------------------------------------------------------
    def verify(self, file: Path) -> list[str]:
        """Problems that would make ``file`` refuse to restore here (Chinese); empty when good."""
        return _verify_with(self.source, file)

    def restore(self, file: Path) -> RestoreResult:
        """Replace the database with ``file`` after checking it and saving the current one.

        Refusals (wrong kind, not DealerDesk, newer schema, damaged, another branch's) raise
        before anything changes. The program must restart afterwards: the caller's engines
        are closed.
        """
        candidate = self.source.stage(file)
        try:
            self._refuse_another_branch(candidate, file)
            safety: Path | None = None
            if self.source.has_data():
                safety = self._safety_backup(protect=(file,))
            if self.release is not None:
                self.release()
            self.source.replace(candidate)
        finally:
            if candidate.temporary:
                remove_quietly(candidate.file)
        head = self.source.upgrade(self.backup_dir) or candidate.revision
        self.source.record("restore", f"{file} → {self.source.shown_as}")
        log.info("database restored from %s", file.name)
        return RestoreResult(file, self.source.shown_as, safety, candidate.revision, head)

    def _refuse_another_branch(self, candidate: Candidate, file: Path) -> None:
        """A backup of another branch would silently turn this shop into that one (its
        numbers, its sync identity); an empty database (a replaced PC) accepts any."""
        current = self.source.current_branch()
        if current is None or candidate.branch is None or candidate.branch.same_branch(current):
            return
        raise Conflict("backup.foreign_branch", path=str(file), backup_branch=str(candidate.branch),
                       current_branch=str(current))

    def _safety_backup(self, protect: Iterable[Path]) -> Path:
        """``before-restore`` backup; a database too damaged to back up is kept as raw bytes."""
        try:
            return self.backup(REASON_BEFORE_RESTORE, protect=protect).path
        except Conflict:
            target = self._free_name(self.backup_dir,
                                     backup_name(self.local_now(), REASON_BEFORE_RESTORE, self.suffix))
            if not self.source.salvage(target):
                raise
            return target


__all__ = [
    "BackupInfo", "BackupManager", "BackupResult", "BackupSource", "Candidate", "LocalBranch",
    "Progress", "RestoreResult", "SqliteFile", "backup_name", "parse_backup_name", "select_to_keep", "verify",
]
