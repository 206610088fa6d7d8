"""This PC's identity among the desks of a shop: its name and a random id, kept once.

Why (issue 23 item 8: "Failed logins count per account and PC, so one desk cannot lock the
manager out of the others"): the failure counter needs to tell the desks apart. The PC's
name alone is not enough: PCs set up from one disk image often share it, and a PC may be
renamed. So the name (for people reading ``login_failures``) is followed by a random id,
written to the data folder the first time and read from it ever after. Every desk has its
own data folder (keys, logs, backups), also when the database is the shop's server.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from common.private_files import write_private
from storage.engine import application_name

log = logging.getLogger(__name__)

FILE_NAME = "pc_id"
MAX_LENGTH = 100  # login_failures.pc


def pc_identity(data_dir: Path) -> str:
    """``NAME-1a2b3c4d`` (the PC's name, a random id): read from ``data_dir``, or made and saved there once. A
    data folder that cannot be written still gets an identity, for this run only (logged)."""
    path = data_dir / FILE_NAME
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        saved = ""
    if saved:
        return saved[:MAX_LENGTH]
    made = f"{application_name().removeprefix('DealerDesk@')[:80]}-{secrets.token_hex(4)}"
    try:
        write_private(path, made.encode("utf-8"))
    except OSError as exc:
        log.warning("cannot keep this PC's identity in %s: %s", path, exc)
    return made
