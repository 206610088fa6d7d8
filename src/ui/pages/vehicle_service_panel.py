"""On the customer file: the selected car's service history (维修记录) and 接车开单.

Why here: the advisor who has the customer's file open is the one receiving the car; the
history shows what was done last time (and what came back as rework) before the new
order is written. Self-contained so the customers page only places it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.customers import VehicleView
from domain.services.registry import Services
from domain.services.workorder_views import ServiceHistoryRow
from domain.workorder_rules import state_label
from ui.dialogs.reception_dialog import ReceptionDialog, VehicleRef
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import run_op
from ui.widgets.amounts import local_text, money


def tr(text: str) -> str:
    """Module-level strings: pyside6-lupdate files a bare ``tr()`` call under the empty context."""
    return QCoreApplication.translate("", text)


def history_columns(zone: str | None) -> list[Column[ServiceHistoryRow]]:
    return [
        Column(tr("工单号"), lambda r: r.number),
        Column(tr("接车日期"), lambda r: local_text(r.received_at, zone, "%Y-%m-%d")),
        Column(tr("状态"), lambda r: state_label(r.state, language())),
        Column(tr("分类"), lambda r: r.service_class),
        Column(tr("里程"), lambda r: str(r.mileage_in), True),
        Column(tr("维修内容"), lambda r: r.work_done or r.customer_words),
        Column(tr("金额"), lambda r: "—" if r.money_hidden else money(r.total_fen), True),
        Column(tr("返修"), lambda r: tr("返修 %1").replace("%1", r.rework_of_number)
               if r.rework_of_number else "", alert=lambda r: bool(r.rework_of_number)),
    ]


class VehicleServicePanel(QGroupBox):
    work_order_opened = Signal(object)  # WorkOrderView of a new order
    order_requested = Signal(str)  # double-click on a past order
    history_loaded = Signal(int)

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceHistoryBox")
        self.setTitle(self.tr("维修记录（所选车辆）"))
        self.services, self.actor, self.branch = services, actor, branch
        self.vehicle: VehicleView | None = None
        self.owner_name = ""
        self.active_dialog: QDialog | None = None
        self._generation = 0
        self.receive_button = QPushButton(self.tr("接车开单"))
        self.receive_button.setObjectName("receiveVehicle")
        self.receive_button.clicked.connect(lambda _c=False: self.receive())
        self.model: RowsModel[ServiceHistoryRow] = RowsModel(history_columns(branch.timezone), self)
        self.table = QTableView()
        self.table.setObjectName("serviceHistory")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(160)
        self.table.doubleClicked.connect(
            lambda index: self.order_requested.emit(self.model.item(index.row()).id))
        QVBoxLayout(self).addWidget(self.table)
        self._update_button()

    def _update_button(self) -> None:
        allowed = can(self.actor, Permission.WORKORDER_EDIT)
        self.receive_button.setEnabled(allowed and self.vehicle is not None)
        self.receive_button.setToolTip("" if allowed else self.tr("您的角色无权开单"))

    def set_vehicle(self, vehicle: VehicleView | None, owner_name: str) -> None:
        """Show this car's visits (newest first); None clears the table."""
        self.vehicle, self.owner_name = vehicle, owner_name
        self._update_button()
        self._generation += 1
        generation = self._generation
        if vehicle is None:
            self.setTitle(self.tr("维修记录（所选车辆）"))
            self.model.set_rows([])
            return
        self.setTitle(self.tr("维修记录：%1").replace("%1", vehicle.plate or vehicle.vin))
        services, actor, vehicle_id = self.services, self.actor, vehicle.id
        run_op(lambda: services.work_orders.service_history(actor, vehicle_id),
               self._shown(generation))

    def _shown(self, generation: int) -> Callable[[list[ServiceHistoryRow]], None]:
        def show(rows: list[ServiceHistoryRow]) -> None:
            if not shiboken6.isValid(self) or generation != self._generation:
                return
            self.model.set_rows(rows)
            self.history_loaded.emit(len(rows))
        return show

    def receive(self) -> None:
        """接车开单 for the selected car."""
        vehicle = self.vehicle
        if vehicle is None or not self.receive_button.isEnabled():
            return
        ref = VehicleRef(vehicle.id, vehicle.plate or vehicle.vin, self.owner_name, vehicle.mileage_km)
        dialog = ReceptionDialog(self.services, self.actor, ref, None, self.branch.timezone,
                                 self.window())
        dialog.saved.connect(self._opened)
        self.active_dialog = dialog
        dialog.open()

    def _opened(self, order: object) -> None:
        if self.vehicle is not None:
            self.set_vehicle(self.vehicle, self.owner_name)
        self.work_order_opened.emit(order)


__all__ = ["VehicleServicePanel", "history_columns"]
