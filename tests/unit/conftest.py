"""Domain and service tests run on both backends (DESIGN.md: "the domain and service tests
run on both"): every test here that uses ``ctx`` runs once on the branch's SQLite file and
once on a database of the shop's server, unless it is marked ``sqlite_only`` (it is about
the file itself)."""

from __future__ import annotations

import pytest

from tests.conftest import BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
    metafunc.parametrize("backend", ["sqlite"] if only_sqlite else list(BACKENDS), indirect=True)
