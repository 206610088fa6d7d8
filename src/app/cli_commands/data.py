"""``dealerdesk demo`` and ``dealerdesk customers import``: bringing data into a branch.

Output is a contract (issue 2): ``demo`` prints one summary line (issue 3 adds the work
orders and the demo staff logins with their password to it); ``customers import``
prints one line per refused row (``第 N 行：原因``), the ignored columns and a summary
(``已导入 X 条，跳过 Y 条``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app import cli

EXIT_ROWS_REFUSED = 1

IMPORT_EPILOG = (
    "退出码：0 = 文件已处理且所有行均有效；1 = 有行被拒绝（其余有效行已导入，"
    "被拒绝的行逐行列出）或文件无法读取。"
)


def _progress_printer(what: str, unit: str) -> Callable[[int, int], None] | None:
    """A line on stderr at every tenth of the way (``正在生成演示数据：20000/200000 位客户（10%）``),
    only for a person watching a terminal: stdout keeps the one summary line (the contract),
    and a script or log that redirects stderr gets no progress at all."""
    if not sys.stderr.isatty():
        return None
    shown = 0  # the first line at 10 %

    def show(done: int, total: int) -> None:
        nonlocal shown
        tenth = done * 10 // max(total, 1)
        if tenth > shown:
            shown = tenth
            sys.stderr.write(f"正在生成演示{what}：{done}/{total} {unit}（{done * 100 // max(total, 1)}%）\n")
            sys.stderr.flush()

    return show


def cmd_demo(args: argparse.Namespace) -> int:
    from domain.services.demo import DEMO_STAFF

    ctx = cli._context(args)
    try:
        summary = ctx.services.demo.load(cli.cli_actor(), args.customers, progress=_progress_printer("数据", "位客户"),
                                         work_orders=args.work_orders,
                                         order_progress=_progress_printer("工单", "张"))
    finally:
        ctx.close()
    # one summary line (the contract of issue 2), now with the orders and the demo logins; the
    # password is generated per load and printed this once (issue 23 item 7); a later load
    # that created no account says the password is unchanged instead of repeating it
    password = summary.password if summary.password is not None else "不变（首次加载时已显示）"
    print(f"已添加演示数据：客户 {summary.customers} 位，车辆 {summary.vehicles} 辆，"
          f"工单 {summary.work_orders} 张，投诉 {summary.complaints} 件；演示员工（新建 {summary.staff_created} 位）"
          f"{'、'.join(u for u, _, _ in DEMO_STAFF)} 的密码均为 {password}")
    return 0


def cmd_customers_import(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        service = ctx.services.customer_import
        path: Path = args.file.expanduser()
        report = service.preview(cli.cli_actor(), path) if args.preview else service.run(cli.cli_actor(), path)
    finally:
        ctx.close()
    for row in report.refused:
        print(f"第 {row.row_number} 行：{'；'.join(row.problems)}")
    for row in report.warned:  # imported, but a person should look (a VIN without check digit)
        print(f"第 {row.row_number} 行（提示）：{'；'.join(row.warnings)}")
    if report.unknown_columns:
        print(f"已忽略未知列：{'、'.join(report.unknown_columns)}")
    skipped = len(report.refused)
    if args.preview:
        print(f"预览：可导入 {report.accepted} 条，将跳过 {skipped} 条（未保存任何数据）")
    else:
        print(f"已导入 {report.imported} 条，跳过 {skipped} 条")
    return EXIT_ROWS_REFUSED if skipped else 0


def add_data_commands(sub: cli.SubParsers) -> None:
    p = sub.add_parser(
        "demo", help="添加演示客户、车辆、员工与工单",
        description="添加演示数据：客户与车辆、演示员工（服务顾问、技师、车间主管、质检员、收银员、"
                    "客服专员、经理，用户名 demo_…，密码每次随机生成并只显示一次，已存在的用户名不重复创建）"
                    "以及近 18 个月的工单历史（各种状态，含返修与取消）。"
                    "数据库中已有非演示的客户、车辆或工单时拒绝执行（退出码 1）。")
    p.add_argument("--customers", type=int, required=True, metavar="N",
                   help="演示客户数量（约五分之一的客户有两辆车）")
    p.add_argument("--work-orders", type=int, default=None, metavar="N", dest="work_orders",
                   help="演示工单数量（默认约为车辆数的 1.5 倍；0 = 不生成工单）")
    p.set_defaults(handler=cmd_demo)

    customers = sub.add_parser("customers", help="客户名单")
    actions = customers.add_subparsers(dest="action", required=True, parser_class=cli._Parser)
    p = actions.add_parser(
        "import", help="导入客户名单（.csv 或 .xlsx，每行一辆车）", epilog=IMPORT_EPILOG,
        description="导入客户名单：表头可用中文或英文（姓名/name、手机/mobile、车牌/plate、"
                    "VIN/车架号、品牌/brand、车型/model、购车日期/purchase_date、里程/mileage），"
                    "未知列忽略并列出。",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="客户名单文件（.csv 或 .xlsx）")
    p.add_argument("--preview", action="store_true", help="只检查并列出问题，不保存")
    p.set_defaults(handler=cmd_customers_import)


cli.EXTENSIONS.append(add_data_commands)
