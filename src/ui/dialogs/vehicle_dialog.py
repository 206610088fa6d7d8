"""Vehicle form (车辆): add a car to a customer or correct one.

Why the VIN box uppercases and counts as you type: VINs are read off a windscreen or a
registration card, 17 characters that are easy to miscount; the check digit error then
names the position instead of a vague "invalid". The count is of the characters the user
can see (a pasted zero-width space does not count), as the validator counts them.

Why the VIN warning shows while typing: an imported car's VIN may have no check digit in
position 9. The form says so under the VIN as soon as the 17 characters are in, with a
box to tick after comparing it with the registration certificate (行驶证); the service
refuses such a VIN until the box is ticked, and records who ticked it and when.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError, ValidationError
from domain.roles import Actor
from domain.services.customers import VehicleInput, VehicleView
from domain.services.registry import Services
from domain.validation import VIN_LENGTH, normalise_code, read_plate, read_vin
from ui.operations import error_text, run_op
from ui.widgets.field_errors import FieldErrors, split_errors
from ui.widgets.optional_date import OptionalDateEdit

NOTE_STYLE = "color: #8d6e00;"  # a warning to read, not an error


def _digits(max_len: int) -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{max_len}}}"))


def _upper_as_typed(edit: QLineEdit) -> None:
    def fix(text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = edit.cursorPosition()
            edit.setText(upper)
            edit.setCursorPosition(pos)

    edit.textEdited.connect(fix)


class VehicleForm(QWidget):
    """The vehicle fields in two columns; used alone and inside the new-customer form."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plate = QLineEdit()
        self.plate.setPlaceholderText(self.tr("如 京A12345、粤BD12345"))
        self.plate.setMaxLength(20)  # room for pasted spaces and invisible characters
        _upper_as_typed(self.plate)
        self.plate_note = QLabel()
        self.plate_note.setObjectName("plateNote")
        self.plate_note.setStyleSheet(NOTE_STYLE)
        self.plate_note.hide()
        self.plate.textChanged.connect(self._update_plate_note)
        self.vin = QLineEdit()
        self.vin.setPlaceholderText(self.tr("17 位，不含 I、O、Q"))
        self.vin.setMaxLength(40)
        _upper_as_typed(self.vin)
        self.vin_count = QLabel()
        self.vin_count.setObjectName("vinCount")
        self.vin_count.setMinimumWidth(44)
        self.vin_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.vin.textChanged.connect(self._update_vin_count)
        self.vin_warning = QLabel()
        self.vin_warning.setObjectName("vinWarning")
        self.vin_warning.setStyleSheet(NOTE_STYLE)
        self.vin_warning.setWordWrap(True)
        self.vin_confirm = QCheckBox(self.tr("已与行驶证核对，车架号无误"))
        self.vin_confirm.setObjectName("vinConfirm")
        self._checked: tuple[str, str] | None = None  # (VIN, "who, when") confirmed before
        self.vin_check = QWidget()
        check_layout = QVBoxLayout(self.vin_check)
        check_layout.setContentsMargins(0, 0, 0, 0)
        check_layout.setSpacing(1)
        check_layout.addWidget(self.vin_warning)
        check_layout.addWidget(self.vin_confirm)
        self.vin_check.hide()
        self.vin.textChanged.connect(self._update_vin_check)
        self.brand = QLineEdit()
        self.brand.setMaxLength(40)
        self.model = QLineEdit()
        self.model.setMaxLength(60)
        self.model_year = QLineEdit()
        self.model_year.setValidator(_digits(4))
        self.model_year.setPlaceholderText(self.tr("如 2021"))
        self.engine_no = QLineEdit()
        self.engine_no.setMaxLength(30)
        _upper_as_typed(self.engine_no)
        self.colour = QLineEdit()
        self.colour.setMaxLength(20)
        self.mileage_km = QLineEdit()
        self.mileage_km.setValidator(_digits(7))
        self.mileage_km.setPlaceholderText("0")
        self.purchase_date = OptionalDateEdit()
        self.insurance_expiry = OptionalDateEdit()
        self.inspection_due = OptionalDateEdit()
        self.warranty_end_date = OptionalDateEdit()
        self.warranty_end_km = QLineEdit()
        self.warranty_end_km.setValidator(_digits(7))
        self.warranty_end_km.setPlaceholderText(self.tr("不填表示不限里程"))
        for name in ("plate", "vin", "brand", "model", "model_year", "engine_no", "colour",
                     "mileage_km", "purchase_date", "insurance_expiry", "inspection_due",
                     "warranty_end_date", "warranty_end_km"):
            getattr(self, name).setObjectName(name)

        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left.addRow(self.tr("车牌号"), errors.row("plate", self.plate))
        left.addRow("", self.plate_note)
        left.addRow(self.tr("车架号(VIN)"), errors.row("vin", self.vin, self.vin_count))
        left.addRow("", self.vin_check)
        left.addRow(self.tr("品牌"), errors.row("brand", self.brand))
        left.addRow(self.tr("车型"), errors.row("model", self.model))
        left.addRow(self.tr("年款"), errors.row("model_year", self.model_year))
        left.addRow(self.tr("发动机号"), errors.row("engine_no", self.engine_no))
        left.addRow(self.tr("颜色"), errors.row("colour", self.colour))
        right.addRow(self.tr("当前里程(km)"), errors.row("mileage_km", self.mileage_km))
        right.addRow(self.tr("购车日期"), errors.row("purchase_date", self.purchase_date))
        right.addRow(self.tr("保险到期"), errors.row("insurance_expiry", self.insurance_expiry))
        right.addRow(self.tr("年检到期"), errors.row("inspection_due", self.inspection_due))
        right.addRow(self.tr("保修截止日期"), errors.row("warranty_end_date", self.warranty_end_date))
        right.addRow(self.tr("保修截止里程(km)"), errors.row("warranty_end_km", self.warranty_end_km))
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self._update_vin_count("")

    def _update_vin_count(self, text: str) -> None:
        n = len(normalise_code(text))
        self.vin_count.setText(f"{n}/{VIN_LENGTH}")
        colour = "#2e7d32" if n == VIN_LENGTH else ("#c62828" if n > VIN_LENGTH else "#757575")
        self.vin_count.setStyleSheet(f"color: {colour};")

    def _update_plate_note(self, text: str) -> None:
        """A military or armed-police plate: say it is kept as a special plate."""
        try:
            warning = read_plate(text).warning
        except ValidationError:
            warning = None
        self.plate_note.setText(error_text(warning) if warning is not None else "")
        self.plate_note.setVisible(warning is not None)

    def _update_vin_check(self, text: str) -> None:
        """Show the warning and the confirmation box while the VIN has no check digit."""
        try:
            reading = read_vin(text)
        except ValidationError:
            reading = None  # wrong for another reason: the error shows when saving
        warning = reading.warning if reading is not None else None
        if warning is None:
            self.vin_check.hide()
            self.vin_confirm.setChecked(False)
            return
        text_shown = error_text(warning)
        before = self._checked
        confirmed_before = before is not None and reading is not None and before[0] == reading.value
        if confirmed_before and before is not None:
            text_shown += "\n" + self.tr("已由 %1 核对").replace("%1", before[1])
        self.vin_warning.setText(text_shown)
        self.vin_warning.show()
        self.vin_confirm.setChecked(confirmed_before)
        self.vin_check.show()

    def confirm_vin(self) -> bool:
        """Whether the person ticked that the VIN matches the registration certificate."""
        return self.vin_check.isVisibleTo(self) and self.vin_confirm.isChecked()

    def show_vin_warning(self, exc: DomainError) -> None:
        """After a refused save: show the confirmation box if the VIN needs it, with the focus
        on it when that is all that is missing."""
        codes = {e.code for e in split_errors(exc)}
        if "vin.unverified" in codes:
            self._update_vin_check(self.vin.text())
            self.vin_warning.hide()  # the same text stands in red under the VIN now
            if codes == {"vin.unverified"}:
                self.vin_confirm.setFocus()

    @staticmethod
    def _int(edit: QLineEdit) -> int | None:
        text = edit.text().strip()
        return int(text) if text else None

    def value(self) -> VehicleInput:
        return VehicleInput(
            plate=self.plate.text().strip(),
            vin=self.vin.text().replace(" ", ""),
            brand=self.brand.text(),
            model=self.model.text(),
            model_year=self._int(self.model_year),
            engine_no=self.engine_no.text(),
            colour=self.colour.text(),
            purchase_date=self.purchase_date.value(),
            mileage_km=self._int(self.mileage_km) or 0,
            insurance_expiry=self.insurance_expiry.value(),
            inspection_due=self.inspection_due.value(),
            warranty_end_date=self.warranty_end_date.value(),
            warranty_end_km=self._int(self.warranty_end_km),
        )

    def set_value(self, v: VehicleView) -> None:
        self.plate.setText(v.plate)
        if v.vin_checked_at is not None:
            when = clock.format_local(v.vin_checked_at, fmt="%Y-%m-%d %H:%M")
            self._checked = (v.vin, f"{v.vin_checked_by} {when}")
        self.vin.setText(v.vin)
        self.brand.setText(v.brand)
        self.model.setText(v.model)
        self.model_year.setText(str(v.model_year) if v.model_year else "")
        self.engine_no.setText(v.engine_no)
        self.colour.setText(v.colour)
        self.mileage_km.setText(str(v.mileage_km) if v.mileage_km else "")
        self.purchase_date.set_value(v.purchase_date)
        self.insurance_expiry.set_value(v.insurance_expiry)
        self.inspection_due.set_value(v.inspection_due)
        self.warranty_end_date.set_value(v.warranty_end_date)
        self.warranty_end_km.setText("" if v.warranty_end_km is None else str(v.warranty_end_km))

    def is_blank(self) -> bool:
        data = self.value()
        return not any((data.plate, data.vin, data.brand.strip(), data.model.strip()))


class VehicleDialog(QDialog):
    """Add (``vehicle is None``) or edit a vehicle of one customer; stays open on errors."""

    saved = Signal(object)  # VehicleView

    def __init__(self, services: Services, actor: Actor, customer_id: str, customer_name: str,
                 vehicle: VehicleView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._customer_id = customer_id
        self._vehicle = vehicle
        self.result_view: VehicleView | None = None
        self.setObjectName("vehicleDialog")
        self.setWindowTitle(self.tr("添加车辆") if vehicle is None else self.tr("编辑车辆"))
        general = QLabel()
        self.errors = FieldErrors(general)
        header = QLabel(self.tr("车主：%1").replace("%1", customer_name))
        header.setObjectName("vehicleOwner")
        self.form = VehicleForm(self.errors)
        if vehicle is not None:
            self.form.set_value(vehicle)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(general)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.setMinimumWidth(820)
        self.form.plate.setFocus()

    def save_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def accept(self) -> None:
        """Save in the background; close only when the service accepted the vehicle."""
        if not self.save_button().isEnabled():
            return
        self.errors.clear()
        data = self.form.value()
        confirm = self.form.confirm_vin()
        services, actor, vehicle, customer_id = (self._services, self._actor, self._vehicle,
                                                 self._customer_id)

        def save() -> VehicleView:
            if vehicle is None:
                return services.customers.add_vehicle(actor, customer_id, data, confirm_vin=confirm)
            return services.customers.update_vehicle(actor, vehicle.id, data,
                                                     expected_version=vehicle.row_version,
                                                     confirm_vin=confirm)

        self.save_button().setEnabled(False)
        run_op(save, self._saved, self._failed)

    def _saved(self, view: VehicleView) -> None:
        self.save_button().setEnabled(True)
        self.result_view = view
        self.saved.emit(view)
        super().accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button().setEnabled(True)
        self.errors.show(exc)
        self.form.show_vin_warning(exc)


__all__ = ["VehicleDialog", "VehicleForm"]
