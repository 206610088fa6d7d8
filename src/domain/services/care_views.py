"""Frozen read models of customer care: the work list, calls, ratings, letters, reminders,
classes and the monthly summary.

Why complete: the care page, the printed letters and survey card and the monthly summary
(PDF, Excel) are built on these alone; none may touch a Session, so each row carries what
the clerk needs (customer, phones, vehicle, what was done and by whom) and the Chinese
labels next to the codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.care_rules import Ratio


@dataclass(frozen=True)
class CareTaskRow:
    id: str
    kind: str
    kind_label: str
    status: str  # open | done | failed | cancelled
    status_label: str
    timing: str  # upcoming | due | overdue | closed (on the day asked for)
    due_on: dt.date
    window_end: dt.date | None
    tries: int
    last_outcome: str
    call_back_at: dt.datetime | None
    reason: str
    assigned_role: str
    assigned_staff_id: str | None
    assigned_staff_name: str
    customer_id: str | None
    customer_name: str
    mobile: str
    other_phone: str
    preferred_contact_time: str
    consent_contact: bool
    vehicle_id: str | None
    plate: str
    vehicle_model: str
    work_order_id: str | None
    work_order_number: str
    delivered_at: dt.datetime | None
    work_done: str  # labour items of the order, joined with "；"
    advisor_name: str
    technician_names: tuple[str, ...]
    total_fen: int
    source_slip_id: str | None
    previous_task_id: str | None
    closed_at: dt.datetime | None
    closed_by_name: str


@dataclass(frozen=True)
class WorkList:
    """Today's care page: what is due, what is overdue, what was done today."""

    day: dt.date
    due: tuple[CareTaskRow, ...]
    overdue: tuple[CareTaskRow, ...]
    done: tuple[CareTaskRow, ...]
    upcoming: tuple[CareTaskRow, ...]


@dataclass(frozen=True)
class RatingView:
    id: str
    work_order_id: str
    work_order_number: str
    source: str  # phone | card
    attitude: str
    workmanship: str
    timeliness: str
    promises: str
    overall: str
    comment: str
    rated_at: dt.datetime
    recorded_by_name: str
    advisor_name: str
    technician_names: tuple[str, ...]

    def level(self, item: str) -> str:
        return str(getattr(self, item, ""))


@dataclass(frozen=True)
class CallView:
    id: str
    direction: str  # out | in
    called_at: dt.datetime
    staff_name: str
    contact_name: str
    phone: str
    outcome: str
    outcome_label: str
    call_back_at: dt.datetime | None
    topic: str
    satisfied_remarks: str
    unsatisfied_remarks: str
    requests: str
    answer: str
    customer_id: str | None
    customer_name: str
    plate: str
    work_order_id: str | None
    work_order_number: str
    task_id: str | None
    task_kind: str
    complaint_slip_id: str | None
    complaint_number: str
    rating: RatingView | None
    # a request the call could not settle: the supervisor's task, the decision, and when
    # the customer was told it; ``answer_status`` as domain.care_rules.AnswerStatus
    request_task_id: str | None = None
    decision: str = ""
    decided_at: dt.datetime | None = None
    decided_by_name: str = ""
    customer_told_at: dt.datetime | None = None
    answer_status: str = ""


@dataclass(frozen=True)
class CareTaskDetail:
    """One task opened from the work list, with its calls and the order's rating."""

    task: CareTaskRow
    calls: tuple[CallView, ...]
    rating: RatingView | None
    max_tries: int


@dataclass(frozen=True)
class LetterView:
    id: str
    sent_on: dt.date
    addressee: str
    address: str
    subject: str
    template: str
    template_label: str
    body: str
    related_key: str
    customer_id: str | None
    vehicle_id: str | None
    plate: str
    sent_by_name: str


@dataclass(frozen=True)
class ContractView:
    id: str
    number: str
    title: str
    customer_id: str
    vehicle_id: str | None
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class ReminderOutcomeView:
    outcome: str
    outcome_label: str
    note: str
    at: dt.datetime
    by_name: str


@dataclass(frozen=True)
class ReminderRow:
    key: str
    kind: str
    kind_label: str
    due_on: dt.date
    remind_from: dt.date
    detail: str
    ref: str
    customer_id: str
    customer_name: str
    mobile: str
    address: str
    consent_contact: bool
    vehicle_id: str
    plate: str
    vehicle_model: str
    outcomes: tuple[ReminderOutcomeView, ...]  # oldest first

    @property
    def last_outcome(self) -> str:
        return self.outcomes[-1].outcome if self.outcomes else ""

    @property
    def closed(self) -> bool:
        return self.last_outcome in ("booked", "declined")


@dataclass(frozen=True)
class ClassRow:
    customer_id: str
    customer_name: str
    mobile: str
    klass: str
    class_label: str
    rank: int
    paid_visits: int
    spend_fen: int
    last_paid_on: dt.date | None
    last_visit_on: dt.date | None
    plates: tuple[str, ...]
    models: tuple[str, ...]


@dataclass(frozen=True)
class ClassMoveRow:
    customer_id: str
    customer_name: str
    mobile: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemSatisfaction:
    item: str
    label: str
    counts: tuple[tuple[str, int], ...]  # (level, count) for very_satisfied … unsatisfied
    satisfied: Ratio  # very satisfied + satisfied ÷ rated


@dataclass(frozen=True)
class StaffRating:
    staff_id: str
    staff_name: str
    role: str  # advisor | technician
    rated_orders: int
    csi: Ratio
    items: tuple[ItemSatisfaction, ...]


@dataclass(frozen=True)
class CareSummary:
    """回访分析 of one local calendar month for the manager."""

    year: int
    month: int
    follow_ups_due: int  # call tasks due in the month
    follow_ups_done: int
    follow_ups_failed: int
    calls_out: int
    calls_reached: int
    calls_in: int
    delivered_orders: int
    callback: Ratio
    callback_warranty: Ratio
    rated_orders: int
    csi: Ratio
    items: tuple[ItemSatisfaction, ...]
    per_staff: tuple[StaffRating, ...]
    unsatisfied_remarks: int
    complaints_from_calls: int
    letters_sent: int
