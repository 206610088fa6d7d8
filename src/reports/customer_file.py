"""客户档案基本资料表: the customer file form the counter prints and the customer signs.

Fields follow DOMAIN.md §5: who the customer is and how to reach them, one section per
vehicle (with the maintenance plan the advisor fills in by hand), the service history at
this branch, consent to be contacted, notes and signatures. The service history prints
the vehicle's real visits when the caller passes them (``history``), followed by blank
ruled rows for handwriting; without it the rows are blank, never invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import ClassVar

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from domain import clock
from domain.services.branch import BranchView
from domain.services.customers import CustomerView, VehicleView
from domain.services.workorder_views import ServiceHistoryRow
from domain.workorder_rules import state_label, yuan
from reports.base import BaseForm
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

KIND_LABELS = {"individual": "个人", "company": "单位"}
HISTORY_HEADERS = ("日期", "工单号", "进厂里程(km)", "服务项目 / 维修内容", "金额(元)", "服务顾问")
HISTORY_WIDTHS = (0.12, 0.19, 0.12, 0.35, 0.11, 0.11)
HISTORY_LIMIT = 12
"""Most recent visits printed per vehicle; older ones are in the app (the form stays short)."""
PRIVACY_NOTE = ("本表信息仅用于车辆维修保养服务、保养提醒及客户回访；未经客户同意，"
                "本店不向任何第三方提供。客户可随时要求更正或停止联系。")


def _date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month:02d}月{value.day:02d}日"


def _km(value: int | None) -> str:
    return "" if value is None else f"{value:,} km"


class CustomerFileForm(BaseForm):
    title: ClassVar[str] = "客户档案基本资料表"
    form_no: ClassVar[str] = "DD-KH-01"

    def __init__(self, branch: BranchView, customer: CustomerView, *, paper: str | Paper = "a4",
                 reprint_count: int = 0, printed_at: dt.datetime | None = None,
                 history: Mapping[str, Sequence[ServiceHistoryRow]] | None = None) -> None:
        super().__init__(branch, paper=paper, reprint_count=reprint_count,
                         printed_at=printed_at)
        self.customer = customer
        self.history: Mapping[str, Sequence[ServiceHistoryRow]] = history or {}
        """Vehicle id → its visits, newest first (``WorkOrderService.service_history``)."""

    # --- identity ------------------------------------------------------------------------
    def record_number(self) -> str:
        """Short, readable file number: branch code + the start of the customer id."""
        return f"{self.branch.code}-{self.customer.id.replace('-', '')[:8].upper()}"

    def qr_payload(self) -> str:
        """The full customer id: ``find_one`` resolves it, so a scan opens this file."""
        return self.customer.id

    def meta(self) -> tuple[tuple[str, str], ...]:
        created = clock.local(self.customer.created_at, self.branch.timezone).date()
        return (("档案号", self.record_number()), ("建档日期", _date(created)))

    # --- body ----------------------------------------------------------------------------
    def story(self, copy: CopySpec | None) -> list[Flowable]:
        width = self.content_width
        story: list[Flowable] = [
            SectionHeading("一、客户信息", self.styles),
            *field_grid(self._customer_fields(), width=width, styles=self.styles),
        ]
        vehicles = self.customer.vehicles or (None,)
        for index, vehicle in enumerate(vehicles, start=1):
            note = f"第 {index} 辆 共 {len(vehicles)} 辆" if len(vehicles) > 1 else ""
            if vehicle is None:
                note = "尚未登记车辆，请手工填写"
            story.append(CondPageBreak(70 * mm if not self.paper.compact else 55 * mm))
            story.append(SectionHeading(f"二、车辆信息{self._vehicle_title(vehicle, index)}",
                                        self.styles, note=note))
            story += field_grid(self._vehicle_fields(vehicle), width=width, styles=self.styles)
            story.append(self._maintenance_heading(index, vehicles))
            story += field_grid(self._maintenance_fields(), width=width, styles=self.styles)
            story.extend(self._history(vehicle, index, vehicles))
        story.append(KeepTogether([
            SectionHeading("五、客户确认", self.styles),
            Spacer(0, self.styles.base * 0.25),
            Paragraph(markup(PRIVACY_NOTE), self.styles.small),
            signature_boxes(("客户", "服务顾问"), width=width, styles=self.styles,
                            height_mm=9 if self.paper.compact else 13),
        ]))
        return story

    def _customer_fields(self) -> list[Field]:
        c = self.customer
        consent = "　".join((checkbox(c.consent_contact, "同意"),
                            checkbox(not c.consent_contact, "不同意")))
        id_label = "统一信用代码" if c.kind == "company" else "身份证号"
        return [
            Field("客户名称", c.name),
            Field("客户类型", KIND_LABELS.get(c.kind, c.kind)),
            Field("手机", c.mobile, keep_whole=True),
            Field("其他电话", c.other_phone, keep_whole=True),
            Field("联系地址", c.address, span=2),
            Field(id_label, c.id_number, keep_whole=True),
            Field("客户来源", c.source),
            Field("首次来店日期", _date(c.first_visit_on)),
            Field("方便联系时间", c.preferred_contact_time),
            Field("回访及提醒", consent, span=2),
            Field("备注", c.notes, span=2, write_in_mm=6 if self.paper.compact else 10),
        ]

    @staticmethod
    def _vehicle_title(vehicle: VehicleView | None, index: int) -> str:
        if vehicle is None:
            return ""
        return f"（{vehicle.plate or vehicle.vin or index}）"

    def _vehicle_fields(self, vehicle: VehicleView | None) -> list[Field]:
        if vehicle is None:
            labels = ("车牌号", "车架号(VIN)", "品牌", "车型", "年款", "颜色", "发动机号",
                      "购车日期", "当前里程", "保险到期", "年检到期", "保修截止")
            return [Field(label, write_in_mm=7) for label in labels]
        v = vehicle
        warranty = " / ".join(x for x in (_date(v.warranty_end_date), _km(v.warranty_end_km)) if x)
        return [
            Field("车牌号", v.plate, keep_whole=True),
            Field("车架号(VIN)", v.vin, keep_whole=True),
            Field("品牌", v.brand),
            Field("车型", v.model),
            Field("年款", f"{v.model_year}款" if v.model_year else ""),
            Field("颜色", v.colour),
            Field("发动机号", v.engine_no, keep_whole=True),
            Field("购车日期", _date(v.purchase_date)),
            Field("当前里程", _km(v.mileage_km) if v.mileage_km else ""),
            Field("保险到期", _date(v.insurance_expiry)),
            Field("年检到期", _date(v.inspection_due)),
            Field("保修截止", warranty, keep_whole=True),
        ]

    def _maintenance_heading(self, index: int,
                             vehicles: tuple[VehicleView, ...] | tuple[None]) -> Flowable:
        suffix = f"（第 {index} 辆）" if len(vehicles) > 1 else ""
        return SectionHeading(f"三、保养计划与服务需求{suffix}", self.styles,
                              note="由服务顾问与客户确认后填写")

    def _maintenance_fields(self) -> list[Field]:
        tall = 6 if self.paper.compact else 11
        return [
            Field("已做服务项目", span=2, write_in_mm=tall),
            Field("保养间隔", "　　　　　公里　或　　　　个月（以先到者为准）", span=2),
            Field("下次保养日期", "　　　　年　　月　　日"),
            Field("下次保养里程", "　　　　　　　　km"),
            Field("客户服务需求", span=2, write_in_mm=tall),
        ]

    def _history(self, vehicle: VehicleView | None, index: int,
                 vehicles: tuple[VehicleView, ...] | tuple[None]) -> list[Flowable]:
        width = self.content_width
        suffix = f"（第 {index} 辆）" if len(vehicles) > 1 else ""
        rows = 3 if self.paper.compact else 5
        if len(vehicles) > 1:
            rows = 3
        visits = self._visits(vehicle)
        note = ""
        if vehicle is not None and len(self.history.get(vehicle.id, ())) > len(visits):
            note = f"最近 {len(visits)} 次，共 {len(self.history[vehicle.id])} 次"
        table = line_item_table(
            HISTORY_HEADERS, visits, col_widths=[w * width for w in HISTORY_WIDTHS],
            styles=self.styles, blank_rows=max(1 if self.paper.compact else 2, rows - len(visits)),
            align=("center", "left", "right", "left", "right", "center"), keep_whole=(1,),
            row_height=self.styles.base * (2.1 if self.paper.compact else 2.4),
        )
        heading = SectionHeading(f"四、本店服务记录{suffix}", self.styles, note=note)
        if len(visits) > 4:  # a long history may split; its header row repeats
            return [CondPageBreak(self.styles.base * 10), heading, table]
        return [KeepTogether([heading, table])]

    def _visits(self, vehicle: VehicleView | None) -> list[list[str]]:
        """Printed rows of the vehicle's visits: cancelled orders are no service, left out."""
        if vehicle is None:
            return []
        rows = []
        for visit in self.history.get(vehicle.id, ())[:HISTORY_LIMIT]:
            if visit.state == "cancelled":
                continue
            day = clock.local(visit.received_at, self.branch.timezone).date()
            work = visit.work_done or visit.customer_words
            if visit.rework_of_number:
                work = f"【返修 {visit.rework_of_number}】{work}"
            if visit.state not in ("settled", "delivered"):
                work += f"（{state_label(visit.state)}）"
            rows.append([day.isoformat(), visit.number, f"{visit.mileage_in:,}", work,
                         yuan(visit.total_fen), visit.advisor_name])
        return rows
