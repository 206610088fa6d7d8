"""Which branch a record belongs to, and a branch's calendar days, for lists read at HQ.

Why a module of its own: HQ's consolidated work orders and complaint slips (and a branch's
own lists, where the only branch is the local one) filter the same way — by a branch code
and by a range of *local* calendar days. At HQ the branches may keep different time zones,
so "received on 11-12" means a different UTC interval for each branch: the range becomes one
clause per distinct zone (a handful of branch rows, read once per query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain import clock, messages
from domain.errors import ValidationError
from domain.model import Branch

messages.register("list.range_invalid", "起始日期 {since} 晚于截止日期 {until}",
                  "The start date {since} is after the end date {until}")


@dataclass(frozen=True)
class BranchLabel:
    """What a list row shows of its branch: code, name, and the zone its times are read in."""

    code: str
    name: str
    timezone: str


def branches_by_id(session: Session) -> dict[str, Branch]:
    """Every branch row by id (a handful, even for a large network)."""
    return {b.id: b for b in session.scalars(select(Branch))}


def label_of(branches: dict[str, Branch], branch_id: str | None) -> BranchLabel:
    branch = branches.get(branch_id or "")
    if branch is None:
        return BranchLabel("", "", clock.DEFAULT_TZ)
    return BranchLabel(branch.code, branch.name, branch.timezone)


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise ValidationError("list.range_invalid", "since", since=since.isoformat(), until=until.isoformat())


def in_branch(branch_column: InstrumentedAttribute[Any], branches: dict[str, Branch],
              code: str | None) -> ColumnElement[bool] | None:
    """Rows of the branch ``code``; an unknown code matches nothing (the CLI prints no rows)."""
    if not code or not code.strip():
        return None
    wanted = code.strip().upper()
    ids = [b.id for b in branches.values() if b.code == wanted]
    return branch_column == ids[0] if ids else false()


def local_days(moment: InstrumentedAttribute[Any], branch_column: InstrumentedAttribute[Any],
               branches: dict[str, Branch], since: dt.date | None, until: dt.date | None
               ) -> ColumnElement[bool] | None:
    """``moment`` (UTC) falls on ``since``..``until`` of its own branch's calendar."""
    if since is None and until is None:
        return None
    zones: dict[str, list[str]] = {}
    for b in branches.values():
        zones.setdefault(b.timezone or clock.DEFAULT_TZ, []).append(b.id)
    if not zones:
        zones[clock.DEFAULT_TZ] = []

    def bounds(zone: str) -> ColumnElement[bool]:
        tz = clock.branch_zone(zone)
        parts: list[ColumnElement[bool]] = []
        if since is not None:
            parts.append(moment >= dt.datetime.combine(since, dt.time(), tz).astimezone(dt.UTC))
        if until is not None:
            end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
            parts.append(moment < end)
        return and_(*parts)

    if len(zones) == 1:  # one zone everywhere (every branch database, most HQs)
        return bounds(next(iter(zones)))
    return or_(*(and_(branch_column.in_(ids), bounds(zone)) for zone, ids in zones.items()))


__all__ = ["BranchLabel", "branches_by_id", "check_range", "in_branch", "label_of", "local_days"]
