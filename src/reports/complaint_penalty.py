"""奖罚通知单: a penalty of the regulation (警告 / 小过 / 大过) against the person a complaint
holds responsible, in three copies: 本人 (the person), 部门 (the department), 财务 (payroll
deducts the amount).

Why three pages on plain paper: each copy goes to its own desk, so each page says which
copy it is and where it goes, in a band at the top and in the footer strip.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.lib.colors import HexColor, white
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from domain import clock
from domain.complaint_rules import PENALTY_LABELS_ZH, PenaltyGrade
from domain.services.branch import BranchView
from domain.services.complaint_views import PenaltyView
from domain.workorder_rules import yuan
from reports.base import BaseForm
from reports.complaint_slip import copy_banner
from reports.complaint_text import category_label, chinese_date, share_text, when
from reports.fonts import markup
from reports.long_text import fields_with_long_text
from reports.paper import Paper
from reports.primitives import CopySpec, Field, SectionHeading, checkbox, signature_boxes
from reports.styles import make_styles
from reports.workorder_blocks import amount_in_words

PENALTY_COPIES: tuple[CopySpec, ...] = (
    CopySpec(1, "本人联", "受处分人本人", white, "白"),
    CopySpec(2, "部门联", "所在部门存", HexColor("#F4A6B4"), "红"),
    CopySpec(3, "财务联", "财务部（从效益奖金中扣款）", HexColor("#FFE066"), "黄"),
)


def _month_text(month: str) -> str:
    return f"{month[:4]}年{int(month[5:7])}月" if len(month) == 7 else month


class PenaltyNoticeForm(BaseForm):
    title: ClassVar[str] = "奖罚通知单"
    form_no: ClassVar[str] = "DD-TS-06"
    copies = PENALTY_COPIES

    def __init__(self, branch: BranchView, penalty: PenaltyView, *, paper: str | Paper = "a4",
                 reprint_count: int = 0, printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count, printed_at=printed_at)
        self.penalty = penalty
        self.styles = make_styles(8.6 if self.paper.compact else 10.5)

    @property
    def zone(self) -> str:
        return self.penalty.branch_timezone or self.branch.timezone

    @property
    def columns(self) -> int:
        return 2 if self.paper.compact else 3

    def record_number(self) -> str:
        return self.penalty.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("编号", self.penalty.number), ("计入月份", _month_text(self.penalty.month)))

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        p = self.penalty
        width = self.content_width
        grades = "　".join(checkbox(p.grade == g.value, PENALTY_LABELS_ZH[g]) for g in PenaltyGrade)
        received = when(p.slip_received_at, self.zone, "%Y-%m-%d")
        cause = (f"投诉单 {p.slip_number}（{category_label(p.slip_category)}，客户 {p.customer_name or '—'}，"
                 f"{received} 受理）经认定为我方责任，{p.staff_name}负{share_text(p.share_bp)}责任。")
        if p.reason:
            cause += p.reason.rstrip("。") + "。"
        fields = [
            Field("姓名", p.staff_name), Field("部门", p.department or "—"),
            Field("责任比例", share_text(p.share_bp)),
            Field("奖罚类别", grades, span=self.columns),
            Field("金额", f"{yuan(p.amount_fen)} 元（大写：{amount_in_words(p.amount_fen)}）",
                  span=self.columns),
            Field("事由", cause, span=self.columns),
            Field("依据", "客户投诉处理规定：责任人员予以警告、小过或大过，金额按门店设置",
                  span=self.columns),
            Field("计入月份", _month_text(p.month)),
            Field("登记人", p.recorded_by_name),
            Field("登记时间", when(p.recorded_at, self.zone)),
        ]
        story: list[Flowable] = [copy_banner(copy, self.copies, width=width, styles=s, whole="本单"), Spacer(0, s.base * 0.3),
                                 SectionHeading("奖罚内容", s),
                                 *fields_with_long_text(fields, width=width, styles=s, columns=self.columns)]
        if copy is not None and copy.number == 3:
            story.append(Spacer(0, s.base * 0.4))
            story.append(Paragraph(markup(
                f"财务部：请于{_month_text(p.month)}效益奖金中扣除 {yuan(p.amount_fen)} 元。"), s.body))
        today = chinese_date(clock.local(self.printed_at, self.zone).date())
        story.append(KeepTogether([
            Spacer(0, s.base * 0.6),
            signature_boxes(("服务经理", "总经理", "本人签收"), width=width, styles=s,
                            height_mm=10 if self.paper.compact else 14),
            Paragraph(markup(f"{self.branch.name}　{today}"), s.small),
        ]))
        return story


__all__ = ["PENALTY_COPIES", "PenaltyNoticeForm"]
