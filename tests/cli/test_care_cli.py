"""``dealerdesk care due``: one tab-separated line per task due on a day (a scripting contract)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from domain import clock
from domain.services.care import CallInput
from domain.services.customers import CustomerInput
from tests.unit.test_care_service import at, deliver
from tests.unit.test_care_service import shop as shop  # noqa: F401  (the fixture)
from tests.unit.test_workorders_service import Shop


def test_due_lists_tab_separated_lines(shop: Shop, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    order = deliver(shop, at(dt.date(2026, 11, 20)))  # Friday: first call due Monday 23rd
    with clock.freeze(at(dt.date(2026, 11, 24))):
        shop.services.customers.create(shop.advisor, CustomerInput(name="李四", mobile="13800000001"))
    assert main(["--data-dir", str(data_dir), "care", "due", "--date", "2026-11-23"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"2026-11-23\tfirst_call\t王小明\t13912345678\t京A12345\t{order.number}\tdue" in lines
    assert all(len(line.split("\t")) == 7 for line in lines)
    assert not any("李四" in line for line in lines)  # due on the 26th: not yet

    assert main(["--data-dir", str(data_dir), "care", "due", "--date", "2026-11-28"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "2026-11-26\tfile_completion\t李四\t13800000001\t\t\tdue" not in lines  # past its day
    assert "2026-11-26\tfile_completion\t李四\t13800000001\t\t\toverdue" in lines
    assert f"2026-11-23\tfirst_call\t王小明\t13912345678\t京A12345\t{order.number}\toverdue" in lines

    (task,) = [r for r in shop.services.care.due(shop.manager, dt.date(2026, 11, 23)) if r.kind == "first_call"]
    with clock.freeze(at(dt.date(2026, 11, 23))):
        shop.services.care.record_call(shop.manager, CallInput("reached", task_id=task.id))
    assert main(["--data-dir", str(data_dir), "care", "due", "--date", "2026-11-23"]) == 0
    assert "first_call" not in capsys.readouterr().out


def test_due_defaults_to_today_and_rejects_bad_dates(shop: Shop, data_dir: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    deliver(shop, at(dt.date(2026, 11, 20)))
    with clock.freeze(at(dt.date(2026, 11, 23))):
        assert main(["--data-dir", str(data_dir), "care", "due"]) == 0
    assert "\tfirst_call\t" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "care", "due", "--date", "23.11.2026"])
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "care", "due", "--help"])
    assert "制表符分隔" in capsys.readouterr().out


def test_classes_one_line_per_customer(shop: Shop, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15's contract: "`dealerdesk care classes [--class A|B|C|D] [--date D]` prints one
    line per customer: name, mobile (masked as on screen), class, date of the last visit of
    any kind, paid visits in the last 12 months"."""
    deliver(shop, at(dt.date(2026, 11, 10)))
    with clock.freeze(at(dt.date(2024, 3, 1))):
        shop.services.customers.create(shop.advisor, CustomerInput(name="李四", mobile="13800000001"))
    assert main(["--data-dir", str(data_dir), "care", "classes", "--date", "2026-11-30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["王小明\t139****5678\tC\t2026-11-10\t1", "李四\t138****0001\tD\t\t0"]
    assert main(["--data-dir", str(data_dir), "care", "classes", "--class", "D", "--date", "2026-11-30"]) == 0
    assert capsys.readouterr().out.splitlines() == ["李四\t138****0001\tD\t\t0"]
    assert main(["--data-dir", str(data_dir), "care", "classes", "--class", "A", "--date", "2026-11-30"]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "care", "classes", "--class", "E"])
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "care", "classes", "--help"])
    assert "近 12 个月付费进厂次数" in capsys.readouterr().out
