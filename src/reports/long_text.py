"""A labelled box for long free text (a customer's complaint, a cause analysis) that may
run over a page, continuing on the next with nothing lost at the box edge.

Why not one table cell: ReportLab can split a row inside a cell (``splitInRow``), but it
mis-measures the continued part when the label cell is centred, leaving a tall empty box
on the next page. Here the text is wrapped once with the form's own paragraph style, cut
into runs of whole lines, and each run becomes a row of one table; the table then breaks
between rows like any other, and every row re-wraps to exactly the lines it was cut from
(greedy wrapping of a text that starts at a line start reproduces those lines).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reports.fonts import markup, printed, register_fonts
from reports.primitives import Field, FitText, field_grid
from reports.styles import INK, LABEL_FILL, RULE, Styles

LONG_LINES = 6
"""A full-width field wrapping to more lines than this gets a :func:`long_text_box`."""
SHORT_CHARS = 150
"""Shorter texts never wrap to that many lines on any paper: skip measuring them."""
LINES_PER_ROW = 3
"""Lines per row: small enough that a page ends close to its foot, big enough to be quick."""
BLANK_LINE = "\u00a0"


def wrapped_lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """The text of each line the paragraph style breaks ``text`` into at ``width``.

    Hard line breaks are kept (each source line wraps on its own; an empty one stays a
    blank line). Each line is a slice of the source, so it prints in the same faces as the
    whole (a rare character's face, an uncovered character's code). Falls back to the
    source lines if ReportLab's line data has an unexpected shape, which only costs finer
    page breaks, never text.
    """
    result: list[str] = []
    for source in text.replace("\r\n", "\n").split("\n"):
        if not source.strip():
            result.append(BLANK_LINE)
            continue
        paragraph = Paragraph(markup(source), style)
        paragraph.wrap(width, 1e9)
        lines = _line_texts(paragraph)
        pieces = _cut(source, lines) if lines else None
        result.extend(pieces or [source])  # unexpected shape: keep the source line whole
    return result


def _line_texts(paragraph: Paragraph) -> list[str] | None:
    """The text of each wrapped line: a list of words (one face) or of fragments (several
    faces, or an uncovered character's code in smaller type)."""
    texts: list[str] = []
    for line in getattr(getattr(paragraph, "blPara", None), "lines", None) or []:
        words = line[1] if isinstance(line, tuple) and len(line) == 2 else None
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            texts.append("".join(words))
            continue
        fragments = getattr(line, "words", None)
        if not isinstance(fragments, list) or not all(
                isinstance(getattr(f, "text", None), str) for f in fragments):
            return None
        texts.append("".join(f.text for f in fragments))
    return texts


def _squeeze(text: str) -> str:
    """Without the blanks a paragraph drops or widens at a line break."""
    return text.replace(" ", "").replace("\u00a0", "").replace("\u3000", "")


def _cut(source: str, lines: list[str]) -> list[str] | None:
    """``source`` cut where the paragraph broke its printed form into ``lines``.

    Each source character stands for what it prints as (itself, or "[U+XXXXX]" when no
    face draws it); blanks go with the line before the break. None when the printed lines
    are not the source's characters in order (then the caller keeps the source whole).
    """
    widths = [len(_squeeze(printed(ch))) for ch in source]
    pieces: list[str] = []
    position = 0
    for line in lines:
        need, got, start = len(_squeeze(line)), 0, position
        while position < len(source) and got < need:
            got += widths[position]
            position += 1
        while position < len(source) and widths[position] == 0:
            position += 1
        if got != need:
            return None
        pieces.append(source[start:position])
    if position != len(source) or _squeeze("".join(lines)) != _squeeze(printed(source)):
        return None
    return pieces


def long_text_box(label: str, text: str, *, width: float, styles: Styles,
                  label_width: float | None = None, top_rule: bool = True,
                  bottom_rule: bool = True) -> Flowable:
    """A label on the left, ``text`` on the right, in a box that may break across pages."""
    label_w = label_width or (styles.label.fontSize * 6 + 8)
    value_w = width - label_w
    lines = wrapped_lines(text, styles.value, value_w - 6.5)
    rows: list[list[object]] = []
    for start in range(0, max(1, len(lines)), LINES_PER_ROW):
        chunk = lines[start:start + LINES_PER_ROW]
        # one paragraph per line: the chunk cannot re-wrap differently from the cut
        cell = [Paragraph(markup(line), styles.value) for line in chunk] or [""]
        rows.append(["" if start else FitText(label, styles.label.fontSize,
                                              colour=styles.label.textColor), cell])
    pad_top, pad_bottom = styles.base * 0.22, styles.base * 0.26
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
        ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE),
        ("LINEBEFORE", (0, 0), (0, -1), 0.9, INK),
        ("LINEAFTER", (-1, 0), (-1, -1), 0.9, INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad_top),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad_bottom),
        ("LINEABOVE", (0, 0), (-1, 0), 0.9 if top_rule else 0.5, INK if top_rule else RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.9 if bottom_rule else 0.5, INK if bottom_rule else RULE),
        # where a page break cuts the box, close it below and open it again above
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.9, INK),
        ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), 0.9, INK),
        ("TOPPADDING", (0, "splitfirst"), (-1, "splitfirst"), pad_top),
        ("BOTTOMPADDING", (0, "splitlast"), (-1, "splitlast"), pad_bottom),
    ]
    table = Table(rows, colWidths=[label_w, value_w])
    table.setStyle(TableStyle(commands))
    return table


def is_long(text: str, styles: Styles, value_width: float) -> bool:
    if len(text) < SHORT_CHARS:
        return False
    return len(wrapped_lines(text, styles.value, value_width - 6.5)) > LONG_LINES


def fields_with_long_text(fields: list[Field], *, width: float, styles: Styles, columns: int,
                          label_width: float | None = None) -> list[Flowable]:
    """:func:`reports.primitives.field_grid`, except that a long full-width text gets a box
    that continues on the next page instead of a cell ReportLab splits badly."""
    label_w = label_width or (styles.label.fontSize * 6 + 8)
    story: list[Flowable] = []
    run: list[Field] = []
    for item in fields:
        if item.span >= columns and is_long(item.value, styles, width - label_w):
            if run:
                story += field_grid(run, width=width, styles=styles, columns=columns,
                                    label_width=label_width)
                run = []
            story.append(long_text_box(item.label, item.value, width=width, styles=styles,
                                       label_width=label_w, top_rule=not story,
                                       bottom_rule=item is fields[-1]))
        else:
            run.append(item)
    if run:
        story += field_grid(run, width=width, styles=styles, columns=columns,
                            label_width=label_width)
    return story


__all__ = ["LINES_PER_ROW", "fields_with_long_text", "is_long", "long_text_box", "wrapped_lines"]
