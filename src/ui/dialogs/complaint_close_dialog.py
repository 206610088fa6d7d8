"""结案: the final measures and whether their effect must be followed up (回访), which
becomes a task for the customer-care clerk.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit


class ComplaintCloseDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.setObjectName("complaintCloseDialog")
        self.setWindowTitle(self.tr("结案 — %1").replace("%1", slip.number))
        self.save_button().setText(self.tr("结案"))
        self.measures = QPlainTextEdit(slip.final_measures or slip.corrective_action)
        self.measures.setTabChangesFocus(True)
        self.measures.setFixedHeight(100)
        self.add_row(self.tr("最终处理措施"), "final_measures", self.measures)
        self.follow_up = QCheckBox(self.tr("需要回访处理效果（生成客服回访任务）"))
        self.follow_up.setObjectName("follow_up")
        self.follow_up.setChecked(True)
        self.form.addRow("", self.follow_up)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("回访事由（可不填）"))
        self.add_row(self.tr("回访事由"), "follow_up_reason", self.reason)
        self.follow_up.toggled.connect(self.reason.setEnabled)
        self.finish_layout()
        self.measures.setFocus()

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        key, measures = self.slip.id, self.measures.toPlainText()
        follow, reason = self.follow_up.isChecked(), self.reason.text()
        services, actor = self.services, self.actor
        return lambda: services.complaints.close(actor, key, measures, follow_up=follow,
                                                 follow_up_reason=reason)


__all__ = ["ComplaintCloseDialog"]
