"""Customer-care exports to Excel: the monthly summary and the customer classes (ABCD).

Written with :func:`reports.xlsx.write_table`: counts as integers, shares as percentages,
money as yuan, dates as dates. The class list doubles as a call list (name, mobile,
plates), so phones are written as text (a leading zero or + must survive).
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.care_rules import Ratio
from domain.services.branch import BranchView
from domain.services.care_views import CareSummary, ClassMoveRow, ClassRow
from reports.care_tables import Kind, summary_tables
from reports.xlsx import (
    DATE,
    INTEGER,
    MONEY,
    PERCENT,
    TEXT,
    add_sheet,
    fen_to_yuan,
    new_workbook,
    workbook_bytes,
    write_table,
)

FORMATS: dict[Kind, str | None] = {Kind.TEXT: None, Kind.COUNT: INTEGER, Kind.RATIO: PERCENT}


def _value(value: object) -> object:
    if isinstance(value, Ratio):
        return None if value.denominator == 0 else value.numerator / value.denominator
    return value


def care_summary_xlsx(branch: BranchView, summary: CareSummary) -> bytes:
    """The month's care summary, a sheet per table of the printed report."""
    book = new_workbook()
    book.properties.title = f"{branch.name} 客户回访分析 {summary.year}年{summary.month}月"
    for table in summary_tables(summary):
        write_table(add_sheet(book, table.sheet), [c.header for c in table.columns],
                    [[_value(v) for v in row] for row in table.rows],
                    [FORMATS[c.kind] for c in table.columns])
    return workbook_bytes(book)


def class_rows(rows: Sequence[ClassRow]) -> list[list[object]]:
    return [[r.klass or "", r.class_label, r.rank, r.customer_name, r.mobile, "、".join(r.plates),
             "、".join(dict.fromkeys(r.models)), r.paid_visits, fen_to_yuan(r.spend_fen), r.last_paid_on,
             r.last_visit_on] for r in rows]


CLASS_HEADERS = ["级别", "级别说明", "级内排名", "客户", "手机", "车牌", "车型", "12个月付费进厂次数",
                 "12个月消费(元)", "最近付费进厂", "最近进厂"]
CLASS_FORMATS = [None, None, INTEGER, None, TEXT, None, None, INTEGER, MONEY, DATE, DATE]


def customer_classes_xlsx(branch: BranchView, rows: Sequence[ClassRow],
                          moves: Sequence[ClassMoveRow] = ()) -> bytes:
    """忠诚客户筛选 / 流失客户 as a call list, with the month's class movements."""
    book = new_workbook()
    book.properties.title = f"{branch.name} 客户分级"
    write_table(add_sheet(book, "客户分级"), CLASS_HEADERS, class_rows(rows), CLASS_FORMATS)
    write_table(add_sheet(book, "级别变动"), ["客户", "手机", "上月级别", "本月级别"],
                [[m.customer_name, m.mobile, m.before or "—", m.after or "—"] for m in moves],
                [None, TEXT, None, None])
    return workbook_bytes(book)


__all__ = ["CLASS_HEADERS", "care_summary_xlsx", "class_rows", "customer_classes_xlsx"]
