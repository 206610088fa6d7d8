"""Older bundles pass through per-version upgraders; private keys never leave their files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from domain.model import Customer
from sync import crypto, upgrade
from sync.service import keys_dir
from tests.sync.helpers import Side, add_customer, resign


def test_older_schema_goes_through_the_upgraders(hq: Side, bj: Side, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    customer_id = add_customer(bj, "老版本", "13300000001", "京J00001")
    current = bj.sync.export_bundle(tmp_path / "now.ddsync")
    pair = crypto.load_keys(keys_dir(bj.data_dir))
    assert pair is not None
    old = tmp_path / "old.ddsync"
    resign(current.path, old, pair, {"schema": "0003"})  # as written by the previous release
    seen: list[str] = []

    def rename(change: upgrade.Change) -> upgrade.Change | None:
        seen.append(change["t"])
        if change["t"] == "customers":
            change["row"]["notes"] = "由 0003 升级"
        return change

    monkeypatch.setitem(upgrade.UPGRADERS, "0003", rename)
    assert upgrade.steps("0003") == [rename] and upgrade.steps(upgrade.revision_chain()[-1]) == []
    [result] = hq.sync.import_bundles([old])
    assert result.status == "applied"
    assert "customers" in seen
    with hq.ctx.db.unit_of_work() as session:
        assert session.get(Customer, customer_id).notes == "由 0003 升级"  # type: ignore[union-attr]


def test_private_keys_never_in_bundles_files_or_logs(hq: Side, bj: Side, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    add_customer(bj, "保密", "13300000002", "京J00002")
    out = bj.sync.export_bundle(tmp_path / "b.ddsync")
    hq.sync.import_bundles([out.path])
    back = hq.sync.export_for_branch("BJ01", tmp_path / "h.ddsync")
    enrolment = tmp_path / "BJ01.enrol"
    secrets: list[bytes] = []
    for side in (hq, bj):
        folder = keys_dir(side.data_dir)
        pair = crypto.load_keys(folder)
        assert pair is not None
        raw = serialization.Encoding.Raw
        fmt = serialization.PrivateFormat.Raw
        none = serialization.NoEncryption()
        for key in (pair.signing, pair.box):
            material = key.private_bytes(raw, fmt, none)  # type: ignore[arg-type]
            secrets += [material, material.hex().encode()]
        secrets += [(folder / crypto.SIGN_FILE).read_bytes(), (folder / crypto.BOX_FILE).read_bytes()]
        for name in (crypto.SIGN_FILE, crypto.BOX_FILE):
            assert (folder / name).stat().st_mode & 0o077 == 0
        assert repr(pair).startswith("KeyPair(") and "PRIVATE" not in repr(pair)
    exposed = [out.path.read_bytes(), back.path.read_bytes(), enrolment.read_bytes(),
               caplog.text.encode(), "".join(capsys.readouterr()).encode()]
    for blob in exposed:
        for secret in secrets:
            assert secret not in blob
    assert enrolment.stat().st_mode & 0o077 == 0
