"""The frame every complaint dialog shares: the work-order form frame (field errors next
to fields, Enter saves, Esc cancels, ``run_op``) with a complaint service call.

Why a thin subclass: the behaviour at the counter must be the same as every other form;
only the result type differs (a fresh ``ComplaintView`` replaces what the page shows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtWidgets import QWidget

from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.order_form import OrderFormDialog, Submit

ComplaintSubmit = Callable[[], ComplaintView]


class ComplaintFormDialog(OrderFormDialog):
    """Subclasses lay out fields and implement :meth:`complaint_submission`."""

    def __init__(self, services: Services, actor: Actor, slip: ComplaintView | None, title: str,
                 parent: QWidget | None = None, save_text: str = "") -> None:
        super().__init__(services, actor, title, parent, save_text)
        self.slip = slip

    def complaint_submission(self) -> ComplaintSubmit:
        raise NotImplementedError

    def submission(self) -> Submit:
        return cast(Submit, self.complaint_submission())


__all__ = ["ComplaintFormDialog", "ComplaintSubmit"]
