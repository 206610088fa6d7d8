"""Settings page: staff accounts through the real buttons, language, branch details."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from domain.errors import NotAllowed
from domain.roles import Actor, Role
from domain.services.registry import Services
from domain.services.staff import StaffView
from tests.conftest import make_actor
from tests.ui.keyboard import child, type_text
from ui import operations
from ui.dialogs.staff_dialog import ResetPasswordDialog, StaffCreateDialog
from ui.models.staff_model import StaffTableModel
from ui.pages.settings_page import SettingsPage
from ui.settings import UiSettings


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    """QSettings redirected to the test's folder (never the user's own settings)."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    return UiSettings()


def make_page(qtbot: QtBot, services: Services, actor: Actor,
              ui_settings: UiSettings) -> SettingsPage:
    page = SettingsPage(services, actor, services.branches.current(), ui_settings)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: operations.worker().pending == 0 and page.staff_tab.model.rowCount() > 0)
    return page


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def field(dialog: StaffCreateDialog | ResetPasswordDialog, name: str) -> QLineEdit:
    found = dialog.findChild(QLineEdit, f"field_{name}")
    assert found is not None, name
    return found


def row_of(page: SettingsPage, username: str) -> int:
    model = page.staff_tab.model
    for row in range(model.rowCount()):
        if model.index(row, StaffTableModel.COL_USERNAME).data() == username:
            return row
    return -1


def status_of(page: SettingsPage, username: str) -> str:
    model = page.staff_tab.model
    return model.index(row_of(page, username), StaffTableModel.COL_STATUS).data()


def select_row(qtbot: QtBot, page: SettingsPage, username: str) -> None:
    table = page.staff_tab.table
    row = row_of(page, username)
    assert row >= 0, username
    rect = table.visualRect(table.model().index(row, StaffTableModel.COL_DISPLAY_NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.staff_tab.selected() is not None
    assert page.staff_tab.selected().username == username  # type: ignore[union-attr]


def create_staff(qtbot: QtBot, page: SettingsPage, username: str, role: Role) -> None:
    click(qtbot, page.staff_tab.create_button)
    dialog = page.findChild(StaffCreateDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(field(dialog, "username"), username)
    field(dialog, "display_name").setFocus()
    type_text(qtbot, field(dialog, "display_name"), "刘晓")
    dialog.select_role(role)
    qtbot.keyClicks(field(dialog, "password"), "start-123")
    qtbot.keyClicks(field(dialog, "password2"), "start-123")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: operations.worker().pending == 0 and row_of(page, username) >= 0)


def test_staff_model_is_a_sound_item_model(qtmodeltester, services: Services,  # type: ignore[no-untyped-def]
                                           admin: Actor) -> None:
    model = StaffTableModel()
    model.set_staff([StaffView("1", "admin", "管理员", Role.ADMIN, True),
                     StaffView("2", "li", "李四", Role.CASHIER, False)])
    qtmodeltester.check(model)
    assert model.headerData(StaffTableModel.COL_ROLE, Qt.Orientation.Horizontal) == "岗位"
    assert model.index(1, StaffTableModel.COL_ROLE).data() == "收银员"
    assert model.index(1, StaffTableModel.COL_STATUS).data() == "已停用"


def test_admin_creates_and_deactivates_staff(qtbot: QtBot, services: Services, admin: Actor,
                                             ui_settings: UiSettings) -> None:
    page = make_page(qtbot, services, admin, ui_settings)
    create_staff(qtbot, page, "liu.xiao", Role.CASHIER)
    model = page.staff_tab.model
    row = row_of(page, "liu.xiao")
    assert model.index(row, StaffTableModel.COL_DISPLAY_NAME).data() == "刘晓"
    assert model.index(row, StaffTableModel.COL_ROLE).data() == "收银员"
    assert status_of(page, "liu.xiao") == "在用"
    assert services.staff.login("liu.xiao", "start-123").role is Role.CASHIER

    select_row(qtbot, page, "liu.xiao")
    assert not page.staff_tab.reactivate_button.isEnabled()
    click(qtbot, page.staff_tab.deactivate_button)
    qtbot.waitUntil(lambda: status_of(page, "liu.xiao") == "已停用")
    assert "已停用账号 liu.xiao" in page.staff_tab.message.text()
    with pytest.raises(NotAllowed):
        services.staff.login("liu.xiao", "start-123")

    # selection kept on the row: reactivate with the other button
    assert page.staff_tab.selected().username == "liu.xiao"  # type: ignore[union-attr]
    click(qtbot, page.staff_tab.reactivate_button)
    qtbot.waitUntil(lambda: status_of(page, "liu.xiao") == "在用")
    assert services.staff.login("liu.xiao", "start-123").username == "liu.xiao"


def test_create_dialog_shows_errors_next_to_fields(qtbot: QtBot, services: Services,
                                                   admin: Actor, ui_settings: UiSettings) -> None:
    page = make_page(qtbot, services, admin, ui_settings)
    click(qtbot, page.staff_tab.create_button)
    dialog = page.findChild(StaffCreateDialog)
    assert dialog is not None
    qtbot.keyClicks(field(dialog, "username"), "x")
    qtbot.keyClicks(field(dialog, "password"), "abc")
    qtbot.keyClicks(field(dialog, "password2"), "abc")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)
    errors = {name: child(dialog, QLabel, f"error_{name}") for name in
              ("username", "display_name", "password")}
    qtbot.waitUntil(lambda: all(label.isVisible() for label in errors.values()))
    assert "姓名不能为空" in errors["display_name"].text()
    assert "至少 8 位" in errors["password"].text()
    assert dialog.isVisible()

    # a taken user name (checked in the database) lands under the user name as well
    for name, text in (("username", "ADMIN"), ("password", "tulip-anchor-93"), ("password2", "tulip-anchor-93")):
        field(dialog, name).clear()
        qtbot.keyClicks(field(dialog, name), text)
    type_text(qtbot, field(dialog, "display_name"), "王五")
    assert not errors["username"].isVisible()  # editing clears the old message
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: errors["username"].isVisible())
    assert "已被使用" in errors["username"].text()
    assert not errors["password"].isVisible()
    assert dialog.isVisible()
    assert page.staff_tab.model.rowCount() == 1
    assert [s.username for s in services.staff.list(admin)] == ["admin"]


def test_last_admin_cannot_be_deactivated_message_in_page(
        qtbot: QtBot, services: Services, admin: Actor, ui_settings: UiSettings) -> None:
    page = make_page(qtbot, services, admin, ui_settings)
    select_row(qtbot, page, "admin")
    click(qtbot, page.staff_tab.deactivate_button)
    qtbot.waitUntil(lambda: page.staff_tab.message.isVisible())
    assert page.staff_tab.message.text() == "不能停用最后一个管理员账号"
    assert status_of(page, "admin") == "在用"


def test_admin_resets_a_password(qtbot: QtBot, services: Services, admin: Actor,
                                 ui_settings: UiSettings) -> None:
    make_actor(services, admin, Role.ADVISOR, "sun.li")
    page = make_page(qtbot, services, admin, ui_settings)
    select_row(qtbot, page, "sun.li")
    click(qtbot, page.staff_tab.reset_button)
    dialog = page.findChild(ResetPasswordDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(field(dialog, "password"), "fresh-start")
    qtbot.keyClicks(field(dialog, "password2"), "fresh-start")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        click(qtbot, dialog.ok_button)
    assert services.staff.login("sun.li", "fresh-start").username == "sun.li"
    assert "已为" in page.staff_tab.message.text()


def test_staff_dialogs_show_why_a_password_is_weak(qtbot: QtBot, services: Services, admin: Actor,
                                                   ui_settings: UiSettings) -> None:
    """Issue 23 item 8: "a weak password (zxcvbn score below 2, or on a common-password list)
    refused with the reason in Chinese": under the password, in 新建员工 and 重置密码 alike."""
    make_actor(services, admin, Role.ADVISOR, "sun.li")
    page = make_page(qtbot, services, admin, ui_settings)
    click(qtbot, page.staff_tab.create_button)
    create = page.findChild(StaffCreateDialog)
    assert create is not None
    for name, text in (("username", "zhou.min"), ("display_name", "周敏"),
                       ("password", "woaini1314"), ("password2", "woaini1314")):
        type_text(qtbot, field(create, name), text)
    click(qtbot, create.ok_button)
    error = child(create, QLabel, "error_password")
    qtbot.waitUntil(error.isVisible)
    assert "密码太常见" in error.text()
    assert create.isVisible() and "zhou.min" not in {s.username for s in services.staff.list(admin)}
    create.reject()

    select_row(qtbot, page, "sun.li")
    click(qtbot, page.staff_tab.reset_button)
    reset = page.findChild(ResetPasswordDialog)
    assert reset is not None
    qtbot.keyClicks(field(reset, "password"), "sunli1234")
    qtbot.keyClicks(field(reset, "password2"), "sunli1234")
    click(qtbot, reset.ok_button)
    error = child(reset, QLabel, "error_password")
    qtbot.waitUntil(error.isVisible)
    assert "密码太容易猜到：不要使用用户名、姓名" in error.text() and reset.isVisible()
    assert services.staff.login("sun.li", "pass1234-Lw9x").username == "sun.li"


def test_buttons_disabled_for_non_admin(qtbot: QtBot, services: Services, admin: Actor,
                                        ui_settings: UiSettings) -> None:
    manager = make_actor(services, admin, Role.MANAGER, "boss")
    page = make_page(qtbot, services, manager, ui_settings)
    select_row(qtbot, page, "admin")
    tab = page.staff_tab
    for button in (tab.create_button, tab.deactivate_button, tab.reactivate_button,
                   tab.reset_button):
        assert not button.isEnabled(), button.objectName()
    assert tab.note.isVisible()


def test_language_saved_for_next_start(qtbot: QtBot, services: Services, admin: Actor,
                                       ui_settings: UiSettings) -> None:
    page = make_page(qtbot, services, admin, ui_settings)
    page.tabs.setCurrentWidget(page.language_tab)
    combo = page.language_tab.combo
    assert combo.currentData() == "zh"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "en"
    assert UiSettings().language == "en"  # a fresh wrapper reads what was saved
    assert "English" in page.language_tab.saved.text()
    assert "重新启动" in page.language_tab.note.text()
    assert QApplication.instance() is not None


def test_branch_tab_shows_branch(qtbot: QtBot, services: Services, admin: Actor,
                                 ui_settings: UiSettings) -> None:
    page = make_page(qtbot, services, admin, ui_settings)
    shown = {name: child(page.branch_tab, QLabel, f"branch_{name}").text()
             for name in ("code", "name", "phone")}
    assert shown == {"code": "BJ01", "name": "北京朝阳店", "phone": "010-64700000"}
