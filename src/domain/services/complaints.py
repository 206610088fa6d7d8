"""Complaint slips from intake to closure (受理 → 处理 → 审批 → 答复 → 结案), DOMAIN.md §4.

Every method is one unit of work and checks the actor's role; every state change goes
through :func:`domain.complaint_rules.transition` and leaves a timeline event with who and
when. A customer who does not accept gets a *new* slip linked to the original, which stays
exactly as it was. Who may approve: :class:`~domain.roles.Permission.COMPLAINT_APPROVE`
(the manager role) for general slips within the limit; a major slip or a settlement above
the limit also needs the approving manager's ``Staff.is_general_manager`` flag (总经理),
which only the administrator sets (so a manager cannot raise his own authority).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from domain import clock, messages
from domain.complaint_rules import (
    BEFORE_PROPOSAL,
    EDITABLE,
    FULL_SHARE_BP,
    AnswerMethod,
    Category,
    Channel,
    CSAction,
    CSState,
    DeadlineRules,
    InternalRules,
    Party,
    PenaltyRules,
    Responsibility,
    Severity,
    SeverityFacts,
    SeverityReason,
    Source,
    assess_severity,
    compute_deadlines,
    join_reasons,
    may_approve,
    month_bounds,
    month_key,
    parse_reasons,
    required_authority,
    split_loss,
    state_label,
    transition,
)
from domain.errors import Conflict, NotAllowed, NotFound, ValidationError, collect
from domain.model import (
    Branch,
    ComplaintDeduction,
    ComplaintLoss,
    ComplaintResponsibleParty,
    ComplaintSlip,
    Customer,
    FollowUpTask,
    Setting,
    Staff,
    Vehicle,
)
from domain.privacy import phone_for
from domain.roles import MANAGERS, Actor, Permission, Role, require
from domain.services.branch import local_branch
from domain.services.branch_scope import (
    branches_by_id,
    check_range,
    in_branch,
    label_of,
    local_days,
)
from domain.services.complaint_records import (
    add_event,
    internal_rules,
    mark_opinion,
    mark_reported,
    penalty_rules,
    set_report_due,
    slip_by_key,
    staff_by_id,
)
from domain.services.complaint_statistics import MonthlyStatistics, build_statistics
from domain.services.complaint_views import (
    SLIP_ORDER,
    ComplaintRow,
    ComplaintView,
    FollowUpTaskView,
    build_view,
    deadline_status,
    slip_after,
)
from domain.services.mode_guard import require_branch_mode
from domain.services.numbering import allocate_number
from domain.services.record_keys import work_order_by_key
from domain.settings_defaults import (
    COMPLAINT_CLOSURE_DAYS,
    COMPLAINT_CLOSURE_DAYS_FOREIGN,
    COMPLAINT_COPIES,
    COMPLAINT_DEDUCTION_CAP_BP,
    COMPLAINT_FOLLOW_UP_DAYS,
    COMPLAINT_GM_APPROVAL_LIMIT_FEN,
    COMPLAINT_MAJOR_AMOUNT_FEN,
    COMPLAINT_OPINION_DAYS,
    COMPLAINT_PAPER,
    COMPLAINT_PENALTY_MAJOR_FEN,
    COMPLAINT_PENALTY_MINOR_FEN,
    COMPLAINT_PENALTY_WARNING_FEN,
    COMPLAINT_REPORT_DAYS,
    COMPLAINT_RESPONSE_HOURS,
    COMPLAINT_SOLUTION_DAYS,
    int_setting,
    setting,
)
from domain.stale import check_version
from domain.uow import UnitOfWork
from domain.validation import check_moment, clean_text
from domain.workorder_rules import NUMBER_KIND_COMPLAINT, yuan

MAX_FEN = 10**11
LONG_TEXT = 4000
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

for _code, _zh, _en in (
    ("complaint.not_found", "找不到投诉单：{key}", "Complaint slip not found: {key}"),
    ("complaint.invalid_choice", "{label}的取值“{value}”无效", "{label}: invalid value '{value}'"),
    ("complaint.amount_range", "{label}必须在 0 到 {max} 分之间", "{label} must be between 0 and {max} fen"),
    ("complaint.customer_required", "请选择客户档案或填写客户姓名",
     "Choose a customer file or give the customer's name"),
    ("complaint.not_editable", "投诉单 {number} 当前状态为“{state}”，不能再修改调查与责任",
     "Complaint {number} is {state}; investigation and responsibility can no longer change"),
    ("complaint.already_responded", "投诉单 {number} 已于 {at} 首次回复客户",
     "Complaint {number} was already answered first at {at}"),
    ("complaint.incomplete", "提交方案前请先填写：{missing}", "Fill in first: {missing_en}"),
    ("complaint.shares_total", "各责任人的责任比例合计必须为 100%（当前 {total}%）",
     "Responsibility shares must add up to 100 % (now {total} %)"),
    ("complaint.responsibility_needs", "我方责任须填写责任部门或责任人",
     "'Our responsibility' needs a department or responsible persons"),
    ("complaint.reason_required", "请填写{label}", "{label_en} is required"),
    ("complaint.already_reopened", "投诉单 {number} 已重开为 {other}，请在新单上继续处理",
     "Complaint {number} already continues as {other}"),
    ("complaint.loss_not_ours", "只有“我方责任”的投诉才能登记损失与罚扣",
     "A loss and deductions need 'our responsibility'"),
    ("complaint.department_empty", "部门“{department}”没有设定基本点数的在职员工，无法分摊罚扣",
     "Department '{department}' has no active staff with base points to share the deduction"),
    ("complaint.month_invalid", "月份格式应为 YYYY-MM：{value}", "Month must be YYYY-MM: {value}"),
    ("complaint.not_manager", "只有经理可以被设为总经理", "Only a manager can be the general manager"),
    ("complaint.escalate_major", "投诉单 {number} 已是重大投诉", "Complaint {number} is already major"),
    ("complaint.severity_invalid", "严重程度“{value}”无效，可选：general、major",
     "Invalid severity '{value}'; use general or major"),
):
    messages.register(_code, _zh, _en)


# --- input --------------------------------------------------------------------------------
@dataclass
class ComplaintInput:
    """What the intake form (受理) submits; customer, vehicle and work order when known."""

    channel: str
    category: str
    customer_words: str
    customer_request: str = ""
    claimed_fen: int = 0
    customer_id: str | None = None
    customer_name: str = ""  # as told when there is no customer file
    contact_phone: str = ""
    vehicle_id: str | None = None
    work_order: str | None = None  # id or number
    source: str | None = None  # None: derived from what is linked
    source_ref: str = ""
    safety_risk: bool = False
    media_involved: bool = False
    foreign_party: bool = False
    escalation_reason: str = ""  # raise to major by hand, with the reason
    received_at: dt.datetime | None = None
    received_by_id: str | None = None


@dataclass
class PartyInput:
    staff_id: str
    share_bp: int | None = None  # None for a single responsible person (100 %)


@dataclass
class ProposalInput:
    repair_again: bool = False
    refund_fen: int = 0
    discount_fen: int = 0
    compensation_fen: int = 0
    apology: bool = False
    text: str = ""


@dataclass(frozen=True)
class CopySetting:
    name: str
    destination: str
    colour: str
    colour_name: str


@dataclass(frozen=True)
class ComplaintSettings:
    deadlines: DeadlineRules
    major_amount_fen: int
    gm_approval_limit_fen: int
    deduction_cap_bp: int
    follow_up_days: int
    copies: tuple[CopySetting, ...]
    paper: str
    internal: InternalRules = InternalRules()
    penalties: PenaltyRules = PenaltyRules()


@dataclass(frozen=True)
class StaffPayBasis:
    """What the deduction rule needs of a staff member (settings page)."""

    staff_id: str
    name: str
    role: str
    department: str
    base_points: int
    monthly_bonus_fen: int
    is_general_manager: bool
    active: bool


@dataclass
class _Clean:
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[ValidationError | None] = field(default_factory=list)

    def text(self, key: str, raw: str | None, label: str, max_len: int, required: bool = False) -> str:
        try:
            value = clean_text(raw, label, key, max_len=max_len, required=required)
        except ValidationError as exc:
            self.errors.append(exc)
            value = ""
        self.values[key] = value
        return value


def _choice(value: str, allowed: type[Any], label: str, name: str) -> str:
    if value not in {m.value for m in allowed}:
        raise ValidationError("complaint.invalid_choice", name, label=label, value=value)
    return value


def _amount(value: int, label: str, name: str) -> ValidationError | None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FEN:
        return ValidationError("complaint.amount_range", name, label=label, max=MAX_FEN)
    return None


_event = add_event


def _move(session: Session, slip: ComplaintSlip, action: CSAction, actor: Actor, note: str = "") -> None:
    target = transition(slip.state, action, actor, number=slip.number)
    _event(session, slip, actor, action, slip.state, target.value, note)
    slip.state = target.value


def _require_editable(slip: ComplaintSlip) -> None:
    if CSState(slip.state) not in EDITABLE:
        raise Conflict("complaint.not_editable", number=slip.number, state=state_label(slip.state))


def deadline_rules(session: Session) -> DeadlineRules:
    return DeadlineRules(int_setting(session, COMPLAINT_RESPONSE_HOURS),
                         int_setting(session, COMPLAINT_SOLUTION_DAYS),
                         int_setting(session, COMPLAINT_CLOSURE_DAYS),
                         int_setting(session, COMPLAINT_CLOSURE_DAYS_FOREIGN))


def _set_deadlines(session: Session, slip: ComplaintSlip, zone: str) -> None:
    due = compute_deadlines(slip.received_at, deadline_rules(session), foreign_party=slip.foreign_party,
                            zone=zone)
    slip.response_due_at, slip.solution_due_at, slip.closure_due_at = (
        due.response_due, due.solution_due, due.closure_due)


def _superseded_clause() -> Any:
    """SQL: the slip did not satisfy the customer and continues on a newer slip."""
    follower = aliased(ComplaintSlip)
    return and_(ComplaintSlip.state == CSState.NOT_ACCEPTED.value,
                exists().where(follower.reopened_from_id == ComplaintSlip.id))


def _overdue_clause(now: dt.datetime) -> Any:
    """SQL twin of :func:`domain.complaint_rules.missed_deadlines` for open slips."""
    return and_(
        ComplaintSlip.state != CSState.CLOSED.value,
        ~_superseded_clause(),
        or_(
            and_(ComplaintSlip.first_response_at.is_(None), ComplaintSlip.response_due_at < now),
            and_(ComplaintSlip.state.in_([s.value for s in BEFORE_PROPOSAL]),
                 ComplaintSlip.solution_due_at < now),
            ComplaintSlip.closure_due_at < now,
        ),
    )


class ComplaintService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    # --- intake ---------------------------------------------------------------------------
    def register(self, actor: Actor, data: ComplaintInput) -> ComplaintView:
        """受理: any staff member registers a complaint; it is numbered at once.

        Severity follows the rule (safety, amount above the limit, media, a second
        complaint on the same work order); ``escalation_reason`` raises it by hand.
        """
        require(actor, Permission.COMPLAINT_REGISTER)
        clean = _Clean()
        words = clean.text("customer_words", data.customer_words, "客户陈述", LONG_TEXT, required=True)
        request = clean.text("customer_request", data.customer_request, "客户要求", LONG_TEXT)
        name = clean.text("customer_name", data.customer_name, "客户姓名", 100)
        phone = clean.text("contact_phone", data.contact_phone, "联系电话", 30)
        source_ref = clean.text("source_ref", data.source_ref, "来源", 60)
        escalation = clean.text("escalation_reason", data.escalation_reason, "升级原因", 200)
        for check in (lambda: _choice(data.channel, Channel, "投诉渠道", "channel"),
                      lambda: _choice(data.category, Category, "投诉类别", "category"),
                      lambda: data.source and _choice(data.source, Source, "来源", "source")):
            try:
                check()
            except ValidationError as exc:
                clean.errors.append(exc)
        clean.errors.append(_amount(data.claimed_fen, "索赔金额", "claimed_fen"))
        try:
            check_moment(data.received_at, "受理时间", "received_at")
            if data.received_at is not None and data.received_at > clock.now() + dt.timedelta(minutes=5):
                clean.errors.append(ValidationError("date.future", "received_at", label="受理时间"))
        except ValidationError as exc:  # naive or out of range (fuzzing found the crash)
            clean.errors.append(exc)
        collect(*clean.errors)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            order = self._work_order(session, data.work_order) if data.work_order else None
            # "" from an empty picker means none (fuzzing found the foreign-key crash)
            customer_id = order.customer_id if order else (data.customer_id or None)
            vehicle_id = order.vehicle_id if order else (data.vehicle_id or None)
            if customer_id and session.get(Customer, customer_id) is None:
                raise NotFound("customer.not_found", key=customer_id)
            if vehicle_id:
                vehicle = session.get(Vehicle, vehicle_id)
                if vehicle is None:
                    raise NotFound("vehicle.not_found", key=vehicle_id)
                customer_id = customer_id or vehicle.owner_id
            if not customer_id and not name:
                raise ValidationError("complaint.customer_required", "customer_name")
            receiver = self._staff(session, data.received_by_id) if data.received_by_id else None
            received_at = data.received_at or clock.now()
            source = data.source or (Source.WORK_ORDER if order else
                                     Source.CUSTOMER_FILE if customer_id else Source.NONE)
            prior = 0
            if order is not None:
                prior = session.scalar(select(func.count(ComplaintSlip.id))
                                       .where(ComplaintSlip.work_order_id == order.id)) or 0
            rule, reasons = assess_severity(
                SeverityFacts(data.safety_risk, data.claimed_fen, data.media_involved, prior),
                int_setting(session, COMPLAINT_MAJOR_AMOUNT_FEN))
            if escalation:
                reasons = (*reasons, SeverityReason.MANUAL)
            period = clock.local(received_at, branch.timezone).date()
            slip = ComplaintSlip(
                branch_id=branch.id,
                number=allocate_number(session, branch.id, branch.code, NUMBER_KIND_COMPLAINT, period),
                state=CSState.REGISTERED.value, source=str(source), source_ref=source_ref,
                channel=data.channel, customer_id=customer_id, customer_name=name, contact_phone=phone,
                vehicle_id=vehicle_id, work_order_id=order.id if order else None,
                category=data.category, customer_words=words, customer_request=request,
                claimed_fen=data.claimed_fen, received_at=received_at,
                received_by_id=receiver.id if receiver else actor.staff_id,
                received_by_name=receiver.display_name if receiver else actor.display_name,
                safety_risk=bool(data.safety_risk), media_involved=bool(data.media_involved),
                foreign_party=bool(data.foreign_party),
                severity=(Severity.MAJOR if reasons else rule).value,
                severity_reasons=join_reasons(reasons), escalation_reason=escalation,
            )
            _set_deadlines(session, slip, branch.timezone)
            set_report_due(session, slip, branch.timezone)
            session.add(slip)
            session.flush()
            _event(session, slip, actor, CSAction.REGISTER, "", slip.state,
                   "；".join(parse_reasons(slip.severity_reasons)))
            return build_view(session, slip)

    def escalate(self, actor: Actor, key: str, reason: str) -> ComplaintView:
        """Raise a general slip to major by hand (never the other way round)."""
        require(actor, Permission.COMPLAINT_HANDLE)
        reason = clean_text(reason, "升级原因", "reason", max_len=200, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            if slip.state == CSState.CLOSED:
                raise Conflict("complaint.transition_forbidden", number=slip.number,
                               state=state_label(slip.state), state_en=slip.state, action="升级",
                               action_en="escalate")
            if slip.severity == Severity.MAJOR:
                raise Conflict("complaint.escalate_major", number=slip.number)
            slip.severity = Severity.MAJOR.value
            slip.severity_reasons = join_reasons((*parse_reasons(slip.severity_reasons),
                                                  SeverityReason.MANUAL))
            slip.escalation_reason = reason
            _event(session, slip, actor, CSAction.ESCALATE, slip.state, slip.state, reason)
            return build_view(session, slip)

    # --- handling -------------------------------------------------------------------------
    def respond(self, actor: Actor, key: str, note: str = "",
                responded_at: dt.datetime | None = None) -> ComplaintView:
        """首次回复: the customer heard from us (the 24-hour deadline stops here)."""
        require(actor, Permission.COMPLAINT_HANDLE)
        note = clean_text(note, "回复内容", "note", max_len=500)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            if slip.first_response_at is not None:
                raise Conflict("complaint.already_responded", number=slip.number,
                               at=clock.format_local(slip.first_response_at))
            _move(session, slip, CSAction.RESPOND, actor, note)
            slip.first_response_at = responded_at or clock.now()
            slip.first_response_by_name = actor.display_name
            slip.first_response_note = note
            return build_view(session, slip)

    def record_investigation(self, actor: Actor, key: str, text: str,
                             foreign_party: bool | None = None,
                             expected_version: int | None = None) -> ComplaintView:
        """调查与原因分析; a supplier or maker abroad moves the closure deadline to 17 days."""
        require(actor, Permission.COMPLAINT_HANDLE)
        text = clean_text(text, "原因分析", "investigation", max_len=LONG_TEXT, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            check_version(session, slip, expected_version)
            _require_editable(slip)
            zone = local_branch(session).timezone
            slip.investigation = text
            slip.investigated_at = clock.now()
            slip.investigated_by_name = actor.display_name
            mark_reported(session, slip, slip.investigated_at, zone)
            _event(session, slip, actor, CSAction.INVESTIGATE, slip.state, slip.state, text[:200])
            if foreign_party is not None and bool(foreign_party) != slip.foreign_party:
                slip.foreign_party = bool(foreign_party)
                _set_deadlines(session, slip, zone)
            return build_view(session, slip)

    def record_responsibility(self, actor: Actor, key: str, kind: str, *, department: str = "",
                              parties: Sequence[PartyInput] = (), reason: str = "") -> ComplaintView:
        """责任归属: ours (department and/or persons with shares), not ours, or not founded."""
        require(actor, Permission.COMPLAINT_HANDLE)
        kind = _choice(kind, Responsibility, "责任归属", "responsibility")
        department = clean_text(department, "责任部门", "department", max_len=30)
        reason = clean_text(reason, "原因说明", "responsibility_reason", max_len=500)
        if kind == Responsibility.OURS:
            if not department and not parties:
                raise ValidationError("complaint.responsibility_needs", "department")
            shares = [p.share_bp if p.share_bp is not None else
                      (FULL_SHARE_BP if len(parties) == 1 else 0) for p in parties]
            if parties and (sum(shares) != FULL_SHARE_BP or any(s <= 0 for s in shares)):
                raise ValidationError("complaint.shares_total", "parties",
                                      total=f"{sum(shares) / 100:g}")
        else:
            if not reason:
                raise ValidationError("complaint.reason_required", "responsibility_reason",
                                      label="原因说明", label_en="The reason")
            department, parties, shares = "", (), []
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            _require_editable(slip)
            for old in session.scalars(select(ComplaintResponsibleParty)
                                       .where(ComplaintResponsibleParty.slip_id == slip.id)):
                session.delete(old)
            seen: set[str] = set()
            named: list[str] = []
            for party, share in zip(parties, shares, strict=True):
                staff = self._staff(session, party.staff_id)
                if staff.id in seen:
                    raise ValidationError("complaint.invalid_choice", "parties", label="责任人",
                                          value=staff.display_name)
                seen.add(staff.id)
                named.append(staff.display_name)
                session.add(ComplaintResponsibleParty(slip_id=slip.id, staff_id=staff.id,
                                                      staff_name=staff.display_name,
                                                      department=staff.department, share_bp=share))
            slip.responsibility = kind
            slip.responsible_department = department
            slip.responsibility_reason = reason
            names = [f"{n}{share // 100}%" for n, share in zip(named, shares, strict=True)]
            summary = "、".join(filter(None, [department, *names])) or reason
            _event(session, slip, actor, CSAction.RESPONSIBILITY, slip.state, slip.state,
                   f"{kind}：{summary}"[:200])
            return build_view(session, slip)

    def record_corrective_action(self, actor: Actor, key: str, text: str) -> ComplaintView:
        """处理对策 / 改善措施: what we change so it does not happen again."""
        require(actor, Permission.COMPLAINT_HANDLE)
        text = clean_text(text, "处理对策", "corrective_action", max_len=LONG_TEXT, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            _require_editable(slip)
            slip.corrective_action = text
            _event(session, slip, actor, CSAction.MEASURES, slip.state, slip.state, text[:200])
            return build_view(session, slip)

    def propose(self, actor: Actor, key: str, proposal: ProposalInput) -> ComplaintView:
        """处理方案 for the customer; it waits for the approval its amount and severity need."""
        require(actor, Permission.COMPLAINT_HANDLE)
        text = clean_text(proposal.text, "方案说明", "proposal_text", max_len=LONG_TEXT)
        collect(_amount(proposal.refund_fen, "退款", "refund_fen"),
                _amount(proposal.discount_fen, "优惠", "discount_fen"),
                _amount(proposal.compensation_fen, "赔偿金额", "compensation_fen"))
        settlement = proposal.refund_fen + proposal.discount_fen + proposal.compensation_fen
        if not (proposal.repair_again or proposal.apology or settlement or text):
            raise ValidationError("required", "proposal_text", label="处理方案")
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            missing = [label for label, value in (("原因分析", slip.investigation),
                                                  ("责任归属", slip.responsibility)) if not value]
            if missing:
                raise ValidationError("complaint.incomplete", "proposal", missing="、".join(missing),
                                      missing_en=", ".join(missing))
            authority, why = required_authority(slip.severity, settlement,
                                                int_setting(session, COMPLAINT_GM_APPROVAL_LIMIT_FEN))
            _move(session, slip, CSAction.PROPOSE, actor, f"{yuan(settlement)} 元；{why}".rstrip("；"))
            slip.proposal_repair_again = bool(proposal.repair_again)
            slip.proposal_refund_fen = proposal.refund_fen
            slip.proposal_discount_fen = proposal.discount_fen
            slip.proposal_compensation_fen = proposal.compensation_fen
            slip.proposal_apology = bool(proposal.apology)
            slip.proposal_text = text
            slip.proposed_at = clock.now()
            slip.proposed_by_name = actor.display_name
            mark_opinion(slip, slip.proposed_at)
            slip.approval_authority = authority.value
            return build_view(session, slip)

    def return_proposal(self, actor: Actor, key: str, reason: str) -> ComplaintView:
        """退回: the approver sends the proposal back for rework, with the reason."""
        require(actor, Permission.COMPLAINT_APPROVE)
        reason = clean_text(reason, "退回原因", "reason", max_len=500, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            _move(session, slip, CSAction.RETURN, actor, reason)
            slip.approval_authority = ""
            return build_view(session, slip)

    def approve(self, actor: Actor, key: str, note: str = "") -> ComplaintView:
        """审批: the service manager for general slips within the limit; the general manager
        (a manager with ``is_general_manager``) for major slips or larger settlements."""
        require(actor, Permission.COMPLAINT_APPROVE)
        note = clean_text(note, "审批意见", "note", max_len=500)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            settlement = (slip.proposal_refund_fen + slip.proposal_discount_fen
                          + slip.proposal_compensation_fen)
            # severity may have been raised since the proposal: decide on today's facts
            authority, why = required_authority(slip.severity, settlement,
                                                int_setting(session, COMPLAINT_GM_APPROVAL_LIMIT_FEN))
            approver = session.get(Staff, actor.staff_id) if actor.staff_id else None
            is_gm = bool(approver and approver.is_general_manager and approver.active)
            transition(slip.state, CSAction.APPROVE, actor, number=slip.number)
            if not may_approve(actor.role, is_gm, authority):
                raise NotAllowed("complaint.needs_general_manager", reason=why, reason_en=why)
            _move(session, slip, CSAction.APPROVE, actor, note)
            slip.approval_authority = authority.value
            slip.approved_at = clock.now()
            slip.approved_by_id = actor.staff_id
            slip.approved_by_name = actor.display_name
            slip.approval_note = note
            return build_view(session, slip)

    def record_answer(self, actor: Actor, key: str, accepted: bool, method: str = "phone",
                      note: str = "") -> ComplaintView:
        """客户意见: by phone, letter or in person (never by handing over the internal slip)."""
        require(actor, Permission.COMPLAINT_HANDLE)
        method = _choice(method, AnswerMethod, "答复方式", "answer_method")
        note = clean_text(note, "客户意见", "answer_note", max_len=500)
        with self._uow() as session:
            require_branch_mode(session)
            slip = self._slip(session, key)
            _move(session, slip, CSAction.ACCEPT if accepted else CSAction.REFUSE, actor, note)
            slip.answer = "accepted" if accepted else "not_accepted"
            slip.answer_method = method
            slip.answer_note = note
            slip.answered_at = clock.now()
            slip.answer_recorded_by_name = actor.display_name
            return build_view(session, slip)

    def reopen(self, actor: Actor, key: str, customer_words: str = "",
               customer_request: str = "") -> ComplaintView:
        """The customer did not accept: a new slip, linked to the original, continues the
        case. The original is not touched (its row, version and history stay as they were)."""
        require(actor, Permission.COMPLAINT_HANDLE)
        words = clean_text(customer_words, "客户陈述", "customer_words", max_len=LONG_TEXT)
        request = clean_text(customer_request, "客户要求", "customer_request", max_len=LONG_TEXT)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            original = self._slip(session, key)
            if original.state != CSState.NOT_ACCEPTED:
                raise Conflict("complaint.transition_forbidden", number=original.number,
                               state=state_label(original.state), state_en=original.state,
                               action="重开", action_en="reopen")
            other = session.scalar(select(ComplaintSlip.number)
                                   .where(ComplaintSlip.reopened_from_id == original.id))
            if other:
                raise Conflict("complaint.already_reopened", number=original.number, other=other)
            now = clock.now()
            slip = ComplaintSlip(
                branch_id=branch.id,
                number=allocate_number(session, branch.id, branch.code, NUMBER_KIND_COMPLAINT,
                                       clock.local(now, branch.timezone).date()),
                state=CSState.REGISTERED.value, source=original.source,
                source_ref=original.number, channel=original.channel,
                customer_id=original.customer_id, customer_name=original.customer_name,
                contact_phone=original.contact_phone, vehicle_id=original.vehicle_id,
                work_order_id=original.work_order_id, category=original.category,
                customer_words=words or original.answer_note or original.customer_words,
                customer_request=request or original.customer_request,
                claimed_fen=original.claimed_fen, received_at=now, received_by_id=actor.staff_id,
                received_by_name=actor.display_name, safety_risk=original.safety_risk,
                media_involved=original.media_involved, foreign_party=original.foreign_party,
                severity=original.severity, severity_reasons=original.severity_reasons,
                escalation_reason=original.escalation_reason, reopened_from_id=original.id,
            )
            _set_deadlines(session, slip, branch.timezone)
            set_report_due(session, slip, branch.timezone)
            session.add(slip)
            session.flush()
            _event(session, slip, actor, CSAction.REOPEN, "", slip.state, f"原投诉单 {original.number}")
            return build_view(session, slip)

    def close(self, actor: Actor, key: str, final_measures: str, *, follow_up: bool = False,
              follow_up_due: dt.date | None = None, follow_up_reason: str = "") -> ComplaintView:
        """结案 after the customer accepted; a follow-up on the measure's effect becomes a
        task for the customer-care clerk."""
        require(actor, Permission.COMPLAINT_HANDLE)
        measures = clean_text(final_measures, "最终处理措施", "final_measures", max_len=LONG_TEXT,
                              required=True)
        reason = clean_text(follow_up_reason, "回访事由", "follow_up_reason", max_len=500)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            slip = self._slip(session, key)
            _move(session, slip, CSAction.CLOSE, actor, measures[:200])
            slip.final_measures = measures
            slip.follow_up_needed = bool(follow_up)
            slip.closed_at = clock.now()
            slip.closed_by_name = actor.display_name
            if follow_up:
                due = follow_up_due or (clock.local(slip.closed_at, branch.timezone).date()
                                        + dt.timedelta(days=int_setting(session, COMPLAINT_FOLLOW_UP_DAYS)))
                session.add(FollowUpTask(customer_id=slip.customer_id, due_on=due,
                                         reason=reason or f"投诉 {slip.number} 处理措施效果回访",
                                         source_slip_id=slip.id, assigned_role=Role.CARE_CLERK.value,
                                         status="open", created_by_name=actor.display_name))
            return build_view(session, slip)

    # --- loss and deductions (罚扣) ---------------------------------------------------------
    def record_loss(self, actor: Actor, key: str, loss_fen: int, *, department: str = "",
                    note: str = "", month: str | None = None) -> ComplaintView:
        """The manager records a loss; each responsible person's deduction is computed now
        with the base points of today and kept with the figures it came from."""
        require(actor, Permission.COMPLAINT_LOSS)
        collect(_amount(loss_fen, "损失金额", "loss_fen"))
        department = clean_text(department, "责任部门", "department", max_len=30)
        note = clean_text(note, "说明", "note", max_len=200)
        if month is not None and not _MONTH.match(month):
            raise ValidationError("complaint.month_invalid", "month", value=month)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            slip = self._slip(session, key)
            if slip.responsibility != Responsibility.OURS:
                raise Conflict("complaint.loss_not_ours")
            month = month or month_key(clock.now(), branch.timezone)
            named = list(session.scalars(select(ComplaintResponsibleParty)
                                         .where(ComplaintResponsibleParty.slip_id == slip.id)))
            rows: list[tuple[Staff, int | None]]
            dept_points = 0
            if named and not department:
                rows = [(self._staff(session, p.staff_id, active_only=False), p.share_bp) for p in named]
                parties = [Party(s.id, s.base_points, share) for s, share in rows]
                department = slip.responsible_department
            else:
                department = department or slip.responsible_department
                members = list(session.scalars(
                    select(Staff).where(Staff.department == department, Staff.active.is_(True),
                                        Staff.base_points > 0).order_by(Staff.display_name)))
                if not members:
                    raise ValidationError("complaint.department_empty", "department",
                                          department=department or "（未填写）")
                rows = [(s, None) for s in members]
                parties = [Party(s.id, s.base_points) for s in members]
                dept_points = sum(s.base_points for s in members)
            amounts = split_loss(loss_fen, parties)
            loss = ComplaintLoss(slip_id=slip.id, loss_fen=loss_fen, department=department, note=note,
                                 month=month, recorded_at=clock.now(), recorded_by_id=actor.staff_id,
                                 recorded_by_name=actor.display_name)
            session.add(loss)
            session.flush()
            _event(session, slip, actor, CSAction.LOSS, slip.state, slip.state,
                   f"{yuan(loss_fen)} 元 {department} {note}".strip())
            for staff, share in rows:
                session.add(ComplaintDeduction(
                    loss_id=loss.id, slip_id=slip.id, staff_id=staff.id, staff_name=staff.display_name,
                    department=staff.department, base_points=staff.base_points,
                    department_points=dept_points, share_bp=share, amount_fen=amounts[staff.id],
                    month=month))
            return build_view(session, slip)

    def set_pay_basis(self, actor: Actor, staff_id: str, *, department: str, base_points: int,
                      monthly_bonus_fen: int) -> StaffPayBasis:
        """Department, base points (基本点数) and monthly efficiency bonus of a staff member."""
        require(actor, Permission.SETTINGS_EDIT)
        department = clean_text(department, "部门", "department", max_len=30)
        errors: list[ValidationError | None] = [_amount(monthly_bonus_fen, "月度效益奖金", "monthly_bonus_fen")]
        if not isinstance(base_points, int) or not 0 <= base_points <= 10_000:
            errors.append(ValidationError("number.range", "base_points", label="基本点数", min=0, max=10_000))
        collect(*errors)
        with self._uow() as session:
            staff = self._staff(session, staff_id, active_only=False)
            staff.department = department
            staff.base_points = base_points
            staff.monthly_bonus_fen = monthly_bonus_fen
            return _basis(staff)

    def set_general_manager(self, actor: Actor, staff_id: str, flag: bool) -> StaffPayBasis:
        """总经理 flag on a manager's account; set by the administrator (staff accounts)."""
        require(actor, Permission.STAFF_MANAGE)
        with self._uow() as session:
            staff = self._staff(session, staff_id, active_only=False)
            if flag and staff.role not in MANAGERS:
                raise ValidationError("complaint.not_manager", "is_general_manager")
            staff.is_general_manager = bool(flag)
            return _basis(staff)

    def pay_basis(self, actor: Actor) -> list[StaffPayBasis]:
        require(actor, Permission.SETTINGS_EDIT)
        with self._uow() as session:
            return [_basis(s) for s in session.scalars(select(Staff).order_by(Staff.department,
                                                                               Staff.display_name))]

    def set_rules(self, actor: Actor, internal: InternalRules, penalties: PenaltyRules) -> ComplaintSettings:
        """The internal deadlines' lengths (days) and the penalties' amounts (fen), in one
        unit of work; new slips and new penalties take them, recorded ones keep theirs."""
        require(actor, Permission.SETTINGS_EDIT)
        errors: list[ValidationError | None] = [
            None if 1 <= days <= 30 else ValidationError("number.range", field, label=name, min=1, max=30)
            for days, field, name in ((internal.report_days, "report_days", "调查报告天数"),
                                      (internal.opinion_days, "opinion_days", "综合意见天数"))]
        errors += [_amount(fen, name, field) for fen, field, name in (
            (penalties.warning_fen, "penalty_warning_fen", "警告金额"),
            (penalties.minor_fen, "penalty_minor_fen", "小过金额"),
            (penalties.major_fen, "penalty_major_fen", "大过金额"))]
        collect(*errors)
        with self._uow() as session:
            for key, value in ((COMPLAINT_REPORT_DAYS, internal.report_days),
                               (COMPLAINT_OPINION_DAYS, internal.opinion_days),
                               (COMPLAINT_PENALTY_WARNING_FEN, penalties.warning_fen),
                               (COMPLAINT_PENALTY_MINOR_FEN, penalties.minor_fen),
                               (COMPLAINT_PENALTY_MAJOR_FEN, penalties.major_fen)):
                row = session.get(Setting, key)
                if row is None:
                    session.add(Setting(key=key, value=json.dumps(value)))
                else:
                    row.value = json.dumps(value)
        return self.settings()

    # --- queries --------------------------------------------------------------------------
    def settings(self) -> ComplaintSettings:
        """Deadlines, limits, copies and paper of the branch (defaults in settings_defaults)."""
        with self._uow() as session:
            raw = setting(session, COMPLAINT_COPIES) or []
            copies = tuple(CopySetting(str(c.get("name", "")), str(c.get("destination", "")),
                                       str(c.get("colour", "#FFFFFF")), str(c.get("colour_name", "")))
                           for c in raw if isinstance(c, dict))
            return ComplaintSettings(
                deadlines=deadline_rules(session),
                major_amount_fen=int_setting(session, COMPLAINT_MAJOR_AMOUNT_FEN),
                gm_approval_limit_fen=int_setting(session, COMPLAINT_GM_APPROVAL_LIMIT_FEN),
                deduction_cap_bp=int_setting(session, COMPLAINT_DEDUCTION_CAP_BP),
                follow_up_days=int_setting(session, COMPLAINT_FOLLOW_UP_DAYS),
                copies=copies, paper=str(setting(session, COMPLAINT_PAPER) or "a4"),
                internal=internal_rules(session), penalties=penalty_rules(session))

    def get(self, actor: Actor, key: str) -> ComplaintView:
        """One slip by id or number (a scanned QR code types the number)."""
        require(actor, Permission.COMPLAINT_VIEW)
        with self._uow() as session:
            view = build_view(session, self._slip(session, key))
        # the workshop reads the slip, the front desk calls the customer back (domain.privacy)
        return dataclasses.replace(view, contact_phone=phone_for(actor.role, view.contact_phone))

    def list_slips(self, actor: Actor, *, open_only: bool = False, overdue_only: bool = False,
                   offset: int = 0, limit: int = 100, branch_code: str | None = None,
                   severity: str | None = None, received_since: dt.date | None = None,
                   received_until: dt.date | None = None, after: ComplaintRow | None = None
                   ) -> list[ComplaintRow]:
        """A page of slips, newest intake first, each with its next deadline and time left.

        ``branch_code`` narrows HQ's consolidated list to one branch's slips; the intake days
        are each slip's own branch calendar days; ``after`` (the previous page's last row)
        pages without ``offset``.
        """
        require(actor, Permission.COMPLAINT_VIEW)
        now = clock.now()
        superseded = _superseded_clause()
        rows: list[ComplaintRow] = []
        with self._uow() as session:
            branches = branches_by_id(session)
            query = (select(ComplaintSlip, Customer.name, Vehicle.plate, superseded)
                     .outerjoin(Customer, Customer.id == ComplaintSlip.customer_id)
                     .outerjoin(Vehicle, Vehicle.id == ComplaintSlip.vehicle_id)
                     .where(*_slip_scope(branches, now, open_only, overdue_only, branch_code, severity,
                                         received_since, received_until)))
            if after is not None:
                query = query.where(slip_after(after))
            query = query.order_by(*SLIP_ORDER).offset(max(0, offset)).limit(limit)
            for slip, customer_name, plate, is_superseded in session.execute(query):
                kind, due, missed = deadline_status(slip, now, bool(is_superseded))
                where = label_of(branches, slip.branch_id)
                rows.append(ComplaintRow(
                    slip.id, slip.number, customer_name or slip.customer_name, plate or "",
                    slip.category, slip.severity, slip.state, slip.received_at,
                    slip.received_by_name, kind, due,
                    None if due is None else int((due - now).total_seconds()), bool(missed),
                    branch_code=where.code, branch_name=where.name, branch_timezone=where.timezone))
        return rows

    def count_slips(self, actor: Actor, *, open_only: bool = False, overdue_only: bool = False,
                    branch_code: str | None = None, severity: str | None = None,
                    received_since: dt.date | None = None, received_until: dt.date | None = None) -> int:
        """How many slips :meth:`list_slips` pages through (the page's "共 N 条")."""
        require(actor, Permission.COMPLAINT_VIEW)
        with self._uow() as session:
            scope = _slip_scope(branches_by_id(session), clock.now(), open_only, overdue_only, branch_code,
                                severity, received_since, received_until)
            return int(session.scalar(select(func.count(ComplaintSlip.id)).where(*scope)) or 0)

    def count_overdue(self, actor: Actor, now: dt.datetime | None = None) -> int:
        """The main window's badge: open slips past a deadline that applies."""
        require(actor, Permission.COMPLAINT_VIEW)
        with self._uow() as session:
            return int(session.scalar(select(func.count(ComplaintSlip.id))
                                      .where(_overdue_clause(now or clock.now()))) or 0)

    def major_open_for_manager(self, actor: Actor) -> list[ComplaintRow]:
        """Open major slips, shown to a manager at login (重大投诉 go up at once)."""
        require(actor, Permission.COMPLAINT_VIEW)
        if actor.role not in MANAGERS | {Role.SYSTEM}:
            return []
        return [r for r in self.list_slips(actor, open_only=True, limit=10_000)
                if r.severity == Severity.MAJOR]

    def follow_up_tasks(self, actor: Actor, status: str | None = "open") -> list[FollowUpTaskView]:
        require(actor, Permission.COMPLAINT_VIEW)
        query = (select(FollowUpTask).where(FollowUpTask.kind == "complaint_effect")
                 .order_by(FollowUpTask.due_on, FollowUpTask.created_at))
        if status:
            query = query.where(FollowUpTask.status == status)
        with self._uow() as session:
            return [FollowUpTaskView(t.id, t.customer_id, t.due_on, t.reason, t.source_slip_id,
                                     t.assigned_role, t.status) for t in session.scalars(query)]

    def monthly_statistics(self, actor: Actor, year: int, month: int) -> MonthlyStatistics:
        """客户投诉案件统计表 of a local calendar month (available from the 1st of the next)."""
        require(actor, Permission.COMPLAINT_VIEW)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValidationError("complaint.month_invalid", "month", value=f"{year}-{month}")
        with self._uow() as session:
            branch = local_branch(session)
            start, end = month_bounds(year, month, branch.timezone)
            return build_statistics(session, year, month, start, end, branch.timezone,
                                    int_setting(session, COMPLAINT_DEDUCTION_CAP_BP))

    # --- helpers --------------------------------------------------------------------------
    _slip = staticmethod(slip_by_key)
    _work_order = staticmethod(work_order_by_key)
    _staff = staticmethod(staff_by_id)


def _slip_scope(branches: dict[str, Branch], now: dt.datetime, open_only: bool, overdue_only: bool,
                branch_code: str | None, severity: str | None, since: dt.date | None,
                until: dt.date | None) -> list[ColumnElement[bool]]:
    """The list's filters; intake days are each slip's own branch calendar days."""
    check_range(since, until)
    if severity and severity not in {s.value for s in Severity}:
        raise ValidationError("complaint.severity_invalid", "severity", value=severity)
    found = [clause for clause in (
        in_branch(ComplaintSlip.branch_id, branches, branch_code),
        local_days(ComplaintSlip.received_at, ComplaintSlip.branch_id, branches, since, until),
    ) if clause is not None]
    if open_only:
        found += [ComplaintSlip.state != CSState.CLOSED.value, ~_superseded_clause()]
    if overdue_only:
        found.append(_overdue_clause(now))
    if severity:
        found.append(ComplaintSlip.severity == severity)
    return found


def _basis(staff: Staff) -> StaffPayBasis:
    return StaffPayBasis(staff.id, staff.display_name, staff.role, staff.department, staff.base_points,
                         staff.monthly_bonus_fen, staff.is_general_manager, staff.active)


__all__ = ["ComplaintInput", "ComplaintService", "ComplaintSettings", "CopySetting", "PartyInput",
           "ProposalInput", "StaffPayBasis"]
