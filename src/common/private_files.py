"""Owner-only permissions for what the app keeps and writes (issue 23, item 7).

Why: the data folder holds every customer's ID number and every password hash (the
database, its backups, logs, exported reports and bundles). On Linux and macOS a folder
made with the default umask is 0755 and a file 0644, so any other account on the PC could
read them. Here, once, is how the app makes them owner-only: folders 0700, files 0600.

* Modes are set explicitly (``os.open`` with a mode, then ``fchmod``/``chmod``), never by
  changing the process's umask, which is shared by every thread of the program.
* Files that another program creates (SQLite, ``pg_dump``, ``zipfile``) are chmodded before
  they get their final name, and they are made inside folders that are already private.
* Existing folders and files made by an earlier release are tightened when the app opens
  its data folder (:func:`tighten_folder`).
* Windows: nothing is changed. The data folder lives in the user's profile, whose
  inherited ACL already keeps other accounts out (``os.chmod`` there only toggles the
  read-only flag).

Failures to change a mode are logged and never stop the work: a backup copied to a USB
stick formatted FAT (which has no modes) must still be made.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

#: Owner may read, write and enter; nobody else anything.
PRIVATE_DIR = 0o700
#: Owner may read and write; nobody else anything.
PRIVATE_FILE = 0o600
#: Others may pass through (not list, not read): the main PC's server, run by root as its
#: own account, must reach its cluster inside the data folder (storage.pg_cluster).
PASSAGE = 0o001
#: Whether modes are enforced here (POSIX: Linux, macOS).
ENFORCED = os.name == "posix"


def _chmod(path: Path, mode: int) -> bool:
    if not ENFORCED:
        return True
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)
    except OSError as exc:
        log.warning("could not make %s private (%o): %s", path, mode, exc)
        return False
    return True


def private_dir(path: Path, *, passable: bool = False) -> Path:
    """Create ``path`` (and missing parents) and make it 0700; only for folders the app
    owns (the data folder, its backups, logs and keys), never a folder the user chose.

    ``passable`` keeps 0701: see :data:`PASSAGE`.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _chmod(path, PRIVATE_DIR | (PASSAGE if passable else 0))
    return path


def private_file(path: Path) -> Path:
    """Make an existing file 0600: one another program created, or an earlier release."""
    _chmod(path, PRIVATE_FILE)
    return path


def create_private(path: Path) -> Path:
    """An empty file made 0600 (truncated if it exists), for a program that then writes
    into it (SQLite keeps an empty file's mode, and gives its -wal/-shm the same mode)."""
    os.close(_open_fd(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
    return path


def _open_fd(path: Path, flags: int) -> int:
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    if ENFORCED:
        try:  # an existing file keeps its old mode through os.open; the umask may narrow it
            os.fchmod(fd, PRIVATE_FILE)
        except OSError as exc:
            log.warning("could not make %s private: %s", path, exc)
    return fd


def open_private(path: Path, mode: str = "wb", encoding: str | None = None) -> IO[Any]:
    """``open(path, mode)`` for writing (``w``/``a``, text or ``b``) with the file 0600."""
    if mode.strip("bt") not in ("w", "a"):
        raise ValueError(f"open_private writes only, not {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = _open_fd(path, flags)
    try:
        return os.fdopen(fd, mode, encoding=None if "b" in mode else (encoding or "utf-8"))
    except BaseException:
        os.close(fd)
        raise


def write_private(path: Path, data: bytes, *, sync: bool = False) -> Path:
    """Write ``data`` to ``path`` (replacing it) with the file 0600; ``sync`` fsyncs it."""
    with open_private(path, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    return path


def tighten_folder(folder: Path, *, passable: bool = False) -> None:
    """An existing folder of the app 0700 and the files directly in it 0600.

    Why not deeper: the folders below are each the app's own (backups, logs, keys), and
    are tightened by name; the main PC's server cluster has modes of its own that
    PostgreSQL checks. Links are skipped: their target is not ours to change.
    """
    if not ENFORCED or not folder.is_dir() or folder.is_symlink():
        return
    _chmod(folder, PRIVATE_DIR | (PASSAGE if passable else 0))
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        log.warning("could not list %s: %s", folder, exc)
        return
    for entry in entries:
        try:
            if entry.is_symlink() or not entry.is_file():
                continue
        except OSError:
            continue
        _chmod(entry, PRIVATE_FILE)


__all__ = [
    "ENFORCED", "PASSAGE", "PRIVATE_DIR", "PRIVATE_FILE", "create_private", "open_private",
    "private_dir", "private_file", "tighten_folder", "write_private",
]
