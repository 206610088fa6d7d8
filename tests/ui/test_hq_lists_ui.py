"""维修工单 and 客户投诉 at HQ: every branch's rows in one read-only list, filtered by branch.

A real HQ imports two branches' bundles (tests.sync.hq_lists); the main window in HQ mode
shows the consolidated lists instead of the branch's board and complaint desk. Filters are
driven with key presses and clicks; a double-click previews the printable form of the row,
printed under the row's own branch letterhead. The clock is frozen at a night when Beijing
(BJ01) is on 11-13 and Urumqi (SH01) still on 11-12.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDateTimeEdit, QPushButton, QTableView

from app.sync_actions import AppSyncActions
from domain import clock
from domain.roles import Actor
from tests.sync.helpers import Side
from tests.sync.hq_lists import DAY, NIGHT, ListWorld, build_lists
from tests.ui.hq_fixtures import hq_manager, hq_world_fixtures, idle, shown
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.main_window import MainWindow
from ui.pages.customers_page import CustomersPage
from ui.pages.hq_complaints_tab import HQComplaintsTab
from ui.pages.hq_work_orders_tab import HQOrderFilter, HQWorkOrdersModel, HQWorkOrdersTab
from ui.pages.sync_page import HqConsole, SyncPage

SHOTS = Path("/tmp")


template, sides, world, frozen = hq_world_fixtures(build_lists, NIGHT)


def _window(qtbot, side: Side, actor: Actor) -> MainWindow:  # type: ignore[no-untyped-def]
    services = side.ctx.services
    return shown(qtbot, lambda: MainWindow(services, actor, services.branches.current(), side.data_dir),
                 1500, 700)


def _column(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def _settled(qtbot, tab: HQWorkOrdersTab | HQComplaintsTab, rows: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: idle() and tab.model.rowCount() == rows and tab.total == rows, timeout=10000)


def _double_click(qtbot, table: QTableView, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _pdf_text(pdf: bytes) -> str:
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _preview(qtbot, tab: HQWorkOrdersTab | HQComplaintsTab, row: int) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(tab.previewed, timeout=20000) as shown:
        _double_click(qtbot, tab.table, row)
    dialog = shown.args[0]
    assert isinstance(dialog, PdfPreviewDialog)
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=10000)
    return dialog


def test_hq_work_orders_by_branch_state_late_and_preview(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                                         world: ListWorld, frozen: None) -> None:
    hq = sides[0]
    window = _window(qtbot, hq, hq_manager(hq))
    tab = window.show_page("work_orders")
    assert isinstance(tab, HQWorkOrdersTab)
    _settled(qtbot, tab, 3)
    # read-only: no 接车开单, no order actions; only 刷新
    assert {b.objectName() for b in tab.findChildren(QPushButton)} == {"refreshHqOrders"}
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "门店"
    assert sorted(_column(tab.table, 0)) == ["BJ01 BJ01 店"] * 2 + ["SH01 SH01 店"]
    assert tab.counts.text() == "已显示 3 条，共 3 条"
    by_number = {tab.model.item(r).number: r for r in range(3)}
    # SH01's order in Urumqi time (22:10 on 11-12), BJ01's in Beijing time
    assert tab.model.data(tab.model.index(by_number[world.sh_order], 5)) == "2026-11-12 22:10"
    assert tab.model.data(tab.model.index(by_number[world.late_order], 5)) == "2026-11-12 10:00"
    assert tab.model.data(tab.model.index(by_number[world.late_order], 4)) == "草稿（逾期）"
    tab.grab().save(str(SHOTS / "h9_hq_work_orders_all.png"))

    combo = tab.branch_filter
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部分店", "BJ01 BJ01 店", "SH01 SH01 店"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "BJ01"
    _settled(qtbot, tab, 2)
    assert set(_column(tab.table, 0)) == {"BJ01 BJ01 店"}

    state = tab.state_filter
    state.setFocus()
    qtbot.keyClick(state, Qt.Key.Key_Down)
    assert state.currentText() == "在修（未交车）"
    _settled(qtbot, tab, 1)
    assert tab.model.item(0).number == world.late_order

    qtbot.keyClick(state, Qt.Key.Key_Up)  # 全部状态, then only the late ones of every branch
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    _settled(qtbot, tab, 3)
    late = tab.findChild(QCheckBox, "lateOnly")
    assert late is tab.late_only
    qtbot.mouseClick(late, Qt.MouseButton.LeftButton, pos=late.rect().center())
    assert late.isChecked()
    _settled(qtbot, tab, 1)
    assert (tab.model.item(0).number, tab.model.item(0).branch_code) == (world.late_order, "BJ01")
    qtbot.mouseClick(late, Qt.MouseButton.LeftButton, pos=late.rect().center())
    _settled(qtbot, tab, 3)

    # 11-12 in each branch's calendar: 不限 until 从/到 is checked (Space), then typed straight in
    today = clock.today()
    window.activateWindow()
    qtbot.waitActive(window)
    for bound in (tab.since, tab.until):
        assert bound.value() is None and not bound.edit.isEnabled()
        assert bound.edit.date().toPython() == today  # not 2000-01: the calendar opens at today
        bound.check.setFocus()
        qtbot.keyClick(bound.check, Qt.Key.Key_Space)
        assert bound.check.isChecked() and bound.edit.isEnabled()
        assert QApplication.focusWidget() is bound.edit  # the year is selected: type the date
        assert bound.value() == today
        if bound is tab.since:
            edit = bound.edit  # its arrow pops the calendar up on today's month
            qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
            calendar = edit.calendarWidget()
            qtbot.waitUntil(calendar.isVisible, timeout=5000)
            assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
            tab.grab().save(str(SHOTS / "h10_hq_date_checked.png"))
            window.grab().save(str(SHOTS / "h10_hq_calendar.png"))
            qtbot.keyClick(calendar, Qt.Key.Key_Escape)
            qtbot.waitUntil(lambda popup=calendar: not popup.isVisible(), timeout=5000)
            bound.edit.setFocus()
            bound.edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
        qtbot.keyClicks(bound.edit, "20261112")
    assert tab.current_filter().since == tab.current_filter().until == DAY
    _settled(qtbot, tab, 2)
    assert {tab.model.item(r).number for r in range(2)} == {world.late_order, world.sh_order}
    tab.grab().save(str(SHOTS / "h9_hq_work_orders_day.png"))

    row = next(r for r in range(2) if tab.model.item(r).number == world.sh_order)
    dialog = _preview(qtbot, tab, row)
    assert world.sh_order in dialog.windowTitle() and "维修委托书" in dialog.windowTitle()
    (SHOTS / "h9_hq_work_order.pdf").write_bytes(dialog.pdf_bytes)
    text = _pdf_text(dialog.pdf_bytes)
    # SH01's letterhead and SH01's clock (22:10 in Urumqi), not HQ's
    assert "SH01店" in text and world.sh_order in text and "2026-11-1222:10" in text
    dialog.reject()

    # 从 unchecked again (Space): 不限, the typed date kept for next time
    tab.since.check.setFocus()
    qtbot.keyClick(tab.since.check, Qt.Key.Key_Space)
    assert tab.current_filter().since is None and tab.current_filter().until == DAY
    assert not tab.since.edit.isEnabled() and tab.since.edit.date().toPython() == DAY
    _settled(qtbot, tab, 3)  # the delivered order was received before 11-12
    tab.grab().save(str(SHOTS / "h10_hq_work_orders_until.png"))


def test_hq_complaints_by_branch_overdue_severity_and_preview(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                                              world: ListWorld, frozen: None) -> None:
    hq = sides[0]
    window = _window(qtbot, hq, hq_manager(hq))
    tab = window.show_page("complaints")
    assert isinstance(tab, HQComplaintsTab)
    _settled(qtbot, tab, 2)
    assert {b.objectName() for b in tab.findChildren(QPushButton)} == {"refreshHqComplaints"}
    assert _column(tab.table, 1) == [world.sh_slip, world.major_slip]
    assert _column(tab.table, 0) == ["SH01 SH01 店", "BJ01 BJ01 店"]
    assert _column(tab.table, 2) == ["2026-11-12 22:05", "2026-11-10 17:30"]  # each in its own zone
    assert _column(tab.table, 6) == ["一般", "重大"]
    assert tab.counts.text() == "已显示 2 条，共 2 条"
    tab.grab().save(str(SHOTS / "h9_hq_complaints_all.png"))

    state = tab.state_filter
    state.setFocus()
    qtbot.keyClick(state, Qt.Key.Key_Down)
    qtbot.keyClick(state, Qt.Key.Key_Down)
    assert state.currentText() == "已超期"
    _settled(qtbot, tab, 1)
    assert _column(tab.table, 1) == [world.major_slip]
    assert _column(tab.table, 9)[0].startswith("超期")

    qtbot.keyClick(state, Qt.Key.Key_Up)
    qtbot.keyClick(state, Qt.Key.Key_Up)
    _settled(qtbot, tab, 2)
    combo = tab.branch_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentData() == "SH01"
    _settled(qtbot, tab, 1)
    severity = tab.severity_filter
    severity.setFocus()
    qtbot.keyClick(severity, Qt.Key.Key_End)
    assert severity.currentText() == "重大"
    _settled(qtbot, tab, 0)
    assert tab.counts.text() == "已显示 0 条，共 0 条"
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    _settled(qtbot, tab, 1)
    assert (_column(tab.table, 0), _column(tab.table, 1)) == (["BJ01 BJ01 店"], [world.major_slip])

    dialog = _preview(qtbot, tab, 0)
    assert world.major_slip in dialog.windowTitle() and "客户抱怨处理表" in dialog.windowTitle()
    (SHOTS / "h9_hq_complaint.pdf").write_bytes(dialog.pdf_bytes)
    text = _pdf_text(dialog.pdf_bytes)
    assert "BJ01店" in text and world.major_slip in text
    dialog.reject()


def test_order_rows_arrive_a_page_at_a_time(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                            world: ListWorld, frozen: None) -> None:
    hq = sides[0]
    manager = hq_manager(hq)
    model = HQWorkOrdersModel(hq.ctx.services, manager, page_size=1)
    model.set_filter(HQOrderFilter())
    qtbot.waitUntil(lambda: idle() and model.rowCount() == 1, timeout=10000)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(idle, timeout=10000)
    expected = [r.id for r in hq.ctx.services.work_orders.list_orders(manager, limit=100)]
    assert [model.item(r).id for r in range(model.rowCount())] == expected and len(expected) == 3


def test_a_branch_keeps_its_own_board_and_complaint_desk(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                                         world: ListWorld, frozen: None) -> None:
    bj = sides[1]
    window = _window(qtbot, bj, Actor.system())
    assert not window.findChildren(HQWorkOrdersTab) and not window.findChildren(HQComplaintsTab)
    assert type(window.page("work_orders")).__name__ == "WorkOrdersPage"
    assert type(window.page("complaints")).__name__ == "ComplaintsPage"
    qtbot.waitUntil(idle, timeout=10000)


def test_hq_console_links_to_the_lists_and_hq_receives_no_cars(  # type: ignore[no-untyped-def]
        qtbot, sides: tuple[Side, Side, Side], world: ListWorld, frozen: None) -> None:
    hq, bj = sides[0], sides[1]
    window = _window(qtbot, hq, hq_manager(hq))
    sync = window.page("sync")
    assert isinstance(sync, SyncPage)
    sync.set_actions(AppSyncActions(hq.ctx, window.actor))  # as app.gui does
    console = sync.content
    assert isinstance(console, HqConsole)
    window.show_page("sync")
    qtbot.waitUntil(idle, timeout=10000)
    window.grab().save(str(SHOTS / "h10_hq_console_window.png"))
    qtbot.mouseClick(console.complaints_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.page("complaints")
    complaints = window.page("complaints")
    assert isinstance(complaints, HQComplaintsTab)
    _settled(qtbot, complaints, 2)
    window.show_page("sync")
    qtbot.mouseClick(console.orders_button, Qt.MouseButton.LeftButton)
    orders = window.page("work_orders")
    assert isinstance(orders, HQWorkOrdersTab) and window.pages.currentWidget() is orders
    _settled(qtbot, orders, 3)

    # the customers page at HQ: a branch's customer, with no 接车开单 (nothing to receive into)
    customers = window.show_page("customers")
    assert isinstance(customers, CustomersPage)
    customer_id = _customer_of(hq, "李雷")
    with qtbot.waitSignal(customers.customer_shown, timeout=10000):
        customers.open_customer(customer_id)
    qtbot.waitUntil(idle, timeout=10000)
    assert customers.service_panel.vehicle is not None  # a car is selected ...
    receive = customers.service_panel.receive_button
    assert not receive.isVisibleTo(window)  # ... and still nothing offers to receive it
    assert not [b for b in customers.findChildren(QPushButton) if b.text() == "接车开单" and b.isVisibleTo(window)]
    customers.grab().save(str(SHOTS / "h10_hq_customer.png"))

    # a branch still receives cars from the customer file
    branch_window = _window(qtbot, bj, Actor.system())
    page = branch_window.show_page("customers")
    assert isinstance(page, CustomersPage)
    with qtbot.waitSignal(page.customer_shown, timeout=10000):
        page.open_customer(customer_id)
    qtbot.waitUntil(idle, timeout=10000)
    assert page.service_panel.receive_button.isVisibleTo(branch_window)
    assert page.service_panel.receive_button.isEnabled()


def _customer_of(side: Side, name: str) -> str:
    hits = side.ctx.services.search.search(Actor.system(), name)
    assert hits, name
    return hits[0].customer_id
