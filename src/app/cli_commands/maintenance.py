"""``dealerdesk backup``, ``restore`` and ``check``: keeping the branch's data safe.

Output is a contract (issue 8): ``backup`` prints the file written; ``restore`` prints what it
did, including the safety backup; ``check`` prints one line per problem and exits 0 only when
everything holds. These commands open the database directly rather than through
:class:`storage.database.Database`, because they are most needed when it will not open
normally (damaged, or from a newer program). The database is the data folder's (its SQLite
file, or the server it is connected to) or the one ``--db-url`` names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import cli
from app.backups import manager_for, read_settings_best_effort
from app.context import ensure_local_server, secure_data_dir
from domain.errors import Conflict, NotFound
from storage.backup import REASON_MANUAL
from storage.engine import is_sqlite_database, make_engine, sqlite_url
from storage.integrity import integrity_problems
from storage.location import Location, resolve
from storage.pg_backup import ServerDatabase


def _location(args: argparse.Namespace) -> Location:
    """This run's database; on the main PC its server is started when it is not running,
    and a server that cannot be reached is one sentence before anything else is tried."""
    location = resolve(args.data_dir, getattr(args, "db_url", None))
    secure_data_dir(args.data_dir)  # these commands open the database without AppContext.open
    if location.hosted_here:
        ensure_local_server(args.data_dir)
    if location.is_server:
        ServerDatabase(location.url).exists()
    return location


def cmd_backup(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    location = _location(args)
    if location.sqlite_file is not None and not location.sqlite_file.is_file():
        raise NotFound("db.missing", path=str(location.sqlite_file))
    if args.output is not None:
        target = manager_for(location, data_dir).write_copy(args.output.expanduser().resolve())
        print(target)
        return 0
    settings = read_settings_best_effort(data_dir, location)
    result = manager_for(location, data_dir, settings).backup(REASON_MANUAL)
    print(result.path)
    if result.copy is not None:
        print(f"已复制到第二备份位置：{result.copy}")
    if result.warning:
        sys.stderr.write(f"dealerdesk: 警告：{result.warning}\n")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    source: Path = args.file.expanduser().resolve()
    location = _location(args)
    manager = manager_for(location, data_dir, read_settings_best_effort(data_dir, location))
    result = manager.restore(source)
    if result.safety_backup is not None:
        print(f"已先备份当前数据库：{result.safety_backup}")
    else:
        print("数据目录中原来没有数据库，无需先备份")
    print(f"已从备份恢复：{result.restored_from} → {result.database}")
    if result.from_revision != result.to_revision:
        print(f"数据库版本已升级：{result.from_revision} → {result.to_revision}")
    else:
        print(f"数据库版本：{result.to_revision}")
    if manager.last_result is not None and manager.last_result.warning:
        sys.stderr.write(f"dealerdesk: 警告：{manager.last_result.warning}\n")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    location = _location(args)
    db_file = location.sqlite_file
    if db_file is not None:
        if not db_file.is_file():
            raise NotFound("db.missing", path=str(db_file))
        if not is_sqlite_database(db_file):
            raise Conflict("db.not_dealerdesk", path=str(db_file))
    engine = make_engine(sqlite_url(db_file) if db_file is not None else location.url)
    try:
        problems = integrity_problems(engine)
    finally:
        engine.dispose()
    for problem in problems:
        print(problem)
    if problems:
        sys.stderr.write(f"dealerdesk: 完整性检查发现 {len(problems)} 个问题\n")
        return cli.EXIT_ERROR
    print("完整性检查通过")
    return 0


def add_commands(sub: cli.SubParsers) -> None:
    p = sub.add_parser("backup", help="立即备份数据库")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="写到指定文件（默认：数据目录下的 backups 文件夹，并按规则轮换）")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复数据库（会先备份当前数据库）")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("check", help="检查数据库完整性")
    p.set_defaults(handler=cmd_check)


cli.EXTENSIONS.append(add_commands)
