"""Shared fixtures: a fresh branch database in a temp folder, its services and actors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.context import AppContext  # noqa: E402
from domain.roles import Actor, Role  # noqa: E402
from domain.services.registry import Services  # noqa: E402
from storage.database import DB_FILE_NAME  # noqa: E402
from storage.engine import sqlite_backup  # noqa: E402

ADMIN_PASSWORD = "admin123"


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
        context.services.branches.initialise(
            code="BJ01", name="北京朝阳店", address="北京市朝阳区望京街 8 号",
            phone="010-64700000", admin_username="admin", admin_password=ADMIN_PASSWORD,
        )
    finally:
        context.close()
    return folder / DB_FILE_NAME


@pytest.fixture
def ctx(data_dir: Path, initialised_template: Path) -> Iterator[AppContext]:
    """An initialised branch BJ01 with administrator ``admin`` / ``admin123``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    sqlite_backup(initialised_template, data_dir / DB_FILE_NAME)
    context = AppContext.open(data_dir)
    yield context
    context.close()


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
                          password="pass1234")
    return services.staff.login(name, "pass1234")


@pytest.fixture
def advisor(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.ADVISOR, "advisor1")
