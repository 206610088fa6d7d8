"""技术员工作日报表 and 服务主任日报表 (DOMAIN.md §6), built from the recorded job times.

Why from the time entries: the technician already clocks every job (start/stop on the
repair card) and every piece of internal work (class D: upkeep, inspections, parts
handling, training, :mod:`domain.services.internal_time`); the daily report sums those
rows, so nothing is typed twice and the whole day shows in classes A/B/C/D. Standard
(sold) hours are credited on the day the job was finished, so a job worked over two days
shows its standard hours once; a job still running at the day's end counts up to then (or
now). Internal work has no standard hours.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from domain import clock, messages
from domain.errors import NotFound
from domain.model.care import CareCall
from domain.model.complaint import ComplaintSlip
from domain.model.customer import Vehicle
from domain.model.staff import Staff
from domain.model.workorder import (
    InternalTimeEntry,
    Job,
    LabourLine,
    TimeEntry,
    WorkOrder,
    WorkOrderEvent,
)
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.internal_time import ACTIVITY_LABELS_ZH
from domain.uow import UnitOfWork

CLASSES: tuple[str, ...] = ("A", "B", "C", "D")

messages.register("report.technician_unknown", "找不到技术员 {name}", "Technician {name} not found")


@dataclass(frozen=True)
class JobLine:
    work_order_number: str
    plate: str
    job_title: str
    service_class: str
    started_at: dt.datetime
    stopped_at: dt.datetime | None  # None: still running at the report's cut-off
    clocked_seconds: int
    standard_centi: int  # the job's standard hours (hundredths)
    finished_today: bool  # standard hours credited on this day
    internal: bool = False  # class D internal work (no order: number and plate are empty)

    @property
    def credited_centi(self) -> int:
        return self.standard_centi if self.finished_today else 0


@dataclass(frozen=True)
class ClassTotal:
    service_class: str
    clocked_seconds: int
    standard_centi: int


@dataclass(frozen=True)
class TechnicianDay:
    day: dt.date
    branch_name: str
    technician_id: str
    technician_name: str
    jobs: tuple[JobLine, ...]
    totals: tuple[ClassTotal, ...]  # A, B, C, D in order

    @property
    def clocked_seconds(self) -> int:
        return sum(t.clocked_seconds for t in self.totals)

    @property
    def standard_centi(self) -> int:
        return sum(t.standard_centi for t in self.totals)


@dataclass(frozen=True)
class LateOrder:
    number: str
    plate: str
    promised_at: dt.datetime
    ready_at: dt.datetime | None
    state: str


@dataclass(frozen=True)
class CallLine:
    called_at: dt.datetime
    direction: str
    contact_name: str
    outcome: str
    staff_name: str
    topic: str


@dataclass(frozen=True)
class SlipLine:
    number: str
    customer_name: str
    category: str
    severity: str
    received_at: dt.datetime


@dataclass(frozen=True)
class SupervisorDay:
    day: dt.date
    branch_name: str
    technicians: tuple[TechnicianDay, ...]
    totals: tuple[ClassTotal, ...]
    cars_received: int
    cars_delivered: int
    cars_in_workshop: int
    late_orders: tuple[LateOrder, ...]
    calls: tuple[CallLine, ...]
    complaints: tuple[SlipLine, ...]


def _day_bounds(day: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    tz = clock.branch_zone(zone)
    start = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return start, end


def _totals(jobs: list[JobLine]) -> tuple[ClassTotal, ...]:
    clocked: dict[str, int] = defaultdict(int)
    standard: dict[str, int] = defaultdict(int)
    for job in jobs:
        clocked[job.service_class] += job.clocked_seconds
        standard[job.service_class] += job.credited_centi
    return tuple(ClassTotal(c, clocked[c], standard[c]) for c in CLASSES)


class DailyReportService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def technician_days(self, actor: Actor, day: dt.date, technician: str | None = None) -> list[TechnicianDay]:
        """One report per technician who clocked time that day (or just the one named, by
        id, username or display name — with an empty report if he clocked nothing)."""
        require(actor, Permission.REPORT_DAILY)
        with self._uow() as session:
            return self._technician_days(session, day, technician)

    def _technician_days(self, session: Session, day: dt.date, technician: str | None) -> list[TechnicianDay]:
        branch = local_branch(session)
        start, end = _day_bounds(day, branch.timezone)
        cutoff = min(end, clock.now())
        wanted: Staff | None = None
        if technician:
            wanted = session.scalar(select(Staff).where(
                Staff.branch_id == branch.id,
                or_(Staff.id == technician, Staff.username == technician, Staff.display_name == technician)))
            if wanted is None:
                raise NotFound("report.technician_unknown", name=technician)
        standard = (select(LabourLine.job_id, func.sum(LabourLine.hours_centi).label("centi"))
                    .where(LabourLine.job_id.is_not(None)).group_by(LabourLine.job_id).subquery())
        stmt = (select(TimeEntry, Job, WorkOrder.number, Vehicle.plate, standard.c.centi, Staff.display_name)
                .join(Job, Job.id == TimeEntry.job_id).join(WorkOrder, WorkOrder.id == Job.work_order_id)
                .join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                .join(Staff, Staff.id == TimeEntry.technician_id)
                .outerjoin(standard, standard.c.job_id == Job.id)
                .where(WorkOrder.branch_id == branch.id, TimeEntry.started_at < end,
                       or_(TimeEntry.stopped_at.is_(None), TimeEntry.stopped_at > start))
                .order_by(Staff.display_name, TimeEntry.started_at))
        if wanted is not None:
            stmt = stmt.where(TimeEntry.technician_id == wanted.id)
        per_tech: dict[str, tuple[str, dict[str, JobLine]]] = {}
        for entry, job, number, plate, centi, name in session.execute(stmt):
            begin = max(entry.started_at, start)
            stop = min(entry.stopped_at or cutoff, end)
            seconds = max(0, round((stop - begin).total_seconds()))
            finished = job.finished_at is not None and start <= job.finished_at < end
            _, lines = per_tech.setdefault(entry.technician_id, (name, {}))
            key = f"{job.id}:{entry.service_class}"
            old = lines.get(key)
            if old is None:
                lines[key] = JobLine(number, plate or "", job.title, entry.service_class, entry.started_at,
                                     entry.stopped_at, seconds, int(centi or 0), finished)
            else:
                lines[key] = JobLine(number, plate or "", job.title, entry.service_class, old.started_at,
                                     entry.stopped_at, old.clocked_seconds + seconds, old.standard_centi,
                                     finished)
        self._internal_lines(session, branch.id, start, end, cutoff, wanted, per_tech)
        if wanted is not None and wanted.id not in per_tech:
            per_tech[wanted.id] = (wanted.display_name, {})
        out = []
        for tech_id, (name, lines) in sorted(per_tech.items(), key=lambda kv: kv[1][0]):
            jobs = sorted(lines.values(), key=lambda j: j.started_at)
            out.append(TechnicianDay(day, branch.name, tech_id, name, tuple(jobs), _totals(jobs)))
        return out

    @staticmethod
    def _internal_lines(session: Session, branch_id: str, start: dt.datetime, end: dt.datetime,
                        cutoff: dt.datetime, wanted: Staff | None,
                        per_tech: dict[str, tuple[str, dict[str, JobLine]]]) -> None:
        """Class D lines: each piece of internal work of the day, one line per activity and note."""
        stmt = (select(InternalTimeEntry, Staff.display_name)
                .join(Staff, Staff.id == InternalTimeEntry.technician_id)
                .where(InternalTimeEntry.branch_id == branch_id, InternalTimeEntry.started_at < end,
                       or_(InternalTimeEntry.stopped_at.is_(None), InternalTimeEntry.stopped_at > start))
                .order_by(Staff.display_name, InternalTimeEntry.started_at))
        if wanted is not None:
            stmt = stmt.where(InternalTimeEntry.technician_id == wanted.id)
        for entry, name in session.execute(stmt):
            seconds = max(0, round((min(entry.stopped_at or cutoff, end) - max(entry.started_at, start))
                                   .total_seconds()))
            title = ACTIVITY_LABELS_ZH.get(entry.activity, entry.activity)
            if entry.note:
                title = f"{title}：{entry.note}"
            _, lines = per_tech.setdefault(entry.technician_id, (name, {}))
            key = f"internal:{entry.activity}:{entry.note}"
            old = lines.get(key)
            lines[key] = JobLine("", "", title, "D", old.started_at if old else entry.started_at, entry.stopped_at,
                                 (old.clocked_seconds if old else 0) + seconds, 0, False, internal=True)

    def supervisor_day(self, actor: Actor, day: dt.date) -> SupervisorDay:
        """All technicians' classes and times, cars in/out/still in the shop, late orders
        against their promised time, the day's follow-up calls and complaints."""
        require(actor, Permission.REPORT_DAILY)
        with self._uow() as session:
            branch = local_branch(session)
            start, end = _day_bounds(day, branch.timezone)
            techs = self._technician_days(session, day, None)
            totals = tuple(ClassTotal(c, sum(t.totals[i].clocked_seconds for t in techs),
                                      sum(t.totals[i].standard_centi for t in techs))
                           for i, c in enumerate(CLASSES))
            wo = WorkOrder
            received = int(session.scalar(select(func.count()).select_from(wo).where(
                wo.branch_id == branch.id, wo.received_at >= start, wo.received_at < end,
                wo.state != "cancelled")) or 0)
            delivered = int(session.scalar(select(func.count()).select_from(wo).where(
                wo.branch_id == branch.id, wo.delivered_at >= start, wo.delivered_at < end)) or 0)
            in_shop = int(session.scalar(select(func.count()).select_from(wo).where(
                wo.branch_id == branch.id, wo.received_at < end, wo.state.not_in(("cancelled", "draft")),
                or_(wo.delivered_at.is_(None), wo.delivered_at >= end))) or 0)
            ready = (select(WorkOrderEvent.work_order_id, func.min(WorkOrderEvent.at).label("ready_at"))
                     .where(WorkOrderEvent.to_state == "ready").group_by(WorkOrderEvent.work_order_id).subquery())
            late_rows = session.execute(
                select(wo.number, Vehicle.plate, wo.promised_at, ready.c.ready_at, wo.state)
                .join(Vehicle, Vehicle.id == wo.vehicle_id).outerjoin(ready, ready.c.work_order_id == wo.id)
                .where(wo.branch_id == branch.id, wo.promised_at.is_not(None), wo.promised_at < end,
                       wo.state.not_in(("cancelled", "draft")),
                       or_(wo.delivered_at.is_(None), wo.delivered_at >= start),
                       or_(and_(ready.c.ready_at.is_(None), wo.promised_at < clock.now()),
                           and_(ready.c.ready_at > wo.promised_at, ready.c.ready_at >= start)))
                .order_by(wo.promised_at))
            late = tuple(LateOrder(n, p or "", pa, ra, s) for n, p, pa, ra, s in late_rows)
            calls = tuple(CallLine(c.called_at, c.direction, c.contact_name, c.outcome, c.staff_name, c.topic)
                          for c in session.scalars(select(CareCall).where(
                              CareCall.called_at >= start, CareCall.called_at < end).order_by(CareCall.called_at)))
            slips = tuple(SlipLine(s.number, s.customer_name, s.category, s.severity, s.received_at)
                          for s in session.scalars(select(ComplaintSlip).where(
                              ComplaintSlip.branch_id == branch.id, ComplaintSlip.received_at >= start,
                              ComplaintSlip.received_at < end).order_by(ComplaintSlip.received_at)))
            return SupervisorDay(day, branch.name, tuple(techs), totals, received, delivered, in_shop,
                                 late, calls, slips)
