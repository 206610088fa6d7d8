"""跟踪回访 at HQ: the branches' follow-ups in one read-only list, filtered by branch.

A real HQ imports two branches' bundles (tests.sync.hq_care); the page is driven with key
presses on its filter combos. The clock is frozen at a night when Beijing (BJ01) is already
on the next day and Urumqi (SH01) is not, so "overdue" differs between the two branches.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QPushButton

from domain.roles import Actor
from tests.sync.helpers import Side
from tests.sync.hq_care import NIGHT, World, build
from tests.ui.hq_fixtures import hq_manager, hq_world_fixtures, idle, shown
from ui.pages.care_hq_tab import HQFollowUpsModel, HQFollowUpsTab
from ui.pages.care_page import CarePage, TodayTab

SHOTS = Path("/tmp")


template, sides, world, frozen = hq_world_fixtures(build, NIGHT)


def _open(qtbot, side: Side, actor: Actor) -> CarePage:  # type: ignore[no-untyped-def]
    return shown(qtbot, lambda: CarePage(side.ctx.services, actor, side.ctx.services.branches.current()),
                 1400, 600)


def _column(tab: HQFollowUpsTab, column: int) -> list[str]:
    model = tab.model
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def _settled(qtbot, tab: HQFollowUpsTab, rows: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: idle() and tab.model.rowCount() == rows and tab.total == rows, timeout=10000)


def test_branch_filter_narrows_the_consolidated_list(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                                     world: World, frozen: None) -> None:
    hq = sides[0]
    page = _open(qtbot, hq, hq_manager(hq))
    assert page.tabs.count() == 1 and page.tabs.tabText(0) == "各分店回访"
    tab = page.hq
    _settled(qtbot, tab, 4)
    combo = tab.branch_filter
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部分店", "BJ01 BJ01 店", "SH01 SH01 店"]
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "门店"
    assert sorted(_column(tab, 0)) == ["BJ01 BJ01 店"] * 2 + ["SH01 SH01 店"] * 2
    assert all("****" in phone for phone in _column(tab, 5))  # masked at HQ
    assert tab.counts.text() == "已显示 4 条，共 4 条"
    # read-only: nothing on the page calls, completes or registers anything
    assert {b.objectName() for b in page.findChildren(QPushButton)} == {"refreshHq"}
    assert not page.findChildren(TodayTab)
    tab.grab().save(str(SHOTS / "h3_hq_follow_ups_all.png"))

    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "SH01"
    _settled(qtbot, tab, 2)
    assert _column(tab, 0) == ["SH01 SH01 店"] * 2
    assert sorted(_column(tab, 4)) == ["李四", "赵六"]
    # SH01 is still on 11-12 in Urumqi: its open task is due, not overdue; closed in its time
    by_customer = {tab.model.item(r).customer_name: r for r in range(2)}
    status = tab.model.data(tab.model.index(by_customer["李四"], 2))
    assert status == "到期"
    assert tab.model.data(tab.model.index(by_customer["赵六"], 11)) == "2026-11-10 10:30"
    tab.grab().save(str(SHOTS / "h3_hq_follow_ups_sh01.png"))

    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentData() == "BJ01"
    _settled(qtbot, tab, 2)
    assert set(_column(tab, 0)) == {"BJ01 BJ01 店"}

    qtbot.keyClick(combo, Qt.Key.Key_Up)  # 全部分店 again, then only what is overdue
    _settled(qtbot, tab, 4)
    status_combo = tab.status_filter
    status_combo.setFocus()
    qtbot.keyClick(status_combo, Qt.Key.Key_Down)
    assert status_combo.currentText() == "已超期"
    _settled(qtbot, tab, 1)
    row = tab.model.item(0)
    assert (row.branch_code, row.customer_name, row.kind) == ("BJ01", "王小明", "file_completion")
    assert tab.model.data(tab.model.index(0, 2)) == "已超期"


def test_rows_arrive_a_page_at_a_time(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                      world: World, frozen: None) -> None:
    hq = sides[0]
    manager = hq_manager(hq)
    model = HQFollowUpsModel(hq.ctx.services, manager, page_size=1)
    model.set_filter(tab_filter := model._filter)
    qtbot.waitUntil(lambda: idle() and model.rowCount() == 1, timeout=10000)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(idle, timeout=10000)
    expected = [r.id for r in hq.ctx.services.care_hq.list_follow_ups(manager, tab_filter, limit=100)]
    assert [model.item(r).id for r in range(model.rowCount())] == expected and len(expected) == 4


def test_a_branch_keeps_its_own_care_page(qtbot, sides: tuple[Side, Side, Side],  # type: ignore[no-untyped-def]
                                          world: World, frozen: None) -> None:
    bj = sides[1]
    page = _open(qtbot, bj, Actor.system())
    assert page.tabs.count() == 6 and page.tabs.tabText(0) == "今日回访"
    assert isinstance(page.today, TodayTab) and not page.findChildren(HQFollowUpsTab)
    qtbot.waitUntil(idle, timeout=10000)
