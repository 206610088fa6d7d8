"""Vehicle form (车辆): add a car to a customer or correct one.

Why the VIN box uppercases and counts as you type: VINs are read off a windscreen or a
registration card, 17 characters that are easy to miscount; the check digit error then
names the position instead of a vague "invalid".
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.customers import VehicleInput, VehicleView
from domain.services.registry import Services
from ui.operations import run_op
from ui.widgets.field_errors import FieldErrors
from ui.widgets.optional_date import OptionalDateEdit

VIN_LENGTH = 17


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
        self.plate.setMaxLength(12)
        _upper_as_typed(self.plate)
        self.vin = QLineEdit()
        self.vin.setPlaceholderText(self.tr("17 位，不含 I、O、Q"))
        self.vin.setMaxLength(24)
        _upper_as_typed(self.vin)
        self.vin_count = QLabel()
        self.vin_count.setObjectName("vinCount")
        self.vin_count.setMinimumWidth(44)
        self.vin_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.vin.textChanged.connect(self._update_vin_count)
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
        left.addRow(self.tr("车架号(VIN)"), errors.row("vin", self.vin, self.vin_count))
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
        n = len(text.replace(" ", ""))
        self.vin_count.setText(f"{n}/{VIN_LENGTH}")
        colour = "#2e7d32" if n == VIN_LENGTH else ("#c62828" if n > VIN_LENGTH else "#757575")
        self.vin_count.setStyleSheet(f"color: {colour};")

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
        services, actor, vehicle, customer_id = (self._services, self._actor, self._vehicle,
                                                 self._customer_id)

        def save() -> VehicleView:
            if vehicle is None:
                return services.customers.add_vehicle(actor, customer_id, data)
            return services.customers.update_vehicle(actor, vehicle.id, data,
                                                     expected_version=vehicle.row_version)

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


__all__ = ["VehicleDialog", "VehicleForm"]
