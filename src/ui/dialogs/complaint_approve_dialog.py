"""审批: the manager sees the proposal and the authority it needs, and approves it.

Why the authority is shown: a major slip or a settlement above the limit needs the
general manager (总经理); a service manager sees that before pressing 批准, and the
domain refuses him anyway if he does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from domain.complaint_rules import AUTHORITY_LABELS, Authority
from domain.labels import label
from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit
from ui.i18n import language
from ui.widgets.amounts import money


def proposal_text(slip: ComplaintView, tr: object = None) -> str:
    """The proposal in one line, as the approver and the slip view read it."""
    p = slip.proposal
    parts: list[str] = []
    if p.repair_again:
        parts.append("免费重新维修")
    for name, fen in (("退款", p.refund_fen), ("优惠", p.discount_fen), ("赔偿", p.compensation_fen)):
        if fen:
            parts.append(f"{name} {money(fen)} 元")
    if p.apology:
        parts.append("道歉")
    if p.text:
        parts.append(p.text)
    return "；".join(parts) or "—"


class ComplaintApproveDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.setObjectName("complaintApproveDialog")
        self.setWindowTitle(self.tr("审批处理方案 — %1").replace("%1", slip.number))
        self.save_button().setText(self.tr("批准"))
        proposal = QLabel(proposal_text(slip))
        proposal.setObjectName("proposal")
        proposal.setWordWrap(True)
        self.form.addRow(self.tr("处理方案"), proposal)
        total = QLabel(self.tr("%1 元").replace("%1", money(slip.proposal.settlement_fen)))
        self.form.addRow(self.tr("涉及金额"), total)
        authority = slip.approval.authority
        self.authority = QLabel(self.tr("须由%1审批").replace(
            "%1", label(AUTHORITY_LABELS, authority or Authority.SERVICE_MANAGER, language())))
        self.authority.setObjectName("requiredAuthority")
        if slip.approval.needs_general_manager:
            self.authority.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.form.addRow(self.tr("审批权限"), self.authority)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.add_row(self.tr("审批意见"), "note", self.note)
        self.finish_layout()
        self.note.setFocus()

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        key, note, services, actor = self.slip.id, self.note.text(), self.services, self.actor
        return lambda: services.complaints.approve(actor, key, note)


__all__ = ["ComplaintApproveDialog", "proposal_text"]
