"""A replaced PC (更换电脑) takes over the branch identity HQ already knows.

Why: HQ holds a branch's rows under the UUIDs the old PC made. A new PC that starts from an
empty database (``dealerdesk init``) makes its own branch row, administrator and number
counters with new UUIDs; HQ would refuse them (the branch code and the user names are
unique, and so is a counter per branch, kind and month), and the new PC would hand out
work-order and complaint numbers the old PC had already used. A PC restored from an old
backup knows the identity but not the numbers the old PC handed out after that backup.

So a re-enrolment file carries HQ's view of the branch (:func:`identity_block`): the branch
row's id and version, its staff ids by user name, and its number counters. The branch
adopts it when it enrols (:func:`adopt`), in the enrolment's transaction:

* the branch row and any staff member whose user name HQ knows under another id take HQ's
  id; every row pointing at them follows (and gets a new row version, so HQ takes it);
* every number counter goes to at least HQ's last serial, under HQ's id;
* each change is written to the outbox like any other (upserts under the new ids,
  tombstones for the old ones), so the next export carries it and ``dealerdesk check``
  stays clean.

Records the old PC made and the new PC never had stay at HQ untouched; a record entered
again on the new PC that collides with one of them (the same plate, say) is a genuine
duplicate and HQ refuses the bundle naming the conflict — restoring the branch's backup
before enrolling avoids that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from domain import clock
from domain.model.branch import Branch
from domain.model.staff import Staff
from domain.model.workorder import NumberSequence
from domain.orm import Base
from storage import outbox
from storage.syncrows import table_by_name

BRANCHES = cast(Table, Branch.__table__)
STAFF = cast(Table, Staff.__table__)
NUMBERS = cast(Table, NumberSequence.__table__)


class IdentityError(Exception):
    """The identity cannot be adopted here; ``reason`` is one Chinese line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Adopted:
    new_lineage: bool  # this database's own branch row was replaced by HQ's (a fresh PC)
    changes: int  # outbox entries written


def identity_block(conn: Connection, code: str) -> dict[str, Any]:
    """At HQ: what a branch needs to continue as itself (empty lists when HQ has nothing)."""
    branch = conn.execute(select(BRANCHES.c.id, BRANCHES.c.row_version).where(
        BRANCHES.c.code == code, BRANCHES.c.is_local.is_(False))).first()
    if branch is None:
        return {"branch_id": None, "branch_v": 0, "staff": [], "numbers": []}
    prefix = f"{code}/"
    staff = [{"id": r.id, "username": r.username.removeprefix(prefix), "v": int(r.row_version)}
             for r in conn.execute(select(STAFF.c.id, STAFF.c.username, STAFF.c.row_version)
                                   .where(STAFF.c.branch_id == branch.id).order_by(STAFF.c.username))]
    numbers = [{"id": r.id, "kind": r.kind, "period": r.period, "last_serial": int(r.last_serial),
                "v": int(r.row_version)}
               for r in conn.execute(select(NUMBERS).where(NUMBERS.c.branch_id == branch.id)
                                     .order_by(NUMBERS.c.kind, NUMBERS.c.period))]
    return {"branch_id": branch.id, "branch_v": int(branch.row_version), "staff": staff,
            "numbers": numbers}


def adopt(conn: Connection, block: dict[str, Any]) -> Adopted:
    """At the branch, inside the enrolment's transaction: take over HQ's identity (module doc)."""
    hq_id = block.get("branch_id")
    if not hq_id:
        return Adopted(False, 0)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # ids change under their children
    local = conn.execute(select(BRANCHES.c.id, BRANCHES.c.row_version)
                         .where(BRANCHES.c.is_local.is_(True))).one()
    upserts: list[tuple[str, str]] = []
    deletes: list[tuple[str, str, int]] = []
    new_lineage = local.id != hq_id
    if new_lineage:
        _rekey(conn, BRANCHES, local.id, str(hq_id),
               max(int(local.row_version), int(block.get("branch_v", 0))) + 1, upserts, deletes)
    by_name = {r.username: r for r in conn.execute(select(STAFF.c.id, STAFF.c.username, STAFF.c.row_version))}
    for member in block.get("staff", []):
        mine = by_name.get(str(member["username"]))
        if mine is not None and mine.id != member["id"]:
            _rekey(conn, STAFF, mine.id, str(member["id"]),
                   max(int(mine.row_version), int(member["v"])) + 1, upserts, deletes)
    for counter in block.get("numbers", []):
        _merge_counter(conn, str(hq_id), counter, upserts, deletes)
    changes = outbox.record(conn, upserts, deletes) if upserts or deletes else 0
    return Adopted(new_lineage, changes)


def _rekey(conn: Connection, table: Table, old: str, new: str, version: int,
           upserts: list[tuple[str, str]], deletes: list[tuple[str, str, int]]) -> None:
    """Row ``old`` becomes ``new`` (at ``version``); every foreign key pointing at it follows.

    Needs foreign keys deferred to the commit (SQLite: ``defer_foreign_keys``); other
    databases cannot change a referenced key in place, so they are refused.
    """
    if conn.dialect.name != "sqlite":
        raise IdentityError("只有 SQLite 数据库可以在登记时改用总部的门店身份；请先恢复本店的备份再登记")
    before = int(conn.execute(select(table.c.row_version).where(table.c.id == old)).scalar_one())
    conn.execute(table.update().where(table.c.id == old).values(id=new, row_version=version,
                                                                  updated_at=clock.now()))
    upserts.append((table.name, new))
    deletes.append((table.name, old, before))
    syncable = table_by_name()
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column is not table.c.id:
                continue
            column = fk.parent
            values: dict[str, Any] = {column.name: new}
            if child.name in syncable:
                ids = [str(r[0]) for r in conn.execute(select(child.c.id).where(column == old))]
                upserts.extend((child.name, row_id) for row_id in ids)
                values["row_version"] = child.c.row_version + 1
            conn.execute(child.update().where(column == old).values(values))


def _merge_counter(conn: Connection, branch_id: str, counter: dict[str, Any],
                   upserts: list[tuple[str, str]], deletes: list[tuple[str, str, int]]) -> None:
    """The local counter of a kind and month continues after HQ's last serial, under HQ's id."""
    hq_id, serial, hq_v = str(counter["id"]), int(counter["last_serial"]), int(counter["v"])
    mine = conn.execute(select(NUMBERS).where(
        NUMBERS.c.branch_id == branch_id, NUMBERS.c.kind == counter["kind"],
        NUMBERS.c.period == counter["period"])).first()
    now = clock.now()
    if mine is None:
        conn.execute(NUMBERS.insert().values(id=hq_id, branch_id=branch_id, kind=counter["kind"],
                                             period=counter["period"], last_serial=serial,
                                             row_version=hq_v + 1, created_at=now, updated_at=now))
        upserts.append((NUMBERS.name, hq_id))
        return
    if mine.id == hq_id and int(mine.last_serial) >= serial and int(mine.row_version) >= hq_v:
        return  # this database is ahead of (or level with) what HQ has
    version = max(int(mine.row_version), hq_v) + 1
    if mine.id != hq_id:
        _rekey(conn, NUMBERS, mine.id, hq_id, version, upserts, deletes)
    conn.execute(NUMBERS.update().where(NUMBERS.c.id == hq_id).values(
        last_serial=max(int(mine.last_serial), serial), row_version=version, updated_at=now))
    if mine.id == hq_id:
        upserts.append((NUMBERS.name, hq_id))
