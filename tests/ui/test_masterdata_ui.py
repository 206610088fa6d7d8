"""基础资料 page, driven by real widgets: a manager adds a labour operation (with the field
messages in Chinese on the way), a part and a package; HQ's items are read-only; the
advisor adds the package to a work order from the add-line dialog by typing its code; the
Excel import lists the refused rows. Screenshots of the page in Chinese and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.context import AppContext
from app.gui import install_cjk_font
from domain.model import LabourCode
from domain.roles import Actor, Role
from domain.services.masterdata import MasterKind
from domain.services.masterdata_packages import PackageItem
from domain.services.registry import Services
from tests.conftest import make_actor
from tests.ui.keyboard import type_text
from tests.ui.test_labels_english import english  # noqa: F401  (fixture)
from tests.ui.test_search_box import idle
from tests.ui.test_warranty_claims_ui import order_of
from tests.unit.test_masterdata import hq_issues
from tests.unit.test_masterdata_import import workbook
from ui.dialogs.line_dialog import LineDialog
from ui.dialogs.masterdata_import_dialog import MasterImportDialog
from ui.dialogs.masterdata_item_dialog import LabourItemDialog, PartItemDialog
from ui.dialogs.masterdata_package_dialog import PackageDialog
from ui.main_window import MainWindow
from ui.pages.masterdata_page import MasterDataPage, MasterListTab

SHOTS = Path("/tmp/shots")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def cjk_font(qapp: QApplication) -> None:
    """Chinese in the screenshots (the system has no CJK font of its own)."""
    install_cjk_font(qapp)


@pytest.fixture
def manager(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.MANAGER, "boss1")


def open_page(qtbot: QtBot, services: Services, actor: Actor) -> MasterDataPage:
    page = MasterDataPage(services, actor, services.branches.current())
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(idle, timeout=5000)
    return page


def rows(tab: MasterListTab) -> list[list[str]]:
    model = tab.model
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_manager_adds_a_labour_operation_a_part_and_a_package(qtbot: QtBot, services: Services,
                                                               manager: Actor) -> None:
    services.master_data.save_pricing(manager, labour_rate_fen=20_000, tax_rate_bp=0)
    page = open_page(qtbot, services, manager)
    labour = page.lists[MasterKind.LABOUR]
    assert page.tabs.tabText(0) == "工时项目" and rows(labour) == []

    qtbot.mouseClick(labour.add_button, LEFT)
    dialog = labour.active_dialog
    assert isinstance(dialog, LabourItemDialog)
    qtbot.waitExposed(dialog)
    assert dialog.rate.text() == "200"  # the shop's hourly rate, offered
    type_text(qtbot, dialog.code, "坏码")
    type_text(qtbot, dialog.hours, "1.5")
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)  # Enter saves: the domain's messages, by field
    qtbot.waitUntil(lambda: bool(dialog.errors.message("name")), timeout=5000)
    assert dialog.errors.message("name") == "名称不能为空"
    assert dialog.errors.message("code").startswith("工时代码“坏码”无效")
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "masterdata_labour_errors_zh.png"))
    dialog.code.clear()
    type_text(qtbot, dialog.code, "by01")
    type_text(qtbot, dialog.name, "小保养")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: labour.model.rowCount() == 1, timeout=5000)
    assert rows(labour) == [["BY01", "小保养", "1.5", "200.00", "300.00", "本店", ""]]
    assert labour.message.text() == "已保存 BY01。" and labour.edit_button.isEnabled()

    parts = page.lists[MasterKind.PARTS]
    page.tabs.setCurrentWidget(parts)
    qtbot.mouseClick(parts.add_button, LEFT)
    part = parts.active_dialog
    assert isinstance(part, PartItemDialog)
    type_text(qtbot, part.part_no, "FLT-1")
    type_text(qtbot, part.name, "机油滤清器")
    type_text(qtbot, part.price, "45.5")
    with qtbot.waitSignal(part.saved, timeout=5000):
        qtbot.keyClick(part.price, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: parts.model.rowCount() == 1, timeout=5000)

    packages = page.lists[MasterKind.PACKAGES]
    page.tabs.setCurrentWidget(packages)
    qtbot.mouseClick(packages.add_button, LEFT)
    package = packages.active_dialog
    assert isinstance(package, PackageDialog)
    qtbot.waitUntil(lambda: package.labour_pick.count() == 2 and package.part_pick.count() == 2, timeout=5000)
    type_text(qtbot, package.code, "TC01")
    type_text(qtbot, package.name, "小保养套餐")
    type_text(qtbot, package.labour_pick.lineEdit(), "BY01")
    qtbot.keyClick(package.labour_pick.lineEdit(), Qt.Key.Key_Return)  # a code and Enter: the line is added
    type_text(qtbot, package.part_pick.lineEdit(), "FLT-1")
    qtbot.keyClick(package.part_pick.lineEdit(), Qt.Key.Key_Return)  # then the quantity
    assert package.qty.hasFocus()
    type_text(qtbot, package.qty, "2")
    qtbot.keyClick(package.qty, Qt.Key.Key_Return)
    assert [line.code for line in package.lines] == ["BY01", "FLT-1"] and package.isVisible()
    type_text(qtbot, package.price, "350")
    assert package.totals.text() == "各项合计 391.00 元；套餐价 350.00 元；优惠 41.00 元"
    SHOTS.mkdir(exist_ok=True)
    package.grab().save(str(SHOTS / "masterdata_package_dialog_zh.png"))
    with qtbot.waitSignal(package.saved, timeout=5000):
        qtbot.keyClick(package.price, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: packages.model.rowCount() == 1, timeout=5000)
    assert rows(packages) == [["TC01", "小保养套餐", "小保养、机油滤清器", "391.00", "350.00", "本店", ""]]
    page.tabs.setCurrentWidget(labour)
    page.grab().save(str(SHOTS / "masterdata_page_zh.png"))


def test_hqs_items_are_marked_and_read_only(qtbot: QtBot, ctx: AppContext, services: Services,
                                            manager: Actor, advisor: Actor) -> None:
    services.master_data.save_labour_code(manager, code="BY01", name="本店小保养", standard_hours_centi=100,
                                          rate_fen=15_000)
    hq_issues(ctx, LabourCode, code="BY01", name="总部小保养", standard_hours_centi=120, rate_fen=20_000)
    hq_issues(ctx, LabourCode, code="L100", name="更换机油", standard_hours_centi=50, rate_fen=12_000)
    page = open_page(qtbot, services, manager)
    labour = page.lists[MasterKind.LABOUR]
    qtbot.waitUntil(lambda: labour.model.rowCount() == 3, timeout=5000)
    assert [(r[0], r[1], r[5], r[6]) for r in rows(labour)] == [
        ("BY01", "总部小保养", "总部", ""), ("BY01", "本店小保养", "本店", "已被总部项目取代"),
        ("L100", "更换机油", "总部", "")]
    labour.table.selectRow(0)
    assert not labour.edit_button.isEnabled() and not labour.delete_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "masterdata_page_hq_rows_zh.png"))
    assert labour.delete_selected() is None and labour.open_dialog(None) is not None
    labour.active_dialog.close()  # type: ignore[union-attr]
    labour.table.selectRow(1)  # the branch's own, replaced item: it may delete it
    assert labour.delete_button.isEnabled()
    box = labour.delete_selected()
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    qtbot.waitUntil(lambda: labour.model.rowCount() == 2, timeout=5000)
    assert "已删除 BY01" in labour.message.text()
    # an advisor sees the lists but cannot change them
    other = open_page(qtbot, services, advisor)
    assert not other.import_button.isEnabled() and not other.lists[MasterKind.LABOUR].add_button.isEnabled()


def test_advisor_adds_the_package_to_an_order_by_its_code(qtbot: QtBot, services: Services, manager: Actor,
                                                          advisor: Actor) -> None:
    md = services.master_data
    md.save_labour_code(manager, code="BY01", name="小保养工时", standard_hours_centi=100, rate_fen=20_000)
    md.save_part_price(manager, part_no="OIL", name="机油", price_fen=6_800, unit="L")
    services.packages.save_package(manager, code="TC01", name="小保养套餐", price_fen=38_000,
                                   items=[PackageItem("labour", "BY01"), PackageItem("part", "OIL", 4_000)])
    order = order_of(services, advisor, "A", "customer", "京A12345")  # a first line: 2 h at 150 yuan
    dialog = LineDialog(services, advisor, order, "labour")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pick is not None
    qtbot.waitUntil(lambda: dialog.pick is not None and dialog.pick.count() == 3, timeout=5000)
    assert dialog.pick.hasFocus() or dialog.pick.lineEdit().hasFocus()
    type_text(qtbot, dialog.pick.lineEdit(), "TC01")
    assert dialog.pick.current_payload() is not None
    dialog.pick._typed()  # what the Enter below does first: the dialog shows the package
    assert dialog.package_summary.text().startswith("套餐 TC01 小保养套餐：小保养工时、机油\n各项合计 472.00 元")
    assert not dialog.code.isVisible() and dialog.save_button().text() == "添加套餐"
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(20)  # the layout settles on the next turn of the event loop
    dialog.grab().save(str(SHOTS / "masterdata_line_dialog_package_zh.png"))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(dialog.pick.lineEdit(), Qt.Key.Key_Return)  # picks the package and adds it
    view = dialog.result_view
    assert view is not None
    assert [line.code for line in view.labour] == ["", "BY01"] and [p.part_no for p in view.parts] == ["OIL"]
    assert view.totals.total_fen == 30_000 + 38_000  # the earlier line, then the package at its price


def test_picking_an_operation_fills_the_line(qtbot: QtBot, services: Services, manager: Actor,
                                             advisor: Actor) -> None:
    services.master_data.save_labour_code(manager, code="BY01", name="小保养工时", standard_hours_centi=150,
                                          rate_fen=20_000)
    order = order_of(services, advisor, "A", "customer", "京A12345")
    dialog = LineDialog(services, advisor, order, "labour")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pick is not None and dialog.pick.count() == 2, timeout=5000)
    assert dialog.pick is not None
    type_text(qtbot, dialog.pick.lineEdit(), "小保养")
    dialog.pick._typed()  # what Enter does, without the dialog's own Enter saving at once
    assert (dialog.code.text(), dialog.description.text(), dialog.hours.text(), dialog.rate.text()) == (
        "BY01", "小保养工时", "1.5", "200")
    dialog.close()


def test_excel_import_lists_the_refused_rows(qtbot: QtBot, tmp_path: Path, services: Services,
                                             manager: Actor) -> None:
    path = workbook(tmp_path / "prices.xlsx", {"labour": [["code", "name", "hours", "rate"], ["BY01", "小保养", 1, 200],
                                                          ["BY01", "重复", 1, 200], ["BY02", "负价", 1, -1]]})
    page = open_page(qtbot, services, manager)
    MasterImportDialog.ask_open_path = staticmethod(lambda _parent: str(path))  # type: ignore[assignment]
    try:
        dialog = page.open_import()
        assert isinstance(dialog, MasterImportDialog)
        with qtbot.waitSignal(dialog.imported, timeout=10_000):
            qtbot.mouseClick(dialog.choose_button, LEFT)
    finally:
        del MasterImportDialog.ask_open_path
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(1, 3).data() == "工时单价不能为负数"
    assert dialog.summary.text() == "已导入：工时项目 1；未导入 2 行"
    qtbot.waitUntil(lambda: page.lists[MasterKind.LABOUR].model.rowCount() == 1, timeout=5000)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "masterdata_import_zh.png"))
    dialog.close()


def test_the_page_in_english(qtbot: QtBot, english: None, services: Services,  # noqa: F811
                             manager: Actor) -> None:
    services.master_data.save_labour_code(manager, code="BY01", name="小保养", standard_hours_centi=150,
                                          rate_fen=20_000)
    page = open_page(qtbot, services, manager)
    labour = page.lists[MasterKind.LABOUR]
    qtbot.waitUntil(lambda: labour.model.rowCount() == 1, timeout=5000)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Labour operations", "Parts prices", "Sundry items", "Service packages", "Campaigns"]
    assert rows(labour)[0][5] == "Own" and labour.add_button.text() == "Add…"
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "masterdata_page_en.png"))


def test_the_main_window_has_the_page(qtbot: QtBot, services: Services, manager: Actor, data_dir: Path) -> None:
    window = MainWindow(services, manager, services.branches.current(), data_dir)
    qtbot.addWidget(window)
    page = window.show_page("master_data")
    assert isinstance(page, MasterDataPage)
    assert window.nav.currentItem().text() == "基础资料"
    qtbot.waitUntil(idle, timeout=5000)
