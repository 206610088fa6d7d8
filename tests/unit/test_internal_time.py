"""Class D time on no order (内部作业): recorded by the technician, on the daily report and in
utilisation.

Issue 15: "Class D service time: internal work that is not on a customer's order (workshop
upkeep, inspections, parts handling, training) can be recorded by a technician as time
entries against an internal activity, so the technician daily report shows the whole day as
the regulation's A/B/C/D classes require."
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain import clock
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.services.workorders import LabourInput
from tests.unit.test_care_service import shop  # noqa: F401  (the fixture)
from tests.unit.test_workorders_service import Shop, open_order

BEIJING = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2026, 11, 24)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def test_the_whole_day_in_classes_a_to_d(shop: Shop) -> None:  # noqa: F811
    """Issue 15: "... can be recorded by a technician as time entries against an internal
    activity, so the technician daily report shows the whole day as the regulation's A/B/C/D
    classes require." """
    internal, wo = shop.services.internal_time, shop.wo
    with clock.freeze(at(8)):
        started = internal.start(shop.tech, "upkeep", "举升机保养")
    assert started.stopped_at is None and started.activity_label == "工具设备维护"
    with clock.freeze(at(9)):
        internal.stop(shop.tech)
    with clock.freeze(at(12)):  # training in the morning, typed in afterwards (补录)
        internal.record(shop.tech, "training", at(10), at(11, 30), "新车型培训")
    with clock.freeze(at(13)):  # a car: the job's clock (class A)
        view = open_order(shop)
        wo.add_line(shop.advisor, view.id, LabourInput("保养", 100, 12_000))
        view = wo.approve_estimate(shop.advisor, view.id, "signature", "王小明")
        view = wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "保养", labour_line_ids=[view.labour[0].id])
        internal.start(shop.tech, "parts", "整理配件架")
    with clock.freeze(at(13, 30)):  # starting the job's clock stops the internal work
        wo.start_job(shop.tech, view.jobs[0].id)
    with clock.freeze(at(15)):
        wo.stop_job(shop.tech, view.jobs[0].id, finished=True)

    with clock.freeze(at(18)):
        (day,) = shop.services.daily_reports.technician_days(shop.manager, DAY, shop.tech.username)
        entries = internal.day(shop.tech, DAY)
    assert [(e.activity, e.seconds(at(18))) for e in entries] == [("upkeep", 3600), ("training", 5400),
                                                                   ("parts", 1800)]
    got = [(j.service_class, j.job_title, j.clocked_seconds, j.internal) for j in day.jobs]
    assert got == [("D", "工具设备维护：举升机保养", 3600, True), ("D", "培训：新车型培训", 5400, True),
                   ("D", "配件整理：整理配件架", 1800, True), ("A", "保养", 5400, False)]
    assert [(t.service_class, t.clocked_seconds) for t in day.totals] == [
        ("A", 5400), ("B", 0), ("C", 0), ("D", 10_800)]
    assert day.clocked_seconds == 16_200  # 4.5 h: the whole day, internal work included


def test_one_place_at_a_time(shop: Shop) -> None:  # noqa: F811
    internal = shop.services.internal_time
    with clock.freeze(at(12)):
        internal.record(shop.tech, "inspection", at(9), at(10), "月度安全检查")
        with pytest.raises(Conflict) as info:
            internal.record(shop.tech, "training", at(9, 30), at(11))
        assert info.value.code == "internal.overlap" and "09:00" in info.value.message()
        internal.record(shop.tech, "training", at(10), at(11))  # right after: fine
        internal.start(shop.tech, "upkeep")
        with pytest.raises(Conflict):
            internal.start(shop.tech, "parts")
    with clock.freeze(at(12, 5)), pytest.raises(Conflict):
        internal.record(shop.tech, "parts", at(11, 30), at(12, 1))  # overlaps the running one


@pytest.mark.parametrize(("start", "stop", "code"), [
    (at(11), at(10), "internal.order"),
    (at(0), at(17), "internal.too_long"),
    (at(11), at(13), "internal.future"),
])
def test_a_recorded_interval_must_make_sense(shop: Shop, start: dt.datetime, stop: dt.datetime,  # noqa: F811
                                             code: str) -> None:
    with clock.freeze(at(12)), pytest.raises(ValidationError) as info:
        shop.services.internal_time.record(shop.tech, "training", start, stop)
    assert info.value.code == code


def test_who_may_record_whose_time(shop: Shop) -> None:  # noqa: F811
    internal = shop.services.internal_time
    with clock.freeze(at(12)):
        with pytest.raises(NotAllowed):  # a technician only their own
            internal.record(shop.tech, "training", at(9), at(10), technician_id=shop.tech2.staff_id)
        with pytest.raises(NotAllowed):  # the counter does not record workshop time
            internal.record(shop.advisor, "training", at(9), at(10), technician_id=shop.tech.staff_id)
        entry = internal.record(shop.foreman, "training", at(9), at(10), technician_id=shop.tech2.staff_id)
        assert entry.technician_name == "测试technician"
        assert [name for _, name in internal.technicians(shop.tech)] == ["测试technician"]
        assert len(internal.technicians(shop.foreman)) == 3  # two technicians and the foreman
        with pytest.raises(NotAllowed):
            internal.remove(shop.tech, entry.id)
        internal.remove(shop.foreman, entry.id)
        assert internal.day(shop.foreman, DAY) == []
        with pytest.raises(ValidationError):
            internal.start(shop.tech, "coffee")


def test_internal_work_counts_in_utilisation(shop: Shop) -> None:  # noqa: F811
    """Utilisation counts every hour a technician clocked, classes A–D (domain.kpi.utilisation)."""
    with clock.freeze(at(12)):
        shop.services.internal_time.record(shop.tech, "training", at(9), at(11))
    with clock.freeze(at(12, day=dt.date(2026, 12, 2))):
        current = shop.services.kpi.monthly(shop.manager, "2026-11").current
    assert current.facts.clocked_seconds == 7200
    # available: the two active technicians × 30 working days (all week) × 8 h
    assert current.available_hours == 2 * 30 * 8.0
    assert current.utilisation == pytest.approx(100 * 2 / 480)
