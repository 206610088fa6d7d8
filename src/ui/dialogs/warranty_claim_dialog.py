"""保修索赔 on the work-order page: the claims table, 提交索赔 and 厂家结果.

Why dialogs of their own rather than ``OrderFormDialog``: a claim is not a work-order
state — the service answers with a ``ClaimView``, not the order — but the keys and the
look are the same: fields with their own red error line, Enter saves, Esc cancels, the
call runs through ``run_op`` and the dialog closes only when the domain accepted it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError, ValidationError
from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.warranty_claims import (
    CLAIM_NUMBER_MAX,
    DECISION_LABELS,
    REASON_MAX,
    STATUS_LABELS,
    ClaimView,
    Decision,
)
from domain.services.workorder_views import WorkOrderView
from ui.i18n import language
from ui.models.work_order_tables import Column
from ui.operations import run_op
from ui.widgets.amounts import local_text, money, number_edit, parse_fen, scaled_text
from ui.widgets.field_errors import FieldErrors, merge_validation

ClaimCall = Callable[[], ClaimView]


def tr(text: str) -> str:
    """Module-level strings: pyside6-lupdate files a bare ``tr()`` call under the empty context."""
    return QCoreApplication.translate("", text)


def claim_columns(zone: str | None) -> list[Column[ClaimView]]:
    """The claims table of one order: what was claimed, and what the manufacturer said."""

    def decision(c: ClaimView) -> str:
        text = label(DECISION_LABELS, c.decision, language()) if c.decision else "—"
        if c.decision in (Decision.ACCEPTED, Decision.PARTIALLY):
            text += f" {money(c.decided_fen)}"
        return text

    return [
        Column(tr("索赔单号"), lambda c: c.claim_number or "—"),
        Column(tr("提交日期"), lambda c: local_text(c.submitted_at, zone, "%Y-%m-%d")),
        Column(tr("索赔金额"), lambda c: money(c.claimed_fen), True),
        Column(tr("状态"), lambda c: label(STATUS_LABELS, c.status, language()),
               alert=lambda c: c.status == "pending"),
        Column(tr("厂家结论"), decision, alert=lambda c: c.decision == Decision.REJECTED),
        Column(tr("答复日期"), lambda c: c.decided_on.isoformat() if c.decided_on else "—"),
        Column(tr("原因"), lambda c: c.decision_reason or "—"),
        Column(tr("提交人"), lambda c: c.submitted_by_name),
        Column(tr("备注"), lambda c: " ".join(c.note.split())),
    ]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def date_edit(name: str, day: dt.date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class ClaimFormDialog(QDialog):
    """Subclasses add rows with :meth:`add_row` and implement :meth:`submission`."""

    saved = Signal(object)  # ClaimView

    def __init__(self, services: Services, actor: Actor, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.result_view: ClaimView | None = None
        self.setWindowTitle(title)
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        self.general.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button().setText(self.tr("保存"))
        self.save_button().setObjectName("saveButton")
        self.save_button().setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.general)
        self.body.addLayout(self.form)
        self.setMinimumWidth(460)

    def finish_layout(self) -> None:
        self.body.addStretch(1)
        self.body.addWidget(self.buttons)

    def add_row(self, text: str, name: str, widget: QWidget) -> None:
        if not widget.objectName():
            widget.setObjectName(name)
        self.form.addRow(text, self.errors.row(name, widget))
        if isinstance(widget, QLineEdit):  # the message goes once the clerk corrects the box
            widget.textEdited.connect(lambda _text: self.errors.hide(name))

    def save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def submission(self) -> ClaimCall:
        """Read the fields (raising ValidationError for a bad box) and return the call."""
        raise NotImplementedError

    def accept(self) -> None:
        if not self.save_button().isEnabled():
            return
        self.errors.clear()
        try:
            call = self.submission()
        except DomainError as exc:
            self.errors.show(exc)
            return
        self.save_button().setEnabled(False)
        run_op(call, self._saved, self._failed)

    def _saved(self, view: ClaimView) -> None:
        self.save_button().setEnabled(True)
        self.result_view = view
        self.saved.emit(view)
        super().accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button().setEnabled(True)
        self.errors.show(exc)


class SubmitClaimDialog(ClaimFormDialog):
    """提交索赔: the manufacturer's claim number, the amount claimed, when it was sent."""

    def __init__(self, services: Services, actor: Actor, order: WorkOrderView, zone: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.save_button().setText(self.tr("提交"))
        self.setWindowTitle(self.tr("提交索赔 — %1").replace("%1", order.number))
        self.setObjectName("submitClaimDialog")
        self.order = order
        warranty = sum(s.total_fen for s in order.totals.shares if s.payer == "warranty")
        hint = QLabel(self.tr("工单 %1 的保修金额：%2 元").replace("%1", order.number)
                      .replace("%2", money(warranty)))
        self.body.insertWidget(0, hint)
        self.claim_number = QLineEdit()
        self.claim_number.setMaxLength(CLAIM_NUMBER_MAX)
        self.claim_number.setPlaceholderText(self.tr("厂家系统给出的索赔单号"))
        self.amount = number_edit(2, "claimed_fen", self.tr("元"))
        if warranty > 0:
            self.amount.setText(scaled_text(warranty, 2))
        self.submitted_on = date_edit("submitted_on", clock.today(zone))
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("故障现象、鉴定结论等"))
        self.add_row(self.tr("索赔单号"), "claim_number", self.claim_number)
        self.add_row(self.tr("索赔金额(元)"), "claimed_fen", self.amount)
        self.add_row(self.tr("提交日期"), "submitted_on", self.submitted_on)
        self.add_row(self.tr("备注"), "note", self.note)
        self.finish_layout()
        self.claim_number.setFocus()

    def submission(self) -> ClaimCall:
        number = self.claim_number.text().strip()
        amount = 0

        def check_number() -> None:
            if not number:
                raise ValidationError("required", "claim_number", label=self.tr("索赔单号"))

        def check_amount() -> None:
            nonlocal amount
            amount = parse_fen(self.amount.text(), self.tr("索赔金额"), "claimed_fen")

        merge_validation(check_number, check_amount)
        services, actor, order_id = self.services, self.actor, self.order.id
        note, on = self.note.text(), _pydate(self.submitted_on)
        return lambda: services.warranty_claims.submit(actor, order_id, amount, note,
                                                       claim_number=number, submitted_on=on)


class DecisionDialog(ClaimFormDialog):
    """厂家结果: 通过, 部分通过 with the amount paid, or 拒赔 with the manufacturer's reason."""

    def __init__(self, services: Services, actor: Actor, claim: ClaimView, zone: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        title = claim.claim_number or claim.work_order_number
        self.setWindowTitle(self.tr("厂家结果 — %1").replace("%1", title))
        self.setObjectName("claimDecisionDialog")
        self.claim = claim
        self.body.insertWidget(0, QLabel(self.tr("索赔金额：%1 元，提交于 %2")
                                         .replace("%1", money(claim.claimed_fen))
                                         .replace("%2", local_text(claim.submitted_at, zone, "%Y-%m-%d"))))
        self.decision = QComboBox()
        for kind in (Decision.ACCEPTED, Decision.PARTIALLY, Decision.REJECTED):
            self.decision.addItem(label(DECISION_LABELS, kind, language()), kind.value)
        self.amount = number_edit(2, "decided_fen", self.tr("元"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_MAX)
        self.decided_on = date_edit("decided_on", clock.today(zone))
        self.add_row(self.tr("厂家结论"), "decision", self.decision)
        self.add_row(self.tr("核准金额(元)"), "decided_fen", self.amount)
        self.add_row(self.tr("原因"), "reason", self.reason)
        self.add_row(self.tr("答复日期"), "decided_on", self.decided_on)
        self.finish_layout()
        self.decision.currentIndexChanged.connect(lambda _i: self._decision_changed())
        self._decision_changed()
        self.decision.setFocus()

    def chosen(self) -> Decision:
        return Decision(self.decision.currentData())

    def choose(self, kind: Decision) -> None:
        self.decision.setCurrentIndex(self.decision.findData(kind.value))

    def _decision_changed(self) -> None:
        """The amount follows the decision: all of it, a part typed in, or nothing."""
        kind = self.chosen()
        self.amount.setEnabled(kind is Decision.PARTIALLY)
        if kind is Decision.ACCEPTED:
            self.amount.setText(scaled_text(self.claim.claimed_fen, 2))
        elif kind is Decision.REJECTED:
            self.amount.setText("0")
        else:
            self.amount.clear()
        self.reason.setPlaceholderText(self.tr("拒赔必填：厂家给出的原因") if kind is Decision.REJECTED
                                       else self.tr("可选：核减原因等"))

    def submission(self) -> ClaimCall:
        kind = self.chosen()
        amount: int | None = None
        if kind is Decision.PARTIALLY:
            amount = parse_fen(self.amount.text(), self.tr("核准金额"), "decided_fen")
        services, actor, claim_id = self.services, self.actor, self.claim.id
        reason, on = self.reason.text(), _pydate(self.decided_on)
        return lambda: services.warranty_claims.decide(actor, claim_id, kind.value, amount, on, reason=reason)


__all__ = ["ClaimFormDialog", "DecisionDialog", "SubmitClaimDialog", "claim_columns"]
