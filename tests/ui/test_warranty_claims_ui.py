"""保修索赔 on the work-order page: the claims clerk submits a claim, records the
manufacturer's rejection and a later acceptance — real widgets, key presses, database —
and the monthly warranty claim pass rate (services.kpi) follows what was typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.gui import install_cjk_font
from domain import clock
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import LabourInput, ReceptionInput
from tests.conftest import make_actor
from tests.ui.keyboard import child, type_text
from tests.ui.test_search_box import idle
from ui.dialogs.warranty_claim_dialog import DecisionDialog, SubmitClaimDialog
from ui.pages.work_order_view import WorkOrderPanel

SHOTS = Path("/tmp")


def order_of(services: Services, advisor: Actor, service_class: str, payer: str, plate: str) -> WorkOrderView:
    car = services.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                    VehicleInput(plate=plate, brand="本田", model="雅阁"))
    order = services.work_orders.open_order(
        advisor, car.vehicles[0].id,
        ReceptionInput(mileage_in=12_000, service_class=service_class, payer=payer,
                       customer_words="发动机漏油"))
    return services.work_orders.add_line(advisor, order.id, LabourInput("更换气门室盖垫", 200, 15_000))


@pytest.fixture
def warranty_order(services: Services, advisor: Actor) -> WorkOrderView:
    return order_of(services, advisor, "C", "warranty", "京A12345")


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.CLAIMS_CLERK, "claims1")


@pytest.fixture
def manager(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.MANAGER, "manager1")


@pytest.fixture
def font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_cjk_font(app)
    yield


def panel_for(qtbot: QtBot, services: Services, actor: Actor, order: WorkOrderView) -> WorkOrderPanel:
    panel = WorkOrderPanel(services, actor, services.branches.current())
    panel.resize(1280, 720)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.order_shown, timeout=5000):
        panel.load(order.id)
    qtbot.waitUntil(idle, timeout=5000)
    return panel


def claims_tab_visible(panel: WorkOrderPanel) -> bool:
    return panel.tabs.isTabVisible(panel.tabs.indexOf(panel.claims_page))


def rows(panel: WorkOrderPanel) -> list[list[str]]:
    model = panel.claims_model
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def open_dialog(qtbot: QtBot, panel: WorkOrderPanel, key: str, kind: type) -> QWidget:
    button = panel.buttons[key]
    assert button.isEnabled(), f"{key} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = panel.active_dialog
    assert isinstance(dialog, kind) and dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def enter_saves(qtbot: QtBot, panel: WorkOrderPanel, dialog: QWidget, field: QWidget) -> None:
    with qtbot.waitSignal(panel.claims_shown, timeout=5000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def error_of(dialog: QWidget, field: str) -> str:
    return child(dialog, QLabel, f"error_{field}").text()


def pass_rate(services: Services, manager: Actor) -> tuple[int, int]:
    ratio = services.kpi.monthly(manager, clock.today().strftime("%Y-%m")).current.claim_pass
    return ratio.numerator, ratio.denominator


def test_clerk_submits_a_claim_records_rejection_and_the_pass_rate_follows(
        qtbot: QtBot, font: None, services: Services, clerk: Actor, manager: Actor,
        warranty_order: WorkOrderView) -> None:
    assert pass_rate(services, manager) == (0, 0)
    panel = panel_for(qtbot, services, clerk, warranty_order)
    assert claims_tab_visible(panel)
    panel.tabs.setCurrentWidget(panel.claims_page)
    assert panel.buttons["submit_claim"].isEnabled() and not panel.buttons["decide_claim"].isEnabled()
    assert rows(panel) == []

    # --- 提交索赔: Enter with no claim number is refused next to the field ---------------
    dialog = open_dialog(qtbot, panel, "submit_claim", SubmitClaimDialog)
    number = child(dialog, QLineEdit, "claim_number")
    amount = child(dialog, QLineEdit, "claimed_fen")
    assert dialog.focusWidget() is number  # type the claim number first
    assert amount.text() == "300"  # the warranty share of the order (2 h × 150.00)
    qtbot.keyClick(number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error_of(dialog, "claim_number") != "")
    assert error_of(dialog, "claim_number") == "索赔单号不能为空"
    assert dialog.isVisible()
    type_text(qtbot, number, "CL-2026-0001")
    amount.selectAll()
    type_text(qtbot, amount, "280.5")
    type_text(qtbot, child(dialog, QLineEdit, "note"), "气门室盖垫渗油，已鉴定")
    dialog.grab().save(str(SHOTS / "h4_submit_claim.png"))
    enter_saves(qtbot, panel, dialog, amount)
    assert rows(panel)[0][:7] == ["CL-2026-0001", clock.today().isoformat(), "280.50", "待答复", "—", "—", "—"]
    assert panel.buttons["decide_claim"].isEnabled()

    # --- the same claim number twice is refused next to the field (domain conflict) -------
    dialog = open_dialog(qtbot, panel, "submit_claim", SubmitClaimDialog)
    type_text(qtbot, child(dialog, QLineEdit, "claim_number"), "CL-2026-0001")
    qtbot.keyClick(child(dialog, QLineEdit, "claimed_fen"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error_of(dialog, "claim_number") != "")
    assert "CL-2026-0001" in error_of(dialog, "claim_number")
    assert warranty_order.number in error_of(dialog, "claim_number")
    qtbot.keyClick(child(dialog, QLineEdit, "claimed_fen"), Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()
    assert len(rows(panel)) == 1

    # --- 厂家结果: rejected, first without a reason ----------------------------------------
    dialog = open_dialog(qtbot, panel, "decide_claim", DecisionDialog)
    decision = child(dialog, QComboBox, "decision")
    assert dialog.focusWidget() is decision and decision.currentText() == "通过"
    qtbot.keyClick(decision, Qt.Key.Key_Down)
    qtbot.keyClick(decision, Qt.Key.Key_Down)
    assert decision.currentText() == "拒赔"
    decided_amount = child(dialog, QLineEdit, "decided_fen")
    assert not decided_amount.isEnabled() and decided_amount.text() == "0"
    reason = child(dialog, QLineEdit, "reason")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error_of(dialog, "reason") != "")
    assert error_of(dialog, "reason") == "拒赔须填写厂家给出的原因"
    type_text(qtbot, reason, "超出保修里程")
    dialog.grab().save(str(SHOTS / "h4_decision.png"))
    enter_saves(qtbot, panel, dialog, reason)
    first = rows(panel)[0]
    assert first[3:7] == ["已答复", "拒赔", clock.today().isoformat(), "超出保修里程"]
    assert not panel.buttons["decide_claim"].isEnabled()  # decided once
    assert pass_rate(services, manager) == (0, 1)

    # --- a second claim, partly accepted: 1 of 2 decided claims passed --------------------
    dialog = open_dialog(qtbot, panel, "submit_claim", SubmitClaimDialog)
    type_text(qtbot, child(dialog, QLineEdit, "claim_number"), "CL-2026-0002")
    enter_saves(qtbot, panel, dialog, child(dialog, QLineEdit, "claim_number"))
    assert [r[0] for r in rows(panel)] == ["CL-2026-0001", "CL-2026-0002"]
    selected = panel.selected_claim()
    assert selected is not None and selected.claim_number == "CL-2026-0002"  # the new one is selected
    dialog = open_dialog(qtbot, panel, "decide_claim", DecisionDialog)
    decision = child(dialog, QComboBox, "decision")
    qtbot.keyClick(decision, Qt.Key.Key_Down)
    assert decision.currentText() == "部分通过"
    decided_amount = child(dialog, QLineEdit, "decided_fen")
    assert decided_amount.isEnabled()
    type_text(qtbot, decided_amount, "500")  # more than claimed: refused by the domain
    qtbot.keyClick(decided_amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error_of(dialog, "decided_fen") != "")
    assert error_of(dialog, "decided_fen") == "厂家核准金额必须在 0 与索赔金额 300.00 元之间"
    decided_amount.selectAll()
    type_text(qtbot, decided_amount, "250")
    enter_saves(qtbot, panel, dialog, decided_amount)
    assert rows(panel)[1][3:5] == ["已答复", "部分通过 250.00"]
    assert pass_rate(services, manager) == (1, 2)
    assert "通过 1 / 已答复 2" in panel.claims_hint.text()
    panel.grab().save(str(SHOTS / "h4_claims_tab.png"))


def test_decision_date_before_submission_is_refused_next_to_the_date(
        qtbot: QtBot, font: None, services: Services, clerk: Actor, warranty_order: WorkOrderView) -> None:
    services.warranty_claims.submit(clerk, warranty_order.id, 10_000, claim_number="CL-9")
    panel = panel_for(qtbot, services, clerk, warranty_order)
    dialog = open_dialog(qtbot, panel, "decide_claim", DecisionDialog)
    date = child(dialog, QDateEdit, "decided_on")
    date.setDate(date.date().addDays(-3))
    qtbot.keyClick(date, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error_of(dialog, "decided_on") != "")
    assert error_of(dialog, "decided_on").startswith("答复日期不能早于提交日期")
    assert services.warranty_claims.for_order(clerk, warranty_order.id)[0].decision == ""


def test_roles_and_order_kinds(qtbot: QtBot, font: None, services: Services, admin: Actor, advisor: Actor,
                               clerk: Actor, warranty_order: WorkOrderView) -> None:
    services.warranty_claims.submit(clerk, warranty_order.id, 10_000, claim_number="CL-7")
    # the advisor sees the claims but may not submit or decide
    panel = panel_for(qtbot, services, advisor, warranty_order)
    assert claims_tab_visible(panel)
    assert [r[0] for r in rows(panel)] == ["CL-7"]
    assert not panel.buttons["submit_claim"].isEnabled()
    assert not panel.buttons["decide_claim"].isEnabled()
    # a technician does not see claims at all
    tech = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    assert not claims_tab_visible(panel_for(qtbot, services, tech, warranty_order))
    # a paid order has no claims tab, even for the clerk
    paid = order_of(services, advisor, "A", "customer", "京B54321")
    clerk_panel = panel_for(qtbot, services, clerk, paid)
    assert not claims_tab_visible(clerk_panel) and not clerk_panel.buttons["submit_claim"].isEnabled()
    # a class A order with a warranty-paid line does have it
    with_warranty_line = services.work_orders.add_line(
        advisor, paid.id, LabourInput("保修更换水泵", 100, 15_000, payer="warranty"))
    clerk_panel = panel_for(qtbot, services, clerk, with_warranty_line)
    assert claims_tab_visible(clerk_panel) and clerk_panel.buttons["submit_claim"].isEnabled()
