"""整单折扣: an amount off the customer's share, with the reason.

Why the dialog does not check the limit itself: the limit is a branch setting and only
the domain decides (a manager may go above it); its refusal is shown next to the amount.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.widgets.amounts import money, number_edit, parse_fen, scaled_text


class DiscountDialog(OrderFormDialog):
    field_aliases = {"discount_fen": "order_discount_fen"}

    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("整单折扣 — %1").replace("%1", order.number))
        self.setObjectName("discountDialog")
        self.order = order
        share = order.totals.customer_fen + order.order_discount_fen
        self.body.insertWidget(0, QLabel(self.tr("客户应付（折扣前）：%1 元").replace("%1", money(share))))
        self.amount = number_edit(2, "order_discount_fen", self.tr("元，0 表示取消折扣"))
        if order.order_discount_fen:
            self.amount.setText(scaled_text(order.order_discount_fen, 2))
        self.reason = QLineEdit(order.order_discount_reason)
        self.add_row(self.tr("折扣金额(元)"), "order_discount_fen", self.amount)
        self.add_row(self.tr("折扣原因"), "reason", self.reason)
        self.finish_layout()
        self.amount.setFocus()

    def submission(self) -> Submit:
        amount = parse_fen(self.amount.text(), self.tr("折扣金额"), "order_discount_fen",
                           required=False)
        services, actor, key, reason = self.services, self.actor, self.order.id, self.reason.text()
        return lambda: services.work_orders.set_order_discount(actor, key, amount, reason)


__all__ = ["DiscountDialog"]
