"""客户投诉案件统计表: the month's complaint statistics as a printed form.

Available from the 1st of the following month and due by the 10th (DOMAIN.md §4): the
manager signs it and it goes to the general manager's office. The tables are those of
:mod:`reports.complaint_stats_tables`, shared with the Excel export, so the paper and the
spreadsheet always show the same figures.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import ClassVar

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from domain.services.branch import BranchView
from domain.services.complaint_statistics import MonthlyStatistics
from domain.workorder_rules import yuan
from reports.base import BaseForm
from reports.complaint_stats_tables import (
    Kind,
    StatTable,
    TypedValue,
    report_month_due,
    statistics_tables,
)
from reports.complaint_text import chinese_date, tenths_text
from reports.fonts import markup
from reports.paper import Paper
from reports.primitives import CopySpec, SectionHeading, line_item_table, signature_boxes
from reports.styles import INK, LABEL_FILL, make_styles

ALIGN = {Kind.TEXT: "left", Kind.DATE: "center", Kind.DATETIME: "center"}
DEFINITIONS = (
    "统计口径：受理件数、类别、严重程度与重开件数按本月受理的投诉单统计；责任归属与结案天数按本月结案的投诉单统计；"
    "月末超期未结指月末仍未结案且已超过适用期限（首次回复、提出方案或结案期限）的投诉单；"
    "内部期限按本月到期的调查报告与综合意见统计；奖罚按计入本月的奖罚通知单统计。"
)


def cell_text(value: object, kind: Kind) -> str:
    """How a typed statistics cell prints: money as yuan with two decimals, shares in %."""
    if isinstance(value, TypedValue):
        return cell_text(value.value, value.kind)
    if value is None:
        return ""
    if kind is Kind.MONEY and isinstance(value, int):
        return yuan(value)
    if kind is Kind.TENTHS and isinstance(value, int):
        return tenths_text(value)
    if kind is Kind.PERCENT and isinstance(value, Fraction):
        tenths = (value.numerator * 1000 + value.denominator // 2) // value.denominator
        return f"{tenths // 10}.{tenths % 10}%"
    if kind is Kind.DATETIME and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if kind is Kind.DATE and isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


class ComplaintStatisticsReport(BaseForm):
    title: ClassVar[str] = "客户投诉案件统计表"
    form_no: ClassVar[str] = "DD-TS-03"

    def __init__(self, branch: BranchView, stats: MonthlyStatistics, *, paper: str | Paper = "a4",
                 cap_bp: int | None = None, printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.stats = stats
        self.cap_bp = cap_bp
        self.styles = make_styles(7.2 if self.paper.compact else 8.6)

    def record_number(self) -> str:
        return f"{self.branch.code}-TSTJ-{self.stats.year:04d}{self.stats.month:02d}"

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("统计月份", f"{self.stats.year}年{self.stats.month}月"),
                ("报送期限", chinese_date(report_month_due(self.stats)) + "前"))

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [Paragraph(markup(DEFINITIONS), s.small), Spacer(0, s.base * 0.2)]
        for table in statistics_tables(self.stats, self.branch.timezone, cap_bp=self.cap_bp):
            story.append(KeepTogether([SectionHeading(table.title, s, note=self._note(table)),
                                       self._table(table)]))
        story.append(KeepTogether([
            Spacer(0, s.base * 0.6),
            signature_boxes(("制表人", "服务经理", "总经理"), width=self.content_width, styles=s,
                            height_mm=9 if self.paper.compact else 12),
        ]))
        return story

    def _note(self, table: StatTable) -> str:
        if table.key == "summary":
            return ""
        return table.note

    def _table(self, table: StatTable) -> Flowable:
        width = self.content_width
        weights = [c.weight for c in table.columns]
        widths = [width * w / sum(weights) for w in weights]
        kinds = [c.kind for c in table.columns]
        rows = [[cell_text(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]
        if not rows:
            rows = [["本月无"] + [""] * (len(kinds) - 1)]
        if table.total is not None:
            rows.append([cell_text(v, k) for v, k in zip(table.total, kinds, strict=True)])
        align = [ALIGN.get(k, "right") for k in kinds]
        if table.key == "summary":
            align[1] = "right"
        result = line_item_table([c.header for c in table.columns], rows, col_widths=widths,
                                 styles=self.styles, align=align, row_height=self.styles.base * 1.9)
        if table.total is not None:  # the total row reads as one, set off from the data
            result.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
                                        ("LINEABOVE", (0, -1), (-1, -1), 0.9, INK)]))
        return result


__all__ = ["ComplaintStatisticsReport", "cell_text"]
