"""增项确认: the customer approves work added after the estimate, before it is done.

Why a record of its own: 按单施工 — new work found in the workshop goes back to the
advisor and the customer approves it again; lines added later point to this approval.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from ui.dialogs.approval_dialog import ApprovalMethod
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.widgets.amounts import number_edit, parse_fen
from ui.widgets.branch_datetime import BranchDateTimeEdit


class SupplementaryDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 zone: str | None = None, parent: QWidget | None = None,
                 description: str = "") -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("增项确认 — %1").replace("%1", order.number))
        self.setObjectName("supplementaryDialog")
        self.order = order
        self.description = QLineEdit(description)
        self.description.setPlaceholderText(self.tr("追加的项目，如：更换前刹车片"))
        self.amount = number_edit(2, "amount_fen", self.tr("元"))
        self.method = ApprovalMethod()
        self.approved_by = QLineEdit()
        self.approved_at = BranchDateTimeEdit(zone)
        self.add_row(self.tr("增项内容"), "description", self.description)
        self.add_row(self.tr("增项金额(元)"), "amount_fen", self.amount)
        self.add_row(self.tr("确认方式"), "method", self.method)
        self.add_row(self.tr("确认人"), "approved_by_name", self.approved_by)
        self.add_row(self.tr("确认时间"), "approved_at", self.approved_at)
        self.finish_layout()
        self.description.setFocus()

    def submission(self) -> Submit:
        amount = parse_fen(self.amount.text(), self.tr("增项金额"), "amount_fen", required=False)
        services, actor, key = self.services, self.actor, self.order.id
        text, method = self.description.text(), self.method.value()
        name, at = self.approved_by.text(), self.approved_at.value()
        return lambda: services.work_orders.record_supplementary(actor, key, text, amount, method,
                                                                 name, at)


__all__ = ["SupplementaryDialog"]
