"""The branch's working calendar (工作日历), a branch setting that travels to HQ.

Why a table and not a row in ``settings``: HQ divides each branch's cars per day and
available hours by *that branch's* working days, so the calendar travels with the
branch's records (settings stay in the database that holds them). One row per branch;
should two ever exist (a PC that set its calendar before it took over HQ's identity of the
branch), the one changed last applies (:func:`domain.services.calendar.branch_calendars`).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable


class BranchCalendar(Syncable, Base):
    """工作日历: open weekdays ("1234567", ISO), holidays closed and extra working days
    (comma-separated ISO dates; :mod:`domain.calendar_rules` reads and writes them)."""

    __tablename__ = "branch_calendars"
    __table_args__ = (Index("ix_branch_calendars_branch_id", "branch_id"),)

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    open_weekdays: Mapped[str] = mapped_column(String(7), default="1234567")
    closed_days: Mapped[str] = mapped_column(Text, default="")
    extra_days: Mapped[str] = mapped_column(Text, default="")
    changed_by_name: Mapped[str] = mapped_column(String(50), default="")
