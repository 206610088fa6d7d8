"""Rows of the search box popup and the customers page list: one per customer-vehicle hit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from domain.privacy import mask_phone
from domain.services.search import SearchHit

Index = QModelIndex | QPersistentModelIndex


def mask_mobile(mobile: str) -> str:
    """138****5678: the counter screen often faces the customer queue (PIPL: show no more
    than needed). The rule itself lives in :mod:`domain.privacy`; the search service already
    masks for roles that never need the number, the popup masks for everyone."""
    return mask_phone(mobile)


class SearchHitsModel(QAbstractTableModel):
    COL_NAME = 0
    COL_MOBILE = 1
    COL_PLATE = 2
    COL_VIN = 3
    COL_VEHICLE = 4
    COLUMN_COUNT = 5

    def __init__(self, parent: Any = None, *, mask_phone: bool = True) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._mask = mask_phone

    def headers(self) -> tuple[str, ...]:
        return (self.tr("客户"), self.tr("手机"), self.tr("车牌"), self.tr("车架号(VIN)"),
                self.tr("品牌车型"))

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NAME:
                return hit.name
            if column == self.COL_MOBILE:
                return mask_mobile(hit.mobile) if self._mask else hit.mobile
            if column == self.COL_PLATE:
                return hit.plate
            if column == self.COL_VIN:
                return hit.vin
            if column == self.COL_VEHICLE:
                return " ".join(p for p in (hit.brand, hit.model) if p)
        if role == Qt.ItemDataRole.UserRole:
            return hit.customer_id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_VIN:
            return hit.vin
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.COLUMN_COUNT):
            return self.headers()[section]
        return None
