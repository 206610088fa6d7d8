"""First-run set-up (首次设置向导): branch or HQ, its first administrator, demo data, backups.

Why the service validates and the wizard only places the messages: the branch-code and
user-name rules live once, in ``BranchService.initialise``, and the command line ``init``
gets the same answers. The only rule here is a UI one: the password typed twice must match.

Mode: a branch (门店) runs the daily business; HQ (总部) consolidates branches' bundles. HQ's
keys live in files beside the database, which the UI layer does not touch: the caller passes
``on_hq_initialised`` (app.gui makes the keys there), run on the database thread.

Several PCs: given :class:`SetupActions`, the first page also offers 连接本店主机 (the
connect page, :mod:`ui.setup_connect_page`) and, for a branch, 这台电脑作为主机. Which
database the branch goes into is then decided only at Finish, so a PC that connects to the
main PC never gets a local database file, and a cancelled wizard leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from domain.backup_settings import BackupSettings, save_backup_settings
from domain.errors import DomainError
from domain.roles import Actor, Role, role_label
from domain.services.branch import BranchView
from domain.services.demo import DEMO_STAFF, DemoSummary
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.operations import error_text, run_op
from ui.setup_account_page import AccountPage, FormPage, staff_errors
from ui.setup_connect_page import ConnectPage, ServerAddress, ServerFound
from ui.widgets.busy_dialog import busy_dialog
from ui.widgets.field_errors import FieldErrors

DEMO_CUSTOMERS = 200
HQ_DEFAULT_CODE = "HQ"

#: Asks for a folder (parent, title, start folder) and returns it or "" — swappable in tests.
FolderChooser = Callable[[QWidget, str, str], str]


def choose_folder(parent: QWidget, title: str, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, start)


class SetupActions(Protocol):
    """Which database the new branch goes into (``app.multi_pc_actions.AppSetup``); each
    method runs on the database thread and returns the services of the database it opened."""

    def open_here(self) -> Services: ...
    def make_main_pc(self) -> Services: ...
    def check_server(self, host: str, port: int, user: str, password: str,
                     database: str) -> ServerFound: ...
    def connect(self, host: str, port: int, user: str, password: str,
                database: str) -> Services: ...


class BranchPage(FormPage):
    def __init__(self, errors: FieldErrors, parent: QWidget | None = None, *,
                 server_choices: bool = False) -> None:
        super().__init__(errors, parent)
        self.connect_page_id = -1
        self.setTitle(self.tr("门店信息"))
        self.setSubTitle(self.tr("这台电脑上的数据库属于哪个门店。门店代码会出现在工单号、投诉编号里，设置后不能修改。"))
        self.branch_mode = QRadioButton(self.tr("门店（日常接车、工单、投诉、回访）"))
        self.branch_mode.setObjectName("mode_branch")
        self.hq_mode = QRadioButton(self.tr("总部（汇总各门店的数据，下发价格和工时）"))
        self.hq_mode.setObjectName("mode_hq")
        self.connect_mode = QRadioButton(self.tr("连接本店主机（本店有多台电脑，这台不是主机）"))
        self.connect_mode.setObjectName("mode_connect")
        self.main_pc = QCheckBox(self.tr("本店有多台电脑，这台电脑作为主机"))
        self.main_pc.setObjectName("field_main_pc")
        self.main_pc.setToolTip(self.tr("数据库建在这台电脑上，其他电脑选“连接本店主机”连接它；营业时间这台电脑要一直开着。"))
        self.server_note = QLabel()
        self.server_note.setObjectName("branchOnServer")
        self.server_note.setWordWrap(True)
        self.server_note.setStyleSheet("color: #1e7e34;")
        self.server_note.hide()
        self.branch_mode.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.branch_mode)
        modes.addButton(self.hq_mode)
        modes.addButton(self.connect_mode)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.branch_mode)
        indented = QHBoxLayout()
        indented.setContentsMargins(24, 0, 0, 4)
        indented.addWidget(self.main_pc)
        column.addLayout(indented)
        column.addWidget(self.hq_mode)
        column.addWidget(self.connect_mode)
        column.addWidget(self.server_note)
        self.main_pc.setVisible(server_choices)
        self.connect_mode.setVisible(server_choices)
        self.form.addRow(self.tr("用途"), column)
        self.registerField("hq", self.hq_mode)
        self.registerField("connect", self.connect_mode)
        self.registerField("main_pc", self.main_pc)
        self.branch_mode.toggled.connect(self.main_pc.setEnabled)
        self.connect_mode.toggled.connect(self._connect_changed)
        self.add_field("code", self.tr("门店代码"), mandatory=True,
                       placeholder=self.tr("2–8 位大写字母或数字，如 BJ01"))
        self.add_field("name", self.tr("门店名称"), mandatory=True,
                       placeholder=self.tr("如：北京朝阳店"))
        self.add_field("address", self.tr("地址"))
        self.add_field("phone", self.tr("电话"), placeholder=self.tr("如：010-64700000"))
        self.hq_mode.toggled.connect(self._mode_changed)

    def _set_label(self, field: str, text: str) -> None:
        box = self.edits[field].parentWidget()
        label = self.form.labelForField(box) if box is not None else None
        if isinstance(label, QLabel):
            label.setText(text + " *")

    def _connect_changed(self, connect: bool) -> None:
        """连接本店主机 needs no branch here: the branch lives on the main PC."""
        for edit in self.edits.values():
            box = edit.parentWidget()
            if box is not None:
                self.form.setRowVisible(box, not connect)
        if connect:
            self.setTitle(self.tr("连接本店主机"))
            self.setSubTitle(self.tr("这台电脑是本店的一台工作站：数据保存在本店主机上。点“下一步”填写主机的地址。"))
        else:
            self._mode_changed(self.hq_mode.isChecked())
        self.completeChanged.emit()

    def set_server(self, label: str | None) -> None:
        """The branch goes into the main PC's empty database (found by 测试连接)."""
        self.server_note.setText(self.tr("门店将建立在本店主机 %1 上。").replace("%1", label or ""))
        self.server_note.setVisible(label is not None)
        self.main_pc.setVisible(label is None and self.connect_mode.isVisible())

    def isComplete(self) -> bool:
        return self.connect_mode.isChecked() or super().isComplete()

    def nextId(self) -> int:
        if self.connect_mode.isChecked() and self.connect_page_id >= 0:
            return self.connect_page_id
        return super().nextId()

    def _mode_changed(self, hq: bool) -> None:
        if self.connect_mode.isChecked():
            return  # its own title; the radio buttons switch one off before the other on
        code = self.edits["code"]
        self._set_label("code", self.tr("总部代码") if hq else self.tr("门店代码"))
        self._set_label("name", self.tr("总部名称") if hq else self.tr("门店名称"))
        if hq:
            self.setTitle(self.tr("总部信息"))
            self.setSubTitle(self.tr("这台电脑是总部：导入各门店的数据包，查看各门店的汇总。"))
            if not code.text().strip():
                code.setText(HQ_DEFAULT_CODE)
        else:
            self.setTitle(self.tr("门店信息"))
            self.setSubTitle(self.tr("这台电脑上的数据库属于哪个门店。门店代码会出现在工单号、投诉编号里，设置后不能修改。"))
            if code.text().strip().upper() == HQ_DEFAULT_CODE:
                code.clear()


class FinishPage(QWizardPage):
    def __init__(self, choose: FolderChooser = choose_folder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choose = choose
        self.setTitle(self.tr("完成设置"))
        self.setSubTitle(self.tr("点击“完成”建立门店和账号，然后登录。"))
        # where the database will be (the wizard says it when it offers a choice)
        self.database_line = ""
        self.staff_line = ""  # the staff accounts made with the owner's
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addSpacing(16)
        self.demo = QCheckBox(self.tr("填充演示数据"))
        self.demo.setObjectName("field_demo")
        note = QLabel(
            self.tr("生成 %1 位虚构客户及其车辆，用于培训和试用。正式使用的数据库请不要勾选。")
            .replace("%1", str(DEMO_CUSTOMERS))
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")
        layout.addWidget(self.demo)
        layout.addWidget(note)
        layout.addSpacing(16)
        layout.addWidget(QLabel(self.tr("第二备份位置（可选）")))
        row = QHBoxLayout()
        self.backup_folder = QLineEdit()
        self.backup_folder.setObjectName("field_backup_folder")
        self.backup_folder.setPlaceholderText(self.tr("如 U 盘或网络共享上的文件夹；留空则只备份在本机"))
        self.browse = QPushButton(self.tr("浏览…"))
        self.browse.setObjectName("browseBackupFolder")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.backup_folder, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        backup_note = QLabel(self.tr("每天第一次启动时自动备份到本机数据文件夹，并复制一份到这里。以后可在“系统设置 → 备份与恢复”中修改。"))
        backup_note.setWordWrap(True)
        backup_note.setStyleSheet("color: #666666;")
        layout.addWidget(backup_note)
        layout.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("setupStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.registerField("demo", self.demo)
        self.registerField("backup_folder", self.backup_folder)

    def _browse(self) -> None:
        folder = self._choose(self, self.tr("选择第二备份位置"), self.backup_folder.text())
        if folder:
            self.backup_folder.setText(folder)

    def initializePage(self) -> None:
        code = str(self.field("code")).strip().upper()
        hq = bool(self.field("hq"))
        self.demo.setEnabled(not hq)  # HQ holds no records of its own to practise on
        if hq:
            self.demo.setChecked(False)
        self.summary.setText(
            (self.tr("总部：%1 %2\n管理员：%3（%4）") if hq else self.tr("门店：%1 %2\n店长：%3（%4）"))
            .replace("%1", code).replace("%2", str(self.field("name")).strip())
            .replace("%3", str(self.field("username")).strip())
            .replace("%4", str(self.field("display_name")).strip()
                     or (self.tr("管理员") if hq else self.tr("店长")))
            + ("\n" + self.staff_line if self.staff_line and not hq else "")
            + ("\n" + self.database_line if self.database_line else "")
        )

    def nextId(self) -> int:
        return -1  # the connect page comes after it in the list, never after it in the walk


class SetupWizard(QWizard):
    """``exec()`` returns Accepted once the branch exists (:attr:`branch` holds it) or this
    PC is connected to the main PC (:attr:`connected`); :attr:`services` are then the
    database's.

    ``services``: the database already open (it has no branch yet); None on a fresh data
    folder, where ``setup`` opens one at Finish. ``setup`` also offers the choices of
    several PCs (connect to the main PC, make this PC the main PC).
    """

    def __init__(self, services: Services | None, parent: QWidget | None = None, *,
                 on_hq_initialised: Callable[[], object] | None = None,
                 choose: FolderChooser = choose_folder,
                 setup: SetupActions | None = None) -> None:
        super().__init__(parent)
        if services is None and setup is None:
            raise ValueError("the wizard needs a database or the set-up actions to open one")
        self.services = services
        self._setup = setup
        self._on_hq_initialised = on_hq_initialised
        self.branch: BranchView | None = None
        self.connected = False
        self.admin_username = ""
        #: the owner, signed in at Finish: the person who just chose the password goes
        #: straight to the start panel (a desk that connected to the main PC logs in instead)
        self.owner: Actor | None = None
        # the main PC's empty database that the branch goes into (测试连接 found no branch)
        self.server_target: ServerAddress | None = None
        self._busy = False
        self._progress: QProgressDialog | None = None
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("售后管家 — 首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(640, 480)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))

        self.errors = FieldErrors()
        self.branch_page = BranchPage(self.errors, server_choices=setup is not None)
        self.admin_page = AccountPage(self.errors)
        self.finish_page = FinishPage(choose)
        self.branch_page_id = self.addPage(self.branch_page)
        self.admin_page_id = self.addPage(self.admin_page)
        self.finish_page_id = self.addPage(self.finish_page)
        self.connect_page: ConnectPage | None = None
        self.connect_page_id = -1
        if setup is not None:
            self.connect_page = ConnectPage(lambda a: setup.check_server(
                a.host, a.port, a.user, a.password, a.database))
            self.connect_page.empty_server.connect(self._branch_on_server)
            self.connect_page.empty_next_id = self.branch_page_id
            self.connect_page_id = self.addPage(self.connect_page)
            self.branch_page.connect_page_id = self.connect_page_id
            self.branch_page.connect_mode.toggled.connect(self._connect_chosen)
        self._page_of_field = {f: self.branch_page_id for f in self.branch_page.edits}
        self._page_of_field.update({f: self.admin_page_id for f in self.admin_page.edits})

    def values(self) -> dict[str, Any]:
        """What ``BranchService.initialise`` gets: a shop's first account is its owner."""
        hq = bool(self.field("hq"))
        return {
            "code": str(self.field("code")).strip().upper(),
            "name": str(self.field("name")),
            "address": str(self.field("address")),
            "phone": str(self.field("phone")),
            "admin_username": str(self.field("username")).strip(),
            "admin_display_name": str(self.field("display_name")).strip()
            or (self.tr("管理员") if hq else self.tr("店长")),
            "admin_password": str(self.field("password")),
            "mode": "hq" if hq else "branch",
            "admin_role": Role.ADMIN if hq else Role.OWNER,
            "staff": self.admin_page.staff_values(),
        }

    def backup_folder(self) -> str:
        return str(self.field("backup_folder")).strip()

    def initializePage(self, page_id: int) -> None:
        if page_id == self.finish_page_id:
            if self._setup is not None:
                self.finish_page.database_line = self._database_line()
            staff = self.admin_page.staff_values()
            person = self.tr("%1（%2）")
            self.finish_page.staff_line = self.tr("员工账号：%1").replace(
                "%1", self.tr("、").join(
                    person.replace("%1", s.display_name.strip())
                    .replace("%2", role_label(s.role, language())) for s in staff)) if staff else ""
        super().initializePage(page_id)

    # --- several PCs -----------------------------------------------------------------------
    def _connect_chosen(self, connect: bool) -> None:
        if connect:  # the main PC's address is asked (again); a branch goes nowhere yet
            self.server_target = None
            self.branch_page.set_server(None)

    def _branch_on_server(self, address: ServerAddress) -> None:
        """测试连接 found the main PC's database without a branch: fill in the branch here,
        and it is made there."""
        self.branch_page.branch_mode.setChecked(True)
        self.server_target = address
        self.branch_page.set_server(address.label)
        self.back()
        self.branch_page.edits["code"].setFocus()

    def _main_pc_chosen(self) -> bool:
        return bool(self.field("main_pc")) and not self.field("hq") and self.server_target is None

    def _database_line(self) -> str:
        if self.server_target is not None:
            return self.tr("数据库：本店主机 %1").replace("%1", self.server_target.label)
        if self._main_pc_chosen():
            return self.tr("数据库：这台电脑作为本店主机（建立数据库服务器）")
        return self.tr("数据库：这台电脑上的数据库文件")

    def _database(self) -> Callable[[], Services]:
        """Opens (on the database thread) the database the branch goes into."""
        setup, target, services = self._setup, self.server_target, self.services
        if setup is not None and target is not None:
            return lambda: setup.connect(target.host, target.port, target.user, target.password,
                                         target.database)
        if setup is not None and self._main_pc_chosen():
            return setup.make_main_pc
        if services is not None:
            return lambda: services
        assert setup is not None
        return setup.open_here

    # --- finishing -------------------------------------------------------------------------
    def accept(self) -> None:
        """Finish: create the branch on the database thread; close only when it exists."""
        if self.branch is not None or self.connected:
            super().accept()
            return
        if self._busy:
            return
        if self.connect_page is not None and self.currentPage() is self.connect_page:
            self._connect()
            return
        values = self.values()
        self._set_busy(True)
        self.errors.clear()
        if self._main_pc_chosen():
            self._say(self.tr("正在建立本店主机的数据库服务器，请稍候……"))
        open_database = self._database()
        folder = self.backup_folder()
        after_hq = self._on_hq_initialised

        def initialise() -> tuple[BranchView, Services, Actor]:
            if folder:  # checked before anything is created: a refusal leaves no branch
                from domain.backup_settings import validate_backup_settings

                validate_backup_settings(BackupSettings(second_folder=folder))
            services = open_database()
            branch = services.branches.initialise(**values)
            owner = services.staff.login(values["admin_username"], values["admin_password"])
            if folder:
                save_backup_settings(services.settings, owner, BackupSettings(second_folder=folder))
            if values["mode"] == "hq" and after_hq is not None:
                after_hq()
            return branch, services, owner

        run_op(initialise, if_alive(self, self._initialised), if_alive(self, self._refused))

    def _connect(self) -> None:
        """Finish on the connect page: remember the main PC; its branch is already there."""
        page = self.connect_page
        address = page.address() if page is not None else None
        if page is None or address is None or page.found is None or self._setup is None:
            return
        setup = self._setup
        self._set_busy(True)
        page.say_connecting(address)
        run_op(lambda: setup.connect(address.host, address.port, address.user, address.password,
                                     address.database),
               if_alive(self, self._connected), if_alive(self, self._connect_refused))

    def _connected(self, services: Services) -> None:
        self.services = services
        self.connected = True
        self._set_busy(False)
        super().accept()

    def _connect_refused(self, exc: DomainError) -> None:
        self._set_busy(False)
        if self.connect_page is not None:
            self.connect_page.show_refusal(exc)

    def _say(self, text: str) -> None:
        self.finish_page.status.setText(text)
        self.finish_page.status.setVisible(bool(text))

    def _initialised(self, result: tuple[BranchView, Services, Actor]) -> None:
        branch, self.services, self.owner = result
        self.branch = branch
        self.admin_username = self.values()["admin_username"]
        if self.field("demo"):
            self._load_demo()
            return
        self._set_busy(False)
        super().accept()

    def _refused(self, exc: DomainError) -> None:
        self._set_busy(False)
        self._say("")
        unplaced = self.errors.place(exc)
        rows, unplaced = staff_errors(unplaced)
        if rows:  # a staff row refused at Finish (checked at Next too): marked in the table
            while self.currentId() > self.admin_page_id:
                self.back()
            self.admin_page.staff.values()
            self.admin_page.staff.show_errors(rows)
        shown = self.errors.fields_shown()
        if shown:
            target = min(self._page_of_field[f] for f in shown if f in self._page_of_field)
            while self.currentId() > target:
                self.back()
            first = next(f for f in self._field_order() if f in shown)
            edit = (self.branch_page.edits | self.admin_page.edits)[first]
            edit.setFocus()
            edit.selectAll()
        if unplaced:
            QMessageBox.warning(self, self.tr("无法完成设置"),
                                "\n".join(error_text(e) for e in unplaced))

    def _field_order(self) -> list[str]:
        return list(self.branch_page.edits) + list(self.admin_page.edits)

    def _load_demo(self) -> None:
        password = self.values()["admin_password"]
        username = self.admin_username
        services = self.services
        assert services is not None
        self._progress = busy_dialog(self, self.tr("正在生成演示数据，请稍候……"), self.tr("演示数据"),
                                     "demoProgress")

        def load() -> DemoSummary:
            actor: Actor = services.staff.login(username, password)
            return services.demo.load(actor, customers=DEMO_CUSTOMERS)

        run_op(load, if_alive(self, self._demo_done), if_alive(self, self._demo_failed))

    def _demo_done(self, result: DemoSummary) -> None:
        self._close_progress()
        self._set_busy(False)
        if result.password is not None:
            # generated for this load and shown this once (issue 23 item 7); nowhere stored
            names = "、".join(u for u, _, _ in DEMO_STAFF)
            QMessageBox.information(
                self, self.tr("演示数据"),
                self.tr("演示员工账号 %1 的密码均为 %2（只显示这一次，请记下）")
                .replace("%1", names).replace("%2", result.password))
        super().accept()

    def _demo_failed(self, exc: DomainError) -> None:
        self._close_progress()
        self._set_busy(False)
        QMessageBox.warning(
            self, self.tr("演示数据"),
            self.tr("门店已建立，但演示数据未能生成：%1").replace("%1", error_text(exc)),
        )
        super().accept()

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy)
