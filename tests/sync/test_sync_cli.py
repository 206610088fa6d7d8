"""The command-line contract of issue 6: one line per result, one line per refusal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.cli import main
from storage.database import DB_FILE_NAME


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def fresh(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(template / DB_FILE_NAME, folder / DB_FILE_NAME)
    return folder


def test_enrol_export_import_round_trip_on_the_command_line(
        template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hq, bj = fresh(template, tmp_path / "hq"), fresh(template, tmp_path / "bj")
    code, out, _ = run(capsys, hq, "init", "--hq", "--name", "总部", "--admin", "admin",
                       "--password", "admin123-Kq7v")
    assert code == 0 and "总部" in out
    enrol = tmp_path / "bj.enrol"
    assert run(capsys, hq, "hq", "enrol-branch", "BJ01", "--name", "北京", "-o", str(enrol))[0] == 0
    assert run(capsys, bj, "init", "--branch-code", "BJ01", "--branch-name", "北京朝阳",
               "--admin", "admin", "--password", "admin123-Kq7v")[0] == 0
    code, out, _ = run(capsys, bj, "enrol", str(enrol))
    assert code == 0 and "BJ01" in out
    assert run(capsys, bj, "demo", "--customers", "3")[0] == 0
    # the demo's bulk inserts are in the outbox: the sync checks of `dealerdesk check` pass
    code, out, _ = run(capsys, bj, "check")
    assert "同步变更记录" not in out
    code, out, _ = run(capsys, bj, "export", "-o", str(tmp_path))
    assert code == 0 and len(out.splitlines()) == 1
    match = re.fullmatch(r"(.+\.ddsync)\t(\d+)-(\d+)\t(\d+) 个变更\n", out)
    assert match, out
    path, first, last, count = match.group(1), *map(int, match.groups()[1:])
    assert (first, last) == (1, count)
    code, out, err = run(capsys, hq, "import", path)
    assert code == 0 and "已导入" in out and err == ""
    code, out, _ = run(capsys, hq, "import", path)
    assert code == 0 and "已导入过" in out
    code, out, _ = run(capsys, hq, "hq", "branches")
    assert out.startswith("BJ01\t北京\t已绑定\t") and f"\t{last}\t" in out
    assert run(capsys, hq, "hq", "labour-code", "L1", "--name", "保养", "--hours", "1.5",
               "--rate-fen", "10000")[0] == 0
    back = tmp_path / "hq.ddsync"
    code, out, _ = run(capsys, hq, "hq", "export-branch", "BJ01", "-o", str(back))
    assert code == 0 and out.startswith(f"{back}\t")
    assert run(capsys, bj, "import", str(back))[0] == 0
    code, out, _ = run(capsys, bj, "master-data")
    assert "L1\t保养\t1.50\t100.00" in out
    # HQ acknowledged everything: what is left to send is the audit entry of that import and
    # the export's own entry (the rule in sync.service's module docstring)
    code, out, _ = run(capsys, bj, "export", "-o", str(tmp_path / "audit.ddsync"))
    assert code == 0 and out.endswith(f"\t{last + 1}-{last + 2}\t2 个变更\n"), out
    assert run(capsys, hq, "work-orders", "list", "--branch", "BJ01")[1].count("\n") >= 1
    assert run(capsys, hq, "work-orders", "list", "--branch", "SH01")[1] == ""
    # refusals: one line naming the file, exit 1
    broken = tmp_path / "broken.ddsync"
    broken.write_bytes(Path(path).read_bytes()[:200])
    code, out, err = run(capsys, hq, "import", str(broken))
    assert code == 1 and out == "" and len(err.splitlines()) == 1 and str(broken) in err
    code, _, err = run(capsys, bj, "import", path)
    assert code == 1 and "方向不对" in err and path in err
    code, out, _ = run(capsys, hq, "hq", "revoke-branch", "BJ01")
    assert code == 0 and "已吊销" in out
    code, _, err = run(capsys, hq, "hq", "enrol-branch", "BJ01", "--name", "北京", "-o", str(enrol))
    assert code == 0
    code, _, err = run(capsys, bj, "export", "--all", "-o", str(tmp_path / "all.ddsync"))
    assert code == 0
    code, _, err = run(capsys, hq, "import", str(tmp_path / "all.ddsync"))
    assert code == 1 and "已被吊销" in err  # the old key is out; the branch must enrol again


def test_command_line_actions_name_the_operating_system_account(
        template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23 item 2: "a command-line action names the operating-system account (e.g.
    `root（命令行）`), never 系统" — in `dealerdesk audit`, on both sides of sync."""
    monkeypatch.setattr("getpass.getuser", lambda: "root")
    hq, bj = fresh(template, tmp_path / "hq"), fresh(template, tmp_path / "bj")
    assert run(capsys, hq, "init", "--hq", "--name", "总部", "--admin", "admin",
               "--password", "admin123-Kq7v")[0] == 0
    enrol = tmp_path / "bj.enrol"
    assert run(capsys, hq, "hq", "enrol-branch", "BJ01", "--name", "北京", "-o", str(enrol))[0] == 0
    assert run(capsys, bj, "init", "--branch-code", "BJ01", "--branch-name", "北京朝阳",
               "--admin", "admin", "--password", "admin123-Kq7v")[0] == 0
    assert run(capsys, bj, "enrol", str(enrol))[0] == 0
    assert run(capsys, bj, "export", "-o", str(tmp_path / "bj.ddsync"))[0] == 0
    assert run(capsys, hq, "import", str(tmp_path / "bj.ddsync"))[0] == 0
    assert run(capsys, hq, "hq", "revoke-branch", "BJ01")[0] == 0
    for side, actions in ((bj, {"分店登记", "导出数据包"}),
                          (hq, {"分店登记", "导入数据包", "吊销分店密钥"})):
        code, out, _ = run(capsys, side, "audit")
        assert code == 0
        rows = [line.split("\t") for line in out.splitlines()]
        sync_rows = [r for r in rows if r[2] in actions]
        assert {r[2] for r in sync_rows} == actions
        # HQ's trail also holds BJ01's entries (its own command line, also root's)
        assert {r[1] for r in sync_rows} == {"root（命令行）"}, sync_rows
        assert "系统" not in {r[1] for r in rows}, [r for r in rows if r[1] == "系统"]
