"""指标设置 tab: a manager changes the daily available hours per technician with the keyboard,
and the monthly utilisation (services.kpi) is computed with the new value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from domain.roles import Actor
from domain.services.registry import Services
from domain.settings_defaults import KPI_HOURS_PER_DAY
from tests.ui.test_search_box import idle
from tests.unit.test_kpi import manager, month  # noqa: F401  (fixtures)
from ui.pages.settings_page import SettingsPage


def test_manager_sets_hours_per_day_and_utilisation_follows(qtbot: QtBot, services: Services,  # noqa: F811
                                                            manager: Actor,  # noqa: F811
                                                            month: dict[str, object]) -> None:  # noqa: F811
    page = SettingsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    tab = page.kpi_tab
    page.tabs.setCurrentWidget(tab)
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "指标设置"
    assert tab.hours.value() == 8.0
    before = services.kpi.monthly(manager, "2026-10").current
    assert before.available_hours == 496.0  # 2 technicians × 31 working days × 8 h

    editor = tab.hours.lineEdit()
    editor.selectAll()
    qtbot.keyClicks(editor, "7.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: tab.status.text() == "已保存", timeout=5000)
    assert services.settings.get(KPI_HOURS_PER_DAY) == 7.5
    page.grab().save("/tmp/h4_kpi_settings.png")

    after = services.kpi.monthly(manager, "2026-10").current
    assert after.available_hours == 465.0
    assert after.utilisation is not None and before.utilisation is not None
    assert after.utilisation > before.utilisation

    again = SettingsPage(services, manager, services.branches.current())  # re-read from the database
    qtbot.addWidget(again)
    qtbot.waitUntil(idle, timeout=5000)
    assert again.kpi_tab.hours.value() == 7.5


def test_tab_absent_without_settings_permission(qtbot: QtBot, services: Services, advisor: Actor) -> None:
    page = SettingsPage(services, advisor, services.branches.current())
    qtbot.addWidget(page)
    qtbot.waitUntil(idle, timeout=5000)
    assert not hasattr(page, "kpi_tab")


def test_manager_sets_a_kpi_target_and_the_kpi_page_holds_figures_against_it(
        qtbot: QtBot, services: Services, manager: Actor, month: dict[str, object]) -> None:  # noqa: F811
    from domain.kpi import Kpi
    from ui.pages.reports_page import ReportsPage

    page = SettingsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    tab = page.kpi_tab
    page.tabs.setCurrentWidget(tab)
    csi = tab.targets[Kpi.CSI]
    assert csi.value() == 93.0 and tab.targets[Kpi.CARS_RECEIVED].value() == 20.0  # the regulation's
    editor = csi.lineEdit()
    editor.selectAll()
    qtbot.keyClicks(editor, "97")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.status.text() == "已保存", timeout=5000)
    assert services.kpi.targets()[Kpi.CSI].value == 97.0
    page.grab().save("/tmp/shots/kpi_targets_zh.png")

    reports = ReportsPage(services, manager, services.branches.current())
    qtbot.addWidget(reports)
    kpis = services.kpi.monthly(manager, "2026-10")
    assert kpis.targets[Kpi.CSI].value == 97.0
    reports.kpi.show_kpis((kpis, []))
    assert "目标：≥ 97" in reports.kpi.cards[Kpi.CSI].toolTip()


def test_pricing_tab_checks_and_saves_the_rates(qtbot: QtBot, services: Services,
                                                manager: Actor) -> None:  # noqa: F811
    page = SettingsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    tab = page.pricing_tab
    page.tabs.setCurrentWidget(tab)
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "价格与税率"
    qtbot.keyClicks(tab.rate, "180")
    tab.tax.setText("31")
    qtbot.keyClick(tab.tax, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(tab.errors.message("tax_rate_bp")), timeout=5000)
    assert tab.errors.message("tax_rate_bp") == "税率须在 0% 到 30% 之间"
    tab.tax.setText("6")
    qtbot.keyClick(tab.tax, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.status.text() == "已保存", timeout=5000)
    pricing = services.master_data.pricing()
    assert (pricing.labour_rate_fen, pricing.tax_rate_bp) == (18_000, 600)
    page.grab().save("/tmp/shots/pricing_settings_zh.png")
