"""Class D time (D 类一般行政工作): a technician's internal work on no customer's order.

Why it is recorded at all: the regulation's technician daily report (技术员工作日报表) shows
the whole day in classes A/B/C/D (DOMAIN.md §2, §6); without D the hours spent on workshop
upkeep, inspections, parts handling and training vanish and the day looks half empty. The
technician clocks internal work like a job (start, stop) or records it afterwards (补录:
from–to); the foreman may do either for any technician, as for jobs (DOMAIN.md §7). A
technician is in one place at a time: an interval may not overlap their other time, and
starting a job's clock stops a running internal activity (``WorkOrderService.start_job``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain import clock, messages
from domain.errors import Conflict, NotAllowed, NotFound, ValidationError, collect
from domain.labels import tables
from domain.model.staff import Staff
from domain.model.workorder import InternalTimeEntry, Job, TimeEntry, WorkOrder
from domain.roles import Actor, Permission, Role, require
from domain.services.branch import local_branch
from domain.services.mode_guard import require_branch_mode
from domain.uow import UnitOfWork
from domain.validation import check_moment, clean_text

MAX_ENTRY = dt.timedelta(hours=16)  # one interval recorded afterwards: a long shift at most
FUTURE_SLACK = dt.timedelta(minutes=5)  # clocks of the desks differ a little


class Activity(StrEnum):
    UPKEEP = "upkeep"  # 工具设备维护、车间整理
    INSPECTION = "inspection"  # 安全检查、设备点检
    PARTS = "parts"  # 配件整理、盘点
    TRAINING = "training"  # 业务培训、考核
    OTHER = "other"


ACTIVITY_LABELS_ZH: dict[str, str] = {
    Activity.UPKEEP: "工具设备维护", Activity.INSPECTION: "检查（安全/设备）", Activity.PARTS: "配件整理",
    Activity.TRAINING: "培训", Activity.OTHER: "其他内部工作",
}
ACTIVITY_LABELS_EN: dict[str, str] = {
    Activity.UPKEEP: "Workshop and tool upkeep", Activity.INSPECTION: "Inspection (safety/equipment)",
    Activity.PARTS: "Parts handling", Activity.TRAINING: "Training", Activity.OTHER: "Other internal work",
}
ACTIVITY_LABELS = tables(ACTIVITY_LABELS_ZH, ACTIVITY_LABELS_EN)

for _code, _zh, _en in (
    ("internal.activity", "内部作业类别无效：{value}", "Invalid internal activity: {value}"),
    ("internal.not_own", "技师只能记录自己的内部作业", "A technician records only their own internal work"),
    ("internal.running", "{name} 已有正在计时的内部作业，请先停止", "{name} already has internal work running; stop it first"),
    ("internal.job_running", "{name} 正在为工单计时（{number}），请先停工", "{name} is clocked on work order {number}; stop that first"),
    ("internal.not_running", "没有正在计时的内部作业", "No internal work is running"),
    ("internal.not_found", "找不到内部作业记录：{key}", "Internal time entry not found: {key}"),
    ("internal.order", "结束时间必须晚于开始时间", "The end must be after the start"),
    ("internal.too_long", "一段内部作业不能超过 {hours} 小时", "One internal entry cannot exceed {hours} hours"),
    ("internal.future", "不能登记将来的时间", "Times in the future cannot be recorded"),
    ("internal.overlap", "与 {name} 已登记的时间重叠（{start}–{stop}）",
     "Overlaps time already recorded for {name} ({start}–{stop})"),
):
    messages.register(_code, _zh, _en)


@dataclass(frozen=True)
class InternalTimeView:
    id: str
    technician_id: str
    technician_name: str
    activity: str
    activity_label: str
    note: str
    started_at: dt.datetime
    stopped_at: dt.datetime | None  # None: running

    def seconds(self, until: dt.datetime) -> int:
        return max(0, round(((self.stopped_at or until) - self.started_at).total_seconds()))


def _activity(value: str) -> str:
    if value not in {a.value for a in Activity}:
        raise ValidationError("internal.activity", "activity", value=value)
    return value


def stop_running(session: Session, technician_id: str, at: dt.datetime) -> int:
    """Stop the technician's running internal activity (they started a job's clock)."""
    stopped = 0
    for entry in session.scalars(select(InternalTimeEntry).where(
            InternalTimeEntry.technician_id == technician_id, InternalTimeEntry.stopped_at.is_(None))):
        entry.stopped_at = max(at, entry.started_at)
        stopped += 1
    return stopped


class InternalTimeService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def start(self, actor: Actor, activity: str, note: str = "", technician_id: str | None = None) -> InternalTimeView:
        """开始内部作业: the clock runs from now until :meth:`stop` (or a job's start)."""
        require(actor, Permission.WORKORDER_TIME)
        activity, note = _activity(activity), clean_text(note, "说明", "note", max_len=200)
        with self._uow() as session:
            require_branch_mode(session)
            tech = self._technician(session, actor, technician_id)
            now = clock.now()
            running = session.scalar(select(InternalTimeEntry).where(
                InternalTimeEntry.technician_id == tech.id, InternalTimeEntry.stopped_at.is_(None)).limit(1))
            if running is not None:
                raise Conflict("internal.running", name=tech.display_name)
            job = session.execute(select(Job.work_order_id).join(TimeEntry, TimeEntry.job_id == Job.id).where(
                TimeEntry.technician_id == tech.id, TimeEntry.stopped_at.is_(None)).limit(1)).first()
            if job is not None:
                number = session.scalar(select(WorkOrder.number).where(WorkOrder.id == job[0])) or ""
                raise Conflict("internal.job_running", name=tech.display_name, number=number)
            entry = InternalTimeEntry(branch_id=local_branch(session).id, technician_id=tech.id, activity=activity,
                                      note=note, started_at=now, recorded_by_id=actor.staff_id)
            session.add(entry)
            session.flush()
            return self._view(entry, tech)

    def stop(self, actor: Actor, technician_id: str | None = None) -> InternalTimeView:
        """结束内部作业: the technician's running internal activity stops now."""
        require(actor, Permission.WORKORDER_TIME)
        with self._uow() as session:
            require_branch_mode(session)
            tech = self._technician(session, actor, technician_id)
            entry = session.scalar(select(InternalTimeEntry).where(
                InternalTimeEntry.technician_id == tech.id, InternalTimeEntry.stopped_at.is_(None)).limit(1))
            if entry is None:
                raise Conflict("internal.not_running")
            entry.stopped_at = max(clock.now(), entry.started_at)
            session.flush()
            return self._view(entry, tech)

    def record(self, actor: Actor, activity: str, started_at: dt.datetime, stopped_at: dt.datetime,
               note: str = "", technician_id: str | None = None) -> InternalTimeView:
        """补录: an interval of internal work recorded afterwards (a morning's training)."""
        require(actor, Permission.WORKORDER_TIME)
        errors: list[ValidationError | None] = []
        try:
            activity = _activity(activity)
        except ValidationError as exc:
            errors.append(exc)
        try:
            note = clean_text(note, "说明", "note", max_len=200)
        except ValidationError as exc:
            errors.append(exc)
        check_moment(started_at, "开始时间", "started_at")  # a naive time cannot even be compared
        check_moment(stopped_at, "结束时间", "stopped_at")
        if stopped_at <= started_at:
            errors.append(ValidationError("internal.order", "stopped_at"))
        elif stopped_at - started_at > MAX_ENTRY:
            errors.append(ValidationError("internal.too_long", "stopped_at", hours=int(MAX_ENTRY.total_seconds() // 3600)))
        if stopped_at > clock.now() + FUTURE_SLACK:
            errors.append(ValidationError("internal.future", "stopped_at"))
        collect(*errors)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            tech = self._technician(session, actor, technician_id)
            self._check_free(session, tech, started_at, stopped_at, branch.timezone)
            entry = InternalTimeEntry(branch_id=branch.id, technician_id=tech.id, activity=activity, note=note,
                                      started_at=started_at, stopped_at=stopped_at, recorded_by_id=actor.staff_id)
            session.add(entry)
            session.flush()
            return self._view(entry, tech)

    def remove(self, actor: Actor, entry_id: str) -> None:
        """A mistaken entry goes (its deletion travels to HQ as a tombstone)."""
        require(actor, Permission.WORKORDER_TIME)
        with self._uow() as session:
            require_branch_mode(session)
            entry = session.get(InternalTimeEntry, entry_id)
            if entry is None:
                raise NotFound("internal.not_found", key=entry_id)
            self._technician(session, actor, entry.technician_id)
            session.delete(entry)

    def day(self, actor: Actor, day: dt.date, technician_id: str | None = None) -> list[InternalTimeView]:
        """The internal work of a local day (of one technician, or of everyone), oldest first."""
        require(actor, Permission.WORKORDER_VIEW)
        with self._uow() as session:
            branch = local_branch(session)
            tz = clock.branch_zone(branch.timezone)
            start = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
            query = (select(InternalTimeEntry, Staff).join(Staff, Staff.id == InternalTimeEntry.technician_id)
                     .where(InternalTimeEntry.branch_id == branch.id, InternalTimeEntry.started_at < end,
                            or_(InternalTimeEntry.stopped_at.is_(None), InternalTimeEntry.stopped_at > start))
                     .order_by(InternalTimeEntry.started_at))
            if technician_id:
                query = query.where(InternalTimeEntry.technician_id == technician_id)
            return [self._view(entry, tech) for entry, tech in session.execute(query)]

    def technicians(self, actor: Actor) -> list[tuple[str, str]]:
        """(id, name) of whom ``actor`` may record internal work for: themselves as a
        technician, every active technician and foreman for the foreman and the manager."""
        require(actor, Permission.WORKORDER_TIME)
        with self._uow() as session:
            query = select(Staff.id, Staff.display_name).where(
                Staff.branch_id == local_branch(session).id, Staff.active.is_(True),
                Staff.role.in_([Role.TECHNICIAN.value, Role.FOREMAN.value])).order_by(Staff.display_name)
            if actor.role is Role.TECHNICIAN:
                query = query.where(Staff.id == actor.staff_id)
            return [(str(i), str(n)) for i, n in session.execute(query)]

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _technician(session: Session, actor: Actor, technician_id: str | None) -> Staff:
        """The technician the entry is for: a technician only themselves (DOMAIN.md §7)."""
        wanted = technician_id or actor.staff_id
        if actor.role is Role.TECHNICIAN and wanted != actor.staff_id:
            raise NotAllowed("internal.not_own")
        staff = session.get(Staff, wanted) if wanted else None
        if staff is None or not staff.active:
            raise NotFound("staff.not_found", key=wanted or "")
        if staff.role not in (Role.TECHNICIAN, Role.FOREMAN):
            raise ValidationError("workorder.not_technician", "technician_id", name=staff.display_name)
        return staff

    @staticmethod
    def _check_free(session: Session, tech: Staff, start: dt.datetime, stop: dt.datetime, zone: str) -> None:
        """Refuse an interval that overlaps the technician's job time or internal work."""
        now = clock.now()
        for started, stopped, who in ((InternalTimeEntry.started_at, InternalTimeEntry.stopped_at,
                                       InternalTimeEntry.technician_id),
                                      (TimeEntry.started_at, TimeEntry.stopped_at, TimeEntry.technician_id)):
            clash = session.execute(select(started, stopped).where(
                who == tech.id, started < stop, or_(stopped.is_(None), stopped > start)).limit(1)).first()
            if clash is not None:
                raise Conflict("internal.overlap", name=tech.display_name,
                               start=clock.format_local(clash[0], zone, "%m-%d %H:%M"),
                               stop=clock.format_local(clash[1] or now, zone, "%H:%M"))

    @staticmethod
    def _view(entry: InternalTimeEntry, tech: Staff) -> InternalTimeView:
        return InternalTimeView(entry.id, entry.technician_id, tech.display_name, entry.activity,
                                ACTIVITY_LABELS_ZH.get(entry.activity, entry.activity), entry.note,
                                entry.started_at, entry.stopped_at)


__all__ = ["ACTIVITY_LABELS", "ACTIVITY_LABELS_EN", "ACTIVITY_LABELS_ZH", "Activity", "InternalTimeService",
           "InternalTimeView", "stop_running"]
