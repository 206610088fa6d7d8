"""Customer form (客户档案): a new customer (optionally with the first car) or an edit.

Why the first vehicle sits in the same form: at the counter a new customer nearly always
arrives with a car; one Enter should file both, and a bad VIN must not lose the typed name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.customers import (
    CustomerInput,
    CustomerView,
    VehicleInput,
    validate_customer,
    validate_vehicle,
)
from domain.services.registry import Services
from ui.dialogs.vehicle_dialog import VehicleForm
from ui.operations import run_op
from ui.widgets.field_errors import FieldErrors, merge_validation
from ui.widgets.optional_date import OptionalDateEdit


class CustomerDialog(QDialog):
    """New (``customer is None``) or edit; stays open with the input kept on any error."""

    saved = Signal(object)  # CustomerView

    def __init__(self, services: Services, actor: Actor, customer: CustomerView | None = None,
                 parent: QWidget | None = None, *, first_vehicle: bool = True) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._customer = customer
        self.result_view: CustomerView | None = None
        self.setObjectName("customerDialog")
        self.setWindowTitle(self.tr("新建客户") if customer is None else self.tr("编辑客户档案"))
        general = QLabel()
        self.errors = FieldErrors(general)

        self.kind = QComboBox()
        self.kind.addItem(self.tr("个人"), "individual")
        self.kind.addItem(self.tr("单位"), "company")
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText(self.tr("11 位手机号"))
        self.mobile.setMaxLength(30)  # +86, spaces and dashes are normalised away
        self.other_phone = QLineEdit()
        self.other_phone.setPlaceholderText(self.tr("如 010-12345678"))
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(40)  # 18 characters, often typed in groups with spaces
        self.id_number.setPlaceholderText(self.tr("选填，填写时校验"))
        self.birthday = OptionalDateEdit()
        self.birthday.setToolTip(self.tr("不填时按身份证号的出生日期提醒生日"))
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.source = self._editable_combo(
            [self.tr("自然到店"), self.tr("老客户介绍"), self.tr("网络/电话预约"),
             self.tr("保险公司推荐"), self.tr("车队/单位"), self.tr("其他")])
        self.preferred_contact_time = self._editable_combo(
            [self.tr("不限"), self.tr("工作日白天"), self.tr("工作日晚上"), self.tr("周末")])
        self.consent_contact = QCheckBox(self.tr("同意接收回访和保养提醒（电话/短信）"))
        self.consent_contact.setChecked(True)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(56)
        for name in ("kind", "name", "mobile", "other_phone", "id_number", "birthday", "address", "source",
                     "preferred_contact_time", "consent_contact", "notes"):
            getattr(self, name).setObjectName(name)

        self.id_label = QLabel()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left.addRow(self.tr("客户类型"), self.errors.row("kind", self.kind))
        left.addRow(self.tr("客户名称"), self.errors.row("name", self.name))
        left.addRow(self.tr("手机"), self.errors.row("mobile", self.mobile))
        left.addRow(self.tr("其他电话"), self.errors.row("other_phone", self.other_phone))
        left.addRow(self.id_label, self.errors.row("id_number", self.id_number))
        left.addRow(self.tr("生日"), self.errors.row("birthday", self.birthday))
        right.addRow(self.tr("地址"), self.errors.row("address", self.address))
        right.addRow(self.tr("客户来源"), self.errors.row("source", self.source))
        right.addRow(self.tr("方便联系时间"),
                     self.errors.row("preferred_contact_time", self.preferred_contact_time))
        right.addRow("", self.consent_contact)
        right.addRow(self.tr("备注"), self.errors.row("notes", self.notes))
        customer_box = QGroupBox(self.tr("客户信息"))
        columns = QHBoxLayout(customer_box)
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.vehicle_box: QGroupBox | None = None
        self.vehicle_form: VehicleForm | None = None
        if customer is None and first_vehicle:
            self.vehicle_box = QGroupBox(self.tr("同时登记第一辆车"))
            self.vehicle_box.setObjectName("firstVehicle")
            self.vehicle_box.setCheckable(True)
            self.vehicle_box.setChecked(True)
            self.vehicle_form = VehicleForm(self.errors)
            box_layout = QVBoxLayout(self.vehicle_box)
            box_layout.addWidget(self.vehicle_form)
        if customer is not None:
            self._fill(customer)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(customer_box)
        if self.vehicle_box is not None:
            layout.addWidget(self.vehicle_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.setMinimumWidth(860)
        self.name.setFocus()

    @staticmethod
    def _editable_combo(items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(items)
        combo.setCurrentIndex(-1)
        combo.setEditText("")
        return combo

    def _kind_changed(self) -> None:
        company = self.kind.currentData() == "company"
        self.id_label.setText(self.tr("统一社会信用代码") if company else self.tr("身份证号"))

    def _fill(self, c: CustomerView) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(c.kind), 0))
        self.name.setText(c.name)
        self.mobile.setText(c.mobile)
        self.other_phone.setText(c.other_phone)
        self.id_number.setText(c.id_number)
        self.address.setText(c.address)
        self.source.setEditText(c.source)
        self.preferred_contact_time.setEditText(c.preferred_contact_time)
        self.consent_contact.setChecked(c.consent_contact)
        self.notes.setPlainText(c.notes)
        self.birthday.set_value(c.birthday)
        for edit in (self.name, self.mobile, self.other_phone, self.id_number, self.address):
            edit.setCursorPosition(0)  # show the start of a long address, not its end

    def customer_input(self) -> CustomerInput:
        return CustomerInput(
            name=self.name.text(), kind=str(self.kind.currentData()), mobile=self.mobile.text(),
            other_phone=self.other_phone.text(), address=self.address.text(),
            id_number=self.id_number.text(), source=self.source.currentText(),
            preferred_contact_time=self.preferred_contact_time.currentText(),
            consent_contact=self.consent_contact.isChecked(), notes=self.notes.toPlainText(),
            birthday=self.birthday.value(),
        )

    def vehicle_input(self) -> VehicleInput | None:
        if self.vehicle_box is None or self.vehicle_form is None or not self.vehicle_box.isChecked():
            return None
        if self.vehicle_form.is_blank():
            return None  # the box was left on but nothing typed: a customer without a car yet
        return self.vehicle_form.value()

    def save_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def accept(self) -> None:
        if not self.save_button().isEnabled():
            return
        self.errors.clear()
        data = self.customer_input()
        vehicle = self.vehicle_input()
        confirm = self.vehicle_form is not None and self.vehicle_form.confirm_vin()
        services, actor, existing = self._services, self._actor, self._customer

        def save() -> CustomerView:
            if existing is not None:
                return services.customers.update(actor, existing.id, data,
                                                 expected_version=existing.row_version)
            if vehicle is not None:
                merge_validation(lambda: validate_customer(data),
                                 lambda: validate_vehicle(vehicle, confirm_vin=confirm))
            return services.customers.create(actor, data, vehicle, confirm_vin=confirm)

        self.save_button().setEnabled(False)
        run_op(save, self._saved, self._failed)

    def _saved(self, view: CustomerView) -> None:
        self.save_button().setEnabled(True)
        self.result_view = view
        self.saved.emit(view)
        super().accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button().setEnabled(True)
        self.errors.show(exc)
        if self.vehicle_form is not None:
            self.vehicle_form.show_vin_warning(exc)


__all__ = ["CustomerDialog"]
