"""Issue 15 on the complaints page, by real widgets: both internal deadlines with time left and
red when overdue, the reason for a missed deadline, 催办单 / 洽办单 and penalties with their
notice, the penalties tab and the settings.

The issue, quoted: "the investigation report is due within 3 days of intake and the
consolidated opinion within 1 day after the report (both shown with time left, both
highlighted when overdue, both counted in the monthly statistics) … The reason for each
missed deadline is recorded." "Penalties … recorded against the responsible staff member from
a complaint's responsibility, with a 奖罚通知单 printed in three copies (本人 / 部门 / 财务) and
a monthly list."
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from domain import clock
from domain.roles import Actor, Role
from domain.services.complaints import PartyInput
from domain.services.customers import CustomerView
from domain.services.registry import Services
from tests.conftest import make_actor
from tests.ui.keyboard import type_text
from tests.ui.test_complaints_ui import (
    _font,
    car,  # noqa: F401  (fixture)
    clerk,  # noqa: F401  (fixture)
    click,
    manager,  # noqa: F401  (fixture)
    open_in,
    page_as,
    register_via_service,
    save,
)
from tests.ui.test_search_box import SHOTS, idle
from ui.dialogs.complaint_notice_dialog import ComplaintNoticeDialog
from ui.dialogs.complaint_penalty_dialog import ComplaintPenaltyDialog
from ui.dialogs.complaint_reason_dialog import ComplaintReasonDialog
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.pages.settings_page import SettingsPage

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
INTAKE = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
REPORT_DUE = dt.datetime(2026, 11, 14, 0, 0, tzinfo=SHANGHAI)  # 24:00 of 13 November
RED = "#c62828"


def _slip(services: Services, clerk: Actor, car: CustomerView) -> str:  # noqa: F811
    with clock.freeze(INTAKE):
        return register_via_service(services, clerk, car)


def test_both_internal_deadlines_with_time_left_and_red_once_overdue(qtbot, services: Services, car, clerk) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _slip(services, clerk, car)
    with clock.freeze(REPORT_DUE - dt.timedelta(hours=5)):
        page = page_as(qtbot, services, clerk)
        panel = open_in(qtbot, page, number)
    report, opinion = panel.values["report"], panel.values["opinion"]
    assert report.text() == "期限 2026-11-13 24:00，剩余 5小时00分" and RED not in report.styleSheet()
    assert opinion.text() == "调查报告后起算"
    with clock.freeze(REPORT_DUE + dt.timedelta(minutes=1)):
        with qtbot.waitSignal(panel.slip_shown, timeout=5000):
            panel.reload()
        assert report.text() == "期限 2026-11-13 24:00，已超期 1分" and RED in report.styleSheet()
        services.complaints.respond(clerk, number)
        services.complaints.record_investigation(clerk, number, "刹车片安装时未涂消音膏")
        with qtbot.waitSignal(panel.slip_shown, timeout=5000):
            panel.reload()
    assert report.text() == "期限 2026-11-13 24:00，2026-11-14 00:01 完成（逾期）"
    assert opinion.text().startswith("期限 2026-11-15 24:00")  # a day after the report
    panel.grab().save(str(SHOTS / "complaint_internal_deadlines.png"))


def test_reason_urge_and_coordinate_through_the_gui(qtbot, services: Services, car, clerk) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _slip(services, clerk, car)
    with clock.freeze(REPORT_DUE + dt.timedelta(hours=2)):
        page = page_as(qtbot, services, clerk)
        panel = open_in(qtbot, page, number)
        # 超期原因 for the late report
        dialog = click(qtbot, panel, "reason")
        assert isinstance(dialog, ComplaintReasonDialog)
        dialog.deadline.setCurrentIndex(dialog.deadline.findData("report"))
        type_text(qtbot, dialog.reason, "技师休假，调查延后")
        save(qtbot, panel, dialog)
        assert "调查报告：技师休假，调查延后" in panel.values["reasons"].text()
        # 催办单: issued, numbered, and open in the preview
        dialog = click(qtbot, panel, "urge")
        assert isinstance(dialog, ComplaintNoticeDialog)
        assert dialog.deadline.currentData() == "response"  # overdue first, the earliest due first
        dialog.deadline.setCurrentIndex(dialog.deadline.findData("report"))
        type_text(qtbot, dialog.department, "维修车间")
        save(qtbot, panel, dialog)
        qtbot.waitUntil(lambda: isinstance(panel.active_dialog, PdfPreviewDialog), timeout=15000)
        preview = panel.active_dialog
        assert isinstance(preview, PdfPreviewDialog) and preview.page_count() == 1
        assert "BJ01-CB-2611-0001" in preview.windowTitle()
        preview.close()
        assert "催办单 BJ01-CB-2611-0001 → 维修车间" in panel.values["notices"].text()
        # 洽办单 to another department
        dialog = click(qtbot, panel, "coordinate")
        assert isinstance(dialog, ComplaintNoticeDialog)
        type_text(qtbot, dialog.department, "配件部")
        type_text(qtbot, dialog.matter, "请核查刹车片批次")
        save(qtbot, panel, dialog)
        qtbot.waitUntil(lambda: isinstance(panel.active_dialog, PdfPreviewDialog), timeout=15000)
        panel.active_dialog.close()  # type: ignore[union-attr]
    view = services.complaints.get(clerk, number)
    urge, coordinate = view.notices
    assert (urge.number, urge.deadline, urge.to_department, urge.reason) == (
        "BJ01-CB-2611-0001", "report", "维修车间", "技师休假，调查延后")
    assert (coordinate.number, coordinate.to_department, coordinate.matter) == (
        "BJ01-QB-2611-0001", "配件部", "请核查刹车片批次")
    assert coordinate.reply_by == dt.date(2026, 11, 15)  # tomorrow by default


def test_penalty_notice_and_the_penalties_tab(qtbot, services: Services, admin: Actor, car, clerk,  # type: ignore[no-untyped-def]  # noqa: F811
                                              manager, tmp_path: Path) -> None:  # noqa: F811
    tech = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    assert tech.staff_id is not None
    services.complaints.set_pay_basis(admin, tech.staff_id, department="维修车间", base_points=10,
                                      monthly_bonus_fen=200_000)
    number = _slip(services, clerk, car)
    with clock.freeze(INTAKE + dt.timedelta(days=1)):  # the report on time; no opinion by month end
        services.complaints.record_investigation(clerk, number, "油管接头力矩不足")
        services.complaints.record_responsibility(clerk, number, "ours", department="维修车间",
                                                  parties=[PartyInput(tech.staff_id)])
    clerk_panel = open_in(qtbot, page_as(qtbot, services, clerk), number)
    assert not clerk_panel.buttons["penalty"].isEnabled()  # the manager's
    with clock.freeze(dt.datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)):
        page = page_as(qtbot, services, manager)
        panel = open_in(qtbot, page, number)
        dialog = click(qtbot, panel, "penalty")
        assert isinstance(dialog, ComplaintPenaltyDialog)
        assert dialog.person.count() == 1 and "测试technician" in dialog.person.currentText()
        qtbot.waitUntil(lambda: "800.00" in dialog.grade.itemText(1), timeout=5000)
        assert [dialog.grade.itemText(i) for i in range(3)] == [
            "警告（400.00 元）", "小过（800.00 元）", "大过（当月全部效益奖金）"]
        dialog.grade.setCurrentIndex(dialog.grade.findData("minor"))
        type_text(qtbot, dialog.reason, "未使用扭力扳手")
        save(qtbot, panel, dialog)
        qtbot.waitUntil(lambda: isinstance(panel.active_dialog, PdfPreviewDialog), timeout=15000)
        preview = panel.active_dialog
        assert isinstance(preview, PdfPreviewDialog) and preview.page_count() == 3  # 本人 / 部门 / 财务
        preview.close()
        assert panel.values["penalties"].text().startswith("BJ01-JF-2611-0001　测试technician　小过　800.00 元")
        # the monthly list
        with qtbot.waitSignal(page.penalties.loaded, timeout=5000):
            page.tabs.setCurrentWidget(page.penalties)
    tab = page.penalties
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert tab.status.text() == "1 件，合计 800.00 元"
    page.grab().save(str(SHOTS / "complaint_penalties_tab.png"))
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.active_dialog, PdfPreviewDialog), timeout=15000)
    assert tab.active_dialog.page_count() == 3  # type: ignore[union-attr]
    tab.active_dialog.close()  # type: ignore[union-attr]
    target = tmp_path / "奖罚"
    tab.ask_save_path = lambda _parent, suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.exported, timeout=10000) as saved:
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    from openpyxl import load_workbook

    rows = list(load_workbook(Path(saved.args[0]))["奖罚"].iter_rows(values_only=True))
    assert rows[1][:5] == ("BJ01-JF-2611-0001", "测试technician", "维修车间", "小过", 800)
    # both internal deadlines are counted in the month's statistics
    with clock.freeze(dt.datetime(2026, 12, 2, tzinfo=SHANGHAI)), \
            qtbot.waitSignal(page.statistics.loaded, timeout=5000):
        page.tabs.setCurrentWidget(page.statistics)
    figures = {f.item: f.value for f in page.statistics.model.items()}
    assert figures["调查报告：本月到期 / 按时 / 逾期完成 / 超期未完成"] == "1 / 1 / 0 / 0"
    assert figures["综合意见：本月到期 / 按时 / 逾期完成 / 超期未完成"] == "1 / 0 / 0 / 1"
    assert figures["本月奖罚（件 / 元）"] == "1 / 800.00"


def test_settings_tab_saves_deadline_days_and_penalty_amounts(qtbot, services: Services, admin: Actor) -> None:
    _font()
    settings = SettingsPage(services, admin, services.branches.current())
    qtbot.addWidget(settings)
    settings.show()
    tab = settings.complaint_tab
    qtbot.waitUntil(lambda: tab.warning_amount.text() == "400", timeout=5000)
    assert (tab.report_days.value(), tab.opinion_days.value(), tab.minor_amount.text(),
            tab.major_amount.text()) == (3, 1, "800", "0")
    tab.report_days.setValue(5)
    tab.major_amount.setText("1500")
    qtbot.mouseClick(tab.save_rules, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已保存内部期限" in tab.status.text(), timeout=5000)
    stored = services.complaints.settings()
    assert (stored.internal.report_days, stored.penalties.major_fen, stored.penalties.warning_fen) == (
        5, 150_000, 40_000)


@pytest.fixture(autouse=True)
def _drain(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    qtbot.waitUntil(idle, timeout=10000)
