"""``dealerdesk complaints list``: one tab-separated line per slip (a scripting contract)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.context import AppContext
from domain import clock
from domain.roles import Actor
from domain.services.complaints import ComplaintInput, ProposalInput
from domain.services.customers import CustomerInput, VehicleInput

BEIJING = dt.timezone(dt.timedelta(hours=8))
RECEIVED = dt.datetime(2026, 11, 30, 22, 15, tzinfo=BEIJING)


def test_list_prints_tab_separated_lines(ctx: AppContext, data_dir: Path, advisor: Actor,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    customer = ctx.services.customers.create(advisor, CustomerInput(name="王小明"),
                                             VehicleInput(plate="京A12345"))
    c = ctx.services.complaints
    system = Actor.system()
    with clock.freeze(RECEIVED):
        fresh = c.register(advisor, ComplaintInput(
            channel="phone", category="waiting_time", customer_words="等太久", customer_id=customer.id)).number
        handled = c.register(advisor, ComplaintInput(
            channel="online_review", category="repair_quality", customer_words="异响未修好",
            customer_name="网友老李", safety_risk=True)).number
        c.respond(system, handled, "已回电")
        closed = c.register(advisor, ComplaintInput(
            channel="walk_in", category="price", customer_words="多收费", customer_id=customer.id)).number
        c.respond(system, closed)
        c.record_investigation(system, closed, "报价单漏写工时")
        c.record_responsibility(system, closed, "ours", department="服务部")
        c.propose(system, closed, ProposalInput(refund_fen=5_000))
        c.approve(system, closed)
        c.record_answer(system, closed, True)
        c.close(system, closed, "已退款 50 元")

    with clock.freeze(RECEIVED + dt.timedelta(hours=1)):
        assert main(["--data-dir", str(data_dir), "complaints", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines) == sorted([
        f"{fresh}\t王小明\twaiting_time\tgeneral\tregistered\t2026-12-01 22:15",  # 24 hours
        f"{handled}\t网友老李\trepair_quality\tmajor\thandling\t2026-12-04 00:00",  # end of 3 Dec
        f"{closed}\t王小明\tprice\tgeneral\tclosed\t",
    ])
    assert fresh == "BJ01-TS-2611-001"

    with clock.freeze(RECEIVED + dt.timedelta(hours=1)):
        assert main(["--data-dir", str(data_dir), "complaints", "list", "--open"]) == 0
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(
        [line for line in lines if not line.startswith(closed)])

    with clock.freeze(RECEIVED + dt.timedelta(days=2)):  # only the response deadline has passed
        assert main(["--data-dir", str(data_dir), "complaints", "list", "--overdue"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{fresh}\t王小明\twaiting_time\tgeneral\tregistered\t2026-12-01 22:15"]


def test_open_and_overdue_are_exclusive(ctx: AppContext, data_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(data_dir), "complaints", "list", "--open", "--overdue"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_list_on_missing_database_is_one_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "nothing"), "complaints", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dealerdesk: ") and err.count("\n") == 1
