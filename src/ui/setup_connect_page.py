"""First-run set-up, third choice: 连接本店主机 (this PC is a desk of the shop's main PC).

Why Finish waits for 测试连接: a desk that remembered a wrong address would greet the
counter with "cannot reach the main PC" every morning; the test shows the answer on the
page (the branch found there, or the one-sentence refusal: 用户名或密码不对 …) and only an
answer for exactly the address shown may be finished with. The main PC's 系统设置 → 多台电脑
copies the whole address (``postgresql://…``); pasted into 主机地址 it fills every field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
    QWizardPage,
)

from domain.errors import DomainError
from ui.alive import if_alive
from ui.operations import error_text, run_op
from ui.widgets.field_errors import ERROR_STYLE

DEFAULT_PORT = 5432
DEFAULT_USER = "dealerdesk"
DEFAULT_DATABASE = "dealerdesk"
OK_STYLE = "color: #1e7e34;"


@dataclass(frozen=True)
class ServerAddress:
    """What the desk typed: where the main PC's database is and how to log in to it."""

    host: str
    port: int
    user: str
    password: str
    database: str = DEFAULT_DATABASE

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}"


class ServerFound(Protocol):
    """What 测试连接 found (``app.multi_pc.ServerCheck``); no branch: a new main PC."""

    @property
    def branch_code(self) -> str | None: ...
    @property
    def branch_name(self) -> str | None: ...
    @property
    def mode(self) -> str | None: ...


class ConnectPage(QWizardPage):
    """主机地址, 端口, 用户名, 密码 and 测试连接; complete once the test answered yes.

    Next on a server without a branch emits :attr:`empty_server` (a signal, not a stored
    callback: a page holding its wizard's method would make a reference cycle that Python's
    collector may break on the database thread, deleting widgets there)."""

    empty_server = Signal(object)  # ServerAddress

    def __init__(self, check: Callable[[ServerAddress], ServerFound],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.found: ServerFound | None = None
        self._tested: ServerAddress | None = None
        self._busy = False
        self.database = DEFAULT_DATABASE
        self.empty_next_id = -1
        self.setTitle(self.tr("连接本店主机"))
        self.setSubTitle(self.tr("这台电脑使用本店主机上的数据库。要填写的内容在主机的 系统设置 → 多台电脑 中。"))

        self.host = self._edit("server_host", placeholder=self.tr("如 192.168.1.10 或主机的电脑名"))
        self.port = self._edit("server_port", str(DEFAULT_PORT))
        self.port.setValidator(QIntValidator(1, 65535, self.port))
        self.port.setMaximumWidth(120)
        self.user = self._edit("server_user", DEFAULT_USER)
        self.password = self._edit("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setObjectName("connectResult")
        self.result.setWordWrap(True)
        self.result.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.result.hide()

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("主机地址 *"), self.host)
        form.addRow(self.tr("端口 *"), self.port)
        form.addRow(self.tr("用户名 *"), self.user)
        form.addRow(self.tr("密码 *"), self.password)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow("", self.result)
        hint = QLabel(self.tr("也可以把主机上复制的整个地址（postgresql://…）粘贴到“主机地址”。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666666;")
        hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", hint)
        self.host.textChanged.connect(self._maybe_pasted)

    def _edit(self, name: str, text: str = "", *, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(f"field_{name}")
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._changed)
        edit.returnPressed.connect(self._enter)
        return edit

    # --- the address -----------------------------------------------------------------------
    def address(self) -> ServerAddress | None:
        host, port = self.host.text().strip(), self.port.text().strip()
        if not host or not port.isdigit() or not self.user.text().strip():
            return None
        return ServerAddress(host, int(port), self.user.text().strip(), self.password.text(),
                             self.database)

    def _maybe_pasted(self, text: str) -> None:
        """A whole ``postgresql://user:password@host:port/database`` fills every field."""
        if "://" not in text:
            return
        try:
            parts = urlsplit(text.strip())
            port = parts.port
        except ValueError:
            return
        if not parts.scheme.startswith("postgres") or not parts.hostname:
            return
        self.host.setText(parts.hostname)  # re-enters with no "://": nothing more to do
        self.port.setText(str(port or DEFAULT_PORT))
        if parts.username:
            self.user.setText(unquote(parts.username))
        if parts.password is not None:
            self.password.setText(unquote(parts.password))
        self.database = unquote(parts.path.lstrip("/")) or DEFAULT_DATABASE

    def _changed(self) -> None:
        """A changed field makes the last answer stale: Finish needs a test of what is shown."""
        if self._tested is not None and self.address() != self._tested:
            self._tested = None
            self.found = None
            self.result.hide()
            self._update_buttons()

    # --- testing ---------------------------------------------------------------------------
    def _enter(self) -> None:
        """Enter: test first; once the answer is yes, the wizard's default button goes on."""
        if self.found is None:
            self.test()

    def test(self) -> None:
        if self._busy:
            return
        address = self.address()
        if address is None:
            self._show(self.tr("请填写主机地址、端口和用户名"), ok=False)
            (self.host if not self.host.text().strip() else self.port
             if not self.port.text().strip().isdigit() else self.user).setFocus()
            return
        self._busy = True
        self.test_button.setEnabled(False)
        self.found = None
        self._tested = None
        self._update_buttons()
        self.say_connecting(address)
        check = self._check
        run_op(lambda: check(address), if_alive(self, lambda found: self._answered(address, found)),
               if_alive(self, self._refused))

    def say_connecting(self, address: ServerAddress) -> None:
        self.result.setStyleSheet("color: #666666;")
        self.result.setText(self.tr("正在连接 %1 …").replace("%1", address.label))
        self.result.show()

    def _answered(self, address: ServerAddress, found: ServerFound) -> None:
        self._busy = False
        self.test_button.setEnabled(True)
        self.found = found
        self._tested = address
        if found.branch_code is None:
            self._show(self.tr("已连接：主机上的数据库还没有门店。点“下一步”填写门店信息，门店将建立在本店主机上。"),
                       ok=True)
        else:
            kind = self.tr("总部") if found.mode == "hq" else self.tr("门店")
            self._show(self.tr("已连接：%1 %2 %3").replace("%1", kind)
                       .replace("%2", found.branch_code).replace("%3", found.branch_name or ""),
                       ok=True)
        self._update_buttons()  # Enter now moves on: Finish, or Next to the branch pages

    def _refused(self, exc: DomainError) -> None:
        self._busy = False
        self.test_button.setEnabled(True)
        self._show(error_text(exc), ok=False)
        self._update_buttons()
        self.password.setFocus()
        self.password.selectAll()

    def show_refusal(self, exc: DomainError) -> None:
        """Finishing failed after all (the main PC went away meanwhile): test again."""
        self.found = None
        self._tested = None
        self._refused(exc)

    def _show(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.result.setText(text)
        self.result.show()

    # --- QWizardPage ---------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        """QWizard asks :meth:`nextId` only when it enters a page; setFinalPage makes it ask
        again (Next or Finish), completeChanged whether that button is enabled."""
        self.setFinalPage(self.found is not None and self.found.branch_code is not None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.found is not None and not self._busy

    def nextId(self) -> int:
        """Final when the server holds the branch; else Next leads to the branch pages."""
        if self.found is not None and self.found.branch_code is None:
            return self.empty_next_id
        return -1

    def validatePage(self) -> bool:
        if self.found is not None and self.found.branch_code is None and self._tested is not None:
            self.empty_server.emit(self._tested)
            return False  # the wizard went back to the branch page itself
        return self.found is not None

    def cleanupPage(self) -> None:
        """Keep what was typed when going back a page."""
