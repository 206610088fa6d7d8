"""跟踪回访 through the GUI: a clerk works through today's list, records a call with the
ratings (the monthly summary's CSI reflects it), raises a complaint from a call (a slip
exists afterwards), registers an incoming call, prints a letter and exports a call list.

The clock is frozen (``domain.clock.freeze``, process-wide, so the database thread sees
it too): the order is delivered on Tuesday 2026-11-10, its first call is due Friday 13th.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from app.gui import install_cjk_font
from domain import clock
from domain.roles import Actor, Role
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from tests.conftest import make_actor
from tests.reports.wo_shop import PLATE, delivered, make_shop
from tests.ui.keyboard import type_text
from tests.ui.test_search_box import SHOTS, idle
from ui.dialogs.care_call_dialog import CareCallDialog
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.pages.care_page import CarePage

FIRST_CALL_DAY = dt.datetime(2026, 11, 13, 2, 0, tzinfo=dt.UTC)  # Friday 10:00 in Beijing
SECOND_CALL_DAY = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)  # day 10 after delivery: 8–14 is on time


@pytest.fixture
def order(services: Services, admin: Actor) -> WorkOrderView:
    return delivered(make_shop(services, admin))


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.CARE_CLERK, "care_wu")


@pytest.fixture(autouse=True)
def _drain(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    qtbot.waitUntil(idle, timeout=10000)


def page_as(qtbot, services: Services, actor: Actor) -> CarePage:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_cjk_font(app)
    page = CarePage(services, actor, services.branches.current())
    page.resize(1400, 760)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(idle, timeout=5000)
    return page


def choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def select_row(table, row: int) -> None:  # type: ignore[no-untyped-def]
    table.selectionModel().setCurrentIndex(
        table.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def open_first(qtbot, page: CarePage) -> CareCallDialog:  # type: ignore[no-untyped-def]
    today = page.today
    select_row(today.table, 0)
    assert today.open_button.isEnabled()
    with qtbot.waitSignal(today.dialog_opened, timeout=5000) as opened:
        qtbot.mouseClick(today.open_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, CareCallDialog)
    qtbot.waitExposed(dialog)
    return dialog


def row_texts(page: CarePage, row: int) -> list[str]:
    model = page.today.model
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def test_clerk_calls_from_todays_list_and_the_rating_reaches_the_summary(
        qtbot, services: Services, order: WorkOrderView, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        work = page.today.work
        assert work is not None and len(work.due) == 1 and work.overdue == ()
        cells = row_texts(page, 0)
        assert cells[0] == "今日到期" and "王小明" in cells and order.number in cells
        assert any(PLATE in c for c in cells) and any("张师傅" in c and "李顾问" in c for c in cells)
        page.grab().save(str(SHOTS / "care_today.png"))

        dialog = open_first(qtbot, page)
        summary = dialog.summary.text()
        assert PLATE in summary and order.number in summary and "张师傅" in summary and "首次回访" in summary
        assert dialog.rating_box.isEnabled()  # reached (the default) on a delivered order
        type_text(qtbot, dialog.topic, "用车情况")
        type_text(qtbot, dialog.satisfied, "师傅很专业")
        for key, level in (("attitude", "very_satisfied"), ("workmanship", "satisfied"),
                           ("timeliness", "neutral"), ("promises", "satisfied"), ("overall", "satisfied")):
            choose(dialog.ratings[key], level)
        dialog.grab().save(str(SHOTS / "care_call_dialog.png"))
        with qtbot.waitSignal(page.today.call_recorded, timeout=5000) as recorded:
            qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        call = recorded.args[0]
        assert call.outcome == "reached" and call.rating is not None and call.rating.overall == "satisfied"
        qtbot.waitUntil(lambda: page.today.work is not None and len(page.today.work.done) == 1, timeout=5000)
        work = page.today.work
        assert work is not None and work.due == () and row_texts(page, 0)[0] == "今日已办"
        assert "已登记" in page.today.status.text()

        with qtbot.waitSignal(page.summary.loaded, timeout=5000):
            page.tabs.setCurrentWidget(page.summary)
        s = page.summary.summary
        assert s is not None and (s.rated_orders, s.csi.numerator, s.csi.denominator) == (1, 1, 1)
        assert s.callback.numerator == 1 and s.follow_ups_done == 1
        figures = {f.item: f.value for f in page.summary.model.items()}
        assert figures["CSI"] == "100.0% (1/1)"
        assert figures["　到达/交车时间 满意率"] == "0.0% (0/1)"
        assert any(k.startswith("　张师傅") and v == "100.0% (1/1)" for k, v in figures.items())
        page.grab().save(str(SHOTS / "care_summary.png"))


def test_not_reached_reschedules_and_stays_on_the_list(
        qtbot, services: Services, order: WorkOrderView, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        dialog = open_first(qtbot, page)
        choose(dialog.outcome, "no_answer")
        assert not dialog.rating_box.isEnabled() and not dialog.complaint_box.isEnabled()
        with qtbot.waitSignal(page.today.call_recorded, timeout=5000):
            qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(idle, timeout=5000)
    (task,) = [t for t in services.care.work_list(clerk, dt.date(2026, 11, 16), upcoming_days=7).due
               + services.care.work_list(clerk, dt.date(2026, 11, 16), upcoming_days=7).upcoming
               if t.work_order_id == order.id]
    assert task.status == "open" and task.tries == 1 and task.last_outcome == "no_answer"
    assert task.due_on > dt.date(2026, 11, 13)


def test_clerk_raises_a_complaint_from_the_second_call(
        qtbot, services: Services, order: WorkOrderView, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    from domain.services.care import CallInput

    with clock.freeze(FIRST_CALL_DAY):
        (first,) = services.care.due(clerk)
        services.care.record_call(clerk, CallInput(outcome="reached", task_id=first.id))
    with clock.freeze(SECOND_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        assert [r.kind for r in page.today.work.due] == ["second_call"]  # type: ignore[union-attr]
        dialog = open_first(qtbot, page)
        type_text(qtbot, dialog.unsatisfied, "刹车还有异响")
        type_text(qtbot, dialog.requests, "免费复查")
        box = dialog.raise_complaint
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
        assert box.isChecked() and dialog.category.isEnabled()
        choose(dialog.category, "repair_quality")
        with qtbot.waitSignal(page.today.call_recorded, timeout=5000) as recorded:
            qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        call = recorded.args[0]
        assert call.complaint_number
        assert call.complaint_number in page.today.status.text()
    slip = services.complaints.get(clerk, call.complaint_number)
    assert slip.customer_words == "刹车还有异响" and slip.customer_request == "免费复查"
    assert slip.work_order_number == order.number and slip.plate == PLATE and slip.channel == "follow_up_call"


def test_incoming_call_is_registered(qtbot, services: Services, order: WorkOrderView,  # type: ignore[no-untyped-def]
                                     clerk: Actor) -> None:
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        with qtbot.waitSignal(page.calls.loaded, timeout=5000):
            page.tabs.setCurrentWidget(page.calls)
        with qtbot.waitSignal(page.calls.dialog_opened, timeout=5000) as opened:
            qtbot.mouseClick(page.calls.new_button, Qt.MouseButton.LeftButton)
        dialog = opened.args[0]
        assert not dialog.rating_box.isVisible()
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)  # nobody named: refused
        qtbot.waitUntil(lambda: dialog.errors.message("contact_name") != "", timeout=5000)
        type_text(qtbot, dialog.contact_name, "张先生")
        type_text(qtbot, dialog.phone, "13700001111")
        type_text(qtbot, dialog.topic, "咨询保养价格")
        with qtbot.waitSignal(page.calls.loaded, timeout=5000):
            qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        rows = page.calls.model.items()
        assert [(c.direction, c.contact_name, c.phone) for c in rows] == [("in", "张先生", "13700001111")]
        page.grab().save(str(SHOTS / "care_calls.png"))


def test_letter_printed_from_a_template_is_registered(qtbot, services: Services, order: WorkOrderView,  # type: ignore[no-untyped-def]
                                                      clerk: Actor) -> None:
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        tab = page.letters
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            page.tabs.setCurrentWidget(tab)
        choose(tab.template, "maintenance-reminder")
        type_text(qtbot, tab.key, PLATE)
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(tab.active_dialog, PdfPreviewDialog), timeout=15000)
        preview = tab.active_dialog
        assert isinstance(preview, PdfPreviewDialog) and preview.page_count() == 1
        assert preview.suggested_file_name.startswith("保养提醒函_王小明")
        preview.close()
        qtbot.waitUntil(lambda: len(tab.model.items()) == 1, timeout=5000)
        (letter,) = tab.model.items()
        assert letter.template == "maintenance_reminder" and letter.addressee == "王小明" and PLATE in letter.subject
        assert letter.sent_by_name == clerk.display_name
        page.grab().save(str(SHOTS / "care_letters.png"))


def test_classes_filter_and_export_as_call_list(qtbot, services: Services, order: WorkOrderView,  # type: ignore[no-untyped-def]
                                               clerk: Actor, tmp_path: Path) -> None:
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        tab = page.classes
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            page.tabs.setCurrentWidget(tab)
        assert [(r.customer_name, r.klass) for r in tab.rows] == [("王小明", "C")]
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            choose(tab.klass, "A")
        assert tab.rows == []
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            choose(tab.klass, "C")
        type_text(qtbot, tab.model_filter, "途观")
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            qtbot.mouseClick(tab.query, Qt.MouseButton.LeftButton)
        assert tab.rows == []  # the customer drives a 雅阁
        tab.model_filter.clear()
        type_text(qtbot, tab.model_filter, "雅阁")
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            qtbot.mouseClick(tab.query, Qt.MouseButton.LeftButton)
        assert len(tab.rows) == 1
        target = tmp_path / "呼叫名单"
        tab.ask_save_path = lambda _parent, _suggested: str(target)  # type: ignore[method-assign]
        with qtbot.waitSignal(tab.exported, timeout=10000) as exported:
            qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
        saved = Path(exported.args[0])
        assert saved == target.with_suffix(".xlsx")
        sheet = load_workbook(io.BytesIO(saved.read_bytes()))["客户分级"]
        values = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
        assert values[0] == "C" and values[3] == "王小明" and values[4] == "13912345678"
        page.grab().save(str(SHOTS / "care_classes.png"))


def test_reminder_marked_booked_drops_off_the_list(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                   advisor: Actor) -> None:
    from domain.services.customers import CustomerInput, VehicleInput

    services.customers.create(advisor, CustomerInput(name="赵女士", mobile="13600002222"),
                              VehicleInput(plate="京B54321", brand="大众", model="途观",
                                           insurance_expiry=dt.date(2026, 11, 30)))
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        tab = page.reminders
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            page.tabs.setCurrentWidget(tab)
        rows = tab.model.items()
        (insurance,) = [i for i, r in enumerate(rows) if r.kind == "insurance" and r.plate == "京B54321"]
        page.grab().save(str(SHOTS / "care_reminders.png"))
        select_row(tab.table, insurance)
        assert tab.buttons["booked"].isEnabled()
        key = rows[insurance].key
        with qtbot.waitSignal(tab.loaded, timeout=5000):
            qtbot.mouseClick(tab.buttons["booked"], Qt.MouseButton.LeftButton)
        assert key not in [r.key for r in tab.model.items()]
    (marked,) = [r for r in services.care.reminders(clerk, dt.date(2026, 11, 13), open_only=False) if r.key == key]
    assert marked.last_outcome == "booked" and marked.outcomes[-1].by_name == clerk.display_name


def test_work_order_view_prints_the_survey_card(qtbot, services: Services, order: WorkOrderView,  # type: ignore[no-untyped-def]
                                                clerk: Actor) -> None:
    from ui.pages.work_order_view import WorkOrderPanel

    panel = WorkOrderPanel(services, clerk, services.branches.current())
    qtbot.addWidget(panel)
    panel.show()
    panel.show_order(order)
    button = panel.buttons["print_survey_card"]
    assert button.isEnabled() and button.text() == "打印调查卡"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.active_dialog, PdfPreviewDialog), timeout=15000)
    preview = panel.active_dialog
    assert isinstance(preview, PdfPreviewDialog) and preview.page_count() == 1
    assert preview.suggested_file_name == f"客户意见调查卡_{order.number}.pdf"


def test_unresolved_request_reaches_the_supervisor_and_the_customer_is_told(
        qtbot, services: Services, order: WorkOrderView, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: "An unresolved request heard on a follow-up call becomes a task for the
    service supervisor due within 2 days; the call record shows that the customer was told
    the same day." """
    from ui.dialogs.care_request_dialog import CareRequestDialog

    boss = make_actor(services, services.staff.login("admin", "admin123-Kq7v"), Role.MANAGER, "boss_li")
    with clock.freeze(FIRST_CALL_DAY):
        page = page_as(qtbot, services, clerk)
        dialog = open_first(qtbot, page)
        type_text(qtbot, dialog.requests, "希望免费做四轮定位")
        box = dialog.request_open
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
        assert box.isChecked()
        with qtbot.waitSignal(page.today.call_recorded, timeout=5000) as recorded:
            qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        assert recorded.args[0].answer_status == "awaiting"

        boss_page = page_as(qtbot, services, boss)
        today = boss_page.today
        rows = [r.kind for r in (today.work.due if today.work else ())]
        assert "request" in rows
        select_row(today.table, [r.kind for r in today.model.items()].index("request"))
        assert today.open_button.isEnabled() and today.open_button.text() == "答复客户要求"
        assert not today.done_button.isEnabled()
        with qtbot.waitSignal(today.dialog_opened, timeout=5000) as opened:
            qtbot.mouseClick(today.open_button, Qt.MouseButton.LeftButton)
        answer = opened.args[0]
        assert isinstance(answer, CareRequestDialog) and "四轮定位" in answer.task.reason
        type_text(qtbot, answer.decision, "同意免费做一次四轮定位")
        answer.grab().save(str(SHOTS / "care_request_dialog.png"))
        with qtbot.waitSignal(today.loaded, timeout=5000):
            qtbot.mouseClick(answer.save_button(), Qt.MouseButton.LeftButton)
        assert "待告知客户" in today.status.text()

        page.today.refresh()
        qtbot.waitUntil(lambda: page.today.work is not None and any(
            r.kind == "answer" for r in page.today.work.due), timeout=5000)
        with qtbot.waitSignal(page.calls.loaded, timeout=5000):
            page.tabs.setCurrentWidget(page.calls)
        model = page.calls.model
        header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        column = header.index("要求答复")
        assert str(model.data(model.index(0, column))) == "待告知客户"
        page.grab().save(str(SHOTS / "care_calls_request.png"))
