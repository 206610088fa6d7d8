"""Login (登录): user name and password; the service decides, the dialog explains.

Why errors stay in the dialog: a wrong password, a locked or a deactivated account is
ordinary at a shared counter PC; a pop-up on top of the login window hides the fields.

Why the dialog names the database: with several PCs a desk works on the main PC's
database; "数据库：本店主机 192.168.1.10:5432" tells the counter whose records it is about
to see. When the main PC does not answer at start, :class:`UnreachableDialog` shows instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
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
                 username: str = "", parent: QWidget | None = None, *,
                 database: str = "") -> None:
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
        self.database = QLabel(self.tr("数据库：%1").replace("%1", database))
        self.database.setObjectName("loginDatabase")
        self.database.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.database.setWordWrap(True)
        self.database.setStyleSheet("color: #666666;")
        self.database.setVisible(bool(database))

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
        layout.addWidget(self.database)
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


class UnreachableDialog(QDialog):
    """The main PC does not answer: one sentence naming it, 重试 and 退出, nothing else.

    Why no way around it: a desk that quietly opened some local database would take the
    morning's cars into a database nobody else sees. 重试 runs ``retry`` on the database
    thread (a connection attempt waits up to a few seconds); ``exec()`` returns Accepted
    with :attr:`opened` set once it succeeded, Rejected on 退出.
    """

    def __init__(self, message: str, retry: Callable[[], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._retry = retry
        self.opened: Any = None
        self.setObjectName("unreachableDialog")
        self.setWindowTitle(self.tr("无法连接本店主机 — 售后管家"))
        self.setMinimumWidth(460)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                       .pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(message)
        self.message.setObjectName("unreachableMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(self.tr("请确认主机已开机、售后管家数据库已启动、网线或无线网络已连接，然后点“重试”。"))
        hint.setObjectName("unreachableHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666666;")
        self.retry_button = QPushButton(self.tr("重试"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setDefault(True)
        self.retry_button.clicked.connect(self.retry)
        self.quit_button = QPushButton(self.tr("退出"))
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(hint)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 12)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def retry(self) -> None:
        if not self.retry_button.isEnabled():
            return
        self.retry_button.setEnabled(False)
        self.quit_button.setEnabled(False)
        self.message.setStyleSheet("color: #666666;")
        self.message.setText(self.tr("正在连接……"))
        run_op(self._retry, if_alive(self, self._opened), if_alive(self, self._refused))

    def _opened(self, opened: Any) -> None:
        self.opened = opened
        self.accept()

    def _refused(self, exc: DomainError) -> None:
        self.message.setStyleSheet("")
        self.message.setText(error_text(exc))
        self.retry_button.setEnabled(True)
        self.quit_button.setEnabled(True)
        self.retry_button.setFocus()

    def reject(self) -> None:
        if self.quit_button.isEnabled():  # not while an attempt runs (Esc): it may just succeed
            super().reject()
