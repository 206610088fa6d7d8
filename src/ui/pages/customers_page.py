"""客户与车辆: find a customer on the left, their file on the right.

Why one page for both: at the counter the customer and the car arrive together; the file
shows the person, every car they own, and the selected car's owner history, with the
actions (edit, add car, transfer, print, import) one click or key away.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.roles import Actor, Permission, can, require
from domain.services.branch import BranchView
from domain.services.customers import CustomerView, VehicleView
from domain.services.registry import Services
from domain.services.search import SearchHit
from ui.models.ownership_model import OwnershipModel
from ui.models.search_hits_model import SearchHitsModel
from ui.models.vehicles_model import VehiclesModel
from ui.operations import error_text, run_op

KIND_LABELS = {"individual": "个人", "company": "单位"}


def _table(object_name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(object_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


class CustomersPage(QWidget):
    """The customer file view (客户档案). ``open_customer(id)`` is the way in from search."""

    customer_shown = Signal(str)  # a customer's file is on screen (tests wait on this)
    work_order_opened = Signal(object)  # 接车开单 saved a new order (WorkOrderView)
    complaint_requested = Signal(object)  # 登记投诉 from this file (IntakeContext)

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.branch = branch
        # HQ only views the branches' customers: their edits are made at the branch and synced
        self.read_only = branch.mode == "hq"
        self.customer: CustomerView | None = None
        self.active_dialog: QDialog | None = None
        self._generation = 0
        self._pending_vehicle_id: str | None = None
        self._pending_notice = ""

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_file())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 940])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self._apply_permissions()

    # --- left: find --------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(300)
        self.filter = QLineEdit()
        self.filter.setObjectName("customerFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("车牌 / 手机 / VIN / 姓名"))
        self.list_model = SearchHitsModel(self)
        self.list = _table("customerList")
        self.list.setModel(self.list_model)
        for column in (SearchHitsModel.COL_VIN, SearchHitsModel.COL_VEHICLE):
            self.list.setColumnHidden(column, True)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.list.setColumnWidth(SearchHitsModel.COL_NAME, 96)
        self.list.setColumnWidth(SearchHitsModel.COL_MOBILE, 112)
        self.list_hint = QLabel(self.tr("输入车牌、手机号（或后 4 位）、VIN（或后 6 位）或姓名查找客户"))
        self.list_hint.setObjectName("customerListHint")
        self.list_hint.setWordWrap(True)
        self.new_customer_button = QPushButton(self.tr("新建客户"))
        self.new_customer_button.setObjectName("newCustomer")
        self.import_button = QPushButton(self.tr("导入客户名单"))
        self.import_button.setObjectName("importCustomers")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_customer_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list_hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self._run_filter)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter.returnPressed.connect(self._open_first_listed)
        self.list.activated.connect(lambda index: self._open_listed(index.row()))
        self.list.clicked.connect(lambda index: self._open_listed(index.row()))
        self.new_customer_button.clicked.connect(self.new_customer)
        self.import_button.clicked.connect(self.import_customers)
        return panel

    def _run_filter(self) -> None:
        text = self.filter.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self.list_model.set_hits([])
            self.list_hint.show()
            return
        services, actor = self.services, self.actor
        run_op(lambda: services.search.search(actor, text, limit=100),
               lambda hits: self._show_list(generation, hits), self._show_error)

    def _show_list(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self.list_model.set_hits(hits)
        self.list_hint.setVisible(not hits)
        if not hits:
            self.list_hint.setText(self.tr("未找到匹配的客户或车辆"))

    def _open_first_listed(self) -> None:
        if self.list_model.rowCount():
            self._open_listed(max(self.list.currentIndex().row(), 0))

    def _open_listed(self, row: int) -> None:
        if 0 <= row < self.list_model.rowCount():
            hit = self.list_model.hit(row)
            self.open_customer(hit.customer_id, vehicle_id=hit.vehicle_id)

    # --- right: the file ---------------------------------------------------------------
    def _build_file(self) -> QWidget:
        self.stack = QStackedWidget()
        empty = QLabel(self.tr("在左侧或顶部查找框中查找客户（Ctrl+F），或点击“新建客户”。"))
        empty.setObjectName("customerEmpty")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self.stack.addWidget(empty)

        file_widget = QWidget()
        file_widget.setObjectName("customerFile")
        self.name_label = QLabel()
        self.name_label.setObjectName("customerName")
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_label = QLabel()
        self.kind_label.setObjectName("customerKind")
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setObjectName("editCustomer")
        self.print_button = QPushButton(self.tr("打印客户档案"))
        self.print_button.setObjectName("printCustomerFile")
        head = QHBoxLayout()
        head.addWidget(self.name_label)
        head.addWidget(self.kind_label)
        head.addStretch(1)
        head.addWidget(self.edit_button)
        head.addWidget(self.print_button)
        self.complaint_button = QPushButton(self.tr("登记投诉"))
        self.complaint_button.setObjectName("registerComplaint")
        self.complaint_button.clicked.connect(self.request_complaint)
        head.addWidget(self.complaint_button)

        info = QGroupBox(self.tr("客户信息"))
        grid = QGridLayout(info)
        grid.setHorizontalSpacing(12)
        self.info_values: dict[str, QLabel] = {}
        fields = (
            ("mobile", self.tr("手机")), ("other_phone", self.tr("其他电话")),
            ("id_number", self.tr("证件号")), ("address", self.tr("地址")),
            ("source", self.tr("客户来源")), ("preferred_contact_time", self.tr("方便联系时间")),
            ("consent_contact", self.tr("同意回访")), ("first_visit_on", self.tr("首次到店")),
            ("notes", self.tr("备注")),
        )
        for i, (key, title) in enumerate(fields):
            row, pair = divmod(i, 3)
            caption = QLabel(title + "：")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            caption.setStyleSheet("color: #555;")
            value = QLabel()
            value.setObjectName(f"info_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setMinimumWidth(120)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(caption, row, pair * 2)
            grid.addWidget(value, row, pair * 2 + 1)
            self.info_values[key] = value
        for pair in range(3):
            grid.setColumnStretch(pair * 2 + 1, 1)

        vehicles_box = QGroupBox(self.tr("车辆"))
        self.vehicles_model = VehiclesModel(self)
        self.vehicles = _table("vehiclesTable")
        self.vehicles.setModel(self.vehicles_model)
        self.vehicles.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.vehicles.horizontalHeader().setStretchLastSection(True)
        self.add_vehicle_button = QPushButton(self.tr("添加车辆"))
        self.add_vehicle_button.setObjectName("addVehicle")
        self.edit_vehicle_button = QPushButton(self.tr("编辑车辆"))
        self.edit_vehicle_button.setObjectName("editVehicle")
        self.transfer_button = QPushButton(self.tr("过户"))
        self.transfer_button.setObjectName("transferVehicle")
        vehicle_buttons = QHBoxLayout()
        vehicle_buttons.addWidget(self.add_vehicle_button)
        vehicle_buttons.addWidget(self.edit_vehicle_button)
        vehicle_buttons.addWidget(self.transfer_button)
        from ui.pages.vehicle_service_panel import VehicleServicePanel

        self.service_panel = VehicleServicePanel(self.services, self.actor, self.branch)
        self.service_panel.work_order_opened.connect(self.work_order_opened.emit)
        if self.branch.mode != "hq":  # HQ receives no cars: its orders are the branches', read-only
            vehicle_buttons.addWidget(self.service_panel.receive_button)
        else:
            self.service_panel.receive_button.setParent(self.service_panel)
            self.service_panel.receive_button.hide()
        vehicle_buttons.addStretch(1)
        box_layout = QVBoxLayout(vehicles_box)
        box_layout.addLayout(vehicle_buttons)
        box_layout.addWidget(self.vehicles)

        self.history_box = QGroupBox(self.tr("过户记录（所选车辆）"))
        self.ownership_model = OwnershipModel(self)
        self.history = _table("ownershipTable")
        self.history.setModel(self.ownership_model)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setMaximumHeight(150)
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history)

        self.message = QLabel()
        self.message.setObjectName("customerMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        layout = QVBoxLayout(file_widget)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.message)
        layout.addWidget(info)
        layout.addWidget(vehicles_box, 1)
        layout.addWidget(self.history_box)
        layout.addWidget(self.service_panel)
        self.stack.addWidget(file_widget)

        self.edit_button.clicked.connect(self.edit_customer)
        self.print_button.clicked.connect(self.print_customer_file)
        self.add_vehicle_button.clicked.connect(self.add_vehicle)
        self.edit_vehicle_button.clicked.connect(self.edit_vehicle)
        self.transfer_button.clicked.connect(self.transfer_vehicle)
        self.vehicles.doubleClicked.connect(lambda _i: self.edit_vehicle())
        self.vehicles.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._vehicle_selected(current.row()))
        return self.stack

    def _apply_permissions(self) -> None:
        edit = can(self.actor, Permission.CUSTOMER_EDIT) and not self.read_only
        no_right = self.tr("您的角色无权编辑客户与车辆")
        for button in (self.new_customer_button, self.edit_button, self.add_vehicle_button,
                       self.edit_vehicle_button, self.transfer_button):
            button.setEnabled(edit)
            button.setToolTip("" if edit else no_right)
        printing = can(self.actor, Permission.PRINT_CUSTOMER_FILE)
        self.print_button.setEnabled(printing)
        self.print_button.setToolTip("" if printing else self.tr("您的角色无权打印客户档案"))
        importing = can(self.actor, Permission.CUSTOMER_IMPORT) and not self.read_only
        self.import_button.setEnabled(importing)
        self.import_button.setToolTip("" if importing else self.tr("仅经理或管理员可导入客户名单"))
        if self.read_only:
            for button in (self.new_customer_button, self.import_button, self.edit_button,
                           self.complaint_button, self.add_vehicle_button,
                           self.edit_vehicle_button, self.transfer_button):
                button.setEnabled(False)
                button.hide()
        self._update_vehicle_buttons()

    def request_complaint(self) -> None:
        """登记投诉 pre-filled with this customer and the selected vehicle (main window
        opens the intake dialog on the complaints page)."""
        from ui.dialogs.complaint_intake_dialog import IntakeContext

        if self.customer is None or self.read_only:
            return
        vehicle = self.selected_vehicle()
        self.complaint_requested.emit(IntakeContext(
            self.customer.id, self.customer.name, vehicle.id if vehicle else None,
            vehicle.plate if vehicle else "", "", "walk_in"))

    def _update_vehicle_buttons(self) -> None:
        edit = can(self.actor, Permission.CUSTOMER_EDIT) and not self.read_only
        has_vehicle = self.selected_vehicle() is not None
        self.edit_vehicle_button.setEnabled(edit and has_vehicle)
        self.transfer_button.setEnabled(edit and has_vehicle)

    # --- showing a customer ------------------------------------------------------------
    def open_customer(self, customer_id: str, vehicle_id: str | None = None) -> None:
        """Load and show one customer's file (from the search box, the list, a scan)."""
        self._pending_vehicle_id = vehicle_id
        services, actor = self.services, self.actor
        run_op(lambda: services.customers.get(actor, customer_id), self.show_customer,
               self._show_error)

    def show_customer(self, customer: CustomerView) -> None:
        previous = self.selected_vehicle()
        self.customer = customer
        self.message.hide()
        self.name_label.setText(customer.name)
        self.kind_label.setText(f"（{self.tr(KIND_LABELS.get(customer.kind, customer.kind))}）")
        values = {
            "mobile": customer.mobile,
            "other_phone": customer.other_phone,
            "id_number": customer.id_number,
            "address": customer.address,
            "source": customer.source,
            "preferred_contact_time": customer.preferred_contact_time,
            "consent_contact": self.tr("同意") if customer.consent_contact else self.tr("不同意"),
            "first_visit_on": customer.first_visit_on.isoformat() if customer.first_visit_on else "",
            "notes": customer.notes,
        }
        for key, label in self.info_values.items():
            label.setText(values.get(key) or "—")
        self.vehicles_model.set_vehicles(customer.vehicles)
        wanted = self._pending_vehicle_id or (previous.id if previous else None)
        self._pending_vehicle_id = None
        row = self.vehicles_model.row_of(wanted) if wanted else -1
        self._select_vehicle_row(row if row >= 0 else 0)
        self.stack.setCurrentIndex(1)
        self._update_vehicle_buttons()
        self.customer_shown.emit(customer.id)

    def _select_vehicle_row(self, row: int) -> None:
        if 0 <= row < self.vehicles_model.rowCount():
            self.vehicles.selectionModel().setCurrentIndex(
                self.vehicles_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self._vehicle_selected(-1)

    def selected_vehicle(self) -> VehicleView | None:
        index = self.vehicles.currentIndex()
        if not index.isValid() or index.row() >= self.vehicles_model.rowCount():
            return None
        return self.vehicles_model.vehicle(index.row())

    def _vehicle_selected(self, row: int) -> None:
        vehicle_row = row if 0 <= row < self.vehicles_model.rowCount() else -1
        self.service_panel.set_vehicle(
            self.vehicles_model.vehicle(vehicle_row) if vehicle_row >= 0 else None,
            self.customer.name if self.customer else "")
        if 0 <= row < self.vehicles_model.rowCount():
            vehicle = self.vehicles_model.vehicle(row)
            self.ownership_model.set_owners(vehicle.owners)
            self.history_box.setTitle(self.tr("过户记录：%1").replace("%1", vehicle.plate or vehicle.vin))
        else:
            self.ownership_model.set_owners([])
            self.history_box.setTitle(self.tr("过户记录（所选车辆）"))
        self._update_vehicle_buttons()

    def reload(self) -> None:
        if self.customer is not None:
            self.open_customer(self.customer.id)

    def _show_error(self, exc: DomainError) -> None:
        self.message.setText(error_text(exc))
        self.message.setStyleSheet("color: #c62828;")
        self.message.show()

    def _notice(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.show()

    # --- actions -----------------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog) -> QDialog:
        """Window-modal and non-blocking, so the GUI (and a test) keeps running."""
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def new_customer(self) -> None:
        from ui.dialogs.customer_dialog import CustomerDialog

        dialog = CustomerDialog(self.services, self.actor, None, self)
        dialog.saved.connect(self.show_customer)
        self._open_dialog(dialog)

    def edit_customer(self) -> None:
        from ui.dialogs.customer_dialog import CustomerDialog

        if self.customer is None:
            return
        dialog = CustomerDialog(self.services, self.actor, self.customer, self)
        dialog.saved.connect(self.show_customer)
        self._open_dialog(dialog)

    def add_vehicle(self) -> None:
        from ui.dialogs.vehicle_dialog import VehicleDialog

        if self.customer is None:
            return
        dialog = VehicleDialog(self.services, self.actor, self.customer.id, self.customer.name,
                               None, self)
        dialog.saved.connect(self._vehicle_saved)
        self._open_dialog(dialog)

    def edit_vehicle(self) -> None:
        from ui.dialogs.vehicle_dialog import VehicleDialog

        vehicle = self.selected_vehicle()
        if self.customer is None or vehicle is None or not self.edit_vehicle_button.isEnabled():
            return
        dialog = VehicleDialog(self.services, self.actor, self.customer.id, self.customer.name,
                               vehicle, self)
        dialog.saved.connect(self._vehicle_saved)
        self._open_dialog(dialog)

    def _vehicle_saved(self, vehicle: VehicleView) -> None:
        if self.customer is not None:
            self.open_customer(self.customer.id, vehicle_id=vehicle.id)

    def transfer_vehicle(self) -> None:
        from ui.dialogs.transfer_dialog import TransferDialog

        vehicle = self.selected_vehicle()
        if self.customer is None or vehicle is None:
            return
        dialog = TransferDialog(self.services, self.actor, vehicle, self.customer.name, self)
        dialog.transferred.connect(self._transferred)
        self._open_dialog(dialog)

    def _transferred(self, vehicle: VehicleView) -> None:
        new_owner = vehicle.owners[-1].customer_name if vehicle.owners else ""
        self.reload()
        self._pending_notice = self.tr("车辆 %1 已过户给“%2”，过户记录已保留。") \
            .replace("%1", vehicle.plate or vehicle.vin).replace("%2", new_owner)
        self.customer_shown.connect(self._show_pending_notice, Qt.ConnectionType.SingleShotConnection)

    def _show_pending_notice(self, _customer_id: str) -> None:
        self._notice(self._pending_notice)

    def import_customers(self) -> None:
        from ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.services, self.actor, self)
        dialog.imported.connect(lambda _n: self._run_filter())
        self._open_dialog(dialog)

    def print_customer_file(self) -> None:
        """Render 客户档案基本资料表 off the GUI thread, then show the preview."""
        if self.customer is None:
            return
        services, actor, branch, customer_id = self.services, self.actor, self.branch, self.customer.id

        def render() -> tuple[CustomerView, bytes]:
            from reports.customer_file import CustomerFileForm

            require(actor, Permission.PRINT_CUSTOMER_FILE)
            fresh = services.customers.get(actor, customer_id)
            history = {}
            if can(actor, Permission.WORKORDER_VIEW):  # 四、本店服务记录: the real visits
                history = {v.id: services.work_orders.service_history(actor, v.id)
                           for v in fresh.vehicles}
            return fresh, CustomerFileForm(branch, fresh, history=history).render()

        self.print_button.setEnabled(False)
        run_op(render, self._show_preview, self._print_failed)

    def _print_failed(self, exc: DomainError) -> None:
        self.print_button.setEnabled(True)
        self._show_error(exc)

    def _show_preview(self, result: tuple[CustomerView, bytes]) -> None:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        self.print_button.setEnabled(True)
        customer, pdf = result
        stamp = clock.today().isoformat()
        dialog = PdfPreviewDialog(pdf, self.tr("客户档案 — %1").replace("%1", customer.name),
                                  f"客户档案_{customer.name}_{stamp}.pdf", self)
        self._open_dialog(dialog)


__all__ = ["CustomersPage"]
