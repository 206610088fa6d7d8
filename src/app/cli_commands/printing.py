"""``dealerdesk print <form> KEY -o FILE.pdf``: the same form classes the GUI previews."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import cli

PAPER_CHOICES = ("a4", "a5")


def _write(path: Path, pdf: bytes) -> Path:
    """Write atomically: a half-written PDF must never be left where the user looks."""
    target = path.expanduser()
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:  # name the file the user asked for, not the temporary one
        partial.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    return target.resolve()


def cmd_print_customer_file(args: argparse.Namespace) -> int:
    from domain.roles import Actor
    from reports.customer_file import CustomerFileForm

    ctx = cli._context(args)
    try:
        customer = ctx.services.customers.find_one(Actor.system(), args.key)
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    pdf = CustomerFileForm(branch, customer, paper=args.paper).render()
    print(_write(args.output, pdf))
    return 0


def add_customer_file(forms: cli.SubParsers) -> None:
    p = forms.add_parser("customer-file", help="客户档案基本资料表")
    p.add_argument("key", metavar="KEY", help="手机号、车牌号、车架号或客户编号")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=PAPER_CHOICES, default="a4", help="纸张（默认 a4）")
    p.set_defaults(handler=cmd_print_customer_file)


cli.PRINT_FORMS.append(add_customer_file)
