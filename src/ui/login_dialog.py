"""Login (登录): user name and password; the service decides, the dialog explains.

Why errors stay in the dialog: a wrong password, a locked or a deactivated account is
ordinary at a shared counter PC; a pop-up on top of the login window hides the fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from common.product import PRODUCT_NAME_ZH, version
from domain.errors import DomainError
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.operations import error_text, run_op
from ui.widgets.field_errors import ERROR_STYLE


class LoginDialog(QDialog):
    """``exec()`` returns Accepted with :attr:`actor` set once the service accepted."""

    def __init__(self, services: Services, branch: BranchView | None = None,
                 username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 — 售后管家"))
        self.setMinimumWidth(420)

        title = QLabel(PRODUCT_NAME_ZH)
        title.setObjectName("loginTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(
            f"{branch.code}  {branch.name}" if branch is not None else self.tr("汽车售后服务管理")
        )
        subtitle.setObjectName("loginBranch")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("用户名"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.username)
        form.addRow(self.tr("密码："), self.password)

        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(self.tr("登录"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        version_label = QLabel(self.tr("版本 %1").replace("%1", version()))
        version_label.setObjectName("loginVersion")
        version_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        version_label.setStyleSheet("color: #888888;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        layout.addWidget(version_label)


    def showEvent(self, event: QShowEvent) -> None:
        """Put the cursor where typing starts: the password when the name is known."""
        super().showEvent(event)
        (self.password if self.username.text() else self.username).setFocus()

    def submit(self) -> None:
        """Enter in either field or the 登录 button; one login call at a time."""
        if not self.login_button.isEnabled():
            return
        username = self.username.text().strip()
        if not username:
            self._show_error(self.tr("请输入用户名"))
            self.username.setFocus()
            return
        password = self.password.text()
        self._set_busy(True)
        self.error.hide()
        staff = self.services.staff
        run_op(lambda: staff.login(username, password),
               if_alive(self, self._logged_in), if_alive(self, self._refused))

    def _logged_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.password.clear()
        self.accept()

    def _refused(self, exc: DomainError) -> None:
        self._set_busy(False)
        self._show_error(error_text(exc))
        self.password.clear()
        self.password.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
