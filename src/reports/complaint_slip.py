"""客户抱怨处理表: the internal complaint slip, from intake to closure, in five copies.

Every section of DOMAIN.md §4 is printed, filled in where the slip has got to and left as
a write-in box where it has not, so a slip printed at intake can be handled on paper:
受理 (with the severity and its reasons), 时限, 首次回复与原因分析, 责任归属 (with the
loss and deductions), 处理对策, 处理方案, 审批 (the authority required, who approved,
signature boxes for 服务经理 and 总经理), 客户意见, 结案 and the linked slips.

The copies (联) and their colours are a branch setting (``complaint.copies``, five by
default: 质量管理部 · 维修车间 · 服务部(业务) · 财务部 · 总经理室); on plain paper each copy
is laid out on its own pages; on 241 mm multi-part paper the slip prints once. The
customer never gets this slip: see :mod:`reports.complaint_reply`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol

from reportlab.lib.colors import Color, HexColor, white
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table, TableStyle

from domain.complaint_rules import (
    DEADLINE_LABELS_ZH,
    PENALTY_LABELS_ZH,
    Authority,
    DeadlineKind,
    Responsibility,
    Standing,
)
from domain.messages import register
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView, SlipLink
from domain.settings_defaults import COMPLAINT_COPIES, DEFAULTS
from domain.workorder_rules import yuan
from reports.base import BaseForm
from reports.complaint_text import (
    answer_method_label,
    authority_label,
    category_label,
    channel_label,
    chinese_date,
    deadline_day,
    reason_labels,
    responsibility_label,
    severity_label,
    share_text,
    source_label,
    state_label,
    when,
)
from reports.fonts import markup, register_fonts
from reports.long_text import fields_with_long_text
from reports.paper import Paper
from reports.primitives import (
    CopySpec,
    Field,
    SectionHeading,
    checkbox,
    line_item_table,
    signature_boxes,
)
from reports.styles import INK, Styles, make_styles

register("print.copies_range", "联数须在 1 到 {max} 之间（按投诉单联次设置）",
         "Copies must be between 1 and {max} (the complaint slip's copy settings)")

WRITE_IN_MM = 10.0
PRINT_ORDER = (DeadlineKind.RESPONSE, DeadlineKind.REPORT, DeadlineKind.OPINION, DeadlineKind.SOLUTION,
               DeadlineKind.CLOSURE)
"""The deadlines in the order they fall: answer, investigation report, consolidated
opinion, proposal, closure."""

"""Height of an empty text box, so a slip printed early can be filled in by hand."""


class CopySettingLike(Protocol):
    """What the ``complaint.copies`` setting holds per copy (``ComplaintSettings.copies``)."""

    @property
    def name(self) -> str: ...

    @property
    def destination(self) -> str: ...

    @property
    def colour(self) -> str: ...

    @property
    def colour_name(self) -> str: ...


def _colour(text: str) -> Color:
    try:
        return HexColor(text)
    except (ValueError, TypeError):
        return white


def complaint_copies(configured: Sequence[CopySettingLike | Mapping[str, Any]] | None = None,
                     count: int | None = None) -> tuple[CopySpec, ...]:
    """The slip's copies from the branch setting (default: the five of the regulation).

    ``count`` keeps the first *count* copies (a branch printing three copies drops the last
    two routes); it is clamped to 1…the number configured.
    """
    raw: Sequence[Any] = configured if configured else DEFAULTS[COMPLAINT_COPIES]
    specs: list[CopySpec] = []
    for number, item in enumerate(raw, start=1):
        get = item.get if isinstance(item, Mapping) else lambda key, _i=item: getattr(_i, key, "")
        specs.append(CopySpec(number, str(get("name") or f"第{number}联"),
                              str(get("destination") or ""), _colour(str(get("colour") or "#FFFFFF")),
                              str(get("colour_name") or "白")))
    if count is not None:
        specs = specs[:max(1, min(count, len(specs)))]
    return tuple(specs)


def copy_banner(copy: CopySpec | None, copies: Sequence[CopySpec], *, width: float, styles: Styles,
                whole: str = "本表", suffix: str = "") -> Table:
    """The band on top of a copy (联): its label, colour and where it goes; on multi-part
    paper (no single copy) the list of every copy. Shared by the complaint desk's forms."""
    if copy is None:
        names = "　".join(f"{c.label}（{c.colour_name}）" for c in copies)
        text = f"{whole}一式 {len(copies)} 联：{names}" if copies else "内部处理表"
        fill: Color = white
    else:
        text = f"{copy.label}（{copy.colour_name}）　→ {copy.destination}"
        fill = copy.colour
    table = Table([[Paragraph(markup(text + suffix), styles.body)]], colWidths=[width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return table


class ComplaintSlipForm(BaseForm):
    title: ClassVar[str] = "客户抱怨处理表"
    form_no: ClassVar[str] = "DD-TS-01"

    def __init__(self, branch: BranchView, slip: ComplaintView, *, paper: str | Paper = "a4",
                 copies: Sequence[CopySpec] | None = None, reprint_count: int = 0,
                 printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count, printed_at=printed_at)
        self.slip = slip
        self.copies = tuple(copies) if copies is not None else complaint_copies()
        # dense like the work order: a handled slip fits one sheet per copy on A4 and 241
        self.styles = make_styles(7.0 if self.paper.compact else 7.4)

    def record_number(self) -> str:
        return self.slip.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("投诉单号", self.slip.number), ("状态", state_label(self.slip.state)))

    @property
    def zone(self) -> str:
        return self.slip.branch_timezone or self.branch.timezone

    @property
    def columns(self) -> int:
        return 2 if self.paper.compact else 3

    def _when(self, moment: dt.datetime | None) -> str:
        return when(moment, self.zone)

    def _grid(self, fields: list[Field], columns: int | None = None) -> list[Flowable]:
        return fields_with_long_text(fields, width=self.content_width, styles=self.styles,
                                     columns=columns or self.columns)

    def _text(self, label: str, value: str) -> Field:
        """A full-width text box; empty, it leaves room to write by hand."""
        return Field(label, value, span=self.columns, write_in_mm=0 if value else WRITE_IN_MM)

    # --- body ----------------------------------------------------------------------------
    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [self._copy_banner(copy)]
        major = "重大投诉：须立即报总经理（或副总经理）" if self.slip.is_major else ""
        story += [SectionHeading("一、受理", s, note=major), *self._grid(self._intake_fields())]
        story.append(KeepTogether([SectionHeading("二、处理时限", s, note="超期须催办并说明原因；跨部门处理用洽办单"),
                                   *self._grid(self._deadline_fields())]))
        story += [CondPageBreak(s.base * 8),
                  SectionHeading("三、首次回复与调查（原因分析）", s,
                                 note="服务经理须亲自联系每一位投诉客户"),
                  *self._grid(self._investigation_fields())]
        story += [CondPageBreak(s.base * 8), SectionHeading("四、责任归属", s),
                  *self._responsibility()]
        story += [CondPageBreak(s.base * 8),
                  SectionHeading("五、处理对策 / 改善措施与处理方案", s, note="对客户承诺不得超出审批权限"),
                  *self._grid(self._proposal_fields())]
        story.append(KeepTogether([SectionHeading("六、审批", s), *self._approval()]))
        story.append(KeepTogether([SectionHeading("七、客户意见与结案", s,
                                                  note="答复客户以电话或答复函，本表不交客户"),
                                   *self._grid(self._answer_fields() + self._closure_fields())]))
        return story

    def _copy_banner(self, copy: CopySpec | None) -> Table:
        return copy_banner(copy, self.copies, width=self.content_width, styles=self.styles,
                           whole="本表", suffix="　　内部资料，不得交予客户")

    def _intake_fields(self) -> list[Field]:
        v = self.slip
        source = source_label(v.source) + (f"（{v.source_ref}）" if v.source_ref else "")
        severity = severity_label(v.severity)
        reasons = reason_labels(v.severity_reasons)
        if reasons:
            severity += f"：{reasons}"
        if v.escalation_reason:
            severity += f"（升级原因：{v.escalation_reason}）"
        facts = "　".join((checkbox(v.safety_risk, "危及客户安全"),
                          checkbox(v.media_involved, "媒体或主管部门介入"),
                          checkbox(v.foreign_party, "涉及境外供应商或厂家")))
        return [
            Field("投诉单号", v.number, keep_whole=True),
            Field("受理时间", self._when(v.received_at)),
            Field("受理人", v.received_by_name),
            Field("投诉渠道", channel_label(v.channel)),
            Field("来源", source),
            Field("投诉类别", category_label(v.category)),
            Field("客户", v.customer_name),
            Field("联系电话", v.contact_phone, keep_whole=True),
            Field("索赔金额", f"{yuan(v.claimed_fen)} 元" if v.claimed_fen else "无"),
            Field("车牌号", v.plate, keep_whole=True),
            Field("车架号(VIN)", v.vin, keep_whole=True),
            Field("品牌车型", v.vehicle_model),
            Field("工单号", v.work_order_number, keep_whole=True),
            Field("联系地址", v.customer_address, span=self.columns - 1),
            Field("严重程度", severity, span=1 if self.columns > 2 else 2),
            Field("情形", facts, span=self.columns - 1 if self.columns > 2 else 2),
            *([Field("续办自", "原投诉单 " + self._link_text(v.reopened_from) + "，客户不接受原处理结果",
                     span=self.columns)] if v.reopened_from else []),
            self._text("客户陈述", v.customer_words),
            Field("客户要求", v.customer_request, span=self.columns),
        ]

    def _deadline_fields(self) -> list[Field]:
        """Each deadline with how it stands (the internal report and opinion among them), the
        reasons recorded for missed ones and the 催办单 / 洽办单 issued; the moments the
        deadlines were met are in their sections."""
        v = self.slip
        fields = []
        for kind in PRINT_ORDER:
            st = v.standing(kind)
            name = DEADLINE_LABELS_ZH[kind]
            if st.due is None:
                fields.append(Field(f"{name}期限", "调查报告后起算"))
                continue
            shown = self._when(st.due) if kind is DeadlineKind.RESPONSE else \
                f"{deadline_day(st.due, self.zone):%Y-%m-%d} 24:00"
            fields.append(Field(f"{name}期限", f"{shown}　{self._deadline_state(st)}".strip("　")))
        reasons = "；".join(f"{DEADLINE_LABELS_ZH.get(r.deadline, r.deadline)}：{r.reason}"
                           f"（{r.recorded_by_name} {self._when(r.recorded_at)}）" for r in v.missed_reasons)
        if reasons or any(st.missed for st in v.standings):
            fields.append(Field("超期原因", reasons, span=self.columns))
        notices = "；".join(f"{'催办' if n.is_urge else '洽办'} {n.number} → "
                           f"{n.to_department or '—'}（{self._when(n.issued_at)}）" for n in v.notices)
        if notices:
            fields.append(Field("催办 / 洽办", notices, span=self.columns))
        return fields

    def _deadline_state(self, st: Standing) -> str:
        if st.done_at is not None and st.due is not None:
            if not st.late:
                return "（按时）"
            late = (deadline_day(st.done_at, self.zone) - deadline_day(st.due, self.zone)).days
            return f"（逾期 {late} 天）" if late > 0 else "（逾期）"
        if st.overdue:
            return "（已超期）"
        if self.slip.reopened_as and self.slip.next_deadline_at is None:
            return "（转新单续办）"
        return "（未到期）" if self.slip.state != "closed" else ""

    def _investigation_fields(self) -> list[Field]:
        v = self.slip
        return [
            Field("首次回复时间", self._when(v.first_response_at)),
            Field("回复人", v.first_response_by_name),
            Field("回复内容", v.first_response_note, span=self.columns - 2 if self.columns > 2 else 2),
            self._text("原因分析", v.investigation),
            Field("调查人", v.investigated_by_name),
            Field("调查时间", self._when(v.investigated_at)),
        ]

    def _responsibility(self) -> list[Flowable]:
        v = self.slip
        s = self.styles
        width = self.content_width
        kinds = "　".join(checkbox(v.responsibility == r.value, responsibility_label(r.value))
                         for r in Responsibility)
        fields = [Field("责任归属", kinds, span=self.columns - 1 if self.columns > 2 else 2)]
        if self.columns > 2:
            fields.append(Field("责任部门", v.responsible_department))
        else:
            fields.append(Field("责任部门", v.responsible_department, span=2))
        if v.responsibility and v.responsibility != Responsibility.OURS:
            fields.append(Field("原因说明", v.responsibility_reason, span=self.columns))
        story = self._grid(fields)
        if v.parties and not any(loss.deductions for loss in v.losses):  # else shown with them
            rows = [[p.name, p.department, share_text(p.share_bp)] for p in v.parties]
            story.append(line_item_table(("责任人", "所属部门", "责任比例"), rows,
                                         col_widths=[w * width for w in (0.4, 0.4, 0.2)], styles=s,
                                         align=("left", "left", "right"), row_height=s.base * 1.8))
        for loss in v.losses:
            story.append(Paragraph(markup(
                f"■ 损失登记：{yuan(loss.loss_fen)} 元　部门：{loss.department or '—'}　计入 {loss.month}"
                f"　{loss.note}　（{loss.recorded_by_name} {self._when(loss.recorded_at)}）"), s.body))
            rows = []
            for d in loss.deductions:
                basis = share_text(d.share_bp) if d.share_bp is not None else \
                    f"{d.base_points} / {d.department_points} 点"
                rows.append([d.name, d.department, basis, yuan(d.amount_fen)])
            if rows:
                story.append(line_item_table(
                    ("责任人", "部门", "分摊依据（比例或基本点数）", "罚扣金额(元)"), rows,
                    col_widths=[w * width for w in (0.25, 0.25, 0.3, 0.2)], styles=s,
                    align=("left", "left", "center", "right"), row_height=s.base * 1.8))
        if v.losses:
            story.append(Paragraph(markup("罚扣每月以本人月度效益奖金的 50% 为限，超出部分顺延以后各月扣除。"),
                                   s.small))
        for p in v.penalties:
            story.append(Paragraph(markup(
                f"■ 奖罚：{p.number}　{p.staff_name}（{p.department or '—'}）　{PENALTY_LABELS_ZH.get(p.grade, p.grade)}"
                f"　{yuan(p.amount_fen)} 元　计入 {p.month}　{p.reason}"), s.body))
        return story

    def _proposal_fields(self) -> list[Field]:
        p = self.slip.proposal
        items = "　".join((
            checkbox(p.repair_again, "重新维修"),
            checkbox(p.refund_fen > 0, f"退款 {yuan(p.refund_fen)} 元" if p.refund_fen else "退款"),
            checkbox(p.discount_fen > 0, f"优惠 {yuan(p.discount_fen)} 元" if p.discount_fen else "优惠"),
            checkbox(p.compensation_fen > 0,
                     f"赔偿 {yuan(p.compensation_fen)} 元" if p.compensation_fen else "赔偿"),
            checkbox(p.apology, "致歉"),
        ))
        return [
            self._text("处理对策", self.slip.corrective_action),
            Field("方案内容", items, span=self.columns),
            self._text("方案说明", p.text),
            Field("金额合计", f"{yuan(p.settlement_fen)} 元" if p.proposed_at else ""),
            Field("提出人", p.proposed_by_name),
            Field("提出时间", self._when(p.proposed_at)),
        ]

    def _approval(self) -> list[Flowable]:
        a = self.slip.approval
        s = self.styles
        needed = "　".join(checkbox(a.authority == x.value, authority_label(x.value)) for x in Authority)
        if a.needs_general_manager:
            needed += "　（" + ("重大投诉" if self.slip.is_major else "金额超过服务经理审批限额") + "）"
        elif not a.authority:
            needed += "　（提交方案后按金额与严重程度确定）"
        fields = [
            Field("审批权限", needed, span=self.columns),
            Field("审批人", a.approved_by_name),
            Field("审批时间", self._when(a.approved_at)),
            Field("审批意见", a.note, span=1 if self.columns > 2 else 2),
        ]
        return [*self._grid(fields),
                signature_boxes(("服务经理", "总经理"), width=self.content_width, styles=s,
                                height_mm=7)]

    def _answer_fields(self) -> list[Field]:
        v = self.slip
        accepted = "　".join((checkbox(v.answer == "accepted", "接受"),
                             checkbox(v.answer == "not_accepted", "不接受（另开新单续办）")))
        recorded = f"{v.answer_recorded_by_name}　{self._when(v.answered_at)}".strip("　")
        if self.columns > 2:
            return [Field("客户意见", accepted, span=self.columns - 1),
                    Field("答复方式", answer_method_label(v.answer_method)),
                    Field("客户原话", v.answer_note, span=self.columns - 1),
                    Field("记录", recorded), *self._reopened_as()]
        return [Field("客户意见", accepted, span=2),
                Field("答复方式", answer_method_label(v.answer_method)), Field("记录", recorded),
                Field("客户原话", v.answer_note, span=2), *self._reopened_as()]

    def _reopened_as(self) -> list[Field]:
        links = "；".join(self._link_text(link) for link in self.slip.reopened_as)
        return [Field("另开新单", f"客户不接受，续办于 {links}", span=self.columns)] if links else []

    def _closure_fields(self) -> list[Field]:
        v = self.slip
        days = "" if v.days_to_close is None else f"{v.days_to_close} 天"
        if v.closed_late:
            days += "（逾期结案，须洽办说明原因）"
        follow = ""
        if v.closed_at is not None:
            follow = checkbox(v.follow_up_needed, "需回访处理效果")
            tasks = [t for t in v.follow_up_tasks]
            if tasks:
                follow += "：" + "、".join(f"{chinese_date(t.due_on)}前回访" for t in tasks)
        elif v.state != "closed":
            follow = "□ 需回访处理效果　□ 无需回访"
        return [
            self._text("最终处理措施", v.final_measures),
            Field("结案时间", self._when(v.closed_at)),
            Field("结案人", v.closed_by_name),
            Field("处理天数", days),
            Field("效果回访", follow, span=self.columns - 1 if self.columns > 2 else 2),
            Field("质管部确认", "", write_in_mm=7, span=1 if self.columns > 2 else 2),
        ]

    def _link_text(self, link: SlipLink) -> str:
        return f"{link.number}（{self._when(link.received_at)} 受理，{state_label(link.state)}）"


__all__ = ["ComplaintSlipForm", "complaint_copies", "copy_banner"]
