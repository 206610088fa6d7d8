"""``dealerdesk validate KIND VALUE...`` (issue 16 contract): one tab-separated line per value
— the value as given, ok/warn/error, the normal form or the message — exit 0 when every
value is ok or warn, else 1; no database needed, no data folder made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def lines(capsys: pytest.CaptureFixture[str]) -> list[list[str]]:
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_every_kind_on_an_empty_folder_makes_no_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "nowhere"
    cases = {
        "vin": ("1hgcm82633a004352", "1HGCM82633A004352"),
        "plate": ("京a·12345", "京A12345"),
        "mobile": ("+86 138-1234-5678", "13812345678"),
        "phone": ("(010) 6470 0000", "010-64700000"),
        "id": ("11010519491231002x", "11010519491231002X"),
        "uscc": ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
    }
    for kind, (value, normal) in cases.items():
        assert main(["--data-dir", str(data), "validate", kind, value]) == 0
        assert lines(capsys) == [[value, "ok", normal]]
    assert not data.exists()


def test_warn_and_error_lines_and_the_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "validate", "vin", "1HGCM82633A004352", "WP0ZZZ99ZTS392124"]) == 0
    assert lines(capsys) == [
        ["1HGCM82633A004352", "ok", "1HGCM82633A004352"],
        ["WP0ZZZ99ZTS392124", "warn", "第9位不是校验位：进口车可能不使用校验位，请与行驶证核对"],
    ]
    assert main([*data, "validate", "vin", "WP0ZZZ99ZTS392124", "1HGCM82643A004352", "00000000000000000"]) == 1
    out = lines(capsys)
    assert [row[1] for row in out] == ["warn", "error", "error"]
    assert out[1][2] == "车架号(VIN)校验位错误：第 9 位应为“3”，实为“4”"
    assert "占位" in out[2][2]
    assert main([*data, "validate", "plate", "VA12345", "WJ京12345"]) == 0
    assert [row[1] for row in lines(capsys)] == ["warn", "warn"]
    assert main([*data, "validate", "id", "110105491231002"]) == 1
    assert "第一代" in lines(capsys)[0][2]
    assert main([*data, "validate", "uscc", "91350100M000100Y44"]) == 1
    assert lines(capsys)[0][2] == "统一社会信用代码校验位错误：最后一位应为“3”，实为“4”"


def test_invisible_and_control_characters_are_neither_counted_nor_echoed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "validate", "vin", "1HGCM82633A004352\u200b", "1HGCM82633A00435\x1b[2J\t"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and out.count("\n") == 2
    first, second = (line.split("\t") for line in out.splitlines())
    assert first == ["1HGCM82633A004352\u200b", "ok", "1HGCM82633A004352"]
    assert second[0] == "1HGCM82633A00435\\u001b[2J\\u0009" and second[1] == "error"
    assert second[2] == "车架号(VIN)必须是 17 位，当前 19 位"  # ESC and tab not counted


def test_unknown_kind_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(tmp_path), "validate", "passport", "E12345678"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_the_installed_command_line(tmp_path: Path) -> None:
    """As scripts call it: a separate process, its own exit code, UTF-8 out."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--data-dir", str(tmp_path / "empty"), "validate", "mobile",
         "13812345678", "12345"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8", "PATH": ""}, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == ["13812345678\tok\t13812345678",
                                        "12345\terror\t手机号“12345”不正确：应为 11 位，以 13–19 开头"]
    assert not (tmp_path / "empty").exists()
