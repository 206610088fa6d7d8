"""Several PCs on one server: a server database initialised as branch BJ01 per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.context import AppContext
from tests.multi_pc.desk import ADMIN_PASSWORD
from tests.pg import drop_database, new_database


@pytest.fixture
def shop_url(pg_server: str, tmp_path: Path) -> Iterator[str]:
    """A server database holding branch BJ01 (administrator admin / admin123-Kq7v)."""
    url = new_database(pg_server)
    ctx = AppContext.open(tmp_path / "main-pc", db_url=url)
    try:
        ctx.services.branches.initialise(code="BJ01", name="北京朝阳店", admin_username="admin",
                                         admin_password=ADMIN_PASSWORD)
    finally:
        ctx.close()
    yield url
    drop_database(url)
