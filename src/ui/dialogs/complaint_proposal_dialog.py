"""处理方案: what we offer the customer (repair again, refund, discount, compensation,
apology). Staff never promise beyond their authority: the dialog shows which approval
the amount will need before it is submitted.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QWidget

from domain.complaint_rules import AUTHORITY_LABELS, required_authority
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.complaints import ComplaintSettings, ProposalInput
from domain.services.registry import Services
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit
from ui.i18n import language
from ui.operations import run_op
from ui.widgets.amounts import number_edit, parse_fen, scaled_text
from ui.widgets.field_errors import merge_validation


class ComplaintProposalDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent, "")
        self.setObjectName("complaintProposalDialog")
        self.setWindowTitle(self.tr("处理方案 — %1").replace("%1", slip.number))
        self.save_button().setText(self.tr("提交审批"))
        p = slip.proposal
        self._limit_fen: int | None = None
        self.repair = QCheckBox(self.tr("免费重新维修"))
        self.repair.setObjectName("repair_again")
        self.repair.setChecked(p.repair_again)
        self.form.addRow("", self.repair)
        self.refund = number_edit(2, "refund_fen", self.tr("元"))
        self.discount = number_edit(2, "discount_fen", self.tr("元"))
        self.compensation = number_edit(2, "compensation_fen", self.tr("元"))
        for edit, value, caption, name in ((self.refund, p.refund_fen, self.tr("退款(元)"), "refund_fen"),
                                           (self.discount, p.discount_fen, self.tr("优惠(元)"), "discount_fen"),
                                           (self.compensation, p.compensation_fen, self.tr("赔偿金额(元)"),
                                            "compensation_fen")):
            edit.setText(scaled_text(value, 2) if value else "")
            self.add_row(caption, name, edit)
            edit.textChanged.connect(lambda _t: self.update_authority())
        self.apology = QCheckBox(self.tr("书面或当面道歉"))
        self.apology.setObjectName("apology")
        self.apology.setChecked(p.apology)
        self.form.addRow("", self.apology)
        self.text = QPlainTextEdit(p.text)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.add_row(self.tr("方案说明"), "proposal_text", self.text)
        self.authority = QLabel()
        self.authority.setObjectName("requiredAuthority")
        self.authority.setWordWrap(True)
        self.form.addRow(self.tr("审批权限"), self.authority)
        self.finish_layout()
        self.update_authority()
        run_op(services.complaints.settings, self._settings_loaded, lambda _e: None)

    def _settings_loaded(self, settings: ComplaintSettings) -> None:
        self._limit_fen = settings.gm_approval_limit_fen
        self.update_authority()

    def _amounts(self) -> tuple[int, int, int]:
        values: list[int] = []

        def read(edit: object, caption: str, name: str) -> None:
            values.append(parse_fen(edit.text(), caption, name, required=False))  # type: ignore[attr-defined]

        merge_validation(lambda: read(self.refund, self.tr("退款"), "refund_fen"),
                         lambda: read(self.discount, self.tr("优惠"), "discount_fen"),
                         lambda: read(self.compensation, self.tr("赔偿金额"), "compensation_fen"))
        return values[0], values[1], values[2]

    def update_authority(self) -> None:
        assert self.slip is not None
        if self._limit_fen is None:
            self.authority.setText("…")
            return
        try:
            total = sum(self._amounts())
        except DomainError:
            return
        authority, why = required_authority(self.slip.severity, total, self._limit_fen)
        text = self.tr("须由%1审批").replace("%1", label(AUTHORITY_LABELS, authority, language()))
        if why:
            text += f"（{self.tr(why)}）"
        self.authority.setText(text)

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        refund, discount, compensation = self._amounts()
        proposal = ProposalInput(self.repair.isChecked(), refund, discount, compensation,
                                 self.apology.isChecked(), self.text.toPlainText())
        key, services, actor = self.slip.id, self.services, self.actor
        return lambda: services.complaints.propose(actor, key, proposal)


__all__ = ["ComplaintProposalDialog"]
