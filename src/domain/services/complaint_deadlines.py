"""What follows a complaint's deadlines (issue 15): the reason each missed deadline was
missed (超期原因), the numbered 催办单 to whoever holds a deadline, and the 洽办单 asking
another department to take part in the handling.

Why records and not just paper: a 催办单 is numbered (``BJ01-CB-2611-0001``) so the answer
can be matched to it and HQ sees who was chased; the reason for each missed deadline is
read by the monthly statistics. Every issue leaves a step on the slip's timeline.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from domain import clock, messages
from domain.complaint_rules import (
    DEADLINE_LABELS_ZH,
    NUMBER_KIND_COORDINATE,
    NUMBER_KIND_URGE,
    CSAction,
    CSState,
    DeadlineKind,
    Standing,
    days_to_close,
)
from domain.errors import Conflict, NotFound, ValidationError
from domain.model import ComplaintSlip, Staff
from domain.model.complaint import ComplaintDeadlineReason, ComplaintNotice
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.complaint_records import add_event, slip_by_key, staff_by_id
from domain.services.complaint_views import (
    ComplaintView,
    NoticeView,
    build_view,
    notice_view,
    slip_standings,
)
from domain.services.mode_guard import require_branch_mode
from domain.services.numbering import allocate_number
from domain.uow import UnitOfWork
from domain.validation import check_day, clean_text

URGE = "urge"
COORDINATE = "coordinate"
NOTICE_KINDS = {URGE: NUMBER_KIND_URGE, COORDINATE: NUMBER_KIND_COORDINATE}
NOTICE_TITLES_ZH = {URGE: "催办单", COORDINATE: "洽办单"}

for _code, _zh, _en in (
    ("complaint.deadline_not_missed", "投诉单 {number} 的{deadline}期限没有超期，无需登记超期原因",
     "The {deadline_en} deadline of complaint {number} was not missed"),
    ("complaint.deadline_not_running", "投诉单 {number} 的{deadline}期限已完成或已停止，无需催办",
     "The {deadline_en} deadline of complaint {number} is met or stopped; nothing to chase"),
    ("complaint.nothing_to_urge", "投诉单 {number} 没有未完成的期限，无需催办",
     "Complaint {number} has no open deadline to chase"),
    ("complaint.notice_not_found", "找不到{title}：{key}", "No {title_en}: {key}"),
    ("complaint.notice_or_slip_not_found", "找不到{title}或投诉单：{key}",
     "No {title_en} or complaint slip: {key}"),
):
    messages.register(_code, _zh, _en)


def _superseded(session: Session, slip: ComplaintSlip) -> bool:
    follower = aliased(ComplaintSlip)
    return slip.state == CSState.NOT_ACCEPTED and bool(session.scalar(
        select(exists().where(follower.reopened_from_id == slip.id))))


def _standings(session: Session, slip: ComplaintSlip) -> tuple[Standing, ...]:
    return slip_standings(slip, clock.now(), _superseded(session, slip))


def _deadline(value: str) -> DeadlineKind:
    if value not in {k.value for k in DeadlineKind}:
        raise ValidationError("complaint.invalid_choice", "deadline", label="期限", value=value)
    return DeadlineKind(value)


def _issuer_department(session: Session, actor: Actor) -> str:
    staff = session.get(Staff, actor.staff_id) if actor.staff_id else None
    return staff.department if staff else ""


class ComplaintDeadlineService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    # --- 超期原因 -----------------------------------------------------------------------
    def record_reason(self, actor: Actor, key: str, deadline: str, reason: str) -> ComplaintView:
        """Why ``deadline`` of the slip was missed; written again, it replaces the text (the
        timeline keeps both). Refused for a deadline that was met on time or is not yet due."""
        require(actor, Permission.COMPLAINT_HANDLE)
        kind = _deadline(deadline)
        reason = clean_text(reason, "超期原因", "reason", max_len=500, required=True)
        with self._uow() as session:
            require_branch_mode(session)
            slip = slip_by_key(session, key)
            found = next(s for s in _standings(session, slip) if s.kind is kind)
            if not found.missed or found.due is None:
                raise Conflict("complaint.deadline_not_missed", number=slip.number,
                               deadline=DEADLINE_LABELS_ZH[kind], deadline_en=kind.value)
            row = session.scalar(select(ComplaintDeadlineReason).where(
                ComplaintDeadlineReason.slip_id == slip.id, ComplaintDeadlineReason.deadline == kind.value))
            if row is None:
                row = ComplaintDeadlineReason(branch_id=slip.branch_id, slip_id=slip.id, deadline=kind.value,
                                              due_at=found.due, reason=reason, recorded_at=clock.now())
                session.add(row)
            row.reason, row.due_at, row.recorded_at = reason, found.due, clock.now()
            row.recorded_by_id, row.recorded_by_name = actor.staff_id, actor.display_name
            add_event(session, slip, actor, CSAction.DEADLINE_REASON, slip.state, slip.state,
                      f"{DEADLINE_LABELS_ZH[kind]}：{reason}")
            return build_view(session, slip)

    # --- 催办单 / 洽办单 -----------------------------------------------------------------
    def urge(self, actor: Actor, key: str, deadline: str | None = None, *, to_department: str = "",
             to_staff_id: str | None = None, note: str = "") -> NoticeView:
        """催办单 for a deadline not yet met: the one named, else the overdue one due first,
        else the next one coming (a reminder ahead of time). To the slip's responsible
        department unless another is named; a blank department is written in by hand."""
        require(actor, Permission.COMPLAINT_HANDLE)
        kind = _deadline(deadline) if deadline else None
        to_department = clean_text(to_department, "被催办部门", "to_department", max_len=30)
        note = clean_text(note, "催办事项", "matter", max_len=1000)
        with self._uow() as session:
            require_branch_mode(session)
            slip = slip_by_key(session, key)
            chosen = self._urged(session, slip, kind)
            assert chosen.due is not None
            label_zh = DEADLINE_LABELS_ZH[chosen.kind]
            zone = local_branch(session).timezone
            due_text = clock.format_local(chosen.due - dt.timedelta(microseconds=1), zone, "%Y-%m-%d") + " 24:00"
            matter = note or (f"投诉单 {slip.number} 的{label_zh}期限为 {due_text}，"
                              + ("现已超期，请即办理，并于下栏写明超期原因。" if chosen.overdue
                                 else "请按期办理。"))
            return self._issue(session, actor, slip, URGE, chosen.kind.value, chosen.due, to_department,
                               to_staff_id, matter, None)

    def coordinate(self, actor: Actor, key: str, *, to_department: str = "", matter: str = "",
                   to_staff_id: str | None = None, reply_by: dt.date | None = None) -> NoticeView:
        """洽办单: another department is asked to take part in handling the slip (or, for a
        slip closed late, to explain why), with the day its answer is due."""
        require(actor, Permission.COMPLAINT_HANDLE)
        to_department = clean_text(to_department, "受文部门", "to_department", max_len=30)
        matter = clean_text(matter, "洽办事项", "matter", max_len=1000)
        check_day(reply_by, "答复期限", "reply_by")
        with self._uow() as session:
            require_branch_mode(session)
            slip = slip_by_key(session, key)
            if not matter:
                zone = local_branch(session).timezone
                if slip.closed_at is not None and slip.closed_at > slip.closure_due_at:
                    late = days_to_close(slip.closure_due_at - dt.timedelta(microseconds=1), slip.closed_at, zone)
                    matter = f"投诉单 {slip.number} 逾期 {late} 天结案，请书面说明原因。"
                else:
                    matter = f"投诉单 {slip.number} 需贵部门协同处理，请于答复期限前回复处理意见。"
            return self._issue(session, actor, slip, COORDINATE, "", None, to_department, to_staff_id,
                               matter, reply_by)

    def notice(self, actor: Actor, kind: str, key: str) -> NoticeView:
        """A 催办单 or 洽办单 by id or number."""
        require(actor, Permission.COMPLAINT_VIEW)
        with self._uow() as session:
            return notice_view(session, self._notice(session, kind, key))

    def printable(self, actor: Actor, kind: str, key: str) -> NoticeView:
        """What ``dealerdesk print complaint-urge|complaint-coordinate KEY`` prints: the
        notice with that number, else the slip's latest of that kind, else one issued now
        (as the desk would issue it, numbered and on the timeline)."""
        require(actor, Permission.COMPLAINT_VIEW)
        raw = key.strip()
        with self._uow() as session:
            notice = session.scalar(select(ComplaintNotice).where(
                ComplaintNotice.kind == kind,
                (ComplaintNotice.number == raw.upper()) | (ComplaintNotice.id == raw)))
            if notice is not None:
                return notice_view(session, notice)
            slip = session.scalar(select(ComplaintSlip).where(
                (ComplaintSlip.number == raw.upper()) | (ComplaintSlip.id == raw)))
            if slip is None:
                raise NotFound("complaint.notice_or_slip_not_found", key=raw, **_titles(kind))
            latest = session.scalar(select(ComplaintNotice).where(
                ComplaintNotice.slip_id == slip.id, ComplaintNotice.kind == kind)
                .order_by(ComplaintNotice.issued_at.desc(), ComplaintNotice.number.desc()).limit(1))
            if latest is not None:
                return notice_view(session, latest, slip)
            slip_id, department = slip.id, slip.responsible_department
        if kind == URGE:
            return self.urge(actor, slip_id)
        return self.coordinate(actor, slip_id, to_department=department)

    # --- helpers -----------------------------------------------------------------------
    def _urged(self, session: Session, slip: ComplaintSlip, kind: DeadlineKind | None) -> Standing:
        running = [s for s in _standings(session, slip) if s.seconds_left is not None]
        if kind is not None:
            found = next((s for s in running if s.kind is kind), None)
            if found is None:
                raise Conflict("complaint.deadline_not_running", number=slip.number,
                               deadline=DEADLINE_LABELS_ZH[kind], deadline_en=kind.value)
            return found
        if not running:
            raise Conflict("complaint.nothing_to_urge", number=slip.number)
        overdue = [s for s in running if s.overdue]
        return min(overdue or running, key=lambda s: (s.due, list(DeadlineKind).index(s.kind)))

    @staticmethod
    def _issue(session: Session, actor: Actor, slip: ComplaintSlip, kind: str, deadline: str,
               due_at: dt.datetime | None, to_department: str, to_staff_id: str | None, matter: str,
               reply_by: dt.date | None) -> NoticeView:
        branch = local_branch(session)
        to_name = ""
        if to_staff_id:
            staff = staff_by_id(session, to_staff_id)
            to_name = staff.display_name
            to_department = to_department or staff.department
        if kind == URGE:
            to_department = to_department or slip.responsible_department
        now = clock.now()
        notice = ComplaintNotice(
            branch_id=branch.id,
            number=allocate_number(session, branch.id, branch.code, NOTICE_KINDS[kind],
                                   clock.local(now, branch.timezone).date()),
            kind=kind, slip_id=slip.id, deadline=deadline, due_at=due_at,
            from_department=_issuer_department(session, actor), to_department=to_department,
            to_staff_id=to_staff_id or None, to_name=to_name, matter=matter, reply_by=reply_by,
            issued_at=now, issued_by_id=actor.staff_id, issued_by_name=actor.display_name)
        session.add(notice)
        session.flush()
        action = CSAction.URGE if kind == URGE else CSAction.COORDINATE
        whom = "".join(p for p in (to_department, to_name) if p) or "（待填）"
        add_event(session, slip, actor, action, slip.state, slip.state, f"{notice.number} → {whom}")
        return notice_view(session, notice, slip)

    @staticmethod
    def _notice(session: Session, kind: str, key: str) -> ComplaintNotice:
        raw = key.strip()
        notice = session.get(ComplaintNotice, raw)
        if notice is None:
            notice = session.scalar(select(ComplaintNotice).where(ComplaintNotice.number == raw.upper()))
        if notice is None or notice.kind != kind:
            raise _not_found(kind, raw)
        return notice


def _titles(kind: str) -> dict[str, str]:
    return {"title": NOTICE_TITLES_ZH.get(kind, "单据"),
            "title_en": {URGE: "reminder", COORDINATE: "coordination request"}.get(kind, "notice")}


def _not_found(kind: str, key: str) -> NotFound:
    return NotFound("complaint.notice_not_found", key=key, **_titles(kind))


__all__ = ["COORDINATE", "NOTICE_KINDS", "NOTICE_TITLES_ZH", "URGE", "ComplaintDeadlineService"]
