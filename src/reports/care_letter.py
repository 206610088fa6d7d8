"""Letters of customer care printed from templates (跟踪服务信函): maintenance reminder
(保养提醒函), event invitation (活动邀请函), contract expiry notice (保养到期通知书); the
complaint reply is :class:`reports.complaint_reply.ComplaintReplyForm`, reached through
the same entry point under the template key ``complaint-reply``.

Why templates and not free text: DOMAIN.md §5 asks that a letter follows a phone call
within two days and that every letter is registered; a fixed wording per kind keeps the
letters consistent and lets the register name the template. The form takes a
:class:`LetterData` built from read models (:func:`letter_data_for`), never a Session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from domain import clock
from domain.care_rules import LETTER_TEMPLATE_LABELS_ZH, LetterTemplate
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.care import LetterInput
from domain.services.care_views import ContractView, ReminderRow
from domain.services.complaint_views import ComplaintView
from domain.services.customers import CustomerView
from domain.services.registry import Services
from reports.base import BaseForm
from reports.complaint_reply import ComplaintReplyForm
from reports.complaint_text import chinese_date
from reports.fonts import markup, register_fonts
from reports.paper import Paper
from reports.primitives import CopySpec, Field, field_grid
from reports.styles import HAIRLINE, make_styles

TEMPLATE_KEYS: dict[str, LetterTemplate] = {
    "maintenance-reminder": LetterTemplate.MAINTENANCE_REMINDER,
    "event-invitation": LetterTemplate.EVENT_INVITATION,
    "contract-expiry": LetterTemplate.CONTRACT_EXPIRY,
    "complaint-reply": LetterTemplate.COMPLAINT_REPLY,
}
"""The command line's template names (hyphenated) and the register's template codes."""
TITLES: dict[LetterTemplate, str] = {
    LetterTemplate.MAINTENANCE_REMINDER: "保养提醒函",
    LetterTemplate.EVENT_INVITATION: "活动邀请函",
    LetterTemplate.CONTRACT_EXPIRY: "保养到期通知书",
}
FORM_NUMBERS: dict[LetterTemplate, str] = {
    LetterTemplate.MAINTENANCE_REMINDER: "DD-HF-01",
    LetterTemplate.EVENT_INVITATION: "DD-HF-02",
    LetterTemplate.CONTRACT_EXPIRY: "DD-HF-03",
}
CODES: dict[LetterTemplate, str] = {
    LetterTemplate.MAINTENANCE_REMINDER: "BY",
    LetterTemplate.EVENT_INVITATION: "HD",
    LetterTemplate.CONTRACT_EXPIRY: "HT",
}
SEAL_MM = 38.0


def template_of(key: str) -> LetterTemplate:
    """``maintenance-reminder`` or ``maintenance_reminder`` → the template; ValueError else."""
    if key in TEMPLATE_KEYS:
        return TEMPLATE_KEYS[key]
    return LetterTemplate(key)


@dataclass(frozen=True)
class LetterData:
    """What a care letter says about one customer and vehicle."""

    addressee: str
    address: str = ""
    customer_id: str | None = None
    vehicle_id: str | None = None
    plate: str = ""
    vehicle_model: str = ""
    vin: str = ""
    due_on: dt.date | None = None  # maintenance due, contract end, or the event's day
    due_km: int | None = None
    detail: str = ""  # the reminder's detail line
    contract_number: str = ""
    event_title: str = "车辆免费检测服务活动"
    event_time: str = ""  # e.g. "上午9:00—下午5:00"
    event_place: str = ""
    sender: str = ""  # the clerk who signs as contact
    letter_date: dt.date | None = None

    def subject(self, template: LetterTemplate) -> str:
        """The register's 事由 line."""
        vehicle = f"（{self.plate}）" if self.plate else ""
        if template == LetterTemplate.EVENT_INVITATION:
            return f"{self.event_title}邀请{vehicle}"
        return f"{LETTER_TEMPLATE_LABELS_ZH[template]}{vehicle}"


def letter_data_for(template: LetterTemplate, customer: CustomerView, *,
                    reminders: Sequence[ReminderRow] = (), contracts: Sequence[ContractView] = (),
                    today: dt.date | None = None, sender: str = "", event_on: dt.date | None = None,
                    event_title: str = "", event_place: str = "", event_time: str = "") -> LetterData:
    """The letter's facts from the customer file, the reminder list and the contracts.

    The vehicle is the one the matching reminder is about (the soonest), else the
    customer's first; the contract the one ending soonest that has not ended yet.
    """
    today = today or clock.today()
    vehicles = {v.id: v for v in customer.vehicles}
    kind = {LetterTemplate.MAINTENANCE_REMINDER: "maintenance",
            LetterTemplate.CONTRACT_EXPIRY: "contract"}.get(template)
    matching = sorted((r for r in reminders if r.customer_id == customer.id and r.kind == kind),
                      key=lambda r: r.due_on)
    reminder = matching[0] if matching else None
    vehicle = vehicles.get(reminder.vehicle_id) if reminder else None
    if vehicle is None and customer.vehicles:
        vehicle = customer.vehicles[0]
    due_on: dt.date | None = reminder.due_on if reminder else None
    number = ""
    if template == LetterTemplate.CONTRACT_EXPIRY:
        live = sorted((c for c in contracts if c.customer_id == customer.id and c.ends_on >= today),
                      key=lambda c: c.ends_on)
        if live:
            due_on, number = live[0].ends_on, live[0].number
            if live[0].vehicle_id in vehicles:
                vehicle = vehicles[live[0].vehicle_id]
    if template == LetterTemplate.EVENT_INVITATION:
        due_on = event_on
    return LetterData(
        addressee=customer.name, address=customer.address, customer_id=customer.id,
        vehicle_id=vehicle.id if vehicle else None, plate=vehicle.plate if vehicle else "",
        vehicle_model=" ".join(x for x in ((vehicle.brand, vehicle.model) if vehicle else ()) if x),
        vin=vehicle.vin if vehicle else "", due_on=due_on,
        detail=reminder.detail if reminder else "", contract_number=number,
        event_title=event_title or LetterData.event_title, event_time=event_time,
        event_place=event_place, sender=sender, letter_date=today)


class CareLetterForm(BaseForm):
    """One care letter; ``template`` ``complaint-reply`` prints the complaint reply form."""

    title: ClassVar[str] = "跟踪服务信函"
    form_no: ClassVar[str] = "DD-HF-00"

    def __init__(self, branch: BranchView, letter_data: LetterData | ComplaintView, template: str, *,
                 paper: str | Paper = "a4", printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.template = template_of(template)
        if self.template == LetterTemplate.OTHER:
            raise ValueError(template)
        if (self.template == LetterTemplate.COMPLAINT_REPLY) != isinstance(letter_data, ComplaintView):
            raise TypeError("the complaint reply prints a ComplaintView, other letters LetterData")
        self.data = letter_data
        if isinstance(letter_data, LetterData):
            self.title = TITLES[self.template]  # type: ignore[misc]
            self.form_no = FORM_NUMBERS[self.template]  # type: ignore[misc]
        self.styles = make_styles(8.6 if self.paper.compact else 10.5)
        self.letter = self.styles.body.clone("dd-care-letter", leading=self.styles.base * 1.75,
                                             firstLineIndent=self.styles.base * 2)
        self.plain = self.styles.body.clone("dd-care-plain", leading=self.styles.base * 1.75)
        self.signed = self.plain.clone("dd-care-signed", alignment=TA_RIGHT)

    def render(self) -> bytes:
        if isinstance(self.data, ComplaintView):  # one reply letter in the whole app
            return ComplaintReplyForm(self.branch, self.data, paper=self.paper,
                                      printed_at=self.printed_at).render()
        return super().render()

    @property
    def _letter(self) -> LetterData:
        assert isinstance(self.data, LetterData)
        return self.data

    @property
    def _date(self) -> dt.date:
        return self._letter.letter_date or clock.local(self.printed_at, self.branch.timezone).date()

    def record_number(self) -> str:
        if isinstance(self.data, ComplaintView):
            return self.data.number
        tail = f"-{self._letter.plate}" if self._letter.plate else ""
        return f"{self.branch.code}-{CODES[self.template]}-{self._date:%Y%m%d}{tail}"

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("日期", self._date.isoformat()),)

    def _p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup(text), style or self.letter)

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        d = self._letter
        s = self.styles
        gap = Spacer(0, s.base * 0.6)
        story: list[Flowable] = [Spacer(0, s.base)]
        if d.address:
            story.append(self._p(f"地址：{d.address}", s.small))
        story += [self._p(f"尊敬的{d.addressee or '客户'}：", self.plain), gap]
        story += [self._p(text) for text in self._body()]
        story += [gap, *field_grid(self._facts(), width=self.content_width, styles=s, columns=2,
                                   label_width=s.label.fontSize * 6 + 8), gap]
        story += [self._p(text) for text in self._closing()]
        story += [Spacer(0, s.base * 1.5), KeepTogether(self._signature())]
        return story

    def _vehicle(self) -> str:
        d = self._letter
        text = "、".join(x for x in (d.plate, d.vehicle_model) if x)
        return f"您的爱车（{text}）" if text else "您的爱车"

    def _body(self) -> list[str]:
        d = self._letter
        due = chinese_date(d.due_on) if d.due_on else ""
        if self.template == LetterTemplate.MAINTENANCE_REMINDER:
            when = f"将于{due}前后" if due else "近期"
            first = (f"感谢您一直以来对{self.branch.name}的信任与支持。根据保养周期，{self._vehicle()}"
                     f"{when}到达下次保养时间（以日期或里程先到者为准）。")
            if d.detail:
                first += f"（{d.detail.rstrip('。')}。）"
            return [first, "按时保养能让车辆保持良好状态、延长使用寿命，并保障您的行车安全。"
                    "请您提前致电预约，我们将为您安排专属服务顾问，减少等候时间。"]
        if self.template == LetterTemplate.EVENT_INVITATION:
            when = due or "近期"
            place = d.event_place or self.branch.address or "我店"
            return [f"感谢您一直以来对{self.branch.name}的信任与支持。为回馈广大客户，我店定于{when}"
                    f"{d.event_time}在{place}举办“{d.event_title}”，诚挚邀请您届时光临。",
                    f"活动期间将由专业技师为{self._vehicle().removeprefix('您的')}进行免费检查，"
                    "并为您解答用车中的问题。为便于安排，请您提前致电预约。"]
        contract = f"（合同编号：{d.contract_number}）" if d.contract_number else ""
        until = f"将于{due}到期" if due else "即将到期"
        return [f"感谢您选择{self.branch.name}的维修保养服务。您与我店签订的维修保养合同{contract}{until}。"
                f"为保证{self._vehicle()}持续享有定期保养服务，请您在合同到期前与我们联系办理续约手续。",
                "合同到期后，未使用的服务项目将按合同约定处理；如有疑问，欢迎来电咨询。"]

    def _facts(self) -> list[Field]:
        d = self._letter
        fields = [Field("车牌号", d.plate, keep_whole=True), Field("车型", d.vehicle_model)]
        if d.vin:
            fields.append(Field("车架号", d.vin, span=2, keep_whole=True))
        label = {LetterTemplate.MAINTENANCE_REMINDER: "保养到期日",
                 LetterTemplate.EVENT_INVITATION: "活动日期",
                 LetterTemplate.CONTRACT_EXPIRY: "合同到期日"}[self.template]
        fields.append(Field(label, d.due_on.isoformat() if d.due_on else "", keep_whole=True))
        if self.template == LetterTemplate.CONTRACT_EXPIRY:
            fields.append(Field("合同编号", d.contract_number, keep_whole=True))
        elif self.template == LetterTemplate.MAINTENANCE_REMINDER:
            fields.append(Field("保养里程", f"{d.due_km} 公里" if d.due_km else ""))
        else:
            fields.append(Field("活动时间", d.event_time))
        return fields

    def _closing(self) -> list[str]:
        d = self._letter
        parts = []
        if d.sender:
            parts.append(f"联系人：{d.sender}")
        if self.branch.phone:
            parts.append(f"预约电话：{self.branch.phone}")
        if self.branch.address:
            parts.append(f"地址：{self.branch.address}")
        contact = ("（" + "，".join(parts) + "）") if parts else ""
        return [f"如有任何疑问，欢迎随时与我们联系{contact}。", "祝您用车愉快，出行平安！"]

    def _signature(self) -> list[Flowable]:
        s = self.styles
        seal = Table([[Paragraph(markup("（盖章）"), s.label)]], colWidths=[SEAL_MM * mm],
                     rowHeights=[SEAL_MM * mm * 0.55])
        seal.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("BOX", (0, 0), (-1, -1), 0.5, HAIRLINE),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        block = Table([[self._p(self.branch.name, self.signed)], [seal],
                       [self._p(chinese_date(self._date), self.signed)]], colWidths=[SEAL_MM * mm + 40])
        block.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        block.hAlign = "RIGHT"
        return [block]


@dataclass(frozen=True)
class PreparedLetter:
    """A rendered letter and its line for the letters register (registered by the caller
    once the letter is really out: written to a file, or shown for printing)."""

    pdf: bytes
    entry: LetterInput
    file_name: str


def prepare_letter(services: Services, actor: Actor, template_key: str, key: str, *, paper: str = "a4",
                   event_on: dt.date | None = None, event_title: str = "", event_place: str = "",
                   event_time: str = "") -> PreparedLetter:
    """The command line's and the care page's one path from (template, key) to a letter.

    ``key`` is the customer's mobile, plate, VIN or id; for the complaint reply the
    complaint number. Raises the services' NotFound errors for an unknown key.
    """
    template = template_of(template_key)
    branch = services.branches.current()
    if template == LetterTemplate.COMPLAINT_REPLY:
        slip = services.complaints.get(actor, key)
        pdf = CareLetterForm(branch, slip, template.value, paper=paper).render()
        entry = LetterInput(addressee=slip.customer_name or "客户", subject=f"投诉答复函 {slip.number}",
                            template=template.value, customer_id=slip.customer_id or None,
                            vehicle_id=slip.vehicle_id or None, related_key=slip.number)
        return PreparedLetter(pdf, entry, f"投诉答复函_{slip.number}.pdf")
    care = services.care
    customer = services.customers.find_one(actor, key)
    data = letter_data_for(template, customer, reminders=care.reminders(actor),
                           contracts=care.contracts(actor, customer.id), sender=actor.display_name,
                           today=clock.today(branch.timezone), event_on=event_on, event_title=event_title,
                           event_place=event_place, event_time=event_time)
    pdf = CareLetterForm(branch, data, template.value, paper=paper).render()
    entry = LetterInput(addressee=data.addressee, subject=data.subject(template), template=template.value,
                        customer_id=data.customer_id, vehicle_id=data.vehicle_id, address=data.address,
                        related_key=data.contract_number or data.plate)
    name = f"{TITLES[template]}_{customer.name}_{data.plate or customer.mobile}.pdf"
    return PreparedLetter(pdf, entry, name)


__all__ = ["TEMPLATE_KEYS", "CareLetterForm", "LetterData", "PreparedLetter", "letter_data_for",
           "prepare_letter", "template_of"]
