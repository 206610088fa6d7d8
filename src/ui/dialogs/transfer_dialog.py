"""过户: pick the vehicle's new owner by search; the old ownership is closed, never erased."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.customers import CustomerView, VehicleView
from domain.services.registry import Services
from domain.services.search import SearchHit
from ui.models.search_hits_model import SearchHitsModel
from ui.operations import run_op
from ui.widgets.field_errors import FieldErrors


class TransferDialog(QDialog):
    transferred = Signal(object)  # VehicleView

    def __init__(self, services: Services, actor: Actor, vehicle: VehicleView, owner_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._vehicle = vehicle
        self._generation = 0
        self.new_owner_id: str | None = None
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("过户 — %1").replace("%1", vehicle.plate or vehicle.vin))
        general = QLabel()
        self.errors = FieldErrors(general)
        intro = QLabel(self.tr("车辆 %1 当前车主：%2。查找新车主（车牌、手机、姓名），选中后确认。")
                       .replace("%1", vehicle.plate or vehicle.vin).replace("%2", owner_name))
        intro.setWordWrap(True)
        self.query = QLineEdit()
        self.query.setObjectName("ownerQuery")
        self.query.setPlaceholderText(self.tr("查找新车主：手机 / 姓名 / 车牌"))
        self.new_customer_button = QPushButton(self.tr("新建客户…"))
        self.new_customer_button.setObjectName("transferNewCustomer")
        self.model = SearchHitsModel(self, mask_phone=False)
        self.table = QTableView()
        self.table.setObjectName("ownerCandidates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenOwner")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("选填，如：二手车交易、家庭成员间过户"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认过户"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        search_row = QHBoxLayout()
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.new_customer_button)
        form = QFormLayout()
        form.addRow(self.tr("新车主"), self.chosen)
        form.addRow(self.tr("过户说明"), self.errors.row("note", self.note))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(general)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(760, 480)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._pick(cur.row()))
        self.new_customer_button.clicked.connect(self._new_customer)
        self.query.installEventFilter(self)
        self.set_new_owner(None, "")
        self.query.setFocus()

    def _search(self) -> None:
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self.model.set_hits([])
            return
        services, actor = self._services, self._actor
        run_op(lambda: services.search.search(actor, text, limit=50),
               lambda hits: self._show(generation, hits), self.errors.show)

    def _show(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        owners: list[SearchHit] = []
        seen: set[str] = set()
        for hit in hits:  # one row per customer: we pick a person, not a car
            if hit.customer_id not in seen:
                seen.add(hit.customer_id)
                owners.append(hit)
        self.model.set_hits(owners)
        # No automatic pick: Enter must never hand the car to whoever happened to be first.
        self.set_new_owner(None, "")

    def _pick(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        hit = self.model.hit(row)
        self.set_new_owner(hit.customer_id, f"{hit.name} {hit.mobile}".strip())

    def set_new_owner(self, customer_id: str | None, label: str) -> None:
        if customer_id is None:
            self.new_owner_id = None
            self.chosen.setText(self.tr("尚未选择新车主（↓ 进入列表选择）"))
            self.ok_button.setEnabled(False)
            return
        same = customer_id == self._vehicle.owner_id
        self.new_owner_id = None if same else customer_id
        self.chosen.setText(self.tr("%1（即当前车主）").replace("%1", label) if same else label)
        self.ok_button.setEnabled(not same)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the query box moves into the candidate list (keyboard-first)."""
        if (watched is self.query and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and self.model.rowCount()):
            self.table.setFocus()
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _new_customer(self) -> None:
        from ui.dialogs.customer_dialog import CustomerDialog

        dialog = CustomerDialog(self._services, self._actor, None, self, first_vehicle=False)
        dialog.saved.connect(lambda view: self._created(view))
        dialog.open()
        self.customer_dialog = dialog

    def _created(self, view: CustomerView) -> None:
        self.query.setText(view.mobile or view.name)
        self.set_new_owner(view.id, f"{view.name} {view.mobile}".strip())

    def accept(self) -> None:
        if self.new_owner_id is None or not self.ok_button.isEnabled():
            return
        self.errors.clear()
        services, actor, vehicle_id, owner_id, note = (
            self._services, self._actor, self._vehicle.id, self.new_owner_id, self.note.text())
        self.ok_button.setEnabled(False)
        run_op(lambda: services.customers.transfer_vehicle(actor, vehicle_id, owner_id, note),
               self._done, self._failed)

    def _done(self, view: VehicleView) -> None:
        self.transferred.emit(view)
        super().accept()

    def _failed(self, exc: DomainError) -> None:
        self.ok_button.setEnabled(True)
        self.errors.show(exc)


__all__ = ["TransferDialog"]
