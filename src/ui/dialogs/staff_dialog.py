"""Staff account dialogs (新建员工 / 重置密码) used by the settings page.

Why the dialog runs the service call itself: it stays open, with the message under the
offending field, until the service has accepted; it closes only on success.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import LOGIN_ROLES, Actor, Role, role_label
from domain.services.registry import Services
from domain.services.staff import StaffView
from ui import i18n
from ui.alive import if_alive
from ui.operations import error_text, run_op
from ui.widgets.field_errors import ERROR_STYLE, FieldErrors, error_label

W = TypeVar("W", bound=QWidget)


class _ServiceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.form.setVerticalSpacing(4)
        self.general_error = QLabel()
        self.general_error.setObjectName("dialogError")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def add_row(self, field: str, label: str, widget: W) -> W:
        widget.setObjectName(f"field_{field}")
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors.add(field, error_label(field), widget))
        self.form.addRow(label, box)
        return widget

    def submit(self) -> None:
        raise NotImplementedError

    def _start(self) -> None:
        self.errors.clear()
        self.general_error.hide()
        self.ok_button.setEnabled(False)

    def _refused(self, exc: DomainError) -> None:
        self.ok_button.setEnabled(True)
        unplaced = self.errors.place(exc)
        if unplaced:
            self.general_error.setText("\n".join(error_text(e) for e in unplaced))
            self.general_error.show()

    def _passwords_match(self, first: QLineEdit, second: QLineEdit, field: str) -> bool:
        if first.text() == second.text():
            return True
        self.errors.clear()
        self.errors.set(field, self.tr("两次输入的密码不一致"))
        second.selectAll()
        second.setFocus()
        return False


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class StaffCreateDialog(_ServiceDialog):
    """新建员工账号."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.created: StaffView | None = None
        self.setObjectName("staffCreateDialog")
        self.setWindowTitle(self.tr("新建员工账号"))
        self.username = self.add_row("username", self.tr("用户名"), QLineEdit())
        self.username.setPlaceholderText(self.tr("登录用，字母、数字、下划线，3–32 位"))
        self.display_name = self.add_row("display_name", self.tr("姓名"), QLineEdit())
        self.role = QComboBox()
        for role in LOGIN_ROLES:
            self.role.addItem(role_label(role, i18n.language()), role.value)
        self.role.setCurrentIndex(self.role.findData(Role.ADVISOR.value))
        self.add_row("role", self.tr("岗位"), self.role)
        self.password = self.add_row("password", self.tr("初始密码"), _password_edit())
        self.password2 = self.add_row("password2", self.tr("再次输入密码"), _password_edit())

    def select_role(self, role: Role) -> None:
        self.role.setCurrentIndex(self.role.findData(role.value))

    def submit(self) -> None:
        if not self._passwords_match(self.password, self.password2, "password2"):
            return
        self._start()
        staff, actor = self.services.staff, self.actor
        values = {
            "username": self.username.text(),
            "display_name": self.display_name.text(),
            "role": str(self.role.currentData()),
            "password": self.password.text(),
        }
        run_op(lambda: staff.create(actor, **values),
               if_alive(self, self._created), if_alive(self, self._refused))

    def _created(self, view: StaffView) -> None:
        self.created = view
        self.accept()


class ResetPasswordDialog(_ServiceDialog):
    """重置密码: the administrator sets a new password for a colleague who forgot theirs."""

    def __init__(self, services: Services, actor: Actor, staff: StaffView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.staff = staff
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("重置密码"))
        who = QLabel(self.tr("为 %1（%2）设置新密码：")
                     .replace("%1", staff.display_name).replace("%2", staff.username))
        who.setWordWrap(True)
        self.form.addRow(who)
        self.password = self.add_row("password", self.tr("新密码"), _password_edit())
        self.password2 = self.add_row("password2", self.tr("再次输入密码"), _password_edit())

    def submit(self) -> None:
        if not self._passwords_match(self.password, self.password2, "password2"):
            return
        self._start()
        staff, actor, staff_id = self.services.staff, self.actor, self.staff.id
        password = self.password.text()
        run_op(lambda: staff.reset_password(actor, staff_id, password),
               if_alive(self, lambda _none: self.accept()), if_alive(self, self._refused))
