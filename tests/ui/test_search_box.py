"""The search box at the counter, driven by real key presses in the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.gui import install_cjk_font
from domain.roles import Actor
from domain.services.customers import CustomerInput, CustomerView, VehicleInput
from domain.services.registry import Services
from domain.validation import vin_check_digit
from ui import operations
from ui.main_window import MainWindow
from ui.models.search_hits_model import SearchHitsModel, mask_mobile
from ui.pages.customers_page import CustomersPage
from ui.widgets.search_box import SearchBox

SHOTS = Path("/tmp/shots")


def make_vin(body: str) -> str:
    """A VIN with a correct check digit from 17 characters (position 9 is replaced)."""
    assert len(body) == 17
    return body[:8] + vin_check_digit(body) + body[9:]


def add_customer(services: Services, actor: Actor, name: str, mobile: str, plate: str = "",
                 vin: str = "", brand: str = "大众", model: str = "朗逸") -> CustomerView:
    vehicle = VehicleInput(plate=plate, vin=vin, brand=brand, model=model) if plate or vin else None
    return services.customers.create(actor, CustomerInput(name=name, mobile=mobile), vehicle)


def idle() -> bool:
    return operations.worker().pending == 0


@pytest.fixture
def window(qtbot, services: Services, advisor: Actor, data_dir: Path) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_cjk_font(app)
    main = MainWindow(services, advisor, services.branches.current(), data_dir)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    qtbot.waitUntil(idle, timeout=10000)


def box_of(window: MainWindow) -> SearchBox:
    box = window.findChild(SearchBox, "searchBox")
    assert box is not None
    assert box.parentWidget() is not None
    return box


def customers_page(window: MainWindow) -> CustomersPage:
    page = window.page("customers")
    assert isinstance(page, CustomersPage)
    return page


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a person: ASCII as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def type_and_wait(qtbot, box: SearchBox, text: str) -> None:
    box.setFocus()
    with qtbot.waitSignal(box.results_shown, timeout=5000):
        type_text(qtbot, box, text)
    qtbot.waitUntil(box.results_current, timeout=5000)


def test_search_box_lives_in_the_toolbar(window: MainWindow) -> None:
    box = box_of(window)
    assert window.toolbar.isAncestorOf(box)
    window.focus_search()
    assert box.hasFocus() or QApplication.focusWidget() is box


@pytest.mark.parametrize("typed", ["京A12345", "A12345", "a12345", "a123"])
def test_plate_then_enter_opens_customer_file(qtbot, window: MainWindow, services: Services,
                                              advisor: Actor, typed: str) -> None:
    zhang = add_customer(services, advisor, "张伟", "13812345678", "京A12345",
                         make_vin("LSVAU2180N2123456"))
    add_customer(services, advisor, "李娜", "13900001111", "沪B88888")
    box = box_of(window)
    window.show_page("sync")
    type_and_wait(qtbot, box, typed)
    assert box.popup_visible()
    assert box.model.rowCount() == 1
    assert box.model.hit(0).plate == "京A12345"
    page = customers_page(window)
    with qtbot.waitSignal(page.customer_shown, timeout=5000) as shown:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert shown.args == [zhang.id]
    assert window.pages.currentWidget() is page
    assert page.name_label.text() == "张伟"
    assert page.info_values["mobile"].text() == "13812345678"
    assert not box.popup_visible()


def test_last_four_digits_of_phone_show_the_hit(qtbot, window: MainWindow, services: Services,
                                               advisor: Actor) -> None:
    add_customer(services, advisor, "王芳", "13698765432", "粤B12345")
    add_customer(services, advisor, "刘洋", "13600001111", "粤B54321")
    box = box_of(window)
    type_and_wait(qtbot, box, "5432")
    names = [box.model.hit(r).name for r in range(box.model.rowCount())]
    assert names == ["王芳"]
    shown = box.model.index(0, SearchHitsModel.COL_MOBILE).data()
    assert shown == "136****5432"  # masked in the popup; the last four stay readable
    assert "找到 1 条" in box.popup.status.text()
    box.show_popup()
    window.grab().save(str(SHOTS / "search_popup.png"))


def test_vin_suffix_and_no_hit_message(qtbot, window: MainWindow, services: Services,
                                      advisor: Actor) -> None:
    vin = make_vin("LFV2A21K0M4654321")
    add_customer(services, advisor, "陈静", "13511112222", "", vin)
    box = box_of(window)
    type_and_wait(qtbot, box, vin[-6:].lower())
    assert box.model.rowCount() == 1 and box.model.hit(0).vin == vin
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and not box.popup_visible()
    type_and_wait(qtbot, box, "ZZZZQQ")
    assert box.model.rowCount() == 0
    assert box.popup.status.text() == "未找到匹配的客户或车辆"


def test_arrow_keys_choose_which_hit_opens(qtbot, window: MainWindow, services: Services,
                                          advisor: Actor) -> None:
    first = add_customer(services, advisor, "张伟", "13812340001", "京A11111")
    second = add_customer(services, advisor, "赵文", "13812340002", "京A22222")
    box = box_of(window)
    type_and_wait(qtbot, box, "zw")  # pinyin initials of both
    ids = [box.model.hit(r).customer_id for r in range(box.model.rowCount())]
    assert set(ids) == {first.id, second.id}
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.popup.current_row() == 1
    qtbot.keyClick(box, Qt.Key.Key_Down)  # stays on the last row
    assert box.popup.current_row() == 1
    qtbot.keyClick(box, Qt.Key.Key_Up)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    page = customers_page(window)
    with qtbot.waitSignal(page.customer_shown, timeout=5000) as shown:
        qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert shown.args == [ids[1]]


def test_scanner_enter_before_debounce_opens_first_hit(qtbot, window: MainWindow,
                                                      services: Services, advisor: Actor) -> None:
    vin = make_vin("LSGPC52U0AF102030")
    customer = add_customer(services, advisor, "孙强", "13722223333", "苏E12345", vin)
    box = box_of(window)
    box.setFocus()
    page = customers_page(window)
    with qtbot.waitSignal(page.customer_shown, timeout=5000) as shown:
        qtbot.keyClicks(box, vin)  # a scanner types the whole code, then Enter at once
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert not box.results_current()
    assert shown.args == [customer.id]


def test_stale_answer_never_replaces_newer_one(qtbot, window: MainWindow, services: Services,
                                              advisor: Actor) -> None:
    add_customer(services, advisor, "周杰", "13800002222", "浙A12345")
    add_customer(services, advisor, "吴敏", "13800003333", "浙B67890")
    box = box_of(window)
    box.setFocus()
    with qtbot.waitSignal(box.results_shown, timeout=5000):
        qtbot.keyClicks(box, "A1")
        box._start_query()  # force an early query for "A1" ...
        box.setText("B67")  # ... then the user keeps typing
    qtbot.waitUntil(lambda: box.results_current() and idle(), timeout=5000)
    assert [box.model.hit(r).name for r in range(box.model.rowCount())] == ["吴敏"]


def test_search_hits_model_is_a_valid_model(qtmodeltester, services: Services,
                                           advisor: Actor) -> None:
    add_customer(services, advisor, "张伟", "13812345678", "京A12345")
    model = SearchHitsModel()
    model.set_hits(services.search.search(advisor, "A12345"))
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    assert mask_mobile("010-1234567") == "010-1234567"
