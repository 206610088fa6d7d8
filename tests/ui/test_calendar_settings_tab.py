"""工作日历 tab: a manager sets the shop's working calendar with real widgets, and the monthly
per-day figures divide by it.

Issue 15: "Cars per day and every per-day KPI divide by the branch's working days from a
calendar setting (days of the week open, holidays closed, extra working days), default
seven days a week" — "The working calendar is a branch setting with a settings tab".
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from domain.calendar_rules import ALL_WEEK
from domain.roles import Actor
from domain.services.registry import Services
from tests.ui.keyboard import child
from tests.ui.test_labels_english import english  # noqa: F401  (fixture)
from tests.ui.test_search_box import SHOTS, idle
from tests.ui.test_work_orders_ui import app_with_font
from tests.unit.test_kpi import manager, month  # noqa: F401  (fixtures)
from ui.pages.calendar_settings_tab import CalendarSettingsTab
from ui.pages.settings_page import SettingsPage


def open_tab(qtbot: QtBot, services: Services, actor: Actor) -> tuple[SettingsPage, CalendarSettingsTab]:
    app_with_font()
    page = SettingsPage(services, actor, services.branches.current())
    qtbot.addWidget(page)
    page.resize(980, 620)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    tab = page.calendar_tab
    page.tabs.setCurrentWidget(tab)
    return page, tab


def test_manager_sets_the_calendar_and_cars_per_day_follow(qtbot: QtBot, services: Services,  # noqa: F811
                                                           manager: Actor,  # noqa: F811
                                                           month: dict[str, object]) -> None:  # noqa: F811
    page, tab = open_tab(qtbot, services, manager)
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "工作日历"
    assert all(box.isChecked() for box in tab.weekdays.values())  # the default: all seven days
    assert services.kpi.monthly(manager, "2026-10").current.working_days == 31

    for day in (6, 7):  # closed at the weekend
        qtbot.mouseClick(child(tab, QCheckBox, f"weekday{day}"), Qt.MouseButton.LeftButton, pos=child(
            tab, QCheckBox, f"weekday{day}").rect().center())
    holidays = tab.holidays
    holidays.date.setDate(QDate(2026, 10, 1))
    holidays.date.setFocus()
    for _ in range(3):  # 1, 2 and (Enter moves on a day) 3 October: Enter, Enter, Enter
        qtbot.keyClick(holidays.date, Qt.Key.Key_Return)
    assert holidays.days() == [dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 3)]
    tab.extra_days.date.setDate(QDate(2026, 10, 10))  # a Saturday worked (调休)
    qtbot.mouseClick(tab.extra_days.add_button, Qt.MouseButton.LeftButton)
    # a day in both lists cannot be: adding it here takes it off the other list
    tab.extra_days.date.setDate(QDate(2026, 10, 3))
    qtbot.mouseClick(tab.extra_days.add_button, Qt.MouseButton.LeftButton)
    assert holidays.days() == [dt.date(2026, 10, 1), dt.date(2026, 10, 2)]
    assert tab.extra_days.days() == [dt.date(2026, 10, 3), dt.date(2026, 10, 10)]
    tab.extra_days.list.setCurrentRow(0)
    qtbot.mouseClick(tab.extra_days.remove_button, Qt.MouseButton.LeftButton)
    assert tab.extra_days.days() == [dt.date(2026, 10, 10)]

    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.status.text() == "已保存", timeout=5000)
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "calendar_settings_zh.png"))
    saved = services.calendar.get(manager)
    assert saved.weekdays == frozenset({1, 2, 3, 4, 5})
    assert (saved.holidays, saved.extra_days) == ((dt.date(2026, 10, 1), dt.date(2026, 10, 2)), (dt.date(2026, 10, 10),))
    # October 2026: 22 weekdays, minus 1 and 2 October, plus Saturday the 10th
    current = services.kpi.monthly(manager, "2026-10").current
    assert current.working_days == 21 and current.cars_per_day == 5 / 21

    again = SettingsPage(services, manager, services.branches.current())  # read back from the database
    qtbot.addWidget(again)
    qtbot.waitUntil(idle, timeout=5000)
    assert not again.calendar_tab.weekdays[6].isChecked() and again.calendar_tab.weekdays[1].isChecked()
    assert again.calendar_tab.extra_days.days() == [dt.date(2026, 10, 10)]


def test_a_week_with_no_open_day_is_refused_in_place(qtbot: QtBot, services: Services, admin: Actor) -> None:
    _, tab = open_tab(qtbot, services, admin)
    for box in tab.weekdays.values():
        box.setChecked(False)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "至少要有一个" in tab.status.text(), timeout=5000)
    assert services.calendar.get(admin).weekdays == ALL_WEEK


def test_tab_absent_without_settings_permission(qtbot: QtBot, services: Services, advisor: Actor) -> None:
    page = SettingsPage(services, advisor, services.branches.current())
    qtbot.addWidget(page)
    qtbot.waitUntil(idle, timeout=5000)
    assert not hasattr(page, "calendar_tab")


def test_calendar_tab_in_english(qtbot: QtBot, english: None, services: Services, admin: Actor) -> None:  # noqa: F811
    services.calendar.save(admin, [1, 2, 3, 4, 5, 6], [dt.date(2026, 10, 1)], [dt.date(2026, 9, 27)])
    page, tab = open_tab(qtbot, services, admin)
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "Working calendar"
    assert tab.weekdays[1].text() == "Mon" and tab.holidays.title() == "Holidays (closed)"
    assert "2026-10-01  Thu" in tab.holidays.list.item(0).text()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "calendar_settings_en.png"))
