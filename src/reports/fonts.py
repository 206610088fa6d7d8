"""The CJK faces every printed form uses, and text cut into runs of the face that draws it.

Why a module of its own: every form and every test must get the same faces under the same
names, and ReportLab must never fall back to a base-14 font (Chinese would print as boxes).
No single free TrueType font draws every ideograph a customer's name may hold (生僻字 from
CJK Extension B to H), so text is drawn in runs: each character in the first face of the
chain (:data:`common.resources.CJK_FONT_CHAIN`) that has it. A character no shipped face
draws prints as its code, e.g. "[U+30041]", in smaller type, so the clerk sees what is missing
and can write it in by hand; it is never dropped or replaced silently.

The main face, WenQuanYi Micro Hei, draws everything but rare ideographs; the fallback
faces are read from disk only when a text needs them. Every face is embedded as a subset.
The shipped faces have no bold: headings are drawn with the fill+stroke text render mode
(see :func:`draw_heavy_string`), never with a fake bold font.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from common.resources import CJK_FONT_CHAIN, ShippedFont
from reports.truetype import UnicodeTTFont

FONT = "WenQuanYiMicroHei"
"""Name the main face is registered under; PDFs list it as a subset of this name."""

FALLBACK_FONTS = ("HanaMinA", "HanaMinB", "BabelStoneHan")
"""Names the fallback faces are registered under, in the order of the chain."""

CODE_SMALLER = 2.5
"""Points by which a "[U+XXXXX]" code prints smaller than the text around it."""

HEAVY_STROKE = 0.35
"""Outline width (pt) added around glyphs to make headings heavier without a bold face."""

LAYOUT = "\n\t\r"
"""Characters that are layout, not glyphs: they stay in the main face's run."""

_FACES: tuple[tuple[str, ShippedFont], ...] = tuple(
    zip((FONT, *FALLBACK_FONTS), CJK_FONT_CHAIN, strict=True))
_lock = threading.Lock()


def _register(name: str, font: ShippedFont) -> None:
    with _lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            path = font.path()
            if not path.is_file():
                raise FileNotFoundError(2, "找不到中文字体文件", str(path))
            pdfmetrics.registerFont(UnicodeTTFont(name, str(path), subfontIndex=0))


def register_fonts() -> str:
    """Register the main CJK face with ReportLab (idempotent, thread-safe); return its name."""
    _register(FONT, CJK_FONT_CHAIN[0])
    return FONT


@lru_cache(maxsize=len(_FACES))
def _covered(name: str) -> frozenset[str]:
    """The characters face ``name`` draws (registering it on first use)."""
    _register(name, dict(_FACES)[name])
    font = pdfmetrics.getFont(name)
    return frozenset(map(chr, font.face.charToGlyph))  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _main_face() -> frozenset[str]:
    return _covered(FONT) | frozenset(LAYOUT)


def invisible(ch: str) -> bool:
    """Characters with no glyph of their own: format and control characters, variation
    selectors (an emoji's U+FE0F, an ideograph's variation sequence), zero-width joiners.
    One no face maps is left out of print instead of printing its code: the character it
    modifies prints, and a code for something nobody can see would only puzzle the clerk."""
    code = ord(ch)
    return (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or unicodedata.category(ch) in ("Cf", "Cc"))


@lru_cache(maxsize=4096)
def face_for(ch: str) -> str | None:
    """The first face of the chain that draws ``ch``; None when none does."""
    for name, _font in _FACES:
        if ch in _covered(name):
            return name
    return None


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text drawn in one face; ``code`` marks a "[U+XXXXX]" for a character
    no shipped face draws (printed :data:`CODE_SMALLER` points smaller)."""

    text: str
    font: str
    code: bool = False


def code_label(ch: str) -> str:
    return f"[U+{ord(ch):04X}]"


@lru_cache(maxsize=8192)
def runs(text: str) -> tuple[Run, ...]:
    """``text`` cut into runs of the face that draws each character."""
    main = _main_face()
    if main.issuperset(text):  # the common case: one run in the main face
        return (Run(text, FONT),) if text else ()
    result: list[Run] = []
    current: list[str] = []
    current_font = FONT
    for ch in text:
        if ch in main:
            font: str | None = FONT
        elif invisible(ch):
            continue
        else:
            font = face_for(ch)
        if font != current_font or font is None:
            if current:
                result.append(Run("".join(current), current_font))
            current = []
        if font is None:
            result.append(Run(code_label(ch), FONT, code=True))
            current_font = FONT
            continue
        current_font = font
        current.append(ch)
    if current:
        result.append(Run("".join(current), current_font))
    return tuple(result)


def visible(text: str) -> str:
    """``text`` without the invisible characters :func:`runs` leaves out."""
    main = _main_face()
    if main.issuperset(text):
        return text
    return "".join(ch for ch in text if ch in main or not invisible(ch))


def printed(text: str) -> str:
    """The characters a form prints for ``text``: uncovered ones as their "[U+XXXXX]"."""
    return "".join(run.text for run in runs(text))


IDEOGRAPHIC_SPACE = "\u3000"
_NBSP_PER_IDEOGRAPHIC_SPACE = "\u00a0" * 3


def markup(text: str) -> str:
    """``text`` as ReportLab Paragraph markup, each run in its face (line breaks kept as
    ``<br/>``).

    Ideographic spaces (the blanks of "　　年　　月　　日" write-in lines) become
    non-breaking spaces, which a Paragraph keeps instead of collapsing.
    """
    parts: list[str] = []
    for run in runs(text.replace("\r\n", "\n")):
        piece = escape(run.text)
        if run.code:
            piece = f'<font size="-{CODE_SMALLER}">{piece}</font>'
        elif run.font != FONT:
            piece = f'<font name="{run.font}">{piece}</font>'
        parts.append(piece)
    return "".join(parts).replace("\n", "<br/>").replace(
        IDEOGRAPHIC_SPACE, _NBSP_PER_IDEOGRAPHIC_SPACE)


def code_size(size: float) -> float:
    return max(size - CODE_SMALLER, size * 0.5)


def string_width(text: str, size: float) -> float:
    """Width of ``text`` as drawn by :func:`draw_string` (each run in its face)."""
    return sum(pdfmetrics.stringWidth(run.text, run.font, code_size(size) if run.code else size)
               for run in runs(text))


def _line(canvas: Canvas, x: float, y: float, text: str, size: float, align: str,
          heavy: bool) -> PDFTextObject:
    width = string_width(text, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    text_object = canvas.beginText(x, y)
    if heavy:
        text_object.setTextRenderMode(2)
    pieces = runs(text) or (Run("", FONT),)
    for index, run in enumerate(pieces):
        text_object.setFont(run.font, code_size(size) if run.code else size)
        if index < len(pieces) - 1:
            text_object.textOut(run.text)
        else:  # ends the line as drawString does, so text extraction sees a line per call
            text_object.textLine(run.text)
    return text_object


def draw_string(canvas: Canvas, x: float, y: float, text: str, size: float, *,
                align: str = "left") -> None:
    """Draw one line of ``text`` run by run, in the canvas's current fill colour.

    ``align`` places ``x`` at the left, centre or right of the line.
    """
    canvas.drawText(_line(canvas, x, y, text, size, align, heavy=False))


def draw_heavy_string(canvas: Canvas, x: float, y: float, text: str, size: float,
                      *, align: str = "left", color: Color = black) -> None:
    """Draw a heading in the CJK faces made heavier with fill+stroke (render mode 2)."""
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    text_object = _line(canvas, x, y, text, size, align, heavy=True)
    canvas.setLineWidth(HEAVY_STROKE * size / 10)
    canvas.drawText(text_object)
    canvas.restoreState()
