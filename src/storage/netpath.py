"""Is a path on a network file system? A SQLite database there is refused.

Why: SQLite's documentation says WAL does not work over a network file system and that
broken network locking has corrupted databases. Shops that want several desks try exactly
that (a mapped drive to the main PC); the app must say no and point to 连接本店主机.

Linux: the file system type of the mount holding the path (``/proc/self/mountinfo``);
Windows: a UNC path (``\\\\server\\share``) or a drive whose type is DRIVE_REMOTE (a mapped
network drive). macOS and others: not detected (nothing is refused).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Linux file system types that live on another machine.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph",
    "glusterfs", "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs", "davfs",
    "fuse.davfs", "fuse.rclone", "lustre", "gpfs", "ocfs2", "gfs2", "beegfs",
})

DRIVE_REMOTE = 4


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounts_from_mountinfo(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of each line of ``/proc/self/mountinfo``."""
    mounts: list[tuple[str, str]] = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or not tail:
            continue
        mounts.append((_unescape(fields[4]), tail[0]))
    return mounts


def filesystem_type(path: Path, mounts: list[tuple[str, str]]) -> str | None:
    """Type of the longest mount point that contains ``path``."""
    target = str(path)
    best: tuple[int, str] | None = None
    for point, fstype in mounts:
        prefix = point.rstrip("/") + "/"
        if (target == point or target.startswith(prefix) or point == "/") and (
                best is None or len(point) >= best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


def _real(path: Path) -> Path:
    """``path`` with the symbolic links of its existing part resolved (a new file is judged
    by the folder it will be made in, and a link may point onto a share)."""
    current, tail = path.absolute(), []
    while not current.exists() and current.parent != current:
        tail.append(current.name)
        current = current.parent
    return current.resolve().joinpath(*reversed(tail))


def network_location(path: Path, *, mountinfo: str | None = None) -> str | None:
    """What makes ``path`` a network location (e.g. ``nfs4``, ``网络驱动器 Z:``), or None."""
    if os.name == "nt":
        return _windows_network(path)
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    fstype = filesystem_type(_real(path), mounts_from_mountinfo(mountinfo))
    if fstype is not None and (fstype in NETWORK_FS_TYPES or fstype.startswith("nfs")):
        return fstype
    return None


def _windows_network(path: Path) -> str | None:
    text = str(path.absolute())
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "网络共享"
    drive = os.path.splitdrive(text)[0]
    if not drive:
        return None
    import ctypes

    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    return f"网络驱动器 {drive}" if kind == DRIVE_REMOTE else None
