"""Only HQ's enrolment creates a branch, and no branch ever sends a registry row (issue 23 item 1).

Issue 23: "A branch can never send branch-registry rows … Only HQ's enrolment creates a
branch." The branch's first bundle states its id in the signed enrolment block; HQ writes
the row under the code and name it enrolled (``sync.branch_registry``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select

from domain.model.branch import Branch
from sync import bundle, crypto
from sync.service import keys_dir
from tests.sync.helpers import Side, add_customer, resign

BRANCHES = cast(Table, Branch.__table__)


def _registry(side: Side) -> dict[str, dict[str, Any]]:
    with side.ctx.db.engine.connect() as conn:
        return {str(r["code"]): dict(r) for r in conn.execute(select(BRANCHES)).mappings()}


def _payload_tables(side: Side, path: Path, hq: Side) -> set[str]:
    pair = crypto.load_keys(keys_dir(hq.data_dir))
    assert pair is not None
    return {str(change["t"]) for batch in bundle.PayloadStream(bundle.read(path), pair)
            for _seq, _line, change in batch}


def test_the_first_bundle_registers_the_branch_under_hq_enrolment(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "王小明", "13800138000", "京A12345")
    exported = bj.sync.export_bundle(tmp_path / "bj.ddsync")
    assert "branches" not in _payload_tables(bj, exported.path, hq)  # never in the payload
    assert "BJ01" not in _registry(hq)
    result = hq.sync.import_bundles([exported.path])[0]
    assert result.status == "applied", result.message
    at_hq, at_branch = _registry(hq)["BJ01"], _registry(bj)["BJ01"]
    assert at_hq["id"] == at_branch["id"]  # the rows the branch sent name this id
    assert at_hq["name"] == "BJ01 店" and at_hq["timezone"] == at_branch["timezone"]
    assert at_hq["is_local"] is False and at_hq["mode"] == "branch"


def test_a_first_bundle_claiming_another_branch_identity_is_refused(hq: Side, bj: Side, sh: Side,
                                                                     tmp_path: Path) -> None:
    """The fake-branch attack turned round: BJ01's first bundle states SH01's id (HQ holds it)."""
    hq.sync.import_bundles([sh.sync.export_bundle(tmp_path / "sh.ddsync").path])
    sh_id = _registry(hq)["SH01"]["id"]
    real = bj.sync.export_bundle(tmp_path / "bj.ddsync").path
    manifest = json.loads(bundle.read(real).manifest_bytes)
    manifest["enrolment"]["branch"]["id"] = sh_id
    pair = crypto.load_keys(keys_dir(bj.data_dir))
    assert pair is not None
    forged = tmp_path / "forged.ddsync"
    resign(real, forged, pair, {"enrolment": manifest["enrolment"]})
    before = _registry(hq)
    result = hq.sync.import_bundles([forged])[0]
    assert result.status == "refused" and sh_id in result.message and "另一家门店" in result.message
    assert _registry(hq) == before
    # the real first bundle still registers BJ01 afterwards (the enrolment was not spent)
    assert hq.sync.import_bundles([real])[0].status == "applied"
    assert _registry(hq)["BJ01"]["id"] == _registry(bj)["BJ01"]["id"]


def test_a_first_bundle_without_its_identity_is_refused(hq: Side, bj: Side, tmp_path: Path) -> None:
    real = bj.sync.export_bundle(tmp_path / "bj.ddsync").path
    manifest = json.loads(bundle.read(real).manifest_bytes)
    del manifest["enrolment"]["branch"]
    pair = crypto.load_keys(keys_dir(bj.data_dir))
    assert pair is not None
    forged = tmp_path / "old.ddsync"
    resign(real, forged, pair, {"enrolment": manifest["enrolment"]})
    result = hq.sync.import_bundles([forged])[0]
    assert result.status == "refused" and "没有门店身份" in result.message
    assert "BJ01" not in _registry(hq)
