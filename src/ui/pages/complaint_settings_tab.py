"""投诉设置 in settings: the slip's copies (联次: name, destination, colour) and paper, the
internal deadlines and the penalties' amounts (issue 15), and each staff member's pay basis
for deductions (部门, 基本点数, 月度效益奖金, 总经理).

Why here and not in a config file: both travel with the branch database (the copies are
routed as the branch's own regulation says; base points change with each review). Who
may edit: the manager and the administrator (SETTINGS_EDIT); only the administrator sets
the 总经理 flag (STAFF_MANAGE), so a manager cannot raise his own approval authority.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.complaint_rules import InternalRules, PenaltyRules
from domain.errors import DomainError, ValidationError
from domain.roles import MANAGERS, Actor, Permission, can, role_label
from domain.services.complaints import ComplaintSettings, StaffPayBasis
from domain.services.registry import Services
from domain.settings_defaults import COMPLAINT_COPIES, COMPLAINT_PAPER
from ui.alive import if_alive
from ui.i18n import language
from ui.operations import error_text, run_op
from ui.widgets.amounts import number_edit, parse_fen, scaled_text

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_COPIES = 9
PAY_DEPARTMENT, PAY_POINTS, PAY_BONUS, PAY_GM = 2, 3, 4, 5


class ComplaintSettingsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintSettings")
        self.services, self.actor = services, actor
        self._basis: list[StaffPayBasis] = []
        self.status = QLabel()
        self.status.setObjectName("complaintSettingsStatus")
        self.status.setWordWrap(True)

        copies_box = QGroupBox(self.tr("投诉处理表联次与纸张"))
        self.copies = QTableWidget(0, 4)
        self.copies.setObjectName("complaintCopies")
        self.copies.setHorizontalHeaderLabels([self.tr("联次"), self.tr("去向"), self.tr("颜色(#RRGGBB)"),
                                               self.tr("颜色名称")])
        self.copies.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.copies.verticalHeader().hide()
        self.paper = QComboBox()
        self.paper.setObjectName("complaintPaper")
        self.paper.addItem(self.tr("A4"), "a4")
        self.paper.addItem(self.tr("A5"), "a5")
        self.paper.addItem(self.tr("241 mm 多联纸（只打一份）"), "241")
        self.add_copy = QPushButton(self.tr("添加联次"))
        self.add_copy.setObjectName("addCopy")
        self.remove_copy = QPushButton(self.tr("删除所选联次"))
        self.remove_copy.setObjectName("removeCopy")
        self.save_copies = QPushButton(self.tr("保存联次与纸张"))
        self.save_copies.setObjectName("saveCopies")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("纸张")))
        bar.addWidget(self.paper)
        bar.addStretch(1)
        bar.addWidget(self.add_copy)
        bar.addWidget(self.remove_copy)
        bar.addWidget(self.save_copies)
        box = QVBoxLayout(copies_box)
        box.addWidget(self.copies)
        box.addLayout(bar)

        rules_box = QGroupBox(self.tr("内部期限与奖罚金额"))
        self.report_days = QSpinBox()
        self.report_days.setObjectName("reportDays")
        self.opinion_days = QSpinBox()
        self.opinion_days.setObjectName("opinionDays")
        for spin in (self.report_days, self.opinion_days):
            spin.setRange(1, 30)
            spin.setSuffix(self.tr(" 天"))
        self.warning_amount = number_edit(2, "warningAmount", self.tr("元"))
        self.minor_amount = number_edit(2, "minorAmount", self.tr("元"))
        self.major_amount = number_edit(2, "majorAmount", self.tr("0 = 当月全部效益奖金"))
        self.save_rules = QPushButton(self.tr("保存期限与金额"))
        self.save_rules.setObjectName("saveRules")
        rules = QFormLayout(rules_box)
        rules.addRow(self.tr("调查报告：受理后"), self.report_days)
        rules.addRow(self.tr("综合意见：调查报告后"), self.opinion_days)
        rules.addRow(self.tr("警告金额(元)"), self.warning_amount)
        rules.addRow(self.tr("小过金额(元)"), self.minor_amount)
        rules.addRow(self.tr("大过金额(元)"), self.major_amount)
        rules.addRow("", self.save_rules)

        pay_box = QGroupBox(self.tr("员工罚扣基数"))
        self.pay = QTableWidget(0, 6)
        self.pay.setObjectName("payBasis")
        self.pay.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("角色"), self.tr("部门"),
                                            self.tr("基本点数"), self.tr("月度效益奖金(元)"), self.tr("总经理")])
        self.pay.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.pay.verticalHeader().hide()
        self.pay.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.save_pay = QPushButton(self.tr("保存所选员工"))
        self.save_pay.setObjectName("savePayBasis")
        pay_bar = QHBoxLayout()
        pay_bar.addWidget(QLabel(self.tr("罚扣 = 损失 ÷ 部门基本点数合计 × 本人基本点数，每月最多扣月度奖金的 50%。")))
        pay_bar.addStretch(1)
        pay_bar.addWidget(self.save_pay)
        pay_layout = QVBoxLayout(pay_box)
        pay_layout.addWidget(self.pay)
        pay_layout.addLayout(pay_bar)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(copies_box, 1)
        layout.addWidget(rules_box)
        layout.addWidget(pay_box, 2)
        self.add_copy.clicked.connect(lambda: self._add_copy_row("", "", "#FFFFFF", ""))
        self.remove_copy.clicked.connect(self._remove_copy_row)
        self.save_copies.clicked.connect(self.save_copy_settings)
        self.save_pay.clicked.connect(self.save_selected_pay)
        self.save_rules.clicked.connect(self.save_rule_settings)
        editable = can(actor, Permission.SETTINGS_EDIT)
        for widget in (self.add_copy, self.remove_copy, self.save_copies, self.save_pay, self.paper,
                       self.save_rules):
            widget.setEnabled(editable)

    # --- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        services, actor = self.services, self.actor
        run_op(services.complaints.settings, if_alive(self, self._settings_loaded), if_alive(self, self._error))
        if can(actor, Permission.SETTINGS_EDIT):
            run_op(lambda: services.complaints.pay_basis(actor), if_alive(self, self._pay_loaded),
                   if_alive(self, self._error))

    def _settings_loaded(self, settings: ComplaintSettings) -> None:
        self.copies.setRowCount(0)
        for copy in settings.copies:
            self._add_copy_row(copy.name, copy.destination, copy.colour, copy.colour_name)
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.paper)))
        self.report_days.setValue(settings.internal.report_days)
        self.opinion_days.setValue(settings.internal.opinion_days)
        for edit, fen in ((self.warning_amount, settings.penalties.warning_fen),
                          (self.minor_amount, settings.penalties.minor_fen),
                          (self.major_amount, settings.penalties.major_fen)):
            edit.setText(scaled_text(fen, 2))

    def _add_copy_row(self, name: str, destination: str, colour: str, colour_name: str) -> None:
        row = self.copies.rowCount()
        self.copies.insertRow(row)
        for column, text in enumerate((name, destination, colour, colour_name)):
            item = QTableWidgetItem(text)
            if column == 2 and _COLOUR.match(text):
                item.setBackground(QBrush(QColor(text)))
            self.copies.setItem(row, column, item)

    def _remove_copy_row(self) -> None:
        row = self.copies.currentRow()
        if row >= 0:
            self.copies.removeRow(row)

    def _pay_loaded(self, rows: list[StaffPayBasis]) -> None:
        self._basis = rows
        self.pay.setRowCount(0)
        gm_editable = can(self.actor, Permission.STAFF_MANAGE)
        for basis in rows:
            row = self.pay.rowCount()
            self.pay.insertRow(row)
            for column, text in ((0, basis.name), (1, role_label(basis.role, language()))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.pay.setItem(row, column, item)
            self.pay.setItem(row, PAY_DEPARTMENT, QTableWidgetItem(basis.department))
            self.pay.setItem(row, PAY_POINTS, QTableWidgetItem(str(basis.base_points)))
            self.pay.setItem(row, PAY_BONUS, QTableWidgetItem(scaled_text(basis.monthly_bonus_fen, 2)))
            gm = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if gm_editable and basis.role in MANAGERS:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            gm.setFlags(flags)
            gm.setCheckState(Qt.CheckState.Checked if basis.is_general_manager else Qt.CheckState.Unchecked)
            self.pay.setItem(row, PAY_GM, gm)

    # --- saving ------------------------------------------------------------------------
    def _cell(self, table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def copy_values(self) -> list[dict[str, str]]:
        copies: list[dict[str, str]] = []
        for row in range(self.copies.rowCount()):
            name, destination, colour, colour_name = (self._cell(self.copies, row, c) for c in range(4))
            if not name:
                raise ValidationError("required", "copies", label=self.tr("第 %1 行联次名称").replace("%1", str(row + 1)))
            if not _COLOUR.match(colour):
                raise ValidationError("complaint.invalid_choice", "copies", label=self.tr("颜色"), value=colour)
            copies.append({"name": name, "destination": destination, "colour": colour.upper(),
                           "colour_name": colour_name})
        if not 1 <= len(copies) <= MAX_COPIES:
            raise ValidationError("number.range", "copies", label=self.tr("联数"), min=1, max=MAX_COPIES)
        return copies

    def save_copy_settings(self) -> None:
        try:
            copies = self.copy_values()
        except DomainError as exc:
            self._error(exc)
            return
        paper, services, actor = str(self.paper.currentData()), self.services, self.actor

        def save() -> ComplaintSettings:
            services.settings.set(actor, COMPLAINT_COPIES, copies)
            services.settings.set(actor, COMPLAINT_PAPER, paper)
            return services.complaints.settings()

        def saved(settings: ComplaintSettings) -> None:
            self._settings_loaded(settings)
            self._say(self.tr("已保存：%1 联，纸张 %2").replace("%1", str(len(settings.copies)))
                      .replace("%2", self.paper.currentText()))

        run_op(save, if_alive(self, saved), if_alive(self, self._error))

    def save_rule_settings(self) -> None:
        """Issue 15: the internal deadlines' days and the penalties' amounts (大过 0: the bonus)."""
        try:
            internal = InternalRules(self.report_days.value(), self.opinion_days.value())
            penalties = PenaltyRules(
                parse_fen(self.warning_amount.text(), self.tr("警告金额"), "penalty_warning_fen"),
                parse_fen(self.minor_amount.text(), self.tr("小过金额"), "penalty_minor_fen"),
                parse_fen(self.major_amount.text() or "0", self.tr("大过金额"), "penalty_major_fen"))
        except DomainError as exc:
            self._error(exc)
            return
        services, actor = self.services, self.actor

        def saved(settings: ComplaintSettings) -> None:
            self._settings_loaded(settings)
            self._say(self.tr("已保存内部期限与奖罚金额"))

        run_op(lambda: services.complaints.set_rules(actor, internal, penalties), if_alive(self, saved),
               if_alive(self, self._error))

    def save_selected_pay(self) -> None:
        row = self.pay.currentRow()
        if not 0 <= row < len(self._basis):
            return
        basis = self._basis[row]
        department = self._cell(self.pay, row, PAY_DEPARTMENT)
        points_text = self._cell(self.pay, row, PAY_POINTS)
        try:
            if not points_text.isdigit():
                raise ValidationError("complaint.invalid_choice", "base_points", label=self.tr("基本点数"),
                                      value=points_text)
            bonus = parse_fen(self._cell(self.pay, row, PAY_BONUS), self.tr("月度效益奖金"), "monthly_bonus_fen")
        except DomainError as exc:
            self._error(exc)
            return
        gm_item = self.pay.item(row, PAY_GM)
        gm = gm_item is not None and gm_item.checkState() == Qt.CheckState.Checked
        services, actor, points = self.services, self.actor, int(points_text)
        set_gm = can(actor, Permission.STAFF_MANAGE) and gm != basis.is_general_manager

        def save() -> StaffPayBasis:
            result = services.complaints.set_pay_basis(actor, basis.staff_id, department=department,
                                                       base_points=points, monthly_bonus_fen=bonus)
            if set_gm:
                result = services.complaints.set_general_manager(actor, basis.staff_id, gm)
            return result

        def saved(result: StaffPayBasis) -> None:
            self._basis[row] = result
            self._say(self.tr("已保存 %1 的罚扣基数").replace("%1", result.name))

        run_op(save, if_alive(self, saved), if_alive(self, self._error))

    def _say(self, text: str) -> None:
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(text)

    def _error(self, exc: DomainError) -> None:
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(error_text(exc))


__all__ = ["ComplaintSettingsTab"]
