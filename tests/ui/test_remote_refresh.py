"""Another desk's save shows on this desk's lists within 2 s, without pressing 刷新.

The window runs on a branch database of the session's server with the app's own listener
(``attach_change_listener``); a second ``AppContext`` on the same database is the other
desk. One test process plays both desks, so once the listener runs, this process's writes
are sent under another desk's name (the listener skips its own process's saves).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from app.change_listener import ChangeListener, attach_change_listener
from app.context import AppContext
from domain.roles import Actor, Role
from domain.services.care import CallInput
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerInput, CustomerView, VehicleInput
from domain.services.workorders import ReceptionInput
from storage import notify
from storage.database import DB_FILE_NAME
from storage.engine import sqlite_backup
from tests.conftest import ADMIN_PASSWORD, make_actor
from tests.ui.test_search_box import idle
from ui.main_window import MainWindow
from ui.pages.care_page import CarePage
from ui.pages.complaints_page import ComplaintsPage
from ui.pages.work_orders_page import WorkOrdersPage

WITHIN_MS = 2000


@pytest.fixture
def backend() -> str:
    return "postgresql"


@pytest.fixture
def other_desk(ctx: AppContext, tmp_path: Path) -> Iterator[AppContext]:
    desk = AppContext.open(tmp_path / "desk2", db_url=ctx.location.url)
    yield desk
    desk.close()


@pytest.fixture
def car(other_desk: AppContext, advisor: Actor) -> CustomerView:
    return other_desk.services.customers.create(
        advisor, CustomerInput(name="王小明", mobile="13912345678"),
        VehicleInput(plate="京A12345", brand="本田", model="雅阁", mileage_km=30_000))


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, admin: Actor, car: CustomerView,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    manager = make_actor(ctx.services, admin, Role.MANAGER, "manager1")  # sees all three lists
    main = MainWindow(ctx.services, manager, ctx.services.branches.current(), ctx.data_dir)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    listener = attach_change_listener(main, ctx)
    assert isinstance(listener, ChangeListener)
    assert listener.listening.wait(5)
    qtbot.waitUntil(idle, timeout=5000)
    monkeypatch.setattr(notify, "pc_id", lambda: "DealerDesk@desk2#4242")
    yield main
    started = time.monotonic()
    listener.stop()
    assert not listener.running and time.monotonic() - started < 1.0  # quitting stays prompt
    qtbot.waitUntil(idle, timeout=5000)


def column(model: object, col: int) -> list[str]:
    rows = model.rowCount()  # type: ignore[attr-defined]
    return [model.index(r, col).data() for r in range(rows)]  # type: ignore[attr-defined]


def test_an_order_opened_on_another_desk_appears_on_the_board(
        qtbot: QtBot, window: MainWindow, other_desk: AppContext, advisor: Actor, car: CustomerView) -> None:
    page = window.show_page("work_orders")
    assert isinstance(page, WorkOrdersPage)
    qtbot.waitUntil(idle, timeout=5000)
    assert page.model.rowCount() == 0
    started = time.monotonic()
    order = other_desk.services.work_orders.open_order(
        advisor, car.vehicles[0].id, ReceptionInput(mileage_in=30_100, customer_words="异响"))
    qtbot.waitUntil(lambda: order.number in column(page.model, page.model.COL_NUMBER),
                    timeout=WITHIN_MS)
    assert time.monotonic() - started < WITHIN_MS / 1000


def test_a_new_slip_appears_on_the_complaint_list_and_a_hidden_list_waits(
        qtbot: QtBot, window: MainWindow, other_desk: AppContext, advisor: Actor, car: CustomerView) -> None:
    page = window.show_page("complaints")
    assert isinstance(page, ComplaintsPage)
    qtbot.waitUntil(idle, timeout=5000)
    first = other_desk.services.complaints.register(advisor, ComplaintInput(
        channel="phone", category="repair_quality", customer_words="刹车异响未修好",
        customer_id=car.id, vehicle_id=car.vehicles[0].id))
    qtbot.waitUntil(lambda: first.number in column(page.model, page.model.COL_NUMBER),
                    timeout=WITHIN_MS)
    assert window.complaint_badge_count == 0

    # selected and scrolled list: the place is kept across a reload from elsewhere
    page.table.selectRow(0)
    kept = page.model.slip(0).id

    # not on screen: noted, read when shown again (never while nobody looks)
    window.show_page("customers")
    second = other_desk.services.complaints.register(advisor, ComplaintInput(
        channel="phone", category="repair_quality", customer_words="又漏油了",
        customer_id=car.id, vehicle_id=car.vehicles[0].id))
    qtbot.waitUntil(lambda: page.live.pending, timeout=WITHIN_MS)
    assert second.number not in column(page.model, page.model.COL_NUMBER)
    window.show_page("complaints")
    qtbot.waitUntil(lambda: second.number in column(page.model, page.model.COL_NUMBER),
                    timeout=WITHIN_MS)
    current = page.table.currentIndex()
    assert current.isValid() and page.model.slip(current.row()).id == kept


def test_an_incoming_call_appears_on_the_follow_up_list(
        qtbot: QtBot, window: MainWindow, other_desk: AppContext, admin: Actor, car: CustomerView) -> None:
    page = window.show_page("follow_ups")
    assert isinstance(page, CarePage)
    page.tabs.setCurrentWidget(page.calls)
    qtbot.waitUntil(idle, timeout=5000)
    assert page.calls.model.rowCount() == 0
    clerk = make_actor(other_desk.services, admin, Role.CARE_CLERK, "clerk1")
    other_desk.services.care.record_call(clerk, CallInput(
        outcome="reached", direction="in", customer_id=car.id, contact_name="王小明",
        topic="问保养周期"))
    qtbot.waitUntil(lambda: page.calls.model.rowCount() == 1, timeout=WITHIN_MS)
    assert page.calls.model.index(0, 0, QModelIndex()).isValid()


def test_a_burst_of_changes_reloads_the_board_once(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("work_orders")
    assert isinstance(page, WorkOrdersPage)
    qtbot.waitUntil(idle, timeout=5000)
    loads: list[int] = []
    page.model.page_loaded.connect(loads.append)
    for _ in range(5):  # five saves within the pause, one of them of a table the board ignores
        window.changed_elsewhere(frozenset({"wo_labour_lines", "work_orders"}))
        window.changed_elsewhere(frozenset({"staff"}))
    qtbot.waitUntil(lambda: len(loads) == 1, timeout=WITHIN_MS)
    qtbot.wait(window.ELSEWHERE_DELAY_MS + 200)
    assert len(loads) == 1
    window.changed_elsewhere(frozenset({"staff", "md_part_prices"}))  # nothing the board shows
    qtbot.wait(window.ELSEWHERE_DELAY_MS + 200)
    assert len(loads) == 1 and idle()


def test_no_listener_on_a_sqlite_file(qtbot: QtBot, tmp_path: Path, initialised_template: Path) -> None:
    """One PC on its SQLite file: nobody else saves, so no thread is started."""
    folder = tmp_path / "one-pc"
    sqlite_backup(initialised_template, folder / DB_FILE_NAME)
    desk = AppContext.open(folder)
    try:
        actor = desk.services.staff.login("admin", ADMIN_PASSWORD)
        main = MainWindow(desk.services, actor, desk.services.branches.current(), desk.data_dir)
        qtbot.addWidget(main)
        before = threading.active_count()
        assert attach_change_listener(main, desk) is None
        assert threading.active_count() == before
        assert not [t for t in threading.enumerate() if t.name == "change-listener"]
        qtbot.waitUntil(idle, timeout=5000)
    finally:
        desk.close()
