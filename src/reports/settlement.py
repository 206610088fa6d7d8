"""结算单: the settlement statement the cashier prints and the customer signs at delivery.

It shows every line with its amount, the totals, who pays what (the customer against
warranty, insurance or a contract: the customer only signs for their own share), how the
customer paid (reversals printed as negative lines, never hidden), the next maintenance
date and mileage the advisor tells the customer (下次保养), and the delivery record.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from domain.services.branch import BranchView
from domain.services.workorder_views import WorkOrderView
from domain.workorder_rules import PAYMENT_LABELS_ZH, PaymentMethod, yuan
from reports.base import BaseForm
from reports.fonts import markup
from reports.paper import Paper
from reports.primitives import (
    CopySpec,
    Field,
    SectionHeading,
    field_grid,
    line_item_table,
    signature_boxes,
)
from reports.styles import make_styles
from reports.workorder_blocks import (
    amount_in_words,
    class_label,
    km,
    lines_table,
    payer_split_table,
    totals_table,
    when,
)

NOT_SETTLED = "（尚未结算：本单为结算预览，金额以收银结算为准）"


def payment_label(method: str) -> str:
    try:
        return PAYMENT_LABELS_ZH[PaymentMethod(method)]
    except ValueError:
        return method


class SettlementForm(BaseForm):
    title: ClassVar[str] = "结算单"
    form_no: ClassVar[str] = "DD-JS-01"

    def __init__(self, branch: BranchView, order: WorkOrderView, *, paper: str | Paper = "a4",
                 reprint_count: int = 0, printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count,
                         printed_at=printed_at)
        self.order = order
        self.styles = make_styles(7.2 if self.paper.compact else 8.4)

    def record_number(self) -> str:
        return self.order.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        settled = when(self.order.settled_at, self.branch.timezone) or "未结算"
        return (("工单号", self.order.number), ("结算", settled))

    @property
    def columns(self) -> int:
        return 2 if self.paper.compact else 3

    def story(self, copy: CopySpec | None) -> list[Flowable]:
        s = self.styles
        width = self.content_width
        o = self.order
        story: list[Flowable] = [
            SectionHeading("一、客户与车辆", s, note="" if o.settled_at else NOT_SETTLED),
            *field_grid(self._fields(), width=width, styles=s, columns=self.columns),
            CondPageBreak(s.base * 12),
            SectionHeading("二、结算明细", s, note="金额单位：元"),
            lines_table(o, width=width, styles=s),
        ]
        story.append(KeepTogether([
            SectionHeading("三、费用合计与付款方", s,
                           note="保修、保险、合同部分由相应单位结算，客户无需支付"),
            totals_table(o.totals, width=width, styles=s),
            Spacer(0, 2),
            payer_split_table(o, width=width, styles=s),
        ]))
        story.append(KeepTogether([SectionHeading("四、客户付款", s), self._payments(width)]))
        story.append(KeepTogether([
            SectionHeading("五、交车与下次保养", s, note="请按时回店保养（以先到者为准）"),
            *field_grid(self._delivery_fields(), width=width, styles=s, columns=self.columns),
            Spacer(0, s.base * 0.3),
            Paragraph(markup("本人已确认以上维修项目及费用，车辆已验收，随车物品已点清。"), s.small),
            signature_boxes(("客户（确认结算及取车）", "收银员", "服务顾问"), width=width,
                            styles=s, height_mm=8 if self.paper.compact else 11),
        ]))
        return story

    def _fields(self) -> list[Field]:
        o = self.order
        zone = self.branch.timezone
        model = " ".join(x for x in (o.brand, o.model) if x)
        fields = [
            Field("客户名称", o.customer_name),
            Field("联系电话", o.customer_mobile or o.customer_other_phone, keep_whole=True),
            Field("服务顾问", o.advisor_name),
            Field("车牌号", o.plate, keep_whole=True),
            Field("车架号(VIN)", o.vin, keep_whole=True),
            Field("品牌车型", model),
            Field("进厂时间", when(o.received_at, zone)),
            Field("进厂里程", km(o.mileage_in)),
            Field("作业分类", class_label(o.service_class)),
        ]
        if o.rework_of_number:
            fields.append(Field("返修", f"原工单 {o.rework_of_number}", span=self.columns))
        return fields

    def _payments(self, width: float) -> Flowable:
        zone = self.branch.timezone
        rows = [[payment_label(p.method), yuan(p.amount_fen),
                 ("冲销 " if p.reversal_id else "") + p.reference, when(p.at, zone),
                 p.cashier_name] for p in self.order.payments]
        paid = self.order.paid_fen
        due = self.order.totals.customer_fen
        rows.append(["实收合计", yuan(paid), f"大写：{amount_in_words(paid)}", "",
                     "已结清" if self.order.settled_at and paid == due else f"应收 {yuan(due)}"])
        return line_item_table(("付款方式", "金额(元)", "凭证号/说明", "收款时间", "收银员"), rows,
                               col_widths=[w * width for w in (0.16, 0.15, 0.33, 0.2, 0.16)],
                               styles=self.styles,
                               align=("center", "right", "left", "center", "center"),
                               row_height=self.styles.base * 1.9)

    def _delivery_fields(self) -> list[Field]:
        o = self.order
        zone = self.branch.timezone
        if o.claim_check_returned is None:
            claim = "□ 已交回　□ 未交回，原因："
        elif o.claim_check_returned:
            claim = "已交回（作废）"
        else:
            claim = f"未交回：{o.claim_check_note}"
        next_date = (f"{o.next_service_date.year}年{o.next_service_date.month:02d}月"
                     f"{o.next_service_date.day:02d}日") if o.next_service_date else "　　年　　月　　日"
        next_km = km(o.next_service_km) if o.next_service_km else "　　　　　km"
        return [
            Field("下次保养日期", next_date),
            Field("下次保养里程", next_km),
            Field("交车人", o.delivered_by_name),
            Field("交车时间", when(o.delivered_at, zone)),
            Field("出厂里程", km(o.mileage_out)),
            Field("取车凭证", claim),
        ]
