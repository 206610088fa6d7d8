"""The app wires the backup panel into 系统设置 only for roles that may restore."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.backups import AppBackups
from app.context import AppContext
from app.gui import _attach_backups
from domain.roles import Actor, Role
from tests.conftest import make_actor
from ui.main_window import MainWindow


def _tab_titles(window: MainWindow) -> list[str]:
    page = window.page("settings")
    tabs = page.tabs  # type: ignore[attr-defined]
    return [tabs.tabText(i) for i in range(tabs.count())]


def test_admin_gets_the_backup_tab(qtbot: QtBot, ctx: AppContext, admin: Actor) -> None:
    window = MainWindow(ctx.services, admin, ctx.services.branches.current(), ctx.data_dir)
    qtbot.addWidget(window)
    _attach_backups(window, AppBackups(ctx, admin), admin)
    assert "备份与恢复" in _tab_titles(window)


def test_advisor_gets_no_backup_tab(qtbot: QtBot, ctx: AppContext, admin: Actor) -> None:
    advisor = make_actor(ctx.services, admin, Role.ADVISOR)
    window = MainWindow(ctx.services, advisor, ctx.services.branches.current(), ctx.data_dir)
    qtbot.addWidget(window)
    _attach_backups(window, AppBackups(ctx, advisor), advisor)
    assert "备份与恢复" not in _tab_titles(window)
