"""KPIs and daily reports against a constructed month whose answers are worked out by hand.

October 2026 at branch BJ01 (Asia/Shanghai, UTC+8); September 2026 is the previous month and
October 2025 the same month last year. Rows are written straight into the tables (with
times chosen to sit on local-day and month boundaries), so every expected number below
follows from the rows in this file alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock
from domain.calendar_rules import WorkCalendar
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.kpi import Kpi, WorkingTime, working_days
from domain.model import (
    Branch,
    CareCall,
    CareRating,
    ComplaintSlip,
    Customer,
    FollowUpTask,
    Job,
    LabourLine,
    PartLine,
    Staff,
    SundryLine,
    TimeEntry,
    Vehicle,
    WarrantyClaim,
    WorkOrder,
)
from domain.roles import Actor, Role
from domain.services.registry import Services
from tests.conftest import make_actor

TZ = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


class Month:
    """Builds the constructed data set and keeps the ids the assertions need."""

    def __init__(self, session: Session, first_number: int = 0) -> None:
        self.s = session
        branch = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
        assert branch is not None
        self.branch: Branch = branch
        self.customer = Customer(branch_id=self.branch.id, name="张三")
        session.add(self.customer)
        self.n = first_number
        if not first_number:  # the month's two technicians (a later builder adds rows only)
            self.t1 = self.staff("tech1", "李师傅")
            self.t2 = self.staff("tech2", "王师傅")
        session.flush()

    def staff(self, username: str, name: str) -> Staff:
        s = Staff(branch_id=self.branch.id, username=username, display_name=name, role="technician",
                  password_hash="x")
        self.s.add(s)
        return s

    def vehicle(self, *, wend: dt.date | None = None, wkm: int | None = None, branch_id: str | None = None) -> Vehicle:
        self.n += 1
        v = Vehicle(branch_id=branch_id or self.branch.id, owner_id=self.customer.id, plate=f"京A{self.n:05d}",
                    warranty_end_date=wend, warranty_end_km=wkm)
        self.s.add(v)
        self.s.flush()
        return v

    def order(self, received: dt.datetime, *, state: str = "in_progress", delivered: dt.datetime | None = None,
              settled: dt.datetime | None = None, total: int = 0, payer: str = "customer",
              rework_of: WorkOrder | None = None, vehicle: Vehicle | None = None, mileage_in: int = 10_000,
              mileage_out: int | None = None, promised: dt.datetime | None = None,
              branch_id: str | None = None) -> WorkOrder:
        v = vehicle or self.vehicle(branch_id=branch_id)
        self.n += 1
        wo = WorkOrder(branch_id=branch_id or self.branch.id, number=f"BJ01-WO-{self.n:05d}", vehicle_id=v.id,
                       customer_id=self.customer.id, received_at=received, state=state,
                       delivered_at=delivered, settled_at=settled or delivered, total_fen=total, payer=payer,
                       rework_of_id=rework_of.id if rework_of else None, mileage_in=mileage_in,
                       mileage_out=mileage_out, promised_at=promised)
        self.s.add(wo)
        self.s.flush()
        return wo

    def job(self, order: WorkOrder, tech: Staff, title: str, finished: dt.datetime | None = None) -> Job:
        j = Job(work_order_id=order.id, title=title, technician_id=tech.id, dispatched_at=order.received_at,
                finished_at=finished, state="done" if finished else "working")
        self.s.add(j)
        self.s.flush()
        return j

    def time(self, job: Job, tech: Staff, start: dt.datetime, stop: dt.datetime | None, klass: str = "A") -> None:
        self.s.add(TimeEntry(job_id=job.id, technician_id=tech.id, service_class=klass, started_at=start,
                             stopped_at=stop))


@pytest.fixture
def manager(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.MANAGER, "manager1")


@pytest.fixture
def month(services: Services) -> Iterator[dict[str, object]]:
    ids: dict[str, object] = {}
    with services.uow() as session:
        m = Month(session)
        # --- earlier orders ---------------------------------------------------------------
        p0 = m.order(at(2026, 9, 14), state="delivered", delivered=at(2026, 9, 15), total=30_000)
        m.order(at(2026, 9, 30, 23), state="opened")  # O7: received on Sep 30 local (15:00 UTC)
        # --- October receptions: O1, O2 on Oct 1 (O2 at 23:30 local), O3 Oct 2, O4 Oct 31 23:00 --
        o1 = m.order(at(2026, 10, 1, 9), promised=at(2026, 10, 1, 18))
        m.order(at(2026, 10, 1, 23, 30))
        m.order(at(2026, 10, 2, 8))
        m.order(at(2026, 10, 31, 23))
        m.order(at(2026, 10, 15), state="cancelled")
        m.order(at(2026, 11, 1, 0, 30))  # 16:30 UTC on Oct 31, but November locally
        # --- delivered and settled in October: D1..D10 (received Sep 20) ---------------------
        under = dt.date(2027, 1, 1)
        vehicles = [m.vehicle(wend=under) for _ in range(4)]  # D1–D4 under warranty by date
        vehicles.append(m.vehicle(wend=dt.date(2026, 10, 10)))  # D5: delivered Oct 11 local -> out
        vehicles.append(m.vehicle())  # D6 warranty-paid
        vehicles.append(m.vehicle(wkm=100_000))  # D7: 120,000 km out -> out
        vehicles.append(m.vehicle(wkm=100_000))  # D8: mileage_out 0 -> mileage_in 50,000 -> under
        vehicles += [m.vehicle(), m.vehicle()]  # D9, D10 insurance, no warranty facts
        d: list[WorkOrder] = []
        for i in range(10):
            kw: dict[str, object] = {}
            if i < 2:
                kw["rework_of"] = p0
            if i == 5:
                kw["payer"] = "warranty"
            if i == 6:
                kw["mileage_out"] = 120_000
            if i == 7:
                kw.update(mileage_out=0, mileage_in=50_000)
            delivered = at(2026, 10, 11, 0, 30) if i == 4 else at(2026, 10, 2 + i, 16)
            total = 200_000 if i >= 8 else 50_000
            d.append(m.order(at(2026, 9, 20), state="delivered", delivered=delivered, total=total,
                             payer="insurance" if i >= 8 else kw.pop("payer", "customer"),  # type: ignore[arg-type]
                             vehicle=vehicles[i], **kw))  # type: ignore[arg-type]
        m.order(at(2026, 9, 21), state="settled", settled=at(2026, 10, 20), total=100_000)  # S11
        m.order(at(2026, 10, 25), state="delivered", delivered=at(2026, 11, 2), rework_of=p0, total=1)  # Nov
        # last year: one rework order in October 2025
        m.order(at(2025, 10, 8), state="delivered", delivered=at(2025, 10, 9), total=12_345, rework_of=p0)
        # --- lines: D1 (customer) and D9 (insurance); O1's line is unsettled and must not count
        m.s.add_all([
            LabourLine(work_order_id=d[0].id, description="保养", hours_centi=150, rate_fen=12_000),
            PartLine(work_order_id=d[0].id, name="机油", qty_milli=1500, unit_price_fen=3333, genuine=True),
            LabourLine(work_order_id=d[8].id, description="钣金", hours_centi=250, rate_fen=10_000,
                       payer="insurance"),
            PartLine(work_order_id=d[8].id, name="保险杠", qty_milli=1000, unit_price_fen=80_000, genuine=False,
                     payer="insurance", discount_fen=1000),
            SundryLine(work_order_id=d[8].id, description="拖车", amount_fen=2000, discount_fen=500),
        ])
        # --- job times ----------------------------------------------------------------------
        j_d1 = m.job(d[0], m.t1, "保养", finished=at(2026, 9, 28, 12))
        m.time(j_d1, m.t1, at(2026, 9, 28, 10), at(2026, 9, 28, 12))  # 2 h, on a settled order
        j_d9 = m.job(d[8], m.t2, "钣金")
        m.time(j_d9, m.t2, at(2026, 10, 6, 9), at(2026, 10, 6, 12))  # 3 h
        j_o1 = m.job(o1, m.t1, "更换刹车片", finished=at(2026, 10, 1, 17))
        m.s.add(LabourLine(work_order_id=o1.id, description="刹车", hours_centi=1000, rate_fen=10_000,
                           job_id=j_o1.id))
        m.time(j_o1, m.t1, at(2026, 10, 1, 13), at(2026, 10, 1, 17))  # 4 h class A
        j_int = m.job(o1, m.t1, "工具保养")
        m.time(j_int, m.t1, at(2026, 10, 1, 8), at(2026, 10, 1, 9, 30), "D")  # 1.5 h class D
        o7 = m.s.scalar(select(WorkOrder).where(WorkOrder.received_at == at(2026, 9, 30, 23)))
        assert o7 is not None
        j_x = m.job(o7, m.t1, "夜间抢修")
        m.time(j_x, m.t1, at(2026, 9, 30, 22), at(2026, 10, 1, 1), "C")  # 1 h falls on Oct 1
        m.time(j_d9, m.t2, at(2026, 10, 7, 9), None)  # still open: not in utilisation
        # --- ratings: 10 very satisfied, 4 satisfied, 1 unsatisfied in October; 1 in November
        levels = ["very_satisfied"] * 10 + ["satisfied"] * 4 + ["unsatisfied"] + ["unsatisfied"]
        for i, level in enumerate(levels):
            f = m.order(at(2026, 8, 1), state="delivered", delivered=at(2026, 8, 2), total=0)
            rated = at(2026, 11, 1, 9) if i == 15 else at(2026, 10, 3 + i)
            m.s.add(CareRating(work_order_id=f.id, overall=level, rated_at=rated))
        # --- follow-ups: reached D1, D2 (calls), D3 (task), D7; D4 no answer; D6 only an incoming call
        for i, (direction, outcome) in {0: ("out", "reached"), 1: ("out", "reached"), 6: ("out", "reached"),
                                        3: ("out", "no_answer"), 5: ("in", "reached")}.items():
            m.s.add(CareCall(direction=direction, work_order_id=d[i].id, called_at=at(2026, 10, 20),
                             outcome=outcome))
        m.s.add(FollowUpTask(kind="first_call", work_order_id=d[2].id, due_on=dt.date(2026, 10, 8),
                             status="done", last_outcome="reached"))
        # --- warranty claims: decided in October 3 accepted + 1 partially + 1 rejected;
        #     one pending, one decided in November
        for decision, decided in [("accepted", dt.date(2026, 10, 5))] * 3 + [
                ("partially", dt.date(2026, 10, 6)), ("rejected", dt.date(2026, 10, 31)),
                ("", None), ("rejected", dt.date(2026, 11, 1))]:
            m.s.add(WarrantyClaim(branch_id=m.branch.id, work_order_id=d[5].id, submitted_at=at(2026, 10, 3),
                                  claimed_fen=10_000, decision=decision, decided_on=decided))
        # --- complaints ---------------------------------------------------------------------
        def slip(no: int, received: dt.datetime, due: dt.datetime, closed: dt.datetime | None) -> None:
            m.s.add(ComplaintSlip(branch_id=m.branch.id, number=f"BJ01-TS-26{no:02d}", channel="phone",
                                  category="quality", received_at=received, response_due_at=due,
                                  solution_due_at=due, closure_due_at=due, closed_at=closed,
                                  state="closed" if closed else "registered"))
        slip(1, at(2026, 10, 3), at(2026, 10, 20), at(2026, 10, 10))  # closed in time
        slip(2, at(2026, 9, 10), at(2026, 10, 1), at(2026, 10, 12))  # closed late
        slip(3, at(2026, 10, 5), at(2026, 10, 25), None)  # overdue at month end
        slip(4, at(2026, 10, 20), at(2026, 11, 5), None)  # open, not yet due
        slip(5, at(2026, 9, 25), at(2026, 10, 30), at(2026, 11, 2))  # open at month end, past due
        # --- a second branch (as at HQ) with one big settled order in October --------------
        sh = Branch(code="SH01", name="上海浦东店", is_local=False)
        m.s.add(sh)
        m.s.flush()
        m.order(at(2026, 10, 9), state="delivered", delivered=at(2026, 10, 10), total=1_000_000,
                branch_id=sh.id)
        ids.update(rework=sorted([d[0].number, d[1].number]), d=[o.number for o in d], t1=m.t1.id,
                   o1=o1.number, o7=o7.number)
    yield ids


def test_october_working_days_by_hand() -> None:
    # by default a shop works all seven days (issue 15): 31 days in October 2026
    assert working_days(dt.date(2026, 10, 1), dt.date(2026, 10, 31), WorkingTime()) == 31
    # Monday to Friday: Oct 2026 starts on a Thursday: 1, 2 + four full weeks (5–9, 12–16, 19–23, 26–30) = 22
    weekdays = WorkingTime(calendar=WorkCalendar(frozenset({1, 2, 3, 4, 5})))
    assert working_days(dt.date(2026, 10, 1), dt.date(2026, 10, 31), weekdays) == 22


@pytest.mark.parametrize(("field", "expected"), [
    # O1, O2 (23:30 local), O3, O4 (Oct 31 23:00), R (Oct 25); not cancelled, not Nov 1 00:30
    ("cars_received", 5),
    ("revenue_fen", 900_000),  # D1–D8 8×50,000 + D9, D10 2×200,000 + S11 100,000
    ("revenue_per_car_fen", 81_818),  # 900,000 / 11 = 81,818.18
    ("revenue_per_car_insurance_fen", 200_000),
    ("available_hours", 496.0),  # 2 technicians × 31 days (all week, the default calendar) × 8 h
])
def test_monthly_plain_figures(services: Services, manager: Actor, month: dict[str, object], field: str,
                               expected: object) -> None:
    assert getattr(services.kpi.monthly(manager, "2026-10").current, field) == expected


@pytest.mark.parametrize(("name", "num", "den"), [
    ("return_repair", 2, 10),  # D1, D2 rework of P0; the Nov-delivered rework does not count
    ("csi", 14, 15),  # 10 very satisfied + 4 satisfied of 15 rated in October
    ("callback", 4, 10),  # D1, D2, D3 (task), D7 reached; D4 no answer; D6 incoming only
    ("callback_warranty", 3, 6),  # under warranty: D1–D4, D6 (paid), D8 (km from mileage_in)
    ("claim_pass", 4, 5),  # 3 accepted + 1 partially of 5 decided in October
    ("complaints_in_time", 1, 2),
])
def test_monthly_ratios(services: Services, manager: Actor, month: dict[str, object], name: str, num: int,
                        den: int) -> None:
    ratio = getattr(services.kpi.monthly(manager, "2026-10").current, name)
    assert (ratio.numerator, ratio.denominator) == (num, den)


def test_monthly_split_hours_and_complaints(services: Services, manager: Actor, month: dict[str, object]) -> None:
    cur = services.kpi.monthly(manager, "2026-10").current
    f = cur.facts
    # labour 150×120.00/100 = 18,000 + 250×100.00/100 = 25,000; parts 1.5×33.33 = 4,999.5 → 5,000
    # + 80,000 − 1,000; sundry 2,000 − 500
    assert (f.labour_fen, f.parts_fen, f.sundry_fen) == (43_000, 84_000, 1_500)
    assert dict(f.revenue_by_payer) == {"customer": 24_500, "insurance": 104_000}
    assert cur.genuine_share == pytest.approx(100 * 5_000 / 84_000)
    # sold 1.50 + 2.50 h on settled orders over 2 h + 3 h clocked on them
    assert cur.efficiency == pytest.approx(80.0)
    # clocked on entries started in October: 3 + 4 + 1.5 h (open one and Sep 30 one excluded)
    assert f.clocked_seconds == 8.5 * 3600
    assert cur.utilisation == pytest.approx(100 * 8.5 / 496)
    assert cur.facts.received_per_day[0] == 2 and cur.facts.received_per_day[1] == 1
    assert cur.facts.received_per_day[30] == 1 and len(cur.facts.received_per_day) == 31
    assert (f.complaints_opened, f.complaints_closed, f.complaints_overdue) == (3, 2, 2)


def test_previous_month_and_last_year(services: Services, manager: Actor, month: dict[str, object]) -> None:
    kpis = services.kpi.monthly(manager, "2026-10")
    prev, ly = kpis.previous, kpis.last_year
    # September: P0, O7 and D1–D10 (Sep 20) and S11 (Sep 21) received = 13; P0 delivered, no rework
    assert prev.cars_received == 13
    assert (prev.return_repair.numerator, prev.return_repair.denominator) == (0, 1)
    assert (prev.revenue_fen, prev.revenue_per_car_fen) == (30_000, 30_000)
    # October 2025: one rework order delivered and settled
    assert (ly.return_repair.numerator, ly.return_repair.denominator) == (1, 1)
    assert ly.revenue_fen == 12_345 and ly.cars_received == 1


def test_branches_all_and_ranking(services: Services, manager: Actor, month: dict[str, object]) -> None:
    assert services.kpi.monthly(manager, "2026-10", ["SH01"]).current.revenue_fen == 1_000_000
    both = services.kpi.monthly(manager, "2026-10", "all").current
    assert both.revenue_fen == 1_900_000 and both.facts.delivered == 11
    ranking = services.kpi.ranking(manager, "2026-10")
    assert [r.code for r in ranking] == ["SH01", "BJ01"]
    bj = next(r for r in ranking if r.code == "BJ01")
    assert bj.ranks[Kpi.REVENUE] == 2 and bj.ranks[Kpi.CARS_RECEIVED] == 1
    # lower is better: SH01 has 0 % rework (0/1), BJ01 20 %
    assert bj.ranks[Kpi.RETURN_REPAIR_RATE] == 2


def test_drill_down_lists_the_rework_orders(services: Services, manager: Actor, month: dict[str, object]) -> None:
    rows = services.kpi.records(manager, Kpi.RETURN_REPAIR_RATE, "2026-10")
    assert sorted(r.number for r in rows) == month["rework"]
    slips = services.kpi.records(manager, Kpi.COMPLAINTS_OVERDUE, "2026-10")
    assert sorted(r.number for r in slips) == ["BJ01-TS-2603", "BJ01-TS-2605"]
    assert len(services.kpi.records(manager, Kpi.CALLBACK_RATE_WARRANTY, "2026-10")) == 6


def test_kpi_needs_manager(services: Services, advisor: Actor, month: dict[str, object]) -> None:
    with pytest.raises(NotAllowed):
        services.kpi.monthly(advisor, "2026-10")
    with pytest.raises(ValidationError):
        services.kpi.monthly(Actor.system(), "2026-13")


def test_technician_daily_report_from_recorded_times(services: Services, manager: Actor,
                                                     month: dict[str, object]) -> None:
    with clock.freeze(at(2026, 10, 2, 9)):
        days = services.daily_reports.technician_days(manager, dt.date(2026, 10, 1), "李师傅")
    assert len(days) == 1
    day = days[0]
    got = [(j.work_order_number, j.service_class, j.clocked_seconds, j.credited_centi) for j in day.jobs]
    assert got == [
        (month["o7"], "C", 3600, 0),  # 22:00–01:00 across midnight: 1 h on Oct 1
        (month["o1"], "D", 5400, 0),
        (month["o1"], "A", 4 * 3600, 1000),  # finished on the day: 10.00 standard hours
    ]
    assert [(t.service_class, t.clocked_seconds, t.standard_centi) for t in day.totals] == [
        ("A", 14_400, 1000), ("B", 0, 0), ("C", 3600, 0), ("D", 5400, 0)]


def test_supervisor_daily_report(services: Services, manager: Actor, month: dict[str, object]) -> None:
    with clock.freeze(at(2026, 10, 2, 9)):
        day = services.daily_reports.supervisor_day(manager, dt.date(2026, 10, 1))
    assert day.cars_received == 2 and day.cars_delivered == 0
    # O1, O2, O7, S11, D1–D10 are in the shop at the end of Oct 1 (D's delivered from Oct 2)
    assert day.cars_in_workshop == 14
    assert [o.number for o in day.late_orders] == [month["o1"]]
    assert [t.technician_name for t in day.technicians] == ["李师傅"]
    assert day.totals[0].clocked_seconds == 14_400


def test_warranty_claim_service_and_pass_rate(services: Services, admin: Actor, month: dict[str, object]) -> None:
    clerk = make_actor(services, admin, Role.CLAIMS_CLERK, "claims1")
    manager = make_actor(services, admin, Role.MANAGER, "mgr2")
    with services.uow() as session:
        order_id = session.scalar(select(WorkOrder.id).where(WorkOrder.number == month["o1"]))
    assert order_id is not None
    with clock.freeze(at(2026, 10, 20)):
        a = services.warranty_claims.submit(clerk, order_id, 50_000, "发动机漏油")
        b = services.warranty_claims.submit(clerk, order_id, 20_000)
        services.warranty_claims.decide(clerk, a.id, "partially", 30_000)
        services.warranty_claims.decide(clerk, b.id, "rejected", reason="超出保修范围")
    with pytest.raises(Conflict):
        services.warranty_claims.decide(clerk, b.id, "accepted")
    with pytest.raises(ValidationError):
        services.warranty_claims.submit(clerk, order_id, 0)
    with pytest.raises(NotAllowed):
        services.warranty_claims.submit(make_actor(services, admin, Role.TECHNICIAN, "tech9"), order_id, 100)
    views = services.warranty_claims.for_order(clerk, order_id)
    assert [(v.decision, v.decided_fen) for v in views] == [("partially", 30_000), ("rejected", 0)]
    ratio = services.kpi.monthly(manager, "2026-10").current.claim_pass
    assert (ratio.numerator, ratio.denominator) == (5, 7)  # 4/5 constructed + 1/2 here


def test_unknown_branch_code_is_not_found(services: Services, manager: Actor, month: dict[str, object]) -> None:
    from domain.errors import NotFound

    with pytest.raises(NotFound) as caught:
        services.kpi.monthly(manager, "2026-10", ["XX99"])
    assert "XX99" in str(caught.value)


def test_complaint_figures_agree_with_the_complaint_statistics(services: Services, manager: Actor,
                                                               month: dict[str, object]) -> None:
    """The KPI page and 客户投诉案件统计表 count the same month the same way."""
    stats = services.complaints.monthly_statistics(manager, 2026, 10)
    f = services.kpi.monthly(manager, "2026-10").current.facts
    assert (f.complaints_opened, f.complaints_closed, f.complaints_overdue) == (
        stats.registered, stats.closed, stats.overdue_open)
    assert f.complaints_closed - f.complaints_closed_in_time == len(stats.closed_late)


@pytest.mark.parametrize(("year", "mon"), [(2026, 10), (2026, 9), (2025, 10)])
def test_day_arithmetic_counts_what_the_day_by_day_comparison_counts(
        services: Services, month: dict[str, object], monkeypatch: pytest.MonkeyPatch, year: int, mon: int) -> None:
    """In a zone whose days are all 24 h long the local day of an instant is arithmetic on its
    time (``_even_days``); the month's boundary rows (23:30 local, 00:30 of the next month,
    delivered the day after the warranty ended) must land exactly where comparing with each
    day's start puts them."""
    from domain.services.kpi import month_window
    from storage import kpi_queries

    window = month_window(year, mon, "Asia/Shanghai", None)
    assert kpi_queries._even_days(window)
    with services.uow() as session:
        m = Month(session, first_number=500)  # and rows on the very edges: local midnight, the last microsecond
        last = dt.timedelta(microseconds=1)
        for day in (1, 2, 28):
            m.order(at(year, mon, day, 0), state="opened")
            m.order(at(year, mon, day, 0) - last, state="opened")
        for day in (3, 4):
            wend = dt.date(year, mon, 3)
            for when in (at(year, mon, day, 0), at(year, mon, day, 0) + dt.timedelta(days=1) - last):
                m.order(when - dt.timedelta(days=1), state="delivered", delivered=when, total=100,
                        vehicle=m.vehicle(wend=wend))
        session.flush()
        local = m.branch.id
        arithmetic = kpi_queries.SqlKpiQueries()._facts_by_branch(session, window)
        monkeypatch.setattr(kpi_queries, "_even_days", lambda window: False)
        compared = kpi_queries.SqlKpiQueries()._facts_by_branch(session, window)
    assert arithmetic == compared
    facts = arithmetic[local]
    assert facts.received_per_day[1] >= 1 and facts.received_per_day[27] >= 1  # the midnight rows


def test_days_with_a_clock_change_are_not_even() -> None:
    from domain.services.kpi import month_window
    from storage.kpi_queries import _even_days

    assert not _even_days(month_window(2026, 10, "Europe/Berlin", None))  # summer time ends Oct 25
    assert _even_days(month_window(2026, 7, "Europe/Berlin", None))
    assert _even_days(month_window(2026, 10, "Asia/Shanghai", None))


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN
def test_month_statements_read_indexes_not_tables(services: Services, month: dict[str, object]) -> None:
    """Every statement of a month reaches its rows through an index (the 500,000-order bench
    depends on it; SQLite plans the same without statistics whatever the size): no full scan
    of a big table, the vehicles' warranty through its expression index, the clocked time
    through each technician's range."""
    from sqlalchemy import event

    from domain.services.kpi import month_window
    from storage.kpi_queries import SqlKpiQueries

    window = month_window(2026, 10, "Asia/Shanghai", None)
    seen: list[tuple[str, object]] = []
    with services.uow() as session:
        local = session.scalar(select(Branch.id).where(Branch.is_local.is_(True)))
        engine = session.get_bind()

        def keep(conn: object, cursor: object, statement: str, parameters: object, *_: object) -> None:
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", keep)
        try:
            for ids in (None, (local,)):
                SqlKpiQueries()._facts_by_branch(session, replace(window, branch_ids=ids))
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        plans = [[str(row[-1]) for row in session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", parameters)] for statement, parameters in seen]
    big = {"work_orders", "wo_labour_lines", "wo_part_lines", "wo_sundry_lines", "wo_jobs", "wo_time_entries",
           "care_ratings", "care_calls", "follow_up_tasks", "vehicles"}
    for plan in plans:  # "SCAN t" or "SCAN t USING ... INDEX": every row of t
        assert not [step for step in plan if step.startswith("SCAN ") and step.split()[1] in big], plan
    plans_text = [" | ".join(plan) for plan in plans]
    assert len(plans) >= 26
    assert any("ix_vehicles_kpi_warranty" in plan for plan in plans_text)
    assert any("COVERING INDEX ix_wo_time_entries_kpi_technician" in plan for plan in plans_text)
