"""A branch's working calendar travels to HQ, and HQ divides that branch's per-day figures by it.

Issue 15: "Cars per day and every per-day KPI divide by the branch's working days from a
calendar setting (days of the week open, holidays closed, extra working days), default
seven days a week; today Monday to Friday is assumed, which overstates a 4S shop's
figures." HQ keeps each branch's month facts stored (``storage.kpi_cache``); the working
days are never part of them, so a calendar arriving in a later bundle changes the figure of
a month already stored, without the stored counts being dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain import clock
from domain.roles import Actor
from storage import kpi_cache
from tests.sync.helpers import Side
from tests.sync.test_kpi_hq_store import at, branch_id, march, order, send

NOW = dt.datetime(2025, 4, 10, 2, 0, tzinfo=dt.UTC)
MARCH_WEEKDAYS = 21  # March 2025 starts on a Saturday: 3–7, 10–14, 17–21, 24–28 and the 31st


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.freeze(NOW):
        yield


def test_each_branch_by_its_own_calendar_at_hq(hq: Side, bj: Side, sh: Side, tmp_path: Path) -> None:
    actor = Actor.system()
    order(bj, "BJ01-WO-00001", 100_000, at(3, 5))
    order(bj, "BJ01-WO-00002", 250_000, at(3, 20))
    order(sh, "SH01-WO-00001", 400_000, at(3, 25))
    send(bj, hq, tmp_path, "bj1")
    send(sh, hq, tmp_path, "sh1")
    kpis = hq.ctx.services.kpi
    before = kpis.monthly(actor, "2025-03", ["BJ01"]).current
    assert (before.cars_received, before.working_days) == (2, 31)  # the default: all seven days
    with hq.ctx.services.uow() as session:
        stored = kpi_cache.stored_keys(session)
    assert (branch_id(hq, "BJ01"), march(hq).start) in stored

    # BJ01 opens Monday to Friday, closes on 7 March, works Saturday 8 March instead
    bj.ctx.services.calendar.save(Actor.system(), [1, 2, 3, 4, 5], [dt.date(2025, 3, 7)], [dt.date(2025, 3, 8)])
    assert bj.ctx.services.kpi.monthly(actor, "2025-03").current.working_days == MARCH_WEEKDAYS
    send(bj, hq, tmp_path, "bj2")

    mine = kpis.monthly(actor, "2025-03", ["BJ01"]).current
    assert (mine.cars_received, mine.working_days) == (2, MARCH_WEEKDAYS)
    assert mine.cars_per_day == pytest.approx(2 / MARCH_WEEKDAYS)
    assert kpis.monthly(actor, "2025-03", ["SH01"]).current.working_days == 31
    # both together: the days at least one of them was open (SH01 works every day)
    assert kpis.monthly(actor, "2025-03", "all").current.working_days == 31
    ranked = {r.code: r.figures.working_days for r in kpis.ranking(actor, "2025-03")}
    assert ranked == {"BJ01": MARCH_WEEKDAYS, "SH01": 31}
    with hq.ctx.services.uow() as session:  # the stored counts did not depend on the calendar
        assert (branch_id(hq, "SH01"), march(hq).start) in kpi_cache.stored_keys(session)
