"""Main window (主窗口): navigation on the left, pages on the right, search always at hand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from domain.roles import Actor, role_label
from domain.services.branch import BranchView
from domain.services.registry import Services
from ui.i18n import language
from ui.pages.customers_page import CustomersPage
from ui.pages.placeholder import PlaceholderPage
from ui.widgets.search_box import SearchBox


class MainWindow(QMainWindow):
    """Owns navigation; every page is its own module under ``ui/pages``."""

    customer_requested = Signal(str)  # customer id to open (search box, scanner)

    PAGE_KEYS = ("customers", "work_orders", "complaints", "follow_ups", "reports", "master_data", "sync",
                 "settings")

    def __init__(self, services: Services, actor: Actor, branch: BranchView, data_dir: Path,
                 parent: QWidget | None = None, *, database: str = "") -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.branch = branch
        self.data_dir = data_dir
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("售后管家 — %1 %2").replace("%1", branch.code).replace("%2", branch.name))
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.pages = QStackedWidget()
        self._page_index: dict[str, int] = {}

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.nav.width(), 1100])
        self.setCentralWidget(splitter)

        self.toolbar = QToolBar(self.tr("查询"))
        self.toolbar.setObjectName("searchToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.search_box = SearchBox(services, actor)
        self.toolbar.addWidget(self.search_box)
        self.search_box.customer_chosen.connect(self.customer_requested)

        user = QLabel(f"{actor.display_name}（{role_label(actor.role, language())}）")
        user.setObjectName("currentUser")
        # which database: this PC's file, this PC as the main PC, or the main PC (several PCs)
        self.database_label = QLabel(self.tr("数据库：%1").replace("%1", database))
        self.database_label.setObjectName("databasePlace")
        self.database_label.setVisible(bool(database))
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().addPermanentWidget(user)

        self._build_pages()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.customer_requested.connect(self.open_customer)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        QShortcut(QKeySequence("F3"), self, self.focus_search)
        self._setup_complaints()
        self._build_menus()
        self._setup_changes_elsewhere()
        self.start_panel: QWidget | None = None

    def _build_menus(self) -> None:
        """Menu bar: 帮助 → 打开数据文件夹, 关于 (ui.help_menu)."""
        from ui.help_menu import install_help_menu

        self.help_menu = install_help_menu(self, self.data_dir)

    # --- pages ---------------------------------------------------------------------------
    def titles(self) -> dict[str, str]:
        return {
            "customers": self.tr("客户与车辆"),
            "work_orders": self.tr("维修工单"),
            "complaints": self.tr("客户投诉"),
            "follow_ups": self.tr("跟踪回访"),
            "reports": self.tr("报表统计"),
            "master_data": self.tr("基础资料"),
            "sync": self.tr("总部同步"),
            "settings": self.tr("系统设置"),
        }

    def _build_pages(self) -> None:
        titles = self.titles()
        built = self._real_pages()
        for key in self.PAGE_KEYS:
            widget = built.get(key) or PlaceholderPage(titles[key])
            self.add_page(key, titles[key], widget)

    def _real_pages(self) -> dict[str, QWidget]:
        """Pages that exist so far; the rest show a placeholder."""
        from ui.pages.masterdata_page import MasterDataPage
        from ui.pages.reports_page import ReportsPage
        from ui.pages.settings_page import SettingsPage
        from ui.pages.work_orders_page import WorkOrdersPage

        customers = CustomersPage(self.services, self.actor, self.branch)
        work_orders: QWidget
        complaints: QWidget
        if self.branch.mode == "hq":  # HQ receives no cars and handles no complaints: it watches
            work_orders, complaints = self._hq_lists()
        else:
            work_orders = WorkOrdersPage(self.services, self.actor, self.branch)
            # 接车开单 on the customer file: the new order opens on the work-orders page
            customers.work_order_opened.connect(lambda order: self._show_work_order(order))
            customers.service_panel.order_requested.connect(self._open_work_order)
            complaints = self._complaints_page(customers, work_orders)
        return {
            "customers": customers,
            "work_orders": work_orders,
            "complaints": complaints,
            "follow_ups": self._care_page(),
            "reports": ReportsPage(self.services, self.actor, self.branch),
            "master_data": MasterDataPage(self.services, self.actor, self.branch),
            "sync": self._sync_page(),
            "settings": SettingsPage(self.services, self.actor, self.branch),
        }

    def _hq_lists(self) -> tuple[QWidget, QWidget]:
        """At HQ: every branch's work orders and complaint slips, read-only, by branch."""
        from ui.pages.hq_complaints_tab import HQComplaintsTab
        from ui.pages.hq_work_orders_tab import HQWorkOrdersTab

        return (HQWorkOrdersTab(self.services, self.actor, self.branch),
                HQComplaintsTab(self.services, self.actor, self.branch))

    def _sync_page(self) -> QWidget:
        """总部同步; the app hands in its actions afterwards (``SyncPage.set_actions``)."""
        from ui.pages.sync_page import SyncPage

        page = SyncPage(self.services, self.actor, self.branch)
        page.list_requested.connect(self._show_hq_list)  # HQ console: 查看各分店工单/投诉
        page.imported.connect(self._refresh_hq_lists)
        return page

    def _show_hq_list(self, key: str) -> None:
        """The consolidated list, read again (an import may have just brought new rows)."""
        refresh = getattr(self.show_page(key), "refresh", None)
        if callable(refresh):
            refresh()

    def _refresh_hq_lists(self) -> None:
        """After an import at HQ: the branches' work orders and complaints read again."""
        if self.branch.mode != "hq":
            return
        for key in ("work_orders", "complaints"):
            refresh = getattr(self.page(key), "refresh", None)
            if callable(refresh):
                refresh()

    def _care_page(self) -> QWidget:
        """跟踪回访; a complaint raised on a call changes the complaints badge."""
        from ui.pages.care_page import CarePage

        page = CarePage(self.services, self.actor, self.branch)
        page.care_changed.connect(self.refresh_complaint_badge)
        return page

    def _open_work_order(self, key: str) -> None:
        from ui.pages.work_orders_page import WorkOrdersPage

        page = self.show_page("work_orders")
        if isinstance(page, WorkOrdersPage):
            page.open_order(key)

    def _show_work_order(self, order: object) -> None:
        from ui.pages.work_orders_page import WorkOrdersPage

        page = self.show_page("work_orders")
        if isinstance(page, WorkOrdersPage):
            page.show_opened(order)  # type: ignore[arg-type]

    # --- 开始使用: a new, empty shop's first screen -----------------------------------------
    def offer_start_panel(self) -> None:
        """At a branch with neither customers nor work orders, the start panel comes first
        (the app asks after login; a window built for one page's test does not)."""
        if self.branch.mode == "hq":
            return
        from ui.alive import if_alive
        from ui.operations import run_op

        services = self.services
        run_op(services.branches.is_empty, if_alive(self, self._show_start_panel), lambda _e: None)

    def _show_start_panel(self, empty: bool) -> None:
        from ui.pages.start_panel import StartPanel

        if not empty or self.start_panel is not None:
            return
        panel = StartPanel(self.services, self.actor, self.branch)
        panel.setObjectName("page_start")
        panel.first_order_opened.connect(self._first_order_opened)
        panel.customers_imported.connect(self._customers_imported)
        # first in the list: the stack first, so the navigation's signal finds the same page
        self.pages.insertWidget(0, panel)
        self._page_index = {key: index + 1 for key, index in self._page_index.items()}
        self._page_index["start"] = 0
        item = QListWidgetItem(self.tr("开始使用"))
        item.setData(Qt.ItemDataRole.UserRole, "start")
        self.nav.insertItem(0, item)
        self.start_panel = panel
        self.show_page("start")

    def _first_order_opened(self, order: object) -> None:
        self._show_work_order(order)
        self._retire_start_panel()

    def _customers_imported(self, count: int) -> None:
        if count:  # the customers page finds them (车牌 / 手机 / 姓名)
            self.show_page("customers")
            self._retire_start_panel()

    def _retire_start_panel(self) -> None:
        """The shop has records now: the panel leaves the navigation (its page stays, so the
        other pages keep their places)."""
        if self.start_panel is not None:
            self.nav.setRowHidden(self._page_index["start"], True)

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        widget.setObjectName(f"page_{key}")
        index = self.pages.addWidget(widget)
        self._page_index[key] = index
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)

    def show_page(self, key: str) -> QWidget:
        index = self._page_index[key]
        self.nav.setCurrentRow(index)
        return self.page(key)

    def page(self, key: str) -> QWidget:
        widget = self.pages.widget(self._page_index[key])
        assert widget is not None
        return widget

    def open_customer(self, customer_id: str) -> None:
        """Show the customers page with this customer's file (search box, scanner)."""
        page = self.show_page("customers")
        if isinstance(page, CustomersPage):
            page.open_customer(customer_id)

    # --- complaints (客户投诉): page wiring, overdue badge, major-complaint notice --------
    def _complaints_page(self, customers: QWidget, work_orders: QWidget) -> QWidget:
        """The complaints page, and 登记投诉 from the customer file and the work order."""
        from ui.pages.complaints_page import ComplaintsPage

        page = ComplaintsPage(self.services, self.actor, self.branch)
        page.complaints_changed.connect(self.refresh_complaint_badge)

        def register(context: object) -> None:
            self.show_page("complaints")
            page.register_complaint(context)  # type: ignore[arg-type]

        for source in (customers, getattr(work_orders, "panel", None)):
            signal = getattr(source, "complaint_requested", None)
            if signal is not None:
                signal.connect(register)
        return page

    def _setup_complaints(self) -> None:
        from PySide6.QtCore import QTimer

        self.complaint_badge_count = 0
        self._badge_timer = QTimer(self)
        self._badge_timer.setObjectName("complaintBadgeTimer")
        self._badge_timer.setInterval(5 * 60 * 1000)
        self._badge_timer.timeout.connect(self.refresh_complaint_badge)
        self._badge_timer.start()
        self.refresh_complaint_badge()
        self.major_banner: QToolBar | None = None
        from domain.roles import MANAGERS

        if self.actor.role in MANAGERS:
            from ui.alive import if_alive
            from ui.operations import run_op

            services, actor = self.services, self.actor
            run_op(lambda: services.complaints.major_open_for_manager(actor),
                   if_alive(self, self._show_major_banner), lambda _e: None)

    def refresh_complaint_badge(self) -> None:
        """客户投诉 (3) in red on the navigation: open slips past a deadline."""
        from ui.alive import if_alive
        from ui.operations import run_op

        services, actor = self.services, self.actor
        run_op(lambda: services.complaints.count_overdue(actor), if_alive(self, self._set_badge),
               lambda _e: None)

    def _set_badge(self, count: int) -> None:
        from PySide6.QtGui import QBrush, QColor

        self.complaint_badge_count = count
        index = self._page_index.get("complaints")
        item = self.nav.item(index) if index is not None else None
        if item is None:
            return
        title = self.titles()["complaints"]
        item.setText(f"{title} ({count})" if count else title)
        item.setForeground(QBrush(QColor("#c62828")) if count else QBrush())
        item.setToolTip(self.tr("%1 张投诉单已超期").replace("%1", str(count)) if count else "")

    def _show_major_banner(self, rows: list[object]) -> None:
        """A manager logs in: open major complaints are shown at the top (non-blocking)."""
        from PySide6.QtWidgets import QPushButton

        if not rows:
            return
        numbers = "、".join(f"{getattr(r, 'number', '')} {getattr(r, 'customer_name', '')}".strip()
                           for r in rows[:5])
        more = self.tr(" 等 %1 张").replace("%1", str(len(rows))) if len(rows) > 5 else ""
        bar = QToolBar(self.tr("重大投诉"))
        bar.setObjectName("majorComplaintBanner")
        bar.setMovable(False)
        bar.setStyleSheet("QToolBar { background: #ffebee; border-bottom: 1px solid #c62828; }")
        label = QLabel(self.tr("重大投诉待处理：%1%2").replace("%1", numbers).replace("%2", more))
        label.setObjectName("majorComplaintText")
        label.setStyleSheet("color: #b71c1c; font-weight: bold; padding: 4px;")
        bar.addWidget(label)
        show = QPushButton(self.tr("查看"))
        show.setObjectName("majorComplaintShow")
        first = str(getattr(rows[0], "id", ""))
        show.clicked.connect(lambda: self._open_complaint(first))
        bar.addWidget(show)
        dismiss = QPushButton(self.tr("知道了"))
        dismiss.setObjectName("majorComplaintDismiss")
        dismiss.clicked.connect(bar.hide)
        bar.addWidget(dismiss)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.major_banner = bar

    def _open_complaint(self, key: str) -> None:
        page = self.show_page("complaints")
        opener = getattr(page, "open_slip", None)
        if opener is not None and key:
            opener(key)

    # --- other desks' saves (the shop's server tells: app.change_listener) ----------------
    #: a burst of saves (several desks, or one save in several steps) reads the lists once
    ELSEWHERE_DELAY_MS = 300
    LIVE_PAGES = ("work_orders", "complaints", "follow_ups", "master_data")

    def _setup_changes_elsewhere(self) -> None:
        from PySide6.QtCore import QTimer

        self._tables_elsewhere: set[str] = set()
        self._elsewhere_timer = QTimer(self)
        self._elsewhere_timer.setObjectName("changesElsewhereTimer")
        self._elsewhere_timer.setSingleShot(True)
        self._elsewhere_timer.setInterval(self.ELSEWHERE_DELAY_MS)
        self._elsewhere_timer.timeout.connect(self._apply_changes_elsewhere)

    def changed_elsewhere(self, tables: frozenset[str]) -> None:
        """Another desk committed changes to ``tables``: within a short pause (not restarted
        by later changes, so a busy shop still sees them promptly) the pages that show such
        rows read them again, a page not on screen when it is next shown."""
        self._tables_elsewhere |= tables
        if not self._elsewhere_timer.isActive():
            self._elsewhere_timer.start()

    def _apply_changes_elsewhere(self) -> None:
        tables, self._tables_elsewhere = frozenset(self._tables_elsewhere), set()
        for key in self.LIVE_PAGES:
            changed = getattr(self.page(key), "changed_elsewhere", None)
            if callable(changed):
                changed(tables)
        if any(name.startswith("complaint_") for name in tables):
            self.refresh_complaint_badge()

    def focus_search(self) -> None:
        """Ctrl+F / F3: jump to the search box from anywhere (keyboard-first counter)."""
        box = self.findChild(QWidget, "searchBox")
        if box is not None:
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
