"""Paragraph styles and colours shared by every form, scaled for large or small paper."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from reports.fonts import register_fonts

INK = HexColor("#1a1a1a")
RULE = HexColor("#555555")
HAIRLINE = HexColor("#9a9a9a")
LABEL_FILL = HexColor("#eef1f4")
SECTION_FILL = HexColor("#dfe5ec")
MUTED = HexColor("#5f6368")
REPRINT_RED = HexColor("#c62828")


@dataclass(frozen=True)
class Styles:
    """The styles of one rendering; ``base`` is the body size in points."""

    base: float
    body: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle
    centered: ParagraphStyle

    @property
    def heading_size(self) -> float:
        return self.base + 1.5

    @property
    def title_size(self) -> float:
        return self.base * 2


def make_styles(base: float = 9.5) -> Styles:
    """Styles in the CJK face; ``wordWrap='CJK'`` lets Chinese break between any characters."""
    font = register_fonts()

    def style(name: str, size: float, colour: Color = INK, align: int = TA_LEFT,
              leading: float = 1.3) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading,
                              textColor=colour, alignment=align, wordWrap="CJK",
                              splitLongWords=True)

    return Styles(
        base=base,
        body=style("dd-body", base),
        label=style("dd-label", base - 0.5, MUTED),
        value=style("dd-value", base),
        small=style("dd-small", base - 2, MUTED),
        cell=style("dd-cell", base - 0.5),
        header_cell=style("dd-header-cell", base - 0.5, INK, TA_CENTER),
        centered=style("dd-centered", base, INK, TA_CENTER),
    )
