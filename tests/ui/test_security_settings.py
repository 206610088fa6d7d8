"""安全设置 tab: a manager changes the idle lock time and hides money from technicians."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from domain.roles import Actor
from domain.services.registry import Services
from domain.settings_defaults import (
    SECURITY_IDLE_LOCK_MINUTES,
    WORKORDER_HIDE_MONEY_FROM_TECHNICIANS,
)
from ui import operations
from ui.pages.settings_page import SettingsPage


def test_manager_saves_security_settings(qtbot: QtBot, services: Services, admin: Actor) -> None:
    page = SettingsPage(services, admin, services.branches.current())
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)
    tab = page.security_tab
    assert tab.idle_minutes.value() == 10 and not tab.hide_money.isChecked()
    tab.idle_minutes.setValue(3)
    tab.hide_money.setChecked(True)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.status.text() == "已保存")
    assert services.settings.get(SECURITY_IDLE_LOCK_MINUTES) == 3
    assert services.settings.get(WORKORDER_HIDE_MONEY_FROM_TECHNICIANS) is True
