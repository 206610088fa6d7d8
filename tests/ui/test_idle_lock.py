"""Screen lock after idle time: input keeps it away, the same user's password unlocks,
切换用户 closes the window for the login."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
from pytestqt.qtbot import QtBot

from domain.roles import Actor
from domain.services.registry import Services
from domain.settings_defaults import SECURITY_IDLE_LOCK_MINUTES
from tests.conftest import ADMIN_PASSWORD
from ui import operations
from ui.idle_lock import IdleLock, idle_minutes


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    win = QMainWindow()
    editor = QLineEdit()
    editor.setObjectName("work")
    win.setCentralWidget(editor)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _lock(window: QMainWindow, services: Services, admin: Actor, ms: int) -> IdleLock:
    app = QApplication.instance()
    assert app is not None
    lock = IdleLock.install(app, window, services, admin, interval_ms=ms)
    assert lock is not None
    return lock


def test_setting_defaults_to_ten_minutes_and_zero_disables(
        qtbot: QtBot, window: QMainWindow, services: Services, admin: Actor) -> None:
    assert idle_minutes(services) == 10
    services.settings.set(admin, SECURITY_IDLE_LOCK_MINUTES, 0)
    app = QApplication.instance()
    assert app is not None
    assert IdleLock.install(app, window, services, admin) is None


def test_locks_when_idle_and_input_keeps_it_open(
        qtbot: QtBot, window: QMainWindow, services: Services, admin: Actor) -> None:
    lock = _lock(window, services, admin, 1500)
    editor = window.centralWidget()
    for _ in range(12):  # typing every 200 ms for ~2.4 s: never idle for 1.5 s
        qtbot.keyClick(editor, Qt.Key.Key_A)
        qtbot.wait(200)
        assert not lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=5000):
        pass
    assert lock.is_locked and not editor.isVisible()
    window.grab().save("/tmp/idle_lock_window.png")
    assert lock.dialog is not None
    lock.dialog.grab().save("/tmp/idle_lock_dialog.png")


def test_wrong_password_stays_locked_right_one_unlocks(
        qtbot: QtBot, window: QMainWindow, services: Services, admin: Actor) -> None:
    lock = _lock(window, services, admin, 100)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    dialog = lock.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: operations.worker().pending == 0 and dialog.error.isVisible(), timeout=5000)
    assert dialog.error.text() == "用户名或密码错误"
    central = window.centralWidget()
    assert central is not None
    assert lock.is_locked and not central.isVisible()
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked and central.isVisible()
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)  # idle again: locks again


def test_switch_user_closes_the_window(
        qtbot: QtBot, window: QMainWindow, services: Services, admin: Actor) -> None:
    lock = _lock(window, services, admin, 100)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert lock.dialog is not None
    with qtbot.waitSignal(lock.switch_user, timeout=3000):
        qtbot.mouseClick(lock.dialog.switch_button, Qt.MouseButton.LeftButton)
    assert lock.switch_requested
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
