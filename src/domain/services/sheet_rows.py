"""Reading an Excel sheet for an import in fixed memory (issue 23, item 6).

Why: "Excel import reads in streaming mode and refuses an over-large sheet with the row
count in the message (a 168 KB file of 20,000 sparse rows took 2.66 GB and 17 s today)."
openpyxl's read-only mode streams the XML, but a row is padded with empty cells up to its
last column: one stray cell in column XFD makes every row 16,384 values. So:

- the workbook is opened with ``read_only=True`` (streaming) and ``data_only=True`` (a
  formula cell gives its saved value; text is kept exactly as typed, ``=…`` included);
  openpyxl parses it with ``defusedxml`` when installed (a dependency), against XML bombs;
- a sheet whose declared size (its ``<dimension>``) is over the cap is refused before a row
  is read; otherwise rows stream, only the first :data:`MAX_COLUMNS` columns are read and
  trailing empty cells dropped, and the sheet is refused as soon as it passes the cap
  (the rest is only counted, row by row, for the message).

The caps sit well above a real shop's lists: a shop's customer list is a few thousand to a
few tens of thousands of vehicles, and the largest branch the demo at scale makes has
200,000 vehicles, so :data:`MAX_ROWS` is 200,000 rows per sheet. A list uses about 20
columns; :data:`MAX_COLUMNS` is 256 (the old .xls limit, column IV). Memory then stays at
the rows kept, never at rows × columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain import messages
from domain.errors import DomainError, ValidationError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MAX_ROWS = 200_000
MAX_COLUMNS = 256

TOO_MANY_ROWS = "import.too_many_rows"
messages.register(TOO_MANY_ROWS, "{where}有 {rows} 行，超过上限 {limit} 行，请拆成几个文件分别导入",
                  "{where_en} has {rows} rows, more than the limit of {limit}; split it into "
                  "several files")


def too_many_rows(sheet: str, rows: int, limit: int, *, file: bool = False) -> ValidationError:
    """The refusal of an over-large sheet (or CSV ``file``), naming it and its row count."""
    where, where_en = (f"文件“{sheet}”", f"File '{sheet}'") if file else (
        f"工作表“{sheet}”", f"Sheet '{sheet}'")
    return ValidationError(TOO_MANY_ROWS, "path", where=where, where_en=where_en, rows=rows, limit=limit)


def open_workbook(path: Path) -> Workbook:
    """The workbook opened for streaming; a file that is not an .xlsx is a plain refusal."""
    from openpyxl import load_workbook  # only the imports need it

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError …
        raise ValidationError("import.file_unreadable", "path", path=str(path),
                              reason="不是有效的 Excel (.xlsx) 文件") from exc


def sheet_rows(sheet: ReadOnlyWorksheet, path: Path, *,
               limit: int | None = None) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of ``sheet``, streamed; :data:`TOO_MANY_ROWS` past ``limit`` rows
    (default :data:`MAX_ROWS`), and a plain refusal when the XML cannot be read (a damaged
    file, or entities that ``defusedxml`` forbids), never a traceback.

    A row's values stop at its last non-empty cell within the first :data:`MAX_COLUMNS`.
    """
    limit = MAX_ROWS if limit is None else limit
    declared = _declared_rows(sheet)
    if declared is not None and declared > limit:
        raise too_many_rows(sheet.title, declared, limit)
    sheet.reset_dimensions()  # files from other tools often carry wrong dimensions
    rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    number = 0
    while True:
        try:
            row = next(rows, None)
            if row is not None and number >= limit:
                raise too_many_rows(sheet.title, number + 1 + sum(1 for _ in rows), limit)
        except DomainError:
            raise
        except Exception as exc:  # ParseError, defusedxml's EntitiesForbidden, bad cell values …
            raise ValidationError("import.file_unreadable", "path", path=str(path),
                                  reason=f"工作表“{sheet.title}”无法读取") from exc
        if row is None:
            return
        number += 1
        yield number, _trimmed(row)


def _trimmed(row: tuple[Any, ...]) -> list[Any]:
    """The values up to the last non-empty one (an empty row, the common case, at C speed)."""
    if row.count(None) == len(row):
        return []
    end = len(row)
    while row[end - 1] is None:
        end -= 1
    return list(row[:end])


def _declared_rows(sheet: ReadOnlyWorksheet) -> int | None:
    """The last row the sheet's ``<dimension>`` names (``None`` when it names none)."""
    try:
        return int(sheet.max_row) if sheet.max_row else None
    except (TypeError, ValueError):
        return None


__all__ = ["MAX_COLUMNS", "MAX_ROWS", "TOO_MANY_ROWS", "open_workbook", "sheet_rows", "too_many_rows"]
