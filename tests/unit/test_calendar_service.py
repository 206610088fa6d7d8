"""The working calendar as a branch setting: saved, checked, and divided by in every per-day KPI.

Issue 15: "Cars per day and every per-day KPI divide by the branch's working days from a
calendar setting (days of the week open, holidays closed, extra working days), default
seven days a week; today Monday to Friday is assumed, which overstates a 4S shop's
figures." Built on ``test_kpi``'s October 2026 (5 cars received, 2 technicians, 8.5 h
clocked), so each figure follows by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.context import AppContext
from domain import clock
from domain.calendar_rules import ALL_WEEK
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.roles import Actor
from domain.services.registry import Services
from tests.unit.test_kpi import manager, month  # noqa: F401  (shared fixtures)

D = dt.date
GOLDEN_WEEK = [D(2026, 10, d) for d in range(1, 8)]


def test_default_all_week_and_saved_calendar(services: Services, admin: Actor) -> None:
    calendar = services.calendar
    view = calendar.get(admin)
    assert (view.weekdays, view.holidays, view.extra_days, view.changed_at) == (ALL_WEEK, (), (), None)
    with clock.freeze(dt.datetime(2026, 9, 1, 2, tzinfo=dt.UTC)):
        saved = calendar.save(admin, [6, 1, 2, 3, 4, 5], GOLDEN_WEEK, [D(2026, 10, 11)])
    assert saved.weekdays == frozenset({1, 2, 3, 4, 5, 6}) and saved.changed_by_name == admin.display_name
    again = calendar.get(admin)
    assert (again.holidays, again.extra_days) == (tuple(GOLDEN_WEEK), (D(2026, 10, 11),))
    # 27 Monday–Saturday days, 6 of them in the golden week, plus Sunday the 11th worked
    assert calendar.month(admin, 2026, 10).working_days == 22
    assert calendar.month(admin, 2026, 10, again.calendar).calendar_days == 31
    calendar.save(admin, [1, 2, 3, 4, 5, 6, 7], [], [])  # changed again: one row, the new content
    assert calendar.get(admin).weekdays == ALL_WEEK and calendar.month(admin, 2026, 10).working_days == 31


@pytest.mark.parametrize(("weekdays", "holidays", "extra", "code"), [
    ([], [], [], "calendar.no_weekday"),
    ([0, 8], [], [], "calendar.weekday"),
    ([1], [D(2026, 10, 1)], [D(2026, 10, 1)], "calendar.both"),
    ([1], [D(1999, 12, 31)], [], "calendar.year"),
])
def test_a_calendar_that_makes_no_sense_is_refused(services: Services, admin: Actor, weekdays: list[int],
                                                   holidays: list[dt.date], extra: list[dt.date], code: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.calendar.save(admin, weekdays, holidays, extra)
    assert code in {e.code for e in [info.value, *getattr(info.value, "errors", ())]}


def test_only_who_changes_settings(services: Services, advisor: Actor) -> None:
    with pytest.raises(NotAllowed):
        services.calendar.save(advisor, [1, 2, 3, 4, 5], [], [])


def test_cars_per_day_and_available_hours_follow_the_calendar(services: Services, admin: Actor,  # noqa: F811
                                                              manager: Actor, month: dict[str, object]) -> None:  # noqa: F811
    """Issue 15: "... divide by the branch's working days from a calendar setting ...,
    default seven days a week; today Monday to Friday is assumed, which overstates a 4S
    shop's figures." """
    default = services.kpi.monthly(manager, "2026-10").current
    assert (default.cars_received, default.working_days) == (5, 31)
    assert default.cars_per_day == pytest.approx(5 / 31)
    assert default.available_hours == 2 * 31 * 8.0

    services.calendar.save(admin, [1, 2, 3, 4, 5], [], [])  # Monday to Friday: the old figures
    weekdays = services.kpi.monthly(manager, "2026-10")
    assert weekdays.current.working_days == 22 and weekdays.current.cars_per_day == pytest.approx(5 / 22)
    assert weekdays.current.available_hours == 2 * 22 * 8.0
    assert weekdays.current.utilisation == pytest.approx(100 * 8.5 / 352)
    assert weekdays.previous.working_days == 22  # September 2026 by the same calendar

    services.calendar.save(admin, [1, 2, 3, 4, 5, 6, 7], GOLDEN_WEEK, [])  # all week but the golden week
    golden = services.kpi.monthly(manager, "2026-10").current
    assert golden.working_days == 24 and golden.available_hours == 2 * 24 * 8.0
    assert {r.code: r.figures.working_days for r in services.kpi.ranking(manager, "2026-10")}["BJ01"] == 24


def test_the_care_desk_does_not_call_on_the_shops_holidays(services: Services, admin: Actor) -> None:
    from domain.services.care_tasks import work_calendar

    services.calendar.save(admin, [1, 2, 3, 4, 5, 6, 7], GOLDEN_WEEK, [])
    with services.uow() as session:
        desk = work_calendar(session)
    assert desk.on_or_after(D(2026, 10, 1)) == D(2026, 10, 8)  # Monday–Saturday desk, shop closed to the 7th
    assert desk.on_or_after(D(2026, 10, 11)) == D(2026, 10, 12)  # Sunday: the desk's own day off


def test_hq_keeps_no_calendar_of_its_own(tmp_path: Path) -> None:
    ctx = AppContext.open(tmp_path / "hq", create=True)
    try:
        ctx.services.branches.initialise(code="HQ", name="总部", admin_username="admin",
                                         admin_password="admin123-Kq7v", mode="hq")
        with pytest.raises(Conflict):
            ctx.services.calendar.save(Actor.system(), [1, 2, 3, 4, 5], [], [])
    finally:
        ctx.close()
