"""In an English UI the domain's vocabulary shows in English, not only the fixed strings.

Why a separate test: the labels come from domain tables picked by ``ui.i18n.language()``
and never pass through the Qt catalogue, so the translation completeness test cannot see
them; these drive the real pages in English mode, as ``gui.prepare`` would set it up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerInput, CustomerView, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput
from tests.conftest import make_actor
from tests.ui.test_search_box import idle
from tests.ui.test_shell import build_script
from ui import i18n
from ui.dialogs.care_call_dialog import CareCallDialog
from ui.dialogs.complaint_intake_dialog import ComplaintIntakeDialog
from ui.models.complaints_model import ComplaintsModel
from ui.models.work_orders_model import WorkOrdersModel
from ui.pages.complaints_page import ComplaintsPage
from ui.pages.work_orders_page import WorkOrdersPage
from ui.settings import UiSettings


@pytest.fixture
def english(tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    UiSettings().language = "en"
    compiled = tmp_path / "qm"
    build_script().build(out_dir=compiled)
    assert i18n.install(UiSettings().language, compiled)
    assert i18n.language() == "en"
    yield
    i18n.uninstall()  # later tests expect the Chinese source strings


@pytest.fixture
def car(services: Services, advisor: Actor) -> CustomerView:
    return services.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                     VehicleInput(plate="京A12345", brand="本田", model="雅阁"))


def test_work_order_board_shows_english_states(qtbot, english: None, services: Services, advisor: Actor,
                                               car: CustomerView) -> None:
    draft = services.work_orders.open_order(advisor, car.vehicles[0].id, ReceptionInput(mileage_in=30_500))
    page = WorkOrdersPage(services, advisor, services.branches.current())
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        page.model.reload()
    row = page.model.row_of(draft.id)
    assert page.model.index(row, WorkOrdersModel.COL_STATE).data() == "Draft"
    filters = [page.state_filter.itemText(i) for i in range(page.state_filter.count())]
    assert "Waiting for parts" in filters and "待料" not in filters
    panel = page.panel
    with qtbot.waitSignal(panel.order_shown, timeout=5000):
        page.open_order(draft.number)
    assert panel.head_values["class"].text() == "A Paid service"
    qtbot.waitUntil(idle, timeout=5000)


def test_complaint_list_and_intake_show_english_vocabulary(qtbot, english: None, services: Services,
                                                           advisor: Actor, car: CustomerView) -> None:
    services.complaints.register(advisor, ComplaintInput(
        channel="phone", category="repair_quality", customer_words="刹车异响未修好",
        customer_id=car.id, vehicle_id=car.vehicles[0].id))
    page = ComplaintsPage(services, advisor, services.branches.current())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.index(0, ComplaintsModel.COL_CATEGORY).data() == "Repair quality"
    assert page.model.index(0, ComplaintsModel.COL_SEVERITY).data() == "General"
    assert page.model.index(0, ComplaintsModel.COL_STATE).data() == "Registered"
    with qtbot.waitSignal(page.slip_opened, timeout=5000):
        page.open_slip(page.model.slip(0).number)
    assert page.panel.values["category"].text() == "Repair quality"
    assert page.panel.values["channel"].text() == "Phone"

    dialog = ComplaintIntakeDialog(services, advisor, services.branches.current().timezone)
    qtbot.addWidget(dialog)
    categories = [dialog.category.itemText(i) for i in range(dialog.category.count())]
    assert "Vehicle damage or lost items" in categories
    assert dialog.category.itemData(categories.index("Repair quality")) == "repair_quality"
    qtbot.waitUntil(idle, timeout=5000)


def test_incoming_call_dialog_offers_english_outcomes(qtbot, english: None, services: Services,
                                                      admin: Actor) -> None:
    clerk = make_actor(services, admin, Role.CARE_CLERK, "clerk1")
    dialog = CareCallDialog(services, clerk, services.branches.current().timezone)
    qtbot.addWidget(dialog)
    outcomes = [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())]
    assert outcomes[:2] == ["Reached", "No answer"]
    assert dialog.outcome.itemData(1) == "no_answer"
