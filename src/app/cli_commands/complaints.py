"""``dealerdesk complaints list``: one tab-separated line per complaint slip, for scripts;
``dealerdesk complaints stats --month YYYY-MM -o FILE.pdf|.xlsx``: the monthly statistics;
``dealerdesk complaints penalties --month YYYY-MM``: the month's penalties (奖罚月报).

Output contract (issue 4): number, customer, category, severity, state (English codes as
in :mod:`domain.complaint_rules`), and the next deadline that applies in the branch's
local time ``YYYY-MM-DD HH:MM`` (empty once closed or continued on a reopened slip).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from app import cli
from domain import clock, messages

PAGE = 1000

messages.register("complaint.stats_format", "不支持的统计表文件类型“{suffix}”，请使用 .pdf 或 .xlsx",
                  "Unsupported statistics file type '{suffix}'; use .pdf or .xlsx")


def cmd_list(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        zone = ctx.services.branches.current().timezone
        service = ctx.services.complaints
        actor = cli.cli_actor()
        offset = 0
        while True:
            rows = service.list_slips(actor, open_only=args.open, overdue_only=args.overdue,
                                      offset=offset, limit=PAGE, branch_code=args.branch)
            for row in rows:
                print("\t".join((row.number, row.customer_name, row.category, row.severity, row.state,
                                 clock.format_local(row.next_deadline_at, zone))))
            if len(rows) < PAGE:
                break
            offset += PAGE
    finally:
        ctx.close()
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """客户投诉案件统计表 of a month, as PDF or Excel by the file's suffix."""
    from app.cli_commands.printing import _write
    from domain.errors import ValidationError

    year, month = _month(args.month)
    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError("complaint.stats_format", "output", suffix=args.output.suffix or "（无）")
    ctx = cli._context(args)
    try:
        stats = ctx.services.complaints.monthly_statistics(cli.cli_actor(), year, month)
        branch = ctx.services.branches.current()
        cap_bp = ctx.services.complaints.settings().deduction_cap_bp
    finally:
        ctx.close()
    if suffix == ".xlsx":
        from reports.xlsx_complaints import complaint_statistics_xlsx

        data = complaint_statistics_xlsx(branch, stats, cap_bp=cap_bp)
    else:
        from reports.complaint_statistics import ComplaintStatisticsReport

        data = ComplaintStatisticsReport(branch, stats, cap_bp=cap_bp).render()
    print(_write(args.output, data))
    return 0


def _month(text: str) -> tuple[int, int]:
    from domain.errors import ValidationError

    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError("complaint.month_invalid", "month", value=text)
    return int(match.group(1)), int(match.group(2))


def cmd_penalties(args: argparse.Namespace) -> int:
    """奖罚月报: one tab-separated line per penalty of the month (number, name, department,
    grade, amount in yuan, complaint number); the number is what ``print penalty-notice`` takes."""
    from domain.workorder_rules import yuan

    year, month = _month(args.month)
    ctx = cli._context(args)
    try:
        rows = ctx.services.complaint_penalties.of_month(cli.cli_actor(), year, month)
    finally:
        ctx.close()
    for p in rows:
        print("\t".join((p.number, p.staff_name, p.department, p.grade, yuan(p.amount_fen), p.slip_number)))
    return 0


def register(sub: cli.SubParsers) -> None:
    group = sub.add_parser("complaints", help="客户投诉")
    commands = group.add_subparsers(dest="complaints_command", required=True,
                                    parser_class=cli._Parser)
    p = commands.add_parser("list", help="列出投诉单（制表符分隔）")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--open", action="store_true", help="只列未结案的")
    which.add_argument("--overdue", action="store_true", help="只列已超期的")
    p.add_argument("--branch", default=None, help="只列出该门店的投诉单（总部汇总时用）")
    p.set_defaults(handler=cmd_list)
    p = commands.add_parser("stats", help="客户投诉案件统计表（PDF 或 Excel）")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="统计月份，如 2026-11")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="输出文件：.pdf 为统计表，.xlsx 为 Excel（每个表一个工作表）")
    p.set_defaults(handler=cmd_stats)
    p = commands.add_parser("penalties", help="奖罚月报：本月的警告、小过、大过（制表符分隔）")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-11")
    p.set_defaults(handler=cmd_penalties)


cli.EXTENSIONS.append(register)
