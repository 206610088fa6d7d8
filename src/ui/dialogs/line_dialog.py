"""Lines of a work order: 工时 (labour), 配件 (part), 杂费 (sundry), added or corrected.

Why the 增项 box: once the customer approved the estimate, the domain refuses any line
change without a supplementary approval (增项确认); the dialog offers the approvals on
record and a button to record a new one, so the advisor never hits a dead end.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import (
    LabourLineView,
    PartLineView,
    SundryLineView,
    WorkOrderView,
)
from domain.services.workorders import LabourInput, LineInput, PartInput, SundryInput
from domain.workorder_rules import PAYER_LABELS, Payer
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language
from ui.widgets.amounts import local_text, money, number_edit, parse_fen, parse_scaled, scaled_text
from ui.widgets.technician_combo import TechnicianCombo

LineView = LabourLineView | PartLineView | SundryLineView
KINDS = ("labour", "part", "sundry")


def line_kind(line: LineView) -> str:
    if isinstance(line, LabourLineView):
        return "labour"
    return "part" if isinstance(line, PartLineView) else "sundry"


class LineDialog(OrderFormDialog):
    """``kind`` is labour | part | sundry; ``line`` given means edit."""

    def __init__(self, services: Services, actor: Actor, order: WorkOrderView, kind: str,
                 line: LineView | None = None, zone: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.order, self.kind, self.line, self.zone = order, kind, line, zone
        self.child_dialog: QDialog | None = None
        titles = {"labour": self.tr("工时项目"), "part": self.tr("配件"), "sundry": self.tr("杂费")}
        verb = self.tr("添加") if line is None else self.tr("修改")
        self.setWindowTitle(f"{verb}{titles[kind]} — {order.number}")
        self.setObjectName(f"lineDialog_{kind}")
        self.supplementary = QComboBox()
        self.supplementary.setObjectName("supplementary")
        if kind == "labour":
            self._labour_fields()
        elif kind == "part":
            self._part_fields()
        else:
            self._sundry_fields()
        self.payer = QComboBox()
        self.payer.addItem(self.tr("按工单付款方"), None)
        for payer in Payer:
            self.payer.addItem(label(PAYER_LABELS, payer, language()), payer.value)
        self.discount = number_edit(2, "discount_fen", self.tr("元，无则不填"))
        self.discount_reason = QLineEdit()
        self.add_row(self.tr("付款方"), "payer", self.payer)
        self.add_row(self.tr("折扣(元)"), "discount_fen", self.discount)
        self.add_row(self.tr("折扣原因"), "discount_reason", self.discount_reason)
        if order.approved_at is not None:
            self._supplementary_box()
        self.finish_layout()
        if line is not None:
            self._load(line)

    # --- fields ------------------------------------------------------------------------
    def _labour_fields(self) -> None:
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("工时代码，如 BY01"))
        self.description = QLineEdit()
        self.hours = number_edit(2, "hours_centi", self.tr("标准工时，如 1.5"))
        self.rate = number_edit(2, "rate_fen", self.tr("元/小时"))
        self.technician = TechnicianCombo(self.services, self.actor, allow_none=True,
                                          selected=getattr(self.line, "technician_id", None))
        self.add_row(self.tr("工时代码"), "code", self.code)
        self.add_row(self.tr("维修项目"), "description", self.description)
        self.add_row(self.tr("标准工时"), "hours_centi", self.hours)
        self.add_row(self.tr("工时单价(元)"), "rate_fen", self.rate)
        self.add_row(self.tr("技师"), "technician_id", self.technician)
        self.code.setFocus()

    def _part_fields(self) -> None:
        self.part_no = QLineEdit()
        self.name = QLineEdit()
        self.qty = number_edit(3, "qty_milli", self.tr("如 1 或 4.5"))
        self.unit = QLineEdit(self.tr("件"))
        self.unit.setMaxLength(8)
        self.unit_price = number_edit(2, "unit_price_fen", self.tr("元"))
        self.genuine = QCheckBox(self.tr("原厂件"))
        self.genuine.setObjectName("genuine")
        self.genuine.setChecked(True)
        self.warranty = QCheckBox(self.tr("保修件（厂家付款）"))
        self.warranty.setObjectName("warranty")
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.genuine)
        row.addWidget(self.warranty)
        row.addStretch(1)
        self.add_row(self.tr("配件编号"), "part_no", self.part_no)
        self.add_row(self.tr("配件名称"), "name", self.name)
        self.add_row(self.tr("数量"), "qty_milli", self.qty)
        self.add_row(self.tr("单位"), "unit", self.unit)
        self.add_row(self.tr("单价(元)"), "unit_price_fen", self.unit_price)
        self.form.addRow(self.tr("性质"), flags)
        self.part_no.setFocus()

    def _sundry_fields(self) -> None:
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("如：废油处理费"))
        self.amount = number_edit(2, "amount_fen", self.tr("元"))
        self.add_row(self.tr("杂费项目"), "description", self.description)
        self.add_row(self.tr("金额(元)"), "amount_fen", self.amount)
        self.description.setFocus()

    def _supplementary_box(self) -> None:
        box = QGroupBox(self.tr("增项确认（客户已确认估价，修改项目须有增项确认）"))
        row = QHBoxLayout(box)
        self._fill_supplementaries(self.order)
        record = QPushButton(self.tr("记录增项确认…"))
        record.setObjectName("recordSupplementary")
        record.setAutoDefault(False)
        record.clicked.connect(self._record_supplementary)
        row.addWidget(self.supplementary, 1)
        row.addWidget(record)
        self.body.addWidget(box)

    def _fill_supplementaries(self, order: WorkOrderView) -> None:
        self.supplementary.clear()
        for s in reversed(order.supplementaries):
            self.supplementary.addItem(
                f"{s.description}（{money(s.amount_fen)} 元，{s.approved_by_name or s.method}，"
                f"{local_text(s.approved_at, self.zone)}）", s.id)
        if not order.supplementaries:
            self.supplementary.addItem(self.tr("尚无增项确认，请先记录"), None)

    def _record_supplementary(self) -> None:
        from ui.dialogs.supplementary_dialog import SupplementaryDialog

        text = self.description.text() if hasattr(self, "description") else self.name.text()
        dialog = SupplementaryDialog(self.services, self.actor, self.order, self.zone, self, text)
        dialog.saved.connect(self._supplementary_recorded)
        self.child_dialog = dialog
        dialog.open()

    def _supplementary_recorded(self, order: WorkOrderView) -> None:
        self.order = order
        self._fill_supplementaries(order)
        self.supplementary.setCurrentIndex(0)

    def _load(self, line: LineView) -> None:
        if isinstance(line, LabourLineView):
            self.code.setText(line.code)
            self.description.setText(line.description)
            self.hours.setText(scaled_text(line.hours_centi, 2))
            self.rate.setText(scaled_text(line.rate_fen, 2))
        elif isinstance(line, PartLineView):
            self.part_no.setText(line.part_no)
            self.name.setText(line.name)
            self.qty.setText(scaled_text(line.qty_milli, 3))
            self.unit.setText(line.unit)
            self.unit_price.setText(scaled_text(line.unit_price_fen, 2))
            self.genuine.setChecked(line.genuine)
            self.warranty.setChecked(line.warranty)
        else:
            self.description.setText(line.description)
            self.amount.setText(scaled_text(line.gross_fen, 2))
        self.payer.setCurrentIndex(max(0, self.payer.findData(line.payer)))
        if line.discount_fen:
            self.discount.setText(scaled_text(line.discount_fen, 2))

    # --- saving ------------------------------------------------------------------------
    def value(self) -> LineInput:
        payer = self.payer.currentData()
        discount = parse_fen(self.discount.text(), self.tr("折扣"), "discount_fen", required=False)
        reason = self.discount_reason.text()
        if self.kind == "labour":
            return LabourInput(
                description=self.description.text(),
                hours_centi=parse_scaled(self.hours.text(), 2, self.tr("标准工时"), "hours_centi"),
                rate_fen=parse_fen(self.rate.text(), self.tr("工时单价"), "rate_fen"),
                code=self.code.text(), technician_id=self.technician.staff_id(), payer=payer,
                discount_fen=discount, discount_reason=reason)
        if self.kind == "part":
            return PartInput(
                name=self.name.text(),
                qty_milli=parse_scaled(self.qty.text(), 3, self.tr("数量"), "qty_milli"),
                unit_price_fen=parse_fen(self.unit_price.text(), self.tr("单价"), "unit_price_fen"),
                part_no=self.part_no.text(), unit=self.unit.text(), genuine=self.genuine.isChecked(),
                warranty=self.warranty.isChecked(), payer=payer, discount_fen=discount,
                discount_reason=reason)
        return SundryInput(description=self.description.text(),
                           amount_fen=parse_fen(self.amount.text(), self.tr("金额"), "amount_fen"),
                           payer=payer, discount_fen=discount, discount_reason=reason)

    def submission(self) -> Submit:
        data = self.value()
        supplementary = self.supplementary.currentData() if self.order.approved_at else None
        services, actor, order_id, line = self.services, self.actor, self.order.id, self.line
        if line is None:
            return lambda: services.work_orders.add_line(actor, order_id, data, supplementary)
        return lambda: services.work_orders.update_line(actor, line.id, data, supplementary)


__all__ = ["KINDS", "LineDialog", "LineView", "line_kind"]
