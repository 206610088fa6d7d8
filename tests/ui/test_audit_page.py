"""操作日志 tab: a manager filters the trail with the real widgets; an advisor has no tab."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from domain.roles import Actor, Role
from domain.services.customers import CustomerInput
from domain.services.registry import Services
from storage.database import Database
from tests.conftest import make_actor
from tests.sync.helpers import Side, make_branch, make_hq
from tests.sync.hq_audit import AuditWorld, build_audit
from tests.ui.keyboard import type_text
from ui import operations
from ui.pages.audit_page import AuditPage, AuditTableModel
from ui.pages.settings_page import SettingsPage


def settled(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: operations.worker().pending == 0)


def page_for(qtbot: QtBot, services: Services, actor: Actor) -> SettingsPage:
    page = SettingsPage(services, actor, services.branches.current())
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    qtbot.waitExposed(page)
    settled(qtbot)
    return page


def tab_titles(page: SettingsPage) -> list[str]:
    tabs = page.findChild(QTabWidget, "settingsTabs")
    assert tabs is not None
    return [tabs.tabText(i) for i in range(tabs.count())]


def column(model: AuditTableModel, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_manager_filters_the_trail(qtbot: QtBot, services: Services, admin: Actor,
                                   advisor: Actor) -> None:
    manager = make_actor(services, admin, Role.MANAGER, "boss1")
    services.customers.create(advisor, CustomerInput(name="张三", mobile="13900000001"))
    made = services.customers.create(manager, CustomerInput(name="李四", mobile="13900000002"))
    services.customers.update(manager, made.id, CustomerInput(name="李四", mobile="13900000003"))

    page = page_for(qtbot, services, manager)
    assert "操作日志" in tab_titles(page)
    tabs = page.findChild(QTabWidget, "settingsTabs")
    assert tabs is not None
    tabs.setCurrentIndex(tab_titles(page).index("操作日志"))
    audit = page.audit_tab
    assert isinstance(audit, AuditPage)
    settled(qtbot)
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0)
    everyone = audit.model.rowCount()
    # a branch holds its own trail only: no 门店 column or filter
    assert not audit.at_hq and audit.view.isColumnHidden(AuditTableModel.COL_BRANCH)
    assert not audit.branch_filter.isVisible()
    page.grab().save("/tmp/audit_all.png")
    assert {"测试advisor", "测试manager"} <= set(column(audit.model, AuditTableModel.COL_WHO))

    # staff filter: only the manager's entries
    audit.staff.setCurrentIndex(audit.staff.findData("测试manager"))
    qtbot.mouseClick(audit.search, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert 0 < audit.model.rowCount() < everyone
    assert set(column(audit.model, AuditTableModel.COL_WHO)) == {"测试manager"}

    # record + action filter, typed and confirmed with Enter
    audit.action.setCurrentIndex(audit.action.findData("update"))
    type_text(qtbot, audit.record, "李四")
    qtbot.keyClick(audit.record, Qt.Key.Key_Return)
    settled(qtbot)
    rows = [audit.model.entry_at(r) for r in range(audit.model.rowCount())]
    assert rows and all(r is not None and r.action == "update" and r.record_label == "李四"
                        for r in rows)
    assert any("13900000002 → 13900000003" in text
               for text in column(audit.model, AuditTableModel.COL_CHANGES))
    page.grab().save("/tmp/audit_rows.png")
    index = audit.model.index(0, 0)
    assert not audit.model.flags(index) & Qt.ItemFlag.ItemIsEditable

    # a date range before today holds nothing
    audit.staff.setCurrentIndex(0)
    audit.action.setCurrentIndex(0)
    audit.record.clear()
    audit.until.setDate(audit.since.date())
    qtbot.mouseClick(audit.search, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert audit.model.rowCount() == 0
    page.grab().save("/tmp/audit_page.png")


def test_tab_absent_for_an_advisor(qtbot: QtBot, services: Services, advisor: Actor) -> None:
    page = page_for(qtbot, services, advisor)
    assert "操作日志" not in tab_titles(page)
    assert not hasattr(page, "audit_tab")


@pytest.fixture
def hq_world(tmp_path: Path) -> Iterator[tuple[Side, AuditWorld]]:
    template = tmp_path / "template"
    Database.open(template, create=True).close()
    hq = make_hq(template, tmp_path / "hq")
    bj = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        yield hq, build_audit(hq, bj, tmp_path)
    finally:
        operations.worker().wait()
        bj.close()
        hq.close()


def test_hq_trail_shows_and_filters_the_branch(qtbot: QtBot, hq_world: tuple[Side, AuditWorld]) -> None:
    hq, world = hq_world
    page = page_for(qtbot, hq.ctx.services, world.hq_manager)
    tabs = page.findChild(QTabWidget, "settingsTabs")
    assert tabs is not None
    tabs.setCurrentIndex(tab_titles(page).index("操作日志"))
    audit = page.audit_tab
    qtbot.waitUntil(lambda: audit.at_hq and audit.model.rowCount() > 0)
    settled(qtbot)
    header = audit.view.horizontalHeader()
    assert header.visualIndex(AuditTableModel.COL_BRANCH) == 1  # time, branch, who, …
    assert audit.model.headerData(AuditTableModel.COL_BRANCH, Qt.Orientation.Horizontal) == "门店"
    shown = {(audit.model.index(r, AuditTableModel.COL_WHAT).data(),
              audit.model.index(r, AuditTableModel.COL_ACTION).data()):
             audit.model.index(r, AuditTableModel.COL_BRANCH).data() for r in range(audit.model.rowCount())}
    assert shown[("customers 张三", "新增")] == "BJ01 BJ01 店"
    assert shown[("customers 李四", "新增")] == "未知分店"  # BJ01's system: no staff to tell by
    assert "HQ 总部" in shown.values()
    page.grab().save("/tmp/h10_audit_hq_all.png")

    combo = audit.branch_filter
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部门店", "HQ 总部", "BJ01 BJ01 店"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentData() == "BJ01"
    settled(qtbot)
    branch_rows = {audit.model.index(r, AuditTableModel.COL_BRANCH).data() for r in range(audit.model.rowCount())}
    assert branch_rows == {"BJ01 BJ01 店"}
    assert any(audit.model.index(r, AuditTableModel.COL_WHAT).data() == "customers 张三"
               for r in range(audit.model.rowCount()))
    page.grab().save("/tmp/h10_audit_hq_bj01.png")
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentData() == "HQ"
    settled(qtbot)
    assert {audit.model.index(r, AuditTableModel.COL_BRANCH).data()
            for r in range(audit.model.rowCount())} == {"HQ 总部"}
