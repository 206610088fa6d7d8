"""Care rules: follow-up scheduling, reminders, ABCD classes, CSI and callback rate."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.care_rules import (
    CampaignFacts,
    ClassRules,
    ContractFacts,
    DeliveredOrder,
    FollowUpRules,
    MileageReading,
    Outcome,
    ReminderKind,
    ReminderRules,
    TaskStatus,
    Timing,
    VehicleFacts,
    Visit,
    WorkCalendar,
    add_months,
    after_call,
    average_daily_km,
    callback_rate,
    classify,
    csi,
    first_call,
    movements,
    reminders_for,
    second_call,
    task_timing,
)

D = dt.date
RULES = FollowUpRules()  # 3 days, window to day 7, Mon–Sat working, 3 tries


@pytest.mark.parametrize(("delivered", "due", "window_end"), [
    (D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 27)),  # Friday → Monday
    (D(2026, 11, 19), D(2026, 11, 23), D(2026, 11, 26)),  # Thursday: day 3 is Sunday → Monday
    (D(2026, 11, 30), D(2026, 12, 3), D(2026, 12, 7)),  # month end
    (D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 7)),  # year end: 3 Jan is a Sunday
    (D(2028, 2, 27), D(2028, 3, 1), D(2028, 3, 5)),  # leap year
])
def test_first_call_due_and_window(delivered: dt.date, due: dt.date, window_end: dt.date) -> None:
    plan = first_call(delivered, RULES)
    assert (plan.due_on, plan.window_end) == (due, window_end)


def test_first_call_intervals_and_holidays_configurable() -> None:
    rules = FollowUpRules(first_after_days=1, first_window_days=3,
                          calendar=WorkCalendar(frozenset({1, 2, 3, 4, 5}), frozenset({D(2026, 11, 23)})))
    plan = first_call(D(2026, 11, 20), rules)  # Fri + 1 = Sat (off), Sun (off), Mon holiday
    assert plan.due_on == D(2026, 11, 24) and plan.window_end == D(2026, 11, 24)


def test_second_call_a_week_after_the_first() -> None:
    plan = second_call(D(2026, 11, 23), RULES)
    assert plan.due_on == D(2026, 11, 30) and plan.window_end == D(2026, 12, 4)


def test_no_answer_reschedules_next_working_day_until_max_tries() -> None:
    saturday = D(2026, 11, 21)
    first = after_call(Outcome.NO_ANSWER, called_on=saturday, due_on=saturday, tries=0, rules=RULES)
    assert (first.status, first.due_on, first.tries) == (TaskStatus.OPEN, D(2026, 11, 23), 1)  # Sunday off
    second = after_call(Outcome.NO_ANSWER, called_on=first.due_on, due_on=first.due_on, tries=1, rules=RULES)
    assert (second.status, second.due_on, second.tries) == (TaskStatus.OPEN, D(2026, 11, 24), 2)
    third = after_call(Outcome.NO_ANSWER, called_on=second.due_on, due_on=second.due_on, tries=2, rules=RULES)
    assert (third.status, third.tries) == (TaskStatus.FAILED, 3)
    more = after_call(Outcome.NO_ANSWER, called_on=saturday, due_on=saturday, tries=2,
                      rules=FollowUpRules(max_tries=5))
    assert more.status is TaskStatus.OPEN


def test_call_back_later_wrong_number_declined_reached() -> None:
    at = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
    later = after_call(Outcome.CALL_BACK, called_on=D(2026, 11, 23), due_on=D(2026, 11, 23), tries=2,
                       rules=RULES, call_back_at=at, call_back_on=D(2026, 11, 26))
    assert (later.status, later.due_on, later.tries, later.call_back_at) == (TaskStatus.OPEN, D(2026, 11, 26), 2, at)
    for outcome in (Outcome.WRONG_NUMBER, Outcome.DECLINED):
        assert after_call(outcome, called_on=D(2026, 11, 23), due_on=D(2026, 11, 23), tries=0,
                          rules=RULES).status is TaskStatus.FAILED
    assert after_call(Outcome.REACHED, called_on=D(2026, 11, 23), due_on=D(2026, 11, 23), tries=0,
                      rules=RULES).status is TaskStatus.DONE


@pytest.mark.parametrize(("status", "today", "timing"), [
    ("open", D(2026, 11, 22), Timing.UPCOMING), ("open", D(2026, 11, 23), Timing.DUE),
    ("open", D(2026, 11, 27), Timing.DUE), ("open", D(2026, 11, 28), Timing.OVERDUE),
    ("done", D(2026, 11, 23), Timing.CLOSED),
])
def test_task_timing(status: str, today: dt.date, timing: Timing) -> None:
    assert task_timing(status, D(2026, 11, 23), D(2026, 11, 27), today) is timing


# --- reminders ----------------------------------------------------------------------------
TODAY = D(2026, 11, 25)


def _facts(**kw: object) -> VehicleFacts:
    return VehicleFacts("v1", "c1", **kw)  # type: ignore[arg-type]


def test_average_daily_mileage() -> None:
    readings = (MileageReading(D(2026, 5, 1), 20_000), MileageReading(D(2026, 11, 1), 29_200))
    assert average_daily_km(readings) == pytest.approx(50.0)  # 9,200 km in 184 days
    assert average_daily_km((), purchase_date=D(2025, 11, 25), current_km=14_600, today=TODAY) == 40.0
    assert average_daily_km(()) is None


def test_maintenance_by_projected_mileage_comes_first() -> None:
    readings = (MileageReading(D(2026, 5, 1), 20_000), MileageReading(D(2026, 11, 1), 29_200))
    facts = _facts(last_service_on=D(2026, 11, 1), last_service_km=29_200,
                   next_service_date=D(2027, 5, 1), next_service_km=30_000, readings=readings)
    (reminder,) = reminders_for(facts, TODAY, ReminderRules())
    assert reminder.kind is ReminderKind.MAINTENANCE
    assert reminder.due_on == D(2026, 11, 17)  # 800 km at 50 km a day: 16 days after 1 Nov
    assert reminder.key == "maintenance:v1:2026-11-17" and "30000 km" in reminder.detail


def test_maintenance_by_date_when_mileage_is_far() -> None:
    readings = (MileageReading(D(2026, 1, 1), 10_000), MileageReading(D(2026, 6, 1), 11_510))
    facts = _facts(last_service_on=D(2026, 6, 1), last_service_km=11_510, readings=readings)
    # 180 days after 1 Jun = 28 Nov; 5,000 km at 10 km/day is far later
    assert [r.due_on for r in reminders_for(facts, TODAY, ReminderRules())] == [D(2026, 11, 28)]
    assert reminders_for(facts, D(2026, 11, 13), ReminderRules()) == []  # before the two-week lead


@pytest.mark.parametrize(("expiry", "shown"), [
    (D(2026, 12, 25), True),  # exactly 30 days ahead
    (D(2026, 12, 26), False),  # 31 days ahead
    (D(2026, 10, 26), True),  # lapsed 30 days ago: still on the list
    (D(2026, 10, 25), False),
])
def test_insurance_window(expiry: dt.date, shown: bool) -> None:
    found = reminders_for(_facts(insurance_expiry=expiry), TODAY, ReminderRules())
    assert [r.kind for r in found] == ([ReminderKind.INSURANCE] if shown else [])


def test_inspection_and_warranty() -> None:
    found = reminders_for(_facts(inspection_due=D(2026, 12, 20), warranty_end_date=D(2026, 12, 10)),
                          TODAY, ReminderRules())
    assert {r.kind for r in found} == {ReminderKind.INSPECTION, ReminderKind.WARRANTY}


@pytest.mark.parametrize(("ends", "shown"), [
    (D(2026, 12, 25), True), (D(2026, 12, 26), False), (D(2026, 12, 31), False),
])
def test_contract_one_calendar_month_before(ends: dt.date, shown: bool) -> None:
    contract = ContractFacts("k1", "HT-001", "c1", None, ends)
    found = reminders_for(_facts(), TODAY, ReminderRules(), [contract])
    assert bool(found) is shown
    if shown:
        assert found[0].kind is ReminderKind.CONTRACT and found[0].ref == "HT-001"


def test_add_months_clamps() -> None:
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)


def test_campaigns_by_vin_range_or_model() -> None:
    recall = CampaignFacts("R1", "刹车软管召回", "recall", vin_from="LSVAA00000A000100",
                           vin_to="LSVAA00000A000200", starts_on=D(2026, 11, 1))
    event = CampaignFacts("E1", "冬季免费检测", "campaign", model="雅阁", ends_on=D(2026, 11, 30))
    inside = _facts(vin="LSVAA00000A000150", model="雅阁")
    kinds = {r.kind for r in reminders_for(inside, TODAY, ReminderRules(), campaigns=[recall, event])}
    assert kinds == {ReminderKind.RECALL, ReminderKind.CAMPAIGN}
    outside = _facts(vin="LSVAA00000A000201", model="思域")
    assert reminders_for(outside, TODAY, ReminderRules(), campaigns=[recall, event]) == []
    assert reminders_for(inside, D(2026, 12, 1), ReminderRules(), campaigns=[event]) == []


# --- ABCD ---------------------------------------------------------------------------------
AS_OF = D(2026, 11, 30)


def _paid(cid: str, *days: dt.date, spend: int = 50_000) -> list[Visit]:
    return [Visit(cid, d, True, spend) for d in days]


HISTORY = [
    *_paid("a", D(2026, 1, 5), D(2026, 4, 5), D(2026, 7, 5), D(2026, 10, 5)),
    *_paid("b", D(2026, 3, 1), D(2026, 9, 1)),
    *_paid("b2", D(2026, 2, 1), D(2026, 5, 1), D(2026, 8, 1), D(2025, 11, 30)),  # 1 outside: B
    *_paid("c", D(2026, 6, 1)),
    Visit("w", D(2026, 6, 1), False), Visit("w", D(2026, 7, 1), False),  # warranty only
    *_paid("w", D(2025, 10, 1)),
    *_paid("d", D(2025, 11, 1)),
]


@pytest.mark.parametrize(("customer", "klass", "paid"), [
    ("a", "A", 4), ("b", "B", 2), ("b2", "B", 3), ("c", "C", 1), ("w", "D", 0), ("d", "D", 0),
    ("new", "", 0), ("old", "D", 0),
])
def test_abcd_classes(customer: str, klass: str, paid: int) -> None:
    known = {"new": D(2026, 10, 1), "old": D(2024, 1, 1)}
    classes = classify(HISTORY, AS_OF, ClassRules(), known)
    assert (classes[customer].klass, classes[customer].paid_visits) == (klass, paid)


def test_thresholds_configurable_and_ranking() -> None:
    classes = classify(HISTORY, AS_OF, ClassRules(a_min=3, b_min=2))
    assert classes["b2"].klass == "A" and classes["a"].klass == "A"
    assert classes["a"].rank == 1 and classes["b2"].rank == 2  # most recent paid visit first
    tie = classify([*_paid("x", D(2026, 6, 1), spend=10_000), *_paid("y", D(2026, 6, 1), spend=90_000)],
                   AS_OF, ClassRules())
    assert (tie["y"].rank, tie["x"].rank) == (1, 2)  # same day: higher spend first


def test_movements_month_to_month() -> None:
    before = classify(HISTORY, D(2026, 10, 31), ClassRules())
    after = classify(HISTORY, AS_OF, ClassRules())
    moves = {(m.customer_id, m.before, m.after) for m in movements(before, after)}
    assert ("d", "C", "D") in moves  # last paid 1 Nov 2025: lost this month
    assert ("b2", "A", "B") in moves  # the visit of 30 Nov 2025 dropped out


# --- CSI and callback rate ----------------------------------------------------------------
def test_csi_counts_satisfied_and_very_satisfied() -> None:
    ratio = csi(["very_satisfied", "satisfied", "neutral", "unsatisfied", "satisfied", ""])
    assert (ratio.numerator, ratio.denominator) == (3, 5) and ratio.label() == "60.0%"
    assert csi([]).percent is None and csi([]).label() == "—"


def test_callback_rate_overall_and_within_warranty() -> None:
    orders = [DeliveredOrder("1", True, True), DeliveredOrder("2", True, False),
              DeliveredOrder("3", False, True), DeliveredOrder("4", False, False)]
    assert (callback_rate(orders).numerator, callback_rate(orders).denominator) == (2, 4)
    warranty = callback_rate(orders, warranty_only=True)
    assert (warranty.numerator, warranty.denominator) == (1, 2) and warranty.percent == 50.0
