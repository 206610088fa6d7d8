"""投诉处理催办单 and 投诉处理洽办单: the numbered notes that chase a complaint's deadline
and ask another department to take part (issue 15).

Why on paper: the department that holds a late slip signs the 催办单 and writes down why
it is late; the reason then goes into the slip (超期原因) and the monthly statistics. The
洽办单 carries a matter to another department and comes back with its answer. Both name
the slip, carry a QR code of their own number and leave write-in boxes for the answer; a
reason already recorded prints in its box.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from domain import clock
from domain.complaint_rules import DEADLINE_LABELS_ZH
from domain.services.branch import BranchView
from domain.services.complaint_views import NoticeView
from reports.base import BaseForm
from reports.complaint_text import category_label, chinese_date, deadline_day, span_text, when
from reports.fonts import markup
from reports.long_text import fields_with_long_text
from reports.paper import Paper
from reports.primitives import CopySpec, Field, SectionHeading, signature_boxes
from reports.styles import make_styles

WRITE_IN_MM = 36.0
"""Room for the answer written by hand (reason, the other department's view); less on A5."""
BLANK_DATE = "　　　　年　　月　　日"


class _NoticeForm(BaseForm):
    """The frame both notes share: addressee line, the slip's facts, the matter, a box for
    the answer and the signatures."""

    heading: ClassVar[str]
    answer_label: ClassVar[str]
    answer_note: ClassVar[str]
    signers: ClassVar[tuple[str, str]]

    def __init__(self, branch: BranchView, notice: NoticeView, *, paper: str | Paper = "a4",
                 reprint_count: int = 0, printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count, printed_at=printed_at)
        self.notice = notice
        self.styles = make_styles(8.4 if self.paper.compact else 10.0)

    @property
    def zone(self) -> str:
        return self.notice.branch_timezone or self.branch.timezone

    @property
    def columns(self) -> int:
        return 2 if self.paper.compact else 3

    def record_number(self) -> str:
        return self.notice.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("编号", self.notice.number), ("投诉单号", self.notice.slip_number))

    def addressee(self) -> str:
        n = self.notice
        whom = "".join(p for p in (n.to_department, f"（{n.to_name}）" if n.to_name else "") if p)
        return f"致：{whom or '＿＿＿＿＿＿＿＿部门'}"

    def facts(self) -> list[Field]:
        n = self.notice
        return [
            Field("投诉单号", n.slip_number, keep_whole=True),
            Field("受理时间", when(n.received_at, self.zone)),
            Field("投诉类别", category_label(n.category)),
            Field("客户", n.customer_name),
            Field("车牌号", n.plate, keep_whole=True),
            Field("责任部门", n.responsible_department or "—"),
        ]

    def specific(self) -> list[Field]:
        """The fields of this kind of note (deadline and lateness, or the reply day)."""
        return []

    def answer(self) -> str:
        return ""

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        n = self.notice
        width = self.content_width
        issued = f"{n.issued_by_name}　{when(n.issued_at, self.zone)}".strip("　")
        fields = [*self.facts(), *self.specific(),
                  Field("发出部门", n.from_department), Field("发出人", issued, span=self.columns - 1)]
        story: list[Flowable] = [
            Paragraph(markup(self.addressee()), s.body), Spacer(0, s.base * 0.4),
            SectionHeading("一、" + self.heading, s),
            *fields_with_long_text(fields, width=width, styles=s, columns=self.columns),
            *fields_with_long_text([Field("事项", n.matter, span=self.columns)], width=width, styles=s,
                                   columns=self.columns),
        ]
        answer = self.answer()
        box = [SectionHeading("二、" + self.answer_label, s, note=self.answer_note),
               *fields_with_long_text(
                   [Field(self.answer_label, answer, span=self.columns,
                          write_in_mm=0 if answer else WRITE_IN_MM * (0.6 if self.paper.compact else 1)),
                    Field("完成日期", BLANK_DATE, span=self.columns)],
                   width=width, styles=s, columns=self.columns)]
        story.append(KeepTogether(box))
        story.append(KeepTogether([
            Spacer(0, s.base * 0.4),
            signature_boxes(self.signers, width=width, styles=s, height_mm=10 if self.paper.compact else 14),
            Paragraph(markup(self.footnote()), s.small),
        ]))
        return story

    def footnote(self) -> str:
        return ""


class ComplaintUrgeForm(_NoticeForm):
    """投诉处理催办单: a deadline of the slip is late (or about to be), to the holder."""

    title: ClassVar[str] = "投诉处理催办单"
    form_no: ClassVar[str] = "DD-TS-04"
    heading = "催办事项"
    answer_label = "超期原因"
    answer_note = "由被催办部门填写，签字后交回服务部"
    signers = ("被催办部门负责人", "催办人")

    def specific(self) -> list[Field]:
        n = self.notice
        kind = DEADLINE_LABELS_ZH.get(n.deadline, n.deadline)
        due = ""
        if n.due_at is not None:
            due = f"{deadline_day(n.due_at, self.zone):%Y-%m-%d} 24:00"
            if n.deadline == "response":  # an exact hour, not the end of a day
                due = when(n.due_at, self.zone)
        if n.due_at is None:
            return [Field("催办期限", kind), Field("期限", due)]
        if n.seconds_late > 0:  # as it stood when the note was issued
            return [Field("催办期限", kind), Field("期限", due), Field("已超期", span_text(n.seconds_late))]
        left = span_text(int((n.due_at - n.issued_at).total_seconds()))
        return [Field("催办期限", kind), Field("期限", due), Field("尚余", left)]

    def answer(self) -> str:
        return self.notice.reason

    def footnote(self) -> str:
        return "请即办理，并于本单写明超期原因后当日交回服务部；超期原因记入投诉单，列入月度投诉统计。"


class ComplaintCoordinateForm(_NoticeForm):
    """投诉处理洽办单: another department is asked to take part in handling the slip."""

    title: ClassVar[str] = "投诉处理洽办单"
    form_no: ClassVar[str] = "DD-TS-05"
    heading = "洽办事项"
    answer_label = "答复意见"
    answer_note = "由受文部门填写，签字后交回发文部门"
    signers = ("发文部门负责人", "受文部门负责人")

    def specific(self) -> list[Field]:
        n = self.notice
        reply = chinese_date(n.reply_by) + "前" if n.reply_by else BLANK_DATE + "前"
        return [Field("受文部门", n.to_department or ""), Field("受文人", n.to_name),
                Field("答复期限", reply)]

    def footnote(self) -> str:
        today = chinese_date(clock.local(self.notice.issued_at, self.zone).date())
        return f"本单于{today}发出；请受文部门于答复期限前签署意见，交回发文部门。"


__all__ = ["ComplaintCoordinateForm", "ComplaintUrgeForm"]
