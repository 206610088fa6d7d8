"""SQL aggregation behind the KPIs of :mod:`domain.kpi` (implements ``domain.kpi.KpiQueries``).

Why here and in SQL: a branch holds hundreds of thousands of work orders and HQ holds every
branch's; each figure is a COUNT/SUM with GROUP BY branch in the database, so only a few
numbers per branch cross into Python. The statements are SQLAlchemy core and portable
(SQLite and PostgreSQL): integer division via ``//`` on integers, local days by arithmetic
on whole seconds where every day of the month is 24 h long (else a CASE over the UTC instants
each day starts), and elapsed seconds and days through small compiled constructs.
What each count *means* is documented on the functions in :mod:`domain.kpi`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import FunctionElement

from domain import clock
from domain.kpi import Kpi, KpiWindow, MonthFacts, RecordRow
from domain.model.branch import Branch
from domain.model.care import CareCall, CareRating
from domain.model.complaint import ComplaintSlip, FollowUpTask
from domain.model.customer import Vehicle
from domain.model.kpi_indexes import VEHICLE_KEY
from domain.model.staff import Staff
from domain.model.sync import AppliedSegment, OutboxEntry, SyncPeer
from domain.model.warranty import WarrantyClaim
from domain.model.workorder import (
    InternalTimeEntry,
    Job,
    LabourLine,
    PartLine,
    SundryLine,
    TimeEntry,
    WorkOrder,
)
from domain.orm import UTCDateTime
from domain.services.calendar import branch_calendars
from domain.services.kpi import month_window, shift_month
from storage import kpi_cache

log = logging.getLogger(__name__)

_SETTLED_STATES = ("settled", "delivered")
_ACCEPTED = ("accepted", "partially")


class _Seconds(FunctionElement[float]):
    """Seconds between two timestamp columns (stop − start)."""

    type = Float()
    inherit_cache = True


@compiles(_Seconds, "sqlite")
def _seconds_sqlite(element: _Seconds, compiler: Any, **kw: Any) -> str:
    start, stop = list(element.clauses)
    return (f"((julianday({compiler.process(stop, **kw)}) - julianday({compiler.process(start, **kw)}))"
            " * 86400.0)")


@compiles(_Seconds)
def _seconds_default(element: _Seconds, compiler: Any, **kw: Any) -> str:
    start, stop = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(stop, **kw)} - {compiler.process(start, **kw)}))"


class _DayIndex(FunctionElement[int]):
    """Whole days of 86,400 s from an instant (the window's start) to a later timestamp column."""

    type = Integer()
    inherit_cache = True


@compiles(_DayIndex, "sqlite")
def _day_index_sqlite(element: _DayIndex, compiler: Any, **kw: Any) -> str:
    start, at = (compiler.process(c, **kw) for c in element.clauses)
    # whole seconds, cut from the stored text ('YYYY-MM-DD HH:MM:SS.ffffff') before SQLite reads
    # it: SQLite rounds a time to the millisecond, so 23:59:59.999999 would become the next day.
    # Every day of such a window starts on a whole second, so dropping the fraction is exact.
    return (f"((CAST(strftime('%s', substr({at}, 1, 19)) AS INTEGER)"
            f" - CAST(strftime('%s', substr({start}, 1, 19)) AS INTEGER)) / 86400)")


@compiles(_DayIndex)
def _day_index_default(element: _DayIndex, compiler: Any, **kw: Any) -> str:
    start, at = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({at} - {start})) / 86400) AS INTEGER)"


class _DaysFrom(FunctionElement[int]):
    """Calendar days from a date (the window's first local day) to a date column."""

    type = Integer()
    inherit_cache = True


@compiles(_DaysFrom, "sqlite")
def _days_from_sqlite(element: _DaysFrom, compiler: Any, **kw: Any) -> str:
    first, day = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({day}) - julianday({first}) AS INTEGER)"


@compiles(_DaysFrom)
def _days_from_default(element: _DaysFrom, compiler: Any, **kw: Any) -> str:
    first, day = (compiler.process(c, **kw) for c in element.clauses)
    return f"({day} - {first})"


def _even_days(window: KpiWindow) -> bool:
    """Every local day of the window is 24 hours long (any zone without a clock change in it,
    e.g. China all year): then an instant's day is plain arithmetic on its time, instead of a
    comparison with each day's start (about 6 ms less per month of 17,000 orders)."""
    bounds = [*window.day_starts, window.end]
    return bool(window.day_starts) and window.day_starts[0] == window.start and all(
        b - a == dt.timedelta(days=1) for a, b in zip(bounds, bounds[1:], strict=False))


def _day_bucket(column: Any, window: KpiWindow) -> ColumnElement[int]:
    """Index of the local day an instant falls on (0 = first day of the window)."""
    starts = window.day_starts
    if len(starts) <= 1:
        return literal(0)
    if _even_days(window):
        return _DayIndex(literal(window.start, UTCDateTime()), column)
    return case(*[(column < starts[i], i - 1) for i in range(1, len(starts))], else_=len(starts) - 1)


def _on_or_before(column: Any, window: KpiWindow, day: Any) -> ColumnElement[bool]:
    """The local day of instant ``column`` (in the window) is on or before date ``day``."""
    if _even_days(window):
        return _DayIndex(literal(window.start, UTCDateTime()), column) <= _DaysFrom(
            literal(window.first_day, Date), day)
    return _day_date(column, window, window.first_day) <= day


def _day_date(column: Any, window: KpiWindow, first: dt.date) -> ColumnElement[dt.date]:
    starts = window.day_starts
    whens = [(column < starts[i], literal(first + dt.timedelta(days=i - 1), Date))
             for i in range(1, len(starts))]
    last = literal(first + dt.timedelta(days=max(len(starts) - 1, 0)), Date)
    return case(*whens, else_=last) if whens else last


def _in_window(column: Any, window: KpiWindow) -> ColumnElement[bool]:
    return and_(column >= window.start, column < window.end)


def _branch_filter(stmt: Any, column: Any, window: KpiWindow) -> Any:
    return stmt if window.branch_ids is None else stmt.where(column.in_(window.branch_ids))


def _per_branch(column: Any, window: KpiWindow) -> tuple[Any, tuple[Any, ...]]:
    """The branch as a statement selects it, and what it groups by for it.

    One branch (every branch's own page, and HQ recomputing the branch an import touched)
    needs no GROUP BY: SQLite sorts every row of a grouped statement through a temporary
    B-tree, about 7 ms a statement for a month of 17,000 orders. ``max(branch)`` then names
    the branch, and is NULL when no row matched (the runner drops that row, as a GROUP BY
    would return none)."""
    if window.branch_ids is not None and len(window.branch_ids) == 1:
        return func.max(column), ()
    return column, (column,)


def _labour_net() -> ColumnElement[int]:
    # labour_amount: hours (1/100) × rate, half up to the fen; minus the line discount
    return (LabourLine.hours_centi * LabourLine.rate_fen * 2 + 100) // 200 - LabourLine.discount_fen


def _part_net() -> ColumnElement[int]:
    return (PartLine.qty_milli * PartLine.unit_price_fen * 2 + 1000) // 2000 - PartLine.discount_fen


def _state() -> ColumnElement[str]:
    """The order's state, wrapped so SQLite's planner (without ANALYZE statistics) does not
    pick the (state, received_at) index — nearly every order is settled or delivered — over
    the month's range on settled_at / delivered_at."""
    return func.coalesce(WorkOrder.state, "")


def _key(column: Any) -> ColumnElement[str]:
    """A join key wrapped so SQLite drives the join from the month's orders (found through
    the settled_at / delivered_at index) into the lines by their work_order_id index, rather
    than scanning every line; on PostgreSQL it is the same value."""
    return func.coalesce(column, "")


def _settled(window: KpiWindow) -> ColumnElement[bool]:
    return and_(_in_window(WorkOrder.settled_at, window), _state().in_(_SETTLED_STATES))


def _delivered(window: KpiWindow) -> ColumnElement[bool]:
    return and_(_in_window(WorkOrder.delivered_at, window), _state() == "delivered")


def _reached() -> ColumnElement[bool]:
    # SELECT 1, not SELECT *: SQLite then answers each test from the covering index alone
    call = select(literal(1)).where(CareCall.work_order_id == WorkOrder.id, CareCall.direction == "out",
                                    CareCall.outcome == "reached").exists()
    task = select(literal(1)).where(FollowUpTask.work_order_id == WorkOrder.id,
                                    FollowUpTask.last_outcome == "reached").exists()
    return or_(call, task)


def _under_warranty(window: KpiWindow) -> ColumnElement[bool]:
    """care_rules.under_warranty in SQL: warranty-paid, or warranty date and km not past."""
    mileage = func.coalesce(func.nullif(WorkOrder.mileage_out, 0), WorkOrder.mileage_in)
    facts = or_(Vehicle.warranty_end_date.is_not(None), Vehicle.warranty_end_km.is_not(None))
    date_ok = or_(Vehicle.warranty_end_date.is_(None), _on_or_before(WorkOrder.delivered_at, window, Vehicle.warranty_end_date))
    km_ok = or_(Vehicle.warranty_end_km.is_(None), mileage <= Vehicle.warranty_end_km)
    return or_(WorkOrder.payer == "warranty", and_(facts, date_ok, km_ok))


class SqlKpiQueries:
    """``domain.kpi.KpiQueries`` over the ORM tables; every method is a handful of GROUP BYs.

    Closed periods are remembered per database until its data changes. Why: HQ's page for 50
    branches reads millions of rows per month, and a person at HQ flips between months, the
    side-by-side ranking and one branch; between two imports none of those figures can
    change. *Changed* is read from what every write leaves behind — the highest change number
    of the sync outbox (every local change of a syncable row writes one, DESIGN.md) and the
    count and last time of the applied sync segments (every import writes one) — so the check
    costs one indexed look-up per call, and a stale figure can never be shown. The running
    period (its end not yet passed) is never cached: its overdue complaints depend on the clock.

    At HQ each branch's facts are also stored in the database (:mod:`storage.kpi_cache`,
    kept over restarts, dropped per branch by the import that touches it); only the
    clock-dependent parts are counted on every read (:meth:`_stored_facts`).
    """

    def __init__(self, cache_entries: int = 64) -> None:
        self._cache: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Mapping[str, MonthFacts]]] = OrderedDict()
        self._cache_entries = cache_entries
        self._lock = threading.Lock()

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    # --- facts ----------------------------------------------------------------------------
    def month_facts(self, session: Session, window: KpiWindow) -> MonthFacts:
        by_branch = self.facts_by_branch(session, window)
        return merge_facts(list(by_branch.values()), days=len(window.day_starts))

    def facts_by_branch(self, session: Session, window: KpiWindow) -> Mapping[str, MonthFacts]:
        if window.end > clock.now():
            return self._compute(session, window)
        key = (str(session.get_bind().engine.url), window.start, window.end, window.day_starts, window.branch_ids)
        stamp = _data_stamp(session)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                self._cache.move_to_end(key)
                return hit[1]
        facts = self._compute(session, window)
        with self._lock:
            self._cache[key] = (stamp, facts)
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        return facts

    def _compute(self, session: Session, window: KpiWindow) -> Mapping[str, MonthFacts]:
        return self._stored_facts(session, window) if kpi_cache.is_hq(session) else \
            self._facts_by_branch(session, window)

    def _stored_facts(self, session: Session, window: KpiWindow) -> Mapping[str, MonthFacts]:
        """At HQ: each branch's stored facts (``storage.kpi_cache``), the missing ones computed
        in one pass and stored, plus the live parts; branches without any figure are left out,
        as :meth:`_facts_by_branch` leaves them out."""
        kpi_cache.drop_after_local_writes(session)
        every = list(session.scalars(select(Branch.id)))
        wanted = every if window.branch_ids is None else [b for b in window.branch_ids if b in set(every)]
        stored = kpi_cache.load(session, window, wanted)
        missing = [b for b in wanted if b not in stored]
        if missing:
            mark = kpi_cache.outbox_mark(session)
            scope = None if len(missing) == len(every) else tuple(missing)
            fresh = self._facts_by_branch(session, replace(window, branch_ids=scope), parts="stored")
            days = len(window.day_starts)
            computed = {b: fresh.get(b) or MonthFacts(received_per_day=(0,) * days) for b in missing}
            try:  # storing is an optimisation: a database another process is writing to
                with session.begin_nested():  # (an import from the command line) still shows the page
                    kpi_cache.save(session, window, computed, mark)
            except (OperationalError, IntegrityError):  # busy, or another view stored them first
                log.info("KPI facts not stored (database busy or stored meanwhile)", exc_info=True)
            stored.update(computed)
        live = self._facts_by_branch(session, window, parts="live")
        empty = MonthFacts(received_per_day=(0,) * len(window.day_starts))
        out: dict[str, MonthFacts] = {}
        for branch in wanted:
            facts = stored[branch]
            now = live.get(branch)
            if now is not None:
                facts = replace(facts, **{name: getattr(now, name) for name in kpi_cache.LIVE_FIELDS})
            if facts != empty:
                out[branch] = facts
        return out

    def warm(self, session: Session, window: KpiWindow) -> None:
        """Compute and store (at HQ) the facts of ``window`` that are not stored yet."""
        if kpi_cache.is_hq(session):
            self._stored_facts(session, window)

    def _facts_by_branch(self, session: Session, window: KpiWindow,
                         parts: str = "all") -> Mapping[str, MonthFacts]:
        """Fourteen statements, each a range scan of one covering index (migration 0009) plus
        index probes per row found; figures read from the same rows share one statement.

        Each statement is registered with the function that files its rows (``@job``), so the
        list of statements is one place to read, time (``bench/bench_kpi.py --explain``) or
        reorder. Running them (or the page's three months) on two reading connections at once
        was measured and dropped: on a busy 2-core machine it cost more CPU (cold connection
        caches) and was not faster; note that a ``uow()`` session begins IMMEDIATE, so a second
        one would only wait for the first (bench/README.md).

        ``parts``: "all"; "stored" without the live parts (complaints overdue, technicians) or
        "live" only those (:data:`storage.kpi_cache.LIVE_FIELDS`)."""
        days = len(window.day_starts)
        acc: dict[str, dict[str, Any]] = defaultdict(dict)
        jobs: list[tuple[Any, Callable[[Sequence[Any]], None]]] = []

        def job(stmt: Any, column: Any, live: bool = False) -> Callable[[Callable[[Sequence[Any]], None]], None]:
            def register(consume: Callable[[Sequence[Any]], None]) -> None:
                if parts == "all" or (parts == "live") == live:
                    jobs.append((stmt if column is None else _branch_filter(stmt, column, window), consume))
            return register

        wo_branch = _key(WorkOrder.branch_id)  # grouping by the bare column would make SQLite walk
        # the (branch_id, number) index in order instead of the month's range
        wo_col, wo_group = _per_branch(wo_branch, window)

        # delivered orders: how many, how many were rework, and the callback split
        # (under warranty, reached); one pass, the per-order tests evaluated once in a subquery
        inner = _branch_filter(
            select(wo_branch.label("branch"),
                   case((_under_warranty(window), 1), else_=0).label("under"),
                   case((_reached(), 1), else_=0).label("reached"),
                   case((WorkOrder.rework_of_id.is_not(None), 1), else_=0).label("rework"))
            .join(Vehicle, _key(WorkOrder.vehicle_id) == VEHICLE_KEY, isouter=True)
            .where(_delivered(window)),
            wo_branch, window)
        if session.get_bind().dialect.name == "sqlite":
            # SQLite would flatten the subquery into the GROUP BY and run the EXISTS probes
            # once per output column; a subquery with LIMIT is never flattened into an
            # aggregate (-1: no limit), so each order is tested once
            inner = inner.limit(-1)
        inner = inner.subquery()

        inner_col, inner_group = _per_branch(inner.c.branch, window)
        under, reached = inner.c.under, inner.c.reached

        @job(select(inner_col, func.count(), func.sum(under), func.sum(reached), func.sum(under * reached),
                    func.sum(inner.c.rework)).group_by(*inner_group), None)  # sums: no sort by the split
        def delivered(rows: Sequence[Any]) -> None:
            for branch, n, u, r, both, rework in rows:
                n, u, r, both = int(n), int(u or 0), int(r or 0), int(both or 0)
                split = {(True, True): both, (True, False): u - both, (False, True): r - both,
                         (False, False): n - u - r + both}
                acc[branch].update(delivered=n, rework_delivered=int(rework or 0),
                                   callbacks={key: count for key, count in split.items() if count})

        # the time clocked on the settled orders (for efficiency)
        seconds = _Seconds(TimeEntry.started_at, TimeEntry.stopped_at)

        @job(select(wo_col, func.sum(seconds)).select_from(WorkOrder)
             .join(Job, Job.work_order_id == _key(WorkOrder.id)).join(TimeEntry, TimeEntry.job_id == _key(Job.id))
             .where(_settled(window), TimeEntry.stopped_at.is_not(None)).group_by(*wo_group), wo_branch)
        def sold_clocked(rows: Sequence[Any]) -> None:
            for branch, secs in rows:
                acc[branch]["sold_clocked_seconds"] = round(float(secs or 0))

        # all time the branch's technicians started in the period (utilisation): each
        # technician's range of the (technician_id, started_at, stopped_at) index (0012)
        tech_col, tech_group = _per_branch(Staff.branch_id, window)

        def clocked(rows: Sequence[Any]) -> None:
            for branch, secs in rows:
                values = acc[branch]
                values["clocked_seconds"] = values.get("clocked_seconds", 0) + round(float(secs or 0))

        job(select(tech_col, func.sum(seconds)).select_from(Staff)  # staff first: _key
            .join(TimeEntry, TimeEntry.technician_id == _key(Staff.id))
            .where(_in_window(TimeEntry.started_at, window), TimeEntry.stopped_at.is_not(None))
            .group_by(*tech_group), Staff.branch_id)(clocked)
        # class D internal work on no order (workshop upkeep, training …) is clocked time too
        internal = _Seconds(InternalTimeEntry.started_at, InternalTimeEntry.stopped_at)
        job(select(tech_col, func.sum(internal)).select_from(Staff)
            .join(InternalTimeEntry, InternalTimeEntry.technician_id == _key(Staff.id))
            .where(_in_window(InternalTimeEntry.started_at, window), InternalTimeEntry.stopped_at.is_not(None))
            .group_by(*tech_group), Staff.branch_id)(clocked)

        # line amounts of settled orders: by kind and payer, genuine parts, sold hours
        payers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

        def lines(kind: str, line: Any, amount: Any, extra: Any, extra_key: str | None) -> None:
            cols: list[Any] = [wo_col, line.payer, func.sum(amount)]
            if extra is not None:
                cols.append(func.sum(extra))

            @job(select(*cols).select_from(WorkOrder).join(line, line.work_order_id == _key(WorkOrder.id))
                 .where(_settled(window)).group_by(*wo_group, line.payer), wo_branch)
            def consume(rows: Sequence[Any]) -> None:
                for row in rows:
                    branch, payer, total = row[0], row[1], int(row[2] or 0)
                    values = acc[branch]
                    values[kind] = values.get(kind, 0) + total
                    payers[branch][payer] += total
                    if extra_key is not None:
                        values[extra_key] = values.get(extra_key, 0) + int(row[3] or 0)

        lines("labour_fen", LabourLine, _labour_net(), LabourLine.hours_centi, "sold_hours_centi")
        lines("parts_fen", PartLine, _part_net(), case((PartLine.genuine.is_(True), _part_net()), else_=0),
              "genuine_parts_fen")
        lines("sundry_fen", SundryLine, SundryLine.amount_fen - SundryLine.discount_fen, None, None)

        # CSI: ratings given in the period, by overall level
        @job(select(wo_col, CareRating.overall, func.count()).select_from(CareRating)
             .join(WorkOrder, WorkOrder.id == _key(CareRating.work_order_id))
             .where(_in_window(CareRating.rated_at, window)).group_by(*wo_group, CareRating.overall), wo_branch)
        def ratings(rows: Sequence[Any]) -> None:
            for branch, level, n in rows:
                acc[branch].setdefault("rating_levels", {})[level] = int(n)

        # cars received per local day (cancelled orders do not count)
        bucket = _day_bucket(WorkOrder.received_at, window)

        @job(select(wo_col, bucket, func.count()).where(
            _in_window(WorkOrder.received_at, window), WorkOrder.state != "cancelled").group_by(*wo_group, bucket),
            wo_branch)
        def received(rows: Sequence[Any]) -> None:
            for branch, day, n in rows:
                per_day = acc[branch].setdefault("received_per_day", [0] * days)
                per_day[int(day)] += int(n)

        # settled revenue, overall and insurance
        insurance = WorkOrder.payer == "insurance"

        @job(select(wo_col, func.count(), func.sum(WorkOrder.total_fen), func.sum(case((insurance, 1), else_=0)),
                    func.sum(case((insurance, WorkOrder.total_fen), else_=0))
                    ).where(_settled(window)).group_by(*wo_group), wo_branch)
        def settled(rows: Sequence[Any]) -> None:
            for branch, n, total, ins_n, ins_total in rows:
                acc[branch].update(settled_orders=int(n), settled_revenue_fen=int(total or 0),
                                   insurance_orders=int(ins_n or 0), insurance_revenue_fen=int(ins_total or 0))

        # warranty claims decided in the period (by local decision date)
        first, last = _local_days(window)

        @job(select(WarrantyClaim.branch_id, func.count(),
                    func.sum(case((WarrantyClaim.decision.in_(_ACCEPTED), 1), else_=0)))
             .where(WarrantyClaim.decision != "", WarrantyClaim.decided_on >= first,
                    WarrantyClaim.decided_on <= last).group_by(WarrantyClaim.branch_id), WarrantyClaim.branch_id)
        def claims(rows: Sequence[Any]) -> None:
            for branch, n, ok in rows:
                acc[branch].update(claims_decided=int(n), claims_accepted=int(ok or 0))

        # complaints, and the technicians available
        cb = ComplaintSlip.branch_id

        @job(select(cb, func.count()).where(_in_window(ComplaintSlip.received_at, window)).group_by(cb), cb)
        def opened(rows: Sequence[Any]) -> None:
            for branch, n in rows:
                acc[branch]["complaints_opened"] = int(n)

        @job(select(cb, func.count(),
                    func.sum(case((ComplaintSlip.closed_at <= ComplaintSlip.closure_due_at, 1), else_=0)))
             .where(_in_window(ComplaintSlip.closed_at, window)).group_by(cb), cb)
        def closed(rows: Sequence[Any]) -> None:
            for branch, n, in_time in rows:
                acc[branch].update(complaints_closed=int(n), complaints_closed_in_time=int(in_time or 0))

        @job(select(cb, func.count()).where(_overdue(window)).group_by(cb), cb, live=True)
        def overdue(rows: Sequence[Any]) -> None:
            for branch, n in rows:
                acc[branch]["complaints_overdue"] = int(n)

        @job(select(Staff.branch_id, func.count()).where(Staff.role == "technician", Staff.active.is_(True))
             .group_by(Staff.branch_id), Staff.branch_id, live=True)
        def technicians(rows: Sequence[Any]) -> None:
            for branch, n in rows:
                acc[branch]["technicians"] = int(n)

        for stmt, consume in jobs:  # a row without a branch: nothing matched (_per_branch)
            consume([row for row in session.execute(stmt).all() if row[0] is not None])
        for branch, split in payers.items():
            acc[branch]["revenue_by_payer"] = dict(split)
        if parts != "stored":  # available time: each branch's technicians × its working days
            staffed = {b: int(v["technicians"]) for b, v in acc.items() if v.get("technicians")}
            first_day, last_day = _local_days(window)
            for branch, cal in branch_calendars(session, staffed).items():
                acc[branch]["technician_days"] = staffed[branch] * cal.working_days(first_day, last_day)

        out: dict[str, MonthFacts] = {}
        for branch, values in acc.items():
            values.setdefault("received_per_day", [0] * days)
            values["received_per_day"] = tuple(values["received_per_day"])
            out[branch] = MonthFacts(**values)
        return out

    # --- drill-down -----------------------------------------------------------------------
    def records(self, session: Session, kpi: Kpi, window: KpiWindow, limit: int) -> Sequence[RecordRow]:
        if kpi in (Kpi.COMPLAINTS_OPENED, Kpi.COMPLAINTS_CLOSED_IN_TIME, Kpi.COMPLAINTS_OVERDUE):
            return self._slips(session, kpi, window, limit)
        note: Any = literal("")
        at: Any = WorkOrder.settled_at
        amount: Any = WorkOrder.total_fen
        stmt: Any = (select(WorkOrder.id, WorkOrder.number, Branch.code, Vehicle.plate)
                .join(Branch, Branch.id == WorkOrder.branch_id).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id))
        if kpi is Kpi.CARS_RECEIVED:
            stmt = stmt.where(_in_window(WorkOrder.received_at, window), WorkOrder.state != "cancelled")
            at = WorkOrder.received_at
        elif kpi is Kpi.RETURN_REPAIR_RATE:
            stmt = stmt.where(_delivered(window), WorkOrder.rework_of_id.is_not(None))
            at = WorkOrder.delivered_at
        elif kpi in (Kpi.CALLBACK_RATE, Kpi.CALLBACK_RATE_WARRANTY):
            stmt = stmt.where(_delivered(window))
            if kpi is Kpi.CALLBACK_RATE_WARRANTY:
                stmt = stmt.where(_under_warranty(window))
            note = case((_reached(), "已回访"), else_="未回访")
            at = WorkOrder.delivered_at
        elif kpi is Kpi.CSI:
            stmt = stmt.join(CareRating, CareRating.work_order_id == WorkOrder.id).where(
                _in_window(CareRating.rated_at, window))
            note, at = CareRating.overall, CareRating.rated_at
        elif kpi is Kpi.CLAIM_PASS_RATE:
            first, last = _local_days(window)
            stmt = stmt.join(WarrantyClaim, WarrantyClaim.work_order_id == WorkOrder.id).where(
                WarrantyClaim.decision != "", WarrantyClaim.decided_on >= first, WarrantyClaim.decided_on <= last)
            note, at, amount = WarrantyClaim.decision, WarrantyClaim.submitted_at, WarrantyClaim.claimed_fen
        elif kpi is Kpi.UTILISATION:  # the orders the branch's technicians clocked on
            worked = _branch_filter(
                select(Job.work_order_id).join(TimeEntry, TimeEntry.job_id == Job.id)
                .join(Staff, Staff.id == TimeEntry.technician_id)
                .where(_in_window(TimeEntry.started_at, window)), Staff.branch_id, window)
            stmt = stmt.where(WorkOrder.id.in_(worked))
            at = WorkOrder.received_at
        elif kpi is Kpi.REVENUE_PER_CAR_INSURANCE:
            stmt = stmt.where(_settled(window), WorkOrder.payer == "insurance")
        else:  # revenue, revenue per car, efficiency, genuine parts: the settled orders
            stmt = stmt.where(_settled(window))
        stmt = stmt.add_columns(at, amount, note).order_by(at, WorkOrder.number).limit(limit)
        stmt = _branch_filter(stmt, WorkOrder.branch_id, window)
        return [RecordRow(r[0], r[1], r[2], r[3] or "", r[4], int(r[5] or 0), str(r[6] or ""))
                for r in session.execute(stmt)]

    def _slips(self, session: Session, kpi: Kpi, window: KpiWindow, limit: int) -> Sequence[RecordRow]:
        s = ComplaintSlip
        stmt: Any = select(s.id, s.number, Branch.code, s.customer_name, s.received_at, s.claimed_fen, s.state).join(
            Branch, Branch.id == s.branch_id)
        if kpi is Kpi.COMPLAINTS_OPENED:
            stmt = stmt.where(_in_window(s.received_at, window))
        elif kpi is Kpi.COMPLAINTS_CLOSED_IN_TIME:
            stmt = stmt.where(_in_window(s.closed_at, window), s.closed_at <= s.closure_due_at)
        else:
            stmt = stmt.where(_overdue(window))
        stmt = _branch_filter(stmt.order_by(s.received_at).limit(limit), s.branch_id, window)
        return [RecordRow(r[0], r[1], r[2], r[3] or "", r[4], int(r[5] or 0), r[6]) for r in session.execute(stmt)]


def _overdue(window: KpiWindow) -> ColumnElement[bool]:
    """The complaint statistics' *overdue* (``complaint_statistics._overdue_at``) as SQL, at the
    period's end (or now, for the running period): open then, not yet continued on a reopened
    slip, and past a deadline that applied — no first response by the response deadline, no
    proposal by the solution deadline, or past the closure deadline. Both must agree; the
    KPI test checks the figures against the statistics on the same month."""
    at = min(window.end, clock.now())
    s = ComplaintSlip
    follower = aliased(ComplaintSlip)
    continued = exists().where(follower.reopened_from_id == s.id, follower.received_at <= at)
    responded = and_(s.first_response_at.is_not(None), s.first_response_at <= at)
    proposed = and_(s.proposed_at.is_not(None), s.proposed_at <= at)
    return and_(s.received_at < at, or_(s.closed_at.is_(None), s.closed_at > at), ~continued,
                or_(and_(~responded, s.response_due_at < at), and_(~proposed, s.solution_due_at < at),
                    s.closure_due_at < at))


def _stamp_statement() -> Any:
    return select(
        select(func.max(OutboxEntry.seq)).scalar_subquery(),
        select(func.count()).select_from(AppliedSegment).scalar_subquery(),
        select(func.max(AppliedSegment.applied_at)).scalar_subquery(),
        select(func.sum(SyncPeer.last_applied_seq)).scalar_subquery())


def _data_stamp(session: Session) -> tuple[Any, ...]:
    """What changes whenever any row changes: the outbox's last change number (local writes)
    and the applied sync segments (imports)."""
    return tuple(session.execute(_stamp_statement()).one())


def _local_days(window: KpiWindow) -> tuple[dt.date, dt.date]:
    first = window.first_day
    return first, first + dt.timedelta(days=max(len(window.day_starts) - 1, 0))


def merge_facts(parts: Sequence[MonthFacts], days: int) -> MonthFacts:
    """Sum several branches' facts (every field is a count or a sum)."""
    total = MonthFacts(received_per_day=(0,) * days)
    for part in parts:
        values: dict[str, Any] = {}
        for f in fields(MonthFacts):
            a, b = getattr(total, f.name), getattr(part, f.name)
            if f.name == "received_per_day":
                values[f.name] = tuple(x + y for x, y in zip(a, b, strict=False)) if b else a
            elif isinstance(a, Mapping):
                merged = dict(a)
                for k, v in b.items():
                    merged[k] = merged.get(k, 0) + v
                values[f.name] = merged
            else:
                values[f.name] = a + b
        total = replace(total, **values)
    return total


def default_windows(session: Session, branch_ids: tuple[str, ...] | None, *,
                    ahead: bool = False) -> list[KpiWindow]:
    """The months the KPI page opens on (this month, the previous one, the same month last
    year) in the local branch's time zone, as ``KpiService.monthly`` builds them.

    ``ahead`` adds next month's same month last year: what HQ keeps stored so that on the first
    day of a month only the new, nearly empty running month is counted; the month just ended
    was the running month yesterday and is stored already."""
    local = session.execute(select(Branch.timezone).where(Branch.is_local.is_(True)).limit(1)).scalar()
    zone = local or "Asia/Shanghai"
    today = clock.now().astimezone(clock.branch_zone(zone)).date()
    year, mon = today.year, today.month
    periods = [(year, mon), shift_month(year, mon, -1), (year - 1, mon)]
    if ahead:
        following = shift_month(year, mon, 1)
        periods.append((following[0] - 1, following[1]))
    return [month_window(y, m, zone, branch_ids) for y, m in periods]


def warm_branches(session: Session, branch_ids: Sequence[str], queries: SqlKpiQueries | None = None) -> None:
    """Recompute and store (at HQ) the default months of these branches — after an import
    invalidated them, so the first look at the KPI page the next morning is not the slow one."""
    if not branch_ids or not kpi_cache.is_hq(session):
        return
    known = set(session.scalars(select(Branch.id)))
    ids = tuple(sorted(b for b in branch_ids if b in known))
    if not ids:
        return
    worker = queries or SqlKpiQueries()
    for window in default_windows(session, ids):
        worker.warm(session, window)


def unwarmed(session: Session) -> list[tuple[KpiWindow, list[str]]]:
    """(At HQ) each month HQ keeps stored — the page's default months and next month's
    last-year month (``default_windows(ahead=True)``) — with the branches it is missing for:
    every branch after an upgrade that dropped the stored facts, the new months at the start
    of a month, a branch's months an import dropped and the warming after it left out. Counting
    all 50 branches' month at once takes HQ about 8 s, so the app counts these in the
    background at start-up (``app.gui``) instead of on the first look at the page."""
    if not kpi_cache.is_hq(session):
        return []
    every = sorted(session.scalars(select(Branch.id)))
    have = kpi_cache.stored_keys(session)
    out = []
    for window in default_windows(session, None, ahead=True):
        missing = [b for b in every if (b, window.start) not in have]
        if missing:
            out.append((window, missing))
    return out


def warm_window(session: Session, window: KpiWindow, branch_ids: Sequence[str]) -> None:
    """Count and store (at HQ) one month of these branches, unless stored already."""
    if branch_ids:
        SqlKpiQueries().warm(session, replace(window, branch_ids=tuple(branch_ids)))
