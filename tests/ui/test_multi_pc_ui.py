"""Several PCs in the GUI: 连接本店主机 in the first-run wizard, the unreachable main PC,
and 系统设置 → 多台电脑 (issue 14), on the session's real PostgreSQL server."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app import gui, multi_pc_actions
from app.context import AppContext
from app.multi_pc_actions import AppMultiPc, AppSetup, MultiPcState
from domain.roles import Actor
from storage.location import CONNECTION_FILE, DB_FILE_NAME, remember_server
from storage.pg_cluster import LocalServer, server_url
from tests.pg import drop_database, free_port, new_database, rename_database
from tests.ui.keyboard import child, type_text
from ui import operations
from ui.login_dialog import LoginDialog, UnreachableDialog
from ui.pages.multi_pc_tab import MultiPcTab
from ui.settings import UiSettings
from ui.setup_wizard import SetupWizard

GUARD_MS = 60_000


@dataclass
class Script:
    """Drives nested dialogs (``exec()``) from a timer: each step acts once its condition
    holds; a guard closes everything if the walk gets stuck, so the test fails, not hangs."""

    steps: list[tuple[Callable[[], bool], Callable[[], None]]]
    seen: dict[str, object] = field(default_factory=dict)

    def run(self, call: Callable[[], object]) -> object:
        timer = QTimer()
        timer.timeout.connect(self._step)
        timer.start(30)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(self._give_up)
        guard.start(GUARD_MS)
        try:
            return call()
        finally:
            timer.stop()
            guard.stop()

    def _step(self) -> None:
        if self.steps and self.steps[0][0]():
            _condition, action = self.steps.pop(0)
            action()

    def _give_up(self) -> None:
        self.seen["stuck_at"] = len(self.steps)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.close()


def modal(kind: type) -> Callable[[], bool]:
    return lambda: isinstance(QApplication.activeModalWidget(), kind)


def active(kind: type) -> object:
    widget = QApplication.activeModalWidget()
    assert isinstance(widget, kind)
    return widget


def parts(server: str) -> tuple[str, int, str, str]:
    url = make_url(server + "/x")
    assert url.host and url.port and url.username and url.password
    return url.host, url.port, url.username, url.password


@pytest.fixture
def shop_database(pg_server: str, server_template: str) -> Iterator[str]:
    """The main PC's database ``dealerdesk``: branch BJ01 北京朝阳店 with its administrator.
    (The session server's own empty ``dealerdesk`` is put aside meanwhile.)"""
    aside = rename_database(f"{pg_server}/dealerdesk", f"dealerdesk_aside_{os.getpid()}")
    try:
        url = rename_database(new_database(pg_server, template=server_template), "dealerdesk")
        yield url
        drop_database(url)
    finally:
        rename_database(aside, "dealerdesk")


def test_connect_to_the_main_pc_wrong_password_first(qtbot: QtBot, qapp: QApplication,
                                                     tmp_path: Path, pg_server: str,
                                                     shop_database: str) -> None:
    host, port, user, password = parts(pg_server)
    data_dir = tmp_path / "desk"

    def wizard() -> SetupWizard:
        return active(SetupWizard)  # type: ignore[return-value]

    def choose_connect() -> None:
        w = wizard()
        radio = w.branch_page.connect_mode
        assert radio.isVisible()
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
        assert not w.branch_page.edits["code"].isVisible()  # the branch lives on the main PC
        qtbot.keyClick(w, Qt.Key.Key_Return)  # Enter moves on

    def wrong_password() -> None:
        w = wizard()
        page = w.connect_page
        assert page is not None
        qtbot.keyClicks(child(w, type(page.host), "field_server_host"), host)
        page.port.clear()
        qtbot.keyClicks(page.port, str(port))
        page.user.clear()
        qtbot.keyClicks(page.user, user)
        qtbot.keyClicks(page.password, "not-the-password")
        qtbot.keyClick(page.password, Qt.Key.Key_Return)  # Enter tests first

    def refused() -> bool:
        page = wizard().connect_page
        return page is not None and "用户名或密码不对" in page.result.text()

    def right_password() -> None:
        w = wizard()
        page = w.connect_page
        assert page is not None
        script.seen["refusal"] = page.result.text()
        script.seen["finish_after_refusal"] = w.button(QWizard.WizardButton.FinishButton).isEnabled()
        page.password.clear()
        qtbot.keyClicks(page.password, password)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)

    def connected() -> bool:
        page = wizard().connect_page
        return page is not None and page.result.text().startswith("已连接")

    def finish() -> None:
        w = wizard()
        assert w.connect_page is not None
        script.seen["answer"] = w.connect_page.result.text()
        script.seen["finish_enabled"] = w.button(QWizard.WizardButton.FinishButton).isEnabled()
        script.seen["local_file_during_wizard"] = (data_dir / DB_FILE_NAME).exists()
        qtbot.keyClick(w.connect_page.password, Qt.Key.Key_Return)

    def login() -> None:
        dialog: LoginDialog = active(LoginDialog)  # type: ignore[assignment]
        script.seen["branch"] = child(dialog, QLabel, "loginBranch").text()
        script.seen["database"] = dialog.database.text()
        dialog.reject()

    script = Script([
        (modal(SetupWizard), choose_connect),
        (lambda: wizard().currentPage() is wizard().connect_page, wrong_password),
        (refused, right_password),
        (connected, finish),
        (modal(LoginDialog), login),
    ])
    code = script.run(lambda: gui._run(qapp, data_dir, UiSettings()))
    assert "stuck_at" not in script.seen, script.seen
    assert code == gui.EXIT_OK
    assert script.seen["refusal"] == f"无法连接本店主机 {host}:{port}/dealerdesk：用户名或密码不对"
    assert script.seen["finish_after_refusal"] is False
    assert script.seen["answer"] == "已连接：门店 BJ01 北京朝阳店"
    assert script.seen["finish_enabled"] is True
    assert script.seen["local_file_during_wizard"] is False
    assert script.seen["branch"] == "BJ01  北京朝阳店"
    assert script.seen["database"] == f"数据库：本店主机 {host}:{port}/dealerdesk"
    remembered = json.loads((data_dir / CONNECTION_FILE).read_text(encoding="utf-8"))
    assert remembered["hosted_here"] is False
    assert make_url(remembered["url"]).port == port
    assert make_url(remembered["url"]).database == "dealerdesk"
    assert not (data_dir / DB_FILE_NAME).exists()


def test_a_branch_made_on_the_main_pcs_empty_database(qtbot: QtBot, tmp_path: Path,
                                                      pg_server: str) -> None:
    """The whole address pasted; the server's database has no branch yet: the branch pages
    follow, and the branch is made there."""
    url = new_database(pg_server)
    name = make_url(url).database
    data_dir = tmp_path / "desk"
    try:
        setup = AppSetup(data_dir)
        wizard = SetupWizard(None, setup=setup)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.branch_page.connect_mode.setChecked(True)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        page = wizard.connect_page
        assert page is not None and wizard.currentPage() is page
        page.host.setText(url.replace("postgresql+psycopg://", "postgresql://"))  # pasted
        host, port, user, _password = parts(pg_server)
        assert (page.host.text(), page.port.text(), page.user.text()) == (host, str(port), user)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.result.text().startswith("已连接"), timeout=20000)
        assert "还没有门店" in page.result.text()
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        assert wizard.currentId() == wizard.branch_page_id
        assert wizard.branch_page.branch_mode.isChecked()
        assert wizard.branch_page.server_note.text() == f"门店将建立在本店主机 {host}:{port} 上。"
        qtbot.keyClicks(wizard.branch_page.edits["code"], "SH09")
        type_text(qtbot, wizard.branch_page.edits["name"], "上海闵行店")
        qtbot.keyClick(wizard.branch_page.edits["name"], Qt.Key.Key_Return)
        assert wizard.currentId() == wizard.admin_page_id
        for field_name, text in (("username", "boss"), ("password", "s3cret-pw-Tn8j"),
                                 ("password2", "s3cret-pw-Tn8j")):
            qtbot.keyClicks(wizard.admin_page.edits[field_name], text)
        qtbot.keyClick(wizard.admin_page.edits["password2"], Qt.Key.Key_Return)
        assert f"数据库：本店主机 {host}:{port}" in wizard.finish_page.summary.text()
        with qtbot.waitSignal(wizard.accepted, timeout=20000):
            qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                             Qt.MouseButton.LeftButton)
        assert setup.context is not None and setup.context.location.is_workstation
        assert setup.context.services.branches.current().code == "SH09"
        assert make_url(setup.context.location.url).database == name
        assert not (data_dir / DB_FILE_NAME).exists()
    finally:
        operations.worker().wait()
        if setup.context is not None:
            setup.context.close()
        drop_database(url)


@dataclass
class FakeSetup:
    """Records what the wizard asked for; the 'main PC' is a SQLite database here."""

    data_dir: Path
    calls: list[str] = field(default_factory=list)
    context: AppContext | None = None

    def _open(self, what: str) -> object:
        self.calls.append(what)
        if self.context is None:
            self.context = AppContext.open(self.data_dir, create=True)
        return self.context.services

    def open_here(self) -> object:
        return self._open("open_here")

    def make_main_pc(self) -> object:
        return self._open("make_main_pc")

    def check_server(self, *args: object) -> object:
        raise AssertionError("not asked")

    def connect(self, *args: object) -> object:
        raise AssertionError("not asked")


def test_the_main_pc_box_makes_the_server_before_the_branch(qtbot: QtBot, tmp_path: Path) -> None:
    setup = FakeSetup(tmp_path / "main")
    wizard = SetupWizard(None, setup=setup)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    box = wizard.branch_page.main_pc
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    assert not (tmp_path / "main").exists()  # nothing made before Finish
    qtbot.keyClicks(wizard.branch_page.edits["code"], "GZ01")
    type_text(qtbot, wizard.branch_page.edits["name"], "广州天河店")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    for field_name, text in (("username", "boss"), ("password", "s3cret-pw-Tn8j"),
                             ("password2", "s3cret-pw-Tn8j")):
        qtbot.keyClicks(wizard.admin_page.edits[field_name], text)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert "这台电脑作为本店主机" in wizard.finish_page.summary.text()
    try:
        with qtbot.waitSignal(wizard.accepted, timeout=20000):
            qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                             Qt.MouseButton.LeftButton)
        assert setup.calls == ["make_main_pc"]
        assert wizard.services is not None
        assert wizard.services.branches.current().code == "GZ01"
    finally:
        operations.worker().wait()
        if setup.context is not None:
            setup.context.close()


# --- the main PC does not answer ---------------------------------------------------------------
def _closed_port_url(server: str) -> str:
    host, _port, user, password = parts(server)
    return server_url(host, free_port(), user, password, "dealerdesk")


def test_unreachable_main_pc_is_said_and_quit_makes_no_local_file(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, pg_server: str) -> None:
    data_dir = tmp_path / "desk"
    url = _closed_port_url(pg_server)
    remember_server(data_dir, url)
    label = f"127.0.0.1:{make_url(url).port}/dealerdesk"

    def quit_() -> None:
        dialog: UnreachableDialog = active(UnreachableDialog)  # type: ignore[assignment]
        script.seen["text"] = dialog.message.text()
        qtbot.mouseClick(child(dialog, QPushButton, "quitButton"), Qt.MouseButton.LeftButton)

    script = Script([(modal(UnreachableDialog), quit_)])
    assert script.run(lambda: gui._run(qapp, data_dir, UiSettings())) == gui.EXIT_ERROR
    assert "stuck_at" not in script.seen
    assert script.seen["text"] == f"无法连接本店主机 {label}：连接不上（主机没开机、数据库服务没启动，或网络不通）"
    assert not (data_dir / DB_FILE_NAME).exists()


def test_retry_reaches_the_main_pc_once_it_answers(qtbot: QtBot, tmp_path: Path,
                                                   pg_server: str,
                                                   shop_database: str) -> None:
    data_dir = tmp_path / "desk"
    remember_server(data_dir, _closed_port_url(pg_server))

    def retry() -> None:
        dialog: UnreachableDialog = active(UnreachableDialog)  # type: ignore[assignment]
        script.seen["first"] = dialog.message.text()
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)

    def refused_again() -> bool:
        dialog = QApplication.activeModalWidget()
        return isinstance(dialog, UnreachableDialog) and dialog.retry_button.isEnabled() \
            and "attempts" not in script.seen

    def answer_and_retry() -> None:
        dialog: UnreachableDialog = active(UnreachableDialog)  # type: ignore[assignment]
        script.seen["attempts"] = dialog.message.text()
        remember_server(data_dir, shop_database)  # the main PC answers (at its address) now
        qtbot.keyClick(dialog.retry_button, Qt.Key.Key_Return)

    script = Script([(modal(UnreachableDialog), retry), (refused_again, answer_and_retry)])
    ctx = script.run(lambda: gui._open_database(data_dir, None))
    try:
        assert "stuck_at" not in script.seen
        assert isinstance(ctx, AppContext)
        assert "无法连接本店主机" in str(script.seen["first"])
        assert script.seen["attempts"] == script.seen["first"]  # still down: said again
        assert ctx.services.branches.current().code == "BJ01"
        assert ctx.location.is_workstation
        assert not (data_dir / DB_FILE_NAME).exists()
    finally:
        operations.worker().wait()
        if isinstance(ctx, AppContext):
            ctx.close()


# --- 系统设置 → 多台电脑 ------------------------------------------------------------------------
def test_one_pc_becomes_the_main_pc(qtbot: QtBot, ctx: AppContext, admin: Actor,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """设为本店主机 on a one-PC install: a real server on a free port, the records moved
    (the mover is stood in for: ``app.db_move`` is tested by its own suite), the address shown,
    and the program asked to restart."""
    moved: list[tuple[str, str]] = []

    def mover(data_dir: Path, url: str, progress: Callable[[int, int, str], None]) -> None:
        for done, table in enumerate(("customers", "vehicles", "work_orders"), 1):
            progress(done, 3, table)
        moved.append((str(data_dir), url))
        remember_server(data_dir, url, hosted_here=True)

    monkeypatch.setattr(multi_pc_actions, "_mover", lambda: mover)
    tab = MultiPcTab(AppMultiPc(ctx, admin, port=free_port()))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.view is not None)
    assert tab.role.text() == "这台电脑：单机"
    assert tab.make_button.isVisible() and tab.make_button.text() == "设为本店主机…"
    assert not tab.address_box.isVisible()

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            qtbot.mouseClick(child(box, QPushButton, "confirmMainPcButton"), Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, confirm)

    restarts: list[bool] = []
    tab.restart_required.connect(lambda: restarts.append(True))
    QTimer.singleShot(20, confirm)
    try:
        qtbot.mouseClick(tab.make_button, Qt.MouseButton.LeftButton)
        assert tab.bar.isVisible() and tab.progress_label.text() == "正在建立数据库服务器……"
        assert not tab.make_button.isEnabled()
        # initdb and the first start: about 4 s here, far longer on a machine busy with others
        qtbot.waitUntil(lambda: operations.worker().pending == 0 and not tab.bar.isVisible(),
                        timeout=180_000)
        assert restarts == [True], tab.message.text()
        server = LocalServer(ctx.data_dir)
        config = server.config()
        assert moved == [(str(ctx.data_dir), config.url())]
        assert tab.role.text() == "这台电脑：本店主机（重新启动后生效）"
        assert tab.address_box.isVisible() and not tab.make_button.isVisible()
        assert tab.port.text() == str(config.port)
        assert tab.user.text() == "dealerdesk" and tab.password.text() == config.password
        assert tab.url.text().startswith("postgresql://dealerdesk:")
        qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
        assert QApplication.clipboard().text() == tab.url.text()

        # started again: this PC is the main PC, and the tab shows its server
        main = AppContext.open(ctx.data_dir)
        try:
            again = MultiPcTab(AppMultiPc(main, admin))
            qtbot.addWidget(again)
            again.show()
            qtbot.waitUntil(lambda: again.view is not None, timeout=10000)
            assert again.role.text() == "这台电脑：本店主机"
            assert again.running.text() == "运行中" and again.version.text().startswith("PostgreSQL ")
            assert again.status_box.isVisible() and again.address_box.isVisible()
            assert not again.make_button.isVisible()
            assert again.clients.text().startswith(("1 台", "2 台"))  # this program itself
        finally:
            operations.worker().wait()
            main.close()
    finally:
        LocalServer(ctx.data_dir).stop()


@dataclass(frozen=True)
class _Waiting:
    role: str = "single"
    server: str = ""
    main_pc: None = None
    status: None = None
    waiting_move: bool = True
    restart_needed: bool = False
    move_available: bool = False


class _NoMove:
    def state(self) -> MultiPcState:
        return _Waiting()  # type: ignore[return-value]

    def make_main_pc(self, progress: Callable[[int, int, str], None]) -> MultiPcState:
        progress(0, 0, "")
        return _Waiting()  # type: ignore[return-value]


def test_without_the_move_the_server_waits_and_the_file_stays(qtbot: QtBot) -> None:
    tab = MultiPcTab(_NoMove())
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.view is not None)
    assert tab.make_button.text() == "移动数据到主机…" and not tab.make_button.isEnabled()
    assert "这个版本还不能把现有数据移到服务器上" in tab.explain.text()
    assert not tab.address_box.isVisible()  # no desk may connect to a database still empty


def test_workstation_role_has_nothing_to_change(qtbot: QtBot) -> None:
    class Desk:
        def state(self) -> MultiPcState:
            return MultiPcState("workstation", "192.168.1.10:5432/dealerdesk")

        def make_main_pc(self, progress: Callable[[int, int, str], None]) -> MultiPcState:
            raise AssertionError("not offered")

    tab = MultiPcTab(Desk())
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.view is not None)
    assert tab.role.text() == "这台电脑：工作站"
    assert "192.168.1.10:5432/dealerdesk" in tab.explain.text()
    assert not tab.make_button.isVisible() and not tab.address_box.isVisible()
