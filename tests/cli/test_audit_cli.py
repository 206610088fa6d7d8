"""``dealerdesk audit [--since DATE]``: one tab-separated line per entry (a scripting contract)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.context import AppContext
from domain import clock
from domain.roles import Actor
from domain.services.customers import CustomerInput
from storage.database import Database
from tests.sync.helpers import Side, make_branch, make_hq
from tests.sync.hq_audit import AuditWorld, build_audit


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


@pytest.fixture
def hq_world(tmp_path: Path) -> Iterator[tuple[Side, AuditWorld]]:
    template = tmp_path / "template"
    Database.open(template, create=True).close()
    hq = make_hq(template, tmp_path / "hq")
    bj = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        yield hq, build_audit(hq, bj, tmp_path)
    finally:
        bj.close()
        hq.close()


def test_audit_at_hq_appends_the_branch_and_filters_by_it(hq_world: tuple[Side, AuditWorld],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    hq, world = hq_world
    capsys.readouterr()
    assert main(["--data-dir", str(hq.data_dir), "audit"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert lines and all(len(fields) == 6 for fields in lines)  # the five fields, then the branch
    by_what = {(f[2], f[3]): f[5] for f in lines}
    assert by_what[("新增", "customers 张三")] == "BJ01"  # BJ01's manager: known by the staff row
    assert by_what[("新增", "customers 李四")] == "-"  # BJ01's system: cannot be told
    assert {f[5] for f in lines if f[1] == "测试manager"} == {"BJ01", "HQ"}  # same name, two branches
    assert {f[5] for f in lines if f[2] == "导入数据包"} == {"HQ"}  # HQ's own system entries

    assert main(["--data-dir", str(hq.data_dir), "audit", "--branch", "bj01"]) == 0
    bj_lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert bj_lines and {f[5] for f in bj_lines} == {"BJ01"}
    assert any(f[3] == "customers 张三" for f in bj_lines)
    assert main(["--data-dir", str(hq.data_dir), "audit", "--branch", "HQ"]) == 0
    hq_lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert hq_lines and {f[5] for f in hq_lines} == {"HQ"}
    assert len(hq_lines) + len(bj_lines) + sum(f[5] == "-" for f in lines) == len(lines)
    assert main(["--data-dir", str(hq.data_dir), "audit", "--branch", "XX99"]) == 0
    assert capsys.readouterr().out == ""
    assert world.hq_manager.staff_id


def test_audit_at_a_branch_keeps_five_fields_and_its_own_branch(ctx: AppContext, data_dir: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code = ctx.services.branches.current().code
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "audit", "--branch", code]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(len(line.split("\t")) == 5 for line in lines)
    assert main(["--data-dir", str(data_dir), "audit", "--branch", "XX99"]) == 0
    assert capsys.readouterr().out == ""
