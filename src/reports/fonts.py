"""The one CJK font every printed form uses, registered once and embedded as a subset.

Why a module of its own: every form and every test must get the same face under the same
name, and ReportLab must never fall back to a base-14 font (Chinese would print as boxes).
The shipped WenQuanYi Micro Hei has no bold face; headings are drawn with the fill+stroke
text render mode instead (see :func:`draw_heavy_string`), never with a fake bold font.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from common.resources import cjk_font_path

FONT = "WenQuanYiMicroHei"
"""Name the face is registered under; PDFs list it as a subset of this name."""

MISSING_GLYPH = "〓"
"""What prints in place of a character the font lacks (CJK Ext B such as 𠮷, emoji).

The geta mark is the traditional typesetter's sign for "character not available": a clerk
sees that something is there and can write it in by hand, instead of a silent gap.
"""

HEAVY_STROKE = 0.35
"""Outline width (pt) added around glyphs to make headings heavier without a bold face."""

_lock = threading.Lock()


def register_fonts() -> str:
    """Register the CJK face with ReportLab (idempotent, thread-safe); return its name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            path = cjk_font_path()
            if not path.is_file():
                raise FileNotFoundError(2, "找不到中文字体文件", str(path))
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    font = pdfmetrics.getFont(register_fonts())
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def printable(text: str) -> str:
    """``text`` with every character the font cannot draw replaced by :data:`MISSING_GLYPH`.

    Line breaks and tabs survive (they are layout, not glyphs).
    """
    covered = _covered()
    return "".join(
        ch if ch in "\n\t" or ord(ch) in covered else MISSING_GLYPH
        for ch in text
        if ch not in "\ufe0f\u200d"  # emoji variation selector / joiner: no glyph of their own
    )


IDEOGRAPHIC_SPACE = "\u3000"
_NBSP_PER_IDEOGRAPHIC_SPACE = "\u00a0" * 3


def markup(text: str) -> str:
    """Printable text escaped for a ReportLab Paragraph (line breaks kept as ``<br/>``).

    Ideographic spaces (the blanks of "　　年　　月　　日" write-in lines) become
    non-breaking spaces, which a Paragraph keeps instead of collapsing.
    """
    text = escape(printable(text)).replace("\r\n", "\n").replace("\n", "<br/>")
    return text.replace(IDEOGRAPHIC_SPACE, _NBSP_PER_IDEOGRAPHIC_SPACE)


def string_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, register_fonts(), size)


def draw_heavy_string(canvas: Canvas, x: float, y: float, text: str, size: float,
                      *, align: str = "left", color: Color = black) -> None:
    """Draw a heading in the CJK face made heavier with fill+stroke (render mode 2)."""
    text = printable(text)
    width = string_width(text, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    text_object = canvas.beginText(x, y)
    text_object.setFont(register_fonts(), size)
    text_object.setTextRenderMode(2)
    canvas.setLineWidth(HEAVY_STROKE * size / 10)
    text_object.textLine(text)
    canvas.drawText(text_object)
    canvas.restoreState()
