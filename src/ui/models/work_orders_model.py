"""The open-orders board (工单看板) as a lazy table: rows arrive a page at a time.

Why lazy: a branch keeps every order for years (500,000 rows); the board must show its
first rows at once and read more only while the user scrolls (canFetchMore/fetchMore).
Each page is read on the database thread through ``run_op``; a filter change bumps a
generation number so an old page arriving late is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderRow
from domain.workorder_rules import OPEN_STATES, WOState, state_label
from ui.i18n import language
from ui.operations import error_text, run_op
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


class WorkOrdersModel(QAbstractTableModel):
    COL_NUMBER = 0
    COL_PLATE = 1
    COL_CUSTOMER = 2
    COL_STATE = 3
    COL_RECEIVED = 4
    COL_ELAPSED = 5
    COL_PROMISED = 6
    COL_TOTAL = 7
    COLUMN_COUNT = 8

    page_loaded = Signal(int)  # rows now held (tests and the status line wait on it)
    load_failed = Signal(str)

    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._zone = zone
        self._page_size = page_size
        self._rows: list[WorkOrderRow] = []
        self._filter = BoardFilter()
        self._exhausted = False
        self._loading = False
        self._generation = 0

    # --- loading -----------------------------------------------------------------------
    def set_filter(self, board_filter: BoardFilter) -> None:
        """Start again from the first page with another filter."""
        self._filter = board_filter
        self.reload()

    def current_filter(self) -> BoardFilter:
        return self._filter

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._loading = False
        self._generation += 1
        self.endResetModel()
        self._fetch_page()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch_page()

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def _fetch_page(self) -> None:
        self._loading = True
        generation, offset, wanted = self._generation, len(self._rows), self._filter
        services, actor, size = self._services, self._actor, self._page_size

        def read() -> list[WorkOrderRow]:
            return services.work_orders.list_orders(
                actor, state=list(wanted.states) if wanted.states else None,
                text=wanted.text or None, open_only=wanted.open_only and not wanted.states,
                offset=offset, limit=size)

        run_op(read, self._page_arrived(generation), self._page_failed(generation))

    def _page_arrived(self, generation: int) -> Callable[[list[WorkOrderRow]], None]:
        def arrived(rows: list[WorkOrderRow]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._exhausted = len(rows) < self._page_size
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            self.page_loaded.emit(len(self._rows))
        return arrived

    def _page_failed(self, generation: int) -> Callable[[DomainError], None]:
        def failed(exc: DomainError) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._exhausted = True
            self.load_failed.emit(error_text(exc))
        return failed

    # --- reading -----------------------------------------------------------------------
    def order(self, row: int) -> WorkOrderRow:
        return self._rows[row]

    def row_of(self, order_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == order_id), -1)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("工单号"), self.tr("车牌"), self.tr("客户"), self.tr("状态"),
                self.tr("接车时间"), self.tr("在厂时长"), self.tr("承诺完工"), self.tr("金额(元)"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
