"""The open-orders board (工单看板) as a lazy table: rows arrive a page at a time
(``ui.models.paged_rows``: a branch keeps every order for years, 500,000 rows), with the
board's own columns, late-order colours and hidden money."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderRow
from domain.workorder_rules import OPEN_STATES, WOState, state_label
from ui.i18n import language
from ui.models.paged_rows import PagedRowsModel
from ui.widgets.amounts import elapsed_parts, local_text, money

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 100
LATE_COLOUR = "#c62828"


@dataclass(frozen=True)
class BoardFilter:
    """What the board shows: ``states`` None with ``open_only`` is the default 在修车辆."""

    states: tuple[str, ...] | None = None
    open_only: bool = True
    text: str = ""


class WorkOrdersModel(PagedRowsModel[WorkOrderRow]):
    COL_NUMBER = 0
    COL_PLATE = 1
    COL_CUSTOMER = 2
    COL_STATE = 3
    COL_RECEIVED = 4
    COL_ELAPSED = 5
    COL_PROMISED = 6
    COL_TOTAL = 7
    COLUMN_COUNT = 8

    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__([], None, parent, page_size)
        self._services = services
        self._actor = actor
        self._zone = zone
        self._filter: BoardFilter = BoardFilter()
        self._exhausted = False  # the first page is read as soon as the view asks

    # --- loading -----------------------------------------------------------------------
    def current_filter(self) -> BoardFilter:
        return self._filter

    def reload(self) -> None:
        self.set_filter(self._filter)

    def _reader(self, wanted: BoardFilter, size: int) -> Callable[[], list[WorkOrderRow]]:
        """Offset paging: the board is sorted by state and time, not by a unique key."""
        services, actor, offset = self._services, self._actor, len(self._rows)

        def read() -> list[WorkOrderRow]:
            return services.work_orders.list_orders(
                actor, state=list(wanted.states) if wanted.states else None,
                text=wanted.text or None, open_only=wanted.open_only and not wanted.states,
                offset=offset, limit=size)
        return read

    # --- reading -----------------------------------------------------------------------
    def order(self, row: int) -> WorkOrderRow:
        return self._rows[row]

    def row_of(self, order_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == order_id), -1)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("工单号"), self.tr("车牌"), self.tr("客户"), self.tr("状态"),
                self.tr("接车时间"), self.tr("在厂时长"), self.tr("承诺完工"), self.tr("金额(元)"))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def _elapsed(self, row: WorkOrderRow) -> str:
        if WOState(row.state) not in OPEN_STATES:
            return "—"
        days, hours, minutes = elapsed_parts(row.received_at)
        if days:
            return self.tr("%1天%2小时").replace("%1", str(days)).replace("%2", str(hours))
        if hours:
            return self.tr("%1小时%2分").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
        return self.tr("%1分").replace("%1", str(minutes))

    def _text(self, row: WorkOrderRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.number
        if column == self.COL_PLATE:
            return row.plate
        if column == self.COL_CUSTOMER:
            return row.customer_name
        if column == self.COL_STATE:
            return state_label(row.state, language())
        if column == self.COL_RECEIVED:
            return local_text(row.received_at, self._zone)
        if column == self.COL_ELAPSED:
            return self._elapsed(row)
        if column == self.COL_PROMISED:
            text = local_text(row.promised_at, self._zone)
            return self.tr("%1 超时").replace("%1", text) if row.late else text
        if column == self.COL_TOTAL:
            return "—" if row.money_hidden else money(row.total_fen)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_PROMISED and row.late:
                return self.tr("已超过承诺完工时间")
            return self._text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.late and column == self.COL_PROMISED:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(LATE_COLOUR))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#ffebee"))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.COLUMN_COUNT):
            return self.headers()[section]
        return None


__all__ = ["BoardFilter", "PAGE_SIZE", "WorkOrdersModel"]
