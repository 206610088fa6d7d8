"""答复函: the letter the customer receives about a complaint, instead of the internal slip.

Why a separate form: the regulation forbids handing the internal slip (客户抱怨处理表) to the
customer. The letter says only what the customer should see: who it is for, our reference
number, what the customer raised, what we offer (only once approved: staff never promise
beyond their approval authority) or what was done, an apology, whom to contact, and the
branch's seal and date. Responsibility, persons, losses, deductions and internal notes
(investigation, approval notes) never appear here.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from domain import clock
from domain.complaint_rules import CSState
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView
from domain.workorder_rules import yuan
from reports.base import BaseForm
from reports.complaint_text import category_label, chinese_date, deadline_day
from reports.fonts import markup, register_fonts
from reports.long_text import fields_with_long_text
from reports.paper import Paper
from reports.primitives import CopySpec, Field
from reports.styles import HAIRLINE, make_styles

HOW_RAISED: dict[str, str] = {
    "walk_in": "来店", "phone": "致电", "letter": "来函", "online_review": "通过网络评价",
    "hq_hotline": "通过品牌总部热线", "follow_up_call": "在我店回访时",
}
"""How the customer reached us, as the letter's first sentence says it."""
APPROVED_STATES = frozenset({CSState.APPROVED, CSState.ACCEPTED, CSState.NOT_ACCEPTED})
SEAL_MM = 38.0


class ComplaintReplyForm(BaseForm):
    title: ClassVar[str] = "客户投诉答复函"
    form_no: ClassVar[str] = "DD-TS-02"

    def __init__(self, branch: BranchView, slip: ComplaintView, *, paper: str | Paper = "a4",
                 reprint_count: int = 0, printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count, printed_at=printed_at)
        self.slip = slip
        self.styles = make_styles(8.6 if self.paper.compact else 10.5)
        self.letter = self.styles.body.clone("dd-letter", leading=self.styles.base * 1.75,
                                             firstLineIndent=self.styles.base * 2)
        self.plain = self.styles.body.clone("dd-letter-plain", leading=self.styles.base * 1.75)
        self.signed = self.plain.clone("dd-letter-signed", alignment=TA_RIGHT)

    def record_number(self) -> str:
        return self.slip.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("受理编号", self.slip.number),)

    @property
    def zone(self) -> str:
        return self.slip.branch_timezone or self.branch.timezone

    def _p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup(text), style or self.letter)

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        v = self.slip
        s = self.styles
        gap = Spacer(0, s.base * 0.6)
        received = chinese_date(clock.local(v.received_at, self.zone).date())
        via = HOW_RAISED.get(v.channel, "")
        story: list[Flowable] = [
            Spacer(0, s.base),
            self._p(f"尊敬的{v.customer_name or '客户'}：", self.plain),
            gap,
            self._p(f"感谢您于{received}{via}向我店反映问题，并对给您带来的不便深表歉意。"
                    f"我们已将您的意见登记受理（受理编号：{v.number}），现将处理情况答复如下。"),
            gap,
            *fields_with_long_text(self._raised(), width=self.content_width, styles=s, columns=1,
                                   label_width=s.label.fontSize * 7 + 8),
            gap,
        ]
        story += self._outcome()
        story += [
            gap,
            self._p("再次感谢您对我店的信任与监督。对于给您带来的困扰，我们诚挚地向您致歉，"
                    "并将以此为鉴，不断改进服务质量。"),
            self._p(self._contact()),
            Spacer(0, s.base * 1.5),
            KeepTogether(self._signature()),
        ]
        return story

    def _raised(self) -> list[Field]:
        v = self.slip
        fields = [Field("受理编号", v.number, keep_whole=True)]
        vehicle = " ".join(x for x in (v.plate, v.vehicle_model) if x)
        if vehicle:
            fields.append(Field("车辆", vehicle))
        if v.work_order_number:
            fields.append(Field("维修工单", v.work_order_number, keep_whole=True))
        fields.append(Field("问题类别", category_label(v.category)))
        fields.append(Field("您反映的问题", v.customer_words))
        if v.customer_request:
            fields.append(Field("您的要求", v.customer_request))
        return fields

    def _offer(self) -> str:
        p = self.slip.proposal
        items = []
        if p.repair_again:
            items.append("为您的车辆免费重新维修")
        if p.refund_fen:
            items.append(f"退还费用 {yuan(p.refund_fen)} 元")
        if p.discount_fen:
            items.append(f"给予优惠 {yuan(p.discount_fen)} 元")
        if p.compensation_fen:
            items.append(f"给予补偿 {yuan(p.compensation_fen)} 元")
        text = "；".join(items)
        if p.text:
            text = f"{text}。{p.text}" if text else p.text
        return text.rstrip("。") + "。" if text else ""

    def _outcome(self) -> list[Flowable]:
        v = self.slip
        if v.state == CSState.CLOSED:
            done = v.final_measures or self._offer()
            paragraphs = ["经核实处理，您反映的问题已处理完毕：" + done.rstrip("。") + "。"]
            if v.follow_up_needed:
                paragraphs.append("我们的客服专员将于近期回访，了解处理效果，届时烦请拨冗接听。")
        elif v.state in APPROVED_STATES and (offer := self._offer()):
            paragraphs = ["经认真调查核实，我店提出以下处理方案：" + offer]
            if v.state == CSState.APPROVED:
                paragraphs.append("如您同意以上方案，请与我们联系确认，我们将尽快为您安排。"
                                  "如有不同意见，也请告知，我们将认真研究。")
        else:
            due = chinese_date(deadline_day(v.solution_due_at, self.zone))
            paragraphs = [f"我们正在对您反映的问题进行调查核实，将于{due}前向您答复处理方案。"]
        return [self._p(text) for text in paragraphs]

    def _contact(self) -> str:
        v = self.slip
        person = next((n for n in (v.first_response_by_name, v.received_by_name)
                       if n and n != Actor.system().display_name), "")
        parts = []
        if person:
            parts.append(f"联系人：{person}")
        if self.branch.phone:
            parts.append(f"服务电话：{self.branch.phone}")
        if self.branch.address:
            parts.append(f"地址：{self.branch.address}")
        if not parts:
            return "如有任何疑问，欢迎随时与我店联系。"
        return "如有任何疑问，欢迎随时与我们联系（" + "，".join(parts) + "），联系时请告知受理编号。"

    def _signature(self) -> list[Flowable]:
        s = self.styles
        today = chinese_date(clock.local(self.printed_at, self.zone).date())
        seal = Table([[Paragraph(markup("（盖章）"), s.label)]], colWidths=[SEAL_MM * mm],
                     rowHeights=[SEAL_MM * mm * 0.55])
        seal.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("BOX", (0, 0), (-1, -1), 0.5, HAIRLINE),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        block = Table([[self._p(self.branch.name, self.signed)], [seal], [self._p(today, self.signed)]],
                      colWidths=[SEAL_MM * mm + 40])
        block.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        block.hAlign = "RIGHT"
        return [block]


__all__ = ["ComplaintReplyForm"]
