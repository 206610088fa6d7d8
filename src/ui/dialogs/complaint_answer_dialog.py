"""客户意见: whether the customer accepted the approved proposal, and how they were told.

Why never "handed the slip": the answer goes by phone, the reply letter (答复函) or in
person; a customer who does not accept gets a new slip (重新立案) from the slip view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QRadioButton, QWidget

from domain.complaint_rules import AnswerMethod
from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit


class ComplaintAnswerDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.setObjectName("complaintAnswerDialog")
        self.setWindowTitle(self.tr("客户意见 — %1").replace("%1", slip.number))
        self.accepted_button = QRadioButton(self.tr("客户接受"))
        self.accepted_button.setObjectName("answerAccepted")
        self.accepted_button.setChecked(True)
        self.refused_button = QRadioButton(self.tr("客户不接受"))
        self.refused_button.setObjectName("answerRefused")
        self.form.addRow(self.tr("客户意见"), self.accepted_button)
        self.form.addRow("", self.refused_button)
        self.method = QComboBox()
        for code, label in ((AnswerMethod.PHONE, self.tr("电话")), (AnswerMethod.LETTER, self.tr("答复函")),
                            (AnswerMethod.IN_PERSON, self.tr("当面"))):
            self.method.addItem(label, str(code))
        self.add_row(self.tr("答复方式"), "answer_method", self.method)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.add_row(self.tr("客户原话"), "answer_note", self.note)
        self.finish_layout()

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        key, accepted = self.slip.id, self.accepted_button.isChecked()
        method, note = str(self.method.currentData()), self.note.text()
        services, actor = self.services, self.actor
        return lambda: services.complaints.record_answer(actor, key, accepted, method, note)


__all__ = ["ComplaintAnswerDialog"]
