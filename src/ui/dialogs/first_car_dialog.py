"""接第一辆车: a new customer's car received in one keyboard-only form, then its work order
printed.

Why one form and not the three existing dialogs (客户 → 车辆 → 接车): a shop's first morning
should not begin with learning where each dialog lives. Name, mobile, plate, VIN (optional),
mileage and the customer's own words are all a walk-in needs; Tab moves on, Enter opens the
order, Esc cancels. The service files customer, car and order in one unit of work
(``WorkOrderService.open_for_new_customer``): a refusal leaves nothing half made and every
bad field is marked at once. The mileage is asked once: it is the car's and the order's.
After saving, 打印委托书 is the default button, so the next Enter shows the print preview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import ReceptionInput
from ui.dialogs.reception_dialog import DEFAULT_PROMISE
from ui.operations import error_text, run_op
from ui.pages.work_order_printing import FORM_TITLES_ZH, RenderedForm, render_form
from ui.widgets.amounts import number_edit, parse_scaled
from ui.widgets.branch_datetime import BranchDateTimeEdit
from ui.widgets.field_errors import FieldErrors, split_errors

#: the service's field names that share a box here (the car's mileage is the order's)
FIELD_ALIASES = {"mileage_km": "mileage_in"}
FORM_WIDTH = 560
LABEL_WIDTH = 110


class FirstCarDialog(QDialog):
    """``saved`` carries the new order; :attr:`preview` is the print preview once shown."""

    saved = Signal(object)  # WorkOrderView

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.branch = branch
        self.order: WorkOrderView | None = None
        self.preview: QDialog | None = None
        self.setObjectName("firstCarDialog")
        self.setWindowTitle(self.tr("接第一辆车"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_form())
        self.stack.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        # a refusal's line under its box (never wrapped: a wrapped line is clipped) widens
        # the dialog instead of being cut off
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.stack)
        self.stack.setMinimumWidth(FORM_WIDTH)
        self.name.setFocus()

    # --- the form ----------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        general = QLabel()
        self.errors = FieldErrors(general)
        self.name = self._line("name", self.tr("如：张伟"), 100)
        self.mobile = self._line("mobile", self.tr("11 位手机号"), 20)
        self.plate = self._line("plate", self.tr("如：京A12345"), 12)
        self.vin = self._line("vin", self.tr("选填，17 位"), 17)
        self.mileage = number_edit(0, "mileage_in", self.tr("仪表读数"))
        self.customer_words = self._line("customer_words", self.tr("客户自己的话，如：保养，刹车有异响"), 2000)
        self.promised_at = BranchDateTimeEdit(self.branch.timezone)
        self.promised_at.setObjectName("promised_at")
        self.promised_at.set_value(clock.now() + DEFAULT_PROMISE)

        customer = self._group(self.tr("客户"), (
            (self.tr("客户名称 *"), "name", self.name),
            (self.tr("手机"), "mobile", self.mobile)))
        vehicle = self._group(self.tr("车辆"), (
            (self.tr("车牌号 *"), "plate", self.plate),
            (self.tr("车架号"), "vin", self.vin),
            (self.tr("进厂里程(km) *"), "mileage_in", self.mileage)))
        reception = self._group(self.tr("接车"), (
            (self.tr("客户描述"), "customer_words", self.customer_words),
            (self.tr("承诺完工"), "promised_at", self.promised_at)))
        hint = QLabel(self.tr("Tab 到下一项，Enter 开单，Esc 取消。保存后可直接打印委托书。"))
        hint.setObjectName("firstCarHint")
        hint.setStyleSheet("color: #666666;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("开单"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(general)
        column.addWidget(customer)
        column.addWidget(vehicle)
        column.addWidget(reception)
        column.addWidget(hint)
        column.addStretch(1)
        column.addWidget(buttons)
        for first, second in ((self.name, self.mobile), (self.mobile, self.plate),
                              (self.plate, self.vin), (self.vin, self.mileage),
                              (self.mileage, self.customer_words),
                              (self.customer_words, self.promised_at)):
            QWidget.setTabOrder(first, second)  # across the three boxes, once they share a page
        return page

    def _line(self, name: str, placeholder: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(max_length)
        return edit

    def _group(self, title: str, rows: tuple[tuple[str, str, QWidget], ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for label, field, widget in rows:
            text = QLabel(label)
            text.setMinimumWidth(LABEL_WIDTH)  # the three boxes' fields line up
            text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.addRow(text, self.errors.row(field, widget))
        return box

    def inputs(self) -> tuple[CustomerInput, VehicleInput, ReceptionInput]:
        """What was typed; a mileage that is not a number is refused here, at its box."""
        mileage = parse_scaled(self.mileage.text(), 0, self.tr("进厂里程"), "mileage_in")
        return (CustomerInput(name=self.name.text(), mobile=self.mobile.text()),
                VehicleInput(plate=self.plate.text(), vin=self.vin.text(), mileage_km=mileage),
                ReceptionInput(mileage_in=mileage, customer_words=self.customer_words.text(),
                               promised_at=self.promised_at.value()))

    def submit(self, *, confirm_vin: bool = False) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        try:
            customer, vehicle, reception = self.inputs()
        except DomainError as exc:
            self._failed(exc)
            return
        services, actor = self.services, self.actor
        self.save_button.setEnabled(False)
        run_op(lambda: services.work_orders.open_for_new_customer(actor, customer, vehicle,
                                                                  reception, confirm_vin=confirm_vin),
               self._saved, self._failed)

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        errors = split_errors(exc)
        if {e.code for e in errors} == {"vin.unverified"} and self._vin_confirmed(error_text(errors[0])):
            self.submit(confirm_vin=True)
            return
        for error in errors:
            error.field = FIELD_ALIASES.get(error.field or "", error.field)
        self.errors.show(exc)

    def _vin_confirmed(self, warning: str) -> bool:
        """An imported car's VIN may have no check digit: the person compares it with the
        registration certificate (行驶证) and says so; the vehicle records who did."""
        answer = QMessageBox.question(
            self, self.tr("核对车架号"),
            warning + "\n\n" + self.tr("已与行驶证核对，车架号无误？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- saved: offer to print ----------------------------------------------------------
    def _build_done(self) -> QWidget:
        self.done_text = QLabel()
        self.done_text.setObjectName("firstCarDone")
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.PlainText)
        font = self.done_text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.done_text.setFont(font)
        self.print_error = QLabel()
        self.print_error.setObjectName("printError")
        self.print_error.setStyleSheet("color: #c62828;")
        self.print_error.hide()
        self.print_button = QPushButton(self.tr("打印委托书"))
        self.print_button.setObjectName("printWorkOrder")
        self.print_button.clicked.connect(self.print_order)
        close = QPushButton(self.tr("完成"))
        close.setObjectName("firstCarClose")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.done_text)
        column.addWidget(self.print_error)
        column.addStretch(1)
        column.addLayout(buttons)
        return page

    def _saved(self, order: WorkOrderView) -> None:
        self.order = order
        self.done_text.setText(
            self.tr("已开出工单 %1\n客户：%2　车辆：%3\n\n请打印委托书，交客户签字。")
            .replace("%1", order.number).replace("%2", self.name.text().strip())
            .replace("%3", self.plate.text().strip().upper() or self.vin.text().strip().upper()))
        self.stack.setCurrentIndex(1)
        self.save_button.setDefault(False)
        self.print_button.setDefault(True)
        self.print_button.setFocus()
        self.saved.emit(order)

    def reject(self) -> None:
        """Esc after the order exists closes as done: the order stays opened."""
        if self.order is not None:
            self.accept()
            return
        super().reject()

    def print_order(self) -> None:
        """The order's 维修委托书, rendered on the database thread, in the print preview."""
        order = self.order
        if order is None or not self.print_button.isEnabled():
            return
        services, actor, branch = self.services, self.actor, self.branch
        self.print_button.setEnabled(False)
        run_op(lambda: render_form(services, actor, branch, "work_order", order.id),
               self._show_preview, self._print_failed)

    def _print_failed(self, exc: DomainError) -> None:
        from ui.operations import error_text

        self.print_button.setEnabled(True)
        self.print_error.setText(error_text(exc))
        self.print_error.show()

    def _show_preview(self, form: RenderedForm) -> None:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        self.print_button.setEnabled(True)
        owner = self.parentWidget() or self
        self.preview = PdfPreviewDialog(
            form.pdf, f"{self.tr('维修委托书')} {form.order.number}",
            f"{FORM_TITLES_ZH[form.kind]}_{form.order.number}_{clock.today().isoformat()}.pdf", owner)
        self.preview.open()
        if owner is not self:
            self.accept()


__all__ = ["FirstCarDialog"]
