"""Excel (.xlsx) exports: one small helper every report's export is written with.

Why one helper: a manager filters and sums the export in Excel, so every report must
write numbers as numbers, dates as dates and money with two decimals, freeze the header
row and size the columns the same way. ReportLab-free and Qt-free (openpyxl only), so the
GUI and the command line both use it. A report builds its rows and calls
:func:`write_table` once per sheet::

    book = new_workbook()
    write_table(add_sheet(book, "按类别"), ["类别", "件数"], rows, [None, INTEGER])
    data = workbook_bytes(book)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from common.product import PRODUCT_NAME_ZH
from reports.safe_cells import put_cell

TEXT = "@"
INTEGER = "0"
MONEY = "0.00"
ONE_DECIMAL = "0.0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DFE5EC")
TOTAL_FONT = Font(bold=True)
_THIN = Side(style="thin", color="9A9A9A")
HEADER_BORDER = Border(bottom=Side(style="medium", color="1A1A1A"))
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Cell:
    """A value with its own number format (a mixed column) and/or bold (a total row)."""

    value: object
    number_format: str | None = None
    bold: bool = False


def fen_to_yuan(fen: int | None) -> Decimal | None:
    """Integer fen as an exact decimal of yuan (Excel stores it as a number)."""
    return None if fen is None else Decimal(fen) / 100


def new_workbook() -> Workbook:
    """An empty workbook (no default sheet) that names the product as its author."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.creator = PRODUCT_NAME_ZH
    return book


def add_sheet(book: Workbook, title: str) -> Worksheet:
    """A sheet named ``title`` made legal for Excel (≤ 31 characters, no []:*?/\\)."""
    clean = _SHEET_FORBIDDEN.sub("_", title).strip("'")[:31] or "Sheet"
    return book.create_sheet(clean)


def display_width(text: str) -> float:
    """Column width a text needs in Excel's units: CJK and full-width characters count two."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def _shown(value: object, number_format: str | None) -> str:
    """Roughly what Excel shows, for sizing the column."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return "0000-00-00 00:00" if number_format == DATETIME else "0000-00-00"
    if isinstance(value, dt.date):
        return "0000-00-00"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if number_format == PERCENT:
            return "100.0%"
        if number_format == MONEY:
            return f"{value:,.2f}"
        return str(value)
    return str(value)


def write_table(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]],
                formats: Sequence[str | None] | None = None, *,
                widths: Sequence[float | None] | None = None, start_row: int = 1,
                total_rows: Sequence[Sequence[object]] = ()) -> int:
    """Write a header row and data rows at ``start_row``; return the next free row.

    ``formats``: a number format per column (``MONEY``, ``DATE`` …; ``None`` = General),
    applied to numbers and dates only, so a text cell in a money column stays text.
    ``total_rows`` follow the data in bold. The header row is frozen, gets an auto
    filter over the data, and each column is sized to its widest value unless
    ``widths`` gives it. Every cell is written by :func:`reports.safe_cells.put_cell`, so
    text starting with ``=``, ``+``, ``-``, ``@``, tab or CR stays text (issue 23).
    """
    formats = list(formats or [None] * len(headers))
    if len(formats) != len(headers):
        raise ValueError("one format per column")
    needed = [display_width(h) + 2 for h in headers]
    for col, header in enumerate(headers, start=1):
        cell = put_cell(sheet, start_row, col, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row_no = start_row
    data = [(list(r), False) for r in rows] + [(list(r), True) for r in total_rows]
    for values, is_total in data:
        row_no += 1
        if len(values) != len(headers):
            raise ValueError("one value per column")
        for col, raw in enumerate(values, start=1):
            fmt = formats[col - 1]
            bold = is_total
            if isinstance(raw, Cell):
                fmt = raw.number_format or fmt
                bold = bold or raw.bold
                raw = raw.value
            if raw == "":
                raw = None  # an empty cell, not an empty string Excel counts as filled
            cell = put_cell(sheet, row_no, col, raw)  # text as text, never a formula
            numeric = isinstance(raw, (int, float, Decimal, dt.date)) and not isinstance(raw, bool)
            if fmt and numeric:
                cell.number_format = fmt
            elif isinstance(raw, str):
                cell.number_format = TEXT
                cell.alignment = Alignment(vertical="top", wrap_text=display_width(raw) > MAX_WIDTH)
            if bold:
                cell.font = TOTAL_FONT
            if is_total:
                cell.border = Border(top=_THIN)
            needed[col - 1] = max(needed[col - 1], display_width(_shown(raw, fmt)) + 2)
    for col, width in enumerate(needed, start=1):
        given = widths[col - 1] if widths and col - 1 < len(widths) else None
        sheet.column_dimensions[get_column_letter(col)].width = given or min(
            MAX_WIDTH, max(MIN_WIDTH, width))
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
    if row_no > start_row:
        sheet.auto_filter.ref = (f"A{start_row}:{get_column_letter(len(headers))}"
                                 f"{row_no - len(total_rows)}")
    return row_no + 1


def write_note(sheet: Worksheet, text: str, *, gap: int = 2) -> None:
    """A line of text ``gap`` rows below the last one (a table's footnote), written as text."""
    put_cell(sheet, sheet.max_row + gap, 1, text)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["DATE", "DATETIME", "INTEGER", "MONEY", "ONE_DECIMAL", "PERCENT", "TEXT", "Cell",
           "add_sheet", "display_width", "fen_to_yuan", "new_workbook", "workbook_bytes",
           "write_note", "write_table"]
