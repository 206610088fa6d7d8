"""At HQ, ``dealerdesk demo`` and ``dealerdesk customers import`` refuse in one plain line.

HQ holds the branches' records only as they arrive in bundles; loading demo customers or a
customer list there would make rows no branch owns (and that never travel anywhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from tests.cli.test_data_commands import counts

REFUSAL = "总部只能查看分店数据，不能新增或修改（请在分店操作后同步）"


@pytest.fixture
def hq(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--data-dir", str(data_dir), "init", "--hq", "--name", "总部", "--admin", "admin",
                 "--password", "admin123-Kq7v"]) == 0
    capsys.readouterr()
    return data_dir


def test_demo_at_hq_is_refused(hq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(hq), "demo", "--customers", "5"]) != 0
    out, err = capsys.readouterr()
    assert REFUSAL in err and len(err.strip().splitlines()) == 1, err
    assert counts(hq) == (0, 0)


def test_customer_import_at_hq_is_refused(hq: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "list.csv"
    csv.write_text("姓名,手机,车牌\n赵六,13612345678,京C11111\n", encoding="utf-8")
    assert main(["--data-dir", str(hq), "customers", "import", str(csv)]) != 0
    _out, err = capsys.readouterr()
    assert REFUSAL in err, err
    assert counts(hq) == (0, 0)
