"""Branch A and B export, HQ imports both: HQ's rows equal the branches' rows field by field."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from domain.model import LabourLine, OutboxEntry, PartLine, SyncPeer
from domain.roles import Actor
from storage.integrity import integrity_problems
from storage.syncrows import owned_tables
from sync.service import ENROLMENT_FILE, keys_dir
from tests.sync.helpers import Side, add_customer, manifest, rows_of

SYNC_CHECKS = ["sync.outbox_sequence", "sync.outbox_matches_rows"]


def _compare(hq: Side, branch: Side) -> int:
    compared = 0
    for table in owned_tables("branch"):
        theirs = rows_of(branch, table.name)
        ours = rows_of(hq, table.name)
        for row_id, row in theirs.items():
            assert ours.get(row_id) == row, (table.name, row_id)
            compared += 1
    return compared


def test_two_branches_round_trip_field_by_field(hq: Side, bj: Side, sh: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=15)
    add_customer(bj, "张三", "13800000001", "京A10001")
    # demo before the real customers: it refuses a database holding others (issue 23 item 7)
    sh.ctx.services.demo.load(Actor.system(), customers=10)
    add_customer(sh, "李四", "13900000002", "沪B20002")
    # the same car serviced at both branches is two rows at HQ (unique per branch)
    add_customer(sh, "张三", "13800000001", "京A10001")
    seen: list[tuple[int, int]] = []
    a = bj.sync.export_bundle(tmp_path / "a.ddsync", progress=lambda d, t: seen.append((d, t)))
    b = sh.sync.export_bundle(tmp_path / "b.ddsync")
    assert a.first_seq == 1 and a.changes == a.last_seq > 100
    assert seen and seen[-1][0] == seen[-1][1]
    assert [s.silent for s in hq.sync.branch_statuses()] == [True, True]  # never imported yet
    results = hq.sync.import_bundles([b.path, a.path], progress=lambda d, t: seen.append((d, t)))
    assert [r.status for r in results] == ["applied", "applied"]
    assert [r.sender for r in results] == ["BJ01", "SH01"]  # sorted by branch
    assert _compare(hq, bj) > 100 and _compare(hq, sh) > 50
    assert integrity_problems(hq.ctx.db.engine) == []
    statuses = {s.code: s for s in hq.sync.branch_statuses()}
    assert statuses["BJ01"].last_seq == a.last_seq and statuses["BJ01"].enrolled
    assert statuses["BJ01"].key_fingerprint == bj.sync.local_fingerprint()
    # branch staff arrive as names for reports and cannot log in at HQ
    staff = rows_of(hq, "staff")
    assert all("password_hash" not in row for row in staff.values())
    _branch_staff_at_hq(hq, bj)


def test_idempotent_and_overlapping_import(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "王五", "13700000003", "京C30003")
    first = bj.sync.export_bundle(tmp_path / "1.ddsync")
    add_customer(bj, "赵六", "13600000004", "京D40004")
    both = bj.sync.export_bundle(tmp_path / "2.ddsync", since=0)  # overlaps the first
    again = bj.sync.export_bundle(tmp_path / "3.ddsync", since=0)  # exporting twice: same data
    # … plus the second export's own audit entry (操作日志), which travels in its bundle
    assert (both.first_seq, both.last_seq + 1) == (again.first_seq, again.last_seq)
    [r1] = hq.sync.import_bundles([first.path])
    [r2] = hq.sync.import_bundles([first.path])
    assert (r1.status, r2.status) == ("applied", "skipped")
    [r3] = hq.sync.import_bundles([both.path])
    assert r3.status == "applied" and f"{first.last_seq + 1}-{both.last_seq}" in r3.message
    [r4] = hq.sync.import_bundles([again.path])
    assert r4.status == "applied" and r4.applied == 1  # only the audit entry was new
    [r5] = hq.sync.import_bundles([again.path])
    assert r5.status == "skipped"
    _compare(hq, bj)


def test_updates_bulk_updates_and_deletes_travel(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=8)
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "1.ddsync").path])
    with bj.ctx.db.unit_of_work() as session:
        part = session.scalars(select(PartLine).limit(1)).one()
        gone = part.id
        session.execute(update(LabourLine).where(LabourLine.work_order_id == part.work_order_id)
                        .values(description="改过的工时"))
        session.delete(part)
    with bj.ctx.db.unit_of_work() as session:
        session.execute(delete(PartLine).where(PartLine.name == "不存在"))  # captured, no rows
    second = bj.sync.export_bundle(tmp_path / "2.ddsync", since=int(manifest(tmp_path / "1.ddsync")["last_seq"]))
    # the audit trail travels too: the bulk update, the delete and the export
    assert second.counts == {"wo_labour_lines": second.counts["wo_labour_lines"], "wo_part_lines": 1,
                             "audit_entries": 3}
    hq.sync.import_bundles([second.path])
    with hq.ctx.db.engine.connect() as conn:
        assert conn.execute(select(PartLine.__table__.c.id).where(PartLine.__table__.c.id == gone)).first() is None
    _compare(hq, bj)
    # (the order's totals were not recomputed on purpose: only the outbox is checked here)
    assert integrity_problems(bj.ctx.db.engine, only=SYNC_CHECKS) == []


def test_master_data_round_trip_and_acknowledgement(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "钱七", "13500000005", "京E50005")
    first = bj.sync.export_bundle(tmp_path / "1.ddsync")
    hq.sync.import_bundles([first.path])
    md = hq.ctx.services.master_data
    md.save_labour_code(Actor.system(), code="L100", name="更换机油", standard_hours_centi=50, rate_fen=12000)
    md.save_part_price(Actor.system(), part_no="P-1", name="机油滤清器", price_fen=4500)
    md.save_campaign(Actor.system(), code="R1", title="气囊召回", kind="recall",
                     vin_from="LSV00000000000000", vin_to="LSV99999999999999")
    back = hq.sync.export_for_branch("BJ01", tmp_path / "hq.ddsync")
    assert back.changes == 3
    assert manifest(nxt_path := first.path).get("enrolment")  # until HQ confirms the binding
    [result] = bj.sync.import_bundles([back.path])
    assert result.status == "applied"
    assert not (keys_dir(bj.data_dir) / ENROLMENT_FILE).exists()  # confirmed: secret gone
    assert [c.code for c in bj.ctx.services.master_data.campaigns()] == ["R1"]
    assert bj.ctx.services.master_data.labour_codes()[0].rate_fen == 12000
    # the acknowledgement moves the next export's start
    add_customer(bj, "孙八", "13400000006", "京F60006")
    nxt = bj.sync.export_bundle(tmp_path / "2.ddsync")
    assert nxt.first_seq == first.last_seq + 1
    assert nxt_path != nxt.path and not manifest(nxt.path).get("enrolment")
    # the branch's acknowledgement of HQ's data travels back: HQ's next bundle starts after it
    hq.sync.import_bundles([nxt.path])
    md.save_part_price(Actor.system(), part_no="P-1", name="机油滤清器", price_fen=4800)
    again = hq.sync.export_for_branch("BJ01", tmp_path / "hq2.ddsync")
    assert again.first_seq == back.last_seq + 1 and again.changes == 1
    bj.sync.import_bundles([again.path])
    assert bj.ctx.services.master_data.part_prices()[0].price_fen == 4800
    assert integrity_problems(bj.ctx.db.engine) == []
    with bj.ctx.db.unit_of_work() as session:
        assert session.scalars(select(SyncPeer)).one().acked_seq == nxt.last_seq
        assert session.scalar(select(OutboxEntry).where(OutboxEntry.table_name.like("md_%"))) is None


def test_snapshot_export_imports_as_same_data(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=5)
    with bj.ctx.db.unit_of_work() as session:
        session.delete(session.scalars(select(PartLine).limit(1)).one())
    full = bj.sync.export_bundle(tmp_path / "all.ddsync", full=True)
    assert manifest(full.path)["kind"] == "snapshot" and full.first_seq == 1
    [result] = hq.sync.import_bundles([full.path])
    assert result.status == "applied"
    _compare(hq, bj)
    [again] = hq.sync.import_bundles([full.path])
    assert again.status == "skipped"


def _branch_staff_at_hq(hq: Side, bj: Side) -> None:
    """A branch's staff at HQ keep the branch's ``active`` flag (HQ's KPI counts the branch's
    technicians by it) and still cannot log in there, nor be changed there."""
    from domain.errors import Conflict, ValidationError
    from domain.model import Staff
    from domain.passwords import hash_password
    from tests.sync.helpers import PASSWORD

    with hq.ctx.services.uow() as session:
        theirs = {row.username: row.active for row in session.scalars(select(Staff).where(
            Staff.username.like("BJ01/%")))}
        admin_id = session.scalar(select(Staff.id).where(Staff.username == "BJ01/admin"))
        # even with a known password (a copied hash), a branch's account is no login at HQ
        session.execute(update(Staff).where(Staff.id == admin_id).values(password_hash=hash_password(PASSWORD)))
    with bj.ctx.services.uow() as session:
        ours = {f"BJ01/{row.username}": row.active for row in session.scalars(select(Staff))}
    assert theirs == ours and any(theirs.values())
    listed = [view.username for view in hq.ctx.services.staff.list(Actor.system())]
    assert listed and not [name for name in listed if name.startswith("BJ01/")]  # HQ manages its own
    with pytest.raises(ValidationError) as refused:
        hq.ctx.services.staff.login("BJ01/admin", PASSWORD)
    assert refused.value.code == "auth.failed"
    assert admin_id is not None
    for change in (lambda: hq.ctx.services.staff.set_active(Actor.system(), admin_id, False),
                   lambda: hq.ctx.services.staff.reset_password(Actor.system(), admin_id, "Another-pass-1")):
        with pytest.raises(Conflict) as info:
            change()
        assert info.value.code == "hq.branch_data_read_only"
