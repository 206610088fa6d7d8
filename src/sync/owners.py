"""Who owns each synced row (数据归属), declared once per table, and the check at both ends.

Why: HQ used to check a bundle's signature and tables, never whose rows it carried, so a
correctly signed branch bundle could change another branch's work-order total, delete its
payments, rename it, demote HQ's admin or delete HQ's audit entries (issue 23). Every synced
table therefore declares here, in :data:`OWNERS`, how a row's owning branch is found:

* :class:`Direct` — its own ``branch_id`` (master data too: there ``None`` is HQ's row);
* :class:`Parent` — through a parent row (``wo_events.work_order_id`` → ``work_orders``),
  parents resolved table by table, from the same bundle or from what HQ already holds;
* :class:`Registry` — the branch registry itself (a row's owner is the row);
* :class:`AuditTrail` — append-only: new entries only, never changed, never deleted.

A synced table without a declaration fails a test (tests/sync/test_ownership_rules.py), so
a table added later carries the rule from its first day.

The check runs before anything is applied and reads the database in batches (≤ 500 ids per
``IN``), one table after another, never one query per row: a million-change bundle is
checked with a few thousand queries. A bundle breaking any rule is refused whole with one
Chinese line naming the table, the row and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from domain.model.branch import Branch
from storage.syncrows import is_hq_owned, syncable_tables, table_by_name
from sync.ownership import foreign_master_data

BRANCHES = cast(Table, Branch.__table__)
CHUNK = 500  # ids per IN look-up
UNKNOWN = "?"  # an owner that cannot be established (missing parent, parents disagreeing)
Change = dict[str, Any]


@dataclass(frozen=True)
class Direct:
    """The row names its branch in ``branch_id`` (master data: ``None`` is HQ's row)."""


@dataclass(frozen=True)
class Parent:
    """The row belongs to the branch of its parent rows: every non-empty ``parents`` column
    must lead to the same branch. ``fallback`` columns (staff references) decide only when
    every parent column is empty (a care task made for no customer)."""

    parents: tuple[tuple[str, str], ...]
    fallback: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Registry:
    """The branch registry is HQ's: a branch's bundle never carries a registry row, not even
    its own ("A branch can never send branch-registry rows … Only HQ's enrolment creates a
    branch"); HQ writes the sender's row from its verified enrolment (``sync.branch_registry``)."""


@dataclass(frozen=True)
class AuditTrail:
    """Append-only: a branch adds its own entries; an entry HQ already holds is never changed
    or deleted. An entry naming a staff member must name one of the sender's."""

    staff_column: str = "staff_id"


Rule = Direct | Parent | Registry | AuditTrail

_WO = (("work_order_id", "work_orders"),)
_SLIP = (("slip_id", "complaint_slips"),)
_CUSTOMER_VEHICLE = (("customer_id", "customers"), ("vehicle_id", "vehicles"))

#: The one declaration of who owns each synced table's rows.
OWNERS: dict[str, Rule] = {
    "audit_entries": AuditTrail(),
    "branches": Registry(),
    "branch_calendars": Direct(),
    "customers": Direct(),
    "md_campaigns": Direct(),
    "md_labour_codes": Direct(),
    "md_packages": Direct(),
    "md_part_prices": Direct(),
    "md_sundry_items": Direct(),
    "md_package_lines": Direct(),
    "number_sequences": Direct(),
    "staff": Direct(),
    "internal_time_entries": Direct(),
    "vehicles": Direct(),
    "work_orders": Direct(),
    "complaint_slips": Direct(),
    "warranty_claims": Direct(),
    "complaint_deadline_reasons": Direct(),
    "complaint_notices": Direct(),
    "complaint_penalties": Direct(),
    "care_letters": Parent(_CUSTOMER_VEHICLE, (("sent_by_id", "staff"),)),
    "care_reminder_outcomes": Parent(_CUSTOMER_VEHICLE, (("by_id", "staff"),)),
    "care_service_contracts": Parent(_CUSTOMER_VEHICLE),
    "vehicle_ownerships": Parent(_CUSTOMER_VEHICLE),
    "wo_discounts": Parent(_WO),
    "wo_events": Parent(_WO),
    "wo_jobs": Parent(_WO),
    "wo_quality_checks": Parent(_WO),
    "wo_reversals": Parent(_WO),
    "wo_supplementary_approvals": Parent(_WO),
    "wo_handovers": Parent(_WO),
    "wo_labour_lines": Parent(_WO),
    "wo_part_lines": Parent(_WO),
    "wo_payments": Parent(_WO),
    "wo_requisitions": Parent(_WO),
    "wo_sundry_lines": Parent(_WO),
    "wo_time_entries": Parent((("job_id", "wo_jobs"),)),
    "wo_requisition_lines": Parent((("requisition_id", "wo_requisitions"),)),
    "complaint_events": Parent(_SLIP),
    "complaint_losses": Parent(_SLIP),
    "complaint_parties": Parent(_SLIP),
    "complaint_deductions": Parent(_SLIP),
    "follow_up_tasks": Parent((*_WO, *_CUSTOMER_VEHICLE, ("source_slip_id", "complaint_slips")),
                              (("assigned_staff_id", "staff"),)),
    "care_calls": Parent((*_WO, *_CUSTOMER_VEHICLE, ("complaint_slip_id", "complaint_slips"),
                          ("task_id", "follow_up_tasks"), ("request_task_id", "follow_up_tasks")),
                         (("staff_id", "staff"),)),
    "care_ratings": Parent(_WO),
    "care_rating_staff": Parent((("rating_id", "care_ratings"),)),
}


#: Tables that never travel (this database's own state): not Syncable, so no bundle is built
#: from them, and a bundle naming one is refused (:func:`refusal`). Declared here beside the
#: owners so a reader sees where they went.
LOCAL: frozenset[str] = frozenset({
    "login_failures",  # failed logins per account and PC (issue 23 item 8)
})


def undeclared_tables() -> list[str]:
    """Synced tables with no owner declaration (must be empty: a test says so)."""
    return [t.name for t in syncable_tables() if t.name not in OWNERS]


def refusal(conn: Connection, changes: Sequence[Change], *, sender: str, at_hq: bool) -> str | None:
    """Why ``sender``'s bundle must be refused whole (one Chinese line), or None if it may be applied."""
    synced = table_by_name()
    for change in changes:
        name = change.get("t")
        if name not in synced:
            return _line(str(name), str(change.get("id", "")), "是本机数据表或未知的表，不能通过同步更改")
    if not at_hq:
        for change in changes:
            if not is_hq_owned(change["t"]):
                return _line(change["t"], str(change.get("id", "")),
                             "不是总部的主数据，总部数据包不能更改")
        return foreign_master_data(conn, changes, sender=sender, at_hq=False)
    return _Check(conn, changes, sender).run()


def _line(table: str, row_id: str, rule: str) -> str:
    return f"数据包中 {table} 记录 {row_id} {rule}，已拒绝整个数据包"


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start:start + CHUNK]


class _Check:
    """One branch bundle at HQ: owners of the incoming rows and of the rows HQ already holds."""

    def __init__(self, conn: Connection, changes: Sequence[Change], sender: str) -> None:
        self.conn = conn
        self.sender = sender
        self.by_table: dict[str, list[Change]] = {}
        for change in changes:
            self.by_table.setdefault(change["t"], []).append(change)
        self.incoming: dict[str, dict[str, str | None]] = {}  # table -> id -> owner (bundle rows)
        self.held: dict[str, dict[str, str | None]] = {}  # table -> id -> owner (at HQ)
        self.empty: set[str] = set()  # tables HQ holds no row of
        self.branch_id = self._sender_branch()

    def _sender_branch(self) -> str | None:
        """The sender's registry id at HQ (written from its enrolment before any row is checked)."""
        row = self.conn.execute(select(BRANCHES.c.id).where(
            BRANCHES.c.code == self.sender, BRANCHES.c.is_local.is_(False))).first()
        return None if row is None else str(row.id)

    def mine(self, owner: str | None) -> bool:
        return owner is not None and owner != UNKNOWN and owner == self.branch_id

    def run(self) -> str | None:
        for table in syncable_tables():  # parents before children
            changes = self.by_table.get(table.name)
            if not changes:
                continue
            rule = OWNERS[table.name]
            if isinstance(rule, Registry):
                found = self._registry(changes)
            elif isinstance(rule, AuditTrail):
                found = self._audit(table, changes, rule)
            else:
                found = self._owned(table, rule, changes)
            if found is not None:
                return found
        return None

    # --- the rules -----------------------------------------------------------------------------
    def _registry(self, changes: list[Change]) -> str | None:
        change = changes[0]
        return _line(BRANCHES.name, str(change["id"]), "是门店登记，分店不能发送（门店登记只由总部登记分店时写入）")

    def _audit(self, table: Table, changes: list[Change], rule: AuditTrail) -> str | None:
        versions: dict[str, int] = {}
        for chunk in _chunks(str(c["id"]) for c in changes):
            versions.update((str(r[0]), int(r[1] or 0)) for r in self.conn.execute(
                select(table.c.id, table.c.row_version).where(table.c.id.in_(chunk))))
        staff = [str(s) for c in changes if (s := (c.get("row") or {}).get(rule.staff_column))]
        owners = self._owners_of("staff", staff)
        for change in changes:
            row_id = str(change["id"])
            if change.get("op") != "upsert":
                return _line(table.name, row_id, "是操作日志，不能删除")
            if row_id in versions and int(change.get("v", 0)) > versions[row_id]:
                return _line(table.name, row_id, "是总部已有的操作日志，不能修改")
            staff_id = (change.get("row") or {}).get(rule.staff_column)
            owner = owners.get(str(staff_id)) if staff_id else None
            if staff_id and owner is not None and owner != UNKNOWN and not self.mine(owner):
                return _line(table.name, row_id, f"记的操作人不是分店 {self.sender} 的员工")
        return None

    def _owned(self, table: Table, rule: Direct | Parent, changes: list[Change]) -> str | None:
        """Incoming rows must be the sender's; so must any row HQ already holds under their ids."""
        held = self._held(table.name, [str(c["id"]) for c in changes])
        upserts = [c for c in changes if c.get("op") == "upsert"]
        owners = self._incoming(table.name, rule, upserts)
        for change in changes:
            row_id = str(change["id"])
            if row_id in held and not self.mine(held[row_id]):
                return _line(table.name, row_id, f"是总部或其他门店已有的记录，不属于分店 {self.sender}")
            if change.get("op") == "upsert" and not self.mine(owners.get(row_id)):
                why = "无法确定归属（上级记录不存在）" if owners.get(row_id) == UNKNOWN \
                    else f"不属于分店 {self.sender}"
                return _line(table.name, row_id, why)
        return None

    # --- owners --------------------------------------------------------------------------------
    def _incoming(self, name: str, rule: Direct | Parent, upserts: list[Change]) -> dict[str, str | None]:
        """Owner of each incoming row (by its last state in the bundle), kept for its children."""
        owners: dict[str, str | None] = {}
        if isinstance(rule, Direct):
            for change in upserts:
                owners[str(change["id"])] = (change.get("row") or {}).get("branch_id")
        else:
            rows = [(str(c["id"]), c.get("row") or {}) for c in upserts]
            parent_ids: dict[str, list[str]] = {}
            for _row_id, row in rows:
                for column, parent in (*rule.parents, *rule.fallback):
                    if row.get(column):
                        parent_ids.setdefault(parent, []).append(str(row[column]))
            resolved = {parent: self._owners_of(parent, ids) for parent, ids in parent_ids.items()}
            for row_id, row in rows:
                owners[row_id] = _agree(row, rule, resolved)
        self.incoming.setdefault(name, {}).update(owners)
        return owners

    def _owners_of(self, name: str, ids: list[str]) -> dict[str, str | None]:
        """Owner of each parent id: the bundle's row if it brings one, else HQ's; UNKNOWN if neither."""
        bundle = self.incoming.get(name, {})
        missing = [i for i in ids if i not in bundle]
        held = self._held(name, missing)
        return {i: bundle[i] if i in bundle else held.get(i, UNKNOWN) for i in ids}

    def _held(self, name: str, ids: list[str]) -> dict[str, str | None]:
        """Owner of each id HQ already holds in ``name`` (absent ids are left out), resolved
        through parents table by table, in chunks of :data:`CHUNK` ids."""
        cache = self.held.setdefault(name, {})
        wanted = [i for i in dict.fromkeys(ids) if i not in cache]
        table = table_by_name()[name]
        if wanted and name not in self.empty and \
                self.conn.execute(select(table.c.id).limit(1)).first() is None:
            self.empty.add(name)  # a table HQ holds nothing of (a first bundle): one query proves it
        if wanted and name not in self.empty:
            rule = OWNERS[name]
            if isinstance(rule, Registry):
                for chunk in _chunks(wanted):
                    cache.update((str(r[0]), str(r[0])) for r in self.conn.execute(
                        select(table.c.id).where(table.c.id.in_(chunk))))
            elif isinstance(rule, Direct):
                for chunk in _chunks(wanted):
                    cache.update((str(r[0]), r[1]) for r in self.conn.execute(
                        select(table.c.id, table.c.branch_id).where(table.c.id.in_(chunk))))
            elif isinstance(rule, Parent):
                columns = (*rule.parents, *rule.fallback)
                rows: list[tuple[str, dict[str, Any]]] = []
                for chunk in _chunks(wanted):
                    query = select(table.c.id, *(table.c[c] for c, _p in columns)).where(table.c.id.in_(chunk))
                    rows.extend((str(r[0]), dict(r._mapping)) for r in self.conn.execute(query))
                parent_ids: dict[str, list[str]] = {}
                for _row_id, row in rows:
                    for column, parent in columns:
                        if row.get(column):
                            parent_ids.setdefault(parent, []).append(str(row[column]))
                resolved = {parent: self._held(parent, pids) for parent, pids in parent_ids.items()}
                for row_id, row in rows:
                    cache[row_id] = _agree(row, rule, resolved)
        return {i: cache[i] for i in ids if i in cache}


def _agree(row: dict[str, Any], rule: Parent, resolved: dict[str, dict[str, str | None]]) -> str | None:
    """The one branch every non-empty parent column leads to (staff columns only when no
    parent is named), else UNKNOWN."""
    for columns in (rule.parents, rule.fallback):
        found = {resolved.get(parent, {}).get(str(row[column]), UNKNOWN)
                 for column, parent in columns if row.get(column)}
        if found:
            return found.pop() if len(found) == 1 else UNKNOWN
    return UNKNOWN
