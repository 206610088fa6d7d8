"""Every refusal names the reason and leaves the receiving database exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sync import crypto
from sync.service import SyncRefused, keys_dir
from tests.sync.helpers import (
    Side,
    add_customer,
    make_branch,
    make_hq,
    resign,
    rewrite_member,
    table_checksum,
)


def _refused(side: Side, path: Path, reason: str) -> None:
    before = table_checksum(side)
    [result] = side.sync.import_bundles([path])
    assert result.status == "refused", result
    assert reason in result.message, result.message
    assert table_checksum(side) == before


@pytest.fixture
def first(hq: Side, bj: Side, tmp_path: Path) -> Path:
    add_customer(bj, "周一", "13100000001", "京G00001")
    return bj.sync.export_bundle(tmp_path / "first.ddsync").path


def test_truncated_and_tampered_files(hq: Side, first: Path, tmp_path: Path) -> None:
    data = first.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 30):
        short = tmp_path / f"short{cut}.ddsync"
        short.write_bytes(data[:cut])
        _refused(hq, short, "不完整")
    flipped = tmp_path / "flipped.ddsync"
    blob = bytearray(data)
    blob[len(blob) // 2] ^= 0x01
    flipped.write_bytes(bytes(blob))
    _refused(hq, flipped, "")  # zip CRC or hash mismatch, whichever notices first
    payload = tmp_path / "payload.ddsync"
    import zipfile
    with zipfile.ZipFile(first) as archive:
        body = bytearray(archive.read("payload.bin"))
    body[-1] ^= 0x01
    rewrite_member(first, payload, "payload.bin", bytes(body))
    _refused(hq, payload, "校验值不符")
    with zipfile.ZipFile(first) as archive:
        text = archive.read("manifest.json").replace(b'"last_seq": ', b'"last_seq": 1')
    forged = tmp_path / "manifest.ddsync"
    rewrite_member(first, forged, "manifest.json", text)
    _refused(hq, forged, "签名无效")
    missing = tmp_path / "nothing.ddsync"
    _refused(hq, missing, "不存在")


def test_unknown_key_revoked_key_and_not_enrolled(hq: Side, bj: Side, first: Path,
                                                  template: Path, tmp_path: Path) -> None:
    hq.sync.import_bundles([first])
    # a stranger re-signs BJ01's bundle with its own key
    stranger = crypto.generate_keys(tmp_path / "stranger")
    forged = tmp_path / "stranger.ddsync"
    resign(first, forged, stranger, {"sender_key": stranger.public.fingerprint, "enrolment": None})
    _refused(hq, forged, "不是 BJ01 登记的密钥")
    # a branch HQ never enrolled
    other = make_branch(template, tmp_path / "gz", "GZ01")
    try:
        crypto.generate_keys(keys_dir(other.data_dir))
        other_path = tmp_path / "gz.ddsync"
        resign(first, other_path, crypto.load_keys(keys_dir(other.data_dir)),  # type: ignore[arg-type]
               {"sender": "GZ01"})
        _refused(hq, other_path, "未在总部登记")
    finally:
        other.close()
    # revoked: the same file that was accepted is refused afterwards
    add_customer(bj, "吴二", "13100000002", "京G00002")
    later = bj.sync.export_bundle(tmp_path / "later.ddsync")
    hq.sync.revoke_branch("BJ01")
    _refused(hq, later.path, "已被吊销")
    assert [s.revoked for s in hq.sync.branch_statuses()] == [True]


def test_second_database_with_the_same_enrolment_file(hq: Side, template: Path, tmp_path: Path) -> None:
    enrolment = tmp_path / "bj.enrol"
    hq.sync.enrol_branch("BJ01", "北京", enrolment)
    one = make_branch(template, tmp_path / "one", "BJ01")
    two = make_branch(template, tmp_path / "two", "BJ01")
    try:
        for side in (one, two):
            side.sync.enrol(enrolment)
            add_customer(side, "郑三", "13100000003", "京G00003")
        a = one.sync.export_bundle(tmp_path / "one.ddsync")
        b = two.sync.export_bundle(tmp_path / "two.ddsync")
        assert hq.sync.import_bundles([a.path])[0].status == "applied"
        _refused(hq, b.path, "登记文件已被使用")
        # a new enrolment after revoking binds new keys (a replaced PC that restored the
        # branch's database from its backup: same records, new machine keys)
        hq.sync.revoke_branch("BJ01")
        hq.sync.enrol_branch("BJ01", "北京", enrolment)
        one.sync.enrol(enrolment)
        add_customer(one, "冯四", "13100000004", "京G00004")
        fresh = one.sync.export_bundle(tmp_path / "fresh.ddsync", full=True)
        assert hq.sync.import_bundles([fresh.path])[0].status == "applied"
        status = hq.sync.branch_statuses()[0]
        assert status.key_fingerprint == one.sync.local_fingerprint() and not status.revoked
    finally:
        one.close()
        two.close()


def test_wrong_branch_code_in_enrolment(hq: Side, sh: Side, tmp_path: Path) -> None:
    enrolment = tmp_path / "bj.enrol"
    hq.sync.enrol_branch("BJ01", "北京", enrolment)
    with pytest.raises(SyncRefused, match="BJ01"):
        sh.sync.enrol(enrolment)


def test_newer_schema_gap_direction_and_receiver(hq: Side, bj: Side, sh: Side, first: Path,
                                                 tmp_path: Path) -> None:
    pair = crypto.load_keys(keys_dir(bj.data_dir))
    assert pair is not None
    newer = tmp_path / "newer.ddsync"
    resign(first, newer, pair, {"schema": "9999"})
    _refused(hq, newer, "数据库版本 9999")
    add_customer(bj, "冯四", "13100000004", "京G00004")
    gap = bj.sync.export_bundle(tmp_path / "gap.ddsync", since=int(bj.sync.export_bundle(
        tmp_path / "x.ddsync").last_seq) - 1)
    assert gap.first_seq > 1
    _refused(hq, gap.path, f"缺少序号 1-{gap.first_seq - 1}")
    hq.sync.import_bundles([first])
    # HQ's bundle for BJ01: not for HQ itself, and not for SH01
    back = hq.sync.export_for_branch("BJ01", tmp_path / "back.ddsync")
    _refused(hq, back.path, "方向不对")
    _refused(sh, back.path, "不是本机")
    # a branch bundle given to a branch
    _refused(sh, first, "方向不对")


def test_refused_file_does_not_stop_the_next(hq: Side, bj: Side, first: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ddsync"
    shutil.copy(first, broken)
    broken.write_bytes(broken.read_bytes()[:100])
    results = hq.sync.import_bundles([broken, first])
    assert sorted(r.status for r in results) == ["applied", "refused"]


def test_hq_init_required_for_hq_commands(bj: Side, tmp_path: Path, template: Path) -> None:
    with pytest.raises(SyncRefused):
        bj.sync.enrol_branch("SH01", "上海", tmp_path / "x.enrol")
    other = make_hq(template, tmp_path / "hq2")
    try:
        with pytest.raises(SyncRefused):
            other.sync.export_bundle(tmp_path / "y.ddsync")
    finally:
        other.close()
