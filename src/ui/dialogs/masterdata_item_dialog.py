"""Add or edit one item of the shop's master data: a labour operation, a part price, a
sundry item or a campaign (工时项目 / 配件价格 / 杂项 / 服务活动).

Why one small frame for the four: each is a handful of fields checked by the domain (the
code's form, no negative price, HQ's codes stay HQ's); the frame shows each refusal next to
its field, keeps what was typed, and closes only when the service accepted the save. The
code cannot change on an edit: it is the item's name on every order that used it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError, ValidationErrors
from domain.roles import Actor
from domain.services.masterdata import CampaignView, LabourCodeView, PartPriceView, SundryItemView
from domain.services.registry import Services
from ui.operations import run_op
from ui.widgets.amounts import number_edit, parse_fen, parse_scaled, scaled_text
from ui.widgets.field_errors import FieldErrors
from ui.widgets.optional_date import OptionalDateEdit

Save = Callable[[], Any]


class MasterFormDialog(QDialog):
    """Subclasses add rows with :meth:`add_row` and return the service call from :meth:`submission`."""

    saved = Signal(object)  # the saved item's view
    field_aliases: dict[str, str] = {}  # a domain field shown in a box of another name

    def __init__(self, services: Services, actor: Actor, title: str, editing: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.editing = services, actor, editing
        self.result_view: Any = None
        self.setWindowTitle(title)
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.save_button.setObjectName("saveButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.general)
        self.body.addLayout(self.form)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.setMinimumWidth(440)

    def finish_layout(self) -> None:
        self.body.addStretch(1)
        self.body.addWidget(self.buttons)

    def add_row(self, label: str, name: str, widget: QWidget) -> None:
        if not widget.objectName():
            widget.setObjectName(name)
        self.form.addRow(label, self.errors.row(name, widget))

    def code_box(self, code: str, placeholder: str) -> QLineEdit:
        box = QLineEdit(code)
        box.setPlaceholderText(placeholder)
        box.setReadOnly(self.editing)
        return box

    def submission(self) -> Save:
        raise NotImplementedError

    def accept(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        try:
            call = self.submission()
        except DomainError as exc:
            self.show_error(exc)
            return
        self.save_button.setEnabled(False)
        run_op(call, self._saved, self._failed)

    def _saved(self, view: Any) -> None:
        self.save_button.setEnabled(True)
        self.result_view = view
        self.saved.emit(view)
        super().accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        self.show_error(exc)

    def show_error(self, exc: DomainError) -> None:
        for error in exc.errors if isinstance(exc, ValidationErrors) else [exc]:
            if error.field in self.field_aliases:
                error.field = self.field_aliases[error.field]
        self.errors.show(exc)


class LabourItemDialog(MasterFormDialog):
    """工时项目: code, name, standard hours, hourly rate (a new one starts at the shop's rate)."""

    def __init__(self, services: Services, actor: Actor, item: LabourCodeView | None = None,
                 default_rate_fen: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, self.tr("修改工时项目") if item else self.tr("新增工时项目"),
                         item is not None, parent)
        self.setObjectName("labourItemDialog")
        self.item = item
        self.code = self.code_box(item.code if item else "", self.tr("如 BY01"))
        self.name = QLineEdit(item.name if item else "")
        self.hours = number_edit(2, "hours", self.tr("如 1.5"))
        self.rate = number_edit(2, "rate", self.tr("元/小时"))
        self.active = QCheckBox(self.tr("启用（开单时可选）"))
        self.active.setObjectName("active")
        self.active.setChecked(item.active if item else True)
        if item is not None:
            self.hours.setText(scaled_text(item.standard_hours_centi, 2))
            self.rate.setText(scaled_text(item.rate_fen, 2))
        elif default_rate_fen:
            self.rate.setText(scaled_text(default_rate_fen, 2))
        self.add_row(self.tr("工时代码"), "code", self.code)
        self.add_row(self.tr("名称"), "name", self.name)
        self.add_row(self.tr("标准工时(小时)"), "hours", self.hours)
        self.add_row(self.tr("工时单价(元/小时)"), "rate", self.rate)
        self.form.addRow("", self.active)
        self.finish_layout()
        (self.name if item else self.code).setFocus()

    def submission(self) -> Save:
        hours = parse_scaled(self.hours.text(), 2, self.tr("标准工时"), "hours")
        rate = parse_fen(self.rate.text(), self.tr("工时单价"), "rate")
        md, actor, item = self.services.master_data, self.actor, self.item
        code, name, active = self.code.text(), self.name.text(), self.active.isChecked()
        return lambda: md.save_labour_code(actor, code=code, name=name, standard_hours_centi=hours, rate_fen=rate,
                                           active=active, new=item is None,
                                           expected_version=item.row_version if item else None)


class PartItemDialog(MasterFormDialog):
    """配件价格: part number, name, retail price, unit."""

    field_aliases = {"code": "part_no"}

    def __init__(self, services: Services, actor: Actor, item: PartPriceView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, self.tr("修改配件价格") if item else self.tr("新增配件价格"),
                         item is not None, parent)
        self.setObjectName("partItemDialog")
        self.item = item
        self.part_no = self.code_box(item.part_no if item else "", self.tr("如 90915-YZZD1"))
        self.name = QLineEdit(item.name if item else "")
        self.price = number_edit(2, "price", self.tr("元"))
        self.unit = QLineEdit(item.unit if item else self.tr("件"))
        self.unit.setMaxLength(8)
        self.active = QCheckBox(self.tr("启用（开单时可选）"))
        self.active.setObjectName("active")
        self.active.setChecked(item.active if item else True)
        if item is not None:
            self.price.setText(scaled_text(item.price_fen, 2))
        self.add_row(self.tr("配件编号"), "part_no", self.part_no)
        self.add_row(self.tr("配件名称"), "name", self.name)
        self.add_row(self.tr("价格(元)"), "price", self.price)
        self.add_row(self.tr("单位"), "unit", self.unit)
        self.form.addRow("", self.active)
        self.finish_layout()
        (self.name if item else self.part_no).setFocus()

    def submission(self) -> Save:
        price = parse_fen(self.price.text(), self.tr("价格"), "price")
        md, actor, item = self.services.master_data, self.actor, self.item
        part_no, name, unit, active = self.part_no.text(), self.name.text(), self.unit.text(), self.active.isChecked()
        return lambda: md.save_part_price(actor, part_no=part_no, name=name, price_fen=price, unit=unit,
                                          active=active, new=item is None,
                                          expected_version=item.row_version if item else None)


class SundryItemDialog(MasterFormDialog):
    """杂项: a lump-sum charge with its usual amount."""

    def __init__(self, services: Services, actor: Actor, item: SundryItemView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, self.tr("修改杂项") if item else self.tr("新增杂项"),
                         item is not None, parent)
        self.setObjectName("sundryItemDialog")
        self.item = item
        self.code = self.code_box(item.code if item else "", self.tr("如 ZX01"))
        self.name = QLineEdit(item.name if item else "")
        self.name.setPlaceholderText(self.tr("如：废油处理费"))
        self.amount = number_edit(2, "amount", self.tr("元"))
        self.active = QCheckBox(self.tr("启用（开单时可选）"))
        self.active.setObjectName("active")
        self.active.setChecked(item.active if item else True)
        if item is not None:
            self.amount.setText(scaled_text(item.amount_fen, 2))
        self.add_row(self.tr("杂项编号"), "code", self.code)
        self.add_row(self.tr("名称"), "name", self.name)
        self.add_row(self.tr("金额(元)"), "amount", self.amount)
        self.form.addRow("", self.active)
        self.finish_layout()
        (self.name if item else self.code).setFocus()

    def submission(self) -> Save:
        amount = parse_fen(self.amount.text(), self.tr("金额"), "amount")
        md, actor, item = self.services.master_data, self.actor, self.item
        code, name, active = self.code.text(), self.name.text(), self.active.isChecked()
        return lambda: md.save_sundry_item(actor, code=code, name=name, amount_fen=amount, active=active,
                                           new=item is None, expected_version=item.row_version if item else None)


class CampaignItemDialog(MasterFormDialog):
    """服务活动 / 召回: who it is for (a VIN range or a model), when, and its price if any."""

    def __init__(self, services: Services, actor: Actor, item: CampaignView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, self.tr("修改服务活动") if item else self.tr("新增服务活动"),
                         item is not None, parent)
        self.setObjectName("campaignItemDialog")
        self.item = item
        self.code = self.code_box(item.code if item else "", self.tr("如 HD2607"))
        self.title = QLineEdit(item.title if item else "")
        self.kind = QComboBox()
        self.kind.addItem(self.tr("服务活动"), "campaign")
        self.kind.addItem(self.tr("召回"), "recall")
        self.price = number_edit(2, "price", self.tr("元，免费则不填"))
        self.starts = OptionalDateEdit()
        self.ends = OptionalDateEdit()
        self.model = QLineEdit(item.model if item else "")
        self.model.setPlaceholderText(self.tr("适用车型（不按 VIN 时填写）"))
        self.vin_from = QLineEdit(item.vin_from if item else "")
        self.vin_to = QLineEdit(item.vin_to if item else "")
        for box in (self.vin_from, self.vin_to):
            box.setMaxLength(17)
        self.description = QPlainTextEdit(item.description if item else "")
        self.description.setMaximumHeight(70)
        if item is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind)))
            if item.price_fen:
                self.price.setText(scaled_text(item.price_fen, 2))
            self.starts.set_value(item.starts_on)
            self.ends.set_value(item.ends_on)
        self.add_row(self.tr("活动编号"), "code", self.code)
        self.add_row(self.tr("活动名称"), "title", self.title)
        self.add_row(self.tr("类型"), "kind", self.kind)
        self.add_row(self.tr("价格(元)"), "price", self.price)
        self.add_row(self.tr("开始日期"), "starts_on", self.starts)
        self.add_row(self.tr("结束日期"), "ends_on", self.ends)
        self.add_row(self.tr("车型"), "model", self.model)
        self.add_row(self.tr("VIN 起"), "vin_from", self.vin_from)
        self.add_row(self.tr("VIN 止"), "vin_to", self.vin_to)
        self.add_row(self.tr("说明"), "description", self.description)
        self.finish_layout()
        (self.title if item else self.code).setFocus()

    def submission(self) -> Save:
        price = parse_fen(self.price.text(), self.tr("价格"), "price", required=False)
        md, actor, item = self.services.master_data, self.actor, self.item
        code, title, kind = self.code.text(), self.title.text(), str(self.kind.currentData())
        vin_from, vin_to, model = self.vin_from.text(), self.vin_to.text(), self.model.text()
        starts, ends, description = self.starts.value(), self.ends.value(), self.description.toPlainText()
        return lambda: md.save_campaign(actor, code=code, title=title, kind=kind, vin_from=vin_from, vin_to=vin_to,
                                        model=model, starts_on=starts, ends_on=ends, description=description,
                                        price_fen=price, new=item is None,
                                        expected_version=item.row_version if item else None)


__all__ = ["CampaignItemDialog", "LabourItemDialog", "MasterFormDialog", "PartItemDialog", "SundryItemDialog"]
