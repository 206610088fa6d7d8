"""系统设置 → 演示数据: "系统设置 offers 清除演示数据 before a shop goes live" (issue 23 item 7).

The tab is there for the administrator (and the owner), absent for other roles; the button
asks with the counts (the message box is monkeypatched: a modal box would block the test),
removes under a busy dialog and says what it removed; a real record on a demo row is refused
with the count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.context import AppContext
from domain.model import Customer, Vehicle
from domain.roles import Actor, Role
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput
from tests.conftest import make_actor
from ui import operations
from ui.pages.demo_removal_tab import DemoRemovalTab
from ui.pages.settings_page import SettingsPage
from ui.settings import UiSettings


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    return UiSettings()


def make_page(qtbot: QtBot, services: Services, actor: Actor, ui_settings: UiSettings) -> SettingsPage:
    page = SettingsPage(services, actor, services.branches.current(), ui_settings)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)
    if hasattr(page, "demo_tab"):
        page.tabs.setCurrentWidget(page.demo_tab)  # as the administrator opens it
    return page


def titles(page: SettingsPage) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def customers(ctx: AppContext) -> int:
    with ctx.db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0)


class Asked:
    """Stands in for QMessageBox.question: records the text, answers ``answer``."""

    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.texts: list[str] = []

    def __call__(self, _parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        self.texts.append(text)
        return self.answer


def test_admin_removes_demo_data_after_confirming(qtbot: QtBot, ctx: AppContext, services: Services,
                                                  admin: Actor, ui_settings: UiSettings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = services.demo.load(admin, 5, work_orders=8)
    page = make_page(qtbot, services, admin, ui_settings)
    assert "演示数据" in titles(page)
    tab = page.demo_tab
    assert isinstance(tab, DemoRemovalTab) and tab.remove_button.isEnabled()

    no = Asked(QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "question", no)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(no.texts) and tab.remove_button.isEnabled())
    [text] = no.texts
    assert f"客户 {loaded.customers}" in text and f"车辆 {loaded.vehicles}" in text
    assert f"工单 {loaded.work_orders}" in text and "演示员工 11" in text and "不能撤销" in text
    assert customers(ctx) == loaded.customers  # answered no: nothing removed

    yes = Asked(QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "question", yes)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.isVisible() and tab.remove_button.isEnabled(), timeout=30000)
    assert tab.message.text().startswith("已清除演示数据") and f"客户 {loaded.customers}" in tab.message.text()
    assert tab._progress is None  # the busy dialog is closed
    assert customers(ctx) == 0

    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)  # again: nothing left
    qtbot.waitUntil(lambda: tab.message.text() == "数据库中没有演示数据。")


def test_a_real_order_on_a_demo_vehicle_is_refused_in_the_page(
        qtbot: QtBot, ctx: AppContext, services: Services, admin: Actor, ui_settings: UiSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    services.demo.load(admin, 3, work_orders=0)
    advisor = make_actor(services, admin, Role.ADVISOR, "advisor1")
    with ctx.db.unit_of_work() as session:
        vehicle_id = session.scalar(select(Vehicle.id).limit(1))
    assert vehicle_id is not None
    services.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=999_999, customer_words="保养"))
    asked = Asked(QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "question", asked)
    page = make_page(qtbot, services, admin, ui_settings)
    qtbot.mouseClick(page.demo_tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.demo_tab.message.isVisible())
    assert "1 条正式记录" in page.demo_tab.message.text() and "工单" in page.demo_tab.message.text()
    assert asked.texts == []  # refused before any question
    assert customers(ctx) == 3


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVISOR, Role.CARE_CLERK])
def test_other_roles_get_no_demo_tab(qtbot: QtBot, services: Services, admin: Actor,
                                     ui_settings: UiSettings, role: Role) -> None:
    actor = make_actor(services, admin, role)
    page = make_page(qtbot, services, actor, ui_settings)
    assert "演示数据" not in titles(page) and not hasattr(page, "demo_tab")


def test_owner_gets_the_demo_tab(qtbot: QtBot, services: Services, admin: Actor,
                                 ui_settings: UiSettings) -> None:
    owner = make_actor(services, admin, Role.OWNER)
    page = make_page(qtbot, services, owner, ui_settings)
    assert "演示数据" in titles(page) and page.demo_tab.remove_button.isEnabled()
