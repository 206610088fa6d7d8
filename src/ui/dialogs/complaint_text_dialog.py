"""One text box for the complaint steps that are a single piece of writing: 首次回复,
调查与原因分析, 处理对策, 退回方案, 升级为重大, 不接受后重开.

Why shared: each is one text the timeline keeps with who and when; the caller passes
the service call that takes it (and the domain field name, so its error sits under the box).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QWidget

from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit


class ComplaintTextDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView, title: str, prompt: str,
                 label: str, field: str, call: Callable[[str, bool], ComplaintView], *,
                 text: str = "", check_text: str = "", checked: bool = False,
                 save_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, title, parent, save_text)
        self.setObjectName("complaintTextDialog")
        self._call = call
        hint = QLabel(prompt)
        hint.setObjectName("prompt")
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(110)
        self.add_row(label, field, self.text)
        self.check = QCheckBox(check_text)
        self.check.setObjectName("option")
        self.check.setChecked(checked)
        if check_text:
            self.form.addRow("", self.check)
        self.finish_layout()
        self.setMinimumWidth(560)
        self.text.setFocus()

    def complaint_submission(self) -> ComplaintSubmit:
        text, flag, call = self.text.toPlainText(), self.check.isChecked(), self._call
        return lambda: call(text, flag)


__all__ = ["ComplaintTextDialog"]
