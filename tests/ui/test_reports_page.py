"""报表统计 page: pick a month, see the figures, hover a card for its definition, click 返修率
to list the rework orders; the charts hold one bar per day; daily tabs and Excel export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCharts import QBarSeries, QValueAxis
from PySide6.QtCore import QDate, Qt

import ui.operations
from domain import clock
from domain.kpi import Kpi
from domain.roles import Actor
from domain.services.registry import Services
from tests.unit.test_kpi import at, manager, month  # noqa: F401  (fixtures)
from ui.pages.reports_page import ReportsPage


def idle() -> bool:
    return ui.operations.worker().pending == 0


def test_kpi_tab_month_cards_tooltip_drill_down_and_chart(qtbot, services: Services, manager: Actor,  # noqa: F811
                                                          month: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    page = ReportsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    tab = page.kpi
    page.tabs.setCurrentWidget(tab)
    assert not tab.scope.isVisible()  # a branch database: no HQ selector
    tab.month.setDate(QDate(2026, 10, 1))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
        # while the month is counted: said so, and no second click queues the same work
        assert tab.status.text() == "正在统计……" and not tab.show_button.isEnabled()
    assert tab.show_button.isEnabled() and "2026-10" in tab.status.text()
    rework = tab.cards[Kpi.RETURN_REPAIR_RATE]
    assert rework.value.text() == "20.0%"
    assert "上月 0.0%" in rework.compare.text() and "去年同月 100.0%" in rework.compare.text()
    assert tab.cards[Kpi.CSI].value.text() == "93.3%"
    assert tab.cards[Kpi.REVENUE].value.text() == "9,000.00"
    assert "本期交车的返修工单数" in rework.toolTip() and "< 2" in rework.toolTip()
    series = tab.days_chart.series()
    assert len(series) == 1 and isinstance(series[0], QBarSeries)
    assert isinstance(series[0], QBarSeries)
    bars = series[0].barSets()[0]
    assert bars.count() == 31 and bars.at(0) == 2 and bars.at(30) == 1
    with qtbot.waitSignal(tab.drilled, timeout=10_000):
        qtbot.mouseClick(rework, Qt.MouseButton.LeftButton)
    numbers = sorted(tab.drill_model.item(i).number for i in range(tab.drill_model.rowCount()))
    assert numbers == month["rework"]
    assert "返修率" in tab.drill_title.text()
    qtbot.wait(200)
    tab.days_view.grab().save("/tmp/kpi_days_chart.png")
    page.grab().save("/tmp/reports_page_kpi.png")
    target = tmp_path / "kpi.xlsx"
    tab.ask_save_path = lambda _parent, _suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.exported, timeout=10_000):
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert load_workbook(target).worksheets[0]["A2"].value is not None
    qtbot.waitUntil(idle, timeout=5000)


def test_daily_tabs_show_recorded_times(qtbot, services: Services, manager: Actor,  # noqa: F811
                                        month: dict[str, object]) -> None:  # noqa: F811
    page = ReportsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.show()
    tech = page.technician
    tech.date.setDate(QDate(2026, 10, 1))
    with clock.freeze(at(2026, 10, 2, 9)), qtbot.waitSignal(tech.loaded, timeout=10_000):
        qtbot.mouseClick(tech.show_button, Qt.MouseButton.LeftButton)
    assert tech.model.rowCount() == 3
    rows = [tech.model.item(i)[1] for i in range(3)]
    assert [r.service_class for r in rows] == ["C", "D", "A"]
    assert "6.50" in tech.status.text()
    sup = page.supervisor
    page.tabs.setCurrentWidget(sup)
    sup.date.setDate(QDate(2026, 10, 1))
    with clock.freeze(at(2026, 10, 2, 9)), qtbot.waitSignal(sup.loaded, timeout=10_000):
        qtbot.mouseClick(sup.show_button, Qt.MouseButton.LeftButton)
    assert "进厂 2 台" in sup.cars.text() and "在厂 14 台" in sup.cars.text()
    assert sup.model.rowCount() == 1
    page.grab().save("/tmp/reports_page_supervisor.png")
    assert dt.date(2026, 10, 1) == sup.report.day  # type: ignore[union-attr]
    qtbot.waitUntil(idle, timeout=5000)


def test_hq_selector_side_by_side_ranking(qtbot, services: Services, manager: Actor,  # noqa: F811
                                          month: dict[str, object]) -> None:  # noqa: F811
    from sqlalchemy import update

    from domain.model import Branch

    with services.uow() as session:
        session.execute(update(Branch).where(Branch.is_local.is_(True)).values(mode="hq"))
    branch = services.branches.current()
    assert branch.mode == "hq"
    page = ReportsPage(services, manager, branch)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    tab = page.kpi
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.scope.count() == 4, timeout=5000)  # all, side by side, BJ01, SH01
    assert tab.scope.isVisible()
    tab.month.setDate(QDate(2026, 10, 1))
    tab.scope.setCurrentIndex(tab.scope.findData("ranking"))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    assert tab.rank_table.isVisible() and tab.rank_model.rowCount() == 2
    assert tab.rank_model.item(0).code == "SH01"
    assert tab.cards[Kpi.REVENUE].value.text() == "19,000.00"
    tab.scope.setCurrentIndex(tab.scope.findData("SH01"))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    assert tab.cards[Kpi.REVENUE].value.text() == "10,000.00" and not tab.rank_table.isVisible()
    hq_series = tab.days_chart.series()[0]
    assert isinstance(hq_series, QBarSeries)
    bars = hq_series.barSets()[0]
    assert bars.at(8) == 1 and sum(bars.at(i) for i in range(bars.count())) == 1
    y_axis = tab.days_chart.axes(Qt.Orientation.Vertical)[0]
    assert isinstance(y_axis, QValueAxis)
    assert (y_axis.min(), y_axis.max()) == (0, 1)  # the axis fits the one car, not the last month shown
    qtbot.wait(200)  # let the chart scene repaint before the screenshot
    page.grab().save("/tmp/reports_page_hq.png")
    qtbot.waitUntil(idle, timeout=5000)


def test_a_long_chart_label_is_whole_on_two_lines(qtbot, services: Services, manager: Actor) -> None:  # noqa: F811
    """English payer names ("Manufacturer warranty") were cut to "Manufac…" under their bar."""
    from PySide6.QtCharts import QBarCategoryAxis

    page = ReportsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    tab = page.kpi
    tab._bars(tab.revenue_chart, ["Labour", "Manufacturer warranty", "厂家保修"], [1.0, 2.0, 3.0], "x")
    [axis] = [a for a in tab.revenue_chart.axes() if isinstance(a, QBarCategoryAxis)]
    assert axis.categories() == ["Labour", "Manufacturer<br>warranty", "厂家保修"]
    assert not axis.truncateLabels()
