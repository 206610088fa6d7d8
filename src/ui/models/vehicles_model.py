"""The customer's vehicles (车辆) as a table, one typed column per field the counter needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from domain import clock
from domain.services.customers import VehicleView

Index = QModelIndex | QPersistentModelIndex


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def format_km(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", " ")


class VehiclesModel(QAbstractTableModel):
    COL_PLATE = 0
    COL_VIN = 1
    COL_BRAND = 2
    COL_MODEL = 3
    COL_YEAR = 4
    COL_COLOUR = 5
    COL_MILEAGE = 6
    COL_PURCHASE = 7
    COL_INSURANCE = 8
    COL_INSPECTION = 9
    COL_WARRANTY = 10
    COLUMN_COUNT = 11

    _DATE_COLUMNS = (COL_INSURANCE, COL_INSPECTION)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._vehicles: list[VehicleView] = []

    def headers(self) -> tuple[str, ...]:
        return (self.tr("车牌"), self.tr("车架号(VIN)"), self.tr("品牌"), self.tr("车型"),
                self.tr("年款"), self.tr("颜色"), self.tr("里程(km)"), self.tr("购车日期"),
                self.tr("保险到期"), self.tr("年检到期"), self.tr("保修截止"))

    def set_vehicles(self, vehicles: tuple[VehicleView, ...] | list[VehicleView]) -> None:
        self.beginResetModel()
        self._vehicles = list(vehicles)
        self.endResetModel()

    def vehicle(self, row: int) -> VehicleView:
        return self._vehicles[row]

    def row_of(self, vehicle_id: str) -> int:
        for row, vehicle in enumerate(self._vehicles):
            if vehicle.id == vehicle_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._vehicles)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def _text(self, v: VehicleView, column: int) -> str:
        if column == self.COL_PLATE:
            return v.plate
        if column == self.COL_VIN:
            return v.vin
        if column == self.COL_BRAND:
            return v.brand
        if column == self.COL_MODEL:
            return v.model
        if column == self.COL_YEAR:
            return str(v.model_year) if v.model_year else ""
        if column == self.COL_COLOUR:
            return v.colour
        if column == self.COL_MILEAGE:
            return format_km(v.mileage_km)
        if column == self.COL_PURCHASE:
            return format_date(v.purchase_date)
        if column == self.COL_INSURANCE:
            return format_date(v.insurance_expiry)
        if column == self.COL_INSPECTION:
            return format_date(v.inspection_due)
        if column == self.COL_WARRANTY:
            parts = [format_date(v.warranty_end_date)]
            if v.warranty_end_km is not None:
                parts.append(f"{format_km(v.warranty_end_km)} km")
            return " / ".join(p for p in parts if p)
        return ""

    def _due_date(self, v: VehicleView, column: int) -> dt.date | None:
        if column == self.COL_INSURANCE:
            return v.insurance_expiry
        if column == self.COL_INSPECTION:
            return v.inspection_due
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._vehicles):
            return None
        vehicle = self._vehicles[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(vehicle, column)  # tooltip: the full text of an elided cell
        if role == Qt.ItemDataRole.UserRole:
            return vehicle.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_MILEAGE, self.COL_YEAR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in self._DATE_COLUMNS:
            # Overdue insurance or inspection is what the advisor should mention today.
            due = self._due_date(vehicle, column)
            if due is not None and due < clock.today():
                return QBrush(QColor("#c62828"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.COLUMN_COUNT):
            return self.headers()[section]
        return None
