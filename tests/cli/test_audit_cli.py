"""``dealerdesk audit [--since DATE]``: one tab-separated line per entry (a scripting contract)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.context import AppContext
from domain import clock
from domain.roles import Actor
from domain.services.customers import CustomerInput


def test_audit_prints_one_line_per_entry(ctx: AppContext, advisor: Actor, data_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    services = ctx.services
    with clock.freeze(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)):
        old = services.customers.create(advisor, CustomerInput(name="旧客户", mobile="13900000009"))
    made = services.customers.create(advisor, CustomerInput(name="张三", mobile="13900000001"))
    services.customers.update(advisor, made.id, CustomerInput(name="张三", mobile="13900000002"))
    capsys.readouterr()

    assert main(["--data-dir", str(data_dir), "audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(services.audit.list(Actor.system(), limit=100_000))
    assert all(len(line.split("\t")) == 5 for line in lines)
    update = [line.split("\t") for line in lines if "13900000001 → 13900000002" in line]
    assert len(update) == 1
    when, who, action, what, changes = update[0]
    assert who == "测试advisor" and action == "修改" and what == "customers 张三"
    assert "mobile: 13900000001 → 13900000002" in changes
    dt.datetime.strptime(when, "%Y-%m-%d %H:%M:%S")
    assert any(line.split("\t")[2] == "登录" for line in lines)
    assert any("旧客户" in line and line.startswith("2026-11-20 10:00:") for line in lines)  # Beijing time

    assert main(["--data-dir", str(data_dir), "audit", "--since", "2026-11-21"]) == 0
    recent = capsys.readouterr().out.splitlines()
    assert recent and not any("旧客户" in line for line in recent)
    assert any("张三" in line for line in recent)
    assert old.id


def test_audit_rejects_a_bad_date(ctx: AppContext, data_dir: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "audit", "--since", "21.11.2026"])
