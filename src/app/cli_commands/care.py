"""``dealerdesk care due``: what customer care has to do on a day, for a check or a cron job.

Output contract (issue 5): one tab-separated line per open task whose date has come
(overdue ones included), earliest first: due date ``YYYY-MM-DD``, kind (English code as in
:class:`domain.care_rules.TaskKind`), customer, mobile, plate, work order number (empty when
the task has none), status (``due`` or ``overdue``).

``dealerdesk care classes [--class A|B|C|D] [--date D]``: the customer classes (忠诚客户筛选 /
流失客户) on a day, one tab-separated line per customer, class by class (A, B, C, D, then the
unclassified), most recent first within a class: name, mobile masked as on screen
(``138****5678``), class (``A``–``D``, empty when not classified), the date of the last visit
of any kind ``YYYY-MM-DD`` (empty when none), paid visits in the last 12 months.

``dealerdesk follow-ups list [--branch CODE] [--since DATE] …``: HQ's consolidated follow-ups
of every branch (at a branch, its own), latest due date first, one tab-separated line each:
branch code, due date ``YYYY-MM-DD`` (the branch's calendar), kind, customer, plate, work
order number (empty when none), status (``open``/``done``/``failed``/``cancelled``), timing on
the branch's own today (``upcoming``/``due``/``overdue``/``closed``), and when it was closed
in the branch's local time ``YYYY-MM-DD HH:MM`` (empty while open). No phone numbers: HQ
does not call a branch's customers.
"""

from __future__ import annotations

import argparse
import datetime as dt

from app import cli
from domain import clock
from domain.privacy import mask_phone

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
        for row in ctx.services.care.due(cli.cli_actor(), args.date):
            print("\t".join((row.due_on.isoformat(), row.kind, row.customer_name, row.mobile, row.plate,
                             row.work_order_number, row.timing)))
    finally:
        ctx.close()
    return 0


CLASSES_COLUMNS_HELP = ("每位客户一行，制表符分隔：客户、手机（中间四位以 * 显示）、级别(A/B/C/D，未分类为空)、"
                        "最近一次进厂日期(任何类型：付费、保修、保险、返修；无则为空)、近 12 个月付费进厂次数")


def cmd_classes(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        for row in ctx.services.care.classes(cli.cli_actor(), args.date, klass=args.klass):
            print("\t".join((row.customer_name, mask_phone(row.mobile), row.klass,
                             row.last_visit_on.isoformat() if row.last_visit_on else "", str(row.paid_visits))))
    finally:
        ctx.close()
    return 0


FOLLOW_UP_COLUMNS_HELP = ("每个回访任务一行，制表符分隔：门店代码、应回访日期(YYYY-MM-DD，门店当地日历)、任务类型、"
                          "客户、车牌、工单号(无则为空)、状态(open 待办 / done 已完成 / failed 未成功 / "
                          "cancelled 已取消)、时效(upcoming 未到期 / due 到期 / overdue 已超期 / closed 已关闭)、"
                          "关闭时间(门店当地时间，未关闭为空)")
PAGE = 5000


def cmd_follow_ups_list(args: argparse.Namespace) -> int:
    from domain.services.care_hq import FollowUpFilter

    wanted = FollowUpFilter(branch_code=args.branch, since=args.since, until=args.until,
                            status=args.status, overdue_only=args.overdue)
    ctx = cli._context(args)
    try:
        service, actor, last = ctx.services.care_hq, cli.cli_actor(), None
        while True:  # keyset pages: each costs the same however far down the list
            rows = service.list_follow_ups(actor, wanted, limit=PAGE, after=last)
            for row in rows:
                print("\t".join((row.branch_code, row.due_on.isoformat(), row.kind, row.customer_name,
                                 row.plate, row.work_order_number, row.status, row.timing,
                                 clock.format_local(row.closed_at, row.branch_timezone))))
            if len(rows) < PAGE:
                break
            last = rows[-1]
    finally:
        ctx.close()
    return 0


def register(sub: cli.SubParsers) -> None:
    group = sub.add_parser("care", help="跟踪服务（回访）")
    commands = group.add_subparsers(dest="care_command", required=True, parser_class=cli._Parser)
    p = commands.add_parser("due", help="列出某天到期的回访任务（制表符分隔）", description=COLUMNS_HELP)
    p.add_argument("--date", type=_date, default=None, help="日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=cmd_due)
    p = commands.add_parser("classes", help="客户分级（忠诚/流失客户，制表符分隔）", description=CLASSES_COLUMNS_HELP)
    p.add_argument("--class", dest="klass", choices=("A", "B", "C", "D"), default=None, help="只列该级别的客户")
    p.add_argument("--date", type=_date, default=None, help="按该日计算 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=cmd_classes)

    group = sub.add_parser("follow-ups", help="回访任务（总部汇总各门店）")
    commands = group.add_subparsers(dest="follow_ups_command", required=True, parser_class=cli._Parser)
    p = commands.add_parser("list", help="列出回访任务（制表符分隔）", description=FOLLOW_UP_COLUMNS_HELP)
    p.add_argument("--branch", default=None, metavar="CODE", help="只列出该门店的回访（总部汇总时用）")
    p.add_argument("--since", type=_date, default=None, metavar="DATE", help="应回访日期不早于 YYYY-MM-DD")
    p.add_argument("--until", type=_date, default=None, metavar="DATE", help="应回访日期不晚于 YYYY-MM-DD")
    p.add_argument("--status", choices=("open", "done", "failed", "cancelled"), default=None,
                   help="只列该状态的任务")
    p.add_argument("--overdue", action="store_true", help="只列已超期未办的（按各门店当地日期）")
    p.set_defaults(handler=cmd_follow_ups_list)


cli.EXTENSIONS.append(register)
