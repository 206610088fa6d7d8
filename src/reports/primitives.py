"""Building blocks every printed form is made of, so a new form is a short list of calls.

Flowables (title block, section heading, boxed field grid, line-item table, signature
boxes) go into a form's story; page furniture (copy-label strip, page numbers, reprint
mark) is drawn by :mod:`reports.canvas` once the page count is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import qrcode
import qrcode.constants
from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from domain.services.branch import BranchView
from reports.fonts import draw_heavy_string, draw_string, markup, register_fonts, string_width
from reports.styles import HAIRLINE, INK, LABEL_FILL, MUTED, RULE, SECTION_FILL, Styles

CHECKED = "■"
UNCHECKED = "□"
MIN_FIT_SIZE = 4.5
"""Smallest type (pt) a keep-whole value (plate, VIN, number) shrinks to before it clips."""


def checkbox(checked: bool, label: str) -> str:
    return f"{CHECKED if checked else UNCHECKED} {label}"


# --- single-line flowables ----------------------------------------------------------------
class FitText(Flowable):
    """One line that never breaks: plates, VINs and numbers shrink to fit instead.

    A plate split as 京A123/45 is a misread plate; shrinking keeps it whole and legible.
    """

    def __init__(self, text: str, size: float, *, align: str = "left", heavy: bool = False,
                 colour: Color = INK) -> None:
        super().__init__()
        self.text = text.replace("\r\n", " ").replace("\n", " ")
        self.size = size
        self.align = align
        self.heavy = heavy
        self.colour = colour
        self._fit = size
        self._avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._avail = availWidth
        natural = string_width(self.text, self.size)
        self._fit = self.size if natural <= availWidth or natural == 0 else max(
            MIN_FIT_SIZE, self.size * availWidth / natural * 0.995)
        return availWidth, self.size * 1.3

    def draw(self) -> None:
        x = {"left": 0.0, "center": self._avail / 2, "right": self._avail}[self.align]
        y = self.size * 0.3
        if self.heavy:
            draw_heavy_string(self.canv, x, y, self.text, self._fit, align=self.align,
                              color=self.colour)
            return
        self.canv.setFillColor(self.colour)
        draw_string(self.canv, x, y, self.text, self._fit, align=self.align)


class SectionHeading(Flowable):
    """A shaded band with a heavy heading (一、客户信息) and an optional note on the right."""

    def __init__(self, text: str, styles: Styles, *, note: str = "") -> None:
        super().__init__()
        self.text = text
        self.note = note
        self.size = styles.heading_size
        self.note_size = styles.base - 1.5
        self._width = 0.0
        self.spaceBefore = styles.base * 0.5
        self.spaceAfter = 0
        self.keepWithNext = True  # a heading never ends a page alone

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._width = availWidth
        return availWidth, self.size * 1.6

    def draw(self) -> None:
        height = self.size * 1.6
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(SECTION_FILL)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self._width, height, fill=1, stroke=1)
        canvas.setFillColor(INK)
        canvas.rect(0, 0, 2.2, height, fill=1, stroke=0)
        draw_heavy_string(canvas, 2.2 + self.size * 0.5, height * 0.3, self.text, self.size)
        if self.note:
            canvas.setFillColor(MUTED)
            draw_string(canvas, self._width - 4, height * 0.32, self.note, self.note_size,
                        align="right")
        canvas.restoreState()


# --- QR -----------------------------------------------------------------------------------
class QRCode(Flowable):
    """A QR code of ``payload`` (the record number), so a scanner opens the record.

    Drawn as plain filled squares (no graphics Drawing), so the PDF references no font but
    the embedded CJK face.
    """

    def __init__(self, payload: str, size_mm: float) -> None:
        super().__init__()
        self.matrix: tuple[tuple[bool, ...], ...] = _qr_matrix(payload)
        self.payload = payload
        self.side = size_mm * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.side, self.side

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.side / count
        canvas = self.canv
        canvas.setFillColor(INK)
        for row_index, row in enumerate(self.matrix):
            y = self.side - (row_index + 1) * module
            column = 0
            while column < count:  # one rectangle per run of dark modules
                if not row[column]:
                    column += 1
                    continue
                run = column
                while run < count and row[run]:
                    run += 1
                canvas.rect(column * module, y, (run - column) * module + 0.05, module + 0.05,
                            stroke=0, fill=1)
                column = run


@lru_cache(maxsize=64)
def _qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Encoding tries every mask pattern; each copy of a form carries the same code."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


# --- title block --------------------------------------------------------------------------
def title_block(branch: BranchView, title: str, *, form_no: str, record_no: str,
                qr_payload: str, width: float, styles: Styles,
                meta: Sequence[tuple[str, str]] = ()) -> Table:
    """Branch header (name, address, phone), form title, QR of the record and a meta line.

    ``meta`` pairs (label, value) print under the title, e.g. 档案号 and 建档日期; the form
    number (表单编号) always comes first so a printed sheet can be matched to its template.
    """
    base = styles.base
    qr_side = 16.0 if base < 9 else 21.0
    side_w = width * 0.3
    centre_w = width - side_w - (qr_side + 4) * mm
    contact = []
    if branch.address:
        contact.append(f"地址：{branch.address}")
    if branch.phone:
        contact.append(f"电话：{branch.phone}")
    left: list[Flowable] = [FitText(branch.name, base + 2.5, heavy=True)]
    left += [Paragraph(markup(line), styles.small) for line in contact]
    centre: list[Flowable] = [FitText(title, styles.title_size, align="center", heavy=True)]
    meta_text = "　".join(f"{k}：{v}" for k, v in (("表单编号", form_no), *meta) if v)
    centre.append(FitText(meta_text, base - 1.5, align="center", colour=MUTED))
    right: list[Flowable] = [QRCode(qr_payload, qr_side),
                             FitText(record_no, base - 2.5, align="center", colour=MUTED)]
    table = Table([[left, centre, right]], colWidths=[side_w, centre_w, (qr_side + 4) * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 0), (2, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
    ]))
    table.spaceAfter = base * 0.3
    return table


# --- boxed field grid ---------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One label/value cell pair of a :func:`field_grid`.

    ``span``: how many label/value pairs wide the value is (a full-width address or note).
    ``keep_whole``: plates, VINs, numbers — one line, shrunk to fit, never broken.
    ``write_in_mm``: minimum height, so a blank value leaves room to write by hand.
    """

    label: str
    value: str = ""
    span: int = 1
    keep_whole: bool = False
    write_in_mm: float = 0.0


def field_grid(fields: Sequence[Field], *, width: float, styles: Styles, columns: int = 2,
               label_width: float | None = None) -> list[Flowable]:
    """A boxed grid of label/value cells, ``columns`` pairs per row, filled left to right.

    Returned as a few stacked tables that look like one box: a full-width row (address,
    notes) is a two-column table of its own, so a very long value can split across pages
    (ReportLab cannot split a row inside a spanned cell).
    """
    label_w = label_width or (styles.label.fontSize * 6 + 8)
    value_w = (width - columns * label_w) / columns
    rows: list[list[tuple[Field, int]]] = []  # (field, pairs wide) per row
    current: list[tuple[Field, int]] = []
    used = 0
    for item in fields:
        span = max(1, min(item.span, columns))
        if used + span > columns:
            rows.append(current)
            current, used = [], 0
        current.append((item, span))
        used += span
        if used == columns:
            rows.append(current)
            current, used = [], 0
    if current:
        rows.append(current)

    chunks: list[list[list[tuple[Field, int]]]] = []
    for row in rows:
        wide = len(row) == 1
        if wide or not chunks or len(chunks[-1][-1]) == 1:
            chunks.append([row])
        else:
            chunks[-1].append(row)
    tables: list[Flowable] = []
    for index, chunk in enumerate(chunks):
        pairs = 1 if len(chunk[0]) == 1 else columns
        widths = [label_w, width - label_w] if pairs == 1 else [label_w, value_w] * columns
        tables.append(_grid_table(chunk, widths, pairs, styles, first=index == 0,
                                  last=index == len(chunks) - 1))
    return tables


def _grid_table(rows: list[list[tuple[Field, int]]], widths: list[float], pairs: int,
                styles: Styles, *, first: bool, last: bool) -> Table:
    data: list[list[object]] = []
    minimum: list[float] = []
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("LINEBEFORE", (0, 0), (0, -1), 0.9, INK),
        ("LINEAFTER", (-1, 0), (-1, -1), 0.9, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), styles.base * 0.22),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.base * 0.26),
    ]
    if first:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.9, INK))
    if last:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.9, INK))
    for row_index, row in enumerate(rows):
        cells: list[object] = []
        row_min = 0.0
        used = 0
        for position, (item, span) in enumerate(row):
            if position == len(row) - 1:  # the row's last value reaches the right edge
                span = pairs - used
            label_col = 2 * used
            end_col = label_col + 2 * span - 1
            value_room = sum(widths[label_col + 1:end_col + 1]) - 6.5
            cells.append(_line_or_paragraph(item.label, styles.label, widths[label_col] - 6.5))
            if item.keep_whole:
                cells.append(FitText(item.value, styles.value.fontSize + 0.5))
            else:
                cells.append(_line_or_paragraph(item.value, styles.value, value_room))
            cells.extend([""] * (2 * span - 2))
            commands.append(("BACKGROUND", (label_col, row_index), (label_col, row_index),
                             LABEL_FILL))
            if end_col > label_col + 1:
                commands.append(("SPAN", (label_col + 1, row_index), (end_col, row_index)))
            if item.write_in_mm * mm > styles.base * 2.5:  # write-in box: start on top
                commands.append(("VALIGN", (label_col + 1, row_index), (end_col, row_index),
                                 "TOP"))
            row_min = max(row_min, item.write_in_mm * mm)
            used += span
        data.append(cells)
        minimum.append(max(row_min, styles.base * 1.85))
    table = Table(data, colWidths=widths, minRowHeights=minimum, splitInRow=1 if pairs == 1 else 0)
    table.setStyle(TableStyle(commands))
    return table


def _line_or_paragraph(text: str, style: ParagraphStyle, room: float) -> Flowable:
    """A plain line when the text fits one (same look, no paragraph layout), else a
    wrapping paragraph: forms render many short cells and paragraphs are the slow part."""
    if "\n" not in text and string_width(text, style.fontSize) <= room:
        return FitText(text, style.fontSize, colour=style.textColor)
    return Paragraph(markup(text), style)


# --- line items ---------------------------------------------------------------------------
def line_item_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
                    col_widths: Sequence[float], styles: Styles, blank_rows: int = 0,
                    align: Sequence[str] | None = None, keep_whole: Sequence[int] = (),
                    row_height: float | None = None) -> Table:
    """Line items that continue across pages; the header row repeats on every page.

    ``blank_rows`` ruled empty rows follow the data, for entries written by hand.
    ``align`` per column: ``"left"``, ``"center"`` or ``"right"`` (amounts).
    ``keep_whole``: indexes of columns whose values never wrap (plates, part numbers).
    """
    aligns = list(align) if align is not None else ["left"] * len(headers)
    data: list[list[object]] = [
        [Paragraph(markup(h), styles.header_cell) for h in headers]
    ]
    # room for text inside a cell (the table pads 3 pt on each side)
    room = [w - 6.5 for w in col_widths]
    for row in rows:
        cells: list[object] = []
        for index, text in enumerate(row):
            if index in keep_whole:
                cells.append(FitText(text, styles.cell.fontSize, align=aligns[index]))
            elif "\n" not in text and string_width(text, styles.cell.fontSize) <= room[index]:
                # fits on one line: a plain line draws the same and costs no paragraph layout
                cells.append(FitText(text, styles.cell.fontSize, align=aligns[index]))
            else:
                style = styles.cell
                if aligns[index] != "left":
                    style = styles.centered if aligns[index] == "center" else _right(styles)
                cells.append(Paragraph(markup(text), style))
        data.append(cells)
    data.extend([[""] * len(headers) for _ in range(blank_rows)])
    minimum = row_height or styles.base * 2.2
    table = Table(data, colWidths=list(col_widths), repeatRows=1,
                  minRowHeights=[styles.base * 2] + [minimum] * (len(data) - 1))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _right(styles: Styles) -> ParagraphStyle:
    return styles.cell.clone("dd-cell-right", alignment=TA_RIGHT)


# --- signatures ---------------------------------------------------------------------------
def signature_boxes(labels: Sequence[str], *, width: float, styles: Styles,
                    height_mm: float = 16) -> Table:
    """One box per signer: "<label>签字" with room to sign, and a 日期 line under it."""
    date_line = "日期：　　　　年　　月　　日"
    cells = [[Paragraph(markup(f"{label}签字："), styles.label),
              Paragraph(markup(date_line), styles.label)] for label in labels]
    inner_w = width / len(labels)
    boxes = []
    for top, bottom in cells:
        box = Table([[top], [bottom]], colWidths=[inner_w - 6],
                    rowHeights=[height_mm * mm, styles.base * 1.9])
        box.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("VALIGN", (0, 0), (0, 0), "TOP"),
            ("VALIGN", (0, 1), (0, 1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("LINEABOVE", (0, 1), (0, 1), 0.4, HAIRLINE),
        ]))
        boxes.append(box)
    table = Table([boxes], colWidths=[inner_w] * len(labels))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    table.spaceBefore = styles.base * 0.4
    return table


# --- copy labels (联) ---------------------------------------------------------------------
@dataclass(frozen=True)
class CopySpec:
    """One copy (联) of a multi-copy form: "第一联 存根联", its band colour and destination."""

    number: int
    name: str
    destination: str = ""
    colour: Color = white
    colour_name: str = "白"

    @property
    def label(self) -> str:
        return f"第{chinese_ordinal(self.number)}联 {self.name}"


_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (copy counts never reach a hundred)."""
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
