"""超期原因: why a deadline of the slip was missed, one text per deadline (written again, it
replaces the text; the timeline keeps both). Only missed deadlines are offered.

Why the reason is kept: the monthly statistics list each missed report or opinion deadline
with its reason, and a 催办单 prints the reason once it is recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from domain.complaint_rules import DEADLINE_LABELS, Standing
from domain.labels import label
from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from reports.complaint_text import deadline_day
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit
from ui.i18n import language
from ui.models.complaints_model import time_left_text
from ui.widgets.amounts import local_text


def due_text(st: Standing, zone: str) -> str:
    """When a deadline falls: an exact time for the first answer, else 24:00 of its day."""
    if st.due is None:
        return ""
    if st.kind == "response":
        return local_text(st.due, zone)
    return f"{deadline_day(st.due, zone):%Y-%m-%d} 24:00"


def choice_text(st: Standing, zone: str) -> str:
    """A deadline as a line of a picker: its name, when it falls, and how it stands."""
    name = label(DEADLINE_LABELS, st.kind, language())
    if st.late:
        state = QCoreApplication.translate("ComplaintReasonDialog", "逾期完成")
    elif st.seconds_left is not None:
        state = time_left_text(st.seconds_left)
    else:
        state = ""
    return "　".join(p for p in (name, due_text(st, zone), state) if p)


class ComplaintReasonDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.setObjectName("complaintReasonDialog")
        self.setWindowTitle(self.tr("登记超期原因 — %1").replace("%1", slip.number))
        hint = QLabel(self.tr("超期原因记入投诉单，列入月度投诉统计；催办单回复的原因也在此登记。"))
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.deadline = QComboBox()
        for st in slip.standings:
            if st.missed:
                self.deadline.addItem(choice_text(st, slip.branch_timezone), str(st.kind))
        self.add_row(self.tr("超期的期限"), "deadline", self.deadline)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(90)
        self.add_row(self.tr("超期原因"), "reason", self.reason)
        self.finish_layout()
        self.setMinimumWidth(560)
        self.deadline.currentIndexChanged.connect(lambda _i: self._prefill())
        self._prefill()
        self.reason.setFocus()

    def _prefill(self) -> None:
        assert self.slip is not None
        found = self.slip.reason_for(str(self.deadline.currentData()))
        self.reason.setPlainText(found.reason if found else "")

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        key, kind, text = self.slip.id, str(self.deadline.currentData() or ""), self.reason.toPlainText()
        services, actor = self.services, self.actor
        return lambda: services.complaint_deadlines.record_reason(actor, key, kind, text)


__all__ = ["ComplaintReasonDialog", "choice_text", "due_text"]
