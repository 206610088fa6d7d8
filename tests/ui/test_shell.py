"""The GUI shell: main window navigation, language, font, start-up wiring, crash handler."""

from __future__ import annotations

import argparse
import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QSettings, Qt, QThread, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app import gui
from app.context import AppContext
from domain.roles import Actor
from domain.services.registry import Services
from tests.conftest import ADMIN_PASSWORD
from tests.ui.keyboard import child
from ui import i18n, operations
from ui.crash_handler import CrashHandler, redact
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.pages.settings_page import SettingsPage
from ui.settings import UiSettings

ROOT = Path(__file__).resolve().parents[2]
TITLES_ZH = ["客户与车辆", "维修工单", "客户投诉", "跟踪回访", "报表统计", "基础资料", "总部同步", "系统设置"]
TITLES_EN = ["Customers & vehicles", "Work orders", "Complaints", "Follow-ups", "Reports",
             "Master data", "HQ sync", "Settings"]


@pytest.fixture
def ui_settings(tmp_path: Path) -> Iterator[UiSettings]:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield UiSettings()
    i18n.uninstall()  # later tests expect the Chinese source strings


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_translations",
                                                  ROOT / "scripts" / "build_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def open_window(qtbot: QtBot, services: Services, actor: Actor, data_dir: Path) -> MainWindow:
    window = MainWindow(services, actor, services.branches.current(), data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)
    return window


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


# --- main window -----------------------------------------------------------------------------
def test_navigation_has_all_seven_areas(qtbot: QtBot, services: Services, admin: Actor,
                                        data_dir: Path, ui_settings: UiSettings) -> None:
    window = open_window(qtbot, services, admin, data_dir)
    assert nav_titles(window) == TITLES_ZH
    for row, key in enumerate(MainWindow.PAGE_KEYS):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.pages.currentIndex() == row
        assert window.pages.currentWidget() is window.page(key)
    assert isinstance(window.page("settings"), SettingsPage)
    assert type(window.page("reports")).__name__ == "ReportsPage"
    assert "管理员" in child(window, QLabel, "currentUser").text()


def test_sync_page_says_not_enabled_without_the_app(qtbot: QtBot, services: Services, admin: Actor,
                                                    data_dir: Path, ui_settings: UiSettings) -> None:
    """总部同步 needs the app's sync actions (app.gui hands them in); without them it says so."""
    window = open_window(qtbot, services, admin, data_dir)
    page = window.show_page("sync")
    assert type(page).__name__ == "SyncPage"
    label = child(page, QLabel, "syncWaitingLabel")
    assert label.isVisible() and label.text() == "同步功能未启用"
    assert page.findChildren(QPushButton) == []  # nothing on it pretends to work


# --- language and font ---------------------------------------------------------------------
def test_english_after_restart(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                               services: Services, admin: Actor, data_dir: Path,
                               ui_settings: UiSettings) -> None:
    compiled = tmp_path / "qm"
    assert [p.name for p in build_script().build(out_dir=compiled)] == ["dealerdesk_en.qm"]
    first = open_window(qtbot, services, admin, data_dir)
    settings_page = first.show_page("settings")
    assert isinstance(settings_page, SettingsPage)
    combo = settings_page.language_tab.combo
    combo.setCurrentIndex(combo.findData("en"))
    assert nav_titles(first) == TITLES_ZH  # the running window keeps its language

    # "restart": what run_gui does at start-up, then a new window
    assert gui.prepare(qapp, UiSettings(), translations=compiled) == "en"
    window = open_window(qtbot, services, admin, data_dir)
    assert nav_titles(window) == TITLES_EN
    waiting = child(window.page("sync"), QLabel, "syncWaitingLabel")  # no sync actions handed in
    assert waiting.text() == "Sync is not enabled"
    assert operations.error_text(__import__("domain.errors").errors.Conflict("staff.last_admin")) \
        == "The last administrator cannot be deactivated"


def test_missing_translation_starts_in_chinese(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                               services: Services, admin: Actor,
                                               data_dir: Path, ui_settings: UiSettings) -> None:
    ui_settings.language = "en"
    empty = tmp_path / "no-translations"
    empty.mkdir()
    assert gui.prepare(qapp, ui_settings, translations=empty) == "zh"
    window = open_window(qtbot, services, admin, data_dir)
    assert nav_titles(window) == TITLES_ZH


def test_the_translation_file_is_current(tmp_path: Path) -> None:
    """lupdate over today's sources changes nothing in the .ts: a string moved to a renamed
    class (a new translation context) would otherwise show in Chinese in the English UI, since
    Qt looks translations up by (context, source)."""
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET

    spec = importlib.util.spec_from_file_location("update_translations",
                                                  ROOT / "scripts" / "update_translations.py")
    assert spec is not None and spec.loader is not None
    update = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update)
    shipped = ROOT / "resources" / "translations" / "dealerdesk_en.ts"
    fresh = tmp_path / "fresh.ts"
    shutil.copy(shipped, fresh)
    files = [str(p.relative_to(ROOT)) for p in update.source_files()]
    subprocess.run([*update.lupdate_command(), "-no-obsolete", "-locations", "none", "-source-language", "zh_CN",
                    "-target-language", "en", *files, "-ts", str(fresh)], check=True, cwd=ROOT,
                   capture_output=True)

    def entries(ts: Path) -> set[tuple[str, str, str, str]]:
        found = set()
        for context in ET.parse(ts).getroot().iter("context"):
            for message in context.iter("message"):
                translation = message.find("translation")
                found.add((context.findtext("name", ""), message.findtext("source", ""),
                           "" if translation is None else translation.text or "",
                           "" if translation is None else translation.get("type", "")))
        return found

    assert entries(fresh) == entries(shipped), "run scripts/update_translations.py and translate"


def test_every_source_string_has_an_english_translation() -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(ROOT / "resources" / "translations" / "dealerdesk_en.ts").getroot()
    untranslated = [
        message.findtext("source")
        for message in root.iter("message")
        if (message.find("translation") is None
            or message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
            or not message.findtext("translation"))
    ]
    assert untranslated == []


def test_shipped_cjk_font_is_the_application_font(qapp: QApplication) -> None:
    family = gui.install_cjk_font(qapp)
    assert family == "WenQuanYi Micro Hei"
    font = qapp.font()
    assert family in font.families()
    metrics = QFontMetrics(font)
    for char in "售后管家客户与车辆京粤":
        assert metrics.inFontUcs4(ord(char)), char


# --- start-up wiring -----------------------------------------------------------------------
def test_run_gui_refuses_a_foreign_file(monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
                                        tmp_path: Path, ui_settings: UiSettings) -> None:
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    (data_dir / "dealerdesk.sqlite3").write_text("这不是数据库", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda _parent, _title, text: shown.append(text)))
    assert gui.run_gui(argparse.Namespace(data_dir=data_dir)) == 1
    assert len(shown) == 1 and "不是售后管家数据库" in shown[0]
    assert sys.excepthook is not None and not isinstance(sys.excepthook, CrashHandler)


def test_run_gui_logs_in_and_opens_main_window(qtbot: QtBot, qapp: QApplication,
                                               ctx: AppContext, data_dir: Path,
                                               ui_settings: UiSettings) -> None:
    """The whole start: login dialog (typed into, Enter), main window, quit, geometry saved."""
    seen: list[str] = []

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, LoginDialog) and "login" not in seen:
            seen.append("login")
            qtbot.keyClicks(modal.username, "admin")
            qtbot.keyClicks(modal.password, ADMIN_PASSWORD)
            qtbot.keyClick(modal.password, Qt.Key.Key_Return)
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or "main" in seen or not _daily_backup_done(data_dir):
            return  # quitting during the day's first backup would cancel it
        seen.append("main")
        seen.append(windows[0].windowTitle())
        timer.stop()
        windows[0].close()  # the last window: the application quits as for a user

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(50)
    def give_up() -> None:  # only when the flow above got stuck: end run_gui, fail below
        for widget in QApplication.topLevelWidgets():
            widget.close()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(give_up)
    guard.start(20000)
    try:
        code = gui.run_gui(argparse.Namespace(data_dir=data_dir))
    finally:
        timer.stop()
        guard.stop()
    assert code == 0
    assert seen[:2] == ["login", "main"]
    assert "BJ01" in seen[2] and "北京朝阳店" in seen[2]
    assert UiSettings().window_geometry is not None
    assert qapp.applicationName() == "售后管家"
    reasons = sorted(p.stem.rsplit("-", 1)[-1] for p in (data_dir / "backups").glob("dealerdesk-*.sqlite3"))
    # the day's first backup ran beside the window; none on quitting within the hour after it
    assert reasons == ["daily"], reasons


def _daily_backup_done(data_dir: Path) -> bool:
    from app.backups import BACKGROUND

    return any((data_dir / "backups").glob("*-daily.sqlite3")) and not BACKGROUND.running


# --- crash handler -------------------------------------------------------------------------
def _raise_inside() -> None:
    def customer_save_step() -> None:
        raise ZeroDivisionError("division by zero in a test")

    customer_save_step()


def test_crash_handler_writes_log_and_tells_user(tmp_path: Path, qapp: QApplication) -> None:
    shown: list[Path | None] = []
    handler = CrashHandler(tmp_path / "logs", show=shown.append)
    try:
        _raise_inside()
    except ZeroDivisionError:
        handler(*sys.exc_info())  # type: ignore[arg-type]
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "customer_save_step" in text and "ZeroDivisionError" in text
    assert shown == [logs[0]]
    # a second crash gets its own file
    try:
        _raise_inside()
    except ZeroDivisionError:
        handler(*sys.exc_info())  # type: ignore[arg-type]
    assert len(list((tmp_path / "logs").glob("crash-*.log"))) == 2


def test_crash_log_hides_sql_parameters() -> None:
    text = ("(sqlite3.IntegrityError) UNIQUE constraint failed\n[SQL: INSERT INTO customers ...]\n"
            "[parameters: ('张三', '13800138000', '京A12345')]\n(Background on this error)")
    cleaned = redact(text)
    assert "13800138000" not in cleaned and "张三" not in cleaned
    assert "UNIQUE constraint failed" in cleaned


def test_crash_message_box_in_chinese_with_log_path(qtbot: QtBot, tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path / "logs")
    texts: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            texts.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(20, close_box)
    try:
        _raise_inside()
    except ZeroDivisionError:
        handler(*sys.exc_info())  # type: ignore[arg-type]
    assert len(texts) == 1
    assert "很抱歉" in texts[0]
    assert handler.last_log is not None and str(handler.last_log) in texts[0]


@pytest.mark.qt_no_exception_capture
def test_installed_hook_catches_slot_worker_and_thread_errors(qtbot: QtBot, tmp_path: Path,
                                                               qapp: QApplication) -> None:
    shown: list[bool] = []  # True when the apology ran on the GUI thread
    handler = CrashHandler(tmp_path / "logs",
                           show=lambda _p: shown.append(QThread.currentThread() is qapp.thread()))
    handler.install()
    try:
        QTimer.singleShot(0, _raise_inside)  # an error in a slot
        qtbot.waitUntil(lambda: len(shown) == 1)
        operations.run_op(lambda: 1 // 0)  # an error on the database thread
        qtbot.waitUntil(lambda: len(shown) == 2)
        worker = threading.Thread(target=_raise_inside)  # an error on a plain thread
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 3)
    finally:
        handler.uninstall()
    assert shown == [True, True, True]
    assert len(list((tmp_path / "logs").glob("crash-*.log"))) == 3
    assert sys.excepthook is not handler
    assert operations.worker().pending == 0
