"""责任归属: our responsibility (a department and/or persons with their shares), not ours
(with the reason), or the complaint is not founded (with the reason).

Why shares in whole percent: the regulation speaks of 责任比例; the domain keeps basis
points and refuses shares that do not add up to 100 %, shown under the persons' table.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from domain.complaint_rules import RESPONSIBILITY_LABELS, RESPONSIBILITY_LABELS_ZH, Responsibility
from domain.labels import label
from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.complaints import PartyInput
from domain.services.registry import Services
from domain.services.staff import StaffView
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit
from ui.i18n import language
from ui.operations import run_op

PARTY_ROWS = 3


class ComplaintResponsibilityDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.setObjectName("complaintResponsibilityDialog")
        self.setWindowTitle(self.tr("责任归属 — %1").replace("%1", slip.number))
        self.kind = QComboBox()
        for code in RESPONSIBILITY_LABELS_ZH:
            self.kind.addItem(label(RESPONSIBILITY_LABELS, code, language()), str(code))
        self.kind.setCurrentIndex(max(0, self.kind.findData(slip.responsibility or "ours")))
        self.add_row(self.tr("责任归属"), "responsibility", self.kind)
        self.department = QLineEdit(slip.responsible_department)
        self.department.setMaxLength(30)
        self.department.setPlaceholderText(self.tr("如：维修车间、配件部、服务部"))
        self.add_row(self.tr("责任部门"), "department", self.department)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("责任人")), 0, 0)
        grid.addWidget(QLabel(self.tr("责任比例(%)")), 0, 1)
        self.people: list[tuple[QComboBox, QSpinBox]] = []
        for i in range(PARTY_ROWS):
            person = QComboBox()
            person.setObjectName(f"party_{i}")
            person.addItem(self.tr("（无）"), "")
            share = QSpinBox()
            share.setObjectName(f"share_{i}")
            share.setRange(0, 100)
            share.setSuffix(" %")
            grid.addWidget(person, i + 1, 0)
            grid.addWidget(share, i + 1, 1)
            self.people.append((person, share))
        grid.setColumnStretch(0, 1)
        self.add_row(self.tr("责任人"), "parties", grid_widget)
        self.reason = QPlainTextEdit(slip.responsibility_reason)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.add_row(self.tr("原因说明"), "responsibility_reason", self.reason)
        self.finish_layout()
        self.setMinimumWidth(560)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()
        run_op(lambda: services.staff.list(actor, include_inactive=False), self._staff_loaded,
               self.show_error)

    def _staff_loaded(self, staff: list[StaffView]) -> None:
        for person, _share in self.people:
            for s in staff:
                person.addItem(s.display_name, s.id)
        assert self.slip is not None
        for (person, share), party in zip(self.people, self.slip.parties, strict=False):
            person.setCurrentIndex(max(0, person.findData(party.staff_id)))
            share.setValue(party.share_bp // 100)

    def _kind_changed(self) -> None:
        ours = self.kind.currentData() == Responsibility.OURS
        self.department.setEnabled(ours)
        for person, share in self.people:
            person.setEnabled(ours)
            share.setEnabled(ours)

    def parties(self) -> list[PartyInput]:
        chosen = [(str(p.currentData()), s.value()) for p, s in self.people if p.currentData()]
        if len(chosen) == 1:
            return [PartyInput(chosen[0][0], None)]
        return [PartyInput(staff_id, value * 100) for staff_id, value in chosen]

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        key, kind = self.slip.id, str(self.kind.currentData())
        department, reason, parties = self.department.text(), self.reason.toPlainText(), self.parties()
        services, actor = self.services, self.actor
        return lambda: services.complaints.record_responsibility(
            actor, key, kind, department=department, parties=parties, reason=reason)


__all__ = ["ComplaintResponsibilityDialog"]
