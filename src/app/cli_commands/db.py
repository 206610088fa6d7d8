"""``dealerdesk db move-to URL``: a one-PC shop's database onto the shop's server (issue 14).

Output is a contract: one line per table moved, ``表名<TAB>行数`` (the table's name in the
database and its row count), then one summary line. Exit 0 only after every table's row
count and checksum matched on the server; any refusal or failure is one Chinese line on
stderr, exit 1, and the folder keeps using its SQLite file. ``URL`` may be the word
``host``: this PC's own server (``dealerdesk host init``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app import cli


def _progress_printer() -> Callable[[int, int], None] | None:
    """A one-line progress on stderr, only for a person watching a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r正在搬迁并核对：{done}/{total} 行")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_db_move_to(args: argparse.Namespace) -> int:
    from app.db_move import move_folder_to_server
    from domain.errors import Conflict

    if args.db_url:
        sys.stderr.write("dealerdesk: 参数错误：db move-to 搬的是数据文件夹里的数据库文件，"
                         "目标服务器写在 URL 里，不用 --db-url\n")
        return cli.EXIT_USAGE
    try:
        report = move_folder_to_server(args.data_dir, args.url, progress=_progress_printer())
    except KeyboardInterrupt as exc:  # Ctrl+C: the server's transaction is already undone
        raise Conflict("move.cancelled") from exc
    for table in report.tables:
        print(f"{table.name}\t{table.rows}")
    how = "（上次搬迁已写入主机，本次核对后完成）" if report.resumed else ""
    kept = (f"原数据库文件暂时无法改名（可能仍被其他程序打开），已不再使用：{report.kept_file.name} 待改名"
            if report.rename_pending else f"原数据库文件已改名为 {report.kept_file.name}，不再使用")
    print(f"已搬到{report.location.describe()}{how}：{len(report.tables)} 张表，共 {report.rows} 行，"
          f"行数与校验和核对无误（用时 {report.seconds:.1f} 秒）；{kept}")
    return 0


def add_commands(sub: cli.SubParsers) -> None:
    db = sub.add_parser("db", help="数据库：搬到本店主机")
    actions = db.add_subparsers(dest="db_action", required=True, parser_class=cli._Parser)
    p = actions.add_parser(
        "move-to", help="把本机数据库文件搬到本店主机（PostgreSQL）上，核对后本机改用主机",
        description="把数据文件夹里的数据库（所有表、编号、同步记录、操作日志、设置与员工）复制到一个空的 "
                    "PostgreSQL 数据库，逐表核对行数与校验和，然后本文件夹改用主机；原数据库文件改名保留、"
                    "不再打开。目标不是空的就不搬；任何失败都会撤销，本机继续使用原文件。"
                    "输出：每张表一行（表名<TAB>行数），最后一行是小结。")
    p.add_argument("url", metavar="URL",
                   help="postgresql://用户:密码@主机:端口/数据库，或 host（本机的本店主机）")
    p.set_defaults(handler=cmd_db_move_to)


cli.EXTENSIONS.append(add_commands)
