"""开始使用: what a new, empty shop sees after its first login.

Why a panel and not a tour: a shop with no customers and no work orders has two ways to
begin — receive the car standing at the door (接第一辆车), or bring in the customer list it
kept in Excel (导入客户名单). Both are one click away here; everything else waits in the
navigation. The main window shows the panel only while the branch is empty
(``BranchService.is_empty``) and hides it once either action has put records in.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.registry import Services

BUTTON_HEIGHT = 120
BUTTON_WIDTH = 300


class StartPanel(QWidget):
    """Two big actions; ``first_order_opened`` and ``customers_imported`` tell the window."""

    first_order_opened = Signal(object)  # WorkOrderView
    customers_imported = Signal(int)

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.branch = branch
        self.active_dialog: QDialog | None = None

        title = QLabel(self.tr("欢迎使用售后管家"))
        title.setObjectName("startTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr("%1 还没有客户和工单。从这里开始：").replace("%1", branch.name))
        intro.setObjectName("startIntro")
        intro.setWordWrap(True)

        self.receive_button = self._big_button(
            "receiveFirstCar", self.tr("接第一辆车"),
            self.tr("客户、车辆、工单一次登记\n全程键盘操作，开单后直接打印委托书"))
        self.import_button = self._big_button(
            "importCustomerList", self.tr("导入客户名单"),
            self.tr("把 Excel 或 CSV 里已有的客户和车辆导入\n先预览，有错的行会标出原因"))
        widest = max(self.receive_button.minimumWidth(), self.import_button.minimumWidth())
        for button in (self.receive_button, self.import_button):  # side by side, one size
            button.setMinimumWidth(widest)
        receiving = can(actor, Permission.CUSTOMER_EDIT) and can(actor, Permission.WORKORDER_EDIT)
        self.receive_button.setEnabled(receiving)
        if not receiving:
            self.receive_button.setToolTip(self.tr("仅服务顾问、经理或店长可以接车开单"))
        importing = can(actor, Permission.CUSTOMER_IMPORT)
        self.import_button.setEnabled(importing)
        if not importing:
            self.import_button.setToolTip(self.tr("仅经理、店长或管理员可导入客户名单"))
        self.receive_button.clicked.connect(self.receive_first_car)
        self.import_button.clicked.connect(self.import_customers)

        note = QLabel(self.tr("以后随时可以从左侧的“客户与车辆”和“维修工单”接车开单；员工账号在“系统设置”中管理。"))
        note.setObjectName("startNote")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")

        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addStretch(1)

    def _big_button(self, name: str, text: str, detail: str) -> QPushButton:
        """A large button: the action in bold, what it does in grey under it."""
        button = QPushButton()
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setMinimumSize(BUTTON_WIDTH, BUTTON_HEIGHT)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        title = QLabel(text)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        words = QLabel(detail)
        words.setStyleSheet("color: #555555;")
        for label in (title, words):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inside = QVBoxLayout(button)
        inside.setContentsMargins(20, 14, 20, 14)
        inside.setSpacing(6)
        inside.addWidget(title)
        inside.addWidget(words)
        inside.addStretch(1)
        button.setMinimumSize(inside.sizeHint().expandedTo(QSize(BUTTON_WIDTH, BUTTON_HEIGHT)))
        return button

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        if self.receive_button.isEnabled():
            self.receive_button.setFocus()

    # --- actions -----------------------------------------------------------------------
    def receive_first_car(self) -> None:
        from ui.dialogs.first_car_dialog import FirstCarDialog

        # the window's: the order opens behind it while the dialog offers to print
        dialog = FirstCarDialog(self.services, self.actor, self.branch, self.window())
        dialog.saved.connect(self.first_order_opened)
        self._open(dialog)

    def import_customers(self) -> None:
        from ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.services, self.actor, self)
        dialog.imported.connect(self.customers_imported)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking, as every dialog of the pages."""
        self.active_dialog = dialog
        dialog.open()


__all__ = ["StartPanel"]
