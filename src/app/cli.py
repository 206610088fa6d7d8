"""The ``dealerdesk`` command: the GUI with no subcommand, automation with one.

Subcommand names and output formats are a contract (issues 2–9); keep them stable.
Every user-fixable error prints one line (Chinese) to stderr and exits 1.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from app.paths import default_data_dir
from domain.errors import DomainError
from domain.roles import Actor

EXIT_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line, non-zero exit
        sys.stderr.write(f"dealerdesk: 参数错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def _context(args: argparse.Namespace, create: bool = False):  # type: ignore[no-untyped-def]
    from app.context import AppContext

    return AppContext.open(args.data_dir, create=create, db_url=getattr(args, "db_url", None))


def cli_actor() -> Actor:
    """Who a subcommand acts as: the operating-system account running it, shown in the
    audit trail as ``root（命令行）`` (issue 23 item 2: "a command-line action names the
    operating-system account (e.g. `root（命令行）`), never 系统"), with the local system's
    authority — whoever runs it controls the database file anyway (README, trust model)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or passwd
        user = ""
    return Actor.command_line(user)


# --- handlers ------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    name = args.name or args.branch_name
    if args.hq:
        code = args.branch_code or "HQ"
    elif not args.branch_code or not name:
        sys.stderr.write("dealerdesk: 参数错误：需要 --branch-code 和 --branch-name（总部用 --hq --name）\n")
        return EXIT_USAGE
    else:
        code = args.branch_code
    from domain.services.branch import check_password

    # a weak --password is refused (one line, exit 1) before any database file is made
    # (issue 23: "`init` refuses a weak `--password`")
    check_password(args.password, user_inputs=(args.admin, name or "", code))
    ctx = _context(args, create=True)
    try:
        branch = ctx.services.branches.initialise(
            code=code, name=name or "总部", address=args.address or "",
            phone=args.phone or "", admin_username=args.admin, admin_password=args.password,
            mode="hq" if args.hq else "branch",
        )
        if args.hq:  # HQ's signing and encryption keys, made once, kept in <data dir>/keys
            from sync.service import SyncService, keys_dir

            fingerprint = SyncService(ctx.db, keys_dir(args.data_dir), actor=cli_actor()).ensure_hq_keys().fingerprint
    finally:
        ctx.close()
    if args.hq:
        print(f"已初始化总部 {branch.code} {branch.name}：{args.data_dir}（密钥指纹 {fingerprint}）")
    else:
        print(f"已初始化门店 {branch.code} {branch.name}：{args.data_dir}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    ctx = _context(args)
    try:
        hits = ctx.services.search.search(cli_actor(), args.query, limit=args.limit)
    finally:
        ctx.close()
    for hit in hits:
        print("\t".join((hit.name, hit.mobile, hit.plate, hit.vin)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dealerdesk", description="售后管家 DealerDesk")
    parser.add_argument("--data-dir", type=Path, default=None, help="数据目录（默认：用户数据目录）")
    parser.add_argument("--db-url", default=None, metavar="URL",
                        help="数据库地址（总部用 PostgreSQL 时，如 postgresql+psycopg://用户@主机/库）")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("init", help="创建新数据库（非交互）")
    p.add_argument("--branch-code", default=None)
    p.add_argument("--branch-name", default=None)
    p.add_argument("--hq", action="store_true", help="创建总部数据库")
    p.add_argument("--name", default=None, help="总部（或门店）名称")
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--admin", required=True)
    p.add_argument("--password", required=True)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("search", help="查询客户/车辆")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_search)

    printing = sub.add_parser("print", help="打印表单为 PDF")
    forms = printing.add_subparsers(dest="form", required=True, parser_class=_Parser)
    for add_form in PRINT_FORMS:
        add_form(forms)

    for extend in EXTENSIONS:
        extend(sub)
    return parser


# Feature modules add their subcommands here: each callable adds its parsers and sets
# ``handler`` with ``set_defaults``, so this file stays a table of contents.
# EXTENSIONS receive the top-level subparsers; PRINT_FORMS receive those of ``print``.
SubParsers = argparse._SubParsersAction  # type: ignore[type-arg]
EXTENSIONS: list[Callable[[SubParsers], None]] = []
PRINT_FORMS: list[Callable[[SubParsers], None]] = []


def _load_extensions() -> None:
    from app import cli_commands  # noqa: F401  (registers EXTENSIONS)


def _needs_subcommands(argv: Sequence[str]) -> bool:
    """Whether the command line names a subcommand (or asks for help).

    Why: the plain GUI start must not import every command module (and with them sync's
    cryptography, the forms' ReportLab …): the first window has to appear fast.
    """
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--self-test" or arg.startswith(("--data-dir=", "--db-url=")):
            continue
        if arg in ("--data-dir", "--db-url") and rest:
            rest.pop(0)
            continue
        return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    if _needs_subcommands(sys.argv[1:] if argv is None else argv):
        _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # never touches the user's data folder: works in a temporary one
        from app.self_test import run as run_self_test

        return run_self_test()
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    if args.command is None:
        from app.gui import run_gui

        return run_gui(args)
    from domain import audit

    try:
        handler: Handler = args.handler
        # every entry the command writes names the OS account, including those written
        # without a permission check (init, backup, check …); never 系统
        with audit.acting(cli_actor()):
            return handler(args)
    except DomainError as exc:
        sys.stderr.write(f"dealerdesk: {exc.message('zh')}\n")
        return EXIT_ERROR
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as exc:
        sys.stderr.write(f"dealerdesk: 文件错误：{exc.strerror or exc}：{exc.filename or ''}\n")
        return EXIT_ERROR


if __name__ == "__main__":
    # Run as ``python -m app.cli``: use the importable module, where the subcommands register.
    from app.cli import main as _main

    raise SystemExit(_main())
