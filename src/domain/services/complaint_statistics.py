"""客户投诉案件统计表: the month's complaint statistics as a frozen read model.

Why its own module: the statistics form, the Excel export and the manager's monthly review
read the same figures; the definitions (what counts as overdue at month end, a late
closure, a person's deduction after the 50 % cap) live here once.

Definitions: *registered* = slips received in the month (local calendar); categories,
severities and reopen count are over those. *closed* = slips closed in the month;
responsibility and days to close are over those; a closure after the closure deadline
is *late* and needs a 洽办 (follow-up asking why). *overdue* = slips open at the end of
the month (or now, for the running month) past a deadline that applied then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain import clock
from domain.complaint_rules import (
    Responsibility,
    days_to_close,
    deduction_schedule,
)
from domain.model import ComplaintDeduction, ComplaintSlip, Staff


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
    late = tuple(sorted(
        (LateClosure(s.number, s.closure_due_at, s.closed_at,
                     days_to_close(s.closure_due_at - dt.timedelta(microseconds=1), s.closed_at, zone))
         for s in closed if s.closed_at and s.closed_at > s.closure_due_at),
        key=lambda x: x.number))
    as_of = min(end, clock.now())
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
    return MonthlyStatistics(
        year=year, month=month, registered=len(registered),
        by_category=_counts(Counter(s.category for s in registered)),
        by_severity=_counts(Counter(s.severity for s in registered)),
        reopened=sum(1 for s in registered if s.reopened_from_id),
        closed=len(closed), by_responsibility=_counts(responsibility), days_to_close=days,
        average_days_to_close_tenths=(sum(days) * 10 // len(days)) if days else None,
        closed_late=late, overdue_open=overdue,
        deductions=_deductions(session, f"{year:04d}-{month:02d}", cap_bp),
    )


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
