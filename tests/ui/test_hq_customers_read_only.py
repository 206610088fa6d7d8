"""客户与车辆 at HQ: a branch's customer file is viewable and printable, never editable.

HQ imports BJ01's bundle and a manager (whose role may edit customers at a branch) opens the
customer: no 新建客户 / 导入客户名单 / 编辑 / 登记投诉 / 添加车辆 / 编辑车辆 / 过户 / 接车开单,
a double-click on the car opens nothing, and 打印客户档案 still works. The same manager's page
at the branch keeps every button.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.sync.helpers import Side, add_customer
from tests.ui.hq_fixtures import hq_manager, hq_with_branches, idle, install_font, template_fixture
from ui.pages.customers_page import CustomersPage

EDITING = ("newCustomer", "importCustomers", "editCustomer", "registerComplaint", "addVehicle",
           "editVehicle", "transferVehicle")


template = template_fixture()


@pytest.fixture
def sides(template: Path, tmp_path: Path) -> Iterator[tuple[Side, Side, str]]:
    with hq_with_branches(template, tmp_path, "BJ01") as (hq, bj):
        customer_id = add_customer(bj, "韩梅梅", "13812345678", "京A66666")
        bundle = bj.sync.export_bundle(tmp_path / "bj.ddsync")
        assert hq.sync.import_bundles([bundle.path])[0].status == "applied"
        yield hq, bj, customer_id


def _page(qtbot, side: Side, customer_id: str) -> CustomersPage:  # type: ignore[no-untyped-def]
    install_font()
    services = side.ctx.services
    manager = hq_manager(side, "boss")
    page = CustomersPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.customer_shown, timeout=10000):
        page.open_customer(customer_id)
    qtbot.waitUntil(idle, timeout=10000)
    return page


def _visible_editing(page: CustomersPage) -> list[str]:
    return [b.objectName() for b in page.findChildren(QPushButton)
            if b.objectName() in EDITING and b.isVisibleTo(page)]


def test_hq_customer_file_has_no_editing_buttons(  # type: ignore[no-untyped-def]
        qtbot, sides: tuple[Side, Side, str]) -> None:
    hq, _bj, customer_id = sides
    page = _page(qtbot, hq, customer_id)
    assert page.name_label.text().startswith("韩梅梅")
    assert page.selected_vehicle() is not None  # the car is there and selected ...
    assert _visible_editing(page) == []  # ... and nothing offers to change anything
    assert not [b for b in page.findChildren(QPushButton)
                if b.text() == "接车开单" and b.isVisibleTo(page)]
    for name in EDITING:
        button = page.findChild(QPushButton, name)
        assert button is not None and not button.isEnabled(), name

    # a double-click on the car (the branch's 编辑车辆 shortcut) opens no dialog
    index = page.vehicles.model().index(0, 0)
    rect = page.vehicles.visualRect(index)
    qtbot.mouseDClick(page.vehicles.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.active_dialog is None

    # the file stays printable
    assert page.print_button.isVisibleTo(page) and page.print_button.isEnabled()
    page.grab().save("/tmp/hq_customer_read_only.png")


def test_branch_customer_file_keeps_its_buttons(  # type: ignore[no-untyped-def]
        qtbot, sides: tuple[Side, Side, str]) -> None:
    _hq, bj, customer_id = sides
    page = _page(qtbot, bj, customer_id)
    assert sorted(_visible_editing(page)) == sorted(EDITING)
    assert page.edit_vehicle_button.isEnabled() and page.transfer_button.isEnabled()
    assert page.service_panel.receive_button.isVisibleTo(page)
