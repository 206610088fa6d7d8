"""``dealerdesk care due``: what customer care has to do on a day, for a check or a cron job.

Output contract (issue 5): one tab-separated line per open task whose date has come
(overdue ones included), earliest first: due date ``YYYY-MM-DD``, kind (English code as in
:class:`domain.care_rules.TaskKind`), customer, mobile, plate, work order number (empty when
the task has none), status (``due`` or ``overdue``).
"""

from __future__ import annotations

import argparse
import datetime as dt

from app import cli
from domain.roles import Actor

COLUMNS_HELP = ("每个任务一行，制表符分隔：到期日期(YYYY-MM-DD)、任务类型(first_call 首次回访 / "
                "second_call 二次回访 / complaint_effect 投诉效果回访 / file_completion 完善客户档案 / "
                "reminder / campaign)、客户、手机、车牌、工单号(无则为空)、状态(due 今日到期 / overdue 已超期)")


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{raw}") from exc


def cmd_due(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        for row in ctx.services.care.due(Actor.system(), args.date):
            print("\t".join((row.due_on.isoformat(), row.kind, row.customer_name, row.mobile, row.plate,
                             row.work_order_number, row.timing)))
    finally:
        ctx.close()
    return 0


def register(sub: cli.SubParsers) -> None:
    group = sub.add_parser("care", help="跟踪服务（回访）")
    commands = group.add_subparsers(dest="care_command", required=True, parser_class=cli._Parser)
    p = commands.add_parser("due", help="列出某天到期的回访任务（制表符分隔）", description=COLUMNS_HELP)
    p.add_argument("--date", type=_date, default=None, help="日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=cmd_due)


cli.EXTENSIONS.append(register)
