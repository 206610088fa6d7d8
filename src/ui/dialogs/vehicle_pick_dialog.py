"""新建工单 from the board: find the car by plate (or phone, VIN, name) and pick it.

Why through the search service: it is the same index-backed search as the counter's
search box, so 京A·12345, a12345 or the last four digits of the phone all find the car.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.search import SearchHit
from ui.dialogs.reception_dialog import VehicleRef
from ui.models.search_hits_model import SearchHitsModel
from ui.operations import error_text, run_op


class VehiclePickDialog(QDialog):
    chosen = Signal(object)  # VehicleRef

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vehiclePickDialog")
        self.setWindowTitle(self.tr("新建工单 — 选择车辆"))
        self._services, self._actor = services, actor
        self._generation = 0
        self.query = QLineEdit()
        self.query.setObjectName("vehicleQuery")
        self.query.setPlaceholderText(self.tr("输入车牌（也可手机号、VIN 或姓名）"))
        self.model = SearchHitsModel(self)
        self.table = QTableView()
        self.table.setObjectName("vehicleHits")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.hint = QLabel(self.tr("只列出有车辆的客户；没有的请先在“客户与车辆”中登记。"))
        self.hint.setObjectName("vehiclePickHint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("接车开单"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(640, 380)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.table.activated.connect(lambda _i: self.accept())
        self.query.setFocus()

    def search(self) -> None:
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self.model.set_hits([])
            return
        services, actor = self._services, self._actor
        run_op(lambda: services.search.search(actor, text, limit=50),
               lambda hits: self._show(generation, hits), self._failed)

    def _show(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self.model.set_hits([h for h in hits if h.vehicle_id])
        if self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.hint.setText(self.tr("回车选择高亮的车辆"))
        else:
            self.hint.setText(self.tr("未找到车辆"))

    def _failed(self, exc: DomainError) -> None:
        self.hint.setText(error_text(exc))

    def accept(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return
        hit = self.model.hit(row)
        assert hit.vehicle_id is not None
        self.chosen.emit(VehicleRef(hit.vehicle_id, hit.plate or hit.vin, hit.name))
        super().accept()


__all__ = ["VehiclePickDialog"]
