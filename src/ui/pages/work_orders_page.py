"""维修工单: the board of cars in the shop, and one order opened from it.

Why a board first: the advisor's and foreman's question all day is "which cars are here,
in what state, and which are late"; the board answers it with a lazy list (500,000 orders
stay fast), a state filter and a search by number, plate or customer. Double-click or
Enter opens the order; Esc goes back.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.workorder_rules import WOState, state_label
from ui.dialogs.reception_dialog import VehicleRef
from ui.i18n import language
from ui.models.work_orders_model import BoardFilter, WorkOrdersModel
from ui.pages.work_order_view import WorkOrderPanel

OPEN_FILTER = "open"
ALL_FILTER = "all"


class WorkOrdersPage(QWidget):
    order_opened = Signal(str)  # an order is on screen (id)

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QDialog | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_board())
        self.panel = WorkOrderPanel(services, actor, branch)
        self.panel.back_requested.connect(self.show_board)
        self.panel.order_shown.connect(self.order_opened.emit)
        self.panel.order_changed.connect(lambda _o: self._board_dirty())
        self.stack.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._dirty = False
        self.model.reload()

    # --- board -------------------------------------------------------------------------
    def _build_board(self) -> QWidget:
        board = QWidget()
        board.setObjectName("workOrderBoard")
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        self.state_filter.addItem(self.tr("在厂车辆（未交车）"), OPEN_FILTER)
        for state in WOState:
            self.state_filter.addItem(state_label(state, language()), state.value)
        self.state_filter.addItem(self.tr("全部工单"), ALL_FILTER)
        self.search = QLineEdit()
        self.search.setObjectName("orderSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("工单号 / 车牌 / 客户"))
        self.new_button = QPushButton(self.tr("新建工单"))
        self.new_button.setObjectName("newWorkOrder")
        allowed = can(self.actor, Permission.WORKORDER_EDIT)
        self.new_button.setEnabled(allowed)
        self.new_button.setToolTip("" if allowed else self.tr("您的角色无权开单"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshBoard")
        self.count_label = QLabel()
        self.count_label.setObjectName("boardCount")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("状态")))
        bar.addWidget(self.state_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.new_button)

        self.model = WorkOrdersModel(self.services, self.actor, self.branch.timezone, self)
        self.table = QTableView()
        self.table.setObjectName("workOrderTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((WorkOrdersModel.COL_NUMBER, 170), (WorkOrdersModel.COL_PLATE, 100),
                              (WorkOrdersModel.COL_CUSTOMER, 220), (WorkOrdersModel.COL_STATE, 80),
                              (WorkOrdersModel.COL_RECEIVED, 140), (WorkOrdersModel.COL_ELAPSED, 100),
                              (WorkOrdersModel.COL_PROMISED, 180)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(board)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.refresh_button.clicked.connect(self.model.reload)
        self.new_button.clicked.connect(self.new_order)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self.count_label.setText)
        return board

    def board_filter(self) -> BoardFilter:
        key = str(self.state_filter.currentData())
        text = self.search.text().strip()
        if key == OPEN_FILTER:
            return BoardFilter(None, True, text)
        if key == ALL_FILTER:
            return BoardFilter(None, False, text)
        return BoardFilter((key,), False, text)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.board_filter())

    def _search_entered(self) -> None:
        """Enter in the search box: a scanned claim check opens its order at once."""
        if self._search_timer.isActive() or self.model.loading:
            self.apply_filter()
            self.model.page_loaded.connect(self._open_single, Qt.ConnectionType.SingleShotConnection)
        else:
            self._open_single(self.model.rowCount())

    def _open_single(self, _rows: int) -> None:
        if self.model.rowCount() >= 1:
            row = max(self.table.currentIndex().row(), 0)
            self._open_row(row)

    def _page_loaded(self, rows: int) -> None:
        suffix = "+" if not self.model.exhausted else ""
        self.count_label.setText(self.tr("%1 张").replace("%1", f"{rows}{suffix}"))
        if rows and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_order(self.model.order(row).id)

    def _board_dirty(self) -> None:
        self._dirty = True

    def show_board(self) -> None:
        self.stack.setCurrentIndex(0)
        if self._dirty:
            self._dirty = False
            self.model.reload()
        self.table.setFocus()

    # --- orders ------------------------------------------------------------------------
    def open_order(self, key: str) -> None:
        """Show one order (from the board, a scan, or after opening it at reception)."""
        self.stack.setCurrentIndex(1)
        self.panel.load(key)

    def show_opened(self, order: WorkOrderView) -> None:
        self._dirty = True
        self.stack.setCurrentIndex(1)
        self.panel.show_order(order)

    def new_order(self) -> None:
        from ui.dialogs.vehicle_pick_dialog import VehiclePickDialog

        dialog = VehiclePickDialog(self.services, self.actor, self)
        dialog.chosen.connect(self.receive)
        self.active_dialog = dialog
        dialog.open()

    def receive(self, vehicle: VehicleRef) -> None:
        """接车开单 for a chosen vehicle; the new order opens when saved."""
        from ui.dialogs.reception_dialog import ReceptionDialog

        dialog = ReceptionDialog(self.services, self.actor, vehicle, None, self.branch.timezone, self)
        dialog.saved.connect(self.show_opened)
        self.active_dialog = dialog
        dialog.open()


__all__ = ["WorkOrdersPage"]
