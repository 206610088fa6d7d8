"""One way to find shipped files, from the source tree and from a PyInstaller bundle alike.

Why: fonts, translations, icons and migrations must be found the same way whether the app
runs from a checkout (`pip install -e .`) or from the frozen bundle, where PyInstaller
unpacks data under ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ShippedFont:
    """One face of the CJK chain: its file below ``resources/fonts`` and its family in Qt."""

    file: str
    family: str

    def path(self) -> Path:
        return resource_path("fonts", self.file)


CJK_FONT_CHAIN: tuple[ShippedFont, ...] = (
    ShippedFont(CJK_FONT_FILE, CJK_FONT_FAMILY),
    ShippedFont("HanaMinA.ttf", "HanaMinA"),
    ShippedFont("HanaMinB.ttf", "HanaMinB"),
    ShippedFont("BabelStoneHan-subset.ttf", "BabelStone Han"),
)
"""The main face first, then the faces for the characters it lacks, in the order asked.

WenQuanYi Micro Hei draws the unified ideographs (URO) and everything else a form prints;
HanaMin A adds Extension A and the compatibility ideographs, HanaMin B Extensions B to F,
BabelStone Han (cut to what the others lack) most of Extensions G, H and I. Paper and screen
use the same chain, so a name looks the same in a list and on its work order.
"""
