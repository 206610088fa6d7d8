"""结算: the cashier records how the customer's share was paid, in one or more methods.

Why rows and a running difference: a customer often pays part by WeChat and the rest in
cash; the payments must add up to the customer's share to the fen, and the cashier sees
the gap before pressing Enter (the domain checks it again).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from domain.errors import ValidationError
from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import PaymentInput
from domain.workorder_rules import PAYER_LABELS, PAYMENT_LABELS, PaymentMethod
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language
from ui.widgets.amounts import money, number_edit, parse_fen, scaled_text


class PaymentRow:
    """One payment line: method, amount, reference (the widgets live in the grid)."""

    def __init__(self, index: int) -> None:
        self.method = QComboBox()
        self.method.setObjectName(f"method_{index}")
        for method in PaymentMethod:
            self.method.addItem(label(PAYMENT_LABELS, method, language()),
                                method.value)
        self.amount = number_edit(2, f"amount_{index}")
        self.reference = QLineEdit()
        self.reference.setObjectName(f"reference_{index}")
        self.reference.setPlaceholderText(
            QCoreApplication.translate("SettleDialog", "流水号/卡号后四位"))

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.method, self.amount, self.reference)


class SettleDialog(OrderFormDialog):
    field_aliases = {"amount_fen": "payments", "method": "payments"}

    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("结算 — %1").replace("%1", order.number))
        self.save_button().setText(self.tr("结算"))
        self.setObjectName("settleDialog")
        self.order = order
        self.due_fen = order.totals.customer_fen
        split = [f"{label(PAYER_LABELS, s.payer, language())} {money(s.total_fen)}"
                 for s in order.totals.shares]
        summary = QLabel(self.tr("合计 %1 元（%2）　客户应付 %3 元")
                         .replace("%1", money(order.totals.total_fen)).replace("%2", "，".join(split))
                         .replace("%3", money(self.due_fen)))
        summary.setObjectName("settleSummary")
        self.body.insertWidget(0, summary)
        box = QGroupBox(self.tr("收款"))
        self.grid = QGridLayout(box)
        for col, text in enumerate((self.tr("收款方式"), self.tr("金额(元)"), self.tr("参考号"))):
            self.grid.addWidget(QLabel(text), 0, col)
        self.rows: list[PaymentRow] = []
        self.add_button = QPushButton(self.tr("增加收款方式"))
        self.add_button.setObjectName("addPayment")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_payment())
        self.body.insertWidget(1, box)
        self.body.insertWidget(2, self.add_button)
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.add_row(self.tr("差额"), "payments", self.balance)
        self.finish_layout()
        first = self.add_payment()
        first.amount.setText(scaled_text(self.due_fen, 2))
        first.amount.selectAll()
        first.amount.setFocus()

    def add_payment(self, method: str = PaymentMethod.CASH.value) -> PaymentRow:
        row = PaymentRow(len(self.rows))
        row.method.setCurrentIndex(row.method.findData(method))
        line = len(self.rows) + 1
        for col, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, line, col)
        row.amount.textChanged.connect(lambda _t: self._update_balance())
        self.rows.append(row)
        self._update_balance()
        row.amount.setFocus()
        return row

    def _entered(self) -> int:
        total = 0
        for row in self.rows:
            with contextlib.suppress(ValidationError):
                total += parse_fen(row.amount.text(), "", "payments", required=False)
        return total

    def _update_balance(self) -> None:
        gap = self.due_fen - self._entered()
        if gap == 0:
            self.balance.setText(self.tr("已收齐"))
            self.balance.setStyleSheet("color: #2e7d32;")
        else:
            text = self.tr("还差 %1 元") if gap > 0 else self.tr("多收 %1 元")
            self.balance.setText(text.replace("%1", money(abs(gap))))
            self.balance.setStyleSheet("color: #c62828;")

    def payments(self) -> list[PaymentInput]:
        result = []
        for row in self.rows:
            if not row.amount.text().strip():
                continue
            amount = parse_fen(row.amount.text(), self.tr("收款金额"), "payments")
            if amount:
                result.append(PaymentInput(str(row.method.currentData()), amount,
                                           row.reference.text()))
        return result

    def submission(self) -> Submit:
        payments = self.payments()
        services, actor, key = self.services, self.actor, self.order.id
        return lambda: services.work_orders.settle(actor, key, payments)


__all__ = ["PaymentRow", "SettleDialog"]
