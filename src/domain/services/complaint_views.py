"""Frozen read models of complaint slips (客户抱怨处理表) and how they are built.

Why complete: the printed five-copy slip, the customer reply letter, the complaints page and
the monthly statistics all read these; none of them may touch a Session, so everything the
paper shows (sections, approvals with who and when, linked slips, deadlines, deductions) is
here, with times in UTC and money in fen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from domain import clock
from domain.complaint_rules import (
    BEFORE_PROPOSAL,
    Authority,
    CSState,
    DeadlineKind,
    Deadlines,
    Standing,
    days_to_close,
    missed_deadlines,
    next_deadline,
    parse_reasons,
    standing,
)
from domain.model import (
    Branch,
    ComplaintDeduction,
    ComplaintEvent,
    ComplaintLoss,
    ComplaintResponsibleParty,
    ComplaintSlip,
    Customer,
    FollowUpTask,
    Vehicle,
    WorkOrder,
)
from domain.model.complaint import ComplaintDeadlineReason, ComplaintNotice, ComplaintPenalty


@dataclass(frozen=True)
class SlipLink:
    """Another slip this one is linked to (reopened from / continued on)."""

    id: str
    number: str
    state: str
    received_at: dt.datetime


@dataclass(frozen=True)
class PartyView:
    staff_id: str
    name: str
    department: str
    share_bp: int


@dataclass(frozen=True)
class ProposalView:
    repair_again: bool
    refund_fen: int
    discount_fen: int
    compensation_fen: int
    apology: bool
    text: str
    proposed_at: dt.datetime | None
    proposed_by_name: str

    @property
    def settlement_fen(self) -> int:
        """What the proposal costs us in money: refund + discount + compensation."""
        return self.refund_fen + self.discount_fen + self.compensation_fen


@dataclass(frozen=True)
class ApprovalView:
    """审批: the authority the proposal needed and who approved it, when."""

    authority: str  # service_manager | general_manager | "" (not yet proposed)
    approved_by_name: str
    approved_at: dt.datetime | None
    note: str

    @property
    def needs_general_manager(self) -> bool:
        return self.authority == Authority.GENERAL_MANAGER


@dataclass(frozen=True)
class DeductionView:
    staff_id: str
    name: str
    department: str
    base_points: int
    department_points: int
    share_bp: int | None
    amount_fen: int  # before the monthly cap
    month: str


@dataclass(frozen=True)
class LossView:
    id: str
    loss_fen: int
    department: str
    note: str
    month: str
    recorded_at: dt.datetime
    recorded_by_name: str
    deductions: tuple[DeductionView, ...]


@dataclass(frozen=True)
class FollowUpTaskView:
    id: str
    customer_id: str | None
    due_on: dt.date
    reason: str
    source_slip_id: str | None
    assigned_role: str
    status: str


@dataclass(frozen=True)
class ComplaintEventView:
    seq: int
    action: str
    from_state: str
    to_state: str
    actor_name: str
    at: dt.datetime
    note: str


@dataclass(frozen=True)
class MissedReasonView:
    """超期原因: why a deadline of the slip was missed, who wrote it down and when."""

    deadline: str  # DeadlineKind value
    due_at: dt.datetime
    reason: str
    recorded_by_name: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class NoticeView:
    """A 催办单 (kind "urge") or 洽办单 ("coordinate") with what its paper shows of the slip."""

    id: str
    number: str
    kind: str
    slip_id: str
    slip_number: str
    deadline: str  # the late deadline of a 催办单 (DeadlineKind value), else ""
    due_at: dt.datetime | None
    from_department: str
    to_department: str
    to_name: str
    matter: str
    reply_by: dt.date | None
    issued_at: dt.datetime
    issued_by_name: str
    reason: str  # the missed deadline's recorded reason, once there is one
    # the slip as it stood, for the paper
    customer_name: str
    plate: str
    category: str
    received_at: dt.datetime
    responsible_department: str
    branch_timezone: str

    @property
    def is_urge(self) -> bool:
        return self.kind == "urge"

    @property
    def seconds_late(self) -> int:
        """How far past its deadline the slip was when this 催办单 was issued (0 if not)."""
        if self.due_at is None:
            return 0
        return max(0, int((self.issued_at - self.due_at).total_seconds()))


@dataclass(frozen=True)
class PenaltyView:
    """A penalty (警告 / 小过 / 大过) against one responsible person of the slip."""

    id: str
    number: str
    slip_id: str
    slip_number: str
    staff_id: str
    staff_name: str
    department: str
    share_bp: int
    grade: str  # PenaltyGrade value
    amount_fen: int
    month: str  # YYYY-MM
    reason: str
    recorded_at: dt.datetime
    recorded_by_name: str
    # the slip, for the notice's 事由
    slip_category: str
    slip_received_at: dt.datetime
    customer_name: str
    branch_timezone: str


@dataclass(frozen=True)
class ComplaintView:
    """Everything on the slip, for the page, the printed copies and the reply letter."""

    id: str
    number: str
    state: str
    row_version: int
    branch_code: str
    branch_name: str
    branch_timezone: str
    # intake (受理)
    source: str
    source_ref: str
    channel: str
    customer_id: str | None
    customer_name: str
    contact_phone: str
    customer_address: str
    vehicle_id: str | None
    plate: str
    vin: str
    vehicle_model: str
    work_order_id: str | None
    work_order_number: str
    category: str
    customer_words: str
    customer_request: str
    claimed_fen: int
    received_at: dt.datetime
    received_by_name: str
    # severity
    severity: str
    severity_reasons: tuple[str, ...]
    escalation_reason: str
    safety_risk: bool
    media_involved: bool
    foreign_party: bool
    # deadlines
    response_due_at: dt.datetime
    solution_due_at: dt.datetime
    closure_due_at: dt.datetime
    next_deadline_kind: str  # response | solution | closure | "" (closed)
    next_deadline_at: dt.datetime | None
    missed: tuple[str, ...]  # deadlines passed now (DeadlineKind values)
    # handling
    first_response_at: dt.datetime | None
    first_response_by_name: str
    first_response_note: str
    investigation: str
    investigated_at: dt.datetime | None
    investigated_by_name: str
    responsibility: str
    responsible_department: str
    responsibility_reason: str
    parties: tuple[PartyView, ...]
    corrective_action: str
    proposal: ProposalView
    approval: ApprovalView
    # the customer's answer
    answer: str
    answer_method: str
    answer_note: str
    answered_at: dt.datetime | None
    answer_recorded_by_name: str
    # closure
    final_measures: str
    follow_up_needed: bool
    closed_at: dt.datetime | None
    closed_by_name: str
    days_to_close: int | None
    closed_late: bool
    # links and history
    reopened_from: SlipLink | None
    reopened_as: tuple[SlipLink, ...]
    follow_up_tasks: tuple[FollowUpTaskView, ...]
    losses: tuple[LossView, ...]
    events: tuple[ComplaintEventView, ...]
    # every deadline as it stands now (the internal two first), and what hangs on them
    standings: tuple[Standing, ...]
    missed_reasons: tuple[MissedReasonView, ...]
    notices: tuple[NoticeView, ...]
    penalties: tuple[PenaltyView, ...]

    @property
    def overdue(self) -> bool:
        return bool(self.missed)

    def standing(self, kind: str) -> Standing:
        return next(s for s in self.standings if s.kind == kind)

    @property
    def internal(self) -> tuple[Standing, Standing]:
        """The investigation report and the consolidated opinion (issue 15)."""
        return self.standing(DeadlineKind.REPORT), self.standing(DeadlineKind.OPINION)

    def reason_for(self, kind: str) -> MissedReasonView | None:
        return next((r for r in self.missed_reasons if r.deadline == kind), None)

    @property
    def is_major(self) -> bool:
        return self.severity == "major"


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the complaints page / ``complaints list``."""

    id: str
    number: str
    customer_name: str
    plate: str
    category: str
    severity: str
    state: str
    received_at: dt.datetime
    received_by_name: str
    next_deadline_kind: str
    next_deadline_at: dt.datetime | None
    seconds_left: int | None  # negative once overdue; None when closed
    overdue: bool
    # whose slip (HQ's consolidated list); times are read in branch_timezone
    branch_code: str = ""
    branch_name: str = ""
    branch_timezone: str = ""


SLIP_ORDER = (ComplaintSlip.received_at.desc(), ComplaintSlip.number.desc(), ComplaintSlip.id.desc())


def slip_after(row: ComplaintRow) -> ColumnElement[bool]:
    """Slips after ``row`` in the list's order (keyset paging, as the work-order board)."""
    s = ComplaintSlip
    return and_(s.received_at <= row.received_at,
                or_(s.received_at < row.received_at, s.number < row.number,
                    and_(s.number == row.number, s.id < row.id)))


def slip_deadlines(slip: ComplaintSlip) -> Deadlines:
    return Deadlines(slip.response_due_at, slip.solution_due_at, slip.closure_due_at)


def deadline_status(slip: ComplaintSlip, now: dt.datetime, superseded: bool = False
                    ) -> tuple[str, dt.datetime | None, tuple[str, ...]]:
    """(next deadline kind, its time, missed kinds); a reopened slip has none any more."""
    if superseded:
        return "", None, ()
    deadlines = slip_deadlines(slip)
    responded = slip.first_response_at is not None
    upcoming = next_deadline(slip.state, responded, deadlines)
    missed = missed_deadlines(slip.state, responded, deadlines, now)
    if upcoming is None:
        return "", None, ()
    return upcoming[0].value, upcoming[1], tuple(m.value for m in missed)


def slip_standings(slip: ComplaintSlip, now: dt.datetime, superseded: bool = False) -> tuple[Standing, ...]:
    """Every deadline of the slip at ``now``: report, opinion, response, solution, closure.

    A deadline not met when the slip was closed, or continued on a reopened slip, stops.
    """
    running = slip.state != CSState.CLOSED and not superseded
    # a proposal sent back for rework (退回) no longer meets the solution deadline
    proposed = None if CSState(slip.state) in BEFORE_PROPOSAL else slip.proposed_at
    return (
        standing(DeadlineKind.REPORT, slip.report_due_at, slip.reported_at, now, running=running),
        standing(DeadlineKind.OPINION, slip.opinion_due_at, slip.opinion_at, now, running=running),
        standing(DeadlineKind.RESPONSE, slip.response_due_at, slip.first_response_at, now, running=running),
        standing(DeadlineKind.SOLUTION, slip.solution_due_at, proposed, now, running=running),
        standing(DeadlineKind.CLOSURE, slip.closure_due_at, slip.closed_at, now, running=running),
    )


def reason_view(row: ComplaintDeadlineReason) -> MissedReasonView:
    return MissedReasonView(row.deadline, row.due_at, row.reason, row.recorded_by_name, row.recorded_at)


def _slip_facts(session: Session, slip: ComplaintSlip) -> tuple[str, str, str]:
    """(customer name, plate, branch time zone) as the paper shows them."""
    customer = session.get(Customer, slip.customer_id) if slip.customer_id else None
    vehicle = session.get(Vehicle, slip.vehicle_id) if slip.vehicle_id else None
    branch = session.get(Branch, slip.branch_id)
    return (customer.name if customer else slip.customer_name, vehicle.plate if vehicle else "",
            branch.timezone if branch else clock.DEFAULT_TZ)


def notice_view(session: Session, notice: ComplaintNotice, slip: ComplaintSlip | None = None) -> NoticeView:
    slip = slip or session.get(ComplaintSlip, notice.slip_id)
    assert slip is not None
    customer, plate, zone = _slip_facts(session, slip)
    reason = ""
    if notice.deadline:
        found = session.scalar(select(ComplaintDeadlineReason.reason).where(
            ComplaintDeadlineReason.slip_id == slip.id, ComplaintDeadlineReason.deadline == notice.deadline))
        reason = found or ""
    return NoticeView(notice.id, notice.number, notice.kind, slip.id, slip.number, notice.deadline,
                      notice.due_at, notice.from_department, notice.to_department, notice.to_name,
                      notice.matter, notice.reply_by, notice.issued_at, notice.issued_by_name, reason,
                      customer, plate, slip.category, slip.received_at, slip.responsible_department, zone)


def penalty_view(session: Session, penalty: ComplaintPenalty, slip: ComplaintSlip | None = None) -> PenaltyView:
    slip = slip or session.get(ComplaintSlip, penalty.slip_id)
    assert slip is not None
    customer, _plate, zone = _slip_facts(session, slip)
    return PenaltyView(penalty.id, penalty.number, slip.id, slip.number, penalty.staff_id, penalty.staff_name,
                       penalty.department, penalty.share_bp, penalty.grade, penalty.amount_fen, penalty.month,
                       penalty.reason, penalty.recorded_at, penalty.recorded_by_name, slip.category,
                       slip.received_at, customer, zone)


def _link(slip: ComplaintSlip) -> SlipLink:
    return SlipLink(slip.id, slip.number, slip.state, slip.received_at)


def build_view(session: Session, slip: ComplaintSlip) -> ComplaintView:
    session.flush()
    branch = session.get(Branch, slip.branch_id)
    zone = branch.timezone if branch else None
    customer = session.get(Customer, slip.customer_id) if slip.customer_id else None
    vehicle = session.get(Vehicle, slip.vehicle_id) if slip.vehicle_id else None
    order = session.get(WorkOrder, slip.work_order_id) if slip.work_order_id else None
    origin = session.get(ComplaintSlip, slip.reopened_from_id) if slip.reopened_from_id else None
    followers = list(session.scalars(select(ComplaintSlip).where(ComplaintSlip.reopened_from_id == slip.id)
                                     .order_by(ComplaintSlip.received_at)))
    now = clock.now()
    kind, due, missed = deadline_status(slip, now, superseded=bool(followers)
                                        and slip.state == CSState.NOT_ACCEPTED)
    parties = tuple(PartyView(p.staff_id, p.staff_name, p.department, p.share_bp)
                    for p in session.scalars(select(ComplaintResponsibleParty)
                                             .where(ComplaintResponsibleParty.slip_id == slip.id)
                                             .order_by(ComplaintResponsibleParty.share_bp.desc(),
                                                       ComplaintResponsibleParty.staff_name)))
    losses: list[LossView] = []
    for loss in session.scalars(select(ComplaintLoss).where(ComplaintLoss.slip_id == slip.id)
                                .order_by(ComplaintLoss.recorded_at)):
        deductions = tuple(
            DeductionView(d.staff_id, d.staff_name, d.department, d.base_points, d.department_points,
                          d.share_bp, d.amount_fen, d.month)
            for d in session.scalars(select(ComplaintDeduction).where(ComplaintDeduction.loss_id == loss.id)
                                     .order_by(ComplaintDeduction.amount_fen.desc(),
                                               ComplaintDeduction.staff_name)))
        losses.append(LossView(loss.id, loss.loss_fen, loss.department, loss.note, loss.month,
                               loss.recorded_at, loss.recorded_by_name, deductions))
    tasks = tuple(FollowUpTaskView(t.id, t.customer_id, t.due_on, t.reason, t.source_slip_id,
                                   t.assigned_role, t.status)
                  for t in session.scalars(select(FollowUpTask).where(FollowUpTask.source_slip_id == slip.id)
                                           .order_by(FollowUpTask.due_on)))
    events = tuple(ComplaintEventView(e.seq, e.action, e.from_state, e.to_state, e.actor_name, e.at, e.note)
                   for e in session.scalars(select(ComplaintEvent).where(ComplaintEvent.slip_id == slip.id)
                                            .order_by(ComplaintEvent.seq)))
    closed_days = days_to_close(slip.received_at, slip.closed_at, zone) if slip.closed_at else None
    superseded = bool(followers) and slip.state == CSState.NOT_ACCEPTED
    reasons = tuple(reason_view(r) for r in session.scalars(
        select(ComplaintDeadlineReason).where(ComplaintDeadlineReason.slip_id == slip.id)
        .order_by(ComplaintDeadlineReason.due_at)))
    notices = tuple(notice_view(session, n, slip) for n in session.scalars(
        select(ComplaintNotice).where(ComplaintNotice.slip_id == slip.id)
        .order_by(ComplaintNotice.issued_at, ComplaintNotice.number)))
    penalties = tuple(penalty_view(session, p, slip) for p in session.scalars(
        select(ComplaintPenalty).where(ComplaintPenalty.slip_id == slip.id)
        .order_by(ComplaintPenalty.recorded_at, ComplaintPenalty.number)))
    return ComplaintView(
        id=slip.id, number=slip.number, state=slip.state, row_version=slip.row_version,
        branch_code=branch.code if branch else "", branch_name=branch.name if branch else "",
        branch_timezone=zone or clock.DEFAULT_TZ,
        source=slip.source, source_ref=slip.source_ref, channel=slip.channel,
        customer_id=slip.customer_id,
        customer_name=customer.name if customer else slip.customer_name,
        contact_phone=slip.contact_phone or (customer.mobile or customer.other_phone if customer else ""),
        customer_address=customer.address if customer else "",
        vehicle_id=slip.vehicle_id, plate=vehicle.plate if vehicle else "",
        vin=vehicle.vin if vehicle else "",
        vehicle_model=" ".join(p for p in ((vehicle.brand, vehicle.model) if vehicle else ()) if p),
        work_order_id=slip.work_order_id, work_order_number=order.number if order else "",
        category=slip.category, customer_words=slip.customer_words,
        customer_request=slip.customer_request, claimed_fen=slip.claimed_fen,
        received_at=slip.received_at, received_by_name=slip.received_by_name,
        severity=slip.severity, severity_reasons=parse_reasons(slip.severity_reasons),
        escalation_reason=slip.escalation_reason, safety_risk=slip.safety_risk,
        media_involved=slip.media_involved, foreign_party=slip.foreign_party,
        response_due_at=slip.response_due_at, solution_due_at=slip.solution_due_at,
        closure_due_at=slip.closure_due_at, next_deadline_kind=kind, next_deadline_at=due,
        missed=missed,
        first_response_at=slip.first_response_at, first_response_by_name=slip.first_response_by_name,
        first_response_note=slip.first_response_note, investigation=slip.investigation,
        investigated_at=slip.investigated_at, investigated_by_name=slip.investigated_by_name,
        responsibility=slip.responsibility, responsible_department=slip.responsible_department,
        responsibility_reason=slip.responsibility_reason, parties=parties,
        corrective_action=slip.corrective_action,
        proposal=ProposalView(slip.proposal_repair_again, slip.proposal_refund_fen,
                              slip.proposal_discount_fen, slip.proposal_compensation_fen,
                              slip.proposal_apology, slip.proposal_text, slip.proposed_at,
                              slip.proposed_by_name),
        approval=ApprovalView(slip.approval_authority, slip.approved_by_name, slip.approved_at,
                              slip.approval_note),
        answer=slip.answer, answer_method=slip.answer_method, answer_note=slip.answer_note,
        answered_at=slip.answered_at, answer_recorded_by_name=slip.answer_recorded_by_name,
        final_measures=slip.final_measures, follow_up_needed=slip.follow_up_needed,
        closed_at=slip.closed_at, closed_by_name=slip.closed_by_name, days_to_close=closed_days,
        closed_late=bool(slip.closed_at and slip.closed_at > slip.closure_due_at),
        reopened_from=_link(origin) if origin else None,
        reopened_as=tuple(_link(f) for f in followers),
        follow_up_tasks=tasks, losses=tuple(losses), events=events,
        standings=slip_standings(slip, now, superseded), missed_reasons=reasons, notices=notices,
        penalties=penalties,
    )


__all__ = ["ApprovalView", "ComplaintEventView", "ComplaintRow", "ComplaintView", "DeadlineKind",
           "DeductionView", "FollowUpTaskView", "LossView", "MissedReasonView", "NoticeView", "PartyView",
           "PenaltyView", "ProposalView", "SlipLink", "build_view", "deadline_status", "notice_view",
           "penalty_view", "slip_standings"]
