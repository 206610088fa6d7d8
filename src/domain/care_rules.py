"""Customer-care rules (DOMAIN.md §5, §6), pure: no session, no clock, dates in, answers out.

Why one module: the service, the GUI's work list, the printed summary and the tests must
agree on when a call is due, when a reminder shows, which class a customer is in and how
CSI and the callback rate are counted; each of these lives here once.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from domain.calendar_rules import MONDAY_TO_SATURDAY, WorkCalendar
from domain.labels import tables


# --- vocabulary ---------------------------------------------------------------------------
class TaskKind(StrEnum):
    FIRST_CALL = "first_call"  # 3–7 days after delivery
    SECOND_CALL = "second_call"  # about 7 days after the first
    COMPLAINT_EFFECT = "complaint_effect"  # did the complaint's measure work
    FILE_COMPLETION = "file_completion"  # the advisor completes a new customer file
    REMINDER = "reminder"
    CAMPAIGN = "campaign"
    REQUEST = "request"  # the supervisor answers a request a call could not settle (2 days)
    ANSWER = "answer"  # the customer is told the supervisor's answer, the same day
    LETTER = "letter"  # an event's invitation letter follows the call (2 days)


TASK_KIND_LABELS_ZH: dict[str, str] = {
    TaskKind.FIRST_CALL: "首次回访", TaskKind.SECOND_CALL: "二次回访",
    TaskKind.COMPLAINT_EFFECT: "投诉效果回访", TaskKind.FILE_COMPLETION: "完善客户档案",
    TaskKind.REMINDER: "提醒", TaskKind.CAMPAIGN: "服务活动",
    TaskKind.REQUEST: "客户要求待答复", TaskKind.ANSWER: "告知客户答复", TaskKind.LETTER: "寄发邀请函",
}
TASK_KIND_LABELS_EN: dict[str, str] = {
    TaskKind.FIRST_CALL: "First follow-up call", TaskKind.SECOND_CALL: "Second follow-up call",
    TaskKind.COMPLAINT_EFFECT: "Complaint follow-up", TaskKind.FILE_COMPLETION: "Complete customer file",
    TaskKind.REMINDER: "Reminder", TaskKind.CAMPAIGN: "Service campaign",
    TaskKind.REQUEST: "Customer request to answer", TaskKind.ANSWER: "Tell the customer the answer",
    TaskKind.LETTER: "Send the invitation letter",
}
TASK_KIND_LABELS = tables(TASK_KIND_LABELS_ZH, TASK_KIND_LABELS_EN)
#: follow-up calls (the monthly summary counts these); the answer to a request is a call
#: too, but not a follow-up of a delivery
CALL_KINDS = frozenset({TaskKind.FIRST_CALL, TaskKind.SECOND_CALL, TaskKind.COMPLAINT_EFFECT,
                        TaskKind.REMINDER, TaskKind.CAMPAIGN})
#: tasks done by a phone call (the work list's "call" button)
PHONE_KINDS = CALL_KINDS | {TaskKind.ANSWER}


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


TASK_STATUS_LABELS_ZH: dict[str, str] = {
    TaskStatus.OPEN: "待办", TaskStatus.DONE: "已完成", TaskStatus.FAILED: "未成功",
    TaskStatus.CANCELLED: "已取消",
}
TASK_STATUS_LABELS_EN: dict[str, str] = {
    TaskStatus.OPEN: "Open", TaskStatus.DONE: "Done", TaskStatus.FAILED: "Not reached",
    TaskStatus.CANCELLED: "Cancelled",
}
TASK_STATUS_LABELS = tables(TASK_STATUS_LABELS_ZH, TASK_STATUS_LABELS_EN)


class Timing(StrEnum):
    """Where an open task stands today (the work list's sections)."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    CLOSED = "closed"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Outcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    CALL_BACK = "call_back"  # call back later at …
    DECLINED = "declined"


OUTCOME_LABELS_ZH: dict[str, str] = {
    Outcome.REACHED: "已接通", Outcome.NO_ANSWER: "无人接听", Outcome.WRONG_NUMBER: "号码错误",
    Outcome.CALL_BACK: "约定再打", Outcome.DECLINED: "拒绝回访",
}
OUTCOME_LABELS_EN: dict[str, str] = {
    Outcome.REACHED: "Reached", Outcome.NO_ANSWER: "No answer", Outcome.WRONG_NUMBER: "Wrong number",
    Outcome.CALL_BACK: "Call back later", Outcome.DECLINED: "Declined",
}
OUTCOME_LABELS = tables(OUTCOME_LABELS_ZH, OUTCOME_LABELS_EN)


class AnswerStatus(StrEnum):
    """Where a request heard on a call stands (DOMAIN.md §5): not settled on the spot, it is
    reported to the supervisor within 2 days, and the customer is told the answer the same
    day it is decided."""

    NONE = ""  # nothing was left open on the call
    AWAITING = "awaiting"  # the supervisor has not decided yet
    TO_TELL = "to_tell"  # decided today, the customer not told yet
    SAME_DAY = "same_day"  # told the day it was decided
    LATE = "late"  # told on a later day, or not told and that day is over


ANSWER_STATUS_LABELS_ZH: dict[str, str] = {  # NONE has no label: nothing to show
    AnswerStatus.AWAITING: "待服务主任答复", AnswerStatus.TO_TELL: "待告知客户",
    AnswerStatus.SAME_DAY: "已当日告知客户", AnswerStatus.LATE: "未当日告知客户",
}
ANSWER_STATUS_LABELS_EN: dict[str, str] = {
    AnswerStatus.AWAITING: "Awaiting the supervisor's answer",
    AnswerStatus.TO_TELL: "Customer to be told", AnswerStatus.SAME_DAY: "Customer told the same day",
    AnswerStatus.LATE: "Customer not told the same day",
}
ANSWER_STATUS_LABELS = tables(ANSWER_STATUS_LABELS_ZH, ANSWER_STATUS_LABELS_EN)


def answer_status(request_open: bool, decided_on: dt.date | None, told_on: dt.date | None,
                  today: dt.date) -> AnswerStatus:
    """The customer must be told the answer "the same day it is decided" (local dates)."""
    if not request_open:
        return AnswerStatus.NONE
    if decided_on is None:
        return AnswerStatus.AWAITING
    if told_on is not None:
        return AnswerStatus.SAME_DAY if told_on <= decided_on else AnswerStatus.LATE
    return AnswerStatus.TO_TELL if today <= decided_on else AnswerStatus.LATE


class Level(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    UNSATISFIED = "unsatisfied"


LEVELS: tuple[Level, ...] = tuple(Level)
LEVEL_LABELS_ZH: dict[str, str] = {
    Level.VERY_SATISFIED: "很满意", Level.SATISFIED: "满意", Level.NEUTRAL: "一般",
    Level.UNSATISFIED: "不满意",
}
LEVEL_LABELS_EN: dict[str, str] = {
    Level.VERY_SATISFIED: "Very satisfied", Level.SATISFIED: "Satisfied", Level.NEUTRAL: "Neutral",
    Level.UNSATISFIED: "Unsatisfied",
}
LEVEL_LABELS = tables(LEVEL_LABELS_ZH, LEVEL_LABELS_EN)
GOOD_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})


class RatingItem(StrEnum):
    ATTITUDE = "attitude"
    WORKMANSHIP = "workmanship"
    TIMELINESS = "timeliness"
    PROMISES = "promises"


RATING_ITEMS: tuple[RatingItem, ...] = tuple(RatingItem)
RATING_ITEM_LABELS_ZH: dict[str, str] = {
    RatingItem.ATTITUDE: "服务态度", RatingItem.WORKMANSHIP: "维修技术",
    RatingItem.TIMELINESS: "到达/交车时间", RatingItem.PROMISES: "答应事项的办理",
}
RATING_ITEM_LABELS_EN: dict[str, str] = {
    RatingItem.ATTITUDE: "Staff attitude", RatingItem.WORKMANSHIP: "Workmanship",
    RatingItem.TIMELINESS: "On time (arrival/delivery)", RatingItem.PROMISES: "Promises kept",
}
RATING_ITEM_LABELS = tables(RATING_ITEM_LABELS_ZH, RATING_ITEM_LABELS_EN)


class LetterTemplate(StrEnum):
    MAINTENANCE_REMINDER = "maintenance_reminder"
    EVENT_INVITATION = "event_invitation"
    CONTRACT_EXPIRY = "contract_expiry"  # 保养到期通知书
    COMPLAINT_REPLY = "complaint_reply"
    OTHER = "other"


LETTER_TEMPLATE_LABELS_ZH: dict[str, str] = {
    LetterTemplate.MAINTENANCE_REMINDER: "保养提醒函", LetterTemplate.EVENT_INVITATION: "活动邀请函",
    LetterTemplate.CONTRACT_EXPIRY: "保养到期通知书", LetterTemplate.COMPLAINT_REPLY: "投诉答复函",
    LetterTemplate.OTHER: "其他信函",
}
LETTER_TEMPLATE_LABELS_EN: dict[str, str] = {
    LetterTemplate.MAINTENANCE_REMINDER: "Maintenance reminder", LetterTemplate.EVENT_INVITATION: "Event invitation",
    LetterTemplate.CONTRACT_EXPIRY: "Maintenance contract expiry", LetterTemplate.COMPLAINT_REPLY: "Complaint reply",
    LetterTemplate.OTHER: "Other letter",
}
LETTER_TEMPLATE_LABELS = tables(LETTER_TEMPLATE_LABELS_ZH, LETTER_TEMPLATE_LABELS_EN)


class ReminderKind(StrEnum):
    MAINTENANCE = "maintenance"
    INSURANCE = "insurance"
    INSPECTION = "inspection"
    WARRANTY = "warranty"
    CONTRACT = "contract"
    CAMPAIGN = "campaign"
    RECALL = "recall"
    BIRTHDAY = "birthday"  # a courtesy greeting; keyed by the customer, not a vehicle
    ANNIVERSARY = "anniversary"  # the car's purchase anniversary


REMINDER_KIND_LABELS_ZH: dict[str, str] = {
    ReminderKind.MAINTENANCE: "保养到期", ReminderKind.INSURANCE: "保险到期",
    ReminderKind.INSPECTION: "年检到期", ReminderKind.WARRANTY: "质保到期",
    ReminderKind.CONTRACT: "合同到期", ReminderKind.CAMPAIGN: "服务活动", ReminderKind.RECALL: "召回",
    ReminderKind.BIRTHDAY: "客户生日", ReminderKind.ANNIVERSARY: "购车周年",
}
REMINDER_KIND_LABELS_EN: dict[str, str] = {
    ReminderKind.MAINTENANCE: "Maintenance due", ReminderKind.INSURANCE: "Insurance expiry",
    ReminderKind.INSPECTION: "Annual inspection due", ReminderKind.WARRANTY: "Warranty expiry",
    ReminderKind.CONTRACT: "Contract expiry", ReminderKind.CAMPAIGN: "Service campaign",
    ReminderKind.RECALL: "Recall", ReminderKind.BIRTHDAY: "Customer's birthday",
    ReminderKind.ANNIVERSARY: "Purchase anniversary",
}
#: reminders keyed by the customer (``birthday:<customer>:<date>``), the others by a vehicle
CUSTOMER_REMINDERS = frozenset({ReminderKind.BIRTHDAY})
#: a phone call about these is followed by an invitation letter within two days
LETTER_REMINDERS = frozenset({ReminderKind.CAMPAIGN, ReminderKind.RECALL})
REMINDER_KIND_LABELS = tables(REMINDER_KIND_LABELS_ZH, REMINDER_KIND_LABELS_EN)


class ReminderAction(StrEnum):
    CONTACTED = "contacted"
    BOOKED = "booked"
    DECLINED = "declined"


REMINDER_ACTION_LABELS_ZH: dict[str, str] = {
    ReminderAction.CONTACTED: "已联系", ReminderAction.BOOKED: "已预约", ReminderAction.DECLINED: "已拒绝",
}
REMINDER_ACTION_LABELS_EN: dict[str, str] = {
    ReminderAction.CONTACTED: "Contacted", ReminderAction.BOOKED: "Booked", ReminderAction.DECLINED: "Declined",
}
REMINDER_ACTION_LABELS = tables(REMINDER_ACTION_LABELS_ZH, REMINDER_ACTION_LABELS_EN)
CLOSING_ACTIONS = frozenset({ReminderAction.BOOKED, ReminderAction.DECLINED})


# --- calendar -----------------------------------------------------------------------------
def care_desk_calendar() -> WorkCalendar:
    """The care desk's calling days by default: Monday to Saturday (setting
    ``care.working_weekdays``), never on a day the shop is closed (``care_tasks``)."""
    return WorkCalendar(MONDAY_TO_SATURDAY)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Mar − 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- follow-up scheduling -----------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpRules:
    first_after_days: int = 3
    first_window_days: int = 7
    second_after_days: int = 7  # the first week after delivery; the second call comes after it
    second_on_time_day: int = 14  # ... and is on time through this day after delivery
    max_tries: int = 3
    calendar: WorkCalendar = field(default_factory=care_desk_calendar)
    request_days: int = 2  # an unresolved request reaches the supervisor's answer within
    letter_days: int = 2  # an event's invitation letter follows the call within


@dataclass(frozen=True)
class Schedule:
    due_on: dt.date
    window_end: dt.date


def first_call(delivered_on: dt.date, rules: FollowUpRules) -> Schedule:
    """首次回访: day 3 after delivery (local date), moved to a working day; on time to day 7.

    A delivery on a Friday is due on Monday; one on the 30th of a 30-day month on the 3rd
    of the next. The window end never comes before the due date (a long holiday).
    """
    due = rules.calendar.on_or_after(delivered_on + dt.timedelta(days=rules.first_after_days))
    end = delivered_on + dt.timedelta(days=max(rules.first_window_days, rules.first_after_days))
    return Schedule(due, max(due, end))


def second_call(delivered_on: dt.date, first_done_on: dt.date, rules: FollowUpRules) -> Schedule:
    """二次回访 "in the 7 days after the first week" (一周后的 7 天以内, DOMAIN.md §5): due
    from day 8 after delivery (the day after the first call when that was late), moved to a
    working day, and on time through day 14 after delivery (``second_on_time_day``).

    The window is counted from the delivery, not from the first call: a first call made on
    day 3 used to put the second call's end on day 11 and left it overdue three days early.
    """
    opens = max(delivered_on + dt.timedelta(days=rules.second_after_days + 1),
                first_done_on + dt.timedelta(days=1))
    due = rules.calendar.on_or_after(opens)
    end = delivered_on + dt.timedelta(days=max(rules.second_on_time_day, rules.second_after_days + 1))
    return Schedule(due, max(due, end))


def within(created_on: dt.date, days: int) -> Schedule:
    """A task to do from today and on time through ``days`` later (report a request to the
    supervisor "within 2 days", a letter "within 2 days"): on the list at once."""
    return Schedule(created_on, created_on + dt.timedelta(days=max(0, days)))


def simple_task(created_on: dt.date, days: int) -> Schedule:
    """A task due ``days`` after ``created_on`` (e.g. complete a customer file within 2 days)."""
    end = created_on + dt.timedelta(days=days)
    return Schedule(end, end)


@dataclass(frozen=True)
class CallResult:
    """What a call does to its task: new status, due date and tries counted."""

    status: TaskStatus
    due_on: dt.date
    tries: int
    call_back_at: dt.datetime | None = None


def after_call(outcome: Outcome, *, called_on: dt.date, due_on: dt.date, tries: int,
               rules: FollowUpRules, call_back_at: dt.datetime | None = None,
               call_back_on: dt.date | None = None) -> CallResult:
    """Reached: done. No answer: the next working day, until ``max_tries`` unanswered calls
    make it failed. Call back later: the day asked for (a try is not used up: somebody
    answered). Wrong number or declined: failed at once (calling again would not help).

    ``call_back_on`` is the local date of ``call_back_at`` (the caller converts zones).
    """
    if outcome is Outcome.REACHED:
        return CallResult(TaskStatus.DONE, due_on, tries + 1)
    if outcome in (Outcome.WRONG_NUMBER, Outcome.DECLINED):
        return CallResult(TaskStatus.FAILED, due_on, tries + 1)
    if outcome is Outcome.CALL_BACK:
        day = call_back_on or rules.calendar.next_working(called_on)
        return CallResult(TaskStatus.OPEN, max(day, called_on), tries, call_back_at)
    used = tries + 1
    if used >= rules.max_tries:
        return CallResult(TaskStatus.FAILED, due_on, used)
    return CallResult(TaskStatus.OPEN, rules.calendar.next_working(called_on), used)


def task_timing(status: str, due_on: dt.date, window_end: dt.date | None, today: dt.date) -> Timing:
    """Open and not yet due: upcoming; due today or inside its window: due; past it: overdue."""
    if status != TaskStatus.OPEN:
        return Timing.CLOSED
    if due_on > today:
        return Timing.UPCOMING
    if today <= (window_end or due_on):
        return Timing.DUE
    return Timing.OVERDUE


# --- reminders ----------------------------------------------------------------------------
@dataclass(frozen=True)
class MileageReading:
    on: dt.date
    km: int


def average_daily_km(readings: Sequence[MileageReading], *, purchase_date: dt.date | None = None,
                     current_km: int = 0, today: dt.date | None = None) -> float | None:
    """Average daily mileage from the recorded readings (first to last), else from the
    purchase date to today; None when nothing tells (then maintenance goes by date)."""
    points = sorted((r for r in readings if r.km > 0), key=lambda r: (r.on, r.km))
    if len(points) >= 2:
        days = (points[-1].on - points[0].on).days
        if days >= 7 and points[-1].km > points[0].km:
            return (points[-1].km - points[0].km) / days
    if purchase_date is not None and today is not None and current_km > 0:
        days = (today - purchase_date).days
        if days >= 7:
            return current_km / days
    return None


def projected_km(readings: Sequence[MileageReading], per_day: float | None, on: dt.date,
                 fallback_km: int = 0) -> int:
    """The odometer on ``on``: the last reading plus the average since then."""
    last = max(readings, key=lambda r: (r.on, r.km), default=None)
    if last is None:
        return fallback_km
    base = max(last.km, fallback_km)
    if per_day is None or on <= last.on:
        return base
    return base + round(per_day * (on - last.on).days)


def date_for_km(target_km: int, readings: Sequence[MileageReading], per_day: float | None,
                fallback_km: int = 0) -> dt.date | None:
    """The day the projected odometer reaches ``target_km`` (None without an average)."""
    last = max(readings, key=lambda r: (r.on, r.km), default=None)
    if last is None or per_day is None or per_day <= 0:
        return None
    base = max(last.km, fallback_km)
    if target_km <= base:
        return last.on
    return last.on + dt.timedelta(days=int(-(-(target_km - base) // per_day)))


@dataclass(frozen=True)
class ReminderRules:
    maintenance_interval_days: int = 180
    maintenance_interval_km: int = 5000
    maintenance_lead_days: int = 14
    insurance_lead_days: int = 30
    inspection_lead_days: int = 30
    warranty_lead_days: int = 30
    contract_lead_months: int = 1
    grace_days: int = 30
    campaign_lead_days: int = 14  # customers are phoned two weeks before an event starts
    greeting_lead_days: int = 3  # birthdays and purchase anniversaries show this many days ahead


@dataclass(frozen=True)
class VehicleFacts:
    """What a reminder needs to know of one vehicle and its visits."""

    vehicle_id: str
    customer_id: str
    vin: str = ""
    model: str = ""
    purchase_date: dt.date | None = None
    mileage_km: int = 0
    insurance_expiry: dt.date | None = None
    inspection_due: dt.date | None = None
    warranty_end_date: dt.date | None = None
    warranty_end_km: int | None = None
    last_service_on: dt.date | None = None  # last delivered visit
    last_service_km: int | None = None
    next_service_date: dt.date | None = None  # as written on the last order
    next_service_km: int | None = None
    readings: tuple[MileageReading, ...] = ()


@dataclass(frozen=True)
class ContractFacts:
    contract_id: str
    number: str
    customer_id: str
    vehicle_id: str | None
    ends_on: dt.date


@dataclass(frozen=True)
class CampaignFacts:
    """A campaign or recall from HQ (``domain.model.masterdata.Campaign``)."""

    code: str
    title: str
    kind: str  # campaign | recall
    vin_from: str = ""
    vin_to: str = ""
    model: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class Reminder:
    key: str  # stable: kind:vehicle:due (or campaign code), outcomes are filed under it
    kind: ReminderKind
    vehicle_id: str
    customer_id: str
    due_on: dt.date  # the date the thing falls due
    remind_from: dt.date  # when it enters the list
    detail: str  # 中文: what is due, e.g. "预计 2026-12-01 达到 35000 km"
    ref: str = ""  # contract number, campaign code


def reminder_key(kind: str, vehicle_id: str, ref: str) -> str:
    return f"{kind}:{vehicle_id}:{ref}"[:80]


def _window(kind: ReminderKind, facts: VehicleFacts, due: dt.date, lead: dt.date, today: dt.date,
            rules: ReminderRules, detail: str, ref: str = "") -> Reminder | None:
    if lead <= today <= due + dt.timedelta(days=rules.grace_days):
        return Reminder(reminder_key(kind, facts.vehicle_id, ref or due.isoformat()), kind,
                        facts.vehicle_id, facts.customer_id, due, lead, detail, ref)
    return None


def maintenance_due(facts: VehicleFacts, today: dt.date, rules: ReminderRules) -> tuple[dt.date, str] | None:
    """Next maintenance by date or by projected mileage, whichever comes first."""
    by_date = facts.next_service_date
    if by_date is None and facts.last_service_on is not None:
        by_date = facts.last_service_on + dt.timedelta(days=rules.maintenance_interval_days)
    target_km = facts.next_service_km
    if target_km is None and facts.last_service_km:
        target_km = facts.last_service_km + rules.maintenance_interval_km
    per_day = average_daily_km(facts.readings, purchase_date=facts.purchase_date,
                               current_km=facts.mileage_km, today=today)
    by_km = date_for_km(target_km, facts.readings, per_day, facts.mileage_km) if target_km else None
    if by_date is None and by_km is None:
        return None
    if by_km is not None and (by_date is None or by_km < by_date):
        return by_km, f"预计 {by_km.isoformat()} 行驶至 {target_km} km（日均 {per_day or 0:.0f} km）"
    assert by_date is not None
    return by_date, f"下次保养日期 {by_date.isoformat()}"


def campaign_applies(campaign: CampaignFacts, vin: str, model: str, today: dt.date,
                     lead_days: int = 0) -> bool:
    """By VIN range (same length, compared as text) or, without a range, by model; from
    ``lead_days`` before the start (the call list two weeks ahead) to the end."""
    if campaign.starts_on and today < campaign.starts_on - dt.timedelta(days=max(0, lead_days)):
        return False
    if campaign.ends_on and today > campaign.ends_on:
        return False
    if campaign.vin_from or campaign.vin_to:
        vin = vin.upper()
        low, high = campaign.vin_from.upper(), (campaign.vin_to or campaign.vin_from).upper()
        return bool(vin) and len(vin) == len(low) and low <= vin <= high
    return bool(campaign.model) and campaign.model.strip() == model.strip()


def reminders_for(facts: VehicleFacts, today: dt.date, rules: ReminderRules,
                  contracts: Iterable[ContractFacts] = (),
                  campaigns: Iterable[CampaignFacts] = ()) -> list[Reminder]:
    """Every reminder of one vehicle that is on the list today."""
    found: list[Reminder | None] = []
    maintenance = maintenance_due(facts, today, rules)
    if maintenance is not None:
        due, detail = maintenance
        found.append(_window(ReminderKind.MAINTENANCE, facts, due,
                             due - dt.timedelta(days=rules.maintenance_lead_days), today, rules, detail))
    if facts.insurance_expiry:
        due = facts.insurance_expiry
        found.append(_window(ReminderKind.INSURANCE, facts, due,
                             due - dt.timedelta(days=rules.insurance_lead_days), today, rules,
                             f"保险 {due.isoformat()} 到期"))
    if facts.inspection_due:
        due = facts.inspection_due
        found.append(_window(ReminderKind.INSPECTION, facts, due,
                             due - dt.timedelta(days=rules.inspection_lead_days), today, rules,
                             f"年检 {due.isoformat()} 到期"))
    warranty_dates: list[tuple[dt.date, str]] = []
    if facts.warranty_end_date:
        warranty_dates.append((facts.warranty_end_date, f"质保 {facts.warranty_end_date.isoformat()} 到期"))
    if facts.warranty_end_km:
        per_day = average_daily_km(facts.readings, purchase_date=facts.purchase_date,
                                   current_km=facts.mileage_km, today=today)
        by_km = date_for_km(facts.warranty_end_km, facts.readings, per_day, facts.mileage_km)
        if by_km is not None:
            warranty_dates.append((by_km, f"预计 {by_km.isoformat()} 超过质保里程 {facts.warranty_end_km} km"))
    if warranty_dates:
        due, detail = min(warranty_dates)
        found.append(_window(ReminderKind.WARRANTY, facts, due,
                             due - dt.timedelta(days=rules.warranty_lead_days), today, rules, detail))
    for contract in contracts:
        if contract.vehicle_id not in (None, facts.vehicle_id):
            continue
        due = contract.ends_on
        found.append(_window(ReminderKind.CONTRACT, facts, due, add_months(due, -rules.contract_lead_months),
                             today, rules, f"合同 {contract.number} {due.isoformat()} 到期",
                             ref=contract.number))
    for campaign in campaigns:
        if campaign_applies(campaign, facts.vin, facts.model, today, rules.campaign_lead_days):
            kind = ReminderKind.RECALL if campaign.kind == "recall" else ReminderKind.CAMPAIGN
            start = campaign.starts_on or today
            detail = campaign.title
            if campaign.starts_on is not None:
                detail = f"{campaign.title}（{campaign.starts_on.isoformat()} 开始）"
            found.append(Reminder(reminder_key(kind, facts.vehicle_id, campaign.code), kind,
                                  facts.vehicle_id, facts.customer_id, campaign.starts_on or campaign.ends_on or start,
                                  start - dt.timedelta(days=max(0, rules.campaign_lead_days)),
                                  detail, campaign.code))
    if facts.purchase_date is not None:
        found.append(_anniversary(facts, today, rules))
    return [r for r in found if r is not None]


# --- courtesy greetings: birthdays and purchase anniversaries ------------------------------
def birthday_from_id(id_number: str) -> dt.date | None:
    """出生日期 in a resident ID number (GB 11643): characters 7–14 of the 18 (YYYYMMDD), or
    7–12 of an old 15-digit number (YYMMDD, born 19YY); None for anything else (a
    company's credit code, a foreign passport number, a masked number)."""
    text = id_number.strip().upper()
    if len(text) == 18 and text[:17].isdigit():
        digits = text[6:14]
    elif len(text) == 15 and text.isdigit():
        digits = "19" + text[6:12]
    else:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def customer_birthday(birthday: dt.date | None, id_number: str, kind: str = "individual") -> dt.date | None:
    """The birthday a greeting goes out on: the date typed into the customer file when there
    is one (some customers keep another day, e.g. the lunar one), else the one in the ID
    number; a company has none."""
    if birthday is not None:
        return birthday
    if kind == "company":
        return None
    return birthday_from_id(id_number)


def anniversary_in(origin: dt.date, year: int) -> dt.date:
    """``origin``'s day in ``year`` (29 February falls on the 28th in other years)."""
    return dt.date(year, origin.month, min(origin.day, calendar.monthrange(year, origin.month)[1]))


def next_anniversary(origin: dt.date, today: dt.date) -> dt.date:
    """The next anniversary of ``origin`` on or after ``today`` (never ``origin`` itself)."""
    day = anniversary_in(origin, max(today.year, origin.year + 1))
    return day if day >= today else anniversary_in(origin, day.year + 1)


def _greeting_window(origin: dt.date, today: dt.date, rules: ReminderRules) -> dt.date | None:
    """The anniversary on the list today: from ``greeting_lead_days`` before through the day."""
    day = next_anniversary(origin, today)
    return day if day - dt.timedelta(days=max(0, rules.greeting_lead_days)) <= today else None


def _anniversary(facts: VehicleFacts, today: dt.date, rules: ReminderRules) -> Reminder | None:
    assert facts.purchase_date is not None
    day = _greeting_window(facts.purchase_date, today, rules)
    if day is None:
        return None
    years = day.year - facts.purchase_date.year
    return Reminder(reminder_key(ReminderKind.ANNIVERSARY, facts.vehicle_id, day.isoformat()),
                    ReminderKind.ANNIVERSARY, facts.vehicle_id, facts.customer_id, day,
                    day - dt.timedelta(days=max(0, rules.greeting_lead_days)),
                    f"购车 {years} 周年（{facts.purchase_date.isoformat()} 购车）")


def birthday_reminder(customer_id: str, birthday: dt.date | None, today: dt.date,
                      rules: ReminderRules) -> Reminder | None:
    """客户生日: on the list from ``greeting_lead_days`` before the birthday through the day
    itself (a greeting after the day is no greeting); keyed by the customer."""
    if birthday is None:
        return None
    day = _greeting_window(birthday, today, rules)
    if day is None:
        return None
    return Reminder(reminder_key(ReminderKind.BIRTHDAY, customer_id, day.isoformat()), ReminderKind.BIRTHDAY,
                    "", customer_id, day, day - dt.timedelta(days=max(0, rules.greeting_lead_days)),
                    f"客户生日 {day.month} 月 {day.day} 日")


# --- loyal and lost customers (ABCD) --------------------------------------------------------
@dataclass(frozen=True)
class ClassRules:
    a_min: int = 4
    b_min: int = 2
    period_days: int = 365
    lost_after_days: int = 365


@dataclass(frozen=True)
class Visit:
    """One visit of any kind (paid, warranty, insurance, rework): a work order that was not
    cancelled; ``paid`` only when it was delivered and not wholly paid by warranty or
    insurance (only those count for A/B/C)."""

    customer_id: str
    on: dt.date
    paid: bool
    spend_fen: int = 0


@dataclass(frozen=True)
class CustomerClass:
    customer_id: str
    klass: str  # A | B | C | D | "" (new, no paid visit yet)
    paid_visits: int  # in the period
    spend_fen: int  # paid visits in the period
    last_paid_on: dt.date | None
    last_visit_on: dt.date | None
    rank: int = 0  # within the class: most recent, then highest spend first


CLASS_LABELS_ZH: dict[str, str] = {"A": "A 类（忠诚）", "B": "B 类", "C": "C 类", "D": "D 类（流失）",
                                   "": "未分类（新客户或近期无付费进厂）"}
CLASS_LABELS_EN: dict[str, str] = {"A": "Class A (loyal)", "B": "Class B", "C": "Class C", "D": "Class D (lost)",
                                   "": "Unclassified (new, or no recent paid visit)"}
CLASS_LABELS = tables(CLASS_LABELS_ZH, CLASS_LABELS_EN)
CLASS_ORDER = ("A", "B", "C", "D", "")


def classify(visits: Iterable[Visit], as_of: dt.date, rules: ClassRules,
             known_since: dict[str, dt.date] | None = None) -> dict[str, CustomerClass]:
    """Class of each customer on ``as_of`` (end of that day), ranked within the class.

    D (流失客户) is "no visit of any kind (paid, warranty, insurance, rework) for more than a
    year" (DOMAIN.md §5): the last visit of any kind — or, without any, the day the file
    began — is more than ``lost_after_days`` back. A customer back for warranty work last
    month is not lost. Otherwise paid visits in the last ``period_days`` count: A ≥
    ``a_min``, B ≥ ``b_min``, C ≥ 1; with none (new, or warranty and insurance work only)
    the customer is not classified. ``known_since`` gives every customer to classify (with
    the date the file began), so a customer without visits appears too.
    """
    start = as_of - dt.timedelta(days=rules.period_days)
    by_customer: dict[str, list[Visit]] = {c: [] for c in (known_since or {})}
    for visit in visits:
        if visit.on <= as_of:
            by_customer.setdefault(visit.customer_id, []).append(visit)
    result: dict[str, CustomerClass] = {}
    for customer_id, rows in by_customer.items():
        paid = [v for v in rows if v.paid]
        recent = [v for v in paid if v.on > start]
        last_paid = max((v.on for v in paid), default=None)
        last_visit = max((v.on for v in rows), default=None)
        count = len(recent)
        since = last_visit or (known_since or {}).get(customer_id)
        if since is not None and (as_of - since).days > rules.lost_after_days:
            klass = "D"
        elif count >= rules.a_min:
            klass = "A"
        elif count >= rules.b_min:
            klass = "B"
        elif count >= 1:
            klass = "C"
        else:
            klass = ""
        result[customer_id] = CustomerClass(customer_id, klass, count, sum(v.spend_fen for v in recent),
                                            last_paid, last_visit)
    return _ranked(result)


def _ranked(classes: dict[str, CustomerClass]) -> dict[str, CustomerClass]:
    """Most recent first, then highest spend: A–C by the last paid visit, D and the
    unclassified by the last visit of any kind (the lost customer seen last is the one to
    win back first)."""
    out: dict[str, CustomerClass] = {}
    for klass in CLASS_ORDER:
        def recency(c: CustomerClass, paid: bool = klass in ("A", "B", "C")) -> int:
            return ((c.last_paid_on if paid else c.last_visit_on) or dt.date.min).toordinal()

        members = sorted((c for c in classes.values() if c.klass == klass),
                         key=lambda c: (-recency(c), -c.spend_fen, c.customer_id))
        for rank, member in enumerate(members, start=1):
            out[member.customer_id] = CustomerClass(member.customer_id, member.klass, member.paid_visits,
                                                    member.spend_fen, member.last_paid_on,
                                                    member.last_visit_on, rank)
    return out


@dataclass(frozen=True)
class ClassMove:
    customer_id: str
    before: str
    after: str


def movements(before: dict[str, CustomerClass], after: dict[str, CustomerClass]) -> list[ClassMove]:
    """Who changed class between two dates (dropped from A to B, became D, won back …)."""
    moves = [ClassMove(cid, before[cid].klass if cid in before else "", now.klass)
             for cid, now in after.items()
             if (before[cid].klass if cid in before else "") != now.klass]
    order = {k: i for i, k in enumerate(CLASS_ORDER)}
    return sorted(moves, key=lambda m: (order[m.before], order[m.after], m.customer_id))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# --- figures ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ratio:
    """A share with its counts, so the report can show 14/15 as well as 93.3 %."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return None if self.denominator == 0 else 100.0 * self.numerator / self.denominator

    def label(self) -> str:
        pct = self.percent
        return "—" if pct is None else f"{pct:.1f}%"


def csi(overall_levels: Iterable[str]) -> Ratio:
    """CSI = share of rated orders whose overall rating is satisfied or very satisfied."""
    levels = [level for level in overall_levels if level]
    return Ratio(sum(1 for level in levels if level in GOOD_LEVELS), len(levels))


@dataclass(frozen=True)
class DeliveredOrder:
    work_order_id: str
    under_warranty: bool
    reached: bool  # a follow-up call about it reached the customer


def callback_rate(orders: Iterable[DeliveredOrder], *, warranty_only: bool = False) -> Ratio:
    """Callback rate = delivered orders with a reached follow-up ÷ delivered orders."""
    return callback_rate_of_counts(Counter((o.under_warranty, o.reached) for o in orders),
                                   warranty_only=warranty_only)


def callback_rate_of_counts(counts: Mapping[tuple[bool, bool], int], *, warranty_only: bool = False) -> Ratio:
    """:func:`callback_rate` from the number of delivered orders per (under warranty, reached):
    the monthly KPI counts them in SQL and has no order objects to pass."""
    rows = {key: n for key, n in counts.items() if key[0] or not warranty_only}
    return Ratio(sum(n for (_, reached), n in rows.items() if reached), sum(rows.values()))


def level_counts(levels: Iterable[str]) -> dict[str, int]:
    counts = {level.value: 0 for level in LEVELS}
    for level in levels:
        if level in counts:
            counts[level] += 1
    return counts


def under_warranty(delivered_on: dt.date, mileage: int | None, warranty_end_date: dt.date | None,
                   warranty_end_km: int | None, payer: str = "customer") -> bool:
    """A vehicle is under warranty on a day when its warranty date and mileage are not past
    (a warranty-paid order always is); without any warranty facts it is not."""
    if payer == "warranty":
        return True
    if warranty_end_date is None and warranty_end_km is None:
        return False
    if warranty_end_date is not None and delivered_on > warranty_end_date:
        return False
    return not (warranty_end_km is not None and mileage is not None and mileage > warranty_end_km)
