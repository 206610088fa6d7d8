"""Settings page (系统设置): staff accounts, UI language, branch information.

Why the buttons are only a convenience: ``StaffService`` checks STAFF_MANAGE itself; the
page disables the buttons for other roles so nobody is offered what will be refused.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.registry import Services
from domain.services.staff import StaffView
from ui import i18n
from ui.alive import if_alive
from ui.dialogs.staff_dialog import ResetPasswordDialog, StaffCreateDialog
from ui.models.staff_model import StaffTableModel
from ui.operations import error_text, run_op
from ui.settings import UiSettings
from ui.widgets.field_errors import ERROR_STYLE


class StaffTab(QWidget):
    """员工账号: list, create, deactivate/reactivate, reset password."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.may_manage = can(actor, Permission.STAFF_MANAGE)

        self.model = StaffTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("staffTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        self.create_button = QPushButton(self.tr("新建员工…"))
        self.create_button.setObjectName("createStaffButton")
        self.deactivate_button = QPushButton(self.tr("停用账号"))
        self.deactivate_button.setObjectName("deactivateStaffButton")
        self.reactivate_button = QPushButton(self.tr("重新启用"))
        self.reactivate_button.setObjectName("reactivateStaffButton")
        self.reset_button = QPushButton(self.tr("重置密码…"))
        self.reset_button.setObjectName("resetPasswordButton")
        self.create_button.clicked.connect(self.create_staff)
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        self.reactivate_button.clicked.connect(lambda: self.set_active(True))
        self.reset_button.clicked.connect(self.reset_password)

        buttons = QHBoxLayout()
        for button in (self.create_button, self.deactivate_button, self.reactivate_button,
                       self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.note = QLabel(self.tr("只有管理员可以管理员工账号。"))
        self.note.setObjectName("staffNote")
        self.note.setStyleSheet("color: #666666;")
        self.note.setVisible(not self.may_manage)
        self.message = QLabel()
        self.message.setObjectName("staffMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        self._update_buttons()

    def refresh(self, select_id: str | None = None) -> None:
        staff, actor = self.services.staff, self.actor
        run_op(lambda: staff.list(actor),
               if_alive(self.model, lambda rows: self._loaded(rows, select_id)))

    def _loaded(self, rows: list[StaffView], select_id: str | None) -> None:
        self.model.set_staff(rows)
        if select_id is not None:
            self.select(select_id)

    def select(self, staff_id: str) -> None:
        row = self.model.row_of(staff_id)
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))

    def selected(self) -> StaffView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.staff_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        current = self.selected()
        self.create_button.setEnabled(self.may_manage)
        self.deactivate_button.setEnabled(self.may_manage and current is not None and current.active)
        self.reactivate_button.setEnabled(
            self.may_manage and current is not None and not current.active
        )
        self.reset_button.setEnabled(self.may_manage and current is not None)

    def create_staff(self) -> StaffCreateDialog:
        """Open the dialog window-modally (no nested event loop); refresh when it saved."""
        dialog = StaffCreateDialog(self.services, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            if dialog.created is not None:
                self._say(self.tr("已建立账号 %1（%2）。")
                          .replace("%1", dialog.created.username)
                          .replace("%2", dialog.created.display_name))
                self.refresh(select_id=dialog.created.id)

        dialog.accepted.connect(saved)
        dialog.open()
        return dialog

    def set_active(self, active: bool) -> None:
        current = self.selected()
        if current is None:
            return
        staff, actor = self.services.staff, self.actor

        def done(view: StaffView) -> None:
            text = self.tr("已停用账号 %1。") if not view.active else self.tr("已重新启用账号 %1。")
            self._say(text.replace("%1", view.username))
            self.refresh(select_id=view.id)

        run_op(lambda: staff.set_active(actor, current.id, active),
               if_alive(self.model, done), if_alive(self.model, self._show_error))

    def reset_password(self) -> ResetPasswordDialog | None:
        current = self.selected()
        if current is None:
            return None
        dialog = ResetPasswordDialog(self.services, self.actor, current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._say(
            self.tr("已为 %1 设置新密码。").replace("%1", current.display_name)))
        dialog.open()
        return dialog

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #1e7e34;")
        self.message.setText(text)
        self.message.show()

    def _show_error(self, exc: DomainError) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(exc))
        self.message.show()


class LanguageTab(QWidget):
    """界面语言: stored per PC in QSettings; the running window keeps its language."""

    def __init__(self, ui_settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui_settings = ui_settings
        self.combo = QComboBox()
        self.combo.setObjectName("languageCombo")
        for code, (_locale, label) in i18n.LANGUAGES.items():
            self.combo.addItem(label, code)
        self.combo.setCurrentIndex(max(0, self.combo.findData(ui_settings.language)))
        self.combo.currentIndexChanged.connect(self._changed)
        self.note = QLabel(self.tr("更改界面语言后，重新启动程序生效。打印的表单始终为中文。"))
        self.note.setObjectName("languageNote")
        self.note.setWordWrap(True)
        self.saved = QLabel()
        self.saved.setObjectName("languageSaved")
        self.saved.setStyleSheet("color: #1e7e34;")
        self.combo.setMinimumWidth(200)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("界面语言"), self.combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.saved)
        layout.addStretch(1)

    def _changed(self) -> None:
        self.ui_settings.language = str(self.combo.currentData())
        self.ui_settings.sync()
        self.saved.setText(self.tr("已保存：下次启动时使用“%1”。").replace("%1", self.combo.currentText()))


class BranchTab(QWidget):
    """门店信息 (read-only for now: the code is part of every record number)."""

    def __init__(self, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(10)
        mode = self.tr("总部") if branch.mode == "hq" else self.tr("门店")
        for name, label, value in (
            ("code", self.tr("门店代码"), branch.code),
            ("name", self.tr("门店名称"), branch.name),
            ("address", self.tr("地址"), branch.address),
            ("phone", self.tr("电话"), branch.phone),
            ("timezone", self.tr("时区"), branch.timezone),
            ("mode", self.tr("类型"), mode),
        ):
            shown = QLabel(value or "—")
            shown.setObjectName(f"branch_{name}")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        note = QLabel(self.tr("门店信息在首次设置时确定，暂不能在此修改。"))
        note.setStyleSheet("color: #666666;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)


class SettingsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 ui_settings: UiSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.staff_tab = StaffTab(services, actor)
        self.language_tab = LanguageTab(ui_settings or UiSettings())
        self.branch_tab = BranchTab(branch)
        self.tabs.addTab(self.staff_tab, self.tr("员工账号"))
        self.tabs.addTab(self.language_tab, self.tr("界面语言"))
        self.tabs.addTab(self.branch_tab, self.tr("门店信息"))
        if can(actor, Permission.SETTINGS_EDIT):
            from ui.pages.complaint_settings_tab import ComplaintSettingsTab

            self.complaint_tab = ComplaintSettingsTab(services, actor)
            self.tabs.addTab(self.complaint_tab, self.tr("投诉设置"))
            self.complaint_tab.refresh()
            from ui.pages.security_settings_tab import SecuritySettingsTab

            self.security_tab = SecuritySettingsTab(services, actor)
            self.tabs.addTab(self.security_tab, self.tr("安全设置"))
            self.security_tab.refresh()
            from ui.pages.pricing_settings_tab import PricingSettingsTab

            self.pricing_tab = PricingSettingsTab(services, actor)
            self.tabs.addTab(self.pricing_tab, self.tr("价格与税率"))
            self.pricing_tab.refresh()
            from ui.pages.kpi_settings_tab import KpiSettingsTab

            self.kpi_tab = KpiSettingsTab(services, actor)
            self.tabs.addTab(self.kpi_tab, self.tr("指标设置"))
            self.kpi_tab.refresh()
            if branch.mode != "hq":  # each branch's own; HQ divides by the branches' calendars
                from ui.pages.calendar_settings_tab import CalendarSettingsTab

                self.calendar_tab = CalendarSettingsTab(services, actor)
                self.tabs.addTab(self.calendar_tab, self.tr("工作日历"))
                self.calendar_tab.refresh()
        if can(actor, Permission.DEMO_DATA) and branch.mode != "hq":  # 清除演示数据 (issue 23 item 7)
            from ui.pages.demo_removal_tab import DemoRemovalTab

            self.demo_tab = DemoRemovalTab(services, actor)
            self.tabs.addTab(self.demo_tab, self.tr("演示数据"))
        if can(actor, Permission.AUDIT_VIEW):
            from ui.pages.audit_page import AuditPage

            self.audit_tab = AuditPage(services, actor, branch.timezone)
            self.add_tab(self.audit_tab, self.tr("操作日志"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.staff_tab.refresh()

    def add_tab(self, widget: QWidget, title: str) -> None:
        """Further settings panels (e.g. backup) that need objects only the app can wire."""
        self.tabs.addTab(widget, title)
