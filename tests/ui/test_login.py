"""Login dialog: Enter submits; refusals are explained inside the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from domain.roles import Actor, Role
from domain.services.registry import Services
from domain.services.staff import MAX_FAILED_LOGINS
from tests.conftest import ADMIN_PASSWORD, make_actor
from tests.ui.keyboard import child
from ui import operations
from ui.login_dialog import LoginDialog


@pytest.fixture
def dialog(qtbot: QtBot, services: Services) -> LoginDialog:
    widget = LoginDialog(services, services.branches.current())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def submit_with_enter(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def wait_error(qtbot: QtBot, dialog: LoginDialog) -> str:
    qtbot.waitUntil(lambda: operations.worker().pending == 0 and dialog.error.isVisible())
    return dialog.error.text()


def test_branch_is_shown(dialog: LoginDialog) -> None:
    assert "BJ01" in child(dialog, QLabel, "loginBranch").text()


def test_enter_logs_in(qtbot: QtBot, dialog: LoginDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        submit_with_enter(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert isinstance(dialog.actor, Actor)
    assert dialog.actor.username == "admin" and dialog.actor.role is Role.ADMIN
    assert dialog.password.text() == ""  # the clear password does not linger in the widget


def test_wrong_password_shown_in_dialog(qtbot: QtBot, dialog: LoginDialog) -> None:
    submit_with_enter(qtbot, dialog, "admin", "not-the-password")
    assert wait_error(qtbot, dialog) == "用户名或密码错误"
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.password.text() == "" and dialog.password.hasFocus()
    assert dialog.login_button.isEnabled()
    # and the next, correct attempt still works from the same dialog
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Enter)


def test_locked_account_explained(qtbot: QtBot, dialog: LoginDialog) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        submit_with_enter(qtbot, dialog, "admin", "wrong")
        wait_error(qtbot, dialog)
    dialog.error.hide()
    submit_with_enter(qtbot, dialog, "admin", ADMIN_PASSWORD)
    text = wait_error(qtbot, dialog)
    assert "登录失败次数过多" in text and "分钟" in text
    assert dialog.actor is None


def test_inactive_account_explained(qtbot: QtBot, services: Services, admin: Actor,
                                    dialog: LoginDialog) -> None:
    clerk = make_actor(services, admin, Role.CASHIER, "zhou.kasse")
    assert clerk.staff_id is not None
    services.staff.set_active(admin, clerk.staff_id, False)
    submit_with_enter(qtbot, dialog, "zhou.kasse", "pass1234-Lw9x")
    assert "已停用" in wait_error(qtbot, dialog)
    assert dialog.actor is None


def test_empty_user_name_asks_for_it(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.error.isVisible() and dialog.error.text() == "请输入用户名"
    assert operations.worker().pending == 0


def test_user_name_prefilled_after_set_up(qtbot: QtBot, services: Services) -> None:
    widget = LoginDialog(services, services.branches.current(), username="admin")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.username.text() == "admin"
    qtbot.waitUntil(widget.password.hasFocus)  # focus arrives with window activation
