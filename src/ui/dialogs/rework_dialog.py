"""返修: link this order to an earlier delivered order of the same car.

Why the list comes from the car's history: the original must be the same vehicle and
delivered within the rework period; offering those numbers avoids typing, and the domain
still refuses anything else with its reason.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import ServiceHistoryRow, WorkOrderView
from domain.workorder_rules import WOState
from ui.dialogs.order_form import OrderFormDialog, Submit, required_text
from ui.operations import run_op
from ui.widgets.amounts import local_text


class ReworkDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 zone: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("标记为返修 — %1").replace("%1", order.number))
        self.setObjectName("reworkDialog")
        self.order, self.zone = order, zone
        self.original = QComboBox()
        self.original.setEditable(True)
        self.original.setObjectName("rework_of")
        self.add_row(self.tr("原工单号"), "rework_of", self.original)
        self.finish_layout()
        self.original.setFocus()
        vehicle_id = order.vehicle_id
        run_op(lambda: services.work_orders.service_history(actor, vehicle_id), self._fill)

    def _fill(self, history: list[ServiceHistoryRow]) -> None:
        if not shiboken6.isValid(self):
            return
        for row in history:
            if row.id != self.order.id and row.state == WOState.DELIVERED:
                self.original.addItem(f"{row.number}", row.number)
                tip = self.tr("交车 %1").replace("%1", local_text(row.delivered_at, self.zone))
                self.original.setItemData(self.original.count() - 1, tip,
                                          Qt.ItemDataRole.ToolTipRole)

    def submission(self) -> Submit:
        number = required_text(self.original.currentText(), self.tr("原工单号"), "rework_of")
        services, actor, key = self.services, self.actor, self.order.id
        return lambda: services.work_orders.mark_rework(actor, key, number)


__all__ = ["ReworkDialog"]
