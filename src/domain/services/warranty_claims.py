"""保修索赔: the claims clerk submits a warranty claim on a work order and records the
manufacturer's decision (DOMAIN.md §2–3, §6 warranty claim pass rate).

Why a small service of its own: claims live on after the order is settled and delivered,
so they are not a work-order state; each step keeps who and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from domain import clock, messages
from domain.errors import Conflict, NotFound, ValidationError, collect
from domain.labels import tables
from domain.model.warranty import WarrantyClaim
from domain.model.workorder import WorkOrder
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.mode_guard import require_branch_mode
from domain.uow import UnitOfWork


class Decision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTIALLY = "partially"  # accepted in part: counts as accepted in the pass rate


DECISION_LABELS_ZH: dict[str, str] = {
    "": "待厂家答复", Decision.ACCEPTED: "通过", Decision.REJECTED: "拒赔",
    Decision.PARTIALLY: "部分通过",
}
DECISION_LABELS_EN: dict[str, str] = {
    "": "Awaiting the manufacturer", Decision.ACCEPTED: "Accepted", Decision.REJECTED: "Rejected",
    Decision.PARTIALLY: "Partly accepted",
}
DECISION_LABELS = tables(DECISION_LABELS_ZH, DECISION_LABELS_EN)

# 状态: where the claim stands, derived from the decision ("" → pending)
STATUS_LABELS_ZH: dict[str, str] = {"pending": "待答复", "decided": "已答复"}
STATUS_LABELS_EN: dict[str, str] = {"pending": "Pending", "decided": "Decided"}
STATUS_LABELS = tables(STATUS_LABELS_ZH, STATUS_LABELS_EN)
CLAIM_NUMBER_MAX = 40
REASON_MAX = 200

messages.register("claim.not_found", "找不到保修索赔记录", "Warranty claim not found")
messages.register("claim.order_not_found", "找不到工单 {number}", "Work order {number} not found")
messages.register("claim.amount_invalid", "索赔金额必须大于 0", "The claimed amount must be above 0")
messages.register("claim.decision_invalid", "厂家结论无效：{value}", "Invalid manufacturer decision: {value}")
messages.register("claim.decided_amount_invalid",
                  "厂家核准金额必须在 0 与索赔金额 {claimed} 元之间",
                  "The approved amount must be between 0 and the claimed {claimed} yuan")
messages.register("claim.already_decided", "该索赔已有厂家结论", "The claim has already been decided")
messages.register("claim.order_cancelled", "已作废的工单不能索赔", "A cancelled work order cannot be claimed")
messages.register("claim.number_too_long", "索赔单号最多 {max} 个字符", "The claim number has at most {max} characters")
messages.register("claim.number_taken", "索赔单号 {number} 已登记在工单 {order}",
                  "Claim number {number} is already recorded on work order {order}")
messages.register("claim.submitted_future", "提交日期不能晚于今天", "The submission date cannot be after today")
messages.register("claim.decided_future", "答复日期不能晚于今天", "The decision date cannot be after today")
messages.register("claim.decided_before_submitted", "答复日期不能早于提交日期 {submitted}",
                  "The decision date cannot be before the submission date {submitted}")
messages.register("claim.reason_required", "拒赔须填写厂家给出的原因", "A rejection needs the manufacturer's reason")


@dataclass(frozen=True)
class ClaimView:
    id: str
    work_order_id: str
    work_order_number: str
    submitted_at: dt.datetime
    submitted_by_name: str
    claimed_fen: int
    decision: str
    decided_fen: int
    decided_on: dt.date | None
    note: str
    claim_number: str = ""
    decision_reason: str = ""
    decided_by_name: str = ""

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS_ZH.get(self.decision, self.decision)

    @property
    def status(self) -> str:
        """pending | decided (keys of :data:`STATUS_LABELS`)."""
        return "decided" if self.decision else "pending"


def _view(claim: WarrantyClaim, number: str) -> ClaimView:
    return ClaimView(claim.id, claim.work_order_id, number, claim.submitted_at, claim.submitted_by_name,
                     claim.claimed_fen, claim.decision, claim.decided_fen, claim.decided_on, claim.note,
                     claim.claim_number, claim.decision_reason, claim.decision_recorded_by_name)


def _submitted_at(on: dt.date, zone: str) -> dt.datetime:
    """A submission typed as a date: now when it is today, else noon local time that day
    (so the local date shown back is the one typed, whatever the time zone)."""
    if on == clock.today(zone):
        return clock.now()
    return dt.datetime.combine(on, dt.time(12), clock.branch_zone(zone)).astimezone(dt.UTC)


class WarrantyClaimService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def submit(self, actor: Actor, work_order_id: str, claimed_fen: int, note: str = "",
               submitted_at: dt.datetime | None = None, *, claim_number: str = "",
               submitted_on: dt.date | None = None) -> ClaimView:
        """Record that a claim went to the manufacturer; the decision comes later.

        ``claim_number`` is the manufacturer's number for the claim; when given it must be
        unique in the branch (the clerk matches the maker's statement against it).
        ``submitted_on`` is the date typed at the counter, in the branch's time zone."""
        require(actor, Permission.WARRANTY_CLAIM_EDIT)
        number = claim_number.strip()
        errors: list[ValidationError] = []
        if not isinstance(claimed_fen, int) or isinstance(claimed_fen, bool) or claimed_fen <= 0:
            errors.append(ValidationError("claim.amount_invalid", "claimed_fen"))
        if len(number) > CLAIM_NUMBER_MAX:
            errors.append(ValidationError("claim.number_too_long", "claim_number", max=CLAIM_NUMBER_MAX))
        with self._uow() as session:
            require_branch_mode(session)
            zone = local_branch(session).timezone
            if submitted_on is not None:
                if submitted_on > clock.today(zone):
                    errors.append(ValidationError("claim.submitted_future", "submitted_on"))
                else:
                    submitted_at = _submitted_at(submitted_on, zone)
            collect(*errors)
            order = session.get(WorkOrder, work_order_id)
            if order is None:
                raise NotFound("claim.order_not_found", number=work_order_id)
            if order.state == "cancelled":
                raise Conflict("claim.order_cancelled")
            if number:
                taken = session.scalar(
                    select(WorkOrder.number).join(WarrantyClaim, WarrantyClaim.work_order_id == WorkOrder.id)
                    .where(WarrantyClaim.branch_id == order.branch_id, WarrantyClaim.claim_number == number))
                if taken is not None:
                    raise Conflict("claim.number_taken", "claim_number", number=number, order=taken)
            claim = WarrantyClaim(branch_id=order.branch_id, work_order_id=order.id,
                                  submitted_at=submitted_at or clock.now(), submitted_by_id=actor.staff_id,
                                  submitted_by_name=actor.display_name, claimed_fen=claimed_fen,
                                  note=note.strip()[:500], claim_number=number)
            session.add(claim)
            session.flush()
            return _view(claim, order.number)

    def decide(self, actor: Actor, claim_id: str, decision: str, decided_fen: int | None = None,
               decided_on: dt.date | None = None, note: str = "", *, reason: str = "") -> ClaimView:
        """厂家结论: accepted pays the claimed amount unless told otherwise, rejected pays
        nothing, partially pays less than claimed. A decision is recorded once; a rejection
        keeps the manufacturer's reason (the clerk appeals or learns from it)."""
        require(actor, Permission.WARRANTY_CLAIM_EDIT)
        try:
            kind = Decision(decision)
        except ValueError:
            raise ValidationError("claim.decision_invalid", "decision", value=decision) from None
        why = " ".join(reason.split())
        if kind is Decision.REJECTED and not why:
            raise ValidationError("claim.reason_required", "reason")
        with self._uow() as session:
            require_branch_mode(session)
            claim = session.get(WarrantyClaim, claim_id)
            if claim is None:
                raise NotFound("claim.not_found")
            if claim.decision:
                raise Conflict("claim.already_decided")
            zone = local_branch(session).timezone
            if decided_on is not None:
                submitted = clock.local(claim.submitted_at, zone).date()
                if decided_on > clock.today(zone):
                    raise ValidationError("claim.decided_future", "decided_on")
                if decided_on < submitted:
                    raise ValidationError("claim.decided_before_submitted", "decided_on",
                                          submitted=submitted.isoformat())
            if kind is Decision.REJECTED:
                amount = 0 if decided_fen is None else decided_fen
                valid = amount == 0
            elif kind is Decision.ACCEPTED:
                amount = claim.claimed_fen if decided_fen is None else decided_fen
                valid = 0 < amount <= claim.claimed_fen
            else:
                amount = decided_fen if decided_fen is not None else -1
                valid = 0 < amount < claim.claimed_fen
            if not valid:
                raise ValidationError("claim.decided_amount_invalid", "decided_fen",
                                      claimed=f"{claim.claimed_fen / 100:.2f}")
            claim.decision = kind.value
            claim.decided_fen = amount
            claim.decided_on = decided_on or clock.today(zone)
            claim.decision_recorded_by_name = actor.display_name
            claim.decision_reason = why[:REASON_MAX]
            if note.strip():
                claim.note = (claim.note + "\n" + note.strip()).strip()[:500]
            number = session.scalar(select(WorkOrder.number).where(WorkOrder.id == claim.work_order_id)) or ""
            session.flush()
            return _view(claim, number)

    def for_order(self, actor: Actor, work_order_id: str) -> list[ClaimView]:
        require(actor, Permission.WARRANTY_CLAIM_VIEW)
        with self._uow() as session:
            rows = session.execute(
                select(WarrantyClaim, WorkOrder.number).join(WorkOrder, WorkOrder.id == WarrantyClaim.work_order_id)
                .where(WarrantyClaim.work_order_id == work_order_id).order_by(WarrantyClaim.submitted_at))
            return [_view(c, n) for c, n in rows]

    def pending(self, actor: Actor) -> list[ClaimView]:
        """Claims still waiting for the manufacturer, oldest first (the clerk's chase list)."""
        require(actor, Permission.WARRANTY_CLAIM_VIEW)
        with self._uow() as session:
            rows = session.execute(
                select(WarrantyClaim, WorkOrder.number).join(WorkOrder, WorkOrder.id == WarrantyClaim.work_order_id)
                .where(WarrantyClaim.decision == "").order_by(WarrantyClaim.submitted_at))
            return [_view(c, n) for c, n in rows]
