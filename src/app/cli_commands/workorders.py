"""``dealerdesk work-orders list``: one tab-separated line per order, for scripts.

Output contract (issue 3): number, plate, customer, state (English code name), total in
yuan with two decimals.
"""

from __future__ import annotations

import argparse

from app import cli
from domain.workorder_rules import WOState, yuan

PAGE = 1000


def cmd_list(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        service = ctx.services.work_orders
        actor = cli.cli_actor()
        offset = 0
        while True:
            rows = service.list_orders(actor, state=args.state, plate=args.plate,
                                       offset=offset, limit=PAGE, branch_code=args.branch)
            for row in rows:
                print("\t".join((row.number, row.plate, row.customer_name, row.state,
                                 yuan(row.total_fen))))
            if len(rows) < PAGE:
                break
            offset += PAGE
    finally:
        ctx.close()
    return 0


def register(sub: cli.SubParsers) -> None:
    group = sub.add_parser("work-orders", help="工单")
    commands = group.add_subparsers(dest="work_orders_command", required=True,
                                    parser_class=cli._Parser)
    p = commands.add_parser("list", help="列出工单（制表符分隔）")
    p.add_argument("--state", choices=[s.value for s in WOState], default=None)
    p.add_argument("--plate", default=None)
    p.add_argument("--branch", default=None, help="只列出该门店的工单（总部汇总时用）")
    p.set_defaults(handler=cmd_list)


cli.EXTENSIONS.append(register)
