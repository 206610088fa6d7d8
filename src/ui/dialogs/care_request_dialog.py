"""服务主任答复: the supervisor answers a request a follow-up call could not settle.

Why its own small form: the regulation wants such a request answered within 2 days and the
customer told the answer the same day it is decided (DOMAIN.md §5). The supervisor writes
the answer and says whether they told the customer themselves; if not, the care desk gets
a call due today (告知客户答复) and the call record shows whether it was the same day.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QWidget

from domain.roles import Actor
from domain.services.care_views import CallView, CareTaskRow
from domain.services.registry import Services
from ui.dialogs.order_form import OrderFormDialog, Submit


class CareRequestDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, task: CareTaskRow, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, self.tr("答复客户要求 — %1").replace("%1", task.customer_name), parent,
                         self.tr("保存答复"))
        self.setObjectName("careRequestDialog")
        self.task = task
        summary = QLabel("<br/>".join(x for x in (
            f"<b>{task.customer_name}</b>　{task.mobile}　{' '.join(y for y in (task.plate, task.vehicle_model) if y)}",
            task.reason,
            self.tr("应于 %1 前答复").replace("%1", (task.window_end or task.due_on).isoformat())) if x))
        summary.setObjectName("requestSummary")
        summary.setWordWrap(True)
        summary.setStyleSheet("background: #f4f6f8; padding: 6px;")
        self.form.addRow(summary)
        self.decision = QPlainTextEdit()
        self.decision.setTabChangesFocus(True)
        self.decision.setFixedHeight(80)
        self.add_row(self.tr("答复"), "decision", self.decision)
        self.told = QCheckBox(self.tr("已亲自告知客户（否则由客服今天电话告知）"))
        self.told.setObjectName("customerTold")
        self.form.addRow("", self.told)
        self.finish_layout()
        self.setMinimumWidth(520)
        self.decision.setFocus()

    def submission(self) -> Submit:
        services, actor, task_id = self.services, self.actor, self.task.id
        decision, told = self.decision.toPlainText(), self.told.isChecked()

        def call() -> CallView:
            return services.care.decide_request(actor, task_id, decision, customer_told=told)

        return cast(Submit, call)


__all__ = ["CareRequestDialog"]
