"""经营指标月报: the month's KPIs against the previous month, the same month last year and
their targets, with bar charts (cars received per day, revenue split) drawn with
reportlab.graphics, each KPI's definition printed under the table; at HQ optionally the
branches side by side with their ranks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from domain.kpi import Kpi
from domain.services.branch import BranchView
from domain.services.kpi import BranchRank, MonthlyKpis
from domain.workorder_rules import yuan
from reports.base import BaseForm
from reports.fonts import FONT, markup
from reports.kpi_tables import KpiLine, Unit, kpi_lines, revenue_by_payer, revenue_split
from reports.paper import Paper
from reports.primitives import CopySpec, SectionHeading, line_item_table, signature_boxes

BAR = colors.HexColor("#3A6EA5")


def value_text(unit: Unit, value: float | int | None) -> str:
    if value is None:
        return "—"
    if unit is Unit.YUAN_FEN:
        return yuan(int(value))
    if unit is Unit.COUNT:
        return str(int(value))
    if unit is Unit.DECIMAL:
        return f"{value:.1f}"
    return f"{value:.1f}%"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], width: float, height: float,
              *, label_every: int = 1) -> Drawing:
    """A plain vertical bar chart with a Chinese title and category labels."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 24
    chart.width, chart.height = width - 48, height - 48
    chart.data = [list(values) or [0]]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.categoryAxis.categoryNames = [lab if i % label_every == 0 else "" for i, lab in enumerate(labels)] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.boxAnchor = "n"
    drawing.add(chart)
    drawing.add(String(width / 2, height - 12, title, fontName=FONT, fontSize=8.5, textAnchor="middle"))
    return drawing


class KpiReport(BaseForm):
    title: ClassVar[str] = "售后经营指标月报"
    form_no: ClassVar[str] = "DD-BB-03"

    def __init__(self, branch: BranchView, kpis: MonthlyKpis, *, ranking: Sequence[BranchRank] = (),
                 paper: str | Paper = "a4", printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.kpis = kpis
        self.ranking = list(ranking)

    def record_number(self) -> str:
        return f"{self.branch.code}-KPI-{self.kpis.month.replace('-', '')}"

    def meta(self) -> tuple[tuple[str, str], ...]:
        year, month = self.kpis.month.split("-")
        return (("统计月份", f"{year}年{int(month)}月"), ("范围", self.kpis.scope_label))

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s, w = self.styles, self.content_width
        lines = kpi_lines(self.kpis)
        story: list[Flowable] = [SectionHeading("指标一览", s, note="与上月、去年同月及目标比较"),
                                 self._table(lines), Spacer(0, s.base * 0.6)]
        cur = self.kpis.current
        days = [str(d + 1) for d in range(len(cur.facts.received_per_day))]
        story.append(KeepTogether([SectionHeading("每日进厂台次", s),
                                   bar_chart(f"进厂台次（合计 {cur.cars_received} 台）", days,
                                             list(cur.facts.received_per_day), w, 150, label_every=2)]))
        split = revenue_split(cur) + revenue_by_payer(cur)
        story.append(KeepTogether([
            SectionHeading("产值构成（元）", s, note=f"结算产值（含税）{yuan(cur.revenue_fen)} 元"),
            bar_chart("工时 / 配件 / 杂费 与 付费方（元，未含整单折扣与税）", [k for k, _ in split],
                      [v / 100 for _, v in split], w, 160)]))
        if self.ranking:
            story += [Spacer(0, s.base * 0.6), SectionHeading("门店排名", s), self._ranking()]
        story += [Spacer(0, s.base * 0.6), SectionHeading("指标口径", s)]
        seen: set[str] = set()
        for line in lines:
            if line.definition in seen:
                continue
            seen.add(line.definition)
            story.append(Paragraph(markup(f"{line.label}：{line.definition}"), s.small))
        story.append(KeepTogether([Spacer(0, s.base * 0.8),
                                   signature_boxes(("制表人", "服务经理"), width=w, styles=s, height_mm=12)]))
        return story

    def _table(self, lines: list[KpiLine]) -> Flowable:
        w = self.content_width
        weights = [2.4, 1.5, 1.5, 1.5, 2.2, 1.0, 1.1]
        widths = [w * x / sum(weights) for x in weights]
        rows = [[line.label, value_text(line.unit, line.current), value_text(line.unit, line.previous),
                 value_text(line.unit, line.last_year), line.detail, line.target,
                 "" if line.met is None else ("达标" if line.met else "未达标")] for line in lines]
        return line_item_table(["指标", "本月", "上月", "去年同月", "计算", "目标", "结果"], rows, col_widths=widths,
                               styles=self.styles, align=["left", "right", "right", "right", "left", "center",
                                                          "center"])

    def _ranking(self) -> Flowable:
        w = self.content_width
        rows = [[r.code, r.name, yuan(r.figures.revenue_fen), str(r.ranks.get(Kpi.REVENUE, "")),
                 str(r.figures.cars_received), r.figures.return_repair.label(),
                 str(r.ranks.get(Kpi.RETURN_REPAIR_RATE, "")), r.figures.csi.label(), str(r.ranks.get(Kpi.CSI, ""))]
                for r in self.ranking]
        weights = [1.0, 2.0, 1.6, 0.8, 1.0, 1.0, 0.8, 1.0, 0.8]
        return line_item_table(["代码", "门店", "产值（元）", "名次", "进厂", "返修率", "名次", "CSI", "名次"], rows,
                               col_widths=[w * x / sum(weights) for x in weights], styles=self.styles,
                               align=["left", "left", "right", "center", "right", "right", "center", "right",
                                      "center"])
