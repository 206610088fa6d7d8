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
from ui.pages.placeholder import PlaceholderPage


class MainWindow(QMainWindow):
    """Owns navigation; every page is its own module under ``ui/pages``."""

    customer_requested = Signal(str)  # customer id to open (search box, scanner)

    PAGE_KEYS = ("customers", "work_orders", "complaints", "follow_ups", "reports", "sync", "settings")

    def __init__(self, services: Services, actor: Actor, branch: BranchView, data_dir: Path,
                 parent: QWidget | None = None) -> None:
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
        self.setCentralWidget(splitter)

        self.toolbar = QToolBar(self.tr("查询"))
        self.toolbar.setObjectName("searchToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        user = QLabel(f"{actor.display_name}（{role_label(actor.role)}）")
        user.setObjectName("currentUser")
        self.statusBar().addPermanentWidget(user)

        self._build_pages()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("F3"), self, activated=self.focus_search)

    # --- pages ---------------------------------------------------------------------------
    def titles(self) -> dict[str, str]:
        return {
            "customers": self.tr("客户与车辆"),
            "work_orders": self.tr("维修工单"),
            "complaints": self.tr("客户投诉"),
            "follow_ups": self.tr("跟踪回访"),
            "reports": self.tr("报表统计"),
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
        return {}

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
        return self.pages.widget(index)

    def page(self, key: str) -> QWidget:
        return self.pages.widget(self._page_index[key])

    def focus_search(self) -> None:
        """Ctrl+F / F3: jump to the search box from anywhere (keyboard-first counter)."""
        box = self.findChild(QWidget, "searchBox")
        if box is not None:
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
