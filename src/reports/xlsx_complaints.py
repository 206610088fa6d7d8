"""客户投诉案件统计表 as an Excel workbook: a sheet per table of the printed form.

Same rows as the PDF (:mod:`reports.complaint_stats_tables`), written with the shared
:func:`reports.xlsx.write_table`: counts as integers, money as yuan with "0.00", shares as
percentages, dates as dates. ReportLab-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from openpyxl import Workbook

from domain.services.branch import BranchView
from domain.services.complaint_statistics import MonthlyStatistics
from domain.services.complaint_views import PenaltyView
from reports.complaint_stats_tables import (
    Kind,
    StatTable,
    TypedValue,
    penalty_table,
    statistics_tables,
)
from reports.xlsx import (
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    ONE_DECIMAL,
    PERCENT,
    Cell,
    add_sheet,
    fen_to_yuan,
    new_workbook,
    workbook_bytes,
    write_note,
    write_table,
)

FORMATS: dict[Kind, str | None] = {
    Kind.TEXT: None, Kind.COUNT: INTEGER, Kind.MONEY: MONEY, Kind.TENTHS: ONE_DECIMAL,
    Kind.PERCENT: PERCENT, Kind.DATE: DATE, Kind.DATETIME: DATETIME,
}


def excel_value(value: object, kind: Kind) -> object:
    """A typed cell value as Excel should hold it (yuan from fen, a ratio from a share)."""
    if isinstance(value, TypedValue):
        return Cell(excel_value(value.value, value.kind), FORMATS[value.kind])
    if value is None:
        return None
    if kind is Kind.MONEY and isinstance(value, int):
        return fen_to_yuan(value)
    if kind is Kind.TENTHS and isinstance(value, int):
        return fen_to_yuan(value * 10)  # tenths → one decimal, exactly
    if kind is Kind.PERCENT and isinstance(value, Fraction):
        return float(value)
    return value


def _write(book: Workbook, table: StatTable) -> None:
    sheet = add_sheet(book, table.sheet)
    kinds = [c.kind for c in table.columns]
    rows = [[excel_value(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]
    totals = [] if table.total is None else [
        [excel_value(v, k) for v, k in zip(table.total, kinds, strict=True)]]
    write_table(sheet, [c.header for c in table.columns], rows, [FORMATS[k] for k in kinds],
                total_rows=totals)
    if table.note:
        write_note(sheet, table.note)


def complaint_statistics_xlsx(branch: BranchView, stats: MonthlyStatistics, *,
                              cap_bp: int | None = None) -> bytes:
    """The month's statistics as .xlsx bytes (write them with the caller's file handling)."""
    book = new_workbook()
    book.properties.title = f"{branch.name} 客户投诉案件统计表 {stats.year}年{stats.month}月"
    for table in statistics_tables(stats, branch.timezone, branch_name=branch.name, cap_bp=cap_bp):
        _write(book, table)
    return workbook_bytes(book)


def penalties_xlsx(branch: BranchView, year: int, month: int, penalties: Sequence[PenaltyView]) -> bytes:
    """奖罚月报: the month's penalties as .xlsx bytes, the same rows as the statistics' table 十."""
    book = new_workbook()
    book.properties.title = f"{branch.name} 奖罚月报 {year}年{month}月"
    _write(book, penalty_table(penalties))
    return workbook_bytes(book)


__all__ = ["complaint_statistics_xlsx", "excel_value", "penalties_xlsx"]
