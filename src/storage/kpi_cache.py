"""HQ's stored KPI facts per (branch, period) (table ``kpi_facts_cache``, not synced).

Why stored per branch: every KPI count is additive (``storage.kpi_queries.merge_facts``), so
the all-branches page is the sum of each branch's facts, and a branch's facts change only
when something of that branch is imported (HQ does not keep branches' records itself). So
each (branch, period) is computed once and kept across restarts; an import deletes the rows
of every branch it touched, in the import's own transaction, and recomputes the default
months right after (:func:`storage.kpi_queries.warm_branches`).

What is not stored: the figures that depend on the clock or on current master rows —
complaints overdue (at "now" for the running month) and the technicians on the books — are
cheap and computed live on every read. Nor is anything that depends on a branch's working
calendar (``branch_calendars``): the working days a per-day figure divides by and the
technicians' available days are read from the calendars on every read, so a calendar
changed at the branch (or imported at HQ) shows in every month at once and no stored row
has to be dropped for it; the facts stored are counts of records only.

Which branches an import touches is not taken on trust from the sender: ``sync.apply`` does
not check that a row's ``branch_id`` (or the order a line belongs to) is the sender's, so the
branch of every changed row is looked up before the import (updates, deletes: where the row
was) and after it (where the row is now), through the row's order or job where it has no
branch of its own. HQ's own writes to those tables (rare) are caught through the outbox: a
stored row remembers the outbox's last number when it was computed and is dropped once a
later entry names one of the tables the facts are read from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from domain import clock
from domain.kpi import KpiWindow, MonthFacts
from domain.model.branch import Branch
from domain.model.kpi_cache import KpiFactsCache
from domain.model.sync import OutboxEntry
from domain.orm import Base

#: the tables the stored facts are read from (``storage.kpi_queries``)
FACT_TABLES: frozenset[str] = frozenset({
    "work_orders", "wo_jobs", "wo_time_entries", "wo_labour_lines", "wo_part_lines", "wo_sundry_lines",
    "care_ratings", "care_calls", "follow_up_tasks", "vehicles", "warranty_claims", "complaint_slips",
    "internal_time_entries"})
#: computed on every read, never stored
LIVE_FIELDS: tuple[str, ...] = ("technicians", "technician_days", "complaints_overdue")
_CHUNK = 900
_C = cast(Table, KpiFactsCache.__table__)


def is_hq(session: Session | Connection) -> bool:
    mode = session.execute(select(Branch.mode).where(Branch.is_local.is_(True)).limit(1)).scalar()
    return mode == "hq"


# --- encoding ----------------------------------------------------------------------------------
def encode(facts: MonthFacts) -> str:
    values: dict[str, Any] = {}
    for f in fields(MonthFacts):
        if f.name in LIVE_FIELDS:
            continue
        value = getattr(facts, f.name)
        if f.name == "callbacks":
            value = {f"{int(u)}{int(r)}": n for (u, r), n in value.items()}
        elif isinstance(value, Mapping):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        values[f.name] = value
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def decode(text: str) -> MonthFacts:
    values: dict[str, Any] = json.loads(text)
    values["received_per_day"] = tuple(values.get("received_per_day", ()))
    values["callbacks"] = {(k[0] == "1", k[1] == "1"): n for k, n in values.get("callbacks", {}).items()}
    return MonthFacts(**values)


def without_live(facts: MonthFacts) -> MonthFacts:
    zeros: dict[str, Any] = {name: 0 for name in LIVE_FIELDS}
    return replace(facts, **zeros)


# --- read / write ------------------------------------------------------------------------------
def outbox_mark(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(OutboxEntry.seq), 0))).scalar_one())


def drop_after_local_writes(session: Session) -> None:
    """Drop stored rows older than a local write to a fact table (HQ's own edits, rare)."""
    low = session.execute(select(func.min(_C.c.outbox_seq))).scalar()
    if low is None:
        return
    first = session.execute(select(func.min(OutboxEntry.seq)).where(
        OutboxEntry.seq > low, OutboxEntry.table_name.in_(sorted(FACT_TABLES)))).scalar()
    if first is not None:
        session.execute(delete(_C).where(_C.c.outbox_seq < first))


def load(session: Session, window: KpiWindow, branch_ids: Sequence[str]) -> dict[str, MonthFacts]:
    """The stored facts of ``window`` for those of ``branch_ids`` that have a row."""
    wanted = set(branch_ids)
    days = len(window.day_starts)
    rows = session.execute(select(_C.c.branch_id, _C.c.days, _C.c.facts).where(
        _C.c.period_start == window.start, _C.c.period_end == window.end))
    return {b: decode(text) for b, n, text in rows if b in wanted and n == days}


def save(session: Session, window: KpiWindow, facts: Mapping[str, MonthFacts], mark: int) -> None:
    if not facts:
        return
    ids = list(facts)
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(_C).where(_C.c.period_start == window.start, _C.c.period_end == window.end,
                                         _C.c.branch_id.in_(ids[start:start + _CHUNK])))
    now = clock.now()
    session.execute(insert(_C), [
        {"branch_id": b, "period_start": window.start, "period_end": window.end,
         "days": len(window.day_starts), "facts": encode(f), "outbox_seq": mark, "computed_at": now}
        for b, f in facts.items()])


def invalidate(conn: Connection | Session, branch_ids: Iterable[str]) -> int:
    """Delete every stored period of these branches (in the caller's transaction)."""
    ids = sorted(set(branch_ids))
    gone = 0
    for start in range(0, len(ids), _CHUNK):
        result: Any = conn.execute(delete(_C).where(_C.c.branch_id.in_(ids[start:start + _CHUNK])))
        gone += int(result.rowcount or 0)
    return gone


def stored_keys(conn: Connection | Session) -> set[tuple[str, dt.datetime]]:
    """(branch id, period start) of every stored row (for tests and the bench)."""
    return {(b, s) for b, s in conn.execute(select(_C.c.branch_id, _C.c.period_start))}


# --- which branches a set of changes touches ---------------------------------------------------
def touched_branches(conn: Connection, changes: Sequence[Mapping[str, Any]]) -> set[str]:
    """The branches the rows named by ``changes`` belong to *now*, through their own
    ``branch_id``, the order (``work_order_id``) or job (``job_id``) they belong to, a time
    entry's technician (whose branch its time counts for), and for a vehicle the orders of it.
    A staff member's branch never changes (``StaffService`` sets it once), so staff rows
    themselves change no stored fact. Called before an import (where rows were) and after (where they
    are); rows not (or no longer) in the database add nothing, so the payload's own
    ``branch_id`` is added too."""
    branches: set[str] = set()
    ids: dict[str, list[str]] = {}
    for change in changes:
        name = change.get("t")
        if name not in FACT_TABLES:
            continue
        row = change.get("row") or {}
        branch = row.get("branch_id") if isinstance(row, Mapping) else None
        if isinstance(branch, str):
            branches.add(branch)
        ids.setdefault(str(name), []).append(str(change.get("id")))
    tables = Base.metadata.tables
    orders, jobs, vehicles, staff = tables["work_orders"], tables["wo_jobs"], tables["vehicles"], tables["staff"]
    for name, row_ids in ids.items():
        table: Table = tables[name]
        statements: list[Any] = []
        if "branch_id" in table.c:
            statements.append(lambda chunk, t=table: select(t.c.branch_id).where(t.c.id.in_(chunk)))
        if "work_order_id" in table.c:
            statements.append(lambda chunk, t=table: select(orders.c.branch_id).join(
                orders, orders.c.id == t.c.work_order_id).where(t.c.id.in_(chunk)))
        if "job_id" in table.c:
            statements.append(lambda chunk, t=table: select(orders.c.branch_id).select_from(t).join(
                jobs, jobs.c.id == t.c.job_id).join(orders, orders.c.id == jobs.c.work_order_id)
                .where(t.c.id.in_(chunk)))
        if "technician_id" in table.c:  # clocked time counts for the technician's branch (utilisation)
            statements.append(lambda chunk, t=table: select(staff.c.branch_id).join(
                staff, staff.c.id == t.c.technician_id).where(t.c.id.in_(chunk)))
        if table is vehicles:
            statements.append(lambda chunk: select(orders.c.branch_id).where(orders.c.vehicle_id.in_(chunk)))
        for start in range(0, len(row_ids), _CHUNK):
            chunk = row_ids[start:start + _CHUNK]
            for build in statements:
                branches.update(b for (b,) in conn.execute(build(chunk).distinct()) if b is not None)
    return branches


__all__ = ["FACT_TABLES", "LIVE_FIELDS", "decode", "drop_after_local_writes", "encode", "invalidate", "is_hq",
           "load", "outbox_mark", "save", "stored_keys", "touched_branches", "without_live"]


def invalidate_import(conn: Connection, changes: Sequence[Mapping[str, Any]], sender: str,
                      before: set[str]) -> set[str]:
    """After an import at HQ applied ``changes`` from branch code ``sender`` (same
    transaction): drop the stored facts of the sender and of every branch a changed row
    belonged to before (``before``, from :func:`touched_branches`) or belongs to now; returns
    those branch ids (to recompute once the import has committed)."""
    touched = set(before) | touched_branches(conn, changes)
    own = conn.execute(select(Branch.id).where(Branch.code == sender)).scalar()
    if own is not None:
        touched.add(str(own))
    invalidate(conn, touched)
    return touched
