"""The audit trail (操作日志) of sync itself: imports, HQ's exports, enrolment, revocation.

The rule under test is written in :mod:`sync.service`'s module docstring: a branch's
entries travel to HQ (an import's entry with the next export), HQ's entries stay at HQ, an
import that changes nothing (refused or skipped) writes nothing, and no secret is recorded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, cast

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import Table, select

from domain import audit
from domain.model.audit import AuditEntry
from domain.model.sync import OutboxEntry
from domain.roles import Actor
from storage.integrity import integrity_problems
from storage.syncrows import HQ_OWNED
from sync import crypto
from sync.service import EXPORT_STATE_FILE, IMPORT_LOG, NothingToExport, SyncRefused, keys_dir
from tests.sync.helpers import (
    PASSWORD,
    Side,
    add_customer,
    make_branch,
    manifest,
    rows_of,
    table_checksum,
)

AUDIT = cast(Table, AuditEntry.__table__)
OUTBOX = cast(Table, OutboxEntry.__table__)


def entries(side: Side, action: str | None = None, *, local: bool | None = None) -> list[dict[str, Any]]:
    """The side's audit rows, oldest first; ``local``: only those made here (with an outbox
    entry) or only those received from a peer."""
    query = select(AUDIT).order_by(AUDIT.c.at, AUDIT.c.id)
    if action is not None:
        query = query.where(AUDIT.c.action == action)
    own = select(OUTBOX.c.row_id).where(OUTBOX.c.table_name == AUDIT.name)
    if local is True:
        query = query.where(AUDIT.c.id.in_(own))
    elif local is False:
        query = query.where(AUDIT.c.id.not_in(own))
    with side.ctx.db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def import_log(side: Side) -> list[list[str]]:
    path = side.data_dir / IMPORT_LOG
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def manager(side: Side) -> Actor:
    return side.ctx.services.staff.login("admin", PASSWORD)


def test_hq_import_recorded_with_file_branch_range_and_status(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "周一", "13100000001", "京G00001")
    first = bj.sync.export_bundle(tmp_path / "BJ01-first.ddsync")
    admin = manager(hq)
    [result] = hq.sync_as(admin).import_bundles([first.path])
    assert result.status == "applied"
    [entry] = entries(hq, "import", local=True)
    assert entry["record_label"] == "BJ01-first.ddsync" and entry["record_id"] == "BJ01"
    assert entry["staff_id"] == admin.staff_id and entry["staff_name"] == admin.display_name
    assert entry["detail"].startswith(f"已导入 {result.applied} 个变更（序号 1-{first.last_seq}）")
    assert "发送方 BJ01" in entry["detail"] and f"数据包序号 1-{first.last_seq}" in entry["detail"]
    assert integrity_problems(hq.ctx.db.engine) == []  # dealerdesk check: outbox matches data
    # the branch's own trail arrived alongside (received, not made here)
    assert {e["action"] for e in entries(hq, local=False)} >= {"create", "enrol", "export"}

    # an overlapping bundle: the entry names the part that was new
    add_customer(bj, "吴二", "13100000002", "京G00002")
    both = bj.sync.export_bundle(tmp_path / "BJ01-both.ddsync", since=0)
    [result] = hq.sync.import_bundles([both.path])
    assert result.status == "applied"
    latest = entries(hq, "import", local=True)[-1]
    assert latest["record_label"] == "BJ01-both.ddsync"
    assert latest["detail"].startswith(f"已导入 {result.applied} 个变更（序号 {first.last_seq + 1}-{both.last_seq}）")
    assert f"数据包序号 1-{both.last_seq}" in latest["detail"]

    # skipped (already imported) and refused (truncated): the database stays exactly as it was
    broken = tmp_path / "BJ01-broken.ddsync"
    broken.write_bytes(first.path.read_bytes()[:200])
    before = table_checksum(hq)
    refused, skipped = sorted(hq.sync.import_bundles([first.path, broken]), key=lambda r: r.status)
    assert (refused.status, skipped.status) == ("refused", "skipped")
    assert table_checksum(hq) == before
    assert len(entries(hq, "import", local=True)) == 2
    # … and both are in the import log, with the file, the sender, the range and the reason
    log = {line[1]: line for line in import_log(hq)[2:]}
    assert [line[1] for line in import_log(hq)][:2] == ["applied", "applied"]
    assert log["skipped"][2:5] == [str(first.path), "BJ01", f"1-{first.last_seq}"]
    assert log["skipped"][5] == skipped.message
    assert log["refused"][2] == str(broken) and log["refused"][5] == refused.message


def test_branch_import_of_hq_bundle_is_recorded_and_travels_to_hq(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "郑三", "13100000003", "京G00003")
    first = bj.sync.export_bundle(tmp_path / "1.ddsync")
    hq.sync.import_bundles([first.path])
    hq.ctx.services.master_data.save_part_price(Actor.system(), part_no="P-1", name="机油滤清器",
                                                 price_fen=4500)
    back = hq.sync.export_for_branch("BJ01", tmp_path / "HQ-BJ01.ddsync")
    assert bj.sync.import_bundles([back.path])[0].status == "applied"
    [entry] = entries(bj, "import")
    assert entry["record_label"] == "HQ-BJ01.ddsync" and entry["record_id"] == "HQ"
    assert entry["detail"].startswith("已导入 1 个变更")
    assert "发送方 HQ" in entry["detail"] and f"总部确认至序号 {first.last_seq}" in entry["detail"]
    assert integrity_problems(bj.ctx.db.engine) == []  # the entry has its outbox entry
    # the master data itself is HQ's, not a local change: no outbox entry, no row entries
    assert not [e for e in entries(bj) if e["table_name"].startswith("md_")]

    # HQ acknowledged everything: the next export is exactly that import's entry + its own
    nxt = bj.sync.export_bundle(tmp_path / "2.ddsync")
    assert (nxt.first_seq, nxt.last_seq) == (first.last_seq + 1, first.last_seq + 2)
    assert nxt.changes == 2 and nxt.counts == {"audit_entries": 2}
    assert not manifest(nxt.path).get("enrolment")
    # an empty export writes no entry of its own (else "nothing to export" could never be)
    before = table_checksum(bj)
    with pytest.raises(NothingToExport):
        bj.sync.export_bundle(tmp_path / "none.ddsync", since=nxt.last_seq)
    assert table_checksum(bj) == before
    assert hq.sync.import_bundles([nxt.path])[0].status == "applied"
    at_hq = rows_of(hq, "audit_entries")
    assert at_hq[entry["id"]]["detail"] == entry["detail"]  # HQ learns the branch applied it
    assert at_hq[entry["id"]]["action"] == "import"
    assert [e["action"] for e in entries(bj)][-2:] == ["import", "export"]
    assert {e["id"] for e in entries(bj)[-2:]} <= set(at_hq)

    # a repeated HQ file changes nothing at the branch: nothing new to send
    before = table_checksum(bj)
    assert bj.sync.import_bundles([back.path])[0].status == "skipped"
    assert table_checksum(bj) == before


def test_refused_export_writes_no_entry(bj: Side, tmp_path: Path) -> None:
    """A database restored from an old backup is refused at export — before its entry."""
    add_customer(bj, "林四", "13200000004", "京H00004")
    bj.sync.export_bundle(tmp_path / "1.ddsync")
    state = keys_dir(bj.data_dir) / EXPORT_STATE_FILE
    exported = json.loads(state.read_text())
    state.write_text(json.dumps({**exported, "last_seq": exported["last_seq"] + 5}))
    before = table_checksum(bj)
    with pytest.raises(SyncRefused, match="旧备份"):
        bj.sync.export_bundle(tmp_path / "2.ddsync")
    assert table_checksum(bj) == before


def test_hq_export_branch_recorded_and_hq_trail_stays_at_hq(hq: Side, bj: Side, sh: Side,
                                                           tmp_path: Path) -> None:
    for side, name in ((bj, "1"), (sh, "2")):
        add_customer(side, "冯四", f"1310000000{name}", f"京G0000{name}")
        hq.sync.import_bundles([side.sync.export_bundle(tmp_path / f"{name}.ddsync").path])
    md = hq.ctx.services.master_data
    md.save_labour_code(Actor.system(), code="L100", name="更换机油", standard_hours_centi=50, rate_fen=12000)
    md.save_campaign(Actor.system(), code="R1", title="气囊召回", kind="recall",
                     vin_from="LSV00000000000000", vin_to="LSV99999999999999")
    once = hq.sync.export_for_branch("BJ01", tmp_path / "once.ddsync")
    [entry] = entries(hq, "export", local=True)
    assert entry["record_label"] == "once.ddsync" and entry["record_id"] == "BJ01"
    assert f"序号 {once.first_seq}-{once.last_seq}" in entry["detail"]
    assert f"{once.changes} 个变更" in entry["detail"] and "确认分店至序号" in entry["detail"]
    # exporting twice: the second bundle's range also covers HQ's own entry of the first
    # export, yet it carries the same data
    twice = hq.sync.export_for_branch("BJ01", tmp_path / "twice.ddsync")
    assert twice.first_seq == once.first_seq and twice.last_seq > once.last_seq
    assert twice.counts == once.counts and set(once.counts) <= HQ_OWNED
    to_sh = hq.sync.export_for_branch("SH01", tmp_path / "sh.ddsync")
    assert set(to_sh.counts) <= HQ_OWNED and "audit_entries" not in to_sh.counts
    assert len(entries(hq, "export", local=True)) == 3
    assert bj.sync.import_bundles([once.path])[0].status == "applied"
    assert bj.sync.import_bundles([twice.path])[0].status == "skipped"
    assert sh.sync.import_bundles([to_sh.path])[0].status == "applied"
    for side in (bj, sh):
        assert rows_of(side, "md_labour_codes") == rows_of(hq, "md_labour_codes")
        assert rows_of(side, "md_campaigns") == rows_of(hq, "md_campaigns")
        # none of HQ's entries reached the branch
        theirs = {e["id"] for e in entries(side)}
        assert not theirs & {e["id"] for e in entries(hq, local=True)}
    assert integrity_problems(hq.ctx.db.engine) == []


def test_enrolment_and_revocation_recorded(hq: Side, template: Path, tmp_path: Path) -> None:
    enrolment = tmp_path / "gz.enrol"
    hq.sync.enrol_branch("gz01", "广州店", enrolment)
    [issued] = [e for e in entries(hq, "enrol", local=True) if e["record_id"] == "GZ01"]
    assert issued["record_label"] == "gz.enrol" and "广州店" in issued["detail"]
    gz = make_branch(template, tmp_path / "gz", "GZ01")
    try:
        result = gz.sync.enrol(enrolment)
        [enrolled] = entries(gz, "enrol")
        assert enrolled["record_id"] == "HQ" and result.fingerprint in enrolled["detail"]
        add_customer(gz, "陈一", "13200000001", "粤A00001")
        hq.sync.import_bundles([gz.sync.export_bundle(tmp_path / "gz.ddsync").path])
        assert enrolled["id"] in rows_of(hq, "audit_entries")  # the branch's enrolment travelled
        fingerprint = hq.sync.revoke_branch("GZ01")
        [revoked] = entries(hq, "revoke_key", local=True)
        assert revoked["record_id"] == "GZ01" and fingerprint in revoked["detail"]
        assert fingerprint == result.fingerprint
        assert audit.ACTION_LABELS_ZH["revoke_key"] and audit.ACTION_LABELS_ZH["enrol"]
    finally:
        gz.close()


def _secrets(side: Side) -> list[str]:
    """Every private thing of a side that could leak into a text: private keys (PEM body and
    raw bytes), the admin password."""
    found = [PASSWORD]
    folder = keys_dir(side.data_dir)
    for name in (crypto.SIGN_FILE, crypto.BOX_FILE):
        pem = (folder / name).read_text()
        found += [line for line in pem.splitlines() if line and not line.startswith("-----")]
    pair = crypto.load_keys(folder)
    assert pair is not None
    raw, none = serialization.Encoding.Raw, serialization.NoEncryption()
    for key in (pair.signing, pair.box):
        found.append(key.private_bytes(raw, serialization.PrivateFormat.Raw, none).hex())
    return found


def test_no_password_secret_or_private_key_in_any_audit_entry(hq: Side, template: Path,
                                                               tmp_path: Path) -> None:
    enrolment = tmp_path / "xa.enrol"
    hq.sync.enrol_branch("XA01", "西安店", enrolment)
    document = json.loads(enrolment.read_text(encoding="utf-8"))
    enrolment_secrets = [document["secret"], hashlib.sha256(bytes.fromhex(document["secret"])).hexdigest()]
    xa = make_branch(template, tmp_path / "xa", "XA01")
    try:
        xa.sync.enrol(enrolment)
        add_customer(xa, "王五", "13700000003", "陕A00003")
        first = xa.sync.export_bundle(tmp_path / "xa1.ddsync")
        proof = manifest(first.path)["enrolment"]["proof"]
        hq.sync_as(manager(hq)).import_bundles([first.path])
        hq.sync.import_bundles([first.path, tmp_path / "missing.ddsync"])  # skipped, refused
        back = hq.sync.export_for_branch("XA01", tmp_path / "back.ddsync")
        xa.sync_as(manager(xa)).import_bundles([back.path])
        hq.sync.import_bundles([xa.sync.export_bundle(tmp_path / "xa2.ddsync").path])
        xa.ctx.services.staff.change_own_password(manager(xa), PASSWORD, "newpass99-Rv3m")
        hq.sync.revoke_branch("XA01")
        hq.sync.enrol_branch("XA01", "西安店", tmp_path / "again.enrol")
        again = json.loads((tmp_path / "again.enrol").read_text(encoding="utf-8"))["secret"]
        forbidden = [*enrolment_secrets, again, proof, "newpass99-Rv3m", *_secrets(hq), *_secrets(xa)]
        texts = {"HQ": [repr(e) for e in entries(hq)], "XA01": [repr(e) for e in entries(xa)],
                 "HQ log": [(hq.data_dir / IMPORT_LOG).read_text(encoding="utf-8")],
                 "XA01 log": [(xa.data_dir / IMPORT_LOG).read_text(encoding="utf-8")]}
        assert {e["action"] for e in entries(hq, local=True)} >= {"enrol", "import", "export", "revoke_key"}
        for where, rows in texts.items():
            for secret in forbidden:
                assert secret and not any(secret in text for text in rows), (where, secret[:8])
    finally:
        xa.close()
