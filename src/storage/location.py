"""Which database a data folder uses: its own SQLite file, or the shop's server.

Why a file in the data folder: a PC's choice (one PC on its own, the main PC, or a desk that
connects to the main PC) must survive restarts and apply to the GUI and every
``dealerdesk`` subcommand alike, and it must never silently fall back to an empty local
database when the main PC cannot be reached. ``database.json`` records the server; without
it the folder's SQLite file is the database. ``--db-url`` overrides both for one run.

The file holds the database password (the desks need it to connect), so it is written
owner-only; the trust model (README) says that whoever holds that password controls the data.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from common.private_files import open_private, private_dir
from domain.errors import ValidationError
from domain.messages import register

DB_FILE_NAME = "dealerdesk.sqlite3"
CONNECTION_FILE = "database.json"

register("db.url_invalid", "数据库地址“{url}”不正确，应为 postgresql://用户:密码@主机:端口/数据库",
         "Database address '{url}' is not valid; expected postgresql://user:password@host:port/database")
register("db.url_kind", "只支持 PostgreSQL 服务器地址（postgresql://…），不支持“{scheme}”",
         "Only PostgreSQL server addresses (postgresql://…) are supported, not '{scheme}'")


@dataclass(frozen=True)
class Location:
    """Where the records are. ``sqlite_file`` is set for the embedded file, else ``url``
    names the server; ``hosted_here`` says the server runs on this PC (``<data>/server``)."""

    url: str
    sqlite_file: Path | None = None
    hosted_here: bool = False
    #: from the folder's ``database.json`` (not a one-off ``--db-url``)
    remembered: bool = False

    @property
    def is_workstation(self) -> bool:
        """A desk connected to another PC's server: the main PC keeps the backups."""
        return self.remembered and self.sqlite_file is None and not self.hosted_here

    @property
    def is_server(self) -> bool:
        return self.sqlite_file is None

    @property
    def server_label(self) -> str:
        """``主机:端口/数据库`` without user or password: what the login dialog shows."""
        if self.sqlite_file is not None:
            return str(self.sqlite_file)
        return server_label(self.url)

    def describe(self, lang: str = "zh") -> str:
        if self.sqlite_file is not None:
            return "本机数据库文件" if lang == "zh" else "database file on this PC"
        if self.hosted_here:
            return (f"本机（主机）{self.server_label}" if lang == "zh"
                    else f"this PC (main PC) {self.server_label}")
        return f"本店主机 {self.server_label}" if lang == "zh" else f"main PC {self.server_label}"


def server_label(url: str) -> str:
    parsed = make_url(url)
    host = parsed.host or "localhost"
    port = parsed.port or 5432
    return f"{host}:{port}/{parsed.database or ''}"


def normalise_url(url: str) -> str:
    """The SQLAlchemy form of a server address as people copy it (``postgresql://…``).

    Refuses anything but PostgreSQL with one Chinese line: a desk must not be pointed at a
    SQLite file on a share through the back door.
    """
    text = url.strip()
    try:
        parsed = make_url(text)
        parsed.port  # noqa: B018 - a port that is not a number raises only when read
    except (ArgumentError, ValueError) as exc:
        raise ValidationError("db.url_invalid", "url", url=_without_password(text)) from exc
    backend = parsed.get_backend_name()
    if backend not in ("postgresql", "postgres"):
        raise ValidationError("db.url_kind", "url", scheme=parsed.drivername)
    if not parsed.host or not parsed.database:
        raise ValidationError("db.url_invalid", "url", url=_without_password(text))
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def _without_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1]


def resolve(data_dir: Path, db_url: str | None = None) -> Location:
    """The database this run uses: ``--db-url``, else the folder's server, else its file."""
    if db_url:
        return Location(normalise_url(db_url))
    remembered = read_connection(data_dir)
    if remembered is not None:
        return remembered
    return Location(f"sqlite:///{data_dir / DB_FILE_NAME}", data_dir / DB_FILE_NAME)


def read_connection(data_dir: Path) -> Location | None:
    path = data_dir / CONNECTION_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValidationError("db.url_invalid", "url", url=f"{path}（{exc}）") from exc
    return Location(normalise_url(str(raw["url"])), None, bool(raw.get("hosted_here")), True)


def remember_server(data_dir: Path, url: str, *, hosted_here: bool = False,
                    moved_from: str | None = None) -> Location:
    """Record that this data folder uses the server at ``url`` from now on (atomically)."""
    location = Location(normalise_url(url), None, hosted_here, True)
    if not data_dir.is_dir():  # a folder the app makes is the app's: owner-only
        private_dir(data_dir)
    record = {"url": location.url, "hosted_here": hosted_here}
    if moved_from:
        record["moved_from"] = moved_from
    target = data_dir / CONNECTION_FILE
    tmp = target.with_name(target.name + ".tmp")
    with open_private(tmp, "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return location


def forget_server(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (data_dir / CONNECTION_FILE).unlink()
