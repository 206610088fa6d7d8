"""Customer care (跟踪服务/回访), DOMAIN.md §5 and §6: the work list, calls, ratings, letters,
reminders, loyal and lost customers, and the monthly care summary.

Every method is one unit of work and checks the actor's role. Follow-up tasks are created
by the app (delivery, a new customer file, a closed complaint; see
:mod:`domain.services.care_tasks`); a call moves its task through
:func:`domain.care_rules.after_call`. A complaint heard on a call opens a slip through
``ComplaintService.register`` (the one intake path), then the call is saved with its link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from domain import clock, messages
from domain.care_rules import (
    CALL_KINDS,
    CLASS_LABELS_ZH,
    CUSTOMER_REMINDERS,
    LETTER_REMINDERS,
    LETTER_TEMPLATE_LABELS_ZH,
    OUTCOME_LABELS_ZH,
    RATING_ITEM_LABELS_ZH,
    RATING_ITEMS,
    REMINDER_ACTION_LABELS_ZH,
    REMINDER_KIND_LABELS_ZH,
    TASK_KIND_LABELS_ZH,
    TASK_STATUS_LABELS_ZH,
    CampaignFacts,
    ClassRules,
    ContractFacts,
    CustomerClass,
    DeliveredOrder,
    Direction,
    FollowUpRules,
    LetterTemplate,
    Level,
    MileageReading,
    Outcome,
    Ratio,
    ReminderAction,
    ReminderKind,
    ReminderRules,
    TaskKind,
    TaskStatus,
    Timing,
    VehicleFacts,
    Visit,
    after_call,
    answer_status,
    birthday_reminder,
    callback_rate,
    classify,
    csi,
    customer_birthday,
    level_counts,
    month_end,
    movements,
    reminders_for,
    task_timing,
    under_warranty,
)
from domain.errors import Conflict, NotAllowed, NotFound, ValidationError, collect
from domain.model import (
    Campaign,
    CareCall,
    CareLetter,
    CareRating,
    CareRatingStaff,
    ComplaintSlip,
    Customer,
    FollowUpTask,
    Job,
    LabourLine,
    ReminderOutcome,
    ServiceContract,
    Staff,
    Vehicle,
    WorkOrder,
)
from domain.orm import new_id
from domain.roles import Actor, Permission, can, require
from domain.services.branch import local_branch
from domain.services.care_tasks import (
    class_rules,
    follow_up_rules,
    reminder_rules,
    schedule_answer,
    schedule_letter,
    schedule_request,
    schedule_second_call,
)
from domain.services.care_views import (
    CallView,
    CareSummary,
    CareTaskDetail,
    CareTaskRow,
    ClassMoveRow,
    ClassRow,
    ContractView,
    ItemSatisfaction,
    LetterView,
    RatingView,
    ReminderOutcomeView,
    ReminderRow,
    StaffRating,
    WorkList,
)
from domain.services.complaints import ComplaintInput, ComplaintService
from domain.services.mode_guard import require_branch_mode
from domain.services.record_keys import work_order_by_key
from domain.settings_defaults import CARE_FILE_COMPLETION_DAYS, int_setting
from domain.uow import UnitOfWork
from domain.validation import clean_text
from domain.workorder_rules import WOState

LONG_TEXT = 4000

for _code, _zh, _en in (
    ("care.task_not_found", "找不到回访任务：{key}", "Follow-up task not found: {key}"),
    ("care.task_closed", "该任务已{status}，不能再登记", "The task is already {status_en}"),
    ("care.invalid_choice", "{label}的取值“{value}”无效", "{label}: invalid value '{value}'"),
    ("care.call_back_needs_time", "约定再打须填写回电时间", "'Call back later' needs the time to call back"),
    ("care.customer_required", "请选择客户或填写对方姓名/电话",
     "Choose a customer or give the caller's name or phone"),
    ("care.rating_needs_order", "满意度评价须对应一张已交车的工单",
     "A rating needs a delivered work order"),
    ("care.rating_not_reached", "未接通的电话不能登记满意度", "A call that did not reach the customer has no rating"),
    ("care.complaint_not_reached", "未接通的电话不能登记投诉", "A call that did not reach anyone has no complaint"),
    ("care.not_your_task", "这是分派给其他人的任务", "This task is assigned to someone else"),
    ("care.contract_dates", "合同结束日期不能早于开始日期", "The contract cannot end before it starts"),
    ("care.month_invalid", "月份无效：{value}", "Invalid month: {value}"),
    ("care.reminder_key", "提醒编号无效：{key}", "Invalid reminder key: {key}"),
    ("care.request_empty", "请填写客户要求，再报服务主任", "Write down the customer's request to report it"),
    ("care.request_not_reached", "未接通的电话没有客户要求", "A call that did not reach anyone has no request"),
    ("care.not_a_request", "该任务不是待答复的客户要求", "This task is not a customer request to answer"),
    ("care.decision_required", "请填写答复内容", "Write down the answer"),
    ("care.request_needs_decision", "客户要求须由服务主任填写答复后完成",
     "A customer request is completed by the supervisor's answer"),
):
    messages.register(_code, _zh, _en)


# --- input --------------------------------------------------------------------------------
@dataclass
class RatingInput:
    """客户意见调查卡: each item very_satisfied | satisfied | neutral | unsatisfied ("" = not asked)."""

    overall: str
    attitude: str = ""
    workmanship: str = ""
    timeliness: str = ""
    promises: str = ""
    comment: str = ""
    source: str = "phone"  # phone | card


@dataclass
class CallComplaintInput:
    """A complaint heard on the call; the slip is pre-filled from the call."""

    category: str
    customer_words: str = ""  # empty: the call's unsatisfied remarks
    customer_request: str = ""  # empty: the call's requests
    claimed_fen: int = 0
    safety_risk: bool = False
    media_involved: bool = False


@dataclass
class CallInput:
    """跟踪服务电话记录: one call; a follow-up names its task, an incoming call may not."""

    outcome: str
    direction: str = "out"
    task_id: str | None = None
    customer_id: str | None = None
    vehicle_id: str | None = None
    work_order: str | None = None  # id or number
    called_at: dt.datetime | None = None
    contact_name: str = ""
    phone: str = ""
    call_back_at: dt.datetime | None = None
    topic: str = ""
    satisfied_remarks: str = ""
    unsatisfied_remarks: str = ""
    requests: str = ""
    answer: str = ""
    rating: RatingInput | None = None
    complaint: CallComplaintInput | None = None
    request_open: bool = False  # the request could not be settled on the call: to the supervisor


@dataclass
class LetterInput:
    addressee: str
    subject: str
    template: str = "other"
    customer_id: str | None = None
    vehicle_id: str | None = None
    address: str = ""
    body: str = ""
    related_key: str = ""
    sent_on: dt.date | None = None


@dataclass(frozen=True)
class CareSettings:
    follow_up: FollowUpRules
    reminders: ReminderRules
    classes: ClassRules
    file_completion_days: int = 2


def _choice(value: str, allowed: Iterable[str], label: str, name: str) -> ValidationError | None:
    if value not in set(allowed):
        return ValidationError("care.invalid_choice", name, label=label, value=value)
    return None


def _levels(data: RatingInput) -> list[ValidationError | None]:
    allowed = {lv.value for lv in Level}
    errors = [_choice(data.overall, allowed, "总体满意度", "overall"),
              _choice(data.source, ("phone", "card"), "评价方式", "source")]
    for item in RATING_ITEMS:
        value = getattr(data, item.value)
        if value:
            errors.append(_choice(value, allowed, RATING_ITEM_LABELS_ZH[item], item.value))
    return errors


def _month_range(year: int, month: int, zone: str) -> tuple[dt.datetime, dt.datetime, dt.date, dt.date]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValidationError("care.month_invalid", "month", value=f"{year}-{month}")
    first = dt.date(year, month, 1)
    last = month_end(year, month)
    tz = clock.branch_zone(zone)
    start = dt.datetime.combine(first, dt.time(), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return start, end, first, last


def _is_paid(customer_fen: int, payer: str) -> bool:
    """A visit counts as paid unless warranty or insurance paid all of it (DOMAIN.md §5)."""
    return customer_fen > 0 or payer == "contract"


class CareService:
    def __init__(self, uow: UnitOfWork, complaints: ComplaintService | None = None) -> None:
        self._uow = uow
        self._complaints = complaints or ComplaintService(uow)

    # --- work list ------------------------------------------------------------------------
    def work_list(self, actor: Actor, day: dt.date | None = None, *, assigned_to: str | None = None,
                  mine: bool = False, upcoming_days: int = 0) -> WorkList:
        """The care page for ``day`` (default today): due, overdue, done that day, upcoming.

        ``mine`` narrows to the actor's tasks (assigned to them, or to their role and to
        nobody in particular); ``assigned_to`` to one staff member's.
        """
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            day = day or clock.today(branch.timezone)
            start, end = self._day_bounds(day, branch.timezone)
            query = select(FollowUpTask).where(or_(
                (FollowUpTask.status == TaskStatus.OPEN.value)
                & (FollowUpTask.due_on <= day + dt.timedelta(days=max(0, upcoming_days))),
                (FollowUpTask.closed_at >= start) & (FollowUpTask.closed_at < end)))
            if assigned_to:
                query = query.where(FollowUpTask.assigned_staff_id == assigned_to)
            elif mine:
                query = query.where(or_(FollowUpTask.assigned_staff_id == actor.staff_id,
                                        (FollowUpTask.assigned_staff_id.is_(None))
                                        & (FollowUpTask.assigned_role == actor.role.value)))
            tasks = list(session.scalars(query.order_by(FollowUpTask.due_on, FollowUpTask.created_at)))
            rows = self._rows(session, tasks, day)
        return WorkList(day, tuple(r for r in rows if r.timing == Timing.DUE),
                        tuple(r for r in rows if r.timing == Timing.OVERDUE),
                        tuple(r for r in rows if r.timing == Timing.CLOSED),
                        tuple(r for r in rows if r.timing == Timing.UPCOMING))

    def due(self, actor: Actor, day: dt.date | None = None) -> list[CareTaskRow]:
        """What is due on ``day``: open tasks whose date has come, overdue ones included
        (for ``dealerdesk care due`` and the start-up badge), earliest first."""
        work = self.work_list(actor, day)
        return sorted((*work.overdue, *work.due), key=lambda r: (r.due_on, r.kind, r.customer_name))

    def task(self, actor: Actor, task_id: str) -> CareTaskDetail:
        """One task as the clerk opens it: customer, vehicle, the order and its calls."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            task = self._task(session, task_id)
            row = self._rows(session, [task], clock.today(branch.timezone))[0]
            calls = list(session.scalars(select(CareCall).where(CareCall.task_id == task.id)
                                         .order_by(CareCall.called_at)))
            rating = self._rating_of(session, task.work_order_id)
            return CareTaskDetail(row, tuple(self._call_views(session, calls)), rating,
                                  follow_up_rules(session).max_tries)

    def reassign(self, actor: Actor, task_ids: Sequence[str], staff_id: str | None) -> list[CareTaskRow]:
        """The supervisor hands calls to someone else (the assigned clerk is away)."""
        require(actor, Permission.CARE_ASSIGN)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            if staff_id is not None:
                staff = session.get(Staff, staff_id)
                if staff is None or not staff.active:
                    raise NotFound("staff.not_found", key=staff_id)
            tasks = [self._task(session, t) for t in task_ids]
            for task in tasks:
                if task.status != TaskStatus.OPEN:
                    raise Conflict("care.task_closed", status=TASK_STATUS_LABELS_ZH[task.status],
                                   status_en=task.status)
                task.assigned_staff_id = staff_id
            session.flush()
            return self._rows(session, tasks, clock.today(branch.timezone))

    def complete_task(self, actor: Actor, task_id: str, note: str = "") -> CareTaskRow:
        """Done without a call: the advisor completed the customer file, or the clerk dealt
        with a reminder task in person."""
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            task = self._task(session, task_id)
            require(actor, Permission.CUSTOMER_EDIT if task.kind == TaskKind.FILE_COMPLETION
                    else Permission.CARE_CALL)
            self._check_open(task)
            if task.kind == TaskKind.REQUEST:
                raise ValidationError("care.request_needs_decision", "task")
            self._close(task, TaskStatus.DONE, actor)
            if note:
                task.reason = f"{task.reason}；{clean_text(note, '备注', 'note', max_len=200)}"[:500]
            session.flush()
            return self._rows(session, [task], clock.today(branch.timezone))[0]

    def cancel_task(self, actor: Actor, task_id: str, reason: str) -> CareTaskRow:
        """Cancelled with a reason (the customer sold the car, asked not to be called)."""
        require(actor, Permission.CARE_CALL)
        reason = clean_text(reason, "取消原因", "reason", max_len=200, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            task = self._task(session, task_id)
            self._check_open(task)
            self._close(task, TaskStatus.CANCELLED, actor)
            task.reason = f"{task.reason}；取消：{reason}"[:500]
            session.flush()
            return self._rows(session, [task], clock.today(branch.timezone))[0]

    # --- calls ----------------------------------------------------------------------------
    def record_call(self, actor: Actor, data: CallInput) -> CallView:
        """登记电话: a follow-up call or an incoming call, with ratings and a complaint.

        The task follows the outcome (done / rescheduled / failed); a reached first call
        schedules the second. A complaint opens a slip pre-filled from the call (source
        ``follow_up``, channel ``follow_up_call`` or ``phone`` for an incoming call).
        """
        require(actor, Permission.CARE_CALL)
        texts = self._clean_call(data)
        outcome = Outcome(data.outcome)
        called_at = data.called_at or clock.now()
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            task = self._task(session, data.task_id) if data.task_id else None
            if task is not None:
                self._check_open(task)
                if (task.assigned_staff_id and task.assigned_staff_id != actor.staff_id
                        and not can(actor, Permission.CARE_ASSIGN)):
                    raise NotAllowed("care.not_your_task")
            order = self._order(session, data.work_order) if data.work_order else None
            if order is None and task is not None and task.work_order_id:
                order = session.get(WorkOrder, task.work_order_id)
            customer_id = (order.customer_id if order else None) or (task.customer_id if task else None) \
                or data.customer_id
            vehicle_id = (order.vehicle_id if order else None) or (task.vehicle_id if task else None) \
                or data.vehicle_id
            if customer_id and session.get(Customer, customer_id) is None:
                raise NotFound("customer.not_found", key=customer_id)
            if not customer_id and not texts["contact_name"] and not texts["phone"]:
                raise ValidationError("care.customer_required", "customer_id")
            if data.rating is not None and (order is None or order.state != WOState.DELIVERED):
                raise ValidationError("care.rating_needs_order", "work_order")
            customer = session.get(Customer, customer_id) if customer_id else None
            mobile = customer.mobile if customer else ""
            order_id, order_number = (order.id, order.number) if order else (None, "")
            task_id = task.id if task else None
            zone = branch.timezone
            plate = ""
            if vehicle_id:
                vehicle = session.get(Vehicle, vehicle_id)
                plate = vehicle.plate if vehicle else ""
        slip_id: str | None = None
        call_id = _new_call_id()
        if data.complaint is not None:
            words = texts["complaint_words"] or texts["unsatisfied_remarks"] or texts["requests"]
            slip = self._complaints.register(actor, ComplaintInput(
                channel="follow_up_call" if data.direction == Direction.OUT else "phone",
                category=data.complaint.category, customer_words=words,
                customer_request=texts["complaint_request"] or texts["requests"],
                claimed_fen=data.complaint.claimed_fen, customer_id=customer_id,
                customer_name="" if customer_id else texts["contact_name"],
                contact_phone=texts["phone"] or mobile,
                vehicle_id=vehicle_id, work_order=order_number or None, source="follow_up",
                source_ref=f"回访电话 {plate} {clock.format_local(called_at, zone)}".strip()[:60],
                safety_risk=data.complaint.safety_risk, media_involved=data.complaint.media_involved,
                received_at=called_at))
            slip_id = slip.id
        with self._uow() as session:
            rules = follow_up_rules(session)
            call = CareCall(
                id=call_id, direction=data.direction, task_id=task_id,
                customer_id=customer_id, vehicle_id=vehicle_id,
                work_order_id=order_id, called_at=called_at,
                staff_id=actor.staff_id, staff_name=actor.display_name,
                contact_name=texts["contact_name"], phone=texts["phone"], outcome=outcome.value,
                call_back_at=data.call_back_at if outcome is Outcome.CALL_BACK else None,
                topic=texts["topic"], satisfied_remarks=texts["satisfied_remarks"],
                unsatisfied_remarks=texts["unsatisfied_remarks"], requests=texts["requests"],
                answer=texts["answer"], complaint_slip_id=slip_id)
            session.add(call)
            session.flush()
            if data.request_open:
                schedule_request(session, call, clock.local(called_at, zone).date(), actor)
            if task_id is not None:
                task = self._task(session, task_id)
                self._check_open(task)
                called_on = clock.local(called_at, zone).date()
                result = after_call(
                    outcome, called_on=called_on, due_on=task.due_on, tries=task.tries, rules=rules,
                    call_back_at=data.call_back_at,
                    call_back_on=(clock.local(data.call_back_at, zone).date()
                                  if data.call_back_at else None))
                task.tries, task.due_on, task.last_outcome = result.tries, result.due_on, outcome.value
                task.call_back_at = result.call_back_at
                if result.status is not TaskStatus.OPEN:
                    self._close(task, result.status, actor, called_at)
                    if result.status is TaskStatus.DONE and task.kind == TaskKind.FIRST_CALL:
                        schedule_second_call(session, task, called_on, actor, zone)
                    if result.status is TaskStatus.DONE and task.kind == TaskKind.ANSWER:
                        self._told(session, task, called_at)
            if data.rating is not None and order_id is not None:
                self._save_rating(session, self._order(session, order_id), call, data.rating, actor, called_at)
            session.flush()
            return self._call_views(session, [call])[0]

    def record_rating(self, actor: Actor, work_order: str, data: RatingInput,
                      rated_at: dt.datetime | None = None) -> RatingView:
        """A paper survey card (客户意见调查卡) typed in; replaces an earlier rating."""
        require(actor, Permission.CARE_CALL)
        collect(*_levels(data))
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, work_order)
            if order.state != WOState.DELIVERED:
                raise ValidationError("care.rating_needs_order", "work_order")
            self._save_rating(session, order, None, data, actor, rated_at or clock.now())
            session.flush()
            rating = self._rating_of(session, order.id)
            assert rating is not None
            return rating

    def decide_request(self, actor: Actor, task_id: str, decision: str, *, customer_told: bool = False) -> CallView:
        """服务主任答复: the supervisor's answer to a request a call could not settle.

        The request's task is done; the decision is kept on the call it was heard on. The
        customer is told the answer the same day it is decided (DOMAIN.md §5): at once
        (``customer_told``, the supervisor told them) or by a call the care desk makes that
        day (task ``answer``, due today; reaching the customer records when they were told).
        """
        require(actor, Permission.CARE_ASSIGN)
        decision = clean_text(decision, "答复", "decision", max_len=LONG_TEXT, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            task = self._task(session, task_id)
            if task.kind != TaskKind.REQUEST:
                raise ValidationError("care.not_a_request", "task")
            self._check_open(task)
            now = clock.now()
            self._close(task, TaskStatus.DONE, actor, now)
            call = session.scalar(select(CareCall).where(CareCall.request_task_id == task.id))
            if call is None:  # a task whose call is gone: nothing to keep the answer on
                raise NotFound("care.task_not_found", key=task_id)
            call.decision, call.decided_at, call.decided_by_name = decision, now, actor.display_name
            if customer_told:
                call.customer_told_at = now
            else:
                schedule_answer(session, task, clock.local(now, branch.timezone).date(), decision, actor)
            session.flush()
            return self._call_views(session, [call])[0]

    @staticmethod
    def _letter_pending(session: Session, customer_id: str | None) -> bool:
        return customer_id is not None and session.scalar(select(FollowUpTask.id).where(
            FollowUpTask.customer_id == customer_id, FollowUpTask.kind == TaskKind.LETTER.value,
            FollowUpTask.status == TaskStatus.OPEN.value).limit(1)) is not None

    @staticmethod
    def _told(session: Session, answer_task: FollowUpTask, at: dt.datetime) -> None:
        """The answer call reached the customer: the call the request was heard on records it."""
        call = session.scalar(select(CareCall).where(CareCall.request_task_id == answer_task.previous_task_id))
        if call is not None and call.customer_told_at is None:
            call.customer_told_at = at

    def calls(self, actor: Actor, start: dt.date, end: dt.date, *, direction: str | None = None,
              customer_id: str | None = None) -> list[CallView]:
        """跟踪服务电话登记表: calls of the local days ``start``..``end``, oldest first."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            lo, _ = self._day_bounds(start, branch.timezone)
            _, hi = self._day_bounds(end, branch.timezone)
            query = select(CareCall).where(CareCall.called_at >= lo, CareCall.called_at < hi)
            if direction:
                query = query.where(CareCall.direction == direction)
            if customer_id:
                query = query.where(CareCall.customer_id == customer_id)
            return self._call_views(session, list(session.scalars(query.order_by(CareCall.called_at))))

    # --- letters and contracts ------------------------------------------------------------
    def record_letter(self, actor: Actor, data: LetterInput) -> LetterView:
        """跟踪服务信函登记: every letter sent is registered (printing is the report's job)."""
        require(actor, Permission.CARE_CALL)
        errors: list[ValidationError | None] = []
        values: dict[str, str] = {}
        for key, raw, label, size, required in (
                ("addressee", data.addressee, "收信人", 100, True), ("subject", data.subject, "事由", 200, True),
                ("address", data.address, "地址", 200, False), ("body", data.body, "正文", LONG_TEXT, False),
                ("related_key", data.related_key, "关联", 80, False)):
            try:
                values[key] = clean_text(raw, label, key, max_len=size, required=required)
            except ValidationError as exc:
                errors.append(exc)
        errors.append(_choice(data.template, [t.value for t in LetterTemplate], "信函模板", "template"))
        collect(*errors)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            if data.customer_id and session.get(Customer, data.customer_id) is None:
                raise NotFound("customer.not_found", key=data.customer_id)
            if data.vehicle_id and session.get(Vehicle, data.vehicle_id) is None:
                raise NotFound("vehicle.not_found", key=data.vehicle_id)
            letter = CareLetter(sent_on=data.sent_on or clock.today(branch.timezone),
                                customer_id=data.customer_id, vehicle_id=data.vehicle_id,
                                template=data.template, sent_by_id=actor.staff_id,
                                sent_by_name=actor.display_name, **values)
            session.add(letter)
            session.flush()
            if data.customer_id and data.template == LetterTemplate.EVENT_INVITATION:
                for task in session.scalars(select(FollowUpTask).where(
                        FollowUpTask.customer_id == data.customer_id, FollowUpTask.kind == TaskKind.LETTER.value,
                        FollowUpTask.status == TaskStatus.OPEN.value)):
                    self._close(task, TaskStatus.DONE, actor)
            return self._letter_views(session, [letter])[0]

    def letters(self, actor: Actor, start: dt.date, end: dt.date) -> list[LetterView]:
        """跟踪服务信函登记表 of ``start``..``end``."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            rows = list(session.scalars(select(CareLetter).where(CareLetter.sent_on >= start,
                                                                 CareLetter.sent_on <= end)
                                        .order_by(CareLetter.sent_on, CareLetter.created_at)))
            return self._letter_views(session, rows)

    def record_contract(self, actor: Actor, customer_id: str, number: str, starts_on: dt.date,
                        ends_on: dt.date, *, vehicle_id: str | None = None, title: str = "") -> ContractView:
        """A service contract (维修保养合同), so its expiry is announced a month ahead."""
        require(actor, Permission.CUSTOMER_EDIT)
        number = clean_text(number, "合同编号", "number", max_len=40, required=True)
        title = clean_text(title, "合同名称", "title", max_len=200)
        if ends_on < starts_on:
            raise ValidationError("care.contract_dates", "ends_on")
        with self._uow() as session:
            require_branch_mode(session)
            if session.get(Customer, customer_id) is None:
                raise NotFound("customer.not_found", key=customer_id)
            if vehicle_id and session.get(Vehicle, vehicle_id) is None:
                raise NotFound("vehicle.not_found", key=vehicle_id)
            row = ServiceContract(customer_id=customer_id, vehicle_id=vehicle_id, number=number,
                                  title=title, starts_on=starts_on, ends_on=ends_on)
            session.add(row)
            session.flush()
            return ContractView(row.id, row.number, row.title, row.customer_id, row.vehicle_id,
                                row.starts_on, row.ends_on)

    def contracts(self, actor: Actor, customer_id: str | None = None) -> list[ContractView]:
        require(actor, Permission.CARE_VIEW)
        query = select(ServiceContract).order_by(ServiceContract.ends_on)
        if customer_id:
            query = query.where(ServiceContract.customer_id == customer_id)
        with self._uow() as session:
            return [ContractView(r.id, r.number, r.title, r.customer_id, r.vehicle_id, r.starts_on,
                                 r.ends_on) for r in session.scalars(query)]

    # --- reminders ------------------------------------------------------------------------
    def reminders(self, actor: Actor, day: dt.date | None = None, *, kinds: Sequence[str] | None = None,
                  open_only: bool = True) -> list[ReminderRow]:
        """Reminders on the list on ``day``, computed from the customer files, each with
        what was done about it; booked or declined ones drop off unless ``open_only`` is off."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            day = day or clock.today(branch.timezone)
            rules = reminder_rules(session)
            facts = self._vehicle_facts(session, branch.timezone)
            contracts: dict[str, list[ContractFacts]] = {}
            for sc in session.scalars(select(ServiceContract)):
                contracts.setdefault(sc.customer_id, []).append(
                    ContractFacts(sc.id, sc.number, sc.customer_id, sc.vehicle_id, sc.ends_on))
            campaigns = [CampaignFacts(c.code, c.title, c.kind, c.vin_from, c.vin_to, c.model, c.starts_on,
                                       c.ends_on) for c in session.scalars(select(Campaign))]
            found = [r for f in facts.values()
                     for r in reminders_for(f, day, rules, contracts.get(f.customer_id, ()), campaigns)
                     if not kinds or r.kind in kinds]
            if not kinds or ReminderKind.BIRTHDAY in kinds:
                for cid, birthday, id_number, kind in session.execute(
                        select(Customer.id, Customer.birthday, Customer.id_number, Customer.kind)):
                    greeting = birthday_reminder(cid, customer_birthday(birthday, id_number, kind), day, rules)
                    if greeting is not None:
                        found.append(greeting)
            outcomes: dict[str, list[ReminderOutcomeView]] = {}
            keys = [r.key for r in found]
            for i in range(0, len(keys), 500):
                for o in session.scalars(select(ReminderOutcome)
                                         .where(ReminderOutcome.reminder_key.in_(keys[i:i + 500]))
                                         .order_by(ReminderOutcome.at)):
                    outcomes.setdefault(o.reminder_key, []).append(ReminderOutcomeView(
                        o.outcome, REMINDER_ACTION_LABELS_ZH.get(o.outcome, o.outcome), o.note, o.at, o.by_name))
            customers = self._customers(session, {r.customer_id for r in found})
            vehicles = {v.id: v for v in session.scalars(select(Vehicle).where(
                Vehicle.id.in_({r.vehicle_id for r in found})))} if found else {}
            rows: list[ReminderRow] = []
            for r in found:
                c, v = customers.get(r.customer_id), vehicles.get(r.vehicle_id)
                row = ReminderRow(r.key, r.kind.value, REMINDER_KIND_LABELS_ZH[r.kind], r.due_on, r.remind_from,
                                  r.detail, r.ref, r.customer_id, c.name if c else "", c.mobile if c else "",
                                  c.address if c else "", bool(c.consent_contact) if c else True,
                                  r.vehicle_id, v.plate if v else "", v.model if v else "",
                                  tuple(outcomes.get(r.key, ())))
                if not (open_only and row.closed):
                    rows.append(row)
            return sorted(rows, key=lambda r: (r.due_on, r.kind, r.customer_name, r.plate))

    def mark_reminder(self, actor: Actor, key: str, outcome: str, note: str = "",
                      due_on: dt.date | None = None, *, letter: bool | None = None) -> ReminderOutcomeView:
        """Contacted, booked or declined: kept under the reminder's key (kind:vehicle:ref;
        a birthday's kind:customer:date).

        Events and campaigns (and recalls): the customer is phoned two weeks before and "a
        letter follows within 2 days" (DOMAIN.md §5) — a contacted or booked customer gets a
        task to register the invitation letter within ``care.letter_days``, unless
        ``letter`` says otherwise (``letter=True`` asks for one after any reminder)."""
        require(actor, Permission.CARE_CALL)
        collect(_choice(outcome, [a.value for a in ReminderAction], "处理结果", "outcome"))
        note = clean_text(note, "备注", "note", max_len=500)
        parts = key.split(":", 2)
        if len(parts) != 3 or parts[0] not in {k.value for k in ReminderKind}:
            raise ValidationError("care.reminder_key", "key", key=key)
        kind = ReminderKind(parts[0])
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            customer_id: str | None
            vehicle_id: str | None
            if kind in CUSTOMER_REMINDERS:
                if session.get(Customer, parts[1]) is None:
                    raise NotFound("customer.not_found", key=parts[1])
                customer_id, vehicle_id = parts[1], None
            else:
                vehicle = session.get(Vehicle, parts[1])
                if vehicle is None:
                    raise NotFound("vehicle.not_found", key=parts[1])
                customer_id, vehicle_id = vehicle.owner_id, vehicle.id
            if due_on is None:
                try:
                    due_on = dt.date.fromisoformat(parts[2])
                except ValueError:
                    due_on = None
            row = ReminderOutcome(reminder_key=key, kind=parts[0], customer_id=customer_id,
                                  vehicle_id=vehicle_id, due_on=due_on, outcome=outcome, note=note,
                                  at=clock.now(), by_id=actor.staff_id, by_name=actor.display_name)
            session.add(row)
            wants_letter = outcome in (ReminderAction.CONTACTED, ReminderAction.BOOKED) and kind in LETTER_REMINDERS
            if (wants_letter if letter is None else letter) and not self._letter_pending(session, customer_id):
                title = session.scalar(select(Campaign.title).where(Campaign.code == parts[2])) or parts[2]
                schedule_letter(session, customer_id, vehicle_id, clock.today(branch.timezone), title, actor)
            session.flush()
            return ReminderOutcomeView(row.outcome, REMINDER_ACTION_LABELS_ZH[ReminderAction(outcome)],
                                       row.note, row.at, row.by_name)

    # --- loyal and lost customers ----------------------------------------------------------
    def classes(self, actor: Actor, as_of: dt.date | None = None, *, klass: str | None = None,
                model: str | None = None, min_age_years: int | None = None,
                max_age_years: int | None = None) -> list[ClassRow]:
        """忠诚客户筛选 / 流失客户: every customer's class on ``as_of`` (default today), ranked
        within the class; filters by vehicle model and vehicle age (years since purchase,
        else since the model year)."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            as_of = as_of or clock.today(branch.timezone)
            classes = self._classify(session, as_of, branch.timezone)
            vehicles: dict[str, list[Vehicle]] = {}
            for v in session.scalars(select(Vehicle).order_by(Vehicle.plate)):
                vehicles.setdefault(v.owner_id, []).append(v)
            customers = self._customers(session, set(classes))
        rows: list[ClassRow] = []
        for cid, cls in classes.items():
            if klass is not None and cls.klass != klass:
                continue
            owned = vehicles.get(cid, [])
            if model and not any(model.strip() in v.model for v in owned):
                continue
            if min_age_years is not None or max_age_years is not None:
                ages = [a for a in (_vehicle_age(v, as_of) for v in owned) if a is not None]
                if not any((min_age_years is None or a >= min_age_years)
                           and (max_age_years is None or a <= max_age_years) for a in ages):
                    continue
            c = customers.get(cid)
            rows.append(ClassRow(cid, c.name if c else "", c.mobile if c else "", cls.klass,
                                 CLASS_LABELS_ZH[cls.klass], cls.rank, cls.paid_visits, cls.spend_fen,
                                 cls.last_paid_on, cls.last_visit_on, tuple(v.plate for v in owned),
                                 tuple(v.model for v in owned)))
        order = {k: i for i, k in enumerate(CLASS_LABELS_ZH)}
        return sorted(rows, key=lambda r: (order[r.klass], r.rank))

    def class_movements(self, actor: Actor, year: int, month: int) -> list[ClassMoveRow]:
        """Who moved class during the month: end of the previous month against its end."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            _, _, first, last = _month_range(year, month, branch.timezone)
            before = self._classify(session, first - dt.timedelta(days=1), branch.timezone)
            after = self._classify(session, last, branch.timezone)
            moves = movements(before, after)
            customers = self._customers(session, {m.customer_id for m in moves})
        return [ClassMoveRow(m.customer_id, customers[m.customer_id].name if m.customer_id in customers else "",
                             customers[m.customer_id].mobile if m.customer_id in customers else "",
                             m.before, m.after) for m in moves]

    # --- monthly summary ------------------------------------------------------------------
    def monthly_summary(self, actor: Actor, year: int, month: int) -> CareSummary:
        """回访分析: follow-ups due/done/reached, callback rate (also under warranty),
        satisfaction by item, CSI, ratings per technician and advisor; orders count in the
        month they were delivered, ratings in the month they were given."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            start, end, first, last = _month_range(year, month, branch.timezone)
            call_kinds = [k.value for k in CALL_KINDS]
            tasks = list(session.scalars(select(FollowUpTask).where(
                FollowUpTask.kind.in_(call_kinds), FollowUpTask.due_on >= first, FollowUpTask.due_on <= last)))
            calls = list(session.scalars(select(CareCall).where(CareCall.called_at >= start,
                                                                CareCall.called_at < end)))
            orders = list(session.execute(
                select(WorkOrder, Vehicle.warranty_end_date, Vehicle.warranty_end_km)
                .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                .where(WorkOrder.state == WOState.DELIVERED.value, WorkOrder.delivered_at >= start,
                       WorkOrder.delivered_at < end)))
            order_ids = [o.id for o, _, _ in orders]
            reached: set[str] = set()
            for i in range(0, len(order_ids), 500):
                chunk = order_ids[i:i + 500]
                reached.update(session.scalars(select(CareCall.work_order_id).where(
                    CareCall.work_order_id.in_(chunk), CareCall.direction == Direction.OUT.value,
                    CareCall.outcome == Outcome.REACHED.value)))
                reached.update(session.scalars(select(FollowUpTask.work_order_id).where(
                    FollowUpTask.work_order_id.in_(chunk), FollowUpTask.last_outcome == Outcome.REACHED.value)))
            delivered = [DeliveredOrder(o.id, under_warranty(
                clock.local(o.delivered_at or o.received_at, branch.timezone).date(), o.mileage_out or o.mileage_in,
                wend, wkm, o.payer), o.id in reached) for o, wend, wkm in orders]
            ratings = list(session.scalars(select(CareRating).where(CareRating.rated_at >= start,
                                                                    CareRating.rated_at < end)))
            per_staff: dict[tuple[str, str], list[CareRating]] = {}
            names: dict[str, str] = {}
            if ratings:
                by_id = {r.id: r for r in ratings}
                for link in session.scalars(select(CareRatingStaff).where(
                        CareRatingStaff.rating_id.in_(list(by_id)))):
                    per_staff.setdefault((link.staff_id, link.role), []).append(by_id[link.rating_id])
                    names[link.staff_id] = link.staff_name
            letters = int(session.scalar(select(func.count(CareLetter.id)).where(
                CareLetter.sent_on >= first, CareLetter.sent_on <= last)) or 0)
        staff_rows = tuple(
            StaffRating(sid, names.get(sid, ""), role, len(rs), csi(r.overall for r in rs), _items(rs))
            for (sid, role), rs in sorted(per_staff.items(), key=lambda kv: (kv[0][1], names.get(kv[0][0], ""))))
        return CareSummary(
            year, month,
            follow_ups_due=len(tasks),
            follow_ups_done=sum(1 for t in tasks if t.status == TaskStatus.DONE),
            follow_ups_failed=sum(1 for t in tasks if t.status == TaskStatus.FAILED),
            calls_out=sum(1 for c in calls if c.direction == Direction.OUT),
            calls_reached=sum(1 for c in calls if c.direction == Direction.OUT and c.outcome == Outcome.REACHED),
            calls_in=sum(1 for c in calls if c.direction == Direction.IN),
            delivered_orders=len(delivered), callback=callback_rate(delivered),
            callback_warranty=callback_rate(delivered, warranty_only=True),
            rated_orders=len(ratings), csi=csi(r.overall for r in ratings), items=_items(ratings),
            per_staff=staff_rows,
            unsatisfied_remarks=sum(1 for c in calls if c.unsatisfied_remarks),
            complaints_from_calls=sum(1 for c in calls if c.complaint_slip_id),
            letters_sent=letters)

    def settings(self) -> CareSettings:
        """Intervals, tries, lead times and class thresholds (defaults in settings_defaults)."""
        with self._uow() as session:
            return CareSettings(follow_up_rules(session), reminder_rules(session), class_rules(session),
                                int_setting(session, CARE_FILE_COMPLETION_DAYS))

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _day_bounds(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
        tz = clock.branch_zone(zone)
        start = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)
        return start, start + dt.timedelta(days=1)

    @staticmethod
    def _task(session: Session, task_id: str) -> FollowUpTask:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise NotFound("care.task_not_found", key=task_id)
        return task

    _order = staticmethod(work_order_by_key)

    @staticmethod
    def _check_open(task: FollowUpTask) -> None:
        if task.status != TaskStatus.OPEN:
            raise Conflict("care.task_closed", status=TASK_STATUS_LABELS_ZH.get(task.status, task.status),
                           status_en=task.status)

    @staticmethod
    def _close(task: FollowUpTask, status: TaskStatus, actor: Actor, at: dt.datetime | None = None) -> None:
        task.status = status.value
        task.closed_at = at or clock.now()
        task.closed_by_name = actor.display_name

    @staticmethod
    def _clean_call(data: CallInput) -> dict[str, str]:
        errors: list[ValidationError | None] = [
            _choice(data.outcome, [o.value for o in Outcome], "通话结果", "outcome"),
            _choice(data.direction, [d.value for d in Direction], "呼叫方向", "direction")]
        values: dict[str, str] = {}
        complaint = data.complaint
        for key, raw, label, size in (
                ("contact_name", data.contact_name, "联系人", 100), ("phone", data.phone, "电话", 30),
                ("topic", data.topic, "回访话题", 200),
                ("satisfied_remarks", data.satisfied_remarks, "满意意见", LONG_TEXT),
                ("unsatisfied_remarks", data.unsatisfied_remarks, "不满意意见", LONG_TEXT),
                ("requests", data.requests, "客户要求", LONG_TEXT), ("answer", data.answer, "答复", LONG_TEXT),
                ("complaint_words", complaint.customer_words if complaint else "", "客户陈述", LONG_TEXT),
                ("complaint_request", complaint.customer_request if complaint else "", "客户要求", LONG_TEXT)):
            try:
                values[key] = clean_text(raw, label, key, max_len=size)
            except ValidationError as exc:
                errors.append(exc)
                values[key] = ""
        if data.outcome == Outcome.CALL_BACK and data.call_back_at is None:
            errors.append(ValidationError("care.call_back_needs_time", "call_back_at"))
        if data.rating is not None:
            if data.outcome != Outcome.REACHED:
                errors.append(ValidationError("care.rating_not_reached", "rating"))
            errors.extend(_levels(data.rating))
        if complaint is not None and data.outcome not in (Outcome.REACHED, Outcome.DECLINED):
            errors.append(ValidationError("care.complaint_not_reached", "complaint"))
        if data.request_open and not values.get("requests"):
            errors.append(ValidationError("care.request_empty", "requests"))
        if data.request_open and data.outcome not in (Outcome.REACHED, Outcome.DECLINED):
            errors.append(ValidationError("care.request_not_reached", "requests"))
        if data.called_at is not None and data.called_at > clock.now() + dt.timedelta(minutes=5):
            errors.append(ValidationError("date.future", "called_at", label="通话时间"))
        collect(*errors)
        return values

    @staticmethod
    def _save_rating(session: Session, order: WorkOrder, call: CareCall | None, data: RatingInput,
                     actor: Actor, at: dt.datetime) -> None:
        rating = session.scalar(select(CareRating).where(CareRating.work_order_id == order.id))
        if rating is None:
            rating = CareRating(work_order_id=order.id)
            session.add(rating)
        else:
            for link in session.scalars(select(CareRatingStaff).where(CareRatingStaff.rating_id == rating.id)):
                session.delete(link)
        rating.customer_id = order.customer_id
        rating.call_id = call.id if call else None
        rating.source = data.source
        rating.attitude, rating.workmanship = data.attitude, data.workmanship
        rating.timeliness, rating.promises, rating.overall = data.timeliness, data.promises, data.overall
        rating.comment = clean_text(data.comment, "评价", "comment", max_len=LONG_TEXT)
        rating.advisor_id = order.advisor_id
        rating.rated_at = at
        rating.recorded_by_name = actor.display_name
        session.flush()
        people: list[tuple[str, str]] = []
        if order.advisor_id:
            people.append((order.advisor_id, "advisor"))
        techs = set(session.scalars(select(Job.technician_id).where(Job.work_order_id == order.id)))
        techs.update(t for t in session.scalars(select(LabourLine.technician_id).where(
            LabourLine.work_order_id == order.id)) if t)
        people.extend((t, "technician") for t in sorted(techs))
        staff = {s.id: s.display_name for s in session.scalars(
            select(Staff).where(Staff.id.in_([p for p, _ in people])))} if people else {}
        for staff_id, role in people:
            session.add(CareRatingStaff(rating_id=rating.id, staff_id=staff_id,
                                        staff_name=staff.get(staff_id, ""), role=role))

    @staticmethod
    def _rating_of(session: Session, work_order_id: str | None) -> RatingView | None:
        if not work_order_id:
            return None
        rating = session.scalar(select(CareRating).where(CareRating.work_order_id == work_order_id))
        if rating is None:
            return None
        return _rating_views(session, [rating])[rating.id]

    @staticmethod
    def _customers(session: Session, ids: set[str]) -> dict[str, Customer]:
        found: dict[str, Customer] = {}
        listed = [i for i in ids if i]
        for i in range(0, len(listed), 500):
            found.update((c.id, c) for c in session.scalars(select(Customer).where(
                Customer.id.in_(listed[i:i + 500]))))
        return found

    def _rows(self, session: Session, tasks: list[FollowUpTask], day: dt.date) -> list[CareTaskRow]:
        customers = self._customers(session, {t.customer_id for t in tasks if t.customer_id})
        vehicle_ids = {t.vehicle_id for t in tasks if t.vehicle_id}
        order_ids = {t.work_order_id for t in tasks if t.work_order_id}
        vehicles = {v.id: v for v in session.scalars(select(Vehicle).where(Vehicle.id.in_(vehicle_ids)))} \
            if vehicle_ids else {}
        orders = {o.id: o for o in session.scalars(select(WorkOrder).where(WorkOrder.id.in_(order_ids)))} \
            if order_ids else {}
        work: dict[str, list[str]] = {}
        techs: dict[str, list[str]] = {}
        staff_ids = {t.assigned_staff_id for t in tasks if t.assigned_staff_id}
        staff_ids.update(o.advisor_id for o in orders.values() if o.advisor_id)
        if order_ids:
            for oid, text in session.execute(select(LabourLine.work_order_id, LabourLine.description)
                                             .where(LabourLine.work_order_id.in_(order_ids))
                                             .order_by(LabourLine.seq)):
                work.setdefault(oid, []).append(text)
            for oid, tech in session.execute(select(Job.work_order_id, Job.technician_id)
                                             .where(Job.work_order_id.in_(order_ids)).order_by(Job.seq)):
                if tech not in techs.setdefault(oid, []):
                    techs[oid].append(tech)
                    staff_ids.add(tech)
        names = {s.id: s.display_name for s in session.scalars(select(Staff).where(Staff.id.in_(staff_ids)))} \
            if staff_ids else {}
        rows: list[CareTaskRow] = []
        for t in tasks:
            c = customers.get(t.customer_id or "")
            v = vehicles.get(t.vehicle_id or "")
            o = orders.get(t.work_order_id or "")
            rows.append(CareTaskRow(
                t.id, t.kind, TASK_KIND_LABELS_ZH.get(t.kind, t.kind), t.status,
                TASK_STATUS_LABELS_ZH.get(t.status, t.status),
                task_timing(t.status, t.due_on, t.window_end, day).value, t.due_on, t.window_end, t.tries,
                t.last_outcome, t.call_back_at, t.reason, t.assigned_role, t.assigned_staff_id,
                names.get(t.assigned_staff_id or "", ""), t.customer_id, c.name if c else "",
                c.mobile if c else "", c.other_phone if c else "", c.preferred_contact_time if c else "",
                bool(c.consent_contact) if c else True, t.vehicle_id, v.plate if v else "",
                v.model if v else "", t.work_order_id, o.number if o else "", o.delivered_at if o else None,
                "；".join(work.get(o.id, [])) if o else "", names.get(o.advisor_id or "", "") if o else "",
                tuple(names.get(x, "") for x in techs.get(o.id, [])) if o else (),
                o.total_fen if o else 0, t.source_slip_id, t.previous_task_id, t.closed_at, t.closed_by_name))
        return rows

    def _call_views(self, session: Session, calls: list[CareCall]) -> list[CallView]:
        customers = self._customers(session, {c.customer_id for c in calls if c.customer_id})
        vehicle_ids = {c.vehicle_id for c in calls if c.vehicle_id}
        plates = _pairs(session, select(Vehicle.id, Vehicle.plate).where(Vehicle.id.in_(vehicle_ids))) if vehicle_ids else {}
        order_ids = {c.work_order_id for c in calls if c.work_order_id}
        numbers = _pairs(session, select(WorkOrder.id, WorkOrder.number)
                                       .where(WorkOrder.id.in_(order_ids))) if order_ids else {}
        slip_ids = {c.complaint_slip_id for c in calls if c.complaint_slip_id}
        slips = _pairs(session, select(ComplaintSlip.id, ComplaintSlip.number)
                                     .where(ComplaintSlip.id.in_(slip_ids))) if slip_ids else {}
        task_ids = {c.task_id for c in calls if c.task_id}
        kinds = _pairs(session, select(FollowUpTask.id, FollowUpTask.kind)
                                     .where(FollowUpTask.id.in_(task_ids))) if task_ids else {}
        ratings = {r.call_id: r for r in session.scalars(select(CareRating).where(
            CareRating.call_id.in_([c.id for c in calls])))} if calls else {}
        rating_views = _rating_views(session, list(ratings.values()))
        zone = local_branch(session).timezone
        today = clock.today(zone)

        def day(moment: dt.datetime | None) -> dt.date | None:
            return clock.local(moment, zone).date() if moment else None

        out: list[CallView] = []
        for c in calls:
            cust = customers.get(c.customer_id or "")
            rating = ratings.get(c.id)
            status = answer_status(c.request_task_id is not None, day(c.decided_at), day(c.customer_told_at), today)
            out.append(CallView(
                c.id, c.direction, c.called_at, c.staff_name, c.contact_name, c.phone, c.outcome,
                OUTCOME_LABELS_ZH.get(c.outcome, c.outcome), c.call_back_at, c.topic, c.satisfied_remarks,
                c.unsatisfied_remarks, c.requests, c.answer, c.customer_id, cust.name if cust else c.contact_name,
                plates.get(c.vehicle_id or "", ""), c.work_order_id, numbers.get(c.work_order_id or "", ""),
                c.task_id, kinds.get(c.task_id or "", ""), c.complaint_slip_id,
                slips.get(c.complaint_slip_id or "", ""), rating_views.get(rating.id) if rating else None,
                c.request_task_id, c.decision, c.decided_at, c.decided_by_name, c.customer_told_at, status.value))
        return out

    @staticmethod
    def _letter_views(session: Session, letters: list[CareLetter]) -> list[LetterView]:
        vehicle_ids = {x.vehicle_id for x in letters if x.vehicle_id}
        plates = _pairs(session, select(Vehicle.id, Vehicle.plate).where(Vehicle.id.in_(vehicle_ids))) if vehicle_ids else {}
        return [LetterView(x.id, x.sent_on, x.addressee, x.address, x.subject, x.template,
                           LETTER_TEMPLATE_LABELS_ZH.get(x.template, x.template), x.body, x.related_key,
                           x.customer_id, x.vehicle_id, plates.get(x.vehicle_id or "", ""), x.sent_by_name)
                for x in letters]

    @staticmethod
    def _vehicle_facts(session: Session, zone: str) -> dict[str, VehicleFacts]:
        readings: dict[str, list[MileageReading]] = {}
        last: dict[str, WorkOrder] = {}
        for o in session.scalars(select(WorkOrder).where(WorkOrder.state != WOState.CANCELLED.value)
                                 .order_by(WorkOrder.received_at)):
            readings.setdefault(o.vehicle_id, []).append(
                MileageReading(clock.local(o.received_at, zone).date(), o.mileage_in))
            if o.delivered_at is not None:
                if o.mileage_out:
                    readings[o.vehicle_id].append(MileageReading(clock.local(o.delivered_at, zone).date(),
                                                                 o.mileage_out))
                if o.vehicle_id not in last or (last[o.vehicle_id].delivered_at or o.delivered_at) <= o.delivered_at:
                    last[o.vehicle_id] = o
        facts: dict[str, VehicleFacts] = {}
        for v in session.scalars(select(Vehicle)):
            lo = last.get(v.id)
            facts[v.id] = VehicleFacts(
                v.id, v.owner_id, v.vin, v.model, v.purchase_date, v.mileage_km, v.insurance_expiry,
                v.inspection_due, v.warranty_end_date, v.warranty_end_km,
                clock.local(lo.delivered_at, zone).date() if lo and lo.delivered_at else None,
                (lo.mileage_out or lo.mileage_in) if lo else None,
                lo.next_service_date if lo else None, lo.next_service_km if lo else None,
                tuple(readings.get(v.id, ())))
        return facts

    @staticmethod
    def _classify(session: Session, as_of: dt.date, zone: str) -> dict[str, CustomerClass]:
        """Every order that was not cancelled is a visit (D counts visits of any kind); a
        delivered one on its delivery day, one still in the shop on its reception day. Only
        the columns are read: a branch has hundreds of thousands of orders."""
        visits: list[Visit] = []
        for customer_id, state, received_at, delivered_at, customer_fen, payer in session.execute(
                select(WorkOrder.customer_id, WorkOrder.state, WorkOrder.received_at, WorkOrder.delivered_at,
                       WorkOrder.customer_fen, WorkOrder.payer)
                .where(WorkOrder.state != WOState.CANCELLED.value)):
            delivered = state == WOState.DELIVERED.value and delivered_at is not None
            on = clock.local(delivered_at if delivered_at is not None and delivered else received_at, zone).date()
            paid = delivered and _is_paid(int(customer_fen or 0), str(payer))
            visits.append(Visit(customer_id, on, paid, int(customer_fen or 0) if paid else 0))
        known = {cid: (first or clock.local(created, zone).date())
                 for cid, first, created in session.execute(
                     select(Customer.id, Customer.first_visit_on, Customer.created_at))}
        return classify(visits, as_of, class_rules(session), known)


def _pairs(session: Session, query: Any) -> dict[str, str]:
    """``{first: second}`` of a two-column select (id → number, id → plate)."""
    return {str(a): str(b) for a, b in session.execute(query)}


def _new_call_id() -> str:
    return new_id()


def _vehicle_age(vehicle: Vehicle, as_of: dt.date) -> int | None:
    if vehicle.purchase_date is not None:
        years = as_of.year - vehicle.purchase_date.year
        if (as_of.month, as_of.day) < (vehicle.purchase_date.month, vehicle.purchase_date.day):
            years -= 1
        return max(0, years)
    if vehicle.model_year:
        return max(0, as_of.year - vehicle.model_year)
    return None


def _items(ratings: Sequence[CareRating]) -> tuple[ItemSatisfaction, ...]:
    out: list[ItemSatisfaction] = []
    for item in RATING_ITEMS:
        levels = [getattr(r, item.value) for r in ratings if getattr(r, item.value)]
        counts = level_counts(levels)
        out.append(ItemSatisfaction(item.value, RATING_ITEM_LABELS_ZH[item], tuple(counts.items()),
                                    Ratio(counts[Level.VERY_SATISFIED] + counts[Level.SATISFIED], len(levels))))
    return tuple(out)


def _rating_views(session: Session, ratings: list[CareRating]) -> dict[str, RatingView]:
    if not ratings:
        return {}
    links: dict[str, list[CareRatingStaff]] = {}
    for link in session.scalars(select(CareRatingStaff).where(
            CareRatingStaff.rating_id.in_([r.id for r in ratings])).order_by(CareRatingStaff.staff_name)):
        links.setdefault(link.rating_id, []).append(link)
    numbers = _pairs(session, select(WorkOrder.id, WorkOrder.number).where(
        WorkOrder.id.in_([r.work_order_id for r in ratings])))
    return {r.id: RatingView(
        r.id, r.work_order_id, numbers.get(r.work_order_id, ""), r.source, r.attitude, r.workmanship,
        r.timeliness, r.promises, r.overall, r.comment, r.rated_at, r.recorded_by_name,
        next((x.staff_name for x in links.get(r.id, []) if x.role == "advisor"), ""),
        tuple(x.staff_name for x in links.get(r.id, []) if x.role == "technician")) for r in ratings}


__all__ = ["CallComplaintInput", "CallInput", "CareService", "CareSettings", "LetterInput", "RatingInput"]
