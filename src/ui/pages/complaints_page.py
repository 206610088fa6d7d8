"""客户投诉: the list of complaint slips with their deadlines, one slip opened from it,
and the monthly statistics.

Why the list leads with time left: the regulation's deadlines (respond in 24 hours,
propose in 3 days, close in 13) are what the service manager chases; overdue slips are
red, major ones starred. ``complaints_changed`` tells the main window to refresh its
overdue badge after any change made here.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.complaint_intake_dialog import ComplaintIntakeDialog, IntakeContext
from ui.models.complaints_model import (
    FILTER_ALL,
    FILTER_MONTH,
    FILTER_OPEN,
    FILTER_OVERDUE,
    ComplaintFilter,
    ComplaintsModel,
)
from ui.pages.complaint_slip_view import ComplaintSlipPanel
from ui.pages.complaint_statistics_tab import ComplaintStatisticsTab


class ComplaintsPage(QWidget):
    slip_opened = Signal(str)  # a slip is on screen (id)
    complaints_changed = Signal()  # registered or changed: the badge refreshes

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QDialog | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self.panel = ComplaintSlipPanel(services, actor, branch)
        self.panel.back_requested.connect(self.show_list)
        self.panel.slip_shown.connect(self.slip_opened.emit)
        self.panel.slip_changed.connect(self._slip_changed)
        self.stack.addWidget(self.panel)
        self.statistics = ComplaintStatisticsTab(services, actor, branch)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("complaintTabs")
        self.tabs.addTab(self.stack, self.tr("投诉单"))
        self.tabs.addTab(self.statistics, self.tr("月度统计"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._dirty = False
        self.model.reload()

    # --- list --------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        board = QWidget()
        board.setObjectName("complaintList")
        self.filter = QComboBox()
        self.filter.setObjectName("complaintFilter")
        self.filter.addItem(self.tr("未结案"), FILTER_OPEN)
        self.filter.addItem(self.tr("已超期"), FILTER_OVERDUE)
        self.filter.addItem(self.tr("全部"), FILTER_ALL)
        self.filter.addItem(self.tr("按受理月份"), FILTER_MONTH)
        self.month = QDateEdit()
        self.month.setObjectName("complaintMonth")
        self.month.setDisplayFormat("yyyy-MM")
        today = clock.today(self.branch.timezone)
        self.month.setDate(QDate(today.year, today.month, 1))
        self.month.setEnabled(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("complaintCount")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshComplaints")
        self.new_button = QPushButton(self.tr("登记投诉"))
        self.new_button.setObjectName("newComplaint")
        allowed = can(self.actor, Permission.COMPLAINT_REGISTER)
        self.new_button.setEnabled(allowed)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("显示")))
        bar.addWidget(self.filter)
        bar.addWidget(self.month)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.new_button)

        self.model = ComplaintsModel(self.services, self.actor, self.branch.timezone, self)
        self.table = QTableView()
        self.table.setObjectName("complaintTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((ComplaintsModel.COL_NUMBER, 160), (ComplaintsModel.COL_CUSTOMER, 180),
                              (ComplaintsModel.COL_CATEGORY, 130), (ComplaintsModel.COL_SEVERITY, 80),
                              (ComplaintsModel.COL_STATE, 120), (ComplaintsModel.COL_DEADLINE, 200)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(board)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.month.dateChanged.connect(lambda _d: self.apply_filter())
        self.refresh_button.clicked.connect(self.model.reload)
        self.new_button.clicked.connect(lambda: self.register_complaint())
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.model.loaded.connect(self._loaded)
        self.model.load_failed.connect(self.count_label.setText)
        return board

    def current_filter(self) -> ComplaintFilter:
        kind = str(self.filter.currentData())
        d = self.month.date()
        return ComplaintFilter(kind, d.year(), d.month())

    def apply_filter(self) -> None:
        self.month.setEnabled(self.filter.currentData() == FILTER_MONTH)
        self.model.set_filter(self.current_filter())

    def _loaded(self, rows: int) -> None:
        self.count_label.setText(self.tr("%1 张").replace("%1", str(rows)))
        if rows and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_slip(self.model.slip(row).id)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.statistics and self.statistics.stats is None:
            self.statistics.refresh()

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        if self._dirty:
            self._dirty = False
            self.model.reload()
        self.table.setFocus()

    # --- slips -------------------------------------------------------------------------
    def open_slip(self, key: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentIndex(1)
        self.panel.load(key)

    def show_slip(self, slip: ComplaintView) -> None:
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentIndex(1)
        self.panel.show_slip(slip)

    def _slip_changed(self, slip: ComplaintView) -> None:
        self._dirty = True
        if slip.id != (self.panel.slip.id if self.panel.slip else None):
            self.show_slip(slip)
        self.complaints_changed.emit()

    def register_complaint(self, context: IntakeContext | None = None) -> ComplaintIntakeDialog:
        """登记投诉 (from the list, the customer file or a work order); the new slip opens."""
        dialog = ComplaintIntakeDialog(self.services, self.actor, self.branch.timezone, context, self)
        dialog.saved.connect(self._registered)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def _registered(self, slip: ComplaintView) -> None:
        self._dirty = True
        self.show_slip(slip)
        self.model.reload()
        self.complaints_changed.emit()


__all__ = ["ComplaintsPage"]
