"""KPI names and definitions, audit actions and warranty claim decisions in an English UI.

Why: these labels come from domain tables (``KPI_LABELS``, ``ACTION_LABELS``,
``DECISION_LABELS``) picked by ``ui.i18n.language()``; the Qt catalogue never sees them,
so only driving the real pages in English shows that they switch language.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from domain.kpi import Kpi
from domain.roles import Actor, Role
from domain.services.registry import Services
from tests.conftest import make_actor
from tests.ui.test_labels_english import english  # noqa: F401  (fixture)
from tests.ui.test_search_box import idle
from tests.ui.test_warranty_claims_ui import order_of, panel_for
from tests.unit.test_kpi import manager, month  # noqa: F401  (fixtures)
from ui.pages.audit_page import AuditPage, AuditTableModel, action_labels
from ui.pages.reports_page import ReportsPage


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_kpi_cards_and_drill_down_in_english(qtbot, english: None, services: Services,  # noqa: F811
                                             manager: Actor, month: dict[str, object]) -> None:  # noqa: F811
    page = ReportsPage(services, manager, services.branches.current())
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    tab = page.kpi
    page.tabs.setCurrentWidget(tab)
    tab.month.setDate(QDate(2026, 10, 1))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    claims = tab.cards[Kpi.CLAIM_PASS_RATE]
    assert claims.title.text() == "Warranty claim pass rate"
    assert claims.toolTip().startswith("Warranty claim pass rate = accepted warranty claims")
    assert "Target: ≥ 95" in claims.toolTip()
    for kpi, card in tab.cards.items():
        if kpi is not Kpi.CARS_RECEIVED:  # its title is the page's own "(per day)" string
            assert not has_chinese(card.title.text()), card.title.text()
        assert not has_chinese(card.toolTip()), card.toolTip()
    assert tab.cards[Kpi.UTILISATION].title.text() == "Utilisation"
    with qtbot.waitSignal(tab.drilled, timeout=10_000):
        qtbot.mouseClick(tab.cards[Kpi.RETURN_REPAIR_RATE], Qt.MouseButton.LeftButton)
    assert "Return-repair rate" in tab.drill_title.text()
    page.grab().save("/tmp/h4_kpi_english.png")
    qtbot.waitUntil(idle, timeout=5000)


def test_audit_actions_in_english(qtbot, english: None, services: Services, admin: Actor) -> None:  # noqa: F811
    labels = action_labels()
    assert labels["login"] == "Login" and labels["create"] == "Created"
    assert not any(has_chinese(text) for text in labels.values())
    page = AuditPage(services, admin, services.branches.current().timezone)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(idle, timeout=5000)
    actions = [page.action.itemText(i) for i in range(page.action.count())]
    assert "Permission refused" in actions and "权限拒绝" not in actions
    make_actor(services, admin, Role.MANAGER, "boss1")  # a row change: a "Created" entry
    qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(idle, timeout=5000)
    shown = {page.model.index(r, AuditTableModel.COL_ACTION).data() for r in range(page.model.rowCount())}
    assert "Created" in shown and not any(has_chinese(text) for text in shown)


def test_claims_table_in_english(qtbot, english: None, services: Services, admin: Actor,  # noqa: F811
                                 advisor: Actor) -> None:
    clerk = make_actor(services, admin, Role.CLAIMS_CLERK, "claims1")
    order = order_of(services, advisor, "C", "warranty", "京A12345")
    claim = services.warranty_claims.submit(clerk, order.id, 10_000, claim_number="CL-1")
    services.warranty_claims.decide(clerk, claim.id, "rejected", reason="超出保修期")
    services.warranty_claims.submit(clerk, order.id, 5_000, claim_number="CL-2")
    panel = panel_for(qtbot, services, clerk, order)
    model = panel.claims_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:4] == ["Claim number", "Submitted on", "Claimed amount", "Status"]
    first = [model.index(0, c).data() for c in range(5)]
    second = [model.index(1, c).data() for c in range(5)]
    assert first[3:5] == ["Decided", "Rejected"]
    assert second[3:5] == ["Pending", "—"]
    assert panel.buttons["submit_claim"].text() == "Submit claim"
