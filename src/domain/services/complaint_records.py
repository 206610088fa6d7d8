"""Look-ups every complaint service shares: a slip by id or number, a staff member, the next
timeline event, and the branch's internal-deadline and penalty settings.

Why one module: the slip's own service, the deadline service (超期原因, 催办单, 洽办单) and the
penalty service (奖罚) find slips and write the timeline the same way; each reads the rules
of the regulation from the branch's settings inside its own unit of work.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain import clock
from domain.complaint_rules import CSAction, InternalRules, PenaltyRules, opinion_due, report_due
from domain.errors import NotFound
from domain.model import ComplaintEvent, ComplaintSlip, Staff
from domain.roles import Actor
from domain.settings_defaults import (
    COMPLAINT_OPINION_DAYS,
    COMPLAINT_PENALTY_MAJOR_FEN,
    COMPLAINT_PENALTY_MINOR_FEN,
    COMPLAINT_PENALTY_WARNING_FEN,
    COMPLAINT_REPORT_DAYS,
    int_setting,
)


def slip_by_key(session: Session, key: str) -> ComplaintSlip:
    """One slip by id or number (a scanned QR code types the number)."""
    raw = key.strip()
    slip = session.get(ComplaintSlip, raw)
    if slip is None:
        slip = session.scalar(select(ComplaintSlip).where(ComplaintSlip.number == raw.upper()))
    if slip is None:
        raise NotFound("complaint.not_found", key=raw)
    return slip


def staff_by_id(session: Session, staff_id: str, active_only: bool = True) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or (active_only and not staff.active):
        raise NotFound("staff.not_found", key=staff_id)
    return staff


def add_event(session: Session, slip: ComplaintSlip, actor: Actor, action: CSAction, source: str,
              target: str, note: str = "") -> None:
    """The next step on the slip's timeline, with who and when."""
    seq = (session.scalar(select(func.max(ComplaintEvent.seq))
                          .where(ComplaintEvent.slip_id == slip.id)) or 0) + 1
    session.add(ComplaintEvent(slip_id=slip.id, seq=seq, action=action.value, from_state=source,
                               to_state=target, actor_id=actor.staff_id, actor_name=actor.display_name,
                               at=clock.now(), note=note[:500]))


def internal_rules(session: Session) -> InternalRules:
    return InternalRules(int_setting(session, COMPLAINT_REPORT_DAYS),
                         int_setting(session, COMPLAINT_OPINION_DAYS))


def penalty_rules(session: Session) -> PenaltyRules:
    return PenaltyRules(int_setting(session, COMPLAINT_PENALTY_WARNING_FEN),
                        int_setting(session, COMPLAINT_PENALTY_MINOR_FEN),
                        int_setting(session, COMPLAINT_PENALTY_MAJOR_FEN))


def set_report_due(session: Session, slip: ComplaintSlip, zone: str) -> None:
    """At intake: the investigation report is due N local days after the intake day."""
    slip.report_due_at = report_due(slip.received_at, internal_rules(session), zone)


def mark_reported(session: Session, slip: ComplaintSlip, at: dt.datetime, zone: str) -> None:
    """The first investigation report stops its deadline and starts the opinion's."""
    if slip.reported_at is None:
        slip.reported_at = at
        slip.opinion_due_at = opinion_due(at, internal_rules(session), zone)


def mark_opinion(slip: ComplaintSlip, at: dt.datetime) -> None:
    """The first proposal (the consolidated opinion) stops the opinion's deadline."""
    if slip.opinion_at is None:
        slip.opinion_at = at


__all__ = ["add_event", "internal_rules", "mark_opinion", "mark_reported", "penalty_rules",
           "set_report_due", "slip_by_key", "staff_by_id"]
