"""Fixtures for sync tests: one migrated empty database, copied for every side."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.database import Database
from tests.sync.helpers import Side, make_branch, make_hq


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    Database.open(folder, create=True).close()
    return folder


@pytest.fixture
def hq(template: Path, tmp_path: Path) -> Iterator[Side]:
    side = make_hq(template, tmp_path / "hq")
    yield side
    side.close()


@pytest.fixture
def bj(template: Path, tmp_path: Path, hq: Side) -> Iterator[Side]:
    side = make_branch(template, tmp_path / "bj", "BJ01", hq)
    yield side
    side.close()


@pytest.fixture
def sh(template: Path, tmp_path: Path, hq: Side) -> Iterator[Side]:
    side = make_branch(template, tmp_path / "sh", "SH01", hq)
    yield side
    side.close()
