"""Reading the audit trail (操作日志). There is deliberately no way to change it here."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from domain.audit import ACTION_LABELS_ZH
from domain.model.audit import AuditEntry
from domain.roles import Actor, Permission, require
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


def _view(entry: AuditEntry) -> AuditView:
    try:
        raw = json.loads(entry.changes or "{}")
    except ValueError:
        raw = {}
    changes = {str(k): (v[0], v[1]) for k, v in raw.items() if isinstance(v, list) and len(v) == 2}
    return AuditView(entry.id, entry.at, entry.staff_id, entry.staff_name, entry.action,
                     entry.table_name, entry.record_id, entry.record_label, changes,
                     entry.detail, entry.row_count)


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None  # UTC, inclusive
    until: datetime | None = None  # UTC, exclusive
    staff_id: str | None = None
    staff_name: str = ""
    table_name: str = ""
    record: str = ""  # part of the record's number/name, or its id
    action: str = ""


class AuditService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def list(self, actor: Actor, filters: AuditFilter | None = None, *,
             limit: int = DEFAULT_LIMIT, newest_first: bool = True) -> list[AuditView]:
        require(actor, Permission.AUDIT_VIEW)
        f = filters or AuditFilter()
        query = select(AuditEntry)
        if f.since is not None:
            query = query.where(AuditEntry.at >= f.since)
        if f.until is not None:
            query = query.where(AuditEntry.at < f.until)
        if f.staff_id:
            query = query.where(AuditEntry.staff_id == f.staff_id)
        if f.staff_name:
            query = query.where(AuditEntry.staff_name == f.staff_name)
        if f.table_name:
            query = query.where(AuditEntry.table_name == f.table_name)
        if f.record.strip():
            like = f"%{f.record.strip()}%"
            query = query.where(or_(AuditEntry.record_label.like(like),
                                    AuditEntry.record_id == f.record.strip()))
        if f.action:
            query = query.where(AuditEntry.action == f.action)
        order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if newest_first else \
            (AuditEntry.at, AuditEntry.id)
        with self._uow() as session:
            return [_view(e) for e in session.scalars(query.order_by(*order).limit(limit))]

    def choices(self, actor: Actor) -> tuple[builtins.list[str], builtins.list[str]]:
        """(staff names, table names) that occur in the trail, for the filter boxes."""
        require(actor, Permission.AUDIT_VIEW)
        with self._uow() as session:
            names = sorted(n for n in session.scalars(select(AuditEntry.staff_name).distinct()) if n)
            tables = sorted(t for t in session.scalars(select(AuditEntry.table_name).distinct()) if t)
        return names, tables
