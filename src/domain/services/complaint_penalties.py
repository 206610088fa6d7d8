"""Penalties of the regulation (警告 / 小过 / 大过) from a complaint's responsibility, each
with its 奖罚通知单, and the month's list of them.

Why only against a named responsible person: the regulation punishes the person the slip
holds responsible (责任人), so the penalty hangs on that person's line of the slip's
responsibility and keeps the share recorded there. The amount is the grade's amount when
it was recorded (settings change, notices already handed out do not). Recording is the
manager's (Permission.COMPLAINT_LOSS, like the loss and its deductions).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock, messages
from domain.complaint_rules import (
    NUMBER_KIND_PENALTY,
    PENALTY_LABELS_ZH,
    CSAction,
    PenaltyGrade,
    Responsibility,
    month_key,
    penalty_amount,
)
from domain.errors import Conflict, NotFound, ValidationError
from domain.model import ComplaintResponsibleParty
from domain.model.complaint import ComplaintPenalty
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.complaint_records import add_event, penalty_rules, slip_by_key, staff_by_id
from domain.services.complaint_views import PenaltyView, penalty_view
from domain.services.mode_guard import require_branch_mode
from domain.services.numbering import allocate_number
from domain.uow import UnitOfWork
from domain.validation import clean_text
from domain.workorder_rules import yuan

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

for _code, _zh, _en in (
    ("complaint.penalty_not_ours", "只有“我方责任”的投诉才能对责任人处以奖罚",
     "A penalty needs 'our responsibility' on the complaint"),
    ("complaint.penalty_not_party", "{name} 不是投诉单 {number} 的责任人，请先在责任归属中指定",
     "{name} is not a responsible person of complaint {number}"),
    ("complaint.penalty_amount_unset",
     "大过金额未设定：请在投诉设置中填写大过金额，或为 {name} 设定月度效益奖金",
     "No amount for a major demerit: set it in the complaint settings or give {name} a monthly bonus"),
    ("complaint.penalty_not_found", "找不到奖罚记录：{key}", "Penalty not found: {key}"),
):
    messages.register(_code, _zh, _en)


def month_penalties(session: Session, month: str) -> tuple[PenaltyView, ...]:
    """The month's penalties (YYYY-MM), by department, person and number."""
    rows = session.scalars(select(ComplaintPenalty).where(ComplaintPenalty.month == month)
                           .order_by(ComplaintPenalty.department, ComplaintPenalty.staff_name,
                                     ComplaintPenalty.number))
    return tuple(penalty_view(session, row) for row in rows)


class ComplaintPenaltyService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def record(self, actor: Actor, key: str, staff_id: str, grade: str, *, reason: str = "",
               month: str | None = None) -> PenaltyView:
        """警告 (400 yuan), 小过 (800 yuan) or 大过 (the setting, else the month's whole bonus)
        against a responsible person of the slip; numbered for its 奖罚通知单."""
        require(actor, Permission.COMPLAINT_LOSS)
        if grade not in {g.value for g in PenaltyGrade}:
            raise ValidationError("complaint.invalid_choice", "grade", label="奖罚类别", value=grade)
        reason = clean_text(reason, "奖罚事由", "reason", max_len=500)
        if month is not None and not _MONTH.match(month):
            raise ValidationError("complaint.month_invalid", "month", value=month)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            slip = slip_by_key(session, key)
            if slip.responsibility != Responsibility.OURS:
                raise Conflict("complaint.penalty_not_ours")
            staff = staff_by_id(session, staff_id, active_only=False)
            party = session.scalar(select(ComplaintResponsibleParty).where(
                ComplaintResponsibleParty.slip_id == slip.id, ComplaintResponsibleParty.staff_id == staff.id))
            if party is None:
                raise ValidationError("complaint.penalty_not_party", "staff_id", name=staff.display_name,
                                      number=slip.number)
            amount = penalty_amount(PenaltyGrade(grade), penalty_rules(session), staff.monthly_bonus_fen)
            if amount <= 0:
                raise ValidationError("complaint.penalty_amount_unset", "grade", name=staff.display_name)
            now = clock.now()
            penalty = ComplaintPenalty(
                branch_id=branch.id,
                number=allocate_number(session, branch.id, branch.code, NUMBER_KIND_PENALTY,
                                       clock.local(now, branch.timezone).date()),
                slip_id=slip.id, staff_id=staff.id, staff_name=staff.display_name,
                department=party.department or staff.department, share_bp=party.share_bp, grade=grade,
                amount_fen=amount, month=month or month_key(now, branch.timezone), reason=reason,
                recorded_at=now, recorded_by_id=actor.staff_id, recorded_by_name=actor.display_name)
            session.add(penalty)
            session.flush()
            add_event(session, slip, actor, CSAction.PENALTY, slip.state, slip.state,
                      f"{penalty.number} {staff.display_name} {PENALTY_LABELS_ZH[grade]} {yuan(amount)} 元")
            return penalty_view(session, penalty, slip)

    def get(self, actor: Actor, key: str) -> PenaltyView:
        """One penalty by id or number (``dealerdesk print penalty-notice ID``)."""
        require(actor, Permission.COMPLAINT_VIEW)
        raw = key.strip()
        with self._uow() as session:
            penalty = session.get(ComplaintPenalty, raw) or session.scalar(
                select(ComplaintPenalty).where(ComplaintPenalty.number == raw.upper()))
            if penalty is None:
                raise NotFound("complaint.penalty_not_found", key=raw)
            return penalty_view(session, penalty)

    def of_month(self, actor: Actor, year: int, month: int) -> tuple[PenaltyView, ...]:
        """奖罚月报: the month's penalties (the month each was recorded for)."""
        require(actor, Permission.COMPLAINT_VIEW)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValidationError("complaint.month_invalid", "month", value=f"{year}-{month}")
        with self._uow() as session:
            return month_penalties(session, f"{year:04d}-{month:02d}")


__all__ = ["ComplaintPenaltyService", "month_penalties"]
