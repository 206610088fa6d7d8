"""The working calendar (工作日历): days of the week open, holidays closed, extra working days."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.calendar_rules import (
    ALL_WEEK,
    WorkCalendar,
    any_working_days,
    dates_text,
    parse_dates,
    parse_weekdays,
    weekdays_text,
)

D = dt.date
OCT = (D(2026, 10, 1), D(2026, 10, 31))  # starts on a Thursday: 31 days, 22 of them Monday–Friday
GOLDEN_WEEK = frozenset(D(2026, 10, d) for d in range(1, 8))  # 国庆 1–7 October
MAKE_UP = frozenset({D(2026, 9, 27), D(2026, 10, 10)})  # 调休: a Sunday and a Saturday worked


def test_default_is_seven_days_a_week() -> None:
    """Issue 15: "Cars per day and every per-day KPI divide by the branch's working days from a
    calendar setting (days of the week open, holidays closed, extra working days), default
    seven days a week; today Monday to Friday is assumed, which overstates a 4S shop's
    figures." """
    assert WorkCalendar().weekdays == ALL_WEEK
    assert WorkCalendar().working_days(*OCT) == 31
    assert WorkCalendar(frozenset({1, 2, 3, 4, 5})).working_days(*OCT) == 22


def test_holidays_close_and_extra_days_open() -> None:
    shop = WorkCalendar(frozenset({1, 2, 3, 4, 5, 6}), GOLDEN_WEEK, MAKE_UP)
    # October: 27 Monday–Saturday days, minus the 6 of them in the golden week (the 4th is a
    # Sunday), plus Saturday the 10th which is Monday–Saturday anyway: 21
    assert shop.working_days(*OCT) == 21
    assert not shop.is_working(D(2026, 10, 1)) and shop.is_working(D(2026, 9, 27))  # a Sunday worked
    assert shop.on_or_after(D(2026, 10, 1)) == D(2026, 10, 8)
    assert shop.next_working(D(2026, 9, 26)) == D(2026, 9, 27)
    # an extra working day listed as a holiday too: the extra day wins
    assert WorkCalendar(ALL_WEEK, frozenset({D(2026, 10, 10)}), frozenset({D(2026, 10, 10)})).is_working(
        D(2026, 10, 10))


def test_a_group_of_branches_works_on_the_days_any_of_them_is_open() -> None:
    weekdays, weekend = WorkCalendar(frozenset({1, 2, 3, 4, 5})), WorkCalendar(frozenset({6, 7}))
    assert any_working_days([weekdays, weekdays], *OCT) == 22
    assert any_working_days([weekdays, weekend], *OCT) == 31
    assert any_working_days([], *OCT) == 31  # no branch: the default calendar


def test_a_calendar_closed_every_day_never_hangs() -> None:
    closed = WorkCalendar(frozenset(), frozenset(), frozenset())
    assert closed.on_or_after(D(2026, 10, 1)) == D(2026, 10, 1)
    assert closed.working_days(*OCT) == 0


@pytest.mark.parametrize(("text", "days"), [
    ("12345", frozenset({1, 2, 3, 4, 5})), ("1234567", ALL_WEEK), ("", ALL_WEEK), ("x9", ALL_WEEK),
    (None, ALL_WEEK), ("761", frozenset({1, 6, 7})),
])
def test_stored_weekdays(text: str | None, days: frozenset[int]) -> None:
    assert parse_weekdays(text) == days


def test_stored_dates_round_trip() -> None:
    assert dates_text(GOLDEN_WEEK) == ",".join(f"2026-10-0{d}" for d in range(1, 8))
    assert parse_dates(dates_text(GOLDEN_WEEK)) == GOLDEN_WEEK
    assert parse_dates("2026-10-01; 2026-13-01, x,2026-10-02") == {D(2026, 10, 1), D(2026, 10, 2)}
    assert weekdays_text({7, 1, 9}) == "17"
