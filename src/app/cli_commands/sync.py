"""Sync by file: ``export``, ``import``, ``enrol`` and the HQ commands under ``hq``.

Output contract (issue 6): ``export`` prints one line ``FILE<TAB>FIRST-LAST<TAB>N 个变更``;
``import`` prints one line per file; every refusal prints one line naming the file and the
reason to stderr and the command exits 1; a bundle skipped as already imported exits 0.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from app import cli
from sync.service import NothingToExport, SyncRefused, SyncService, keys_dir


@contextmanager
def _sync(args: argparse.Namespace) -> Iterator[SyncService]:
    """The sync service on the command's database, closed however the command ends."""
    ctx = cli._context(args)
    try:
        yield SyncService(ctx.db, keys_dir(args.data_dir), actor=cli.cli_actor())
    finally:
        ctx.close()


def _refusals(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A refusal is one line on stderr and exit 1 (the output contract above)."""
    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except SyncRefused as exc:
            sys.stderr.write(f"dealerdesk: {exc.line()}\n")
            return cli.EXIT_ERROR
    return run


@_refusals
def cmd_export(args: argparse.Namespace) -> int:
    try:
        with _sync(args) as service:
            result = service.export_bundle(args.output, since=args.since, full=args.all)
    except NothingToExport as exc:
        print(f"没有需要导出的新变更（总部已确认至序号 {exc.acked}）")
        return 0
    print(result.line())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with _sync(args) as service:
        results = service.import_bundles(args.files)
    failed = False
    for result in results:
        if result.status == "refused":
            failed = True
            sys.stderr.write(f"dealerdesk: 拒绝导入 {result.path}：{result.message}\n")
        elif result.status == "skipped":
            print(f"{result.path}\t跳过：{result.message}")
        else:
            print(f"{result.path}\t{result.sender}\t{result.message}")
    return cli.EXIT_ERROR if failed else 0


@_refusals
def cmd_enrol(args: argparse.Namespace) -> int:
    with _sync(args) as service:
        result = service.enrol(args.file)
    adopted = "；本机已改用总部登记的门店身份（更换电脑）" if result.adopted_identity else ""
    print(f"门店 {result.code} 已登记，本机密钥指纹 {result.fingerprint}{adopted}；请导出数据包发给总部完成绑定")
    return 0


@_refusals
def cmd_hq_enrol(args: argparse.Namespace) -> int:
    with _sync(args) as service:
        result = service.enrol_branch(args.code, args.name, args.output)
    print(f"已为分店 {result.code} 签发登记文件：{result.path}（内含一次性登记口令，请妥善传递）")
    return 0


@_refusals
def cmd_hq_export(args: argparse.Namespace) -> int:
    with _sync(args) as service:
        result = service.export_for_branch(args.code, args.output)
    print(result.line())
    return 0


@_refusals
def cmd_hq_revoke(args: argparse.Namespace) -> int:
    with _sync(args) as service:
        fingerprint = service.revoke_branch(args.code)
    print(f"已吊销分店 {args.code.upper()} 的密钥 {fingerprint or '（无）'}；可重新签发登记文件")
    return 0


def cmd_hq_branches(args: argparse.Namespace) -> int:
    with _sync(args) as service:
        statuses = service.branch_statuses()
    for s in statuses:
        state = "已吊销" if s.revoked else ("已绑定" if s.enrolled else "待登记")
        last = s.last_import_at.isoformat(timespec="seconds") if s.last_import_at else "-"
        print("\t".join((s.code, s.name, state, s.key_fingerprint or "-", str(s.last_seq), last)))
    return 0


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def cmd_hq_labour(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        view = ctx.services.master_data.save_labour_code(
            cli.cli_actor(), code=args.code, name=args.name,
            standard_hours_centi=round(args.hours * 100), rate_fen=args.rate_fen)
    finally:
        ctx.close()
    print(f"已保存工时代码 {view.code} {view.name}")
    return 0


def cmd_hq_part(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        view = ctx.services.master_data.save_part_price(
            cli.cli_actor(), part_no=args.part_no, name=args.name, price_fen=args.price_fen)
    finally:
        ctx.close()
    print(f"已保存配件价格 {view.part_no} {view.name}")
    return 0


def cmd_hq_campaign(args: argparse.Namespace) -> int:
    ctx = cli._context(args)
    try:
        view = ctx.services.master_data.save_campaign(
            cli.cli_actor(), code=args.code, title=args.title, kind=args.kind,
            vin_from=args.vin_from, vin_to=args.vin_to, model=args.model,
            starts_on=_day(args.starts), ends_on=_day(args.ends))
    finally:
        ctx.close()
    print(f"已保存{'召回' if view.kind == 'recall' else '服务活动'} {view.code} {view.title}")
    return 0


def register(sub: cli.SubParsers) -> None:
    p = sub.add_parser("export", help="导出同步数据包（发给总部）")
    p.add_argument("-o", "--output", type=Path, default=None, help="数据包文件（或文件夹）")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--since", type=int, default=None, help="导出此序号之后的变更")
    group.add_argument("--all", action="store_true", help="导出全部当前数据（快照）")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="导入同步数据包")
    p.add_argument("files", type=Path, nargs="+")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("enrol", help="分店：用总部签发的登记文件登记本机")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_enrol)

    hq = sub.add_parser("hq", help="总部：分店登记、下发数据包、主数据")
    commands = hq.add_subparsers(dest="hq_command", required=True, parser_class=cli._Parser)
    p = commands.add_parser("enrol-branch", help="登记分店并写出登记文件")
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(handler=cmd_hq_enrol)
    p = commands.add_parser("export-branch", help="为分店导出总部数据包（主数据与确认）")
    p.add_argument("code")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(handler=cmd_hq_export)
    p = commands.add_parser("revoke-branch", help="吊销分店的密钥")
    p.add_argument("code")
    p.set_defaults(handler=cmd_hq_revoke)
    p = commands.add_parser("branches", help="列出分店、密钥指纹与最近导入")
    p.set_defaults(handler=cmd_hq_branches)
    p = commands.add_parser("labour-code", help="新增或修改工时代码")
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--hours", type=float, required=True)
    p.add_argument("--rate-fen", type=int, required=True)
    p.set_defaults(handler=cmd_hq_labour)
    p = commands.add_parser("part-price", help="新增或修改配件价格")
    p.add_argument("part_no")
    p.add_argument("--name", required=True)
    p.add_argument("--price-fen", type=int, required=True)
    p.set_defaults(handler=cmd_hq_part)
    p = commands.add_parser("campaign", help="新增或修改服务活动/召回")
    p.add_argument("code")
    p.add_argument("--title", required=True)
    p.add_argument("--kind", choices=["campaign", "recall"], default="campaign")
    p.add_argument("--vin-from", default="")
    p.add_argument("--vin-to", default="")
    p.add_argument("--model", default="")
    p.add_argument("--starts", default=None)
    p.add_argument("--ends", default=None)
    p.set_defaults(handler=cmd_hq_campaign)


cli.EXTENSIONS.append(register)
