"""One way to find shipped files, from the source tree and from a PyInstaller bundle alike.

Why: fonts, translations, icons and migrations must be found the same way whether the app
runs from a checkout (`pip install -e .`) or from the frozen bundle, where PyInstaller
unpacks data under ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """Path of a file below ``resources/`` (e.g. ``resource_path("fonts", "x.ttc")``)."""
    return _root().joinpath("resources", *parts)


def migrations_path() -> Path:
    """Folder holding the Alembic scripts (``env.py`` and ``versions/``)."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "storage" / "migrations"
    return Path(__file__).resolve().parents[1] / "storage" / "migrations"


CJK_FONT_FILE = "wqy-microhei.ttc"
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"


def cjk_font_path() -> Path:
    return resource_path("fonts", CJK_FONT_FILE)
