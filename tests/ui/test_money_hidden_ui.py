"""The board shows "—" instead of ¥0.00 when the branch hides money from technicians."""

from __future__ import annotations

from domain.roles import Actor, Role
from domain.services.registry import Services
from domain.services.workorders import LabourInput
from domain.settings_defaults import WORKORDER_HIDE_MONEY_FROM_TECHNICIANS
from tests.ui.test_work_orders_model import add_vehicle, open_orders
from ui.models.work_orders_model import WorkOrdersModel


def test_board_total_is_a_dash_for_technicians(qtbot, services: Services, admin: Actor,
                                               advisor: Actor) -> None:
    vehicle = add_vehicle(services, advisor)
    [number] = open_orders(services, advisor, vehicle, 1)
    services.work_orders.add_line(advisor, number, LabourInput("检查", 100, 12_000))
    staff = services.staff.create(admin, username="tech9", display_name="李技师",
                                  role=Role.TECHNICIAN, password="pass1234-Lw9x")
    tech = Actor(staff.id, staff.username, staff.display_name, staff.role)
    services.settings.set(admin, WORKORDER_HIDE_MONEY_FROM_TECHNICIANS, True)

    def total_shown(actor: Actor) -> str:
        model = WorkOrdersModel(services, actor, page_size=10)
        with qtbot.waitSignal(model.page_loaded, timeout=10000):
            model.reload()
        return str(model.index(0, WorkOrdersModel.COL_TOTAL).data())

    assert total_shown(tech) == "—"
    assert total_shown(advisor) == "120.00"


def test_line_amount_columns_are_hidden_for_technicians(qtbot, services: Services, admin: Actor,
                                                        advisor: Actor) -> None:
    from ui.pages.work_order_view import WorkOrderPanel

    vehicle = add_vehicle(services, advisor)
    [number] = open_orders(services, advisor, vehicle, 1)
    services.work_orders.add_line(advisor, number, LabourInput("检查", 100, 12_000))
    staff = services.staff.create(admin, username="tech8", display_name="王技师",
                                  role=Role.TECHNICIAN, password="pass1234-Lw9x")
    tech = Actor(staff.id, staff.username, staff.display_name, staff.role)
    services.settings.set(admin, WORKORDER_HIDE_MONEY_FROM_TECHNICIANS, True)
    branch = services.branches.current()

    def hidden_headers(actor: Actor) -> set[str]:
        panel = WorkOrderPanel(services, actor, branch)
        qtbot.addWidget(panel)
        panel.show_order(services.work_orders.get(actor, number))
        table = panel.line_tables["labour"]
        model = panel.labour_model
        return {c.header for i, c in enumerate(model.columns) if table.isColumnHidden(i)}

    assert {"单价", "金额"} <= hidden_headers(tech)
    assert hidden_headers(advisor) == set()
