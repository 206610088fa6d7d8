"""客户投诉: the list of complaint slips with their deadlines, one slip opened from it,
the monthly statistics and the month's penalties (奖罚).

Why the list leads with time left: the regulation's deadlines (respond in 24 hours,
propose in 3 days, close in 13) are what the service manager chases; overdue slips are
red, major ones starred. ``complaints_changed`` tells the main window to refresh its
overdue badge after any change made here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

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
from ui.pages.complaint_penalties_tab import ComplaintPenaltiesTab
from ui.pages.complaint_slip_view import ComplaintSlipPanel
from ui.pages.complaint_statistics_tab import ComplaintStatisticsTab
from ui.widgets.branch_datetime import month_edit
from ui.widgets.live_list import LiveList, reload_in_place
from ui.widgets.record_list import RecordBoard, RecordStack

#: what the list shows, by table-name prefix: slips and their parts, customers, vehicles
LIST_TABLES = ("complaint_", "customers", "vehicles")


class ComplaintsPage(QWidget):
    slip_opened = Signal(str)  # a slip is on screen (id)
    complaints_changed = Signal()  # registered or changed: the badge refreshes

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QDialog | None = None
        board = self._build_list()
        self.panel = ComplaintSlipPanel(services, actor, branch)
        self.panel.back_requested.connect(self.show_list)
        self.panel.slip_shown.connect(self.slip_opened.emit)
        self.panel.slip_changed.connect(self._slip_changed)
        self.stack = RecordStack(board, self.panel)
        self.statistics = ComplaintStatisticsTab(services, actor, branch)
        self.penalties = ComplaintPenaltiesTab(services, actor, branch)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("complaintTabs")
        self.tabs.addTab(self.stack, self.tr("投诉单"))
        self.tabs.addTab(self.statistics, self.tr("月度统计"))
        self.tabs.addTab(self.penalties, self.tr("奖罚"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.live = LiveList(self.board, LIST_TABLES, lambda: reload_in_place(
            self.table, self._slip_id, self.model.loaded, self.model.reload))
        self.model.reload()

    # --- list --------------------------------------------------------------------------
    def _build_list(self) -> RecordBoard:
        self.filter = QComboBox()
        self.filter.setObjectName("complaintFilter")
        self.filter.addItem(self.tr("未结案"), FILTER_OPEN)
        self.filter.addItem(self.tr("已超期"), FILTER_OVERDUE)
        self.filter.addItem(self.tr("全部"), FILTER_ALL)
        self.filter.addItem(self.tr("按受理月份"), FILTER_MONTH)
        self.month = month_edit("complaintMonth", self.branch.timezone, popup=False)
        self.month.setEnabled(False)
        self.new_button = QPushButton(self.tr("登记投诉"))
        self.new_button.setObjectName("newComplaint")
        allowed = can(self.actor, Permission.COMPLAINT_REGISTER)
        self.new_button.setEnabled(allowed)

        self.model = ComplaintsModel(self.services, self.actor, self.branch.timezone, self)
        board = RecordBoard(
            self.model, name="complaintList", table_name="complaintTable",
            column_widths=((ComplaintsModel.COL_NUMBER, 160), (ComplaintsModel.COL_CUSTOMER, 180),
                           (ComplaintsModel.COL_CATEGORY, 130), (ComplaintsModel.COL_SEVERITY, 80),
                           (ComplaintsModel.COL_STATE, 120), (ComplaintsModel.COL_DEADLINE, 200)),
            count_name="complaintCount", refresh_text=self.tr("刷新"),
            refresh_name="refreshComplaints")
        self.board, self.table = board, board.table
        self.count_label, self.refresh_button = board.count_label, board.refresh_button
        board.bar.addWidget(QLabel(self.tr("显示")))
        board.bar.addWidget(self.filter)
        board.bar.addWidget(self.month)
        board.bar.addStretch(1)
        board.finish(self.new_button)

        self.filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.month.dateChanged.connect(lambda _d: self.apply_filter())
        self.new_button.clicked.connect(lambda: self.register_complaint())
        board.row_opened.connect(lambda row: self.open_slip(self.model.slip(row).id))
        self.model.loaded.connect(self._loaded)
        return board

    def current_filter(self) -> ComplaintFilter:
        kind = str(self.filter.currentData())
        d = self.month.date()
        return ComplaintFilter(kind, d.year(), d.month())

    def apply_filter(self) -> None:
        self.month.setEnabled(self.filter.currentData() == FILTER_MONTH)
        self.model.set_filter(self.current_filter())

    def _loaded(self, rows: int) -> None:
        self.board.show_count(self.tr("%1 张").replace("%1", str(rows)), rows)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.statistics and self.statistics.stats is None:
            self.statistics.refresh()
        if self.tabs.widget(index) is self.penalties:
            self.penalties.refresh()

    def show_list(self) -> None:
        self.stack.show_list()

    def changed_elsewhere(self, tables: frozenset[str]) -> None:
        """Another desk saved rows of ``tables`` (``MainWindow.changed_elsewhere``)."""
        self.live.changed(tables)

    def _slip_id(self, row: int) -> str:
        return self.model.slip(row).id

    # --- slips -------------------------------------------------------------------------
    def open_slip(self, key: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.stack.show_detail()
        self.panel.load(key)

    def show_slip(self, slip: ComplaintView) -> None:
        self.tabs.setCurrentIndex(0)
        self.stack.show_detail()
        self.panel.show_slip(slip)

    def _slip_changed(self, slip: ComplaintView) -> None:
        self.stack.mark_dirty()
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
        self.stack.mark_dirty()
        self.show_slip(slip)
        self.model.reload()
        self.complaints_changed.emit()


__all__ = ["ComplaintsPage"]
