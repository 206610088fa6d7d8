"""Importing the shop's master data from Excel: one sheet per list, Chinese or English headers,
per-row errors with the sheet and the spreadsheet's row number, as ``customers import`` has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from app.context import AppContext
from domain.errors import ValidationError
from domain.masterdata_rules import HQ_WINS_RULE_ZH, Source
from domain.model import LabourCode
from domain.roles import Actor
from domain.services.masterdata import MasterKind
from domain.services.registry import Services
from tests.unit.test_masterdata import hq_issues


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def problems(report: Any) -> dict[tuple[str, int], str]:
    return {(r.sheet, r.row_number): "；".join(r.problems) for r in report.refused}


def test_every_list_with_chinese_and_english_headers(tmp_path: Path, services: Services, admin: Actor) -> None:
    path = workbook(tmp_path / "基础资料.xlsx", {
        "工时项目": [["工时代码", "名称", "标准工时", "工时单价(元)"],
                     ["BY01", "小保养", 1.5, 200],
                     ["ＢＹ０２", "大保养", "２.５", "１８０.５"]],  # full-width digits, as typed in Chinese
        "parts": [["Part No", "Name", "Price", "Unit"],
                  ["90915-YZZD1", "机油滤清器", 45.5, "个"],
                  ["OIL-5W30", "机油", "¥68.00", "L"]],
        "Sundry": [["code", "name", "amount"], ["ZX01", "废油处理费", 10]],
        "保养套餐": [["套餐编号", "套餐名称", "套餐价", "项目编号", "数量"],
                     ["TC01", "小保养套餐", 380, "BY01", None],
                     [None, None, None, "90915-YZZD1", 1],
                     [None, None, None, "OIL-5W30", 4]],
        "campaigns": [["code", "title", "kind", "price", "starts", "ends", "model"],
                      ["HD01", "夏季空调检测", "campaign", 99, "2026-06-01", "2026/8/31", ""],
                      ["R1", "气囊召回", "召回", None, None, None, "雅阁"]],
        "说明": [["这张表不是资料"]],
    })
    report = services.master_data_import.run(admin, path)
    assert report.refused == ()
    assert report.imported == {MasterKind.LABOUR: 2, MasterKind.PARTS: 2, MasterKind.SUNDRY: 1,
                               MasterKind.PACKAGES: 1, MasterKind.CAMPAIGNS: 2}
    assert report.ignored_sheets == ("说明",)
    assert report.summary() == "已导入 工时项目 2 条、配件价格 2 条、杂项 1 条、保养套餐 1 条、服务活动 2 条，跳过 0 条"
    md = services.master_data
    assert [(i.code, i.standard_hours_centi, i.rate_fen) for i in md.labour_codes()] == [
        ("BY01", 150, 20_000), ("BY02", 250, 18_050)]
    assert [(p.part_no, p.price_fen, p.unit) for p in md.part_prices()] == [
        ("90915-YZZD1", 4_550, "个"), ("OIL-5W30", 6_800, "L")]
    [package] = services.packages.packages()
    assert (package.price_fen, [line.code for line in package.lines]) == (38_000, ["BY01", "90915-YZZD1", "OIL-5W30"])
    assert package.lines[2].qty_milli == 4_000
    campaigns = {c.code: c for c in md.campaigns()}
    assert campaigns["HD01"].price_fen == 9_900 and campaigns["HD01"].ends_on is not None
    assert (campaigns["R1"].kind, campaigns["R1"].model) == ("recall", "雅阁")
    assert {i.source for kind in MasterKind for i in md.items(kind)} == {Source.OWN}


def test_bad_rows_are_refused_with_their_reason(tmp_path: Path, ctx: AppContext, services: Services,
                                                admin: Actor) -> None:
    hq_issues(ctx, LabourCode, code="HQ01", name="总部项目", standard_hours_centi=100, rate_fen=10_000)
    path = workbook(tmp_path / "bad.xlsx", {
        "labour": [["说明：本店工时"],  # a title row above the header
                   ["Code", "Name", "Hours", "Rate", "备注"],
                   ["BY01", "小保养", 1, 200, ""],
                   ["BY01", "重复", 1, 200, ""],
                   ["坏码", "中文编号", 1, 200, ""],
                   ["BY03", "负价", 1, -5, ""],
                   ["BY04", "", "一小时", 200, ""],
                   ["HQ01", "总部的编号", 1, 100, ""],
                   ["BY05", "三位小数", 1, 1.005, ""]],
        "配件价格": [["配件编号", "名称", "价格"], ["P1", "滤芯", "-1"], ["P2", "", 3]],
        "套餐": [["套餐编号", "套餐名称", "套餐价", "项目编号", "数量"],
                 ["TC01", "贵套餐", 999, "BY01", None],
                 ["TC02", "缺项", 10, "BY01", None],
                 [None, None, None, "NOPE", 1]],
    })
    report = services.master_data_import.run(admin, path)
    found = problems(report)
    assert found[("labour", 4)] == "与第 3 行重复（编号 BY01）"
    assert found[("labour", 5)].startswith("编号“坏码”无效")
    assert found[("labour", 6)] == "工时单价不能为负数"
    assert "名称不能为空" in found[("labour", 7)] and "标准工时“一小时”不是有效的数字" in found[("labour", 7)]
    assert found[("labour", 8)] == "编号 HQ01 已是总部项目。" + HQ_WINS_RULE_ZH
    assert found[("labour", 9)] == "工时单价“1.005”不是有效的数字（最多 2 位小数）"
    assert found[("配件价格", 2)] == "价格不能为负数" and found[("配件价格", 3)] == "名称不能为空"
    assert found[("套餐", 2)] == "套餐价 999.00 元须在 0 到各项合计 200.00 元之间"
    assert found[("套餐", 4)] == "套餐项目“NOPE”不在配件价格清单中（或已停用）"
    assert found[("套餐", 3)] == "同一套餐（TC02）的其他行有错误，整个套餐未导入"
    assert report.unknown_columns == ("labour：备注",)
    assert report.imported == {MasterKind.LABOUR: 1, MasterKind.PARTS: 0, MasterKind.PACKAGES: 0}
    # what was good is saved; nothing of a refused row is left behind
    assert [(i.code, i.owned.source) for i in services.master_data.labour_codes()] == [
        ("BY01", Source.OWN), ("HQ01", Source.HQ)]
    assert services.packages.packages() == []


def test_importing_again_updates_the_shops_own_items(tmp_path: Path, services: Services, admin: Actor) -> None:
    rows: list[list[Any]] = [["工时代码", "名称", "标准工时"], ["BY01", "小保养", 1]]
    first = services.master_data_import.run(admin, workbook(tmp_path / "a.xlsx", {"工时": rows}))
    # no rate column and no default rate: said on the row
    assert problems(first) == {("工时", 2): "缺少工时单价（或先在设置中填写默认工时单价）"}
    services.master_data.save_pricing(admin, labour_rate_fen=16_000, tax_rate_bp=0)
    services.master_data_import.run(admin, workbook(tmp_path / "b.xlsx", {"工时": rows}))
    assert services.master_data.labour_codes()[0].rate_fen == 16_000  # the shop's hourly rate
    rows[1][1] = "小保养 新价"
    services.master_data_import.run(admin, workbook(tmp_path / "c.xlsx", {"工时": rows}))
    [item] = services.master_data.labour_codes()
    assert item.name == "小保养 新价" and item.row_version == 2


def test_unreadable_files_say_why(tmp_path: Path, services: Services, admin: Actor) -> None:
    run = services.master_data_import.run
    with pytest.raises(ValidationError) as csv:
        run(admin, tmp_path / "list.csv")
    assert csv.value.code == "mdimport.format"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="不是有效的 Excel"):
        run(admin, broken)
    with pytest.raises(ValidationError) as none:
        run(admin, workbook(tmp_path / "x.xlsx", {"Sheet1": [["a", "b"]]}))
    assert none.value.code == "mdimport.no_sheet"
    with pytest.raises(ValidationError) as header:
        run(admin, workbook(tmp_path / "y.xlsx", {"工时项目": [["名称", "价格"], ["x", 1]]}))
    assert header.value.message() == "工作表“工时项目”中找不到表头（至少需要工时代码、名称、标准工时列）"
