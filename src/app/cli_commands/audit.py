"""``dealerdesk audit [--since DATE]``: the audit trail (操作日志), oldest first.

Output contract (issue 8): one tab-separated line per entry: local time
``YYYY-MM-DD HH:MM:SS`` (branch time zone), who, action (Chinese label), what (table and
record number or name), and a summary of the changes (``field: before → after``) or the
event's detail. Tabs and line breaks inside values are shown as spaces so each entry
stays one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
from datetime import datetime, time

from app import cli
from domain import clock
from domain.roles import Actor
from domain.services.audit import AuditFilter

COLUMNS_HELP = ("每条操作一行，从早到晚，制表符分隔：本地时间(YYYY-MM-DD HH:MM:SS)、操作人、操作、"
                "对象(表与单号/名称)、变更摘要(字段: 原值 → 新值)或事件说明")


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
        zone = ctx.services.branches.current().timezone
        since = None
        if args.since is not None:
            since = datetime.combine(args.since, time(0), clock.branch_zone(zone))
        rows = ctx.services.audit.list(Actor.system(), AuditFilter(since=since),
                                       limit=10_000_000, newest_first=False)
        for row in rows:
            print("\t".join(_one_line(v) for v in (
                clock.format_local(row.at, zone, "%Y-%m-%d %H:%M:%S"), row.staff_name,
                row.action_label, row.what, row.summary())))
    finally:
        ctx.close()
    return 0


def register(sub: cli.SubParsers) -> None:
    p = sub.add_parser("audit", help="显示操作日志（制表符分隔）", description=COLUMNS_HELP)
    p.add_argument("--since", type=_date, default=None, help="起始日期 YYYY-MM-DD（含当天，本地时间）")
    p.set_defaults(handler=cmd_audit)


cli.EXTENSIONS.append(register)
