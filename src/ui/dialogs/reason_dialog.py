"""One reason box for the steps that must say why: 待料, 取消, 冲销, 质检不合格.

Why shared: each is a single sentence the timeline keeps next to who and when; the
caller passes the service call that takes the reason.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from ui.dialogs.order_form import OrderFormDialog, Submit


class ReasonDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, title: str, prompt: str,
                 call: Callable[[str], WorkOrderView], parent: QWidget | None = None,
                 save_text: str = "") -> None:
        super().__init__(services, actor, title, parent, save_text)
        self.setObjectName("reasonDialog")
        self._call = call
        hint = QLabel(prompt)
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.add_row(self.tr("原因"), "reason", self.reason)
        self.finish_layout()
        self.reason.setFocus()

    def submission(self) -> Submit:
        reason, call = self.reason.text(), self._call
        return lambda: call(reason)


__all__ = ["ReasonDialog"]
