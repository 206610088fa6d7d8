"""Care rules: follow-up scheduling, reminders, ABCD classes, CSI and callback rate."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.care_rules import (
    AnswerStatus,
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
    answer_status,
    average_daily_km,
    birthday_from_id,
    birthday_reminder,
    callback_rate,
    classify,
    csi,
    customer_birthday,
    first_call,
    movements,
    next_anniversary,
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


@pytest.mark.parametrize(("first_done", "due"), [
    (D(2026, 11, 5), D(2026, 11, 10)),  # first call on day 3: due day 8
    (D(2026, 11, 9), D(2026, 11, 10)),  # first call on day 7: due day 8
    (D(2026, 11, 12), D(2026, 11, 13)),  # a late first call (day 10): the next day, still in the window
])
def test_second_call_in_the_seven_days_after_the_first_week(first_done: dt.date, due: dt.date) -> None:
    """Issue 15: "The second follow-up call is due in the seven days after the first week: on
    time through day 14 after delivery (today it turns overdue after day 11)." """
    delivered = D(2026, 11, 2)  # a Monday; day 8 = 10 Nov (Tue), day 14 = 16 Nov (Mon)
    plan = second_call(delivered, first_done, RULES)
    assert (plan.due_on, plan.window_end) == (due, D(2026, 11, 16))
    # exact boundary: day 14 after delivery is on time, day 15 is late
    assert task_timing("open", plan.due_on, plan.window_end, D(2026, 11, 16)) is Timing.DUE
    assert task_timing("open", plan.due_on, plan.window_end, D(2026, 11, 17)) is Timing.OVERDUE
    # … and day 11 (where the old window of "first call + 7, 4 days" ended) is no longer overdue
    assert task_timing("open", plan.due_on, plan.window_end, D(2026, 11, 13)) is Timing.DUE


def test_second_call_moves_to_a_working_day_and_never_before_the_window() -> None:
    # delivered Sat 31 Oct 2026: day 8 = Sun 8 Nov (the desk is closed) → Mon 9 Nov; day 14 = Sat 14 Nov
    plan = second_call(D(2026, 10, 31), D(2026, 11, 3), RULES)
    assert (plan.due_on, plan.window_end) == (D(2026, 11, 9), D(2026, 11, 14))
    # a first call made on the last day of the second window: the second is due the next day
    late = second_call(D(2026, 11, 2), D(2026, 11, 16), RULES)
    assert late.due_on == D(2026, 11, 17) and late.window_end == D(2026, 11, 17)


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
    Visit("i", D(2025, 11, 30), False),  # insurance work exactly a year ago, nothing since
    Visit("j", D(2025, 11, 29), False),  # … a year and a day ago
]


@pytest.mark.parametrize(("customer", "klass", "paid"), [
    ("a", "A", 4), ("b", "B", 2), ("b2", "B", 3), ("c", "C", 1), ("w", "", 0), ("d", "D", 0),
    ("new", "", 0), ("old", "D", 0), ("i", "", 0), ("j", "D", 0),
])
def test_abcd_classes(customer: str, klass: str, paid: int) -> None:
    """Issue 15: "Customer class D means no visit of any kind (paid, warranty, insurance,
    rework) for more than a year. Today a customer who came back for warranty work last month
    is put on the win-back list because only paid visits count. A/B/C keep counting paid
    visits in the last 12 months." — ``w`` paid last in October 2025 but came for warranty
    work in June and July 2026: not lost, and with no paid visit in the period not A/B/C;
    ``i`` came a year ago to the day (not more than a year), ``j`` a year and a day ago."""
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


# --- issue 15: events two weeks ahead, greetings, requests ----------------------------------
@pytest.mark.parametrize(("today", "listed"), [
    (D(2026, 11, 30), False),  # 15 days before the start
    (D(2026, 12, 1), True),  # 14 days before: on the call list
    (D(2026, 12, 15), True),  # the first day of the event
    (D(2026, 12, 31), True),  # its last day
    (D(2027, 1, 1), False),  # over
])
def test_event_call_list_two_weeks_before_it_starts(today: dt.date, listed: bool) -> None:
    """Issue 15: "Campaigns and events: the call list appears 2 weeks before the event starts"."""
    event = CampaignFacts("E2", "冬季免费检测", "campaign", model="雅阁", starts_on=D(2026, 12, 15),
                          ends_on=D(2026, 12, 31))
    found = reminders_for(_facts(model="雅阁"), today, ReminderRules(), campaigns=[event])
    assert [r.kind for r in found] == ([ReminderKind.CAMPAIGN] if listed else [])
    if listed:
        assert found[0].remind_from == D(2026, 12, 1) and found[0].due_on == D(2026, 12, 15)
        assert "2026-12-15" in found[0].detail


@pytest.mark.parametrize(("id_number", "born"), [
    ("110105199005010019", D(1990, 5, 1)),
    ("11010519900501001x", D(1990, 5, 1)),  # lower-case check character
    ("110105900501001", D(1990, 5, 1)),  # an old 15-digit number: 19YY
    ("110105199002300018", None),  # 30 February is no day
    ("91110000100000000A", None),  # a company's credit code
    ("1101**********0019", None),  # masked
    ("", None),
])
def test_birthday_from_the_id_number(id_number: str, born: dt.date | None) -> None:
    assert birthday_from_id(id_number) == born


def test_the_date_field_wins_over_the_id_number_and_a_company_has_none() -> None:
    assert customer_birthday(None, "110105199005010019") == D(1990, 5, 1)
    assert customer_birthday(D(1990, 6, 12), "110105199005010019") == D(1990, 6, 12)  # e.g. the lunar one
    assert customer_birthday(None, "110105199005010019", kind="company") is None


@pytest.mark.parametrize(("today", "shown"), [
    (D(2027, 4, 27), False), (D(2027, 4, 28), True), (D(2027, 5, 1), True), (D(2027, 5, 2), False),
])
def test_birthday_on_the_reminders_list(today: dt.date, shown: bool) -> None:
    """Issue 15: "Birthdays (from the ID number when it is given, or a date field) and the
    purchase anniversary appear on the reminders list." — from 3 days before through the day."""
    found = birthday_reminder("c1", birthday_from_id("110105199005010019"), today, ReminderRules())
    assert (found is not None) == shown
    if found is not None:
        assert (found.kind, found.due_on, found.customer_id, found.vehicle_id) == (
            ReminderKind.BIRTHDAY, D(2027, 5, 1), "c1", "")
        assert found.key == "birthday:c1:2027-05-01"


def test_purchase_anniversary_on_the_reminders_list() -> None:
    """Issue 15: "... and the purchase anniversary appear on the reminders list"."""
    bought = _facts(purchase_date=D(2024, 2, 29))  # a leap day: the 28th in other years
    on_day = [r for r in reminders_for(bought, D(2027, 2, 28), ReminderRules()) if r.kind == ReminderKind.ANNIVERSARY]
    assert len(on_day) == 1 and on_day[0].due_on == D(2027, 2, 28) and "3 周年" in on_day[0].detail
    assert [r for r in reminders_for(bought, D(2027, 3, 1), ReminderRules())
            if r.kind == ReminderKind.ANNIVERSARY] == []
    # the day of purchase itself is no anniversary
    assert [r for r in reminders_for(bought, D(2024, 2, 29), ReminderRules())
            if r.kind == ReminderKind.ANNIVERSARY] == []
    assert next_anniversary(D(2024, 2, 29), D(2024, 2, 29)) == D(2025, 2, 28)


@pytest.mark.parametrize(("decided", "told", "today", "status"), [
    (None, None, D(2026, 11, 25), AnswerStatus.AWAITING),
    (D(2026, 11, 25), None, D(2026, 11, 25), AnswerStatus.TO_TELL),
    (D(2026, 11, 25), None, D(2026, 11, 26), AnswerStatus.LATE),
    (D(2026, 11, 25), D(2026, 11, 25), D(2026, 11, 30), AnswerStatus.SAME_DAY),
    (D(2026, 11, 25), D(2026, 11, 26), D(2026, 11, 30), AnswerStatus.LATE),
])
def test_the_customer_is_told_the_same_day(decided: dt.date | None, told: dt.date | None, today: dt.date,
                                          status: AnswerStatus) -> None:
    """Issue 15 (DOMAIN.md §5): "... the customer is told the answer the same day it is decided"."""
    assert answer_status(True, decided, told, today) is status
    assert answer_status(False, decided, told, today) is AnswerStatus.NONE
