"""Complaint rules without a database: severity, deadlines, approval authority, 罚扣."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from domain.complaint_rules import (
    Authority,
    CSAction,
    CSState,
    DeadlineKind,
    DeadlineRules,
    MonthDeduction,
    Party,
    Severity,
    SeverityFacts,
    SeverityReason,
    assess_severity,
    complaint_number,
    compute_deadlines,
    days_to_close,
    deduction_schedule,
    effective_severity,
    may_approve,
    missed_deadlines,
    month_bounds,
    monthly_cap,
    next_deadline,
    required_authority,
    split_loss,
    transition,
)
from domain.errors import Conflict, NotAllowed
from domain.roles import Actor, Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
LIMIT = 500_000  # 5,000 yuan


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("facts", "severity", "reasons"), [
    (SeverityFacts(), Severity.GENERAL, ()),
    (SeverityFacts(claimed_fen=LIMIT), Severity.GENERAL, ()),  # at the limit: not above it
    (SeverityFacts(claimed_fen=LIMIT + 1), Severity.MAJOR, (SeverityReason.AMOUNT,)),
    (SeverityFacts(safety_risk=True), Severity.MAJOR, (SeverityReason.SAFETY,)),
    (SeverityFacts(media_involved=True), Severity.MAJOR, (SeverityReason.MEDIA,)),
    (SeverityFacts(prior_complaints_on_work_order=1), Severity.MAJOR, (SeverityReason.REPEAT,)),
    (SeverityFacts(True, 900_000, True, 2), Severity.MAJOR,
     (SeverityReason.SAFETY, SeverityReason.AMOUNT, SeverityReason.MEDIA, SeverityReason.REPEAT)),
])
def test_severity_rule_records_every_reason(facts: SeverityFacts, severity: Severity,
                                            reasons: tuple[SeverityReason, ...]) -> None:
    assert assess_severity(facts, LIMIT) == (severity, reasons)


def test_escalation_raises_and_never_lowers() -> None:
    assert effective_severity(Severity.GENERAL, escalated=True) is Severity.MAJOR
    assert effective_severity(Severity.MAJOR, escalated=False) is Severity.MAJOR
    assert effective_severity(Severity.GENERAL, escalated=False) is Severity.GENERAL


def test_deadlines_of_a_slip_received_late_in_the_evening_at_month_end() -> None:
    received = local(2026, 11, 30, 23, 50)
    due = compute_deadlines(received, DeadlineRules(), zone="Asia/Shanghai")
    assert due.response_due == local(2026, 12, 1, 23, 50)  # exactly 24 hours
    assert due.solution_due == local(2026, 12, 4, 0, 0)  # end of 3 December, local
    assert due.closure_due == local(2026, 12, 14, 0, 0)  # end of 13 December
    foreign = compute_deadlines(received, DeadlineRules(), foreign_party=True, zone="Asia/Shanghai")
    assert foreign.closure_due == local(2026, 12, 18, 0, 0)
    assert foreign.response_due == due.response_due and foreign.solution_due == due.solution_due


def test_day_deadlines_count_the_local_day_not_the_utc_one() -> None:
    # 00:30 on 1 December in Beijing is still 30 November in UTC
    received = local(2026, 12, 1, 0, 30)
    assert received.astimezone(dt.UTC).date() == dt.date(2026, 11, 30)
    due = compute_deadlines(received, DeadlineRules(), zone="Asia/Shanghai")
    assert due.solution_due == local(2026, 12, 5, 0, 0)
    assert due.closure_due == local(2026, 12, 15, 0, 0)
    # configured values are used
    short = compute_deadlines(received, DeadlineRules(12, 1, 5, 9), zone="Asia/Shanghai")
    assert (short.response_due, short.solution_due, short.closure_due) == (
        local(2026, 12, 1, 12, 30), local(2026, 12, 3, 0, 0), local(2026, 12, 7, 0, 0))


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        compute_deadlines(dt.datetime(2026, 11, 1, 9), DeadlineRules())


def test_next_and_missed_deadlines_follow_the_state() -> None:
    due = compute_deadlines(local(2026, 11, 1, 9), DeadlineRules(), zone="Asia/Shanghai")
    assert next_deadline(CSState.REGISTERED, False, due) == (DeadlineKind.RESPONSE, due.response_due)
    assert next_deadline(CSState.HANDLING, True, due) == (DeadlineKind.SOLUTION, due.solution_due)
    assert next_deadline(CSState.APPROVED, True, due) == (DeadlineKind.CLOSURE, due.closure_due)
    assert next_deadline(CSState.CLOSED, True, due) is None
    day_two = local(2026, 11, 2, 10)
    assert missed_deadlines(CSState.REGISTERED, False, due, day_two) == (DeadlineKind.RESPONSE,)
    assert missed_deadlines(CSState.HANDLING, True, due, day_two) == ()
    day_fifteen = local(2026, 11, 15, 10)
    assert missed_deadlines(CSState.REGISTERED, False, due, day_fifteen) == (
        DeadlineKind.RESPONSE, DeadlineKind.SOLUTION, DeadlineKind.CLOSURE)
    assert missed_deadlines(CSState.PROPOSED, True, due, day_fifteen) == (DeadlineKind.CLOSURE,)
    assert missed_deadlines(CSState.CLOSED, True, due, day_fifteen) == ()


def test_days_to_close_counts_local_calendar_days() -> None:
    assert days_to_close(local(2026, 11, 30, 23, 50), local(2026, 12, 1, 0, 10), "Asia/Shanghai") == 1
    assert days_to_close(local(2026, 11, 3, 9), local(2026, 11, 3, 18), "Asia/Shanghai") == 0


GM_LIMIT = 200_000


@pytest.mark.parametrize(("severity", "amount", "authority"), [
    (Severity.GENERAL, 0, Authority.SERVICE_MANAGER),
    (Severity.GENERAL, GM_LIMIT, Authority.SERVICE_MANAGER),
    (Severity.GENERAL, GM_LIMIT + 1, Authority.GENERAL_MANAGER),
    (Severity.MAJOR, 0, Authority.GENERAL_MANAGER),
    (Severity.MAJOR, GM_LIMIT + 1, Authority.GENERAL_MANAGER),
])
def test_authority_required_by_severity_and_amount(severity: Severity, amount: int,
                                                   authority: Authority) -> None:
    assert required_authority(severity, amount, GM_LIMIT)[0] is authority


@pytest.mark.parametrize(("role", "is_gm", "authority", "allowed"), [
    (Role.MANAGER, False, Authority.SERVICE_MANAGER, True),
    (Role.MANAGER, False, Authority.GENERAL_MANAGER, False),
    (Role.MANAGER, True, Authority.GENERAL_MANAGER, True),
    (Role.MANAGER, True, Authority.SERVICE_MANAGER, True),
    (Role.CARE_CLERK, False, Authority.SERVICE_MANAGER, False),
    (Role.ADVISOR, True, Authority.SERVICE_MANAGER, False),  # a stray flag gives no authority
    (Role.ADMIN, False, Authority.SERVICE_MANAGER, False),
    (Role.SYSTEM, False, Authority.GENERAL_MANAGER, True),
])
def test_who_may_approve(role: Role, is_gm: bool, authority: Authority, allowed: bool) -> None:
    assert may_approve(role, is_gm, authority) is allowed


def _actor(role: Role) -> Actor:
    return Actor("x", "x", "某人", role)


def test_transitions_check_state_and_role() -> None:
    assert transition(CSState.REGISTERED, CSAction.RESPOND, _actor(Role.CARE_CLERK)) is CSState.HANDLING
    assert transition(CSState.PROPOSED, CSAction.APPROVE, _actor(Role.MANAGER)) is CSState.APPROVED
    with pytest.raises(NotAllowed):
        transition(CSState.PROPOSED, CSAction.APPROVE, _actor(Role.ADVISOR))
    with pytest.raises(Conflict):
        transition(CSState.REGISTERED, CSAction.CLOSE, _actor(Role.MANAGER))
    with pytest.raises(Conflict):
        transition(CSState.CLOSED, CSAction.RESPOND, _actor(Role.MANAGER))


def test_number_format() -> None:
    assert complaint_number("BJ01", dt.date(2026, 11, 5), 7) == "BJ01-TS-2611-007"
    assert complaint_number("SH02", dt.date(2027, 1, 31), 1000) == "SH02-TS-2701-1000"


@pytest.mark.parametrize(("loss", "parties", "expected"), [
    # department: loss ÷ the department's points × the person's points
    (120_000, [Party("a", 10), Party("b", 20), Party("c", 30)], {"a": 20_000, "b": 40_000, "c": 60_000}),
    # one person at fault: 100 %
    (99_999, [Party("a", 10, 10_000)], {"a": 99_999}),
    (50_000, [Party("a", 10, None)], {"a": 50_000}),
    # several persons: split by the recorded share
    (100_000, [Party("a", 10, 7_000), Party("b", 40, 3_000)], {"a": 70_000, "b": 30_000}),
    # exact to the fen: remainders go to the largest fractions
    (100, [Party("a", 1), Party("b", 1), Party("c", 1)], {"a": 34, "b": 33, "c": 33}),
    (0, [Party("a", 5), Party("b", 5)], {"a": 0, "b": 0}),
])
def test_split_loss(loss: int, parties: list[Party], expected: dict[str, int]) -> None:
    result = split_loss(loss, parties)
    assert result == expected
    assert sum(result.values()) == loss


def test_split_loss_refuses_shares_not_adding_up() -> None:
    with pytest.raises(ValueError):
        split_loss(100, [Party("a", 1, 5_000), Party("b", 1, 4_000)])


@pytest.mark.parametrize(("incurred", "bonus", "until", "expected"), [
    # below the cap: all taken in the month
    ({"2026-11": 30_000}, 100_000, None, [MonthDeduction("2026-11", 30_000, 30_000, 0)]),
    # above the cap: 50 % of the bonus each month, the rest carried on (across the year end)
    ({"2026-11": 120_000}, 100_000, None, [
        MonthDeduction("2026-11", 120_000, 50_000, 70_000),
        MonthDeduction("2026-12", 0, 50_000, 20_000),
        MonthDeduction("2027-01", 0, 20_000, 0),
    ]),
    # a new deduction joins what is still owed
    ({"2026-11": 80_000, "2026-12": 40_000}, 100_000, "2027-02", [
        MonthDeduction("2026-11", 80_000, 50_000, 30_000),
        MonthDeduction("2026-12", 40_000, 50_000, 20_000),
        MonthDeduction("2027-01", 0, 20_000, 0),
        MonthDeduction("2027-02", 0, 0, 0),
    ]),
    # no bonus: nothing taken, everything carried
    ({"2026-11": 10_000}, 0, "2026-12", [
        MonthDeduction("2026-11", 10_000, 0, 10_000),
        MonthDeduction("2026-12", 0, 0, 10_000),
    ]),
    # odd bonus: the cap rounds down to the fen
    ({"2026-05": 10_000}, 3_333, None, [
        MonthDeduction("2026-05", 10_000, 1_666, 8_334),
        MonthDeduction("2026-06", 0, 1_666, 6_668),
        MonthDeduction("2026-07", 0, 1_666, 5_002),
        MonthDeduction("2026-08", 0, 1_666, 3_336),
        MonthDeduction("2026-09", 0, 1_666, 1_670),
        MonthDeduction("2026-10", 0, 1_666, 4),
        MonthDeduction("2026-11", 0, 4, 0),
    ]),
])
def test_deduction_cap_and_carry_over(incurred: dict[str, int], bonus: int, until: str | None,
                                      expected: list[MonthDeduction]) -> None:
    schedule = deduction_schedule(incurred, bonus, 5_000, until)
    assert schedule == expected
    assert all(row.taken_fen <= monthly_cap(bonus) for row in schedule)
    assert sum(r.taken_fen for r in schedule) + schedule[-1].carried_fen == sum(incurred.values())


def test_month_bounds_are_local() -> None:
    start, end = month_bounds(2026, 12, "Asia/Shanghai")
    assert start == local(2026, 12, 1) and end == local(2027, 1, 1)
    assert start.tzinfo is dt.UTC
