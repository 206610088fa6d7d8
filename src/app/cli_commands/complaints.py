"""``dealerdesk complaints list``: one tab-separated line per complaint slip, for scripts.

Output contract (issue 4): number, customer, category, severity, state (English codes as
in :mod:`domain.complaint_rules`), and the next deadline that applies in the branch's
local time ``YYYY-MM-DD HH:MM`` (empty once closed or continued on a reopened slip).
"""

from __future__ import annotations

import argparse

from app import cli
from domain import clock
from domain.roles import Actor

PAGE = 1000


def cmd_list(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        zone = ctx.services.branches.current().timezone
        service = ctx.services.complaints
        actor = Actor.system()
        offset = 0
        while True:
            rows = service.list_slips(actor, open_only=args.open, overdue_only=args.overdue,
                                      offset=offset, limit=PAGE)
            for row in rows:
                print("\t".join((row.number, row.customer_name, row.category, row.severity, row.state,
                                 clock.format_local(row.next_deadline_at, zone))))
            if len(rows) < PAGE:
                break
            offset += PAGE
    finally:
        ctx.close()
    return 0


def register(sub: cli.SubParsers) -> None:
    group = sub.add_parser("complaints", help="客户投诉")
    commands = group.add_subparsers(dest="complaints_command", required=True,
                                    parser_class=cli._Parser)
    p = commands.add_parser("list", help="列出投诉单（制表符分隔）")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--open", action="store_true", help="只列未结案的")
    which.add_argument("--overdue", action="store_true", help="只列已超期的")
    p.set_defaults(handler=cmd_list)


cli.EXTENSIONS.append(register)
