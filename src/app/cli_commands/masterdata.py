"""``dealerdesk master-data``: the shop's master data (基础资料) — list, and import from Excel.

Output contract: ``master-data`` alone prints every labour code, part price and campaign as
before (issue 6); ``master-data list labour|parts|sundry|packages|campaigns`` prints one
tab-separated line per item in effect: code, name, price in yuan (two decimals; a labour
operation's price is standard hours × rate), source 本店 or 总部 (issue 15);
``master-data import FILE.xlsx`` prints one line per refused row (``SHEET 第 N 行：原因``),
the ignored sheets and columns and a summary, and exits 1 when a row was refused, as
``customers import`` does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app import cli
from app.cli_commands.data import EXIT_ROWS_REFUSED, IMPORT_EPILOG
from domain.masterdata_rules import SOURCE_LABELS_ZH
from domain.services.masterdata import MasterKind
from domain.workorder_rules import yuan


def cmd_master_data(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        md = ctx.services.master_data
        for lc in md.labour_codes():
            print("\t".join(("工时", lc.code, lc.name, f"{lc.standard_hours_centi / 100:.2f}",
                             f"{lc.rate_fen / 100:.2f}")))
        for part in md.part_prices():
            print("\t".join(("配件", part.part_no, part.name, f"{part.price_fen / 100:.2f}")))
        for c in md.campaigns():
            print("\t".join(("召回" if c.kind == "recall" else "活动", c.code, c.title,
                             f"{c.vin_from}-{c.vin_to}" if c.vin_from else c.model)))
    finally:
        ctx.close()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        items = ctx.services.master_data.items(args.kind)
    finally:
        ctx.close()
    for item in items:
        print("\t".join((item.code, item.name, yuan(item.price_fen), SOURCE_LABELS_ZH[item.source])))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        report = ctx.services.master_data_import.run(cli.cli_actor(), args.file.expanduser())
    finally:
        ctx.close()
    for row in report.refused:
        print(f"{row.sheet} 第 {row.row_number} 行：{'；'.join(row.problems)}")
    if report.ignored_sheets:
        print(f"已忽略未知工作表：{'、'.join(report.ignored_sheets)}")
    if report.unknown_columns:
        print(f"已忽略未知列：{'、'.join(report.unknown_columns)}")
    print(report.summary())
    return EXIT_ROWS_REFUSED if report.refused else 0


def register(sub: cli.SubParsers) -> None:
    p = sub.add_parser("master-data", help="基础资料：工时项目、配件价格、杂项、保养套餐、服务活动（列出、导入）",
                       description="不带子命令：列出工时代码、配件价格与活动/召回（原有格式）。")
    p.set_defaults(handler=cmd_master_data)
    actions = p.add_subparsers(dest="md_action", required=False, parser_class=cli._Parser)
    kinds = [k.value for k in MasterKind]
    listing = actions.add_parser(
        "list", help="列出一类基础资料：编号、名称、价格（元）、来源（本店/总部），以制表符分隔",
        description="每行一项：编号、名称、价格（元，两位小数；工时项目为标准工时 × 工时单价）、来源（本店或总部）。"
                    "同一编号总部与本店都有时，以总部项目为准。")
    listing.add_argument("kind", choices=kinds, metavar="{" + "|".join(kinds) + "}")
    listing.set_defaults(handler=cmd_list)
    importing = actions.add_parser(
        "import", help="从 Excel (.xlsx) 导入基础资料（每类一个工作表）", epilog=IMPORT_EPILOG,
        description="工作表：工时项目/labour（工时代码、名称、标准工时、工时单价）、配件价格/parts（配件编号、名称、"
                    "价格、单位）、杂项/sundry（编号、名称、金额）、保养套餐/packages（套餐编号、套餐名称、套餐价、"
                    "项目编号、数量，每行一项）、服务活动/campaigns（活动编号、活动名称、类型、价格、开始日期、"
                    "结束日期、车型、VIN起、VIN止、说明）。表头可用中文或英文；本店已有的编号会更新。")
    importing.add_argument("file", type=Path, metavar="FILE", help="Excel 文件（.xlsx）")
    importing.set_defaults(handler=cmd_import)


cli.EXTENSIONS.append(register)
