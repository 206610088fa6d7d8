"""维修委托书: the work order the customer signs at reception, in copies (联).

What it carries follows DOMAIN.md §3: reception (time, mileage, fuel, the customer's own
words, the walk-around inspection), the lines, the estimate and the customer's approval
(a signature box, or the phone approval with time and person), added work (增项), and the
signatures. By default two copies (setting ``workorder.copies``): 第一联 存根联 stays at
the counter, 第二联 客户联 is the customer's claim check (取车凭证) taken back at delivery.
On 241 mm multi-part paper one impact prints every copy, so the body is laid out once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from domain.services.branch import BranchView
from domain.services.workorder_views import WorkOrderView
from domain.settings_defaults import DEFAULTS, WORKORDER_COPIES
from domain.workorder_rules import yuan
from reports.base import BaseForm
from reports.fonts import markup, register_fonts
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
from reports.styles import INK, RULE, make_styles
from reports.workorder_blocks import (
    CarOutline,
    amount_in_words,
    class_label,
    fuel,
    km,
    lines_table,
    mark,
    outline_size,
    payer_label,
    payer_split_table,
    totals_table,
    when,
)

STUB = CopySpec(1, "存根联", "门店留存", HexColor("#ffffff"), "白")
CUSTOMER = CopySpec(2, "客户联", "客户 · 取车凭证", HexColor("#f8d7da"), "红")
WORKSHOP = CopySpec(3, "车间联", "维修车间", HexColor("#fff3c4"), "黄")
FINANCE = CopySpec(4, "财务联", "财务部", HexColor("#d6e6f7"), "蓝")
ALL_COPIES: tuple[CopySpec, ...] = (STUB, CUSTOMER, WORKSHOP, FINANCE)

CLAIM_CHECK_NOTE = "本联为取车凭证，凭此联取车，请妥善保管；交车时收回作废。"
TERMS = (
    "1. 估价仅供参考，以实际结算为准；施工中发现须追加的项目，经客户再次确认（增项确认）后方可施工。"
    "2. 车内贵重物品请客户取走，未在本单登记的物品本店不承担保管责任。"
    "3. 第二联（客户联）为取车凭证，取车时交回；遗失须凭有效证件登记后取车。"
)
APPROVAL_METHODS = {"signature": "客户签字确认", "phone": "电话确认"}


def work_order_copies(count: int | None = None) -> tuple[CopySpec, ...]:
    """The copies for the ``workorder.copies`` setting: 存根联, 客户联, then 车间联, 财务联."""
    wanted = int(DEFAULTS[WORKORDER_COPIES]) if count is None else count
    wanted = max(1, min(wanted, len(ALL_COPIES)))
    return ALL_COPIES[:wanted]


class WorkOrderForm(BaseForm):
    title: ClassVar[str] = "维修委托书"
    form_no: ClassVar[str] = "DD-WX-01"

    def __init__(self, branch: BranchView, order: WorkOrderView, *, paper: str | Paper = "a4",
                 copies: Sequence[CopySpec] | None = None, reprint_count: int = 0,
                 printed_at: dt.datetime | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count,
                         printed_at=printed_at)
        self.order = order
        self.copies = tuple(copies) if copies is not None else work_order_copies()
        # a denser body than the customer file: one order fits one sheet per copy
        self.styles = make_styles(7.2 if self.paper.compact else 7.8 if self.paper.multipart
                                  else 8.2)

    def record_number(self) -> str:
        return self.order.number

    def meta(self) -> tuple[tuple[str, str], ...]:
        return (("工单号", self.order.number),
                ("接车", when(self.order.received_at, self.branch.timezone)))

    @property
    def zone(self) -> str:
        return self.branch.timezone

    @property
    def columns(self) -> int:
        return 2 if self.paper.compact else 3

    # --- body ----------------------------------------------------------------------------
    def story(self, copy: CopySpec | None) -> list[Flowable]:
        width = self.content_width
        s = self.styles
        story: list[Flowable] = [self._copy_banner(copy)] if self.copies else []
        story += [SectionHeading("一、客户与车辆", s),
                  *field_grid(self._vehicle_fields(), width=width, styles=s, columns=self.columns)]
        story += [SectionHeading("二、接车信息", s),
                  *field_grid(self._reception_fields(), width=width, styles=s,
                              columns=self.columns)]
        story += [SectionHeading("三、环车检查", s, note="外观损伤在图上标号；贵重物品请客户取走"),
                  self._inspection()]
        heading = SectionHeading("四、维修项目与配件", s, note=f"共 {self._line_count()} 项")
        heading.keepWithNext = False  # a long table starts here and splits, never jumps a page
        story += [CondPageBreak(s.base * 12), heading,
                  lines_table(self.order, width=width, styles=s,
                              blank_rows=0 if self._line_count() else 2)]
        story.append(KeepTogether([
            SectionHeading("五、费用合计与估价确认", s, note="金额单位：元"),
            totals_table(self.order.totals, width=width, styles=s),
            Spacer(0, 2),
            payer_split_table(self.order, width=width, styles=s),
            *self._approval(width),
        ]))
        if self.order.supplementaries:
            story.append(KeepTogether(self._supplementaries(width)))
        story.append(KeepTogether([
            Spacer(0, s.base * 0.3),
            Paragraph(markup(TERMS), s.small),
            signature_boxes(("客户（确认委托）", "服务顾问", "客户（取车）"), width=width,
                            styles=s, height_mm=8 if self.paper.compact or self.paper.multipart else 10),
        ]))
        return story

    def _line_count(self) -> int:
        o = self.order
        return len(o.labour) + len(o.parts) + len(o.sundries)

    def _copy_banner(self, copy: CopySpec | None) -> Table:
        """Which copy this is and where it goes; the customer's copy says it is the voucher."""
        s = self.styles
        if copy is None:
            names = "　".join(f"{c.label}（{c.destination}）" for c in self.copies)
            text = f"本单一式 {len(self.copies)} 联：{names}"
            if any(c.number == CUSTOMER.number for c in self.copies):
                text += "。客户联为取车凭证，交车时收回作废。"
            fill = HexColor("#ffffff")
        else:
            text = f"{copy.label}　→ {copy.destination}"
            if copy.number == CUSTOMER.number:
                text += f"　{CLAIM_CHECK_NOTE}"
            fill = copy.colour
        table = Table([[Paragraph(markup(text), s.body)]], colWidths=[self.content_width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("BOX", (0, 0), (-1, -1), 0.9, INK),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        return table

    def _vehicle_fields(self) -> list[Field]:
        o = self.order
        phones = " / ".join(p for p in (o.customer_mobile, o.customer_other_phone) if p)
        model = " ".join(x for x in (o.brand, o.model) if x)
        return [
            Field("客户名称", o.customer_name),
            Field("联系电话", phones, keep_whole=True),
            Field("服务顾问", o.advisor_name),
            Field("车牌号", o.plate, keep_whole=True),
            Field("车架号(VIN)", o.vin, keep_whole=True),
            Field("品牌车型", model),
            Field("发动机号", o.engine_no, keep_whole=True),
            Field("车身颜色", o.colour),
            Field("联系地址", o.customer_address),
        ]

    def _reception_fields(self) -> list[Field]:
        o = self.order
        mileage = km(o.mileage_in)
        if o.mileage_reason:
            mileage += f"（{o.mileage_reason}）"
        payer = payer_label(o.payer) + (f"（{o.payer_name}）" if o.payer_name else "")
        fields = [
            Field("进厂时间", when(o.received_at, self.zone)),
            Field("进厂里程", mileage),
            Field("燃油存量", fuel(o.fuel_level)),
            Field("作业分类", class_label(o.service_class)),
            Field("付款方", payer),
            Field("预计交车", when(o.promised_at, self.zone)),
        ]
        if o.rework_of_number:
            fields.append(Field("返修", f"原工单 {o.rework_of_number}", span=self.columns))
        fields.append(Field("客户描述", o.customer_words, span=self.columns,
                            write_in_mm=0 if o.customer_words else 8))
        return fields

    def _inspection(self) -> Table:
        o = self.order
        s = self.styles
        outline_w, outline_h = outline_size(s)
        marks = "　".join(f"{mark(i)} {item.area} {item.damage}{('（' + item.note + '）') if item.note else ''}"
                         for i, item in enumerate(o.inspection, start=1))
        kit = "　".join((checkbox(o.spare_tyre, "备胎"), checkbox(o.tools_present, "随车工具"),
                        checkbox(not o.spare_tyre, "无备胎"), checkbox(not o.tools_present, "无工具")))
        right: list[Flowable] = [
            Paragraph(markup("外观损伤：" + (marks or "无（客户确认车身无明显损伤）")), s.body),
            Spacer(0, 2),
            Paragraph(markup(f"车内贵重物品：{o.valuables or '无'}"), s.body),
            Spacer(0, 2),
            Paragraph(markup(f"备胎及工具：{kit}"), s.body),
        ]
        table = Table([[CarOutline(o.inspection, outline_w, outline_h), right]],
                      colWidths=[outline_w + 6, self.content_width - outline_w - 6])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (0, 0), (-1, -1), 0.9, INK),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    def _approval(self, width: float) -> list[Flowable]:
        o = self.order
        s = self.styles
        estimate = (f"估价金额：{yuan(o.estimate_fen)} 元（大写：{amount_in_words(o.estimate_fen)}）"
                    f"　当前合计：{yuan(o.totals.total_fen)} 元")
        story: list[Flowable] = [Spacer(0, 2), Paragraph(markup(estimate), s.body)]
        if o.approval_method == "phone" and o.approved_at is not None:
            hhmm = when(o.approved_at, self.zone, "%H:%M")
            day = when(o.approved_at, self.zone, "%Y-%m-%d")
            text = f"电话确认 {hhmm} 由 {o.approved_by_name} 确认（{day}，记录人：{o.advisor_name}）"
            story.append(Paragraph(markup(text), s.body))
        elif o.approved_at is not None:
            who = f"，确认人：{o.approved_by_name}" if o.approved_by_name else ""
            story.append(Paragraph(markup(
                f"客户已于 {when(o.approved_at, self.zone)} 签字确认估价{who}（见下方客户签字）"), s.body))
        else:
            story.append(Paragraph(markup("□ 客户同意以上维修项目及估价，请在下方“客户（确认委托）”处签字。"
                                          "　□ 电话确认：　　时　　分 由＿＿＿＿确认"), s.body))
        return story

    def _supplementaries(self, width: float) -> list[Flowable]:
        s = self.styles
        rows = []
        for sup in self.order.supplementaries:
            how = APPROVAL_METHODS.get(sup.method, sup.method)
            if sup.method == "phone":
                how = f"电话确认 {when(sup.approved_at, self.zone, '%H:%M')} 由 {sup.approved_by_name} 确认"
            rows.append([sup.description, yuan(sup.amount_fen), how,
                         when(sup.approved_at, self.zone), ""])
        return [
            SectionHeading("六、增项确认", s, note="追加项目须经客户再次确认"),
            line_item_table(("增项内容", "金额(元)", "确认方式", "确认时间", "客户签字"), rows,
                            col_widths=[w * width for w in (0.34, 0.12, 0.24, 0.16, 0.14)],
                            styles=s, align=("left", "right", "left", "center", "left"),
                            row_height=s.base * 2.2),
        ]
