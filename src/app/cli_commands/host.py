"""``dealerdesk host …`` and ``dealerdesk connect``: several PCs in one branch (issue 14).

Output is a contract: ``host init`` prints the address the other PCs enter on its last line
(a ``postgresql://`` address that ``dealerdesk connect`` takes as it is); ``host status``
prints ``状态：运行中（running）`` or ``状态：已停止（stopped）`` first, then the version, the
port, the database size and the connected PCs, one ``名称：值`` line each.
"""

from __future__ import annotations

import argparse

from app import cli


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def cmd_host_init(args: argparse.Namespace) -> int:
    from app.multi_pc import make_main_pc
    from storage.pg_cluster import binaries_version

    made = make_main_pc(args.data_dir, port=args.port, bind=args.bind)
    config = made.config
    print(f"已创建本店主机数据库：{args.data_dir / 'server'}（PostgreSQL {binaries_version()}，端口 {config.port}）")
    print(f"数据库 {config.database}，用户 {config.role}，密码 {config.password}")
    if not made.folder_switched:
        print("本机已有门店数据库：运行 dealerdesk db move-to host 把数据搬到主机后，本机也改用主机")
    where = "、".join(made.addresses) if made.addresses else "127.0.0.1"
    print(f"其他电脑选“连接本店主机”，填写：主机 {made.host_name}（{where}），端口 {config.port}")
    print(made.desk_url)
    return 0


def cmd_host_start(args: argparse.Namespace) -> int:
    from app.multi_pc import host_status, start_host

    started = start_host(args.data_dir)
    status = host_status(args.data_dir)
    print(("已启动" if started else "已在运行") + f"：PostgreSQL {status.version}，端口 {status.port}")
    return 0


def cmd_host_stop(args: argparse.Namespace) -> int:
    from app.multi_pc import stop_host

    print("已停止" if stop_host(args.data_dir) else "本来就没有运行")
    return 0


def cmd_host_status(args: argparse.Namespace) -> int:
    from app.multi_pc import host_status

    status = host_status(args.data_dir)
    print("状态：运行中（running）" if status.running else "状态：已停止（stopped）")
    print(f"版本：PostgreSQL {status.version}")
    print(f"端口：{status.port}")
    print(f"数据库大小：{_size(status.database_bytes)}")
    pcs = "，".join(f"{name} ×{count}" for name, count in status.clients)
    print(f"已连接电脑：{len(status.clients)}" + (f"（{pcs}）" if pcs else ""))
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    from app.multi_pc import connect_workstation, local_database_has_branch

    found = connect_workstation(args.data_dir, args.url)
    label = found.location.server_label
    if found.branch_code is None:
        print(f"已连接本店主机 {label}（数据库还没有初始化：启动程序完成首次设置）")
    else:
        print(f"已连接本店主机 {label}（{found.branch_code} {found.branch_name}）")
    if local_database_has_branch(args.data_dir):
        print(f"本机原有的数据库文件保留在 {args.data_dir}，不再使用")
    return 0


def add_commands(sub: cli.SubParsers) -> None:
    host = sub.add_parser("host", help="本店主机：这台电脑上的数据库服务器（多台电脑共用）")
    actions = host.add_subparsers(dest="host_action", required=True, parser_class=cli._Parser)
    p = actions.add_parser("init", help="把这台电脑设为本店主机（创建并启动数据库服务器）")
    p.add_argument("--port", type=int, default=5432)
    p.add_argument("--bind", default=None, metavar="ADDRESS",
                   help="只在这个地址上接受连接（默认：本机所有地址，仅限局域网）")
    p.set_defaults(handler=cmd_host_init)
    actions.add_parser("start", help="启动数据库服务器").set_defaults(handler=cmd_host_start)
    actions.add_parser("stop", help="停止数据库服务器").set_defaults(handler=cmd_host_stop)
    actions.add_parser("status", help="服务器状态：运行与否、版本、数据库大小、已连接的电脑"
                       ).set_defaults(handler=cmd_host_status)

    p = sub.add_parser("connect", help="这台电脑改用本店主机上的数据库（工作站）")
    p.add_argument("url", metavar="URL", help="postgresql://用户:密码@主机:端口/dealerdesk")
    p.set_defaults(handler=cmd_connect)


cli.EXTENSIONS.append(add_commands)
