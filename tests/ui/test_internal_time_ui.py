"""内部作业（D 类）from the work-order board: a technician clocks internal work and records a
finished interval with real widgets; the daily report shows it as class D.

Issue 15: "Class D service time: internal work that is not on a customer's order (workshop
upkeep, inspections, parts handling, training) can be recorded by a technician as time
entries against an internal activity, so the technician daily report shows the whole day as
the regulation's A/B/C/D classes require."
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from domain import clock
from domain.roles import Actor, Role
from domain.services.registry import Services
from tests.conftest import make_actor
from tests.ui.keyboard import child, type_text
from tests.ui.test_labels_english import english  # noqa: F401  (fixture)
from tests.ui.test_search_box import SHOTS, idle
from tests.ui.test_work_orders_ui import app_with_font
from ui.dialogs.internal_time_dialog import InternalTimeDialog
from ui.pages.work_orders_page import WorkOrdersPage

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 24, 16, 0, tzinfo=BEIJING)


def open_dialog(qtbot: QtBot, services: Services, actor: Actor) -> tuple[WorkOrdersPage, InternalTimeDialog]:
    app_with_font()
    page = WorkOrdersPage(services, actor, services.branches.current())
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    button = child(page, QPushButton, "internalTime")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, InternalTimeDialog)
    qtbot.waitUntil(lambda: idle() and dialog.technician.count() > 0, timeout=5000)
    return page, dialog


def test_technician_clocks_and_records_internal_work(qtbot: QtBot, services: Services, admin: Actor) -> None:
    tech = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    make_actor(services, admin, Role.TECHNICIAN, "tech2")
    with clock.freeze(NOW):
        _, dialog = open_dialog(qtbot, services, tech)
        assert [dialog.technician.itemText(i) for i in range(dialog.technician.count())] == ["测试technician"]
        dialog.activity.setCurrentIndex(dialog.activity.findData("upkeep"))
        type_text(qtbot, dialog.note, "举升机保养")
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert "工具设备维护" in dialog.running.text()

        # a finished training typed in afterwards: 9:00–10:30
        dialog.activity.setCurrentIndex(dialog.activity.findData("training"))
        dialog.note.clear()
        type_text(qtbot, dialog.note, "新车型培训")
        dialog.day.setDate(QDate(2026, 11, 24))
        dialog.from_time.setTime(QTime(9, 0))
        dialog.to_time.setTime(QTime(10, 30))
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text() == "已登记"
        assert dialog.table.rowCount() == 2
        # the same interval again overlaps: refused in place, nothing recorded
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "重叠" in dialog.status.text(), timeout=5000)
        assert dialog.table.rowCount() == 2
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "internal_time_zh.png"))
    with clock.freeze(NOW + dt.timedelta(minutes=45)), qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert dialog.running.text() == ""
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["09:00–10:30", "16:00–16:45"]

    with clock.freeze(NOW + dt.timedelta(hours=2)):
        (day,) = services.daily_reports.technician_days(Actor.system(), NOW.date(), "tech1")
    assert [(j.service_class, j.job_title, j.clocked_seconds) for j in day.jobs] == [
        ("D", "培训：新车型培训", 5400), ("D", "工具设备维护：举升机保养", 2700)]
    assert day.totals[3].clocked_seconds == 8100


def test_foreman_records_for_a_technician_and_removes_a_mistake(qtbot: QtBot, services: Services,
                                                                admin: Actor) -> None:
    foreman = make_actor(services, admin, Role.FOREMAN, "foreman1")
    make_actor(services, admin, Role.TECHNICIAN, "tech1")
    with clock.freeze(NOW):
        _, dialog = open_dialog(qtbot, services, foreman)
        assert dialog.technician.count() == 2  # the foreman himself and the technician
        dialog.technician.setCurrentIndex(dialog.technician.findText("测试technician"))
        qtbot.waitUntil(idle, timeout=5000)
        dialog.activity.setCurrentIndex(dialog.activity.findData("parts"))
        dialog.from_time.setTime(QTime(13, 0))
        dialog.to_time.setTime(QTime(14, 0))
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 1
        dialog.table.selectRow(0)
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 0


def test_no_internal_work_button_for_the_counter(qtbot: QtBot, services: Services, advisor: Actor) -> None:
    page = WorkOrdersPage(services, advisor, services.branches.current())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    assert not child(page, QPushButton, "internalTime").isVisible()


def test_internal_time_dialog_in_english(qtbot: QtBot, english: None, services: Services,  # noqa: F811
                                         admin: Actor) -> None:
    tech = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    with clock.freeze(NOW):
        services.internal_time.record(tech, "training", NOW - dt.timedelta(hours=6), NOW - dt.timedelta(hours=5),
                                      "New model training")
        _, dialog = open_dialog(qtbot, services, tech)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.windowTitle() == "Internal work (class D: work on no order)"
    assert dialog.activity.currentText() == "Workshop and tool upkeep"
    assert dialog.table.item(0, 1).text() == "Training"
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "internal_time_en.png"))
