"""Shared fixtures: a fresh branch database in a temp folder, its services and actors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The one switch that makes password hashes cheap, for tests only (domain.passwords): the
# suite logs in thousands of times, each a 64 MiB Argon2id hash at the real parameters.
# Inherited by the command-line and desk processes the tests start.
os.environ["DEALERDESK_TEST_CHEAP_PASSWORD_HASH"] = "1"

from app.context import AppContext  # noqa: E402
from domain.roles import Actor, Role  # noqa: E402
from domain.services.registry import Services  # noqa: E402
from storage.database import (
    DB_FILE_NAME,  # noqa: E402
    Database,  # noqa: E402
)
from storage.engine import sqlite_backup  # noqa: E402
from tests.pg import drop_database, new_database, pg_server  # noqa: E402,F401  (fixture)

ADMIN_PASSWORD = "admin123-Kq7v"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; not run on the server")


def _initialise(context: AppContext) -> None:
    context.services.branches.initialise(
        code="BJ01", name="北京朝阳店", address="北京市朝阳区望京街 8 号",
        phone="010-64700000", admin_username="admin", admin_password=ADMIN_PASSWORD,
    )


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database ``ctx`` is: "sqlite" unless a test package asks for both
    (tests/unit: every test that uses ``ctx`` runs on the SQLite file and on the server)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated and initialised database per test session, copied for each test.

    Why: running every migration and hashing the admin password for each of hundreds of
    tests cost most of the suite's time; a copy of the same file is equivalent and fast.
    """
    folder = tmp_path_factory.mktemp("template")
    context = AppContext.open(folder, create=True)
    try:
        _initialise(context)
    finally:
        context.close()
    return folder / DB_FILE_NAME


@pytest.fixture(scope="session")
def server_template(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:  # noqa: F811
    """The same initialised branch as a database on the session's server (its name)."""
    url = new_database(pg_server)
    context = AppContext.open(tmp_path_factory.mktemp("server-template"), db_url=url)
    try:
        _initialise(context)
    finally:
        context.close()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def ctx(data_dir: Path, backend: str, request: pytest.FixtureRequest) -> Iterator[AppContext]:
    """An initialised branch BJ01 with administrator ``admin`` / ``admin123-Kq7v``: a SQLite file
    in ``data_dir``, or (``backend`` "postgresql") a database on the session's server."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = new_database(server, template=request.getfixturevalue("server_template"))
        context = AppContext.open(data_dir, db_url=url)
        yield context
        context.close()
        drop_database(url)
        return
    sqlite_backup(request.getfixturevalue("initialised_template"), data_dir / DB_FILE_NAME)
    context = AppContext.open(data_dir)
    yield context
    context.close()


def same_database(ctx: AppContext) -> Database:
    """A second handle on ``ctx``'s database (its own engine and pool), as another PC or
    another window opens it: the same file, or the same server database."""
    return Database.at(ctx.location, ctx.data_dir)


@pytest.fixture
def services(ctx: AppContext) -> Services:
    return ctx.services


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.staff.login("admin", ADMIN_PASSWORD)


@pytest.fixture
def system() -> Actor:
    return Actor.system()


def make_actor(services: Services, admin: Actor, role: Role, username: str | None = None) -> Actor:
    """Create a staff member with ``role`` and log them in."""
    name = username or f"u_{role.value}"
    services.staff.create(admin, username=name, display_name=f"测试{role.value}", role=role,
                          password="pass1234-Lw9x")
    return services.staff.login(name, "pass1234-Lw9x")


@pytest.fixture
def advisor(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.ADVISOR, "advisor1")
