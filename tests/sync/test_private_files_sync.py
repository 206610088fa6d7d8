"""Owner-only sync files on Linux and macOS (issue 23, item 7).

Issue 23 item 7: "On Linux and macOS the data folder is 0700 and the database, backups, logs
and exports are 0600". Here: the bundle a branch exports, the enrolment file HQ writes, the
keys, and the sync import log; also the GUI's crash log (the other log the app writes).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync.service import IMPORT_LOG, keys_dir
from tests.private_modes import mode, usual_umask  # noqa: F401  (autouse fixture)
from tests.sync.helpers import Side, add_customer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the profile's inherited ACL, no modes")


def test_bundle_enrolment_keys_and_import_log_are_private(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "张三", "13800138000", "京A12345")
    exported = bj.sync.export_bundle(tmp_path / "out" / "bj.ddsync")
    enrolment = tmp_path / "BJ01.enrol"  # written by make_branch through HQ's enrol_branch
    results = hq.sync.import_bundles([exported.path])
    assert [r.status for r in results] == ["applied"], results
    log = hq.data_dir / IMPORT_LOG
    assert {
        "bundle": mode(exported.path), "enrolment": mode(enrolment),
        "keys folder": mode(keys_dir(hq.data_dir)),
        "keys": {mode(p) for p in keys_dir(hq.data_dir).iterdir() if p.is_file()},
        "logs folder": mode(log.parent), "import log": mode(log),
    } == {"bundle": 0o600, "enrolment": 0o600, "keys folder": 0o700, "keys": {0o600},
          "logs folder": 0o700, "import log": 0o600}


def test_an_older_import_log_is_made_private_when_appended_to(hq: Side, bj: Side, tmp_path: Path) -> None:
    log = hq.data_dir / IMPORT_LOG
    log.parent.mkdir(exist_ok=True)
    log.parent.chmod(0o755)
    log.write_text("earlier line\n", encoding="utf-8")
    log.chmod(0o644)
    add_customer(bj, "李四", "13900139000", "京B12345")
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "bj.ddsync").path])
    assert (mode(log.parent), mode(log)) == (0o700, 0o600)
    assert log.read_text(encoding="utf-8").startswith("earlier line\n")


def test_crash_log_is_private(tmp_path: Path) -> None:
    from ui.crash_handler import write_crash_log

    path = write_crash_log(tmp_path / "data" / "logs", "Traceback …")
    assert (mode(path.parent), mode(path)) == (0o700, 0o600)
