"""What a backup manager needs from a database, and the file helpers both kinds share.

Why a module of its own: the manager (:mod:`storage.backup`), the SQLite file
(:mod:`storage.sqlite_backup`) and the server (:mod:`storage.pg_backup`) all speak this
vocabulary; keeping it apart lets each of them import it without importing each other.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from common.private_files import create_private, private_file
from domain.errors import Conflict
from storage import migrate

BACKUP_SUFFIX = ".sqlite3"
#: what ``pg_dump`` backups of the server end with
DUMP_SUFFIX = ".dump"
#: Tables every DealerDesk database has had since the first release.
REQUIRED_TABLES = ("alembic_version", "branches")
#: First bytes of a ``pg_dump`` custom-format archive.
DUMP_MAGIC = b"PGDMP"

#: ``progress(phase, done, total)``: how far a backup is, called on the thread that takes it.
#: It may raise (a :class:`domain.errors.DomainError`, e.g. when the user cancelled) to stop
#: the backup; the temporary file is then removed and nothing else changes.
Progress = Callable[[str, int, int], None]
#: Phases of a backup as :data:`Progress` reports them: copying the database (SQLite pages or,
#: for the server, its tables weighted by size), then the copy into the second folder (bytes).
PHASE_COPY = "copy"
PHASE_SECOND_FOLDER = "second-folder"


@dataclass(frozen=True)
class LocalBranch:
    """The branch a database (or a backup) belongs to: its row with ``is_local``."""

    id: str
    code: str
    name: str

    def same_branch(self, other: LocalBranch) -> bool:
        """The same branch: the same id, or (a branch set up again, e.g. on a replaced PC,
        gets a new id) the same branch code."""
        return self.id == other.id or self.code == other.code

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass(frozen=True)
class Candidate:
    """A backup that passed its checks: what to load, its schema and its branch."""

    file: Path  # what the source loads (a checked temporary copy, or the backup itself)
    revision: str
    branch: LocalBranch | None
    temporary: bool  # ``file`` is a staging copy the manager deletes afterwards


# --- file helpers ----------------------------------------------------------------------------
def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    # Directory fsync makes the rename durable on POSIX; Windows has no such call.
    if os.name != "posix":
        return
    fd = os.open(str(folder), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(target: Path, fill: Callable[[Path], None]) -> Path:
    """``fill(tmp)`` writes the file; it becomes ``target`` only whole (fsync, rename in the
    same folder, fsync of the folder), so a crash or a full disk never leaves half a backup.

    The file is owner-only (0600) from its first byte to its final name: SQLite and
    ``pg_dump`` write into the empty private file, and keep its mode (issue 23, item 7)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        remove_quietly(tmp)
        create_private(tmp)
        fill(tmp)
        private_file(tmp)  # whatever the writer did to it
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        remove_quietly(tmp)
        raise
    return target


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


def check_revision(revision: str | None, shown_as: Path) -> str:
    """The candidate's schema revision, refused when missing or newer than this program."""
    if revision is None:
        raise Conflict("backup.not_dealerdesk", path=str(shown_as), missing="alembic_version")
    if revision not in migrate.known_revisions():
        raise Conflict("backup.newer", path=str(shown_as), db_version=revision)
    return revision


# --- what differs between the SQLite file and the server --------------------------------------
class BackupSource(Protocol):
    """One database as the manager backs it up and restores it."""

    #: file name ending of this kind of backup (``.sqlite3``, ``.dump``)
    suffix: str

    @property
    def shown_as(self) -> Path | str:
        """The database as messages and :class:`RestoreResult` name it."""
        ...

    def exists(self) -> bool:
        """Whether there is a database to back up (a server that cannot be reached raises)."""
        ...

    def has_data(self) -> bool:
        """Whether a restore would replace something worth a safety backup."""
        ...

    def write_copy(self, tmp: Path, target: Path, progress: Progress | None = None) -> None:
        """Write a consistent copy of the database to ``tmp``; the manager fsyncs it and
        renames it to ``target`` (which failures name). ``progress`` hears of it as it goes
        (:data:`PHASE_COPY`) and may raise to stop it."""
        ...

    def stage(self, file: Path, work: Path | None = None) -> Candidate:
        """Check ``file``, raising the refusal. ``work``: a folder for temporary copies
        (None: where a restore puts the database)."""
        ...

    def current_branch(self) -> LocalBranch | None:
        """The database's local branch; None when it has none yet (or cannot be read)."""
        ...

    def replace(self, candidate: Candidate) -> None:
        """Make the database what the candidate holds, all or nothing."""
        ...

    def upgrade(self, backup_dir: Path) -> str | None:
        """Migrate the restored database to this program's schema; its revision afterwards."""
        ...

    def problems_of(self, candidate: Candidate) -> list[str] | None:
        """The integrity check of a backup; None when this source cannot run it."""
        ...

    def salvage(self, target: Path) -> bool:
        """Keep the raw bytes of a database too damaged to back up; False when impossible."""
        ...

    def record(self, kind: str, detail: str) -> None:
        """Add an audit entry (``backup``, ``restore``) to the database, best effort."""
        ...
