"""Lines of a work order: 工时 (labour), 配件 (part), 杂费 (sundry), added or corrected, and
service packages (保养套餐) added in one step.

Why the 增项 box: once the customer approved the estimate, the domain refuses any line
change without a supplementary approval (增项确认); the dialog offers the approvals on
record and a button to record a new one, so the advisor never hits a dead end.

Why the 从清单选择 box: a new line usually is one of the shop's labour operations, parts or
sundry items (基础资料, HQ's items in effect on HQ's codes); picking one fills the fields,
which stay editable. On the labour dialog the packages are offered too: picking one turns
the dialog into "add this package" (its lines at the package's price, one step).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from domain.errors import ValidationError
from domain.labels import label
from domain.roles import Actor
from domain.services.masterdata import LabourCodeView, PartPriceView, SundryItemView
from domain.services.masterdata_packages import PackageView
from domain.services.registry import Services
from domain.services.workorder_views import (
    LabourLineView,
    PartLineView,
    SundryLineView,
    WorkOrderView,
)
from domain.services.workorders import LabourInput, LineInput, PartInput, SundryInput
from domain.workorder_rules import PAYER_LABELS, Payer
from ui.alive import if_alive
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language
from ui.operations import run_op
from ui.widgets.amounts import local_text, money, number_edit, parse_fen, parse_scaled, scaled_text
from ui.widgets.master_item_combo import MasterItemCombo
from ui.widgets.technician_combo import TechnicianCombo

LineView = LabourLineView | PartLineView | SundryLineView
KINDS = ("labour", "part", "sundry", "package")


def line_kind(line: LineView) -> str:
    if isinstance(line, LabourLineView):
        return "labour"
    return "part" if isinstance(line, PartLineView) else "sundry"


class LineDialog(OrderFormDialog):
    """``kind`` is labour | part | sundry | package; ``line`` given means edit (not a package)."""

    def __init__(self, services: Services, actor: Actor, order: WorkOrderView, kind: str,
                 line: LineView | None = None, zone: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.order, self.kind, self.line, self.zone = order, kind, line, zone
        self.child_dialog: QDialog | None = None
        titles = {"labour": self.tr("工时项目"), "part": self.tr("配件"), "sundry": self.tr("杂费"),
                  "package": self.tr("保养套餐")}
        verb = self.tr("添加") if line is None else self.tr("修改")
        self.setWindowTitle(f"{verb}{titles[kind]} — {order.number}")
        self.setObjectName(f"lineDialog_{kind}")
        self.supplementary = QComboBox()
        self.supplementary.setObjectName("supplementary")
        self.package: PackageView | None = None
        self.pick: MasterItemCombo | None = None
        self.package_summary = QLabel()
        self.package_summary.setObjectName("packageSummary")
        self.package_summary.setWordWrap(True)
        self.package_summary.hide()
        self.body.addWidget(self.package_summary)
        if line is None:
            self._pick_row()
        if kind == "package":
            self.setWindowTitle(self.tr("添加保养套餐 — %1").replace("%1", order.number))
            self._package_fields()
        elif kind == "labour":
            self._labour_fields()
        elif kind == "part":
            self._part_fields()
        else:
            self._sundry_fields()
        self.payer = QComboBox()
        self.payer.setObjectName("payer")
        self.payer.addItem(self.tr("按工单付款方"), None)
        for payer in Payer:
            self.payer.addItem(label(PAYER_LABELS, payer, language()), payer.value)
        self.discount = number_edit(2, "discount_fen", self.tr("元，无则不填"))
        self.discount_reason = QLineEdit()
        if kind != "package":
            self.add_row(self.tr("付款方"), "payer", self.payer)
            self.add_row(self.tr("折扣(元)"), "discount_fen", self.discount)
            self.add_row(self.tr("折扣原因"), "discount_reason", self.discount_reason)
        if order.approved_at is not None:
            self._supplementary_box()
        self.finish_layout()
        if line is not None:
            self._load(line)
        elif self.pick is not None:
            self.pick.setFocus()
            self._load_lists()

    # --- picking from the master data ----------------------------------------------------
    def _pick_row(self) -> None:
        hints = {"labour": self.tr("输入工时代码、名称或套餐"), "part": self.tr("输入配件编号或名称"),
                 "sundry": self.tr("输入杂项编号或名称"), "package": self.tr("输入套餐编号或名称")}
        self.pick = MasterItemCombo(hints[self.kind])
        self.pick.setObjectName("pickItem")
        self.pick.picked.connect(self._picked)
        self.form.addRow(self.tr("从清单选择"), self.pick)

    def _load_lists(self) -> None:
        md, packages, kind = self.services.master_data, self.services.packages, self.kind

        def read() -> tuple[list[tuple[str, object]], int]:
            entries: list[tuple[str, object]] = []
            if kind == "labour":
                entries += [(f"{op.code}  {op.name}  {money(op.amount_fen)}", op)
                            for op in md.labour_codes(active_only=True)]
            elif kind == "part":
                entries += [(f"{p.part_no}  {p.name}  {money(p.price_fen)}/{p.unit}", p)
                            for p in md.part_prices(active_only=True)]
            elif kind == "sundry":
                entries += [(f"{i.code}  {i.name}  {money(i.amount_fen)}", i) for i in md.sundry_items(active_only=True)]
            if kind in ("labour", "package"):
                entries += [(self.tr("套餐 %1  %2  %3").replace("%1", p.code).replace("%2", p.name)
                             .replace("%3", money(p.price_fen)), p) for p in packages.packages(active_only=True)]
            return entries, md.pricing().labour_rate_fen

        run_op(read, if_alive(self, self._lists_loaded))

    def _lists_loaded(self, loaded: tuple[list[tuple[str, object]], int]) -> None:
        entries, rate = loaded
        if self.pick is not None:
            self.pick.set_items(entries)
        if self.kind == "labour" and rate and not self.rate.text():
            self.rate.setText(scaled_text(rate, 2))

    def _picked(self, item: object) -> None:
        if isinstance(item, PackageView):
            self._choose_package(item)
            return
        self._choose_package(None)
        if isinstance(item, LabourCodeView) and self.kind == "labour":
            self.code.setText(item.code)
            self.description.setText(item.name)
            self.hours.setText(scaled_text(item.standard_hours_centi, 2))
            self.rate.setText(scaled_text(item.rate_fen, 2))
        elif isinstance(item, PartPriceView) and self.kind == "part":
            self.part_no.setText(item.part_no)
            self.name.setText(item.name)
            self.unit.setText(item.unit)
            self.unit_price.setText(scaled_text(item.price_fen, 2))
            self.qty.setFocus()
        elif isinstance(item, SundryItemView) and self.kind == "sundry":
            self.description.setText(item.name)
            self.amount.setText(scaled_text(item.amount_fen, 2))

    def _choose_package(self, package: PackageView | None) -> None:
        """A package replaces the line's fields by its summary (and back when none is picked)."""
        self.package = package
        if self.kind != "package":  # the pick is the first row; the line's fields follow
            for row in range(1, self.form.rowCount()):
                self.form.setRowVisible(row, package is None)
        self.package_summary.setVisible(package is not None or self.kind == "package")
        self.save_button().setText(self.tr("保存") if package is None else self.tr("添加套餐"))
        if package is None:
            self.package_summary.setText(self.tr("请选择套餐") if self.kind == "package" else "")
            return
        lines = "、".join(line.name for line in package.lines)
        self.package_summary.setText(
            self.tr("套餐 %1 %2：%3\n各项合计 %4 元，套餐价 %5 元\n优惠 %6 元，记为各项折扣")
            .replace("%1", package.code).replace("%2", package.name).replace("%3", lines)
            .replace("%4", money(package.lines_total_fen)).replace("%5", money(package.price_fen))
            .replace("%6", money(package.saving_fen)))

    def _package_fields(self) -> None:
        self.package_summary.setText(self.tr("请选择套餐"))
        self.package_summary.show()

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

        if self.package is not None:
            text = self.tr("保养套餐 %1").replace("%1", self.package.name)
        else:
            box = getattr(self, "description", None) or getattr(self, "name", None)
            text = box.text() if isinstance(box, QLineEdit) else ""
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
        supplementary = self.supplementary.currentData() if self.order.approved_at else None
        services, actor, order_id, line = self.services, self.actor, self.order.id, self.line
        package = self.package
        if self.kind == "package" or package is not None:
            if package is None:
                raise ValidationError("required", "package", label=self.tr("套餐"))
            return lambda: services.work_orders.add_package(actor, order_id, package.id, supplementary)
        data = self.value()
        if line is None:
            return lambda: services.work_orders.add_line(actor, order_id, data, supplementary)
        return lambda: services.work_orders.update_line(actor, line.id, data, supplementary)


__all__ = ["KINDS", "LineDialog", "LineView", "line_kind"]
