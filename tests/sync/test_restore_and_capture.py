"""A branch restored from an old backup is refused; capture covers ORM, bulk and demo writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from app.context import AppContext
from domain.errors import Conflict
from domain.model import Branch, Customer, LabourCode, OutboxEntry
from domain.roles import Actor
from storage.database import DB_FILE_NAME
from storage.engine import sqlite_backup
from storage.integrity import integrity_problems
from storage.outbox import backfill
from storage.syncrows import syncable_tables
from sync.service import EXPORT_STATE_FILE, SyncRefused, keys_dir
from tests.sync.helpers import Side, add_customer, table_checksum

SYNC_CHECKS = ["sync.outbox_sequence", "sync.outbox_matches_rows"]


def _restore(side: Side, backup: Path) -> None:
    side.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{side.data_dir / DB_FILE_NAME}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, side.data_dir / DB_FILE_NAME)
    side.ctx = AppContext.open(side.data_dir)


def test_restored_from_old_backup_is_refused(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "陈一", "13200000001", "京H00001")
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "1.ddsync").path])
    backup = tmp_path / "backup.sqlite3"
    sqlite_backup(bj.data_dir / DB_FILE_NAME, backup)  # the branch's backup at this moment
    add_customer(bj, "陈二", "13200000002", "京H00002")
    add_customer(bj, "陈三", "13200000003", "京H00003")
    second = bj.sync.export_bundle(tmp_path / "2.ddsync")
    hq.sync.import_bundles([second.path])
    # the PC breaks; the old backup is put back and work goes on with other customers
    _restore(bj, backup)
    add_customer(bj, "林四", "13200000004", "京H00004")
    add_customer(bj, "林五", "13200000005", "京H00005")
    add_customer(bj, "林六", "13200000006", "京H00006")
    with pytest.raises(SyncRefused, match="旧备份"):
        bj.sync.export_bundle(tmp_path / "3.ddsync")
    # the branch's own guard lost too (another PC, state file gone): HQ still refuses
    (keys_dir(bj.data_dir) / EXPORT_STATE_FILE).unlink()
    third = bj.sync.export_bundle(tmp_path / "3.ddsync")
    assert third.first_seq <= second.last_seq < third.last_seq
    before = table_checksum(hq)
    [result] = hq.sync.import_bundles([third.path])
    assert result.status == "refused" and "旧备份" in result.message, result.message
    assert table_checksum(hq) == before


def test_hq_acknowledgement_beyond_local_sequence_is_refused(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "陈一", "13200000001", "京H00001")
    backup = tmp_path / "backup.sqlite3"
    sqlite_backup(bj.data_dir / DB_FILE_NAME, backup)
    add_customer(bj, "陈二", "13200000002", "京H00002")
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "1.ddsync").path])
    back = hq.sync.export_for_branch("BJ01", tmp_path / "hq.ddsync")
    _restore(bj, backup)
    [result] = bj.sync.import_bundles([back.path])
    assert result.status == "refused" and "旧备份" in result.message


def test_demo_bulk_inserts_are_all_captured(bj: Side) -> None:
    bj.ctx.services.demo.load(Actor.system(), customers=30)
    with bj.ctx.db.engine.connect() as conn:
        rows = sum(conn.execute(select(func.count()).select_from(t)).scalar_one()
                   for t in syncable_tables())
        entries = conn.execute(select(func.count()).select_from(OutboxEntry)).scalar_one()
    assert rows > 500 and entries >= rows
    # every row's latest entry carries its current version; the sequence has no holes
    assert integrity_problems(bj.ctx.db.engine, only=SYNC_CHECKS) == []


def test_orm_changes_and_refusals(bj: Side) -> None:
    customer_id = add_customer(bj, "何七", "13200000007", "京H00007")
    with bj.ctx.db.unit_of_work() as session:
        session.execute(update(Customer).where(Customer.id == customer_id).values(notes="常客"))
    with bj.ctx.db.unit_of_work() as session:
        last = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert last is not None and last.row_id == customer_id and "常客" in last.payload
        assert last.row_version == session.get(Customer, customer_id).row_version  # type: ignore[union-attr]
    with pytest.raises(Conflict), bj.ctx.db.unit_of_work() as session:  # bulk by primary key
        session.execute(update(Customer), [{"id": customer_id, "notes": "x"}])
    with pytest.raises(Conflict), bj.ctx.db.unit_of_work() as session:  # legacy bulk API
        session.bulk_insert_mappings(Customer, [{"name": "绕过"}])  # type: ignore[arg-type]
    with pytest.raises(Conflict), bj.ctx.db.unit_of_work() as session:  # textual DML
        session.execute(text("UPDATE customers SET notes = 'x'"))
    # master data without a branch is HQ's: a branch cannot write it, around the services or not
    with pytest.raises(Conflict, match="总部"), bj.ctx.db.unit_of_work() as session:
        session.add(LabourCode(code="X", name="本地改价"))
    with pytest.raises(Conflict, match="总部"), bj.ctx.db.unit_of_work() as session:
        session.execute(insert(LabourCode), [{"code": "Y", "name": "本地改价"}])
    # its own items (本店) it writes, and they are captured like any change
    own = bj.ctx.services.master_data.save_part_price(Actor.system(), part_no="P", name="x", price_fen=1)
    assert own.owned.source == "own"
    with bj.ctx.db.unit_of_work() as session:
        session.execute(insert(LabourCode), [{"code": "Y", "name": "本店", "branch_id": own_branch(session)}])
    with pytest.raises(Conflict, match="总部"), bj.ctx.db.unit_of_work() as session:
        session.execute(update(LabourCode).where(LabourCode.code == "Y").values(branch_id=None))
    assert integrity_problems(bj.ctx.db.engine, only=SYNC_CHECKS) == []


def own_branch(session: Session) -> str:
    return str(session.scalars(select(Branch.id).where(Branch.is_local.is_(True))).one())


def test_integrity_check_notices_an_uncaptured_change(bj: Side) -> None:
    customer_id = add_customer(bj, "何八", "13200000008", "京H00008")
    with bj.ctx.db.engine.begin() as conn:  # around the capture, as a hand edit would
        conn.execute(text("UPDATE customers SET row_version = row_version + 1 WHERE id = :id"),
                     {"id": customer_id})
        conn.execute(text("DELETE FROM sync_outbox WHERE seq = 2"))
    problems = integrity_problems(bj.ctx.db.engine)
    assert any(customer_id in p for p in problems)
    # holes are what retention leaves; a sequence behind HQ's acknowledgement is not
    with bj.ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE sync_peers SET acked_seq = 1000 WHERE role = 'hq'"))
    assert any("低于总部已确认" in p for p in integrity_problems(bj.ctx.db.engine, only=SYNC_CHECKS))


def test_backfill_gives_rows_from_before_capture_their_entries(bj: Side) -> None:
    """Migration 0004 runs this for rows that existed before change capture."""
    bj.ctx.services.demo.load(Actor.system(), customers=5, work_orders=5)
    with bj.ctx.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM sync_outbox"))
    assert integrity_problems(bj.ctx.db.engine, only=SYNC_CHECKS)
    with bj.ctx.db.engine.begin() as conn:
        assert backfill(conn) > 20
        assert backfill(conn) == 0  # idempotent
    assert integrity_problems(bj.ctx.db.engine, only=SYNC_CHECKS) == []
