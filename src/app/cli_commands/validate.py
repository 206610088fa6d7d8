"""``dealerdesk validate KIND VALUE...``: the form's and the import's validators, by hand.

Output contract (issue 16): one tab-separated line per value: the value as given, ``ok``,
``warn`` or ``error``, then the normalised value (ok) or the message (warn, error); exit 0
when every value is ok or warn, 1 otherwise. KIND is one of ``vin``, ``plate``,
``mobile``, ``phone``, ``id``, ``uscc``. No database is opened (nor a data folder made).

Why control characters in the echoed value are escaped: a tab or line break would break
the one-line-per-value format, and an escape sequence would reach the terminal.
"""

from __future__ import annotations

import argparse
import unicodedata

from app import cli
from domain.validation import KINDS, judge
from domain.validation.kinds import ERROR

COLUMNS_HELP = ("每个值一行，制表符分隔：原值、ok/warn/error、规范化后的值（ok）或提示/错误信息"
                "（warn、error）；全部为 ok 或 warn 时退出码 0，否则 1。不需要数据库。")


def _as_given(raw: str) -> str:
    """The value as given, with control and line-separator characters shown as \\uXXXX."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
                   for c in raw)


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for raw in args.values:
        verdict = judge(args.kind, raw)
        failed = failed or verdict.status == ERROR
        print("\t".join((_as_given(raw), verdict.status, verdict.text("zh"))))
    return cli.EXIT_ERROR if failed else 0


def register(sub: cli.SubParsers) -> None:
    p = sub.add_parser("validate", help="校验车架号、车牌、手机、电话、身份证号、统一社会信用代码",
                       description=COLUMNS_HELP)
    p.add_argument("kind", choices=sorted(KINDS), metavar="KIND",
                   help="vin、plate、mobile、phone、id（身份证号）或 uscc（统一社会信用代码）")
    p.add_argument("values", nargs="+", metavar="VALUE")
    p.set_defaults(handler=cmd_validate)


cli.EXTENSIONS.append(register)
