"""操作日志: the audit trail for managers, read-only, with filters.

Why read-only: the trail proves what happened; the service offers no way to change it and
this page offers none either (no edit, no delete, no context menu).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.audit import ACTION_LABELS, ACTION_LABELS_ZH
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.audit import AuditChoices, AuditFilter, AuditView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.operations import error_text, run_op

AnyIndex = QModelIndex | QPersistentModelIndex
ROW_LIMIT = 5000


def action_labels() -> dict[str, str]:
    """The action names in the UI language, from the domain's label tables."""
    lang = language()
    return {code: label(ACTION_LABELS, code, lang) for code in ACTION_LABELS_ZH}


class AuditTableModel(QAbstractTableModel):
    """One row per entry, newest first: time, who, action, what, changes, and the branch.

    The branch column means something at HQ only (the page hides it at a branch and shows
    it second); it is last here so the other columns keep their numbers everywhere.
    """

    COL_AT, COL_WHO, COL_ACTION, COL_WHAT, COL_CHANGES, COL_BRANCH = range(6)

    def __init__(self, zone: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditView] = []
        self._zone = zone
        self._labels = action_labels()
        self._branch_names: dict[str, str] = {}

    def headers(self) -> tuple[str, ...]:
        return (self.tr("时间"), self.tr("操作人"), self.tr("操作"), self.tr("对象"),
                self.tr("变更内容"), self.tr("门店"))

    def set_branch_names(self, names: dict[str, str]) -> None:
        self._branch_names = dict(names)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_BRANCH),
                                  self.index(len(self._rows) - 1, self.COL_BRANCH))

    def branch_text(self, entry: AuditView) -> str:
        if not entry.branch_code:
            return self.tr("未知分店")
        return " ".join(p for p in (entry.branch_code, self._branch_names.get(entry.branch_code, "")) if p)

    def set_entries(self, rows: list[AuditView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry_at(self, row: int) -> AuditView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (clock.format_local(entry.at, self._zone, "%Y-%m-%d %H:%M:%S"),
                    entry.staff_name, self._labels.get(entry.action, entry.action), entry.what,
                    entry.summary().replace("\n", " "), self.branch_text(entry))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_CHANGES:
            return "\n".join(entry.summary().split("；"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_BRANCH and not entry.branch_code:
            return self.tr("分店的系统操作（命令行或自动任务），无法判断是哪个门店")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable


class AuditPage(QWidget):
    """Filters (date range, staff, table, record, action; at HQ the branch) over the trail,
    applied in the DB. At HQ the trail holds every branch's entries: a 门店 column and filter
    appear once the service says it is HQ (its choices list branches)."""

    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._zone = zone
        today = clock.today(zone)
        start = today - dt.timedelta(days=30)
        self.since = QDateEdit(QDate(start.year, start.month, start.day))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.since.setObjectName("auditSince")
        self.until.setObjectName("auditUntil")
        self.staff = QComboBox()
        self.staff.setObjectName("auditStaff")
        self.table = QComboBox()
        self.table.setObjectName("auditTableName")
        self.branch_filter = QComboBox()
        self.branch_filter.setObjectName("auditBranch")
        self.branch_filter.addItem(self.tr("全部门店"), "")
        self.branch_label = QLabel(self.tr("门店"))
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(self.tr("全部操作"), "")
        for code, text in action_labels().items():
            self.action.addItem(text, code)
        self.record = QLineEdit()
        self.record.setObjectName("auditRecord")
        self.record.setPlaceholderText(self.tr("单号、车牌或姓名"))
        self.search = QPushButton(self.tr("查询"))
        self.search.setObjectName("auditSearch")
        self.status = QLabel()
        self.status.setObjectName("auditStatus")

        self.model = AuditTableModel(zone, self)
        self.view = QTableView()
        self.view.setObjectName("auditTable")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 150), (1, 90), (2, 80), (3, 200), (5, 130)):
            self.view.setColumnWidth(column, width)
        header.moveSection(AuditTableModel.COL_BRANCH, 1)  # at HQ: time, branch, who, …
        self.view.setColumnHidden(AuditTableModel.COL_BRANCH, True)

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("从")))
        row1.addWidget(self.since)
        row1.addWidget(QLabel(self.tr("到")))
        row1.addWidget(self.until)
        row1.addWidget(QLabel(self.tr("操作人")))
        row1.addWidget(self.staff, 1)
        row1.addWidget(QLabel(self.tr("操作")))
        row1.addWidget(self.action, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.branch_label)
        row2.addWidget(self.branch_filter, 1)
        row2.addWidget(QLabel(self.tr("数据表")))
        row2.addWidget(self.table, 1)
        row2.addWidget(QLabel(self.tr("记录")))
        row2.addWidget(self.record, 2)
        row2.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self.search.clicked.connect(self.refresh)
        self.record.returnPressed.connect(self.refresh)
        for box in (self.staff, self.table, self.action, self.branch_filter):
            box.activated.connect(self.refresh)
        self.branch_label.hide()
        self.branch_filter.hide()
        self._reset_choices(AuditChoices([], [], []))

    @property
    def at_hq(self) -> bool:
        return not self.view.isColumnHidden(AuditTableModel.COL_BRANCH)

    def _reset_choices(self, choices: AuditChoices) -> None:
        names, tables = choices.staff_names, choices.tables
        if choices.branches:
            self._reset_branches(choices.branches)
        for box, first, values in ((self.staff, self.tr("全部人员"), names),
                                   (self.table, self.tr("全部数据表"), tables)):
            current = box.currentData()
            box.clear()
            box.addItem(first, "")
            for value in values:
                box.addItem(value, value)
            found = box.findData(current)
            box.setCurrentIndex(max(0, found))

    def _reset_branches(self, branches: list[tuple[str, str]]) -> None:
        """At HQ: the 门店 filter and column."""
        current = self.branch_filter.currentData()
        self.branch_filter.clear()
        self.branch_filter.addItem(self.tr("全部门店"), "")
        for code, name in branches:
            self.branch_filter.addItem(f"{code} {name}".strip(), code)
        self.branch_filter.setCurrentIndex(max(0, self.branch_filter.findData(current)))
        self.model.set_branch_names(dict(branches))
        self.branch_label.show()
        self.branch_filter.show()
        self.view.setColumnHidden(AuditTableModel.COL_BRANCH, False)

    def load_choices(self) -> None:
        audit, actor = self._services.audit, self._actor
        run_op(lambda: audit.choices(actor), if_alive(self, self._reset_choices), if_alive(self, self._failed))

    def current_filter(self) -> AuditFilter:
        zone = clock.branch_zone(self._zone)
        since_d: dt.date = self.since.date().toPython()  # type: ignore[assignment]
        until_d: dt.date = self.until.date().toPython()  # type: ignore[assignment]
        return AuditFilter(
            since=dt.datetime.combine(since_d, dt.time(0), zone),
            until=dt.datetime.combine(until_d + dt.timedelta(days=1), dt.time(0), zone),
            staff_name=str(self.staff.currentData() or ""),
            table_name=str(self.table.currentData() or ""),
            record=self.record.text().strip(),
            action=str(self.action.currentData() or ""),
            branch_code=str(self.branch_filter.currentData() or ""))

    def refresh(self) -> None:
        audit, actor, filters = self._services.audit, self._actor, self.current_filter()
        run_op(lambda: audit.list(actor, filters, limit=ROW_LIMIT),
               if_alive(self, self._loaded), if_alive(self, self._failed))

    def _loaded(self, rows: list[AuditView]) -> None:
        self.model.set_entries(rows)
        if len(rows) >= ROW_LIMIT:
            self.status.setText(self.tr("只显示最新的 %n 条，请缩小查询范围", "", ROW_LIMIT))
        else:
            self.status.setText(self.tr("共 %n 条", "", len(rows)))

    def _failed(self, exc: DomainError) -> None:
        self.status.setText(error_text(exc))

    def showEvent(self, event: Any) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        if not getattr(self, "_shown", False):
            self._shown = True
            self.load_choices()
            self.refresh()
