"""系统设置 → 多台电脑: this PC's part in a shop with several PCs, and making the main PC.

Why one button: a shop has no IT department. 设为本店主机 makes the database server in the
data folder, moves the records there and shows what the other PCs type; the manager copies
one address. The work (seconds for the server, longer for a large database) runs on the
database thread through the app's actions (``app.multi_pc_actions.AppMultiPc``: ``ui``
never imports ``app`` or ``storage``), with a bar that the thread feeds through a plain
mailbox sampled by a timer (see :class:`ui.pages.sync_page.ProgressMailbox` for why not
signals). Afterwards the program restarts to open the server, as after a restore.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from ui.alive import if_alive
from ui.operations import error_text, run_op
from ui.pages.backup_panel import format_size
from ui.widgets.field_errors import ERROR_STYLE

OK_STYLE = "color: #1e7e34;"
NOTE_STYLE = "color: #666666;"
# how the app names its connections (``storage.engine.application_name``): shown without it
CLIENT_PREFIX = "DealerDesk@"

# ``(done, total, table)``; ``(0, 0, "")`` while the server is being made
Progress = Callable[[int, int, str], None]


class ServerConfig(Protocol):
    @property
    def port(self) -> int: ...
    @property
    def role(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def database(self) -> str: ...


class MainPcFacts(Protocol):
    """What the other PCs enter (``app.multi_pc.MainPc``)."""

    @property
    def config(self) -> ServerConfig: ...
    @property
    def addresses(self) -> tuple[str, ...]: ...
    @property
    def host_name(self) -> str: ...
    @property
    def desk_url(self) -> str: ...


class ServerStatus(Protocol):
    """The main PC's server now (``storage.pg_cluster.HostStatus``)."""

    @property
    def running(self) -> bool: ...
    @property
    def version(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def database_bytes(self) -> int | None: ...
    @property
    def clients(self) -> tuple[tuple[str, int], ...]: ...


class MultiPcView(Protocol):
    """``app.multi_pc_actions.MultiPcState``; ``role``: single, main, workstation or server."""

    @property
    def role(self) -> str: ...
    @property
    def server(self) -> str: ...
    @property
    def main_pc(self) -> MainPcFacts | None: ...
    @property
    def status(self) -> ServerStatus | None: ...
    @property
    def waiting_move(self) -> bool: ...
    @property
    def restart_needed(self) -> bool: ...
    @property
    def move_available(self) -> bool: ...


class MultiPcActions(Protocol):
    """What the tab needs; each method is called on the database thread."""

    def state(self) -> MultiPcView: ...
    def make_main_pc(self, progress: Progress) -> MultiPcView: ...


class _Mailbox:
    """The last progress report, written by the database thread, read by the GUI's timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: tuple[int, int, str] = (0, 0, "")

    def report(self, done: int, total: int, table: str) -> None:
        with self._lock:
            self._last = (done, total, table)

    def snapshot(self) -> tuple[int, int, str]:
        with self._lock:
            return self._last


class MultiPcTab(QWidget):
    """Emits :attr:`restart_required` once the folder uses the server this program has not opened."""

    restart_required = Signal()
    refreshed = Signal()
    TICK_MS = 100

    def __init__(self, actions: MultiPcActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.multi_pc = actions
        self.setObjectName("multiPcTab")
        self.view: MultiPcView | None = None
        self._busy = False
        self._mailbox: _Mailbox | None = None

        title = QLabel(self.tr("多台电脑"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.role = QLabel()
        self.role.setObjectName("pcRole")
        role_font = QFont(self.role.font())
        role_font.setBold(True)
        self.role.setFont(role_font)
        self.explain = QLabel()
        self.explain.setObjectName("pcRoleExplain")
        self.explain.setWordWrap(True)
        self.explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.make_button = QPushButton(self.tr("设为本店主机…"))
        self.make_button.setObjectName("makeMainPcButton")
        self.make_button.clicked.connect(self.make_main_pc)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshMultiPcButton")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.make_button)
        buttons.addStretch(1)

        self.progress_label = QLabel()
        self.progress_label.setObjectName("multiPcProgressText")
        self.bar = QProgressBar()
        self.bar.setObjectName("multiPcProgress")
        self.progress_label.hide()
        self.bar.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.message = QLabel()
        self.message.setObjectName("multiPcMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.address_box = QGroupBox(self.tr("其他电脑填写的内容"))
        self.address_box.setObjectName("addressBox")
        address_form = QFormLayout()
        self.host_name = self._fact(address_form, "hostName", self.tr("电脑名"))
        self.ip = self._fact(address_form, "ipAddresses", self.tr("IP 地址"))
        self.port = self._fact(address_form, "serverPort", self.tr("端口"))
        self.user = self._fact(address_form, "serverUser", self.tr("用户名"))
        self.password = self._fact(address_form, "serverPassword", self.tr("密码"))
        self.url = QLabel()
        self.url.setObjectName("deskUrl")
        self.url.setWordWrap(True)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("复制"))
        self.copy_button.setObjectName("copyAddressButton")
        self.copy_button.clicked.connect(self.copy_address)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        address_form.addRow(self.tr("完整地址"), url_row)
        address_note = QLabel(self.tr("其他电脑第一次启动售后管家时选择“连接本店主机”，填写上面的内容，"
                                      "或把完整地址粘贴到“主机地址”。知道密码就能读写本店的数据，请妥善保管。"))
        address_note.setWordWrap(True)
        address_note.setStyleSheet(NOTE_STYLE)
        address_layout = QVBoxLayout(self.address_box)
        address_layout.addLayout(address_form)
        address_layout.addWidget(address_note)

        self.status_box = QGroupBox(self.tr("数据库服务器"))
        self.status_box.setObjectName("serverStatusBox")
        status_form = QFormLayout()
        self.running = self._fact(status_form, "serverRunning", self.tr("状态"))
        self.version = self._fact(status_form, "serverVersion", self.tr("版本"))
        self.db_size = self._fact(status_form, "databaseSize", self.tr("数据库大小"))
        self.clients = self._fact(status_form, "connectedPcs", self.tr("已连接的电脑"))
        status_layout = QHBoxLayout(self.status_box)
        status_layout.addLayout(status_form, 1)
        status_layout.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.role)
        layout.addWidget(self.explain)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.address_box)
        layout.addWidget(self.status_box)
        layout.addStretch(1)
        self.address_box.hide()
        self.status_box.hide()
        self.make_button.hide()
        self.refresh()

    @staticmethod
    def _fact(form: QFormLayout, name: str, label: str) -> QLabel:
        shown = QLabel()
        shown.setObjectName(name)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label, shown)
        return shown

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self._run(self.multi_pc.state, self._show)

    def _show(self, view: MultiPcView) -> None:
        self.view = view
        role, server = view.role, view.server
        if role == "main":
            self.role.setText(self.tr("这台电脑：本店主机"))
            self.explain.setText(self.tr("本店的数据库在这台电脑上，其他电脑连接到这里。营业时间这台电脑要一直开着；"
                                         "备份也在这台电脑上进行。"))
        elif role == "workstation":
            self.role.setText(self.tr("这台电脑：工作站"))
            self.explain.setText(self.tr("数据在本店主机 %1 上，由主机负责保存和备份。这里没有需要设置的。")
                                 .replace("%1", server))
        elif role == "server":
            self.role.setText(self.tr("这台电脑：使用数据库服务器"))
            self.explain.setText(self.tr("本次启动使用数据库服务器 %1（启动时指定）。这里没有需要设置的。")
                                 .replace("%1", server))
        elif view.restart_needed:
            self.role.setText(self.tr("这台电脑：本店主机（重新启动后生效）"))
            self.explain.setText(self.tr("数据已移到这台电脑的数据库服务器上。请关闭并重新启动售后管家，之后才能继续使用。"))
        elif view.waiting_move:
            self.role.setText(self.tr("这台电脑：单机"))
            self.explain.setText(
                self.tr("本店主机的数据库服务器已建好，但数据还在这台电脑的数据库文件中。把数据移到服务器上以后，"
                        "其他电脑才能连接。")
                + ("" if view.move_available else "\n" + self.tr("这个版本还不能把现有数据移到服务器上。")))
        else:
            self.role.setText(self.tr("这台电脑：单机"))
            self.explain.setText(self.tr("数据保存在这台电脑的数据库文件中。本店有多台电脑（前台、车间、收银……）同时使用时，"
                                         "把一台电脑设为本店主机：数据库服务器建在这台电脑上，现有数据移过去，"
                                         "其他电脑连接它。"))
        self.make_button.setText(self.tr("移动数据到主机…") if view.waiting_move
                                 else self.tr("设为本店主机…"))
        self.make_button.setVisible(role == "single" and not view.restart_needed)
        self._show_address(view.main_pc if role == "main" or view.restart_needed else None)
        self._show_status(view.status if role == "main" else None)
        self._update_buttons()
        self.refreshed.emit()

    def _show_address(self, facts: MainPcFacts | None) -> None:
        self.address_box.setVisible(facts is not None)
        if facts is None:
            return
        self.host_name.setText(facts.host_name)
        self.ip.setText("、".join(facts.addresses) or self.tr("（没有找到局域网地址：请检查网络连接）"))
        self.port.setText(str(facts.config.port))
        self.user.setText(facts.config.role)
        self.password.setText(facts.config.password)
        self.url.setText(facts.desk_url)

    def _show_status(self, status: ServerStatus | None) -> None:
        self.status_box.setVisible(status is not None)
        if status is None:
            return
        self.running.setText(self.tr("运行中") if status.running else self.tr("已停止"))
        self.running.setStyleSheet(OK_STYLE if status.running else ERROR_STYLE)
        self.version.setText(f"PostgreSQL {status.version}")
        self.db_size.setText(format_size(status.database_bytes)
                          if status.database_bytes is not None else "—")
        names = "，".join(f"{name.removeprefix(CLIENT_PREFIX)} ×{count}"
                         for name, count in status.clients)
        self.clients.setText(self.tr("%1 台").replace("%1", str(len(status.clients)))
                             + (f"（{names}）" if names else ""))

    def _update_buttons(self) -> None:
        view = self.view
        movable = view is None or not view.waiting_move or view.move_available
        self.make_button.setEnabled(not self._busy and movable)
        self.refresh_button.setEnabled(not self._busy)

    # --- actions ---------------------------------------------------------------------------
    def copy_address(self) -> None:
        QApplication.clipboard().setText(self.url.text())
        self._say(self.tr("已复制完整地址。"), ok=True)

    def confirm(self) -> bool:
        box = QMessageBox(self)
        box.setObjectName("makeMainPcConfirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("设为本店主机"))
        box.setText(self.tr("把这台电脑设为本店主机？"))
        box.setInformativeText(self.tr(
            "• 在数据文件夹里建立数据库服务器，生成数据库账号和密码；\n"
            "• 只允许本店局域网内的电脑连接；\n"
            "• 把现有数据移到服务器上并逐表核对，原数据库文件改名保留；\n"
            "• 完成后程序关闭，重新启动后使用服务器。\n\n"
            "其他电脑选择“连接本店主机”连接这台电脑。营业时间这台电脑要一直开着。"))
        yes = box.addButton(self.tr("设为本店主机"), QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("confirmMainPcButton")
        no = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def make_main_pc(self) -> None:
        if self._busy or not self.confirm():
            return
        mailbox = _Mailbox()
        self._mailbox = mailbox
        actions = self.multi_pc
        self.message.hide()
        self.bar.setRange(0, 0)
        self.bar.show()
        self.progress_label.show()
        self._tick()
        self.timer.start()
        # a failure may leave a part done (the server made, the records not moved): shown again
        self._run(lambda: actions.make_main_pc(mailbox.report), self._made, self.refresh)

    def _made(self, view: MultiPcView) -> None:
        self._show(view)
        if view.restart_needed:
            self._say(self.tr("这台电脑已是本店主机。程序将关闭，请重新启动售后管家。"), ok=True)
            self.restart_required.emit()
        elif view.waiting_move and not view.move_available:
            self._say(self.tr("数据库服务器已建好。这个版本还不能把现有数据移过去，这台电脑继续使用本机数据库文件。"),
                      ok=False)

    def _tick(self) -> None:
        if self._mailbox is None:
            return
        done, total, table = self._mailbox.snapshot()
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.progress_label.setText(self.tr("正在移动数据：%1（%2/%3）").replace("%1", table)
                                        .replace("%2", str(min(done, total))).replace("%3", str(total)))
        elif table:
            self.progress_label.setText(self.tr("正在移动数据：%1").replace("%1", table))
        else:
            self.progress_label.setText(self.tr("正在建立数据库服务器……"))

    def _stop_progress(self) -> None:
        self._mailbox = None
        self.timer.stop()
        self.bar.hide()
        self.progress_label.hide()

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)
        self.message.show()

    # --- running work off the GUI thread ---------------------------------------------------
    def _run(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
             after_failure: Callable[[], None] | None = None) -> None:
        self._busy = True
        self._update_buttons()

        def ok(result: Any) -> None:
            self._busy = False
            self._stop_progress()
            on_success(result)
            self._update_buttons()

        def failed(exc: DomainError) -> None:
            self._busy = False
            self._stop_progress()
            self._say(error_text(exc), ok=False)
            self._update_buttons()
            if after_failure is not None:
                after_failure()

        run_op(fn, if_alive(self, ok), if_alive(self, failed))
