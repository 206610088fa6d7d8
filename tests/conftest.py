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

ADMIN_PASSWORD = "admin123"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def ctx(data_dir: Path) -> Iterator[AppContext]:
    """An initialised branch BJ01 with administrator ``admin`` / ``admin123``."""
    context = AppContext.open(data_dir, create=True)
    context.services.branches.initialise(
        code="BJ01", name="北京朝阳店", address="北京市朝阳区望京街 8 号", phone="010-64700000",
        admin_username="admin", admin_password=ADMIN_PASSWORD,
    )
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
