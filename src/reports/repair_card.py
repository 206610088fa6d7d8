"""维修卡 / 派工单: one card per job, printed at dispatch and hung on the car.

The technician works strictly to the card (按单施工): it names the car (plate, VIN, model),
the job and its labour lines, the promised time; they write the actual start/stop times
and the parts replaced in the blank ruled rows, sign the team self-check (班组自检栏), and
the foreman signs it off (主任验讫) before the car goes to the three-level inspection
(自检 / 互检(班组) / 终检). What the app already knows (times, parts issued, checks) is
printed in the rows; the rest stays blank for the pen.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from domain.errors import NotFound
from domain.services.branch import BranchView
from domain.services.workorder_views import JobView, LabourLineView, WorkOrderView
from domain.workorder_rules import QC_ORDER, QCLevel
from reports.base import BaseForm
from reports.canvas import CopyStart
from reports.fonts import markup
from reports.paper import Paper
from reports.primitives import (
    CopySpec,
    Field,
    SectionHeading,
    checkbox,
    field_grid,
    line_item_table,
    signature_boxes,
)
from reports.styles import make_styles
from reports.workorder_blocks import TRADE_LABELS, class_label, hours, km, quantity, when

QC_LEVELS_ZH = {QCLevel.SELF: "自检（技师）", QCLevel.TEAM: "互检（班组）", QCLevel.FINAL: "终检（质检员/主任）"}
SELF_CHECK_ITEMS = ("按单施工无漏项", "紧固件按规定力矩紧固", "油液无渗漏", "故障已排除并试车",
                    "旧件按客户要求处理", "车辆及工位已清洁")


class RepairCardForm(BaseForm):
    title: ClassVar[str] = "维修卡（派工单）"
    form_no: ClassVar[str] = "DD-WX-02"

    def __init__(self, branch: BranchView, order: WorkOrderView, *, job_id: str | None = None,
                 paper: str | Paper = "a4", reprint_count: int = 0,
                 printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count,
                         printed_at=printed_at)
        self.order = order
        if job_id is not None:
            chosen = tuple(j for j in order.jobs if j.id == job_id)
            if not chosen:
                raise NotFound("workorder.job_not_found", key=job_id)
            self.jobs: tuple[JobView | None, ...] = chosen
        else:
            # not dispatched yet: one card with every labour line, technician written in
            self.jobs = order.jobs or (None,)
        self.job: JobView | None = self.jobs[0]
        self.styles = make_styles(7.2 if self.paper.compact else 8.4)

    # --- identity ------------------------------------------------------------------------
    def record_number(self) -> str:
        return self.order.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        job = self.job
        label = f"第 {job.seq} 项 共 {len(self.order.jobs)} 项" if job else "未派工"
        return (("工单号", self.order.number), ("派工", label))

    # --- one section per job -------------------------------------------------------------
    def _full_story(self) -> list[Flowable]:
        """Each job is its own card with its own page count, like each copy of a form."""
        story: list[Flowable] = []
        for group, job in enumerate(self.jobs):
            self.job = job
            if group:
                story += [NextPageTemplate("first"), PageBreak()]
            story += [CopyStart(group, None), NextPageTemplate("later")]
            story += self.header(None)
            story += self.story(None)
        return story

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        width = self.content_width
        job = self.job
        compact = self.paper.compact
        story: list[Flowable] = [
            SectionHeading("一、车辆与派工", s),
            *field_grid(self._fields(job), width=width, styles=s, columns=2 if compact else 3),
            SectionHeading("二、作业项目", s, note="按单施工：发现新项目须报服务顾问，经客户确认后方可施工"),
            self._labour_table(job),
            CondPageBreak(s.base * 12),
            SectionHeading("三、实际作业时间", s, note="开工、完工如实填写；待料须立即报告车间主任"),
            self._time_table(job),
            CondPageBreak(s.base * 12),
            SectionHeading("四、更换配件", s, note="凭维修领料单领料，旧件按客户要求处理"),
            self._parts_table(job),
        ]
        story.append(KeepTogether([
            SectionHeading("五、班组自检栏与出厂三级检验", s, note="主任验讫后方可交质检"),
            Paragraph(markup("　".join(checkbox(False, item) for item in SELF_CHECK_ITEMS)), s.body),
            Paragraph(markup("班组自检结论：" + checkbox(False, "合格") + "　"
                             + checkbox(False, "不合格，原因：＿＿＿＿＿＿＿＿＿＿＿＿")), s.body),
            Spacer(0, 2),
            self._qc_table(),
            signature_boxes(("班组长（自检）", "车间主任（验讫）"), width=width, styles=s,
                            height_mm=8 if compact else 10),
        ]))
        return story

    # --- parts of a card -----------------------------------------------------------------
    def _lines_of(self, job: JobView | None) -> list[LabourLineView]:
        if job is None:
            return list(self.order.labour)
        return [x for x in self.order.labour if x.job_id == job.id]

    def _fields(self, job: JobView | None) -> list[Field]:
        o = self.order
        zone = self.branch.timezone
        columns = 2 if self.paper.compact else 3
        fields = [
            Field("工单号", o.number, keep_whole=True),
            Field("车牌号", o.plate, keep_whole=True),
            Field("车架号(VIN)", o.vin, keep_whole=True),
            Field("品牌车型", " ".join(x for x in (o.brand, o.model) if x)),
            Field("进厂里程", km(o.mileage_in)),
            Field("作业分类", class_label(o.service_class)),
            Field("作业内容", job.title if job else "", span=columns),
            Field("工种", TRADE_LABELS.get(job.trade, job.trade) if job else ""),
            Field("技师", job.technician_name if job else ""),
            Field("派工时间", when(job.dispatched_at, zone) if job else ""),
            Field("服务顾问", o.advisor_name),
            Field("预计交车", when(o.promised_at, zone)),
            Field("返修", f"原工单 {o.rework_of_number}" if o.rework_of_number else "否"),
            Field("客户描述", o.customer_words, span=columns),
        ]
        if job is not None and job.wait_reason:
            fields.append(Field("待料原因", job.wait_reason, span=columns))
        return fields

    def _labour_table(self, job: JobView | None) -> Flowable:
        lines = self._lines_of(job)
        rows = [[str(i), x.code, x.description, hours(x.hours_centi), x.technician_name]
                for i, x in enumerate(lines, start=1)]
        if not rows and job is not None:
            rows = [["1", "", job.title, "", job.technician_name]]
        width = self.content_width
        return line_item_table(("序", "工时代码", "作业项目", "标准工时", "技师"), rows,
                               col_widths=[w * width for w in (0.06, 0.16, 0.5, 0.12, 0.16)],
                               styles=self.styles, blank_rows=0 if self.paper.compact else 1,
                               align=("center", "left", "left", "right", "center"),
                               keep_whole=(1,), row_height=self.styles.base * 2)

    def _time_table(self, job: JobView | None) -> Flowable:
        zone = self.branch.timezone
        rows = []
        for entry in job.time_entries if job else ():
            rows.append([when(entry.started_at, zone, "%m-%d"), when(entry.started_at, zone, "%H:%M"),
                         when(entry.stopped_at, zone, "%H:%M"),
                         str(entry.minutes) if entry.stopped_at else "", entry.technician_name, ""])
        blank = max(1 if self.paper.compact else 2, (2 if self.paper.compact else 5) - len(rows))
        width = self.content_width
        return line_item_table(("日期", "开工时间", "完工时间", "用时(分钟)", "技师签字", "暂停/待料原因"),
                               rows, col_widths=[w * width for w in (0.12, 0.14, 0.14, 0.14, 0.18, 0.28)],
                               styles=self.styles, blank_rows=blank,
                               align=("center", "center", "center", "right", "center", "left"),
                               row_height=self.styles.base * (2.1 if self.paper.compact else 2.4))

    def _parts_table(self, job: JobView | None) -> Flowable:
        rows = []
        for req in self.order.requisitions:
            if job is None or req.job_id == job.id:
                rows += [[x.part_no, x.name, quantity(x.qty_milli), "已领料", req.technician_name]
                         for x in req.lines]
        blank = max(2, (2 if self.paper.compact else 5) - len(rows))
        width = self.content_width
        return line_item_table(("零件号", "配件名称", "数量", "领料单/备注", "技师签字"), rows,
                               col_widths=[w * width for w in (0.2, 0.36, 0.1, 0.16, 0.18)],
                               styles=self.styles, blank_rows=blank,
                               align=("left", "left", "right", "left", "center"),
                               keep_whole=(0,), row_height=self.styles.base * (2.1 if self.paper.compact else 2.4))

    def _qc_table(self) -> Flowable:
        """出厂三级检验: what the latest round recorded, else blank boxes to tick and sign."""
        zone = self.branch.timezone
        current = [c for c in self.order.quality_checks if c.round == self.order.qc_round]
        latest = {c.level: c for c in current}
        if not current and self.order.qc_round > 1:  # failed last round: show why
            latest = {c.level: c for c in self.order.quality_checks
                      if c.round == self.order.qc_round - 1}
        rows = []
        for level in QC_ORDER:
            check = latest.get(level.value)
            verdict = "　".join((checkbox(bool(check and check.passed), "合格"),
                                checkbox(bool(check and not check.passed), "不合格")))
            rows.append([QC_LEVELS_ZH[level], verdict, check.reason if check else "",
                         check.inspector_name if check else "",
                         when(check.at, zone, "%m-%d %H:%M") if check else ""])
        width = self.content_width
        return line_item_table(("出厂三级检验", "结论", "不合格原因（返工）", "检验员签字", "时间"), rows,
                               col_widths=[w * width for w in (0.22, 0.2, 0.28, 0.15, 0.15)],
                               styles=self.styles,
                               align=("left", "center", "left", "center", "center"),
                               row_height=self.styles.base * (2.1 if self.paper.compact else 2.6))
