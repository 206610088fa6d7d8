"""A complaint from intake to closure through the GUI, each step by its own role.

The clerk registers it (customer found by plate), responds, investigates, records the
responsibility and the measures and proposes a settlement; a manager approves it on his
own PC; the clerk records the customer's acceptance and closes it. Also: the overdue
badge, the major-complaint notice at a manager's login, reopen, statistics and export.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QTableWidgetItem, QWidget

from app.gui import install_cjk_font
from domain import clock
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput, PartyInput, ProposalInput
from domain.services.customers import CustomerInput, CustomerView, VehicleInput
from domain.services.registry import Services
from tests.conftest import make_actor
from tests.ui.keyboard import child, type_text
from tests.ui.test_search_box import SHOTS, idle
from ui.dialogs.complaint_answer_dialog import ComplaintAnswerDialog
from ui.dialogs.complaint_approve_dialog import ComplaintApproveDialog
from ui.dialogs.complaint_close_dialog import ComplaintCloseDialog
from ui.dialogs.complaint_intake_dialog import ComplaintIntakeDialog
from ui.dialogs.complaint_proposal_dialog import ComplaintProposalDialog
from ui.dialogs.complaint_responsibility_dialog import ComplaintResponsibilityDialog
from ui.dialogs.complaint_text_dialog import ComplaintTextDialog
from ui.main_window import MainWindow
from ui.models.complaints_model import ComplaintsModel
from ui.pages.complaint_slip_view import ComplaintSlipPanel
from ui.pages.complaints_page import ComplaintsPage
from ui.pages.settings_page import SettingsPage


@pytest.fixture
def car(services: Services, advisor: Actor) -> CustomerView:
    return services.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                     VehicleInput(plate="京A12345", brand="本田", model="雅阁"))


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.CARE_CLERK, "clerk1")


@pytest.fixture
def manager(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.MANAGER, "manager1")


def _font() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_cjk_font(app)


def page_as(qtbot, services: Services, actor: Actor) -> ComplaintsPage:
    """The complaints page as this person sees it on their own PC."""
    _font()
    page = ComplaintsPage(services, actor, services.branches.current())
    page.resize(1300, 820)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(idle, timeout=5000)
    return page


def open_in(qtbot, page: ComplaintsPage, number: str) -> ComplaintSlipPanel:
    with qtbot.waitSignal(page.slip_opened, timeout=5000):
        page.open_slip(number)
    return page.panel


def click(qtbot, panel: ComplaintSlipPanel, key: str) -> Any:
    button = panel.buttons[key]
    assert button.isEnabled(), f"{key} should be enabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = panel.active_dialog
    assert dialog is not None
    return dialog


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def tick(qtbot, box: QWidget) -> None:
    """Click a check box or radio button on its indicator (the row may be much wider)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def submit(qtbot, dialog: QWidget) -> None:
    """Press the dialog's save button (登记 / 保存 / 批准 …)."""
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def save(qtbot, panel: ComplaintSlipPanel, dialog: QWidget) -> None:
    """Save; wait until the fresh slip is on screen."""
    with qtbot.waitSignal(panel.slip_changed, timeout=5000):
        submit(qtbot, dialog)


def text_step(qtbot, panel: ComplaintSlipPanel, key: str, text: str) -> None:
    dialog = click(qtbot, panel, key)
    assert isinstance(dialog, ComplaintTextDialog)
    type_text(qtbot, dialog.text, text)
    save(qtbot, panel, dialog)


def register_via_service(services: Services, actor: Actor, car: CustomerView, **extra: object) -> str:
    data = ComplaintInput(channel="phone", category="repair_quality", customer_words="刹车异响未修好",
                          customer_request="免费返修", customer_id=car.id, vehicle_id=car.vehicles[0].id)
    for key, value in extra.items():
        setattr(data, key, value)
    return services.complaints.register(actor, data).number


def test_register_handle_approve_and_close_through_the_gui(qtbot, services: Services, car: CustomerView,
                                                          clerk: Actor, manager: Actor) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = page_as(qtbot, services, clerk)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, ComplaintIntakeDialog)
    type_text(qtbot, dialog.customer_query, "A12345")
    qtbot.waitUntil(lambda: dialog.hits.rowCount() == 1, timeout=5000)
    qtbot.keyClick(dialog.hits_table, Qt.Key.Key_Return)
    assert "王小明" in dialog.chosen.text() and "京A12345" in dialog.chosen.text()
    dialog.category.setCurrentIndex(dialog.category.findData("repair_quality"))
    type_text(qtbot, dialog.claimed, "800")
    assert dialog.severity.text() == "一般投诉"
    tick(qtbot, dialog.safety)
    assert "重大投诉" in dialog.severity.text() and "危及客户安全" in dialog.severity.text()
    tick(qtbot, dialog.safety)
    assert dialog.severity.text() == "一般投诉"
    # nothing typed in the customer's words: the error sits under that box
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: child(dialog, QLabel, "error_customer_words").isVisible(), timeout=5000)
    type_text(qtbot, dialog.words, "刹车仍有异响，上周刚换的刹车片")
    type_text(qtbot, dialog.request, "免费返修")
    dialog.resize(dialog.sizeHint())
    dialog.grab().save(str(SHOTS / "complaint_intake.png"))
    with qtbot.waitSignal(page.slip_opened, timeout=5000):
        submit(qtbot, dialog)
    panel = page.panel
    slip = panel.slip
    assert slip is not None and slip.state == "registered" and slip.customer_name == "王小明"
    assert slip.claimed_fen == 80_000 and slip.severity == "general"
    assert panel.number_label.text() == slip.number
    assert not panel.buttons["approve"].isEnabled()  # a clerk never approves

    text_step(qtbot, panel, "respond", "已致电客户致歉，约定明日到店")
    text_step(qtbot, panel, "investigate", "刹车片安装时未涂消音膏")
    dialog = click(qtbot, panel, "responsibility")
    assert isinstance(dialog, ComplaintResponsibilityDialog)
    qtbot.waitUntil(idle, timeout=5000)
    type_text(qtbot, dialog.department, "维修车间")
    save(qtbot, panel, dialog)
    text_step(qtbot, panel, "measures", "作业指导书增加涂消音膏步骤")
    dialog = click(qtbot, panel, "propose")
    assert isinstance(dialog, ComplaintProposalDialog)
    tick(qtbot, dialog.repair)
    type_text(qtbot, dialog.compensation, "200")
    qtbot.waitUntil(lambda: "服务经理" in dialog.authority.text(), timeout=5000)
    save(qtbot, panel, dialog)
    assert panel.slip is not None and panel.slip.state == "proposed"
    panel.grab().save(str(SHOTS / "complaint_slip_proposed.png"))

    # the manager on his own PC approves
    boss = page_as(qtbot, services, manager)
    boss_panel = open_in(qtbot, boss, slip.number)
    dialog = click(qtbot, boss_panel, "approve")
    assert isinstance(dialog, ComplaintApproveDialog)
    assert dialog.authority.text() == "须由服务经理审批"
    type_text(qtbot, dialog.note, "同意")
    save(qtbot, boss_panel, dialog)
    assert boss_panel.slip is not None and boss_panel.slip.approval.approved_by_name == "测试manager"

    # back at the clerk's: the customer accepts, the slip is closed with a follow-up
    panel = open_in(qtbot, page, slip.number)
    dialog = click(qtbot, panel, "answer")
    assert isinstance(dialog, ComplaintAnswerDialog)
    type_text(qtbot, dialog.note, "客户满意")
    save(qtbot, panel, dialog)
    dialog = click(qtbot, panel, "close")
    assert isinstance(dialog, ComplaintCloseDialog)
    dialog.measures.clear()
    type_text(qtbot, dialog.measures, "已返修，试车无异响")
    save(qtbot, panel, dialog)
    done = services.complaints.get(clerk, slip.number)
    assert done.state == "closed" and done.final_measures == "已返修，试车无异响"
    assert done.proposal.compensation_fen == 20_000 and done.proposal.repair_again
    assert done.responsible_department == "维修车间"
    assert [e.action for e in done.events] == ["register", "respond", "investigate", "responsibility",
                                               "measures", "propose", "approve", "accept", "close"]
    assert len(done.follow_up_tasks) == 1
    assert panel.values["closure"].text().startswith(clock.format_local(done.closed_at)[:10])
    assert panel.events_model.rowCount() == 9
    assert not any(panel.buttons[k].isEnabled() for k in ("respond", "propose", "approve", "close"))
    panel.resize(1300, 1400)
    panel.grab().save(str(SHOTS / "complaint_slip_closed.png"))


def test_overdue_badge_and_red_row_for_a_slip_from_14_days_ago(
        qtbot, services: Services, car: CustomerView, advisor: Actor, data_dir: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    register_via_service(services, advisor, car, received_at=clock.now() - dt.timedelta(days=14))
    register_via_service(services, advisor, car, category="price", customer_words="价格太贵")
    _font()
    main = MainWindow(services, advisor, services.branches.current(), data_dir)
    main.resize(1360, 760)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    item = main.nav.item(main.PAGE_KEYS.index("complaints"))
    qtbot.waitUntil(lambda: item.text() == "客户投诉 (1)", timeout=5000)
    assert item.foreground().color().name() == "#c62828"
    page = main.show_page("complaints")
    assert isinstance(page, ComplaintsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    overdue = [r for r in range(2) if page.model.slip(r).overdue]
    assert len(overdue) == 1
    row = overdue[0]
    index = page.model.index(row, ComplaintsModel.COL_TIME_LEFT)
    assert page.model.data(index).startswith("超期")
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#ffebee"
    main.grab().save(str(SHOTS / "complaints_list_overdue.png"))
    # the overdue filter shows only that one
    page.filter.setCurrentIndex(page.filter.findData("overdue"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.slip(0).overdue, timeout=5000)
    # handling it (respond) leaves it overdue on the closure clock? no: 14 days > 13: still overdue
    number = page.model.slip(0).number
    panel = open_in(qtbot, page, number)
    with qtbot.waitSignal(panel.slip_changed, timeout=5000):
        dialog = click(qtbot, panel, "respond")
        type_text(qtbot, dialog.text, "已回复")  # type: ignore[attr-defined]
        submit(qtbot, dialog)
    qtbot.waitUntil(idle, timeout=5000)
    assert item.text() == "客户投诉 (1)"
    main.close()


def test_badge_counts_down_after_the_overdue_slip_is_closed(
        qtbot, services: Services, car: CustomerView, admin: Actor, manager: Actor, data_dir: Path) -> None:
    number = register_via_service(services, manager, car, received_at=clock.now() - dt.timedelta(days=2))
    _font()
    main = MainWindow(services, manager, services.branches.current(), data_dir)
    qtbot.addWidget(main)
    main.show()
    item = main.nav.item(main.PAGE_KEYS.index("complaints"))
    qtbot.waitUntil(lambda: item.text() == "客户投诉 (1)", timeout=5000)  # 24 h response missed
    page = main.show_page("complaints")
    assert isinstance(page, ComplaintsPage)
    panel = open_in(qtbot, page, number)
    with qtbot.waitSignal(panel.slip_changed, timeout=5000):
        dialog = click(qtbot, panel, "respond")
        submit(qtbot, dialog)
    qtbot.waitUntil(lambda: item.text() == "客户投诉", timeout=5000)


def test_a_manager_sees_open_major_complaints_at_login(qtbot, services: Services, car: CustomerView,
                                                       advisor: Actor, manager: Actor, data_dir: Path) -> None:
    number = register_via_service(services, advisor, car, safety_risk=True)
    _font()
    main = MainWindow(services, manager, services.branches.current(), data_dir)
    main.resize(1360, 760)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.major_banner is not None, timeout=5000)
    text = child(main, QLabel, "majorComplaintText").text()
    assert number in text and "王小明" in text
    main.grab().save(str(SHOTS / "complaints_major_banner.png"))
    page = main.page("complaints")
    assert isinstance(page, ComplaintsPage)
    with qtbot.waitSignal(page.slip_opened, timeout=5000):
        qtbot.mouseClick(child(main, QWidget, "majorComplaintShow"), Qt.MouseButton.LeftButton)
    assert page.panel.slip is not None and page.panel.slip.number == number
    assert "★" in page.panel.severity_label.text()
    # an advisor logging in sees no such notice
    other = MainWindow(services, advisor, services.branches.current(), data_dir)
    qtbot.addWidget(other)
    qtbot.waitUntil(idle, timeout=5000)
    assert other.major_banner is None


def test_a_major_slip_needs_the_general_manager(qtbot, services: Services, car: CustomerView,
                                               clerk: Actor, manager: Actor) -> None:
    c = services.complaints
    number = register_via_service(services, clerk, car, media_involved=True)
    c.respond(clerk, number)
    c.record_investigation(clerk, number, "客户误解")
    c.record_responsibility(clerk, number, "not_founded", reason="检测正常")
    c.propose(clerk, number, ProposalInput(apology=True))
    page = page_as(qtbot, services, manager)
    panel = open_in(qtbot, page, number)
    dialog = click(qtbot, panel, "approve")
    assert isinstance(dialog, ComplaintApproveDialog)
    assert dialog.authority.text() == "须由总经理审批"
    submit(qtbot, dialog)
    general = child(dialog, QLabel, "error_general")
    qtbot.waitUntil(general.isVisible, timeout=5000)
    assert "总经理" in general.text()
    assert c.get(manager, number).state == "proposed"


def test_not_accepted_reopens_as_a_linked_slip(qtbot, services: Services, car: CustomerView,
                                               clerk: Actor, manager: Actor) -> None:
    c = services.complaints
    number = register_via_service(services, clerk, car)
    c.respond(clerk, number)
    c.record_investigation(clerk, number, "刹车片质量问题")
    c.record_responsibility(clerk, number, "ours", parties=[PartyInput(str(clerk.staff_id))])
    c.propose(clerk, number, ProposalInput(discount_fen=10_000))
    c.approve(manager, number)
    page = page_as(qtbot, services, clerk)
    panel = open_in(qtbot, page, number)
    assert not panel.buttons["reopen"].isEnabled()
    dialog = click(qtbot, panel, "answer")
    assert isinstance(dialog, ComplaintAnswerDialog)
    tick(qtbot, dialog.refused_button)
    type_text(qtbot, dialog.note, "要求全额退款")
    save(qtbot, panel, dialog)
    assert panel.slip is not None and panel.slip.state == "not_accepted"
    dialog = click(qtbot, panel, "reopen")
    assert isinstance(dialog, ComplaintTextDialog)
    assert dialog.text.toPlainText() == "要求全额退款"
    save(qtbot, panel, dialog)
    new = panel.slip
    assert new is not None and new.number != number and new.state == "registered"
    assert new.reopened_from is not None and new.reopened_from.number == number
    assert number in panel.values["links"].text()
    original = c.get(clerk, number)
    assert original.state == "not_accepted" and original.reopened_as[0].number == new.number
    assert not original.reopened_from


def test_register_from_the_customer_file_and_the_work_order(
        qtbot, services: Services, car: CustomerView, advisor: Actor, data_dir: Path) -> None:
    from domain.services.workorders import ReceptionInput

    _font()
    main = MainWindow(services, advisor, services.branches.current(), data_dir)
    qtbot.addWidget(main)
    main.show()
    customers = main.show_page("customers")
    with qtbot.waitSignal(customers.customer_shown, timeout=5000):  # type: ignore[attr-defined]
        customers.open_customer(car.id)  # type: ignore[attr-defined]
    qtbot.waitUntil(idle, timeout=5000)
    qtbot.mouseClick(child(customers, QWidget, "registerComplaint"), Qt.MouseButton.LeftButton)
    page = main.page("complaints")
    assert isinstance(page, ComplaintsPage) and main.pages.currentWidget() is page
    dialog = page.active_dialog
    assert isinstance(dialog, ComplaintIntakeDialog)
    assert "王小明" in dialog.chosen.text() and "京A12345" in dialog.chosen.text()
    type_text(qtbot, dialog.words, "等待时间太长")
    with qtbot.waitSignal(page.slip_opened, timeout=5000):
        submit(qtbot, dialog)
    assert page.panel.slip is not None and page.panel.slip.source == "customer_file"
    assert page.panel.slip.plate == "京A12345"

    order = services.work_orders.open_order(advisor, car.vehicles[0].id,
                                            ReceptionInput(mileage_in=30_000, customer_words="保养"))
    work_orders = main.show_page("work_orders")
    with qtbot.waitSignal(work_orders.order_opened, timeout=5000):  # type: ignore[attr-defined]
        work_orders.open_order(order.number)  # type: ignore[attr-defined]
    qtbot.mouseClick(work_orders.panel.complaint_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    dialog = page.active_dialog
    assert isinstance(dialog, ComplaintIntakeDialog) and dialog.work_order.text() == order.number
    type_text(qtbot, dialog.words, "保养后漏油")
    with qtbot.waitSignal(page.slip_opened, timeout=5000):
        submit(qtbot, dialog)
    assert page.panel.slip is not None and page.panel.slip.work_order_number == order.number


def test_statistics_tab_shows_the_month_and_exports_xlsx(
        qtbot, services: Services, car: CustomerView, clerk: Actor, manager: Actor, tmp_path: Path) -> None:
    c = services.complaints
    number = register_via_service(services, clerk, car)
    register_via_service(services, clerk, car, category="price", customer_words="收费不透明", safety_risk=True)
    c.respond(clerk, number)
    c.record_investigation(clerk, number, "原因")
    c.record_responsibility(clerk, number, "ours", department="维修车间")
    c.propose(clerk, number, ProposalInput(apology=True))
    c.approve(manager, number)
    c.record_answer(clerk, number, True)
    c.close(clerk, number, "已处理")
    page = page_as(qtbot, services, clerk)
    with qtbot.waitSignal(page.statistics.loaded, timeout=5000):
        page.tabs.setCurrentWidget(page.statistics)
    figures = {f.item: f.value for f in page.statistics.model.items()}
    assert figures["受理投诉"] == "2" and figures["结案"] == "1"
    assert figures["　类别：维修质量"] == "1" and figures["　类别：价格"] == "1"
    assert figures["　严重程度：重大"] == "1"
    assert figures["　责任：维修车间"] == "1"
    page.grab().save(str(SHOTS / "complaints_statistics.png"))
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    qtbot.mouseClick(page.statistics.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.statistics.active_dialog, PdfPreviewDialog), timeout=15000)
    preview = page.statistics.active_dialog
    assert isinstance(preview, PdfPreviewDialog) and preview.page_count() >= 1
    preview.close()
    target = tmp_path / "统计"
    page.statistics.ask_save_path = lambda _parent, suggested: str(target)  # type: ignore[method-assign]
    if importlib.util.find_spec("reports.xlsx_complaints") is None:
        pytest.skip("reports.xlsx_complaints not there yet")
    with qtbot.waitSignal(page.statistics.exported, timeout=10000) as saved:
        qtbot.mouseClick(page.statistics.export_button, Qt.MouseButton.LeftButton)
    path = Path(saved.args[0])
    assert path == target.with_suffix(".xlsx") and path.read_bytes()[:2] == b"PK"
    from openpyxl import load_workbook

    book = load_workbook(path)
    cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any("维修质量" in v for v in cells)


def test_complaint_settings_tab_saves_copies_and_pay_basis(qtbot, services: Services, admin: Actor,
                                                           manager: Actor) -> None:
    _font()
    settings = SettingsPage(services, admin, services.branches.current())
    qtbot.addWidget(settings)
    settings.show()
    tab = settings.complaint_tab
    qtbot.waitUntil(lambda: tab.copies.rowCount() == 5 and tab.pay.rowCount() >= 2, timeout=5000)
    assert cell(tab.copies, 0, 1).text().startswith("质量管理部")
    tab.copies.removeRow(4)
    tab.paper.setCurrentIndex(tab.paper.findData("241"))
    qtbot.mouseClick(tab.save_copies, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已保存" in tab.status.text(), timeout=5000)
    stored = services.complaints.settings()
    assert len(stored.copies) == 4 and stored.paper == "241"
    # a bad colour is refused before anything is stored
    cell(tab.copies, 0, 2).setText("red")
    qtbot.mouseClick(tab.save_copies, Qt.MouseButton.LeftButton)
    assert "red" in tab.status.text()
    row = next(r for r in range(tab.pay.rowCount()) if cell(tab.pay, r, 0).text() == "测试manager")
    cell(tab.pay, row, 2).setText("服务部")
    cell(tab.pay, row, 3).setText("12")
    cell(tab.pay, row, 4).setText("3000")
    cell(tab.pay, row, 5).setCheckState(Qt.CheckState.Checked)
    tab.pay.setCurrentCell(row, 2)
    qtbot.mouseClick(tab.save_pay, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "测试manager" in tab.status.text(), timeout=5000)
    basis = next(b for b in services.complaints.pay_basis(admin) if b.name == "测试manager")
    assert (basis.department, basis.base_points, basis.monthly_bonus_fen, basis.is_general_manager) == (
        "服务部", 12, 300_000, True)
    settings.tabs.setCurrentWidget(tab)
    settings.resize(1000, 720)
    settings.grab().save(str(SHOTS / "complaint_settings.png"))


@pytest.fixture(autouse=True)
def _drain(qtbot) -> Iterator[None]:
    yield
    qtbot.waitUntil(idle, timeout=10000)



def test_print_the_slip_and_the_reply_letter(qtbot, services: Services, car: CustomerView,
                                             clerk: Actor) -> None:
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    c = services.complaints
    number = register_via_service(services, clerk, car)
    c.respond(clerk, number)
    c.record_investigation(clerk, number, "原因")
    c.record_responsibility(clerk, number, "not_ours", reason="原厂配件缺陷")
    page = page_as(qtbot, services, clerk)
    panel = open_in(qtbot, page, number)
    assert not panel.buttons["print_reply"].isEnabled()  # nothing to tell the customer yet
    qtbot.mouseClick(panel.buttons["print_slip"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.active_dialog, PdfPreviewDialog), timeout=15000)
    preview = panel.active_dialog
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.page_count() == 5  # five copies by default
    assert preview.suggested_file_name.startswith(f"客户抱怨处理表_{number}_")
    preview.close()
    c.propose(clerk, number, ProposalInput(apology=True, text="更换原厂配件"))
    panel = open_in(qtbot, page, number)
    qtbot.mouseClick(panel.buttons["print_reply"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.active_dialog, PdfPreviewDialog)
                    and panel.active_dialog is not preview, timeout=15000)
    reply = panel.active_dialog
    assert isinstance(reply, PdfPreviewDialog) and reply.page_count() >= 1
    assert reply.suggested_file_name.startswith(f"投诉答复函_{number}_")
