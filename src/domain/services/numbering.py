"""Allocating document numbers (work orders, complaint slips) from NumberSequence.

Why inside the caller's transaction: the increment and the numbered record commit
together. On SQLite the engine starts every unit of work with ``BEGIN IMMEDIATE``, so two
PCs on one file serialise here; on PostgreSQL the row is locked ``FOR UPDATE``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.model import NumberSequence
from domain.workorder_rules import format_number, period_key


def next_serial(session: Session, branch_id: str, kind: str, period: date) -> int:
    key = period_key(period)
    sequence = session.scalar(
        select(NumberSequence)
        .where(NumberSequence.branch_id == branch_id, NumberSequence.kind == kind,
               NumberSequence.period == key)
        .with_for_update()
    )
    if sequence is None:
        sequence = NumberSequence(branch_id=branch_id, kind=kind, period=key, last_serial=0)
        session.add(sequence)
    sequence.last_serial = (sequence.last_serial or 0) + 1
    session.flush()
    return sequence.last_serial


def allocate_number(session: Session, branch_id: str, branch_code: str, kind: str, period: date) -> str:
    """The next number of ``kind`` for the branch's local ``period`` (e.g. BJ01-WO-2611-0001)."""
    return format_number(branch_code, kind, period, next_serial(session, branch_id, kind, period))
