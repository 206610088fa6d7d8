"""``dealerdesk audit [--since DATE]``: the audit trail (操作日志), oldest first.

Output contract (issue 8): one tab-separated line per entry: local time
``YYYY-MM-DD HH:MM:SS`` (branch time zone), who, action (Chinese label), what (table and
record number or name), and a summary of the changes (``field: before → after``) or the
event's detail. Tabs and line breaks inside values are shown as spaces so each entry
stays one line. At HQ a sixth field follows: the branch code the entry was made at (HQ's
own code for HQ's entries, ``-`` for a branch's system entry whose branch cannot be told);
``--branch CODE`` keeps one branch's entries.
"""

from __future__ import annotations

import argparse
import datetime as dt
from datetime import datetime, time

from app import cli
from domain import clock
from domain.services.audit import AuditFilter

COLUMNS_HELP = ("每条操作一行，从早到晚，制表符分隔：本地时间(YYYY-MM-DD HH:MM:SS)、操作人、操作、"
                "对象(表与单号/名称)、变更摘要(字段: 原值 → 新值)或事件说明；在总部另加第六列：门店代码"
                "（无法判断门店的分店系统操作为 -）")


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{raw}") from exc


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def cmd_audit(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        here = ctx.services.branches.current()
        zone, at_hq = here.timezone, here.mode == "hq"
        since = None
        if args.since is not None:
            since = datetime.combine(args.since, time(0), clock.branch_zone(zone))
        rows = ctx.services.audit.list(cli.cli_actor(), AuditFilter(since=since, branch_code=args.branch or ""),
                                       limit=10_000_000, newest_first=False)
        for row in rows:
            fields = [clock.format_local(row.at, zone, "%Y-%m-%d %H:%M:%S"), row.staff_name,
                      row.action_label, row.what, row.summary()]
            if at_hq:  # appended: a branch's five fields stay as scripts know them
                fields.append(row.branch_code or "-")
            print("\t".join(_one_line(v) for v in fields))
    finally:
        ctx.close()
    return 0


def register(sub: cli.SubParsers) -> None:
    p = sub.add_parser("audit", help="显示操作日志（制表符分隔）", description=COLUMNS_HELP)
    p.add_argument("--since", type=_date, default=None, help="起始日期 YYYY-MM-DD（含当天，本地时间）")
    p.add_argument("--branch", default=None, metavar="CODE", help="只显示该门店的操作（总部用）")
    p.set_defaults(handler=cmd_audit)


cli.EXTENSIONS.append(register)
