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
from domain.errors import Conflict, NotFound, ValidationError
from domain.model.warranty import WarrantyClaim
from domain.model.workorder import WorkOrder
from domain.roles import Actor, Permission, require
from domain.uow import UnitOfWork


class Decision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTIALLY = "partially"  # accepted in part: counts as accepted in the pass rate


DECISION_LABELS_ZH: dict[str, str] = {
    "": "待厂家答复", Decision.ACCEPTED: "通过", Decision.REJECTED: "拒赔",
    Decision.PARTIALLY: "部分通过",
}

messages.register("claim.not_found", "找不到保修索赔记录", "Warranty claim not found")
messages.register("claim.order_not_found", "找不到工单 {number}", "Work order {number} not found")
messages.register("claim.amount_invalid", "索赔金额必须大于 0", "The claimed amount must be above 0")
messages.register("claim.decision_invalid", "厂家结论无效：{value}", "Invalid manufacturer decision: {value}")
messages.register("claim.decided_amount_invalid",
                  "厂家核准金额必须在 0 与索赔金额 {claimed} 元之间",
                  "The approved amount must be between 0 and the claimed {claimed} yuan")
messages.register("claim.already_decided", "该索赔已有厂家结论", "The claim has already been decided")
messages.register("claim.order_cancelled", "已作废的工单不能索赔", "A cancelled work order cannot be claimed")


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

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS_ZH.get(self.decision, self.decision)


def _view(claim: WarrantyClaim, number: str) -> ClaimView:
    return ClaimView(claim.id, claim.work_order_id, number, claim.submitted_at, claim.submitted_by_name,
                     claim.claimed_fen, claim.decision, claim.decided_fen, claim.decided_on, claim.note)


class WarrantyClaimService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def submit(self, actor: Actor, work_order_id: str, claimed_fen: int, note: str = "",
               submitted_at: dt.datetime | None = None) -> ClaimView:
        """Record that a claim went to the manufacturer; the decision comes later."""
        require(actor, Permission.WARRANTY_CLAIM_EDIT)
        if not isinstance(claimed_fen, int) or claimed_fen <= 0:
            raise ValidationError("claim.amount_invalid", "claimed_fen")
        with self._uow() as session:
            order = session.get(WorkOrder, work_order_id)
            if order is None:
                raise NotFound("claim.order_not_found", number=work_order_id)
            if order.state == "cancelled":
                raise Conflict("claim.order_cancelled")
            claim = WarrantyClaim(branch_id=order.branch_id, work_order_id=order.id,
                                  submitted_at=submitted_at or clock.now(), submitted_by_id=actor.staff_id,
                                  submitted_by_name=actor.display_name, claimed_fen=claimed_fen,
                                  note=note.strip()[:500])
            session.add(claim)
            session.flush()
            return _view(claim, order.number)

    def decide(self, actor: Actor, claim_id: str, decision: str, decided_fen: int | None = None,
               decided_on: dt.date | None = None, note: str = "") -> ClaimView:
        """厂家结论: accepted pays the claimed amount unless told otherwise, rejected pays
        nothing, partially pays less than claimed. A decision is recorded once."""
        require(actor, Permission.WARRANTY_CLAIM_EDIT)
        try:
            kind = Decision(decision)
        except ValueError:
            raise ValidationError("claim.decision_invalid", "decision", value=decision) from None
        with self._uow() as session:
            claim = session.get(WarrantyClaim, claim_id)
            if claim is None:
                raise NotFound("claim.not_found")
            if claim.decision:
                raise Conflict("claim.already_decided")
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
            claim.decided_on = decided_on or clock.today()
            claim.decision_recorded_by_name = actor.display_name
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
