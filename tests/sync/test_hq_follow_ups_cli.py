"""``dealerdesk follow-ups list`` at HQ: every branch's follow-ups, one tab-separated line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from domain import clock
from tests.sync.helpers import Side
from tests.sync.hq_care import NIGHT, World, build


@pytest.fixture
def world(hq: Side, bj: Side, sh: Side, tmp_path: Path) -> World:
    return build(hq, bj, sh, tmp_path)


def run(capsys: pytest.CaptureFixture[str], hq: Side, *args: str) -> tuple[int, list[str], str]:
    with clock.freeze(NIGHT):
        code = main(["--data-dir", str(hq.data_dir), "follow-ups", "list", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_lists_every_branch_with_its_code(hq: Side, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = run(capsys, hq)
    assert code == 0 and err == ""
    assert lines[0] == f"BJ01\t2026-11-13\tfirst_call\t王小明\t京AD12345\t{world.order_number}\topen\tdue\t"
    # the same due day (latest first): made at the same moment, so in no particular order
    assert sorted(lines[1:]) == [
        "BJ01\t2026-11-12\tfile_completion\t王小明\t\t\topen\toverdue\t",  # past midnight in Beijing
        "SH01\t2026-11-12\tfile_completion\t李四\t\t\topen\tdue\t",  # not yet in Urumqi
        # closed at 12:30 Beijing time on 11-10: written in the branch's own (Urumqi) time
        "SH01\t2026-11-12\tfile_completion\t赵六\t\t\tdone\tclosed\t2026-11-10 10:30",
    ]
    assert not any(phone in line for line in lines  # no phones, masked or not
                   for phone in ("13912345678", "13900000002", "139****", "****"))


def test_branch_since_status_and_overdue_filters(hq: Side, world: World,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = run(capsys, hq, "--branch", "SH01")
    assert code == 0 and sorted(line.split("\t")[3] for line in lines) == ["李四", "赵六"]
    assert all(line.startswith("SH01\t") for line in lines)
    _, lines, _ = run(capsys, hq, "--since", "2026-11-13")
    assert [line.split("\t")[:3] for line in lines] == [["BJ01", "2026-11-13", "first_call"]]
    _, lines, _ = run(capsys, hq, "--status", "done")
    assert [line.split("\t")[3] for line in lines] == ["赵六"]
    _, lines, _ = run(capsys, hq, "--overdue")
    assert [line.split("\t")[:4] for line in lines] == [["BJ01", "2026-11-12", "file_completion", "王小明"]]


def test_unknown_branch_and_bad_date_are_one_line_refusals(
        hq: Side, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = run(capsys, hq, "--branch", "GZ01")
    assert code == 1 and lines == [] and err.count("\n") == 1 and "GZ01" in err
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, hq, "--since", "11/13/2026")
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
