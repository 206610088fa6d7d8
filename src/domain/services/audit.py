"""Reading the audit trail (操作日志). There is deliberately no way to change it here."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from domain.audit import ACTION_LABELS_ZH
from domain.model import Branch, Staff
from domain.model.audit import AuditEntry
from domain.model.sync import OutboxEntry
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.branch_scope import branches_by_id
from domain.uow import UnitOfWork

DEFAULT_LIMIT = 5000


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True)
class AuditView:
    id: str
    at: datetime
    staff_id: str | None
    staff_name: str
    action: str
    table_name: str
    record_id: str
    record_label: str
    changes: dict[str, tuple[Any, Any]]
    detail: str
    row_count: int
    #: at HQ the branch the entry was made at ("" where that cannot be told: see
    #: :meth:`AuditService.list`); at a branch always ""
    branch_code: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS_ZH.get(self.action, self.action)

    @property
    def what(self) -> str:
        """Table and record, by its human number where it has one."""
        parts = [p for p in (self.table_name, self.record_label or self.record_id) if p]
        return " ".join(parts)

    def summary(self) -> str:
        """Changed fields as ``field: before → after`` (or the event's detail)."""
        if self.action.startswith("bulk_"):
            return f"{self.row_count} 行"
        if self.action == "create":
            text = "；".join(f"{k}={_short(a)}" for k, (_b, a) in self.changes.items())
        elif self.action == "delete":
            text = "；".join(f"{k}={_short(b)}" for k, (b, _a) in self.changes.items())
        else:
            text = "；".join(f"{k}: {_short(b)} → {_short(a)}" for k, (b, a) in self.changes.items())
        return "；".join(p for p in (text, self.detail) if p)


def _view(entry: AuditEntry, branch_code: str = "") -> AuditView:
    try:
        raw = json.loads(entry.changes or "{}")
    except ValueError:
        raw = {}
    changes = {str(k): (v[0], v[1]) for k, v in raw.items() if isinstance(v, list) and len(v) == 2}
    return AuditView(entry.id, entry.at, entry.staff_id, entry.staff_name, entry.action,
                     entry.table_name, entry.record_id, entry.record_label, changes,
                     entry.detail, entry.row_count, branch_code)


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None  # UTC, inclusive
    until: datetime | None = None  # UTC, exclusive
    staff_id: str | None = None
    staff_name: str = ""
    table_name: str = ""
    record: str = ""  # part of the record's number/name, or its id
    action: str = ""
    branch_code: str = ""  # at HQ: the entries made at that branch (HQ's code: HQ's own)


@dataclass(frozen=True)
class AuditChoices:
    """What the filter boxes offer: names and tables in the trail; the branches (at HQ only)."""

    staff_names: list[str]
    tables: list[str]
    branches: list[tuple[str, str]]  # (code, name), HQ first; empty at a branch


class AuditService:
    """The trail, read-only.

    At HQ the trail holds HQ's own entries and those imported from every branch, in one
    table, without a branch column (no schema change: the entry says who acted). The branch
    is derived: an entry by a staff member belongs to that member's branch (branch staff
    arrive at HQ with their ``branch_id``, usernames ``CODE/user``); an entry by the system
    (no staff: command line, automatic tasks) is HQ's own when HQ's outbox holds it — every
    row HQ writes itself has an outbox entry, imported rows never do — and otherwise came
    from a branch that cannot be told (shown as unknown, matched by no branch filter).
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def list(self, actor: Actor, filters: AuditFilter | None = None, *,
             limit: int = DEFAULT_LIMIT, newest_first: bool = True) -> builtins.list[AuditView]:
        require(actor, Permission.AUDIT_VIEW)
        f = filters or AuditFilter()
        order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if newest_first else \
            (AuditEntry.at, AuditEntry.id)
        wanted_branch = f.branch_code.strip().upper()
        with self._uow() as session:
            here = local_branch(session)
            if here.mode != "hq":
                if wanted_branch and wanted_branch != here.code:
                    return []  # a branch holds its own trail only
                query = select(AuditEntry).where(*_conditions(f)).order_by(*order).limit(limit)
                return [_view(e) for e in session.scalars(query)]
            return _list_at_hq(session, here, f, wanted_branch, order, limit)

    def choices(self, actor: Actor) -> AuditChoices:
        """Staff names and table names that occur in the trail, and (at HQ) the branches."""
        require(actor, Permission.AUDIT_VIEW)
        with self._uow() as session:
            names = sorted(n for n in session.scalars(select(AuditEntry.staff_name).distinct()) if n)
            tables = sorted(t for t in session.scalars(select(AuditEntry.table_name).distinct()) if t)
            here = local_branch(session)
            branches: builtins.list[tuple[str, str]] = []
            if here.mode == "hq":
                others = session.scalars(select(Branch).where(Branch.id != here.id).order_by(Branch.code))
                branches = [(here.code, here.name)] + [(b.code, b.name) for b in others]
        return AuditChoices(names, tables, branches)


def _conditions(f: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.since is not None:
        conditions.append(AuditEntry.at >= f.since)
    if f.until is not None:
        conditions.append(AuditEntry.at < f.until)
    if f.staff_id:
        conditions.append(AuditEntry.staff_id == f.staff_id)
    if f.staff_name:
        conditions.append(AuditEntry.staff_name == f.staff_name)
    if f.table_name:
        conditions.append(AuditEntry.table_name == f.table_name)
    if f.record.strip():
        like = f"%{f.record.strip()}%"
        conditions.append(or_(AuditEntry.record_label.like(like), AuditEntry.record_id == f.record.strip()))
    if f.action:
        conditions.append(AuditEntry.action == f.action)
    return conditions


def _list_at_hq(session: Session, here: Branch, f: AuditFilter, wanted: str, order: tuple[Any, ...],
                limit: int) -> list[AuditView]:
    """The trail at HQ with each entry's branch (rule: :class:`AuditService`)."""
    branches = branches_by_id(session)
    written_here = exists().where(OutboxEntry.table_name == AuditEntry.__tablename__,
                                  OutboxEntry.row_id == AuditEntry.id)
    query = (select(AuditEntry, Staff.branch_id, written_here)
             .outerjoin(Staff, Staff.id == AuditEntry.staff_id))
    if wanted:
        ids = [b.id for b in branches.values() if b.code == wanted]
        if not ids:
            return []
        if ids[0] == here.id:
            query = query.where(or_(Staff.branch_id == here.id, and_(Staff.id.is_(None), written_here)))
        else:
            query = query.where(Staff.branch_id == ids[0])
    views = []
    for entry, branch_id, local in session.execute(query.where(*_conditions(f)).order_by(*order).limit(limit)):
        branch = branches.get(branch_id or "")
        code = branch.code if branch is not None else (here.code if local else "")
        views.append(_view(entry, code))
    return views
