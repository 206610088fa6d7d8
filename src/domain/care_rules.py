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

from domain.labels import tables


# --- vocabulary ---------------------------------------------------------------------------
class TaskKind(StrEnum):
    FIRST_CALL = "first_call"  # 3–7 days after delivery
    SECOND_CALL = "second_call"  # about 7 days after the first
    COMPLAINT_EFFECT = "complaint_effect"  # did the complaint's measure work
    FILE_COMPLETION = "file_completion"  # the advisor completes a new customer file
    REMINDER = "reminder"
    CAMPAIGN = "campaign"


TASK_KIND_LABELS_ZH: dict[str, str] = {
    TaskKind.FIRST_CALL: "首次回访", TaskKind.SECOND_CALL: "二次回访",
    TaskKind.COMPLAINT_EFFECT: "投诉效果回访", TaskKind.FILE_COMPLETION: "完善客户档案",
    TaskKind.REMINDER: "提醒", TaskKind.CAMPAIGN: "服务活动",
}
TASK_KIND_LABELS_EN: dict[str, str] = {
    TaskKind.FIRST_CALL: "First follow-up call", TaskKind.SECOND_CALL: "Second follow-up call",
    TaskKind.COMPLAINT_EFFECT: "Complaint follow-up", TaskKind.FILE_COMPLETION: "Complete customer file",
    TaskKind.REMINDER: "Reminder", TaskKind.CAMPAIGN: "Service campaign",
}
TASK_KIND_LABELS = tables(TASK_KIND_LABELS_ZH, TASK_KIND_LABELS_EN)
CALL_KINDS = frozenset({TaskKind.FIRST_CALL, TaskKind.SECOND_CALL, TaskKind.COMPLAINT_EFFECT,
                        TaskKind.REMINDER, TaskKind.CAMPAIGN})


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


REMINDER_KIND_LABELS_ZH: dict[str, str] = {
    ReminderKind.MAINTENANCE: "保养到期", ReminderKind.INSURANCE: "保险到期",
    ReminderKind.INSPECTION: "年检到期", ReminderKind.WARRANTY: "质保到期",
    ReminderKind.CONTRACT: "合同到期", ReminderKind.CAMPAIGN: "服务活动", ReminderKind.RECALL: "召回",
}
REMINDER_KIND_LABELS_EN: dict[str, str] = {
    ReminderKind.MAINTENANCE: "Maintenance due", ReminderKind.INSURANCE: "Insurance expiry",
    ReminderKind.INSPECTION: "Annual inspection due", ReminderKind.WARRANTY: "Warranty expiry",
    ReminderKind.CONTRACT: "Contract expiry", ReminderKind.CAMPAIGN: "Service campaign",
    ReminderKind.RECALL: "Recall",
}
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
@dataclass(frozen=True)
class WorkCalendar:
    """The care desk's working days: ISO weekdays (1 = Monday) and extra days off."""

    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5, 6})
    holidays: frozenset[dt.date] = frozenset()

    def is_working(self, day: dt.date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def on_or_after(self, day: dt.date) -> dt.date:
        if not self.weekdays:
            return day
        for _ in range(400):
            if self.is_working(day):
                return day
            day += dt.timedelta(days=1)
        return day

    def next_working(self, day: dt.date) -> dt.date:
        return self.on_or_after(day + dt.timedelta(days=1))


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
    second_after_days: int = 7
    second_window_days: int = 4
    max_tries: int = 3
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


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


def second_call(first_done_on: dt.date, rules: FollowUpRules) -> Schedule:
    """二次回访: about a week after the first call was done (a different script)."""
    due = rules.calendar.on_or_after(first_done_on + dt.timedelta(days=rules.second_after_days))
    return Schedule(due, due + dt.timedelta(days=max(0, rules.second_window_days)))


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


def campaign_applies(campaign: CampaignFacts, vin: str, model: str, today: dt.date) -> bool:
    """By VIN range (same length, compared as text) or, without a range, by model."""
    if campaign.starts_on and today < campaign.starts_on:
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
        if campaign_applies(campaign, facts.vin, facts.model, today):
            kind = ReminderKind.RECALL if campaign.kind == "recall" else ReminderKind.CAMPAIGN
            start = campaign.starts_on or today
            found.append(Reminder(reminder_key(kind, facts.vehicle_id, campaign.code), kind,
                                  facts.vehicle_id, facts.customer_id, campaign.ends_on or start, start,
                                  campaign.title, campaign.code))
    return [r for r in found if r is not None]


# --- loyal and lost customers (ABCD) --------------------------------------------------------
@dataclass(frozen=True)
class ClassRules:
    a_min: int = 4
    b_min: int = 2
    period_days: int = 365
    lost_after_days: int = 365


@dataclass(frozen=True)
class Visit:
    """One delivered visit; ``paid`` False when wholly paid by warranty or insurance."""

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
                                   "": "未分类（新客户）"}
CLASS_LABELS_EN: dict[str, str] = {"A": "Class A (loyal)", "B": "Class B", "C": "Class C", "D": "Class D (lost)",
                                   "": "Unclassified (new customer)"}
CLASS_LABELS = tables(CLASS_LABELS_ZH, CLASS_LABELS_EN)
CLASS_ORDER = ("A", "B", "C", "D", "")


def classify(visits: Iterable[Visit], as_of: dt.date, rules: ClassRules,
             known_since: dict[str, dt.date] | None = None) -> dict[str, CustomerClass]:
    """Class of each customer on ``as_of`` (end of that day), ranked within the class.

    Paid visits in the last ``period_days`` count: A ≥ ``a_min``, B ≥ ``b_min``, C ≥ 1.
    No paid visit for longer than ``lost_after_days`` is D (lost) — also a customer whose
    file is that old and who never paid; one known for less is not classified yet.
    ``known_since`` gives every customer to classify (with the date the file began),
    so a customer without visits appears too.
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
        if count >= rules.a_min:
            klass = "A"
        elif count >= rules.b_min:
            klass = "B"
        elif count >= 1:
            klass = "C"
        else:
            since = last_paid or (known_since or {}).get(customer_id) or min(
                (v.on for v in rows), default=None)
            lost = since is not None and (as_of - since).days > rules.lost_after_days
            klass = "D" if lost else ""
        result[customer_id] = CustomerClass(customer_id, klass, count, sum(v.spend_fen for v in recent),
                                            last_paid, last_visit)
    return _ranked(result)


def _ranked(classes: dict[str, CustomerClass]) -> dict[str, CustomerClass]:
    out: dict[str, CustomerClass] = {}
    for klass in CLASS_ORDER:
        members = sorted((c for c in classes.values() if c.klass == klass),
                         key=lambda c: (-(c.last_paid_on or dt.date.min).toordinal(), -c.spend_fen,
                                        c.customer_id))
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
