"""Allocating document numbers (work orders, complaint slips) from NumberSequence.

Why inside the caller's transaction: the increment and the numbered record commit
together, so a number is never handed out twice and never skipped (a save that fails gives
its number back with its rollback). On SQLite the engine starts every unit of work with
``BEGIN IMMEDIATE``, so two windows on one file serialise here. On the shop's server six
desks save at once: the counter row is locked ``FOR UPDATE``, and the first number of a new
month (no row yet to lock) is made under a transaction-level advisory lock on the counter's
key, so two desks never both create it.
"""

from __future__ import annotations

import zlib
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.model import NumberSequence
from domain.workorder_rules import format_number, period_key

#: High half of the advisory lock keys of number counters ("ddnu" in ASCII).
_LOCK_SPACE = 0x6464_6E75


def _lock_counter(session: Session, branch_id: str, kind: str, key: str) -> None:
    """PostgreSQL: hold the counter's advisory lock until this transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = zlib.crc32(f"{branch_id}|{kind}|{key}".encode())
    session.execute(select(func.pg_advisory_xact_lock((_LOCK_SPACE << 32) | digest)))


def next_serial(session: Session, branch_id: str, kind: str, period: date) -> int:
    key = period_key(period)
    _lock_counter(session, branch_id, kind, key)
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
