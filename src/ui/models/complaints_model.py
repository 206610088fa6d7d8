"""The complaints list (投诉单列表) as a typed table: one row per slip with its deadline.

Why a model of its own: the page, the badge and the tests agree on what "overdue" looks
like (a red row) and on the column order; rows are frozen ``ComplaintRow`` read models
from :meth:`ComplaintService.list_slips`, read on the database thread through ``run_op``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from domain import clock
from domain.complaint_rules import (
    CATEGORY_LABELS,
    DEADLINE_LABELS,
    SEVERITY_LABELS,
    Severity,
    month_bounds,
    state_label,
)
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.complaint_views import ComplaintRow
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.operations import error_text, run_op
from ui.widgets.amounts import local_text

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = "#c62828"
OVERDUE_BACKGROUND = "#ffebee"
MAJOR_COLOUR = "#b71c1c"

FILTER_OPEN = "open"
FILTER_OVERDUE = "overdue"
FILTER_ALL = "all"
FILTER_MONTH = "month"


@dataclass(frozen=True)
class ComplaintFilter:
    """open / overdue / all, or the slips received in one local month (YYYY, MM)."""

    kind: str = FILTER_OPEN
    year: int = 0
    month: int = 0


class ComplaintsModel(QAbstractTableModel):
    COL_NUMBER = 0
    COL_CUSTOMER = 1
    COL_CATEGORY = 2
    COL_SEVERITY = 3
    COL_STATE = 4
    COL_DEADLINE = 5
    COL_TIME_LEFT = 6
    COLUMN_COUNT = 7

    loaded = Signal(int)  # rows now held
    load_failed = Signal(str)

    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 parent: Any = None, limit: int = 1000) -> None:
        super().__init__(parent)
        self._services, self._actor, self._zone, self._limit = services, actor, zone, limit
        self._rows: list[ComplaintRow] = []
        self._filter = ComplaintFilter()
        self._generation = 0

    # --- loading -----------------------------------------------------------------------
    def set_filter(self, wanted: ComplaintFilter) -> None:
        self._filter = wanted
        self.reload()

    def current_filter(self) -> ComplaintFilter:
        return self._filter

    def reload(self) -> None:
        self._generation += 1
        generation, wanted = self._generation, self._filter
        services, actor, limit, zone = self._services, self._actor, self._limit, self._zone

        def read() -> list[ComplaintRow]:
            if wanted.kind == FILTER_MONTH:
                start, end = month_bounds(wanted.year, wanted.month, zone)
                rows = services.complaints.list_slips(actor, limit=100_000)
                return [r for r in rows if start <= r.received_at < end][:limit]
            return services.complaints.list_slips(
                actor, open_only=wanted.kind == FILTER_OPEN,
                overdue_only=wanted.kind == FILTER_OVERDUE, limit=limit)

        # a page closed while the list was read: the answer is dropped
        run_op(read, if_alive(self, self._arrived(generation)), if_alive(self, self._failed(generation)))

    def _arrived(self, generation: int) -> Callable[[list[ComplaintRow]], None]:
        def arrived(rows: list[ComplaintRow]) -> None:
            if generation == self._generation:
                self.set_rows(rows)
        return arrived

    def _failed(self, generation: int) -> Callable[[DomainError], None]:
        def failed(exc: DomainError) -> None:
            if generation == self._generation:
                self.load_failed.emit(error_text(exc))
        return failed

    def set_rows(self, rows: list[ComplaintRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.loaded.emit(len(self._rows))

    # --- reading -----------------------------------------------------------------------
    def slip(self, row: int) -> ComplaintRow:
        return self._rows[row]

    def row_of(self, slip_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == slip_id), -1)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("投诉单号"), self.tr("客户"), self.tr("类别"), self.tr("严重程度"),
                self.tr("状态"), self.tr("下一期限"), self.tr("剩余时间"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def time_left(self, row: ComplaintRow) -> str:
        return time_left_text(row.seconds_left)

    def _text(self, row: ComplaintRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.number
        if column == self.COL_CUSTOMER:
            return f"{row.customer_name}　{row.plate}".strip()
        if column == self.COL_CATEGORY:
            return label(CATEGORY_LABELS, row.category, language())
        if column == self.COL_SEVERITY:
            text = label(SEVERITY_LABELS, row.severity, language())
            return f"★ {text}" if row.severity == Severity.MAJOR else text
        if column == self.COL_STATE:
            return state_label(row.state, language())
        if column == self.COL_DEADLINE:
            if row.next_deadline_at is None:
                return "—"
            kind = label(DEADLINE_LABELS, row.next_deadline_kind, language())
            return f"{kind} {local_text(row.next_deadline_at, self._zone)}"
        if column == self.COL_TIME_LEFT:
            return self.time_left(row)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and row.overdue:
                return self.tr("已超过处理期限")
            return self._text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return QBrush(QColor(OVERDUE_COLOUR))
            if column == self.COL_SEVERITY and row.severity == Severity.MAJOR:
                return QBrush(QColor(MAJOR_COLOUR))
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and (
                row.overdue or (column == self.COL_SEVERITY and row.severity == Severity.MAJOR)):
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


def time_left_text(seconds: int | None) -> str:
    """Time left until a deadline ("2天3小时"), or how far past it ("超期 5小时03分"); the
    list and the slip view say it the same way (translated in the list's context)."""
    if seconds is None:
        return "—"
    minutes = abs(seconds) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        span = QCoreApplication.translate("ComplaintsModel", "%1天%2小时").replace("%1", str(days)) \
            .replace("%2", str(hours))
    elif hours:
        span = QCoreApplication.translate("ComplaintsModel", "%1小时%2分").replace("%1", str(hours)) \
            .replace("%2", f"{mins:02d}")
    else:
        span = QCoreApplication.translate("ComplaintsModel", "%1分").replace("%1", str(mins))
    if seconds < 0:
        return QCoreApplication.translate("ComplaintsModel", "超期 %1").replace("%1", span)
    return span


def current_month() -> tuple[int, int]:
    today = clock.today()
    return today.year, today.month


__all__ = ["ComplaintFilter", "ComplaintsModel", "FILTER_ALL", "FILTER_MONTH", "FILTER_OPEN",
           "FILTER_OVERDUE", "current_month", "time_left_text"]
