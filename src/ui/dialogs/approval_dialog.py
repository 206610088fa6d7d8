"""客户确认估价: signature on the printed order, or by phone with who and when.

Why the phone branch asks for a name and a time: DOMAIN.md §3 — the order is opened only
after the customer's approval, and a phone approval must say who approved at what time
("电话确认 10:42 张先生") because there is no signature to show later.
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.widgets.amounts import money
from ui.widgets.branch_datetime import BranchDateTimeEdit


class ApprovalMethod(QWidget):
    """Two radio buttons: 客户签字 / 电话确认."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signature = QRadioButton(self.tr("客户在委托书上签字"))
        self.signature.setObjectName("methodSignature")
        self.phone = QRadioButton(self.tr("电话确认"))
        self.phone.setObjectName("methodPhone")
        self.signature.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.signature)
        group.addButton(self.phone)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.signature)
        row.addWidget(self.phone)
        row.addStretch(1)

    def value(self) -> str:
        return "phone" if self.phone.isChecked() else "signature"


class ApprovalDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 zone: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("客户确认估价"))
        self.save_button().setText(self.tr("确认开单"))
        self.setObjectName("approvalDialog")
        self.order = order
        info = QLabel(self.tr("工单 %1　估价 %2 元　当前合计 %3 元")
                      .replace("%1", order.number).replace("%2", money(order.estimate_fen))
                      .replace("%3", money(order.totals.total_fen)))
        self.body.insertWidget(0, info)
        self.method = ApprovalMethod()
        self.approved_by = QLineEdit()
        self.approved_by.setPlaceholderText(self.tr("电话确认时必填，如：车主本人 王先生"))
        self.approved_at = BranchDateTimeEdit(zone)
        self.add_row(self.tr("确认方式"), "approval_method", self.method)
        self.add_row(self.tr("确认人"), "approved_by_name", self.approved_by)
        self.add_row(self.tr("确认时间"), "approved_at", self.approved_at)
        self.finish_layout()
        self.method.phone.toggled.connect(lambda on: on and self.approved_by.setFocus())

    def submission(self) -> Submit:
        services, actor, key = self.services, self.actor, self.order.id
        method, name, at = self.method.value(), self.approved_by.text(), self.approved_at.value()
        return lambda: services.work_orders.approve_estimate(actor, key, method, name, at)


__all__ = ["ApprovalDialog", "ApprovalMethod"]
