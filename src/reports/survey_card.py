"""客户意见调查卡: the paper rating card for customers who prefer to fill it in by hand.

Why paper at all: DOMAIN.md §5 says the card goes to every customer served; some answer
on the phone, others tick boxes at delivery. The card has exactly the four items and four
levels of the phone rating (:mod:`domain.care_rules`), plus the overall satisfaction used
for CSI, so a returned card is typed in with ``CareService.record_rating`` one to one.
The QR carries the work order number: scanning it opens the order to record the card.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from domain import clock
from domain.care_rules import LEVEL_LABELS_ZH, LEVELS, RATING_ITEM_LABELS_ZH, RATING_ITEMS
from domain.services.branch import BranchView
from domain.services.workorder_views import WorkOrderView
from reports.base import BaseForm
from reports.fonts import markup, register_fonts
from reports.paper import Paper
from reports.primitives import CopySpec, Field, SectionHeading, checkbox, field_grid
from reports.styles import INK, LABEL_FILL, RULE, make_styles

OVERALL_LABEL = "总体满意度"
QUESTIONS: dict[str, str] = {
    "attitude": "服务顾问和员工接待您时的态度",
    "workmanship": "车辆维修质量、一次修复",
    "timeliness": "接车及时、按约定时间交车",
    "promises": "对您答应的事项是否办理到位",
}


class SurveyCardForm(BaseForm):
    title: ClassVar[str] = "客户意见调查卡"
    form_no: ClassVar[str] = "DD-HF-05"

    def __init__(self, branch: BranchView, order: WorkOrderView, *, paper: str | Paper = "a4",
                 printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, printed_at=printed_at)
        self.order = order
        self.styles = make_styles(7.6 if self.paper.compact else 9.5)

    def record_number(self) -> str:
        return self.order.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("工单号", self.order.number),)

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        o = self.order
        zone = self.branch.timezone
        day = clock.local(o.delivered_at or o.received_at, zone).date()
        techs = "、".join(dict.fromkeys(j.technician_name for j in o.jobs if j.technician_name))
        intro = (f"尊敬的{o.customer_name or '客户'}：感谢您光临{self.branch.name}。为了不断改进我们的服务，"
                 "请您在每项中选择一个最符合您感受的等级（在□内打“√”），并写下您的意见和建议。")
        return [
            Paragraph(markup(intro), s.body),
            Spacer(0, s.base * 0.5),
            *field_grid([Field("工单号", o.number, keep_whole=True), Field("车牌号", o.plate, keep_whole=True),
                         Field("车型", " ".join(x for x in (o.brand, o.model) if x)),
                         Field("交车日期" if o.delivered_at else "进厂日期", day.isoformat(), keep_whole=True),
                         Field("服务顾问", o.advisor_name), Field("维修技师", techs)],
                        width=self.content_width, styles=s, columns=2),
            Spacer(0, s.base * 0.6),
            SectionHeading("服务评价", s),
            self._grid(),
            Spacer(0, s.base * 0.6),
            *field_grid([Field("您的意见和建议", "", span=2,
                               write_in_mm=24 if self.paper.compact else 40),
                         Field("客户签名", "", write_in_mm=9), Field("填写日期", "　　年　　月　　日")],
                        width=self.content_width, styles=s, columns=2),
            Spacer(0, s.base * 0.4),
            Paragraph(markup("请将填好的调查卡交给服务顾问或投入服务台意见箱。您的意见将由客服专员登记，"
                             "我们将对您的个人信息严格保密。"), s.small),
        ]

    def _grid(self) -> Table:
        s = self.styles
        width = self.content_width
        first = width * 0.40
        level_w = (width - first) / len(LEVELS)
        header = [Paragraph(markup("评价项目"), s.header_cell)] + [
            Paragraph(markup(LEVEL_LABELS_ZH[level]), s.header_cell) for level in LEVELS]
        rows: list[list[object]] = [header]
        for number, item in enumerate(RATING_ITEMS, start=1):
            label = f"{number}. {RATING_ITEM_LABELS_ZH[item]}<br/><font size={s.base - 2}>{QUESTIONS[item]}</font>"
            rows.append([Paragraph(label, s.cell)] + [
                Paragraph(markup(checkbox(False, "")), s.centered) for _ in LEVELS])
        rows.append([Paragraph(markup(f"{len(RATING_ITEMS) + 1}. {OVERALL_LABEL}"), s.cell)] + [
            Paragraph(markup(checkbox(False, "")), s.centered) for _ in LEVELS])
        height = s.base * (2.9 if not self.paper.compact else 2.6)
        table = Table(rows, colWidths=[first] + [level_w] * len(LEVELS),
                      rowHeights=[s.base * 2.0] + [height] * (len(rows) - 1))
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 0.9, INK),
            ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
            ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
            ("LINEABOVE", (0, -1), (-1, -1), 0.9, INK),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]))
        table.spaceAfter = 1 * mm
        return table


__all__ = ["SurveyCardForm"]
