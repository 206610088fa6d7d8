"""Removing demo data (清除演示数据) before a shop goes live (issue 23 item 7).

Why a service of its own, and why it finds the rows in SQL: a demo load writes up to millions
of rows (:class:`domain.services.demo.DemoService`), far too many to load as objects. Which
rows a demo load made is known without any marker column:

* customers, vehicles, ownerships, work orders and every work-order table are written with
  :class:`domain.demo_workorders.KeyOrder` keys (UUID version 7), every other path makes
  version-4 keys (the rule :func:`domain.services.demo.count_real_records` uses);
* the demo staff are the accounts named in :data:`domain.services.demo.DEMO_STAFF`;
* everything else a load (or practice on demo records) made hangs off those rows by a
  foreign key: complaint slips on a demo customer, their events, parties and losses,
  follow-up tasks and care calls on a demo order, a line someone added to a demo order…

So the set of demo rows is a closure over the foreign keys, computed table by table (parents
first) into a temporary table of ids inside the one transaction that also deletes them.
Two kinds of reference never pull a row into the set: a reference to a demo *staff*
account (a real record a demo technician was named on is a real record), and any reference
from a customer, vehicle or work order with a real key (the records :func:`count_real_records`
counts are never removed on account of what they point at). Such a real row pointing at a
demo row blocks the removal (:class:`Conflict` ``demo.remove_blocked``, with the count),
because deleting the demo row would leave it dangling; the shop must deal with it first.

The rows are deleted with one ``DELETE … WHERE id IN (…)`` per table, children first, through
the session, so the audit trail gets its summary entry per table (as every bulk path does,
:func:`storage.audit_hook.record_bulk`) and the outbox a tombstone per row: a branch that
already sent demo rows to HQ sends their deletion like any other delete of its own rows.

Numbering: a shop going live wants its first real work order to be 0001 of the month, but
HQ applies a bundle's new rows before its deletions, so a number reused after HQ has seen the
demo order would clash there with the demo order still in place. Hence: a branch never
enrolled with HQ gets every counter moved back to the highest number still in use (numbers
start clean); an enrolled branch keeps its counters (numbers continue after the demo's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    MetaData,
    Select,
    String,
    Table,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from domain import messages
from domain.demo_workorders import TABLES as WORK_ORDER_TABLES
from domain.errors import Conflict
from domain.model import KpiFactsCache, NumberSequence, SyncPeer
from domain.orm import Base
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.demo import DEMO_STAFF
from domain.services.mode_guard import require_branch_mode
from domain.uow import UnitOfWork

#: Tables a demo load writes with KeyOrder (UUID version 7) keys.
V7_TABLES: frozenset[str] = frozenset({"customers", "vehicles", "vehicle_ownerships", *WORK_ORDER_TABLES})
#: Records that are real when their key is real, whatever they point at: a real one pointing
#: at a demo row blocks the removal instead of being removed with it.
REAL_RECORD_TABLES: frozenset[str] = frozenset({"customers", "vehicles", "work_orders"})
STAFF_TABLE = "staff"
DEMO_USERNAMES: tuple[str, ...] = tuple(username for username, _name, _role in DEMO_STAFF)

#: What the confirmation and the result name, in this order; other tables are summed.
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "staff": ("演示员工", "demo staff accounts"),
    "customers": ("客户", "customers"),
    "vehicles": ("车辆", "vehicles"),
    "work_orders": ("工单", "work orders"),
    "complaint_slips": ("投诉单", "complaint slips"),
    "follow_up_tasks": ("回访任务", "follow-up tasks"),
    "care_calls": ("回访记录", "care calls"),
}

messages.register(
    "demo.remove_blocked",
    "有 {count} 条正式记录引用了演示数据（{tables}），不能清除演示数据，请先处理这些记录",
    "{count} real records point at demo data ({tables}); demo data cannot be removed until they are dealt with",
)

#: The ids of the demo rows, per table, while one removal runs (dropped before it commits).
_IDS = Table("demo_removal_ids", MetaData(),
             Column("t", String(64), primary_key=True), Column("id", String(36), primary_key=True),
             prefixes=["TEMPORARY"])


def table_label(name: str, lang: str = "zh") -> str:
    """Readable name of a table for the confirmation and the refusal (the table name else)."""
    label = TABLE_LABELS.get(name)
    if label is None:
        return name
    return label[0] if lang == "zh" else label[1]


@dataclass(frozen=True)
class DemoRemovalPlan:
    """What a removal would delete (rows per table) and what blocks it (real rows per table)."""

    rows: dict[str, int] = field(default_factory=dict)
    blockers: dict[str, int] = field(default_factory=dict)
    #: True when the numbering counters would move back (branch never enrolled with HQ)
    resets_counters: bool = True

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def blocked(self) -> int:
        return sum(self.blockers.values())

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)

    @property
    def other(self) -> int:
        """Rows of tables not named in :data:`TABLE_LABELS` (lines, events, payments…)."""
        return sum(n for t, n in self.rows.items() if t not in TABLE_LABELS)

    def refusal(self) -> Conflict | None:
        """The refusal :meth:`DemoRemovalService.remove` raises for this plan (None: it may go on)."""
        if not self.blockers:
            return None
        return Conflict("demo.remove_blocked", count=self.blocked,
                        tables="、".join(table_label(t) for t in self.blockers))

    def lines(self, lang: str = "zh") -> list[str]:
        """One line per named kind with rows, then the rest: for the dialog and the command line."""
        out = [f"{table_label(t, lang)} {self.rows[t]}" for t in TABLE_LABELS if self.rows.get(t)]
        if self.other:
            out.append(f"{'其他相关记录' if lang == 'zh' else 'other related rows'} {self.other}")
        return out


class DemoRemovalService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def preview(self, actor: Actor) -> DemoRemovalPlan:
        """What :meth:`remove` would delete and what would block it; changes nothing."""
        require(actor, Permission.DEMO_DATA)
        with self._uow() as session:
            require_branch_mode(session)
            _collect(session)
            plan = _plan(session)
            _IDS.drop(session.connection())
            return plan

    def remove(self, actor: Actor) -> DemoRemovalPlan:
        """Delete every demo row in one unit of work; returns what was deleted.

        Refuses (``demo.remove_blocked``, nothing changed) when a real record points at a demo
        row (e.g. a real work order on a demo vehicle, or a real complaint naming a demo
        technician), with the count and the kinds of record in the message.
        """
        require(actor, Permission.DEMO_DATA)
        with self._uow() as session:
            require_branch_mode(session)
            _collect(session)
            plan = _plan(session)
            refusal = plan.refusal()
            if refusal is not None:
                raise refusal
            by_name = Base.metadata.tables
            for table in reversed(Base.metadata.sorted_tables):  # children first
                if plan.rows.get(table.name):
                    session.execute(delete(by_name[table.name]).where(
                        by_name[table.name].c.id.in_(_ids_of(table.name))))
            _IDS.drop(session.connection())
            if plan.total:
                branch = local_branch(session)
                session.execute(delete(KpiFactsCache).where(KpiFactsCache.branch_id == branch.id))
                if plan.resets_counters:
                    _reset_counters(session, branch.id, branch.code)
            return plan


def _ids_of(table_name: str) -> Select[tuple[str]]:
    return select(_IDS.c.id).where(_IDS.c.t == table_name)


def _enrolled(session: Session) -> bool:
    return session.scalar(select(SyncPeer.id).where(SyncPeer.role == "hq").limit(1)) is not None


def _demo_fks(table: Table) -> Iterable[tuple[Column[str], str]]:
    """(column, parent table) of the foreign keys that pull a row of ``table`` into the demo
    set: none from real-record tables, none to staff or the branch registry."""
    if table.name in REAL_RECORD_TABLES or table.name == STAFF_TABLE:
        return []
    out: list[tuple[Column[str], str]] = []
    for fk in table.foreign_keys:
        parent = fk.column.table.name
        if parent not in (STAFF_TABLE, "branches"):
            out.append((fk.parent, parent))  # type: ignore[arg-type]
    return out


def _collect(session: Session) -> None:
    """Fill the temporary id table: parents first, each table's demo rows by the key rule
    (version 7), the demo usernames, or a foreign key into rows already collected."""
    conn = session.connection()
    _IDS.create(conn, checkfirst=True)
    conn.execute(_IDS.delete())
    found: set[str] = set()
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        parts: list[ColumnElement[bool]] = []
        if table.name == STAFF_TABLE:
            parts.append(table.c.username.in_(DEMO_USERNAMES))
        if table.name in V7_TABLES:
            parts.append(func.substr(table.c.id, 15, 1) == "7")
        links = [(column, parent) for column, parent in _demo_fks(table) if parent in found]
        parts += [column.in_(_ids_of(parent)) for column, parent in links if parent != table.name]
        if not parts:
            continue
        conn.execute(insert(_IDS).from_select(
            ["t", "id"], select(literal(table.name, String(64)).label("t"), table.c.id)
            .where(or_(*parts))))
        held = _held(conn, table.name)
        selfrefs = [column for column, parent in _demo_fks(table) if parent == table.name]
        while held and selfrefs:  # a rework of a demo order, a follow-up of a demo task…
            conn.execute(insert(_IDS).from_select(
                ["t", "id"], select(literal(table.name, String(64)).label("t"), table.c.id)
                .where(or_(*(c.in_(_ids_of(table.name)) for c in selfrefs)),
                       table.c.id.not_in(_ids_of(table.name)))))
            # (a count, not rowcount: INSERT … SELECT reports -1 through some drivers)
            held, before = _held(conn, table.name), held
            if held == before:
                break
        if held:
            found.add(table.name)


def _held(conn: Connection, table_name: str) -> int:
    return int(conn.execute(select(func.count()).select_from(_IDS).where(_IDS.c.t == table_name)).scalar() or 0)


def _plan(session: Session) -> DemoRemovalPlan:
    conn = session.connection()
    rows = {str(t): int(n) for t, n in conn.execute(
        select(_IDS.c.t, func.count()).group_by(_IDS.c.t))}
    blockers: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        refs = [fk for fk in table.foreign_keys if rows.get(fk.column.table.name)]
        if not refs:
            continue
        count = conn.execute(select(func.count()).select_from(table).where(
            or_(*(fk.parent.in_(_ids_of(fk.column.table.name)) for fk in refs)),
            table.c.id.not_in(_ids_of(table.name)))).scalar() or 0
        if count:
            blockers[table.name] = int(count)
    return DemoRemovalPlan(rows=rows, blockers=blockers, resets_counters=not _enrolled(session))


def _reset_counters(session: Session, branch_id: str, branch_code: str) -> None:
    """Move every numbering counter of the branch back to the highest serial still used by a
    remaining record of its kind and month (``BJ01-WO-2612-0007`` → WO, 2612, 7); never up."""
    used: dict[tuple[str, str], int] = {}
    for table in Base.metadata.sorted_tables:
        if "number" not in table.c or "branch_id" not in table.c:
            continue
        for number in session.execute(select(table.c.number).where(
                table.c.branch_id == branch_id, table.c.number.like(f"{branch_code}-%"))).scalars():
            parts = str(number).rsplit("-", 3)
            if len(parts) == 4 and parts[3].isdigit():
                key = (parts[1], parts[2])
                used[key] = max(used.get(key, 0), int(parts[3]))
    for sequence in session.scalars(select(NumberSequence).where(NumberSequence.branch_id == branch_id)):
        last = used.get((sequence.kind, sequence.period), 0)
        if (sequence.last_serial or 0) > last:
            sequence.last_serial = last
    session.flush()


__all__ = ["DEMO_USERNAMES", "DemoRemovalPlan", "DemoRemovalService", "table_label"]
