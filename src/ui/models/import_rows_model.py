"""Rows of a customer list being imported (导入预览): values as read, and what is wrong.

Why a preview model: the shop's Excel list is messy; the counter must see every bad row
and its reason *before* anything is saved, and fix the file if they want.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from domain.services.customer_import import FIELD_LABELS, ImportReport, ImportRow

Index = QModelIndex | QPersistentModelIndex


class ImportRowsModel(QAbstractTableModel):
    COL_ROW = 0
    COL_STATUS = 1
    FIXED_COLUMNS = 2  # then one column per recognised field, then the problems (last)

    def problems_column(self) -> int:
        return self.FIXED_COLUMNS + len(self._keys)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ImportRow] = []
        self._keys: list[str] = []
        self._values: list[dict[str, str]] = []

    def set_report(self, report: ImportReport) -> None:
        """Rows of a preview or a run; columns are the recognised fields of the file."""
        self.beginResetModel()
        self._rows = list(report.rows)
        keys = list(report.columns)
        for row in self._rows:
            for key, _text in row.values:
                if key not in keys:
                    keys.append(key)
        self._keys = keys
        self._values = [dict(row.values) for row in self._rows]
        self.endResetModel()

    def row(self, row: int) -> ImportRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.FIXED_COLUMNS + len(self._keys) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_ROW:
                return str(row.row_number)
            if column == self.COL_STATUS:
                return self.tr("可导入") if row.ok else self.tr("有问题")
            if column == self.problems_column():  # why refused, or what to look at
                return "；".join(row.problems + row.warnings)
            if self.FIXED_COLUMNS <= column < self.problems_column():
                return self._values[index.row()].get(self._keys[column - self.FIXED_COLUMNS], "")
        if role == Qt.ItemDataRole.BackgroundRole and not row.ok:
            return QBrush(QColor("#fdecea"))
        if role == Qt.ItemDataRole.ForegroundRole and not row.ok and column in (
                self.COL_STATUS, self.problems_column()):
            return QBrush(QColor("#b71c1c"))
        if role == Qt.ItemDataRole.ForegroundRole and row.warnings and column == self.problems_column():
            return QBrush(QColor("#8d6e00"))  # imported; a person should look
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.COL_ROW:
            return self.tr("行号")
        if section == self.COL_STATUS:
            return self.tr("状态")
        if section == self.problems_column():
            return self.tr("问题")
        if self.FIXED_COLUMNS <= section < self.problems_column():
            key = self._keys[section - self.FIXED_COLUMNS]
            return self.tr(FIELD_LABELS.get(key, key))
        return None
