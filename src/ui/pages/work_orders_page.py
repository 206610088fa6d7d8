"""维修工单: the board of cars in the shop, and one order opened from it.

Why a board first: the advisor's and foreman's question all day is "which cars are here,
in what state, and which are late"; the board answers it with a lazy list (500,000 orders
stay fast), a state filter and a search by number, plate or customer. Double-click or
Enter opens the order; Esc goes back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
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
from ui.widgets.live_list import LiveList, reload_in_place
from ui.widgets.record_list import RecordBoard, RecordStack

OPEN_FILTER = "open"
ALL_FILTER = "all"
#: what the board shows, by table-name prefix: orders and their lines, customers, vehicles
BOARD_TABLES = ("work_orders", "wo_", "customers", "vehicles")


class WorkOrdersPage(QWidget):
    order_opened = Signal(str)  # an order is on screen (id)

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QDialog | None = None
        board = self._build_board()
        self.panel = WorkOrderPanel(services, actor, branch)
        self.panel.back_requested.connect(self.show_board)
        self.panel.order_shown.connect(self.order_opened.emit)
        self.stack = RecordStack(board, self.panel)
        self.panel.order_changed.connect(lambda _o: self.stack.mark_dirty())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.live = LiveList(self.board, BOARD_TABLES, lambda: reload_in_place(
            self.table, self._order_id, self.model.page_loaded, self.model.reload))
        self.model.reload()

    # --- board -------------------------------------------------------------------------
    def _build_board(self) -> RecordBoard:
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
        self.internal_button = QPushButton(self.tr("内部作业（D类）"))
        self.internal_button.setObjectName("internalTime")
        self.internal_button.setToolTip(self.tr("不在工单上的工作：设备维护、检查、配件整理、培训"))
        self.internal_button.setVisible(can(self.actor, Permission.WORKORDER_TIME))

        self.model = WorkOrdersModel(self.services, self.actor, self.branch.timezone, self)
        board = RecordBoard(
            self.model, name="workOrderBoard", table_name="workOrderTable",
            column_widths=((WorkOrdersModel.COL_NUMBER, 170), (WorkOrdersModel.COL_PLATE, 100),
                           (WorkOrdersModel.COL_CUSTOMER, 220), (WorkOrdersModel.COL_STATE, 80),
                           (WorkOrdersModel.COL_RECEIVED, 140), (WorkOrdersModel.COL_ELAPSED, 100),
                           (WorkOrdersModel.COL_PROMISED, 180)),
            count_name="boardCount", refresh_text=self.tr("刷新"), refresh_name="refreshBoard",
            alternating_rows=True)
        self.board, self.table = board, board.table
        self.count_label, self.refresh_button = board.count_label, board.refresh_button
        board.bar.addWidget(QLabel(self.tr("状态")))
        board.bar.addWidget(self.state_filter)
        board.bar.addWidget(self.search, 1)
        board.finish(self.internal_button, self.new_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.new_button.clicked.connect(self.new_order)
        self.internal_button.clicked.connect(self.internal_time)
        board.row_opened.connect(lambda row: self.open_order(self.model.order(row).id))
        self.model.page_loaded.connect(self._page_loaded)
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
            self.board.open_row(max(self.table.currentIndex().row(), 0))

    def _page_loaded(self, rows: int) -> None:
        suffix = "+" if not self.model.exhausted else ""
        self.board.show_count(self.tr("%1 张").replace("%1", f"{rows}{suffix}"), rows)

    def show_board(self) -> None:
        self.stack.show_list()

    def changed_elsewhere(self, tables: frozenset[str]) -> None:
        """Another desk saved rows of ``tables`` (``MainWindow.changed_elsewhere``)."""
        self.live.changed(tables)

    def _order_id(self, row: int) -> str:
        return self.model.order(row).id

    # --- orders ------------------------------------------------------------------------
    def open_order(self, key: str) -> None:
        """Show one order (from the board, a scan, or after opening it at reception)."""
        self.stack.show_detail()
        self.panel.load(key)

    def show_opened(self, order: WorkOrderView) -> None:
        self.stack.mark_dirty()
        self.stack.show_detail()
        self.panel.show_order(order)

    def new_order(self) -> None:
        from ui.dialogs.vehicle_pick_dialog import VehiclePickDialog

        dialog = VehiclePickDialog(self.services, self.actor, self)
        dialog.chosen.connect(self.receive)
        self.active_dialog = dialog
        dialog.open()

    def internal_time(self) -> None:
        """内部作业（D 类）: internal work on no order, clocked or typed in afterwards."""
        from ui.dialogs.internal_time_dialog import InternalTimeDialog

        dialog = InternalTimeDialog(self.services, self.actor, self.branch.timezone, self)
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
