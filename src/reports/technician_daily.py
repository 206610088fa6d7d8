"""技术员工作日报表: one technician's day, every job with its class, clocked and standard
hours, and the totals per class (A/B/C/D). Printed from the recorded job times and the
internal work on no order (class D: upkeep, inspections, parts handling, training), never
typed twice; the technician and the foreman sign it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, TableStyle

from domain.services.branch import BranchView
from domain.services.daily_reports import TechnicianDay
from reports.base import BaseForm
from reports.daily_common import CLASS_NAMES_ZH, centi_text, hours_text, local_time
from reports.fonts import markup
from reports.paper import Paper
from reports.primitives import CopySpec, SectionHeading, line_item_table, signature_boxes
from reports.styles import INK, LABEL_FILL

NOTE = ("说明：实际工时按维修卡开工/完工记录汇总（跨日作业按当日部分计）；标准工时按完工当日计入，"
        "未完工作业的标准工时在完工当日计入；不在工单上的内部作业（设备维护、检查、配件整理、培训）"
        "计入 D 类，无标准工时。")


class TechnicianDailyReport(BaseForm):
    title: ClassVar[str] = "技术员工作日报表"
    form_no: ClassVar[str] = "DD-BB-01"

    def __init__(self, branch: BranchView, days: list[TechnicianDay], day: dt.date, *,
                 paper: str | Paper = "a4", printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.days = days
        self.day = day

    def record_number(self) -> str:
        return f"{self.branch.code}-JSRB-{self.day:%Y%m%d}"

    def meta(self) -> tuple[tuple[str, str], ...]:
        names = "、".join(d.technician_name for d in self.days) or "—"
        return (("日期", f"{self.day.year}年{self.day.month}月{self.day.day}日"), ("技术员", names))

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [Paragraph(markup(NOTE), s.small), Spacer(0, s.base * 0.3)]
        if not self.days:
            story.append(Paragraph(markup("当日无工时记录。"), s.body))
        for i, day in enumerate(self.days):
            if i:
                story.append(PageBreak())
            story += self._one(day)
        return story

    def _one(self, day: TechnicianDay) -> list[Flowable]:
        s, w, zone = self.styles, self.content_width, self.branch.timezone
        weights = [2.6, 1.6, 2.8, 0.9, 2.2, 1.2, 1.2, 1.2]
        widths = [w * x / sum(weights) for x in weights]
        rows = [[j.work_order_number or "内部作业", j.plate or "—", j.job_title, j.service_class,
                 f"{local_time(j.started_at, zone)}–{local_time(j.stopped_at, zone) or '进行中'}",
                 hours_text(j.clocked_seconds), "—" if j.internal else centi_text(j.standard_centi),
                 "—" if j.internal else centi_text(j.credited_centi) if j.finished_today else "未完工"]
                for j in day.jobs]
        if not rows:
            rows = [["当日无作业", "", "", "", "", "", "", ""]]
        rows.append(["合计", "", "", "", "", hours_text(day.clocked_seconds), "", centi_text(day.standard_centi)])
        jobs = line_item_table(["工单号", "车牌号", "作业内容", "分类", "时间", "实际工时", "标准工时", "计入标准"],
                               rows, col_widths=widths, styles=s, keep_whole=(0, 1),
                               align=["left", "left", "left", "center", "center", "right", "right", "right"])
        jobs.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
                                  ("LINEABOVE", (0, -1), (-1, -1), 0.9, INK)]))
        cls_rows = [[CLASS_NAMES_ZH[t.service_class], hours_text(t.clocked_seconds), centi_text(t.standard_centi)]
                    for t in day.totals]
        totals = line_item_table(["作业分类", "实际工时", "标准工时"], cls_rows, col_widths=[w * 0.4, w * 0.3, w * 0.3],
                                 styles=s, align=["left", "right", "right"])
        return [SectionHeading(f"技术员：{day.technician_name}", s), jobs, Spacer(0, s.base * 0.6),
                KeepTogether([SectionHeading("分类合计（小时）", s), totals, Spacer(0, s.base * 0.8),
                              signature_boxes(("技术员", "车间主管"), width=w, styles=s, height_mm=12)])]
