"""服务主任日报表: all technicians × classes for a day, cars received / delivered / still in
the workshop, orders late against their promised time, the day's follow-up calls and
complaints, and the manager's sign-off box (DOMAIN.md §6)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from domain.care_rules import OUTCOME_LABELS_ZH
from domain.services.branch import BranchView
from domain.services.daily_reports import SupervisorDay
from reports.base import BaseForm
from reports.daily_common import centi_text, hours_text, local_time
from reports.fonts import markup
from reports.paper import Paper
from reports.primitives import CopySpec, SectionHeading, line_item_table, signature_boxes
from reports.styles import INK, LABEL_FILL

DIRECTION_ZH = {"out": "呼出", "in": "呼入"}


class SupervisorDailyReport(BaseForm):
    title: ClassVar[str] = "服务主任日报表"
    form_no: ClassVar[str] = "DD-BB-02"

    def __init__(self, branch: BranchView, report: SupervisorDay, *, paper: str | Paper = "a4",
                 printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.report = report

    def record_number(self) -> str:
        return f"{self.branch.code}-ZRRB-{self.report.day:%Y%m%d}"

    def meta(self) -> tuple[tuple[str, str], ...]:
        d = self.report.day
        return (("日期", f"{d.year}年{d.month}月{d.day}日"),)

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s, w, r, zone = self.styles, self.content_width, self.report, self.branch.timezone
        story: list[Flowable] = []
        cars = line_item_table(["进厂台次", "交车台次", "在厂台次（日终）", "超时工单"],
                               [[str(r.cars_received), str(r.cars_delivered), str(r.cars_in_workshop),
                                 str(len(r.late_orders))]], col_widths=[w / 4] * 4, styles=s,
                               align=["center"] * 4)
        story += [SectionHeading("车辆", s), cars, Spacer(0, s.base * 0.5)]
        headers = ["技术员"] + [f"{c}类 实际/标准" for c in "ABCD"] + ["合计 实际/标准"]
        weights = [2.0, 1.6, 1.6, 1.6, 1.6, 1.8]
        widths = [w * x / sum(weights) for x in weights]

        def cells(totals: tuple) -> list[str]:  # type: ignore[type-arg]
            out = [f"{hours_text(t.clocked_seconds)} / {centi_text(t.standard_centi)}" for t in totals]
            out.append(f"{hours_text(sum(t.clocked_seconds for t in totals))} / "
                       f"{centi_text(sum(t.standard_centi for t in totals))}")
            return out

        rows = [[t.technician_name, *cells(t.totals)] for t in r.technicians] or [["当日无工时记录"] + [""] * 5]
        rows.append(["合计", *cells(r.totals)])
        table = line_item_table(headers, rows, col_widths=widths, styles=s, align=["left"] + ["right"] * 5)
        table.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
                                   ("LINEABOVE", (0, -1), (-1, -1), 0.9, INK)]))
        story += [SectionHeading("技术员工时（小时）", s, note="实际 = 维修卡记录；标准 = 完工当日计入"), table,
                  Spacer(0, s.base * 0.5)]
        late = [[o.number, o.plate, local_time(o.promised_at, zone, "%m-%d %H:%M"),
                 local_time(o.ready_at, zone, "%m-%d %H:%M") or "未完工"] for o in r.late_orders]
        story += [SectionHeading("超过承诺完工时间的工单", s),
                  line_item_table(["工单号", "车牌号", "承诺完工", "实际完工"], late or [["无", "", "", ""]],
                                  col_widths=[w * 0.3, w * 0.2, w * 0.25, w * 0.25], styles=s, keep_whole=(0, 1)),
                  Spacer(0, s.base * 0.5)]
        calls = [[local_time(c.called_at, zone), DIRECTION_ZH.get(c.direction, c.direction), c.contact_name,
                  OUTCOME_LABELS_ZH.get(c.outcome, c.outcome), c.staff_name, c.topic] for c in r.calls]
        story += [SectionHeading("当日跟踪服务电话", s, note=f"共 {len(r.calls)} 次"),
                  line_item_table(["时间", "方向", "联系人", "结果", "经办", "主题"], calls or [["无"] + [""] * 5],
                                  col_widths=[w * x for x in (0.1, 0.08, 0.16, 0.13, 0.13, 0.4)], styles=s),
                  Spacer(0, s.base * 0.5)]
        slips = [[c.number, c.customer_name, c.category, c.severity, local_time(c.received_at, zone)]
                 for c in r.complaints]
        story += [SectionHeading("当日客户投诉", s, note=f"共 {len(r.complaints)} 件"),
                  line_item_table(["投诉单号", "客户", "类别", "严重程度", "受理时间"], slips or [["无", "", "", "", ""]],
                                  col_widths=[w * x for x in (0.3, 0.2, 0.2, 0.15, 0.15)], styles=s)]
        story.append(KeepTogether([
            Spacer(0, s.base * 0.8),
            Paragraph(markup("经理审阅意见："), s.label), Spacer(0, s.base * 2.5),
            signature_boxes(("服务主任", "服务经理"), width=w, styles=s, height_mm=12)]))
        return story
