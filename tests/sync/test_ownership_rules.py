"""Ownership at both ends of sync (issue 23, item 1).

Issue 23: "HQ applies a row from a branch bundle only if it belongs to the sender: its branch
(directly, or through its parent for child tables) is the sender's branch, and if the id
already exists at HQ, that row belongs to the sender too. A branch can never send
branch-registry rows, staff of another branch or of HQ, HQ's master data, local tables (keys,
peers, settings, outbox), or deletions of audit entries. A bundle that breaks any of these is
refused whole, with one line naming the table, the row and the rule, written to the sync log
and the audit trail; nothing is applied."

The world: HQ, and branches BJ01 and SH01 holding demo data, both imported at HQ. Bundles
are forged as BJ01 would sign them (its own key, sealed to HQ), so only the ownership rule
can stop them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, select

import domain.model  # noqa: F401
from domain.model.audit import AuditEntry
from domain.model.branch import Branch
from domain.model.staff import Staff
from domain.model.sync import SyncPeer
from domain.orm import Base
from domain.roles import Actor
from storage.syncrows import EXCLUDED_COLUMNS, row_payload, syncable_tables, table_by_name
from sync import bundle, crypto
from sync.bundle import BRANCH_TO_HQ, HQ_TO_BRANCH
from sync.owners import CHUNK, OWNERS, Direct, Parent, refusal, undeclared_tables
from sync.service import IMPORT_LOG, keys_dir
from tests.sync.helpers import Side, data_checksum, make_branch, make_hq, table_checksum

PEERS = cast(Table, SyncPeer.__table__)
LOCAL_TABLES = sorted(name for name in Base.metadata.tables if name not in table_by_name())


@dataclass
class World:
    hq: Side
    bj: Side
    sh: Side
    tmp: Path
    #: per synced table, the ids each side made (as HQ holds them after both imports)
    ids: dict[str, dict[str, list[str]]]


def _ids(side: Side) -> dict[str, list[str]]:
    with side.ctx.db.engine.connect() as conn:
        return {t.name: sorted(str(i) for i in conn.execute(select(t.c.id)).scalars())
                for t in syncable_tables()}


@pytest.fixture(scope="module")
def world(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("ownership")
    hq = make_hq(template, tmp / "hq")
    bj = make_branch(template, tmp / "bj", "BJ01", hq)
    sh = make_branch(template, tmp / "sh", "SH01", hq)
    hq_ids = _ids(hq)  # before any import: HQ's own rows
    for side, customers in ((bj, 3), (sh, 6)):
        side.ctx.services.demo.load(Actor.system(), customers=customers)
        path = side.sync.export_bundle(tmp / f"{side.data_dir.name}-1.ddsync").path
        [result] = hq.sync.import_bundles([path])
        assert result.status == "applied", result.message
    ids = {"hq": hq_ids, "bj": _ids(bj), "sh": _ids(sh)}
    by_table = {name: {who: ids[who][name] for who in ids} for name in table_by_name()}
    yield World(hq, bj, sh, tmp, by_table)
    for side in (hq, bj, sh):
        side.close()


def _hq_row(world: World, table: str, row_id: str) -> dict[str, Any]:
    t = table_by_name()[table]
    with world.hq.ctx.db.engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.id == row_id)).mappings().one()
    return cast(dict[str, Any], orjson.loads(row_payload(table, row)))


def _change(table: str, row_id: str, op: str, version: int, row: dict[str, Any] | None) -> dict[str, Any]:
    return {"t": table, "id": row_id, "op": op, "v": version, "row": row if row is not None else {"id": row_id}}


def forge(world: World, changes: list[dict[str, Any]], name: str) -> Path:
    """A bundle BJ01 signs with its own key, sealed to HQ, carrying exactly ``changes``."""
    with world.hq.ctx.db.engine.connect() as conn:
        applied = int(conn.execute(select(PEERS.c.last_applied_seq).where(PEERS.c.code == "BJ01")).scalar_one())
    pair = crypto.load_keys(keys_dir(world.bj.data_dir))
    hq_box = crypto.load_keys(keys_dir(world.hq.data_dir)).public.box
    assert pair is not None
    first = applied + 1
    lines = [(c["t"], bundle.change_line(first + i, c["t"], c["id"], c["op"], c["v"],
                                         orjson.dumps(c["row"], option=orjson.OPT_SORT_KEYS).decode()))
             for i, c in enumerate(changes)]
    manifest = {"direction": BRANCH_TO_HQ, "sender": "BJ01", "receiver": "HQ", "kind": "changes",
                "ack": 0}
    path = world.tmp / name
    world.bj.sync._write(path, pair, hq_box, manifest, first, first + len(lines) - 1, iter(lines), None)
    return path


def _trail(side: Side, action: str) -> list[str]:
    audit = cast(Table, AuditEntry.__table__)
    with side.ctx.db.engine.connect() as conn:
        return [str(d) for d in conn.execute(select(audit.c.detail).where(audit.c.action == action)).scalars()]


def refused_whole(world: World, changes: list[dict[str, Any]], name: str, *words: str) -> str:
    """Import the forged bundle at HQ: refused, nothing applied, the reason (one line) in the
    sync log and in HQ's audit trail."""
    before = data_checksum(world.hq)
    trail = len(_trail(world.hq, "import_refused"))
    [result] = world.hq.sync.import_bundles([forge(world, changes, name)])
    assert result.status == "refused", result
    assert data_checksum(world.hq) == before
    for word in words:
        assert word in result.message, result.message
    assert "\n" not in result.message
    log = (keys_dir(world.hq.data_dir).parent / IMPORT_LOG).read_text(encoding="utf-8")
    assert result.message in log
    entries = _trail(world.hq, "import_refused")
    assert len(entries) == trail + 1
    assert any(result.message in e and "发送方 BJ01" in e for e in entries)
    return result.message


def _check(world: World, changes: list[dict[str, Any]]) -> str | None:
    with world.hq.ctx.db.engine.connect() as conn:
        return refusal(conn, changes, sender="BJ01", at_hq=True)


# --- the declaration --------------------------------------------------------------------------

def test_every_synced_table_declares_its_owner() -> None:
    """Issue 23: "Each synced table declares its owner in one place, and a test fails when a
    synced table has no declaration." """
    assert undeclared_tables() == []
    assert set(OWNERS) == set(table_by_name()), "a declaration for a table that is not synced"
    for name, rule in OWNERS.items():
        table = table_by_name()[name]
        if isinstance(rule, Direct):
            assert "branch_id" in table.c, name
        if isinstance(rule, Parent):
            for column, parent in (*rule.parents, *rule.fallback):
                assert parent in table_by_name() and column in table.c, (name, column)
                assert any(fk.column.table.name == parent for fk in table.c[column].foreign_keys), (name, column)


# --- properties over every synced table -------------------------------------------------------

SYNCED = sorted(table_by_name())


def _foreign_payload(world: World, table: str, new_id: str, owner: str) -> dict[str, Any] | None:
    """A new row of ``table`` that belongs to ``owner`` ('sh', 'hq', or 'nobody': a branch or
    parent no one holds), or None if this world has no such row to copy or point at."""
    rule = OWNERS[table]
    made = world.ids[table].get(owner, [])
    row = _hq_row(world, table, made[0]) if made else {}
    row["id"] = new_id
    if isinstance(rule, Direct):
        branch = {"sh": world.ids["branches"]["sh"], "hq": world.ids["branches"]["hq"],
                  "nobody": [str(uuid.uuid4())]}[owner]
        row["branch_id"] = branch[0] if branch else None
        if table.startswith("md_") and owner == "hq":
            row["branch_id"] = None  # HQ's master data
        return row
    if isinstance(rule, Parent):
        column, parent = rule.parents[0]
        if owner == "nobody":  # a parent no one holds: whose the row is cannot be known
            return {**row, column: str(uuid.uuid4())}
        parents = world.ids[parent][owner]
        if not parents:
            return None
        row[column] = parents[0]
        return row
    if table == "audit_entries":  # an entry's branch is its actor's
        staff = world.ids["staff"].get(owner, [])
        return {**row, "staff_id": staff[0]} if made and staff else None
    if table == "branches":
        return {**row, "code": "HQ" if owner == "hq" else "GZ01", "name": "假门店"}
    return row if made else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(SYNCED), owner=st.sampled_from(["sh", "hq", "nobody"]),
       op=st.sampled_from(["insert", "update", "delete"]), padding=st.integers(0, 3))
def test_a_row_of_another_branch_or_of_hq_is_refused(world: World, table: str, owner: str, op: str,
                                                      padding: int) -> None:
    """Issue 23: "for every synced table, a row of another branch, of HQ or of a local table,
    inserted, updated or deleted, is refused." Padding: the branch's own legitimate changes
    around the bad one do not rescue it."""
    own = [_change("customers", cid, "upsert", 99, _hq_row(world, "customers", cid))
           for cid in world.ids["customers"]["bj"][:padding]]
    if op == "insert":
        new_id = str(uuid.uuid4())
        row = _foreign_payload(world, table, new_id, owner)
        if row is None:
            return  # this world holds no row of that owner to point at
        bad = _change(table, new_id, "upsert", 1, row)
    else:
        held = world.ids[table].get(owner, [])
        if not held:
            return
        row = _hq_row(world, table, held[0])
        bad = _change(table, held[0], "upsert" if op == "update" else "delete", 10_000, row)
        if op == "update" and isinstance(OWNERS[table], Direct):
            row["branch_id"] = world.ids["branches"]["bj"][0]  # claiming it changes nothing
    changes = [*own, bad, *own]
    found = _check(world, changes)
    assert found is not None, (table, owner, op)
    assert table in found and bad["id"] in found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(LOCAL_TABLES), op=st.sampled_from(["upsert", "delete"]))
def test_a_local_table_is_refused(world: World, table: str, op: str) -> None:
    """Issue 23: a branch can never send "local tables (keys, peers, settings, outbox)"."""
    row_id = str(uuid.uuid4())
    found = _check(world, [_change(table, row_id, op, 1, None)])
    assert found is not None and table in found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(SYNCED), op=st.sampled_from(["update", "delete"]))
def test_the_branch_own_rows_pass(world: World, table: str, op: str) -> None:
    """The other side of the rule: the sender's own rows (updated or deleted) are accepted,
    except what no branch may ever do: delete or change an audit entry, or send a registry
    row, even its own ("A branch can never send branch-registry rows")."""
    held = world.ids[table]["bj"]
    if not held:
        return
    row = _hq_row(world, table, held[-1])
    change = _change(table, held[-1], "upsert" if op == "update" else "delete", 10_000, row)
    found = _check(world, [change])
    if table == "branches" or (op == "delete" and table == "audit_entries"):
        assert found is not None and table in found
    elif op == "update" and table == "audit_entries":
        assert found is not None and "不能修改" in found
    else:
        assert found is None, found


# --- the concrete attacks of the issue, end to end --------------------------------------------

def test_another_branch_work_order_total(world: World) -> None:
    """Attack: "changed another branch's work-order total to 0.01 yuan"."""
    order = world.ids["work_orders"]["sh"][0]
    row = {**_hq_row(world, "work_orders", order), "total_fen": 1}
    refused_whole(world, [_change("work_orders", order, "upsert", 10_000, row)], "total.ddsync",
                  "work_orders", order, "不属于分店 BJ01")


def test_deleting_another_branch_payments(world: World) -> None:
    """Attack: "deleted another branch's payments"."""
    payments = world.ids["wo_payments"]["sh"]
    assert payments
    refused_whole(world, [_change("wo_payments", p, "delete", 10_000, None) for p in payments],
                  "payments.ddsync", "wo_payments", payments[0])


def test_a_child_row_hung_on_another_branch_order(world: World) -> None:
    """Through the parent: a new payment on SH01's work order is SH01's, not BJ01's."""
    payment = world.ids["wo_payments"]["sh"][0]
    row = {**_hq_row(world, "wo_payments", payment), "id": str(uuid.uuid4())}
    refused_whole(world, [_change("wo_payments", row["id"], "upsert", 1, row)], "child.ddsync",
                  "wo_payments", row["id"])


def test_renaming_another_branch(world: World) -> None:
    """Attack: "renamed another branch"."""
    sh_branch = world.ids["branches"]["sh"][0]
    row = {**_hq_row(world, "branches", sh_branch), "name": "改名"}
    refused_whole(world, [_change("branches", sh_branch, "upsert", 10_000, row)], "rename.ddsync",
                  "branches", sh_branch)


def test_hq_admin_made_an_inactive_technician(world: World) -> None:
    """Attack: "made HQ's only admin an inactive technician (HQ could no longer log in)" and
    "made an HQ clerk an admin"."""
    staff = cast(Table, Staff.__table__)
    with world.hq.ctx.db.engine.connect() as conn:
        admin = str(conn.execute(select(staff.c.id).where(staff.c.username == "admin")).scalar_one())
    row = {**_hq_row(world, "staff", admin), "role": "technician", "active": False}
    refused_whole(world, [_change("staff", admin, "upsert", 10_000, row)], "admin.ddsync",
                  "staff", admin)
    promoted = {**_hq_row(world, "staff", admin), "id": str(uuid.uuid4()), "username": "clerk",
                "role": "admin"}
    refused_whole(world, [_change("staff", promoted["id"], "upsert", 1, promoted)], "clerk.ddsync",
                  "staff", promoted["id"])


def test_deleting_hq_audit_entries(world: World) -> None:
    """Attack: "deleted HQ's own audit entries"; nor may an existing entry be changed."""
    audit = cast(Table, AuditEntry.__table__)
    with world.hq.ctx.db.engine.connect() as conn:
        entries = [str(i) for i in conn.execute(select(audit.c.id).limit(3)).scalars()]
    refused_whole(world, [_change("audit_entries", e, "delete", 10_000, None) for e in entries],
                  "audit.ddsync", "audit_entries", "不能删除")
    row = {**_hq_row(world, "audit_entries", entries[0]), "detail": "篡改"}
    refused_whole(world, [_change("audit_entries", entries[0], "upsert", 10_000, row)],
                  "audit-edit.ddsync", "audit_entries", "不能修改")


def test_creating_a_fake_branch(world: World) -> None:
    """Attack: "created a fake branch whose identity the real one silently adopted when it
    enrolled later". Issue 23: "Only HQ's enrolment creates a branch." """
    fake = str(uuid.uuid4())
    row = {**_hq_row(world, "branches", world.ids["branches"]["bj"][0]), "id": fake, "code": "GZ01",
           "name": "广州店"}
    refused_whole(world, [_change("branches", fake, "upsert", 1, row)], "fake.ddsync", "branches", fake)
    branches = cast(Table, Branch.__table__)
    with world.hq.ctx.db.engine.connect() as conn:
        assert conn.execute(select(branches.c.id).where(branches.c.code == "GZ01")).first() is None


def test_a_local_table_in_a_bundle_is_refused_not_ignored(world: World) -> None:
    """Issue 23: local tables (keys, peers, settings, outbox) are refused, never silently ignored."""
    refused_whole(world, [_change("settings", "x", "upsert", 1, {"id": "x", "key": "k", "value": "v"})],
                  "settings.ddsync", "settings")


def test_a_good_bundle_still_applies_after_the_refusals(world: World) -> None:
    """The refusals changed nothing: BJ01's next real bundle still imports."""
    world.bj.ctx.services.demo.load(Actor.system(), customers=1)
    path = world.bj.sync.export_bundle(world.tmp / "bj-2.ddsync").path
    [result] = world.hq.sync.import_bundles([path])
    assert result.status == "applied", result.message


def test_the_check_reads_in_chunks(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23 (fast): batched look-ups of at most 500 ids per IN query, never one per row."""
    assert CHUNK <= 500
    events = world.ids["wo_events"]["bj"]
    changes = [_change("wo_events", str(uuid.uuid4()), "upsert", 1,
                       {**_hq_row(world, "wo_events", events[0]), "id": ""}) for _ in range(3000)]
    for change in changes:
        change["row"]["id"] = change["id"]
    statements: list[str] = []
    from sqlalchemy import event

    engine = world.hq.ctx.db.engine

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert _check(world, changes) is None
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) < 30, len(statements)


def test_excluded_columns_stay_what_they_were() -> None:
    """(sanity) the registry row HQ sends nowhere still never travels with its local flags."""
    assert {"is_local", "mode"} <= EXCLUDED_COLUMNS["branches"]



# --- at a branch: only what HQ owns -----------------------------------------------------------

def forge_from_hq(world: World, changes: list[dict[str, Any]], name: str) -> Path:
    """A bundle HQ signs with its own key, sealed to BJ01, carrying exactly ``changes``."""
    with world.bj.ctx.db.engine.connect() as conn:
        hq_peer = conn.execute(select(PEERS).where(PEERS.c.role == "hq")).one()
    pair = crypto.load_keys(keys_dir(world.hq.data_dir))
    bj_keys = crypto.load_keys(keys_dir(world.bj.data_dir))
    assert pair is not None and bj_keys is not None
    first = int(hq_peer.last_applied_seq) + 1
    lines = [(c["t"], bundle.change_line(first + i, c["t"], c["id"], c["op"], c["v"],
                                         orjson.dumps(c["row"], option=orjson.OPT_SORT_KEYS).decode()))
             for i, c in enumerate(changes)]
    manifest = {"direction": HQ_TO_BRANCH, "sender": "HQ", "receiver": "BJ01", "kind": "changes",
                "ack": int(hq_peer.acked_seq), "receiver_key": bj_keys.public.fingerprint}
    path = world.tmp / name
    world.hq.sync._write(path, pair, bj_keys.public.box, manifest, first, first + len(lines) - 1,
                         iter(lines), None)
    return path


@pytest.mark.parametrize("attack", ["branch_record", "other_branch", "registry", "local"])
def test_a_branch_applies_from_hq_only_what_hq_owns(world: World, attack: str) -> None:
    """Issue 23: "A branch applies from HQ only what HQ owns (master data, acknowledgements,
    and its own rows in a re-enrolment)." Re-enrolment carries the branch's identity in the
    enrolment file (sync.identity), never in a bundle, so a bundle from HQ holds master data."""
    customer = world.ids["customers"]["bj"][0]
    with world.bj.ctx.db.engine.connect() as conn:
        t = table_by_name()["customers"]
        mine = dict(conn.execute(select(t).where(t.c.id == customer)).mappings().one())
    own = orjson.loads(row_payload("customers", mine))
    change = {
        "branch_record": _change("customers", customer, "upsert", 10_000, {**own, "name": "总部改的"}),
        "other_branch": _change("customers", world.ids["customers"]["sh"][0], "upsert", 1,
                                _hq_row(world, "customers", world.ids["customers"]["sh"][0])),
        "registry": _change("branches", world.ids["branches"]["bj"][0], "delete", 10_000, None),
        "local": _change("sync_peers", "x", "upsert", 1, {"id": "x"}),
    }[attack]
    before = table_checksum(world.bj)
    [result] = world.bj.sync.import_bundles([forge_from_hq(world, [change], f"hq-{attack}.ddsync")])
    assert result.status == "refused", result
    assert change["t"] in result.message and "已拒绝整个数据包" in result.message
    assert "\n" not in result.message
    assert table_checksum(world.bj) == before
