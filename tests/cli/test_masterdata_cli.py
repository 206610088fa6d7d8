"""``dealerdesk master-data import FILE.xlsx`` and ``master-data list KIND`` (issue 15), and the
plain ``master-data`` listing, whose output stays as it was (issue 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert

from app.cli import main
from app.context import AppContext
from domain.model import LabourCode
from tests.cli.test_data_commands import run, shop  # noqa: F401  (fixture)
from tests.unit.test_masterdata_import import workbook


def test_import_then_list_each_kind(shop: Path, tmp_path: Path,  # noqa: F811
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(tmp_path / "prices.xlsx", {
        "工时项目": [["工时代码", "名称", "标准工时", "工时单价"], ["BY01", "小保养", 1.5, 200],
                     ["BY01", "重复", 1, 1], ["BY02", "负价", 1, -5]],
        "parts": [["part no", "name", "price"], ["90915-YZZD1", "机油滤清器", 45.5]],
        "保养套餐": [["套餐编号", "套餐名称", "套餐价", "项目编号", "数量"], ["TC01", "小保养套餐", 320, "BY01", None],
                     [None, None, None, "90915-YZZD1", 1]],
        "campaigns": [["code", "title", "price"], ["HD01", "免费检测", None]],
    })
    assert run(shop, "master-data", "import", str(path)) == 1  # a row was refused, the rest imported
    out = capsys.readouterr().out.splitlines()
    assert out == ["工时项目 第 3 行：与第 2 行重复（编号 BY01）",
                   "工时项目 第 4 行：工时单价不能为负数",
                   "已导入 工时项目 1 条、配件价格 1 条、保养套餐 1 条、服务活动 1 条，跳过 2 条"]
    listed = {}
    for kind in ("labour", "parts", "packages", "campaigns", "sundry"):
        assert run(shop, "master-data", "list", kind) == 0
        listed[kind] = capsys.readouterr().out
    assert listed == {"labour": "BY01\t小保养\t300.00\t本店\n",
                      "parts": "90915-YZZD1\t机油滤清器\t45.50\t本店\n",
                      "packages": "TC01\t小保养套餐\t320.00\t本店\n",
                      "campaigns": "HD01\t免费检测\t0.00\t本店\n",
                      "sundry": ""}
    # the plain listing keeps its issue-6 format
    assert run(shop, "master-data") == 0
    assert capsys.readouterr().out.splitlines() == ["工时\tBY01\t小保养\t1.50\t200.00",
                                                    "配件\t90915-YZZD1\t机油滤清器\t45.50",
                                                    "活动\tHD01\t免费检测\t"]
    # importing the same file again updates, and the good rows exit 1 only for the bad ones
    assert run(shop, "master-data", "import", str(path)) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith("跳过 2 条")


def test_hq_items_are_listed_as_hqs_and_win_on_their_codes(shop: Path,  # noqa: F811
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run(shop, "master-data", "list", "labour") == 0 and capsys.readouterr().out == ""
    ctx = AppContext.open(shop)
    try:
        local = ctx.services.branches.current()
        assert local.mode == "branch"
        with ctx.db.engine.begin() as conn:  # as HQ's bundle writes it
            conn.execute(insert(LabourCode).values(code="BY01", name="总部小保养", standard_hours_centi=100,
                                                   rate_fen=18_000, branch_id=None))
    finally:
        ctx.close()
    path = Path(shop) / "own.xlsx"
    workbook(path, {"labour": [["code", "name", "hours", "rate"], ["BY01", "本店", 1, 1], ["BY02", "本店项目", 2, 100]]})
    assert run(shop, "master-data", "import", str(path)) == 1
    assert capsys.readouterr().out.splitlines()[0].startswith("labour 第 2 行：编号 BY01 已是总部项目。总部项目优先")
    assert run(shop, "master-data", "list", "labour") == 0
    assert capsys.readouterr().out == "BY01\t总部小保养\t180.00\t总部\nBY02\t本店项目\t200.00\t本店\n"


def test_bad_arguments_and_files_say_so_in_one_line(shop: Path, tmp_path: Path,  # noqa: F811
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(shop), "master-data", "list", "tyres"])
    assert usage.value.code == 2 and "参数错误" in capsys.readouterr().err
    assert run(shop, "master-data", "import", str(tmp_path / "missing.xlsx")) == 1
    err = capsys.readouterr().err
    assert err.startswith("dealerdesk: 无法读取文件") and err.count("\n") == 1
