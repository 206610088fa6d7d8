"""A save that lost the race with another desk: who changed the record, and when.

Why it names the person: with several desks on one server two advisors do open the same
work order. "Someone else changed it" leaves the second one guessing; "王建国 changed it at
14:32" tells them whom to ask and what to reload. The answer comes from the audit trail,
which every change writes in its own transaction, so it is there as soon as the change is.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock
from domain.errors import Conflict
from domain.messages import register
from domain.model import AuditEntry, Branch
from domain.orm import Syncable

register("stale.by", "该{record}已被 {who} 于 {when} 修改，请刷新后再改",
         "This {record_en} was changed by {who} at {when}; refresh it before changing it")

#: What the person at the counter calls a row of each table (Chinese, English).
RECORD_NAMES: dict[str, tuple[str, str]] = {
    "work_orders": ("工单", "work order"),
    "wo_labour_lines": ("工单", "work order"),
    "wo_part_lines": ("工单", "work order"),
    "wo_sundry_lines": ("工单", "work order"),
    "wo_jobs": ("工单", "work order"),
    "complaint_slips": ("投诉单", "complaint slip"),
    "customers": ("客户档案", "customer file"),
    "vehicles": ("车辆档案", "vehicle file"),
    "care_calls": ("回访记录", "follow-up call"),
    "follow_up_tasks": ("跟踪任务", "follow-up task"),
    "staff": ("员工账号", "staff account"),
    "warranty_claims": ("索赔单", "warranty claim"),
}

_TABLE_IN_MESSAGE = re.compile(r"table '([^']+)'")


#: ``session.info`` key: (table, id) of the syncable rows the current flush writes.
FLUSHING_KEY = "dealerdesk_flushing_rows"


def note_flushing_rows(session: Session) -> None:
    """Called before each flush (storage installs it): what a StaleDataError may be about.

    After a failed flush the session has already forgotten which rows it was writing, so the
    candidates are noted on the way in.
    """
    session.info[FLUSHING_KEY] = [(obj.__table__.name, str(obj.id))  # type: ignore[attr-defined]
                                  for obj in (*session.dirty, *session.deleted)
                                  if isinstance(obj, Syncable)]


def stale_rows(session: Session, message: str) -> list[tuple[str, str]]:
    """(table, id) of the changed rows a failed flush may have lost the race on.

    SQLAlchemy's StaleDataError names the table, not the row: the candidates are the rows of
    that table the failed flush was writing (usually exactly one).
    """
    match = _TABLE_IN_MESSAGE.search(message)
    table = match.group(1) if match else None
    noted: list[tuple[str, str]] = session.info.get(FLUSHING_KEY, [])
    return [(name, row_id) for name, row_id in noted if table is None or name == table]


def stale_conflict(session: Session, table: str, row_id: str) -> Conflict:
    """The refusal for a stale save of ``table``/``row_id``: who last changed it, and when."""
    entry = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.record_id == row_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.created_at.desc())
        .limit(1))
    if entry is None:
        return Conflict("stale")
    zone = session.scalar(select(Branch.timezone).where(Branch.is_local.is_(True)))
    when = clock.local(entry.at, zone)
    today = clock.local(clock.now(), zone).date()
    shown = f"{when:%H:%M}" if when.date() == today else f"{when:%m-%d %H:%M}"
    zh, en = RECORD_NAMES.get(table, ("记录", "record"))
    params: dict[str, Any] = {"record": zh, "record_en": en, "who": entry.staff_name or "系统",
                              "when": shown, "table": table, "row_id": row_id}
    return Conflict("stale.by", **params)


def check_version(session: Session, row: Syncable, expected: int | None) -> None:
    """Refuse an edit made on a copy older than the stored row (the form was open while
    another desk saved): ``expected`` is the row version the form was filled from."""
    if expected is not None and row.row_version != expected:
        raise stale_conflict(session, row.__table__.name, str(row.id))  # type: ignore[attr-defined]
