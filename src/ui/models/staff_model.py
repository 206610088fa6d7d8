"""Staff accounts as a table (员工账号列表) for the settings page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from domain.roles import role_label
from domain.services.staff import StaffView
from ui import i18n

AnyIndex = QModelIndex | QPersistentModelIndex


class StaffTableModel(QAbstractTableModel):
    """One row per account; ``StaffView`` read models only, never ORM objects."""

    COL_USERNAME = 0
    COL_DISPLAY_NAME = 1
    COL_ROLE = 2
    COL_STATUS = 3
    COLUMN_COUNT = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StaffView] = []

    def headers(self) -> tuple[str, ...]:
        return (self.tr("用户名"), self.tr("姓名"), self.tr("岗位"), self.tr("状态"))

    def set_staff(self, rows: list[StaffView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def staff_at(self, row: int) -> StaffView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, staff_id: str) -> int:
        for row, staff in enumerate(self._rows):
            if staff.id == staff_id:
                return row
        return -1

    # --- QAbstractTableModel -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        staff = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_USERNAME:
                return staff.username
            if column == self.COL_DISPLAY_NAME:
                return staff.display_name
            if column == self.COL_ROLE:
                return role_label(staff.role, i18n.language())
            if column == self.COL_STATUS:
                return self.tr("在用") if staff.active else self.tr("已停用")
        elif role == Qt.ItemDataRole.ForegroundRole and not staff.active:
            return QBrush(QColor("#8a8a8a"))
        elif role == Qt.ItemDataRole.UserRole:
            return staff.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.COLUMN_COUNT):
            return self.headers()[section]
        return None
