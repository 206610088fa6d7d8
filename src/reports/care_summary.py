"""回访分析月报: the monthly care summary for the manager (DOMAIN.md §5: a monthly callback
analysis goes to the manager; §6: CSI and callback rate targets).

The tables come from :mod:`reports.care_tables`, shared with the Excel export.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from domain.care_rules import Ratio
from domain.services.branch import BranchView
from domain.services.care_views import CareSummary
from reports.base import BaseForm
from reports.care_tables import CareTable, Kind, ratio_text, summary_tables
from reports.fonts import markup
from reports.paper import Paper
from reports.primitives import CopySpec, SectionHeading, line_item_table, signature_boxes
from reports.styles import make_styles

NOTE = ("统计口径：回访任务按到期日期计入当月；回访率 = 当月交车工单中已接通回访的工单 ÷ 当月交车工单；"
        "CSI = 当月评价中总体评价为“满意”或“很满意”的工单 ÷ 当月评价工单；人员评价按工单的服务顾问与派工技师计。")


def cell_text(value: object, kind: Kind) -> str:
    if isinstance(value, Ratio):
        return ratio_text(value)
    return "" if value is None else str(value)


class CareSummaryReport(BaseForm):
    title: ClassVar[str] = "客户回访分析月报"
    form_no: ClassVar[str] = "DD-HF-04"

    def __init__(self, branch: BranchView, summary: CareSummary, *, paper: str | Paper = "a4",
                 printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.summary = summary
        self.styles = make_styles(7.2 if self.paper.compact else 8.6)

    def record_number(self) -> str:
        return f"{self.branch.code}-HFFX-{self.summary.year:04d}{self.summary.month:02d}"

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("统计月份", f"{self.summary.year}年{self.summary.month}月"),)

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [Paragraph(markup(NOTE), s.small), Spacer(0, s.base * 0.2)]
        for table in summary_tables(self.summary):
            story.append(KeepTogether([SectionHeading(table.title, s), self._table(table)]))
        story.append(KeepTogether([
            Spacer(0, s.base * 0.6),
            signature_boxes(("制表人", "服务经理"), width=self.content_width, styles=s,
                            height_mm=9 if self.paper.compact else 12)]))
        return story

    def _table(self, table: CareTable) -> Flowable:
        weights = [c.weight for c in table.columns]
        widths = [self.content_width * w / sum(weights) for w in weights]
        kinds = [c.kind for c in table.columns]
        rows = [[cell_text(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]
        if not rows:
            rows = [["本月无"] + [""] * (len(kinds) - 1)]
        align = ["left" if k is Kind.TEXT else "right" for k in kinds]
        return line_item_table([c.header for c in table.columns], rows, col_widths=widths,
                               styles=self.styles, align=align, row_height=self.styles.base * 1.9)


__all__ = ["CareSummaryReport"]
