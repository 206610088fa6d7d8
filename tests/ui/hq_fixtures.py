"""An HQ with its branches for the HQ GUI tests: one setup instead of one per test module.

Why factories and not fixtures in a conftest: each test module states which branches, which
world and which night it wants (``template, sides, world, frozen = hq_world_fixtures(...)``),
so a module reads on its own and no fixture leaks into the other GUI tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QWidget

import ui.operations
from app.gui import install_cjk_font
from domain import clock
from domain.roles import Actor, Role
from storage.database import Database
from tests.conftest import make_actor
from tests.sync.helpers import PASSWORD, Side, make_branch, make_hq

W = TypeVar("W")
V = TypeVar("V", bound=QWidget)


def idle() -> bool:
    return ui.operations.worker().pending == 0


def template_fixture() -> Any:
    """``template``: an empty database, created once per module, copied by every side."""

    @pytest.fixture(scope="module")
    def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
        folder = tmp_path_factory.mktemp("template")
        Database.open(folder, create=True).close()
        return folder
    return template


def hq_world_fixtures(build: Callable[[Side, Side, Side, Path], W], night: dt.datetime) -> tuple[Any, ...]:
    """``template``, ``sides`` (HQ, BJ01, SH01), ``world`` (what ``build`` puts in them, imported
    at HQ) and ``frozen`` (the clock at ``night``, process-wide: the database thread sees it too)."""

    @pytest.fixture
    def sides(template: Path, tmp_path: Path) -> Iterator[tuple[Side, ...]]:
        with hq_with_branches(template, tmp_path, "BJ01", "SH01") as made:
            yield made

    @pytest.fixture
    def world(sides: tuple[Side, Side, Side], tmp_path: Path) -> W:
        return build(*sides, tmp_path)

    @pytest.fixture
    def frozen() -> Iterator[None]:
        with clock.freeze(night):
            yield
    return template_fixture(), sides, world, frozen


@contextmanager
def hq_with_branches(template: Path, tmp_path: Path, *codes: str) -> Iterator[tuple[Side, ...]]:
    """(hq, branch, ...) with each branch in ``tmp_path/<code's letters>``; closed after the
    database thread is idle, last opened first, even when the test fails."""
    hq = make_hq(template, tmp_path / "hq")
    sides = [hq] + [make_branch(template, tmp_path / code[:2].lower(), code, hq) for code in codes]
    try:
        yield tuple(sides)
    finally:
        ui.operations.worker().wait()
        for side in reversed(sides):
            side.close()


def hq_manager(hq: Side, username: str = "hq_boss") -> Actor:
    services = hq.ctx.services
    return make_actor(services, services.staff.login("admin", PASSWORD), Role.MANAGER, username)


def install_font() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_cjk_font(app)


def shown(qtbot, make: Callable[[], V], width: int, height: int) -> V:  # type: ignore[no-untyped-def]
    """The widget ``make`` builds once the Chinese font is installed, sized and shown."""
    install_font()
    widget = make()
    widget.resize(width, height)
    qtbot.addWidget(widget)
    widget.show()
    return widget
