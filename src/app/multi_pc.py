"""Several PCs in one branch (多台电脑): making the main PC and connecting the desks.

Why in ``app``: it joins the server process (``storage.pg_cluster``), the data folder's
choice of database (``storage.location``) and the domain (is the database a branch?), which
only the app layer may know together. The command line (``host``, ``connect``) and the
GUI (系统设置 → 多台电脑, the first-run wizard) call the same functions.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from domain.errors import Conflict
from domain.messages import register
from storage.database import Database
from storage.location import (
    DB_FILE_NAME,
    Location,
    normalise_url,
    read_connection,
    remember_server,
    server_label,
)
from storage.pg_cluster import (
    DEFAULT_PORT,
    HostConfig,
    HostStatus,
    LocalServer,
    local_addresses,
    server_url,
)

register("host.workstation", "这台电脑连接的是本店主机 {server}，不能再设为主机",
         "This PC is connected to the main PC {server}; it cannot become a main PC too")
register("connect.not_dealerdesk", "主机 {server} 上的数据库不是售后管家数据库",
         "The database on {server} is not a DealerDesk database")


@dataclass(frozen=True)
class MainPc:
    """What ``host init`` made: where the desks connect and what they type."""

    config: HostConfig
    addresses: tuple[str, ...]  # this PC's LAN addresses (IPv4)
    host_name: str
    #: True when the data folder now uses the server; False when it keeps a SQLite
    #: database with records (move it with ``db move-to host``)
    folder_switched: bool

    @property
    def desk_url(self) -> str:
        """The address the other PCs enter (``dealerdesk connect`` takes it as it is)."""
        address = self.addresses[0] if self.addresses and self.config.bind in ("*", "0.0.0.0") \
            else (self.config.bind if self.config.bind not in ("*", "0.0.0.0") else "127.0.0.1")
        return server_url(address, self.config.port, self.config.role, self.config.password,
                          self.config.database).replace("postgresql+psycopg://", "postgresql://")


def host_name() -> str:
    return socket.gethostname().split(".")[0] or "PC"


def local_database_has_branch(data_dir: Path) -> bool:
    """Whether the folder's SQLite file holds an initialised branch (records to keep)."""
    path = data_dir / DB_FILE_NAME
    if not path.is_file():
        return False
    import sqlite3

    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return True  # unreadable: not ours to overlook
    try:
        row = conn.execute("SELECT count(*) FROM branches WHERE is_local = 1").fetchone()
        return bool(row and row[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def make_main_pc(data_dir: Path, port: int = DEFAULT_PORT, bind: str | None = None) -> MainPc:
    """Turn this PC into the shop's main PC: the server, its role and database, the schema.

    A folder with no branch yet switches to the server at once; a folder whose SQLite file
    holds a branch keeps using it until ``db move-to`` has copied and verified the records.
    """
    remembered = read_connection(data_dir)
    if remembered is not None and not remembered.hosted_here:
        raise Conflict("host.workstation", server=remembered.server_label)
    server = LocalServer(data_dir)
    config = server.init(port=port, bind=bind)
    Database.from_url(config.url(), backup_dir=data_dir / "backups").close()  # the schema
    switched = not local_database_has_branch(data_dir)
    if switched:
        remember_server(data_dir, config.url(), hosted_here=True)
    return MainPc(config, tuple(a for a, _m in local_addresses()), host_name(), switched)


def main_pc(data_dir: Path) -> MainPc:
    """The main PC's connection facts again (the 多台电脑 tab shows them)."""
    server = LocalServer(data_dir)
    config = server.config()
    remembered = read_connection(data_dir)
    return MainPc(config, tuple(a for a, _m in local_addresses()), host_name(),
                  remembered is not None and remembered.hosted_here)


def host_status(data_dir: Path) -> HostStatus:
    return LocalServer(data_dir).status()


def start_host(data_dir: Path) -> bool:
    return LocalServer(data_dir).start()


def stop_host(data_dir: Path) -> bool:
    return LocalServer(data_dir).stop()


@dataclass(frozen=True)
class ServerCheck:
    """What 测试连接 found: the server answers, and whose database it is."""

    location: Location
    branch_code: str | None  # None: the database has no branch yet (a new main PC)
    branch_name: str | None
    mode: str | None


def check_server(url: str) -> ServerCheck:
    """Connect, migrate if this program is newer, and read the branch (refusals are one
    Chinese sentence: unreachable, wrong password, not a DealerDesk database …)."""
    location = Location(normalise_url(url))
    db = Database.from_url(location.url, location=location)
    try:
        from domain.services.registry import Services

        services = Services(db.unit_of_work)
        if not services.branches.is_initialised():
            return ServerCheck(location, None, None, None)
        branch = services.branches.current()
        return ServerCheck(location, branch.code, branch.name, branch.mode)
    finally:
        db.close()


def connect_workstation(data_dir: Path, url: str) -> ServerCheck:
    """Remember for this PC that its database is the main PC's (``dealerdesk connect``)."""
    found = check_server(url)
    remember_server(data_dir, found.location.url, hosted_here=False)
    return found


def describe_server(url: str) -> str:
    return server_label(normalise_url(url))
