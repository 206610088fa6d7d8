"""A throw-away PostgreSQL server on loopback for the test session (HQ on PostgreSQL).

Why a real server: the sync import's SQL (upserts, deferred foreign keys, sequences) must
behave on PostgreSQL exactly as on SQLite, and only a server shows that. Debian's
``postgresql`` package provides the binaries (scripts/test installs it); as root they run as
the ``postgres`` user. Without the binaries the tests skip, except on CI where they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as ``postgres`` then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Yields a SQLAlchemy URL base ``postgresql+psycopg://USER@127.0.0.1:PORT``."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("PostgreSQL binaries (Debian package postgresql) are missing on CI")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); HQ-on-PostgreSQL tests skipped")
    root = Path(tempfile.mkdtemp(prefix="dd-pg-"))
    data, sockets = root / "data", root / "sock"
    data.mkdir()
    sockets.mkdir()
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
                              "-E", "UTF8", "--no-locale"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(root / "server.log"), "-w", "-t", "60", "start"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


_counter = 0


def new_database(server: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    import psycopg

    global _counter
    _counter += 1
    name = f"dd_test_{os.getpid()}_{_counter}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
