"""The working calendar (工作日历): which days a shop is open, DOMAIN.md §6.

Why one module: cars per day, utilisation's available hours and every other per-day figure
divide by the same working days, and the care desk moves a call off a closed day by the
same test; each asks :meth:`WorkCalendar.is_working` here rather than assuming Monday to
Friday. A 4S shop usually opens all seven days, so that is the default: a figure divided
by five weekdays overstated such a shop's cars per day by 40 %.

A branch's calendar is three things (a branch setting, ``domain.model.calendar``): the
days of the week it is open, holidays it is closed although the weekday is open, and extra
working days it is open although the weekday is closed (调休: a Saturday or Sunday worked
to make up a holiday). An extra working day wins over the weekdays and over a holiday
listed for the same date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ALL_WEEK: frozenset[int] = frozenset(range(1, 8))  # ISO weekdays: 1 = Monday … 7 = Sunday
MONDAY_TO_SATURDAY: frozenset[int] = frozenset(range(1, 7))
WEEKDAY_LABELS_ZH: tuple[str, ...] = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAY_LABELS_EN: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SEARCH_LIMIT_DAYS = 400  # a calendar closed for longer than this has no next working day


@dataclass(frozen=True)
class WorkCalendar:
    """Open weekdays (ISO, 1 = Monday), closed holidays and extra working days."""

    weekdays: frozenset[int] = ALL_WEEK
    holidays: frozenset[dt.date] = frozenset()
    extra_days: frozenset[dt.date] = frozenset()

    def is_working(self, day: dt.date) -> bool:
        if day in self.extra_days:
            return True
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def on_or_after(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the next one (``day`` when the
        calendar has no working day at all within a year, so nothing waits forever)."""
        if not self.weekdays and not self.extra_days:
            return day
        probe = day
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working(probe):
                return probe
            probe += dt.timedelta(days=1)
        return day

    def next_working(self, day: dt.date) -> dt.date:
        return self.on_or_after(day + dt.timedelta(days=1))

    def working_days(self, first: dt.date, last: dt.date) -> int:
        """工作日数: the working days from ``first`` to ``last``, both included."""
        return sum(1 for day in days_between(first, last) if self.is_working(day))

    def closing(self, days: Iterable[dt.date]) -> WorkCalendar:
        """This calendar with ``days`` closed as well (the care desk does not call on the
        shop's holidays)."""
        extra = frozenset(days)
        return WorkCalendar(self.weekdays, self.holidays | extra, self.extra_days - extra)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def any_working_days(calendars: Iterable[WorkCalendar], first: dt.date, last: dt.date) -> int:
    """Working days of a group of branches: the days on which at least one of them is open.

    Why the union: a group's per-day figure is its total per day the group worked (all
    branches on one calendar: that calendar's days, as for one branch); a day every branch
    was closed is no working day of the group. Without any branch, the default calendar."""
    group = list(calendars) or [WorkCalendar()]
    return sum(1 for day in days_between(first, last) if any(c.is_working(day) for c in group))


# --- the stored form ----------------------------------------------------------------------
def weekdays_text(weekdays: Iterable[int]) -> str:
    """{1, 2, 3, 4, 5} → "12345" (the column ``branch_calendars.open_weekdays``)."""
    return "".join(str(d) for d in sorted(set(weekdays)) if 1 <= d <= 7)


def parse_weekdays(text: str | None) -> frozenset[int]:
    """The stored weekdays; empty or unreadable gives the default (all week), so a row
    written by hand or by another version never closes the shop on every day."""
    days = frozenset(int(c) for c in (text or "") if c.isdigit() and 1 <= int(c) <= 7)
    return days or ALL_WEEK


def dates_text(days: Iterable[dt.date]) -> str:
    """Sorted ISO dates, comma-separated (the columns ``closed_days`` / ``extra_days``)."""
    return ",".join(d.isoformat() for d in sorted(set(days)))


def parse_dates(text: str | None) -> frozenset[dt.date]:
    found: set[dt.date] = set()
    for part in (text or "").replace(";", ",").replace(" ", ",").split(","):
        try:
            found.add(dt.date.fromisoformat(part.strip()))
        except ValueError:
            continue
    return frozenset(found)


__all__ = ["ALL_WEEK", "MONDAY_TO_SATURDAY", "WEEKDAY_LABELS_EN", "WEEKDAY_LABELS_ZH", "WorkCalendar",
           "any_working_days", "dates_text", "days_between", "parse_dates", "parse_weekdays", "weekdays_text"]
