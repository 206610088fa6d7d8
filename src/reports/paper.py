"""Page geometry of every paper the shops print on, as named constants in millimetres.

Why named constants: a dot-matrix printer on 241 mm continuous paper and a laser printer
on A4 need different page sizes and margins; each form picks a :class:`Paper` by key and
never hard-codes a size. ``x_offset_mm``/``y_offset_mm`` shift everything drawn, for paper
with pre-printed frames or a printer whose tractor feed does not start at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.units import mm

from domain.errors import ValidationError
from domain.messages import register

register("print.paper_unknown", "不支持的纸张：{paper}（可选：{choices}）",
         "Unknown paper '{paper}' (choose from: {choices})")

# --- sizes (mm) ---------------------------------------------------------------------------
A4_WIDTH_MM, A4_HEIGHT_MM = 210.0, 297.0
A5_WIDTH_MM, A5_HEIGHT_MM = 148.0, 210.0
CONTINUOUS_WIDTH_MM = 241.0
"""Continuous multi-part (多联) paper for dot-matrix printers: 241 mm incl. tractor strips."""
CONTINUOUS_FULL_MM = 279.0  # 一等分: one form per 11-inch fold
CONTINUOUS_HALF_MM = 140.0  # 二等分: two forms per fold
CONTINUOUS_THIRD_MM = 93.0  # 三等分: three forms per fold
TRACTOR_MARGIN_MM = 12.0
"""Sprocket-hole strip on each side of continuous paper: nothing may print there."""


@dataclass(frozen=True)
class Paper:
    key: str
    label: str
    width_mm: float
    height_mm: float
    margin_left_mm: float
    margin_right_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    multipart: bool = False
    """True for carbon/carbonless multi-part paper: one impact prints every copy (联)."""
    x_offset_mm: float = 0.0
    y_offset_mm: float = 0.0

    @property
    def size(self) -> tuple[float, float]:
        """Page size in points, as ReportLab wants it."""
        return self.width_mm * mm, self.height_mm * mm

    @property
    def compact(self) -> bool:
        """Small paper: forms use smaller type and fewer blank rows."""
        return self.height_mm < 200 or self.width_mm < 160

    def with_offset(self, x_mm: float, y_mm: float) -> Paper:
        return replace(self, x_offset_mm=x_mm, y_offset_mm=y_mm)


A4 = Paper("a4", "A4", A4_WIDTH_MM, A4_HEIGHT_MM, 15, 15, 12, 14)
A5 = Paper("a5", "A5", A5_WIDTH_MM, A5_HEIGHT_MM, 9, 9, 7, 9)
CONTINUOUS_FULL = Paper("241-1", "241×279 一等分", CONTINUOUS_WIDTH_MM, CONTINUOUS_FULL_MM,
                        TRACTOR_MARGIN_MM + 4, TRACTOR_MARGIN_MM + 4, 10, 12, multipart=True)
CONTINUOUS_HALF = Paper("241-2", "241×140 二等分", CONTINUOUS_WIDTH_MM, CONTINUOUS_HALF_MM,
                        TRACTOR_MARGIN_MM + 4, TRACTOR_MARGIN_MM + 4, 6, 9, multipart=True)
CONTINUOUS_THIRD = Paper("241-3", "241×93 三等分", CONTINUOUS_WIDTH_MM, CONTINUOUS_THIRD_MM,
                         TRACTOR_MARGIN_MM + 4, TRACTOR_MARGIN_MM + 4, 5, 8, multipart=True)

PAPERS: dict[str, Paper] = {
    p.key: p for p in (A4, A5, CONTINUOUS_FULL, CONTINUOUS_HALF, CONTINUOUS_THIRD)
}


ALIASES: dict[str, str] = {"241": CONTINUOUS_FULL.key}
"""Plain ``241`` (as on the command line) means the full fold, 241×279 一等分: a work
order or repair card needs the whole sheet; the halves are for slips."""


def paper_for(key: str | Paper) -> Paper:
    """The paper a key names (``a4``, ``a5``, ``241``/``241-1``, ``241-2``, ``241-3``)."""
    if isinstance(key, Paper):
        return key
    normal = key.strip().lower()
    found = PAPERS.get(ALIASES.get(normal, normal))
    if found is None:
        raise ValidationError("print.paper_unknown", "paper", paper=key,
                              choices="、".join(PAPERS))
    return found
