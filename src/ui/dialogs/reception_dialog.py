"""接车开单 (reception): the work order's first page, filled while walking round the car.

Why the two questions: a vehicle that already has an open order only gets a second one
after the advisor confirms it (the domain refuses first), and a mileage below the last
recorded one is kept only with a reason (e.g. odometer replaced) — the reason box opens
next to the mileage instead of the number being silently accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from domain import clock
from domain.errors import Conflict, DomainError, ValidationErrors
from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import InspectionItem, WorkOrderView
from domain.services.workorders import ReceptionInput
from domain.workorder_rules import (
    DEFAULT_PAYER,
    PAYER_LABELS,
    SERVICE_CLASS_LABELS,
    Payer,
    ServiceClass,
)
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language
from ui.widgets.amounts import number_edit, parse_fen, parse_scaled, scaled_text
from ui.widgets.branch_datetime import BranchDateTimeEdit

# The walk-around sheet's areas (环车检查), front to back, left and right.
CAR_AREAS: tuple[str, ...] = (
    "前保险杠", "发动机盖", "前挡风玻璃", "车顶",
    "左前翼子板", "左前门", "左后门", "左后翼子板",
    "右前翼子板", "右前门", "右后门", "右后翼子板",
    "后保险杠", "后备箱盖", "后挡风玻璃", "左后视镜",
    "右后视镜", "轮毂/轮胎", "前大灯", "尾灯",
)
DAMAGE_KINDS: tuple[str, ...] = ("划痕", "凹陷", "破损", "掉漆", "裂纹")
FUEL_LABELS: tuple[str, ...] = ("空", "1/8", "1/4", "3/8", "1/2", "5/8", "3/4", "7/8", "满")
#: 承诺完工 is proposed this long after reception; the advisor changes it when it differs
DEFAULT_PROMISE = dt.timedelta(hours=4)


@dataclass(frozen=True)
class VehicleRef:
    """The car being received, as the calling page knows it."""

    vehicle_id: str
    plate: str
    owner_name: str
    last_mileage: int | None = None


class InspectionSheet(QGroupBox):
    """Damage spots as checkboxes over the car's areas, each with what was seen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("环车检查（勾选有损伤的部位）"))
        self.setObjectName("inspectionSheet")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.checks: dict[str, QCheckBox] = {}
        self.kinds: dict[str, QComboBox] = {}
        for i, area in enumerate(CAR_AREAS):
            row, col = divmod(i, 4)
            check = QCheckBox(self.tr(area))
            check.setObjectName(f"damage_{i}")
            kind = QComboBox()
            kind.setObjectName(f"damageKind_{i}")
            kind.addItems([self.tr(k) for k in DAMAGE_KINDS])
            kind.setEnabled(False)
            check.toggled.connect(kind.setEnabled)
            cell = QHBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(check)
            cell.addWidget(kind)
            cell.addStretch(1)
            grid.addLayout(cell, row, col)
            self.checks[area] = check
            self.kinds[area] = kind

    def value(self) -> tuple[InspectionItem, ...]:
        return tuple(InspectionItem(area, DAMAGE_KINDS[self.kinds[area].currentIndex()])
                     for area, check in self.checks.items() if check.isChecked())

    def set_value(self, items: tuple[InspectionItem, ...]) -> None:
        for item in items:
            if item.area in self.checks:
                self.checks[item.area].setChecked(True)
                if item.damage in DAMAGE_KINDS:
                    self.kinds[item.area].setCurrentIndex(DAMAGE_KINDS.index(item.damage))


class ReceptionDialog(OrderFormDialog):
    """Open a work order for a vehicle (``order`` None) or correct the reception data."""

    def __init__(self, services: Services, actor: Actor, vehicle: VehicleRef,
                 order: WorkOrderView | None = None, zone: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("接车开单") if order is None else self.tr("修改接车信息"))
        self.save_button().setText(self.tr("开单") if order is None else self.tr("保存"))
        self.setObjectName("receptionDialog")
        self.vehicle = vehicle
        self.order = order
        self._confirm_second = False
        head = QLabel(self.tr("车辆：%1　　车主：%2").replace("%1", vehicle.plate)
                      .replace("%2", vehicle.owner_name))
        head.setObjectName("receptionVehicle")
        self.body.insertWidget(0, head)

        self.received_at = BranchDateTimeEdit(zone)
        self.mileage_in = number_edit(0, "mileage_in")
        if vehicle.last_mileage:
            self.mileage_in.setPlaceholderText(
                self.tr("上次记录 %1 km").replace("%1", str(vehicle.last_mileage)))
        self.mileage_reason = QLineEdit()
        self.mileage_reason.setPlaceholderText(self.tr("如：更换仪表"))
        self.fuel_level = QComboBox()
        self.fuel_level.addItems([self.tr(x) for x in FUEL_LABELS])
        self.fuel_level.setCurrentIndex(4)
        self.customer_words = QPlainTextEdit()
        self.customer_words.setTabChangesFocus(True)
        self.customer_words.setFixedHeight(64)
        self.customer_words.setPlaceholderText(self.tr("客户自己的话，如：刹车有异响"))
        self.service_class = QComboBox()
        for sc in ServiceClass:
            self.service_class.addItem(label(SERVICE_CLASS_LABELS, sc, language()), sc.value)
        self.payer = QComboBox()
        for payer in Payer:
            self.payer.addItem(label(PAYER_LABELS, payer, language()), payer.value)
        self.payer_name = QLineEdit()
        self.payer_name.setPlaceholderText(self.tr("保险公司或合同单位名称"))
        self.promised_at = BranchDateTimeEdit(zone)
        self.promised_at.set_value(clock.now() + DEFAULT_PROMISE)
        self.estimate = number_edit(2, "estimate_fen", self.tr("元"))
        self.valuables = QLineEdit()
        self.valuables.setPlaceholderText(self.tr("车内贵重物品，无则不填"))
        self.spare_tyre = QCheckBox(self.tr("备胎在车"))
        self.spare_tyre.setChecked(True)
        self.tools_present = QCheckBox(self.tr("随车工具齐全"))
        self.tools_present.setChecked(True)
        self.inspection = InspectionSheet()

        self.add_row(self.tr("接车时间"), "received_at", self.received_at)
        self.add_row(self.tr("进厂里程(km)"), "mileage_in", self.mileage_in)
        self.add_row(self.tr("里程说明"), "mileage_reason", self.mileage_reason)
        self.form.setRowVisible(self.form.rowCount() - 1, False)
        self._reason_row = self.form.rowCount() - 1
        self.add_row(self.tr("油量"), "fuel_level", self.fuel_level)
        self.add_row(self.tr("客户描述"), "customer_words", self.customer_words)
        self.add_row(self.tr("作业分类"), "service_class", self.service_class)
        self.add_row(self.tr("付款方"), "payer", self.payer)
        self.add_row(self.tr("付款单位"), "payer_name", self.payer_name)
        self.add_row(self.tr("承诺完工"), "promised_at", self.promised_at)
        self.add_row(self.tr("估价金额(元)"), "estimate_fen", self.estimate)
        self.add_row(self.tr("贵重物品"), "valuables", self.valuables)
        kit = QWidget()
        kit_row = QHBoxLayout(kit)
        kit_row.setContentsMargins(0, 0, 0, 0)
        kit_row.addWidget(self.spare_tyre)
        kit_row.addWidget(self.tools_present)
        kit_row.addStretch(1)
        self.form.addRow(self.tr("随车物品"), kit)
        self.body.addWidget(self.inspection)
        self.finish_layout()
        self.service_class.currentIndexChanged.connect(self._class_changed)
        self.setMinimumWidth(760)
        if order is not None:
            self._load(order)
        self.mileage_in.setFocus()

    def _class_changed(self, _index: int) -> None:
        payer = DEFAULT_PAYER[ServiceClass(self.service_class.currentData())]
        self.payer.setCurrentIndex(self.payer.findData(payer.value))

    def _load(self, order: WorkOrderView) -> None:
        self.received_at.set_value(order.received_at)
        self.mileage_in.setText(str(order.mileage_in))
        if order.mileage_reason:
            self.mileage_reason.setText(order.mileage_reason)
            self.show_reason_row()
        self.fuel_level.setCurrentIndex(order.fuel_level)
        self.customer_words.setPlainText(order.customer_words)
        self.service_class.setCurrentIndex(self.service_class.findData(order.service_class))
        self.payer.setCurrentIndex(self.payer.findData(order.payer))
        self.payer_name.setText(order.payer_name)
        if order.promised_at is not None:
            self.promised_at.set_value(order.promised_at)
        self.estimate.setText(scaled_text(order.estimate_fen, 2) if order.estimate_fen else "")
        self.valuables.setText(order.valuables)
        self.spare_tyre.setChecked(order.spare_tyre)
        self.tools_present.setChecked(order.tools_present)
        self.inspection.set_value(order.inspection)

    def show_reason_row(self) -> None:
        self.form.setRowVisible(self._reason_row, True)

    def value(self) -> ReceptionInput:
        mileage = parse_scaled(self.mileage_in.text(), 0, self.tr("进厂里程"), "mileage_in")
        return ReceptionInput(
            mileage_in=mileage,
            customer_words=self.customer_words.toPlainText(),
            received_at=self.received_at.value(),
            mileage_reason=self.mileage_reason.text(),
            fuel_level=self.fuel_level.currentIndex(),
            inspection=self.inspection.value(),
            valuables=self.valuables.text(),
            spare_tyre=self.spare_tyre.isChecked(),
            tools_present=self.tools_present.isChecked(),
            service_class=str(self.service_class.currentData()),
            payer=str(self.payer.currentData()),
            payer_name=self.payer_name.text(),
            promised_at=self.promised_at.value(),
            estimate_fen=parse_fen(self.estimate.text(), self.tr("估价金额"), "estimate_fen",
                                   required=False),
        )

    def submission(self) -> Submit:
        data = self.value()
        services, actor, order = self.services, self.actor, self.order
        vehicle_id, confirm = self.vehicle.vehicle_id, self._confirm_second
        if order is not None:
            return lambda: services.work_orders.edit_reception(actor, order.id, data,
                                                               expected_version=order.row_version)
        return lambda: services.work_orders.open_order(actor, vehicle_id, data,
                                                       confirm_second=confirm)

    def handle_error(self, exc: DomainError) -> None:
        if isinstance(exc, Conflict) and exc.code == "workorder.vehicle_has_open":
            self.ask(exc.message() + "\n" + self.tr("仍要为该车再开一张工单吗？"),
                     self._confirmed_second, self.tr("再开一张"))
            return
        errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
        if any(e.code == "workorder.mileage_below_last" for e in errors):
            self.show_reason_row()
            self.show_error(exc)
            self.mileage_reason.setFocus()
            return
        self.show_error(exc)

    def _confirmed_second(self) -> None:
        self._confirm_second = True
        self.accept()


__all__ = ["CAR_AREAS", "DEFAULT_PROMISE", "InspectionSheet", "ReceptionDialog", "VehicleRef"]
