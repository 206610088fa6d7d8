"""``dealerdesk work-orders list``: one tab-separated line per order (a scripting contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.context import AppContext
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.workorders import LabourInput, PartInput, ReceptionInput


def _order(ctx: AppContext, actor: Actor, name: str, plate: str, rate_fen: int) -> str:
    vehicle = ctx.services.customers.create(actor, CustomerInput(name=name),
                                            VehicleInput(plate=plate)).vehicles[0]
    wo = ctx.services.work_orders
    view = wo.open_order(actor, vehicle.id, ReceptionInput(mileage_in=1_000))
    wo.add_line(actor, view.id, LabourInput("保养", 150, rate_fen))
    wo.add_line(actor, view.id, PartInput("机油", 4_500, 3_333))  # 149.985 → 149.99
    return view.number


def test_list_prints_tab_separated_lines(ctx: AppContext, data_dir: Path, advisor: Actor,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    first = _order(ctx, advisor, "王小明", "京A12345", 12_000)
    second = _order(ctx, advisor, "李四", "沪B67890", 10_001)
    ctx.services.work_orders.cancel(advisor, second, "客户取消")

    assert main(["--data-dir", str(data_dir), "work-orders", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines) == sorted([
        f"{first}\t京A12345\t王小明\tdraft\t329.99",
        f"{second}\t沪B67890\t李四\tcancelled\t300.01",  # 150.015 → 150.02 + 149.99
    ])

    assert main(["--data-dir", str(data_dir), "work-orders", "list", "--state", "cancelled"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{second}\t沪B67890\t李四\tcancelled\t300.01"]

    assert main(["--data-dir", str(data_dir), "work-orders", "list", "--plate", "a12345"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{first}\t京A12345\t王小明\tdraft\t329.99"]


def test_list_rejects_unknown_state(data_dir: Path, ctx: AppContext,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(data_dir), "work-orders", "list", "--state", "repairing"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_list_on_missing_database_is_one_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "nothing"), "work-orders", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dealerdesk: ") and err.count("\n") == 1
