"""Outbox retention (issue 17): acknowledged entries go, the sync keeps every guarantee."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.model import OutboxEntry, PartLine, SyncPeer
from domain.roles import Actor
from domain.services.customers import CustomerInput
from storage import space
from storage.integrity import integrity_problems
from storage.outbox import pruned_seq
from storage.syncrows import owned_tables
from tests.sync.helpers import Side, add_customer, make_branch, manifest, rows_of
from tests.sync.test_roundtrip import SYNC_CHECKS, _compare


def _entries(side: Side) -> list[tuple[int, str, str, str]]:
    with side.ctx.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(
            OutboxEntry.seq, OutboxEntry.table_name, OutboxEntry.row_id, OutboxEntry.op).order_by(OutboxEntry.seq))]


def test_acknowledged_entries_are_removed(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=5)
    first = bj.sync.export_bundle(tmp_path / "1.ddsync")
    hq.sync.import_bundles([first.path])
    assert len(_entries(bj)) >= first.changes  # nothing acknowledged yet
    bj.sync.import_bundles([hq.sync.export_for_branch("BJ01", tmp_path / "ack.ddsync").path])
    left = _entries(bj)
    assert all(seq > first.last_seq for seq, *_ in left) and len(left) <= 2  # the import's entry
    with bj.ctx.db.engine.connect() as conn:
        assert pruned_seq(conn) == first.last_seq
    assert integrity_problems(bj.ctx.db.engine) == []
    # the next export starts after the acknowledgement and HQ takes it
    add_customer(bj, "周九", "13300000009", "京J00009")
    nxt = bj.sync.export_bundle(tmp_path / "2.ddsync")
    assert nxt.first_seq == first.last_seq + 1
    assert [r.status for r in hq.sync.import_bundles([nxt.path, nxt.path])] == ["applied", "skipped"]
    _compare(hq, bj)
    # an export state pointing into the removed range is not a restored database
    bj.sync.import_bundles([hq.sync.export_for_branch("BJ01", tmp_path / "ack2.ddsync").path])
    add_customer(bj, "吴十", "13300000010", "京J00010")
    assert bj.sync.export_bundle(tmp_path / "3.ddsync").first_seq > nxt.last_seq


def test_unenrolled_branch_keeps_no_history_and_enrols_from_the_tables(
        hq: Side, template: Path, tmp_path: Path) -> None:
    gz = make_branch(template, tmp_path / "gz", "GZ01")  # not enrolled
    try:
        gz.ctx.services.demo.load(Actor.system(), customers=5)
        customer = add_customer(gz, "郑一", "13100000001", "粤A00001")
        for name in ("郑二", "郑三", "郑四"):  # three changes of one row: one entry at most
            gz.ctx.services.customers.update(Actor.system(), customer,
                                             CustomerInput(name=name, mobile="13100000001"))
        with gz.ctx.db.unit_of_work() as session:
            gone = session.scalars(select(PartLine).limit(1)).one()
            gone_id = gone.id
            session.delete(gone)
        entries = _entries(gz)
        upserts = [(t, r) for _s, t, r, op in entries if op == "upsert"]
        assert len(upserts) == len(set(upserts))  # at most one pending entry per row
        assert ("wo_part_lines", gone_id) in {(t, r) for _s, t, r, op in entries if op == "delete"}
        assert len(upserts) <= 1  # only the newest entry, which holds the sequence
        assert integrity_problems(gz.ctx.db.engine, only=SYNC_CHECKS) == []
        hq.sync.enrol_branch("GZ01", "广州", tmp_path / "gz.enrol")
        gz.sync.enrol(tmp_path / "gz.enrol")
        assert integrity_problems(gz.ctx.db.engine, only=SYNC_CHECKS) == []
        first = gz.sync.export_bundle(tmp_path / "gz.ddsync")
        assert first.first_seq == 1 and first.changes == first.last_seq  # 1..n, no hole
        assert [r.status for r in hq.sync.import_bundles([first.path, first.path])] == ["applied", "skipped"]
        _compare(hq, gz)
        assert gone_id not in rows_of(hq, "wo_part_lines")
    finally:
        gz.close()


def test_deletes_travel_after_compaction(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=5)
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "1.ddsync").path])
    bj.sync.import_bundles([hq.sync.export_for_branch("BJ01", tmp_path / "ack.ddsync").path])
    with bj.ctx.db.unit_of_work() as session:
        gone = session.scalars(select(PartLine).limit(1)).one()
        gone_id = gone.id
        session.delete(gone)
    assert gone_id in rows_of(hq, "wo_part_lines")
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "2.ddsync").path])
    assert gone_id not in rows_of(hq, "wo_part_lines")
    _compare(hq, bj)


def test_export_all_after_compaction_reproduces_everything(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=8)
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "1.ddsync").path])
    bj.sync.import_bundles([hq.sync.export_for_branch("BJ01", tmp_path / "ack.ddsync").path])
    assert len(_entries(bj)) <= 2
    full = bj.sync.export_bundle(tmp_path / "all.ddsync", full=True)
    assert manifest(full.path)["kind"] == "snapshot"
    with hq.ctx.db.engine.begin() as conn:  # HQ lost the branch's rows (restored HQ database)
        for table in reversed(owned_tables("branch")):
            if table.name not in ("branches", "staff", "audit_entries"):
                conn.execute(table.delete())
    assert [r.status for r in hq.sync.import_bundles([full.path])] == ["applied"]
    assert _compare(hq, bj) > 100


def test_hq_retention_follows_the_lowest_acknowledgement(hq: Side, bj: Side, sh: Side,
                                                         tmp_path: Path) -> None:
    for side in (bj, sh):
        add_customer(side, "冯一", "13000000001", "京K00001" if side is bj else "沪K00001")
        hq.sync.import_bundles([side.sync.export_bundle(tmp_path / f"{side.data_dir.name}.ddsync").path])
    md = hq.ctx.services.master_data
    md.save_labour_code(Actor.system(), code="L1", name="保养", standard_hours_centi=50, rate_fen=10000)
    # BJ acknowledges HQ's master data, SH does not yet: HQ keeps it for SH
    back = hq.sync.export_for_branch("BJ01", tmp_path / "bj-ack.ddsync")
    bj.sync.import_bundles([back.path])
    add_customer(bj, "冯二", "13000000002", "京K00002")
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "bj2.ddsync").path])
    with hq.ctx.db.engine.connect() as conn:
        labour = conn.execute(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.table_name == "md_labour_codes")).scalar_one()
    assert labour == 1
    sh_back = hq.sync.export_for_branch("SH01", tmp_path / "sh-ack.ddsync")
    assert manifest(sh_back.path)["kind"] == "changes" and sh_back.changes == 1
    sh.sync.import_bundles([sh_back.path])
    add_customer(sh, "冯三", "13000000003", "沪K00003")
    hq.sync.import_bundles([sh.sync.export_bundle(tmp_path / "sh2.ddsync").path])
    with hq.ctx.db.engine.connect() as conn:
        labour = conn.execute(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.table_name == "md_labour_codes")).scalar_one()
        assert labour == 0 and pruned_seq(conn) > 0
    # a branch behind the floor (here: SH's acknowledgement reset, as for a new PC) gets a snapshot
    with hq.ctx.db.engine.begin() as conn:
        conn.execute(SyncPeer.__table__.update().where(SyncPeer.code == "SH01").values(acked_seq=0))
    snap = hq.sync.export_for_branch("SH01", tmp_path / "sh-snap.ddsync")
    assert manifest(snap.path)["kind"] == "snapshot" and snap.changes >= 1
    assert [r.status for r in sh.sync.import_bundles([snap.path])] == ["applied"]
    assert [c.code for c in sh.ctx.services.master_data.labour_codes()] == ["L1"]
    assert integrity_problems(hq.ctx.db.engine) == []


def _pragma(side: Side, name: str) -> int:
    with side.ctx.db.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"PRAGMA {name}").scalar() or 0)


def _acknowledged_demo(hq: Side, bj: Side, tmp_path: Path) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=10)
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "1.ddsync").path])
    bj.sync.import_bundles([hq.sync.export_for_branch("BJ01", tmp_path / "ack.ddsync").path])


def test_space_is_given_back_in_steps(hq: Side, bj: Side, tmp_path: Path) -> None:
    assert _pragma(bj, "auto_vacuum") == space.INCREMENTAL  # a database made by this version
    _acknowledged_demo(hq, bj, tmp_path)
    assert _pragma(bj, "freelist_count") > 0  # retention freed pages inside the file
    done = space.reclaim(bj.ctx.db.engine, step_pages=16)
    assert done.how == "incremental" and done.freed_bytes > 0
    assert _pragma(bj, "freelist_count") == 0
    assert integrity_problems(bj.ctx.db.engine) == []


def test_a_file_from_before_is_vacuumed_once_and_then_incremental(
        hq: Side, bj: Side, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = bj.ctx.db.engine.raw_connection()
    try:  # as a file made before issue 17: no auto_vacuum
        raw.cursor().execute("PRAGMA auto_vacuum=NONE")
        raw.cursor().execute("VACUUM")
    finally:
        raw.close()
    assert _pragma(bj, "auto_vacuum") == 0
    _acknowledged_demo(hq, bj, tmp_path)
    monkeypatch.setattr(space, "VACUUM_MIN_PAGES", 1)  # the demo is small
    monkeypatch.setattr(space, "VACUUM_FREE_SHARE", 0.0)
    done = space.reclaim(bj.ctx.db.engine)
    assert done.how == "vacuum" and done.freed_bytes > 0
    assert _pragma(bj, "auto_vacuum") == space.INCREMENTAL and _pragma(bj, "freelist_count") == 0
    assert integrity_problems(bj.ctx.db.engine) == []
    add_customer(bj, "陈一", "13200000001", "京L00001")  # the counter goes on
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "2.ddsync").path])
    _compare(hq, bj)
