"""Owner history (过户记录) of one vehicle: who owned it from when to when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.services.customers import OwnershipView

Index = QModelIndex | QPersistentModelIndex


def local_time(value: dt.datetime | None) -> str:
    """Times are stored in UTC; the counter reads them in the PC's local time."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


class OwnershipModel(QAbstractTableModel):
    COL_OWNER = 0
    COL_FROM = 1
    COL_TO = 2
    COLUMN_COUNT = 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[OwnershipView] = []

    def headers(self) -> tuple[str, ...]:
        return (self.tr("车主"), self.tr("起始时间"), self.tr("结束时间"))

    def set_owners(self, owners: tuple[OwnershipView, ...] | list[OwnershipView]) -> None:
        self.beginResetModel()
        self._rows = list(owners)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_OWNER:
                return row.customer_name
            if index.column() == self.COL_FROM:
                return local_time(row.started_at)
            if index.column() == self.COL_TO:
                return local_time(row.ended_at) if row.ended_at else self.tr("至今")
        if role == Qt.ItemDataRole.UserRole:
            return row.customer_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.COLUMN_COUNT):
            return self.headers()[section]
        return None
