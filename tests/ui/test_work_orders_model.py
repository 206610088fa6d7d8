"""The board's lazy model: pages through run_op, filters, late highlighting, model tester."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from domain import clock
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput
from tests.ui.test_search_box import idle
from ui.models.work_orders_model import BoardFilter, WorkOrdersModel


def add_vehicle(services: Services, advisor: Actor, name: str = "王小明", mobile: str = "13912345678",
                plate: str = "京A12345") -> str:
    customer = services.customers.create(advisor, CustomerInput(name=name, mobile=mobile),
                                         VehicleInput(plate=plate, brand="本田", model="雅阁"))
    return customer.vehicles[0].id


def open_orders(services: Services, advisor: Actor, vehicle_id: str, count: int,
                promised: dt.datetime | None = None) -> list[str]:
    numbers = []
    for i in range(count):
        view = services.work_orders.open_order(
            advisor, vehicle_id, ReceptionInput(mileage_in=10_000 + i, promised_at=promised),
            confirm_second=True)
        numbers.append(view.number)
    return numbers


def wait_page(qtbot, model: WorkOrdersModel) -> None:
    qtbot.waitUntil(lambda: not model.loading and idle(), timeout=10000)


def test_board_fetches_pages_lazily_and_passes_the_model_tester(
        qtbot, qtmodeltester, services: Services, advisor: Actor) -> None:
    vehicle = add_vehicle(services, advisor)
    open_orders(services, advisor, vehicle, 250)
    model = WorkOrdersModel(services, advisor, page_size=100)
    with qtbot.waitSignal(model.page_loaded, timeout=10000):
        model.reload()
    assert model.rowCount() == 100  # only the first page is read
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())  # one page at a time
    wait_page(qtbot, model)
    assert model.rowCount() == 200
    model.fetchMore(QModelIndex())
    wait_page(qtbot, model)
    assert model.rowCount() == 250
    assert not model.canFetchMore(QModelIndex())  # the short last page ends it
    numbers = [model.order(r).number for r in range(model.rowCount())]
    assert len(set(numbers)) == 250
    assert numbers[0] > numbers[-1]  # newest first
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(WorkOrdersModel.COL_STATE, Qt.Orientation.Horizontal) == "状态"
    first = model.index(0, WorkOrdersModel.COL_STATE)
    assert first.data() == "草稿"
    assert model.index(0, WorkOrdersModel.COL_ELAPSED).data().endswith("分")


def test_filter_by_state_and_text_starts_again(qtbot, services: Services, advisor: Actor) -> None:
    first = add_vehicle(services, advisor)
    second = add_vehicle(services, advisor, "李娜", "13900001111", "沪B88888")
    open_orders(services, advisor, first, 3)
    [other] = open_orders(services, advisor, second, 1)
    services.work_orders.cancel(advisor, other, "客户不修了")
    model = WorkOrdersModel(services, advisor)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.reload()
    assert model.rowCount() == 3  # the cancelled order is not on the open board
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(BoardFilter(("cancelled",), False))
    assert [model.order(r).number for r in range(model.rowCount())] == [other]
    assert model.index(0, WorkOrdersModel.COL_STATE).data() == "已取消"
    assert model.index(0, WorkOrdersModel.COL_ELAPSED).data() == "—"
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(BoardFilter(None, False, "李娜"))
    assert model.rowCount() == 1 and model.order(0).plate == "沪B88888"
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(BoardFilter(None, False, "a12345"))
    assert model.rowCount() == 3


def test_late_orders_are_highlighted_red(qtbot, services: Services, advisor: Actor) -> None:
    vehicle = add_vehicle(services, advisor)
    past = clock.now() - dt.timedelta(hours=1)
    future = clock.now() + dt.timedelta(hours=5)
    open_orders(services, advisor, vehicle, 1, promised=past)
    open_orders(services, advisor, vehicle, 1, promised=future)
    model = WorkOrdersModel(services, advisor)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.reload()
    rows = {model.order(r).late: r for r in range(model.rowCount())}
    assert set(rows) == {True, False}
    late = model.index(rows[True], WorkOrdersModel.COL_PROMISED)
    on_time = model.index(rows[False], WorkOrdersModel.COL_PROMISED)
    brush = late.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#c62828"
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert "超过" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert on_time.data(Qt.ItemDataRole.ForegroundRole) is None


@pytest.mark.parametrize("text", ["", "BJ01-WO"])
def test_number_search(qtbot, services: Services, advisor: Actor, text: str) -> None:
    vehicle = add_vehicle(services, advisor)
    numbers = open_orders(services, advisor, vehicle, 2)
    model = WorkOrdersModel(services, advisor)
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.set_filter(BoardFilter(None, True, text or numbers[0]))
    expected = 1 if not text else 2
    assert model.rowCount() == expected
