"""奖罚: a penalty of the regulation (警告 / 小过 / 大过) against a responsible person of the
slip; saved, its 奖罚通知单 (three copies: 本人, 部门, 财务) opens in the preview.

Why only the slip's responsible persons are offered: the regulation punishes whom the
complaint's responsibility names; the domain refuses anyone else as well.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from domain.complaint_rules import PENALTY_LABELS, PenaltyGrade, PenaltyRules
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView
from domain.services.complaints import ComplaintSettings
from domain.services.registry import Services
from reports.complaint_text import share_text
from ui.dialogs.complaint_form import ComplaintFormDialog
from ui.dialogs.complaint_issued import IssuedForm, issued_penalty
from ui.dialogs.order_form import Submit
from ui.i18n import language
from ui.operations import run_op
from ui.widgets.amounts import money


class ComplaintPenaltyDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, branch: BranchView, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.branch = branch
        self.setObjectName("complaintPenaltyDialog")
        self.setWindowTitle(self.tr("奖罚 — %1").replace("%1", slip.number))
        self.save_button().setText(self.tr("登记并打印通知单"))
        hint = QLabel(self.tr("对本投诉的责任人处以警告、小过或大过；奖罚通知单一式三联：本人、部门、财务。"))
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.person = QComboBox()
        for party in slip.parties:
            self.person.addItem(f"{party.name}（{party.department or '—'}，{share_text(party.share_bp)}）",
                                party.staff_id)
        self.add_row(self.tr("责任人"), "staff_id", self.person)
        self.grade = QComboBox()
        self._grades(PenaltyRules())
        self.add_row(self.tr("奖罚类别"), "grade", self.grade)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.add_row(self.tr("事由"), "reason", self.reason)
        self.month = QLineEdit()
        self.month.setPlaceholderText(self.tr("YYYY-MM，空为本月"))
        self.add_row(self.tr("计入月份"), "month", self.month)
        self.finish_layout()
        self.setMinimumWidth(520)
        run_op(services.complaints.settings, self._settings_loaded, lambda _e: None)

    def _settings_loaded(self, settings: ComplaintSettings) -> None:
        self._grades(settings.penalties)

    def _grades(self, rules: PenaltyRules) -> None:
        chosen = self.grade.currentIndex()
        self.grade.clear()
        amounts = {PenaltyGrade.WARNING: rules.warning_fen, PenaltyGrade.MINOR: rules.minor_fen,
                   PenaltyGrade.MAJOR: rules.major_fen}
        for grade, fen in amounts.items():
            amount = self.tr("%1 元").replace("%1", money(fen)) if fen else self.tr("当月全部效益奖金")
            self.grade.addItem(f"{label(PENALTY_LABELS, grade, language())}（{amount}）", str(grade))
        self.grade.setCurrentIndex(max(0, chosen))

    def submission(self) -> Submit:
        assert self.slip is not None
        key, services, actor, branch = self.slip.id, self.services, self.actor, self.branch
        staff_id, grade = str(self.person.currentData() or ""), str(self.grade.currentData())
        reason, month = self.reason.text(), self.month.text().strip() or None

        def record() -> IssuedForm:
            penalty = services.complaint_penalties.record(actor, key, staff_id, grade, reason=reason, month=month)
            return issued_penalty(services, actor, branch, penalty)
        return cast(Submit, record)


__all__ = ["ComplaintPenaltyDialog"]
