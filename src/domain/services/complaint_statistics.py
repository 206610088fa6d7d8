"""客户投诉案件统计表: the month's complaint statistics as a frozen read model.

Why its own module: the statistics form, the Excel export and the manager's monthly review
read the same figures; the definitions (what counts as overdue at month end, a late
closure, a person's deduction after the 50 % cap) live here once.

Definitions: *registered* = slips received in the month (local calendar); categories,
severities and reopen count are over those. *closed* = slips closed in the month;
responsibility and days to close are over those; a closure after the closure deadline
is *late* and needs a 洽办 (follow-up asking why). *overdue* = slips open at the end of
the month (or now, for the running month) past a deadline that applied then. The internal
deadlines (investigation report, consolidated opinion) are counted over those that fell
due in the month, each with the reason recorded when it was missed; *penalties* are those
recorded for the month.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from domain import clock
from domain.complaint_rules import (
    DeadlineKind,
    Responsibility,
    days_to_close,
    deduction_schedule,
)
from domain.model import ComplaintDeduction, ComplaintSlip, Staff
from domain.model.complaint import ComplaintDeadlineReason
from domain.services.complaint_penalties import month_penalties
from domain.services.complaint_views import PenaltyView


@dataclass(frozen=True)
class Count:
    key: str  # an English code (category, severity) or a department name
    count: int


@dataclass(frozen=True)
class LateClosure:
    """洽办: a slip closed after its closure deadline."""

    number: str
    closure_due_at: dt.datetime
    closed_at: dt.datetime
    days_late: int
    reason: str = ""  # the recorded reason (超期原因), once there is one


@dataclass(frozen=True)
class DeadlineTally:
    """One internal deadline (investigation report / consolidated opinion) over the deadlines
    of that kind that fell due in the month: met on time, met late, still not met and past
    due at the end of the month (or now, for the running month)."""

    kind: str  # DeadlineKind value
    due: int
    on_time: int
    late: int
    overdue: int
    reasons: int  # of the late and overdue ones, how many have their reason recorded

    @property
    def pending(self) -> int:
        """Due later this month and not met yet (the running month only)."""
        return self.due - self.on_time - self.late - self.overdue


@dataclass(frozen=True)
class MissedDeadline:
    """A report or opinion deadline of the month that was met late or not at all."""

    number: str
    kind: str
    due_at: dt.datetime
    done_at: dt.datetime | None
    reason: str


@dataclass(frozen=True)
class PersonDeduction:
    staff_id: str
    name: str
    department: str
    monthly_bonus_fen: int
    incurred_fen: int  # decided this month
    carried_in_fen: int  # owed from earlier months
    taken_fen: int  # deducted from this month's bonus (≤ the cap)
    carried_out_fen: int  # owed to the following months


@dataclass(frozen=True)
class MonthlyStatistics:
    year: int
    month: int
    registered: int
    by_category: tuple[Count, ...]
    by_severity: tuple[Count, ...]
    reopened: int
    closed: int
    by_responsibility: tuple[Count, ...]  # departments for ours, else not_ours / not_founded
    days_to_close: tuple[int, ...]  # one per closed slip
    average_days_to_close_tenths: int | None
    closed_late: tuple[LateClosure, ...]
    overdue_open: int
    deductions: tuple[PersonDeduction, ...]
    internal: tuple[DeadlineTally, ...]  # report, opinion
    missed_internal: tuple[MissedDeadline, ...]
    penalties: tuple[PenaltyView, ...]

    @property
    def penalties_total_fen(self) -> int:
        return sum(p.amount_fen for p in self.penalties)

    @property
    def deductions_total_fen(self) -> int:
        return sum(d.taken_fen for d in self.deductions)


def _counts(counter: Counter[str]) -> tuple[Count, ...]:
    return tuple(Count(k, v) for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _overdue_at(slip: ComplaintSlip, at: dt.datetime, follower_at: dt.datetime | None) -> bool:
    """Whether the slip was open and past a deadline at ``at``, from its recorded times."""
    if slip.received_at >= at or (slip.closed_at is not None and slip.closed_at <= at):
        return False
    if follower_at is not None and follower_at <= at:
        return False  # continued on a reopened slip by then
    responded = slip.first_response_at is not None and slip.first_response_at <= at
    proposed = slip.proposed_at is not None and slip.proposed_at <= at
    return ((not responded and at > slip.response_due_at)
            or (not proposed and at > slip.solution_due_at)
            or at > slip.closure_due_at)


def build_statistics(session: Session, year: int, month: int, start: dt.datetime, end: dt.datetime,
                     zone: str, cap_bp: int) -> MonthlyStatistics:
    registered = list(session.scalars(select(ComplaintSlip).where(
        ComplaintSlip.received_at >= start, ComplaintSlip.received_at < end)))
    closed = list(session.scalars(select(ComplaintSlip).where(
        ComplaintSlip.closed_at >= start, ComplaintSlip.closed_at < end)))
    responsibility: Counter[str] = Counter()
    for slip in closed:
        if slip.responsibility == Responsibility.OURS:
            responsibility[slip.responsible_department or "（未填部门）"] += 1
        else:
            responsibility[slip.responsibility or "（未认定）"] += 1
    days = tuple(days_to_close(s.received_at, s.closed_at, zone) for s in closed if s.closed_at)
    as_of = min(end, clock.now())
    reasons = _reasons(session, start, end, [s.id for s in closed])
    late = tuple(sorted(
        (LateClosure(s.number, s.closure_due_at, s.closed_at,
                     days_to_close(s.closure_due_at - dt.timedelta(microseconds=1), s.closed_at, zone),
                     reasons.get((s.id, DeadlineKind.CLOSURE.value), ""))
         for s in closed if s.closed_at and s.closed_at > s.closure_due_at),
        key=lambda x: x.number))
    candidates = list(session.scalars(select(ComplaintSlip).where(
        ComplaintSlip.received_at < as_of,
        or_(ComplaintSlip.closed_at.is_(None), ComplaintSlip.closed_at > as_of))))
    followers: dict[str, dt.datetime] = {}
    for origin_id, received in session.execute(
            select(ComplaintSlip.reopened_from_id, ComplaintSlip.received_at)
            .where(ComplaintSlip.reopened_from_id.is_not(None))):
        if origin_id is None:
            continue
        followers[origin_id] = min(received, followers.get(origin_id, received))
    overdue = sum(1 for s in candidates if _overdue_at(s, as_of, followers.get(s.id)))
    tallies, missed = _internal(session, start, end, as_of, followers, reasons)
    return MonthlyStatistics(
        year=year, month=month, registered=len(registered),
        by_category=_counts(Counter(s.category for s in registered)),
        by_severity=_counts(Counter(s.severity for s in registered)),
        reopened=sum(1 for s in registered if s.reopened_from_id),
        closed=len(closed), by_responsibility=_counts(responsibility), days_to_close=days,
        average_days_to_close_tenths=(sum(days) * 10 // len(days)) if days else None,
        closed_late=late, overdue_open=overdue,
        deductions=_deductions(session, f"{year:04d}-{month:02d}", cap_bp),
        internal=tallies, missed_internal=missed,
        penalties=month_penalties(session, f"{year:04d}-{month:02d}"),
    )


def _reasons(session: Session, start: dt.datetime, end: dt.datetime,
             closed_ids: list[str]) -> dict[tuple[str, str], str]:
    """Recorded reasons (slip id, deadline) of the slips the month's tables name: those
    with a report or opinion due in the month and those closed in it."""
    due_in_month = or_(
        and_(ComplaintSlip.report_due_at >= start, ComplaintSlip.report_due_at < end),
        and_(ComplaintSlip.opinion_due_at >= start, ComplaintSlip.opinion_due_at < end),
        ComplaintSlip.id.in_(closed_ids))
    return {(r.slip_id, r.deadline): r.reason for r in session.scalars(
        select(ComplaintDeadlineReason).join(ComplaintSlip, ComplaintSlip.id == ComplaintDeadlineReason.slip_id)
        .where(due_in_month))}


def _internal(session: Session, start: dt.datetime, end: dt.datetime, as_of: dt.datetime,
              followers: dict[str, dt.datetime], reasons: dict[tuple[str, str], str]
              ) -> tuple[tuple[DeadlineTally, ...], tuple[MissedDeadline, ...]]:
    """The report and opinion deadlines that fell due in the month, as they stood at
    ``as_of``: a deadline met at its very second is on time; one not met by then is overdue
    while the slip still ran (not closed, not continued on a reopened slip)."""
    tallies: list[DeadlineTally] = []
    missed: list[MissedDeadline] = []
    for kind, due_col, done_col in (
            (DeadlineKind.REPORT, ComplaintSlip.report_due_at, ComplaintSlip.reported_at),
            (DeadlineKind.OPINION, ComplaintSlip.opinion_due_at, ComplaintSlip.opinion_at)):
        on_time = late = overdue = with_reason = due_count = 0
        for slip, due, done in session.execute(
                select(ComplaintSlip, due_col, done_col).where(due_col >= start, due_col < end)
                .order_by(due_col, ComplaintSlip.number)):
            if due is None:  # not selected: the where clause holds a due moment
                continue
            due_count += 1
            met = done if done is not None and done <= as_of else None
            follower = followers.get(slip.id)
            stopped = ((slip.closed_at is not None and slip.closed_at <= as_of)
                       or (follower is not None and follower <= as_of))
            if met is not None and met <= due:
                on_time += 1
                continue
            if met is not None:
                late += 1
            elif as_of > due and not stopped:
                overdue += 1
            else:
                continue
            reason = reasons.get((slip.id, kind.value), "")
            with_reason += bool(reason)
            missed.append(MissedDeadline(slip.number, kind.value, due, met, reason))
        tallies.append(DeadlineTally(kind.value, due_count, on_time, late, overdue, with_reason))
    return tuple(tallies), tuple(missed)


def _deductions(session: Session, month: str, cap_bp: int) -> tuple[PersonDeduction, ...]:
    """Each person's deduction this month: the schedule of all their deductions so far,
    capped at ``cap_bp`` of the current monthly bonus, the rest carried on."""
    incurred: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for staff_id, row_month, amount in session.execute(
            select(ComplaintDeduction.staff_id, ComplaintDeduction.month, ComplaintDeduction.amount_fen)
            .where(ComplaintDeduction.month <= month)):
        incurred[staff_id][row_month] += amount
    result: list[PersonDeduction] = []
    for staff_id, months in incurred.items():
        staff = session.get(Staff, staff_id)
        if staff is None:
            continue
        schedule = deduction_schedule(months, staff.monthly_bonus_fen, cap_bp, until=month)
        row = next((r for r in schedule if r.month == month), None)
        if row is None:  # paid off before this month
            continue
        carried_in = row.carried_fen + row.taken_fen - row.incurred_fen
        if row.incurred_fen == 0 and row.taken_fen == 0 and carried_in == 0:
            continue
        result.append(PersonDeduction(staff.id, staff.display_name, staff.department,
                                      staff.monthly_bonus_fen, row.incurred_fen, carried_in,
                                      row.taken_fen, row.carried_fen))
    return tuple(sorted(result, key=lambda d: (d.department, -d.taken_fen, d.name)))
