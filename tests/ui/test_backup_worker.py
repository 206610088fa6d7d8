"""The day's first backup runs beside the GUI's database thread (``ui.operations``), so a
search typed at the counter right after login is not queued behind it (issue 24: 15.7 s)."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from app.backups import AppBackups, BackgroundBackup
from app.context import AppContext
from domain.roles import Actor
from ui import operations


def test_daily_backup_leaves_the_database_thread_free(qtbot: QtBot, ctx: AppContext,
                                                      admin: Actor) -> None:
    runner = BackgroundBackup()
    backups = AppBackups(ctx, admin, runner=runner)
    threads: dict[str, threading.Thread] = {}
    gate = threading.Event()
    report = runner.progress.report

    def held(phase: str, done: int, total: int) -> None:
        threads["backup"] = threading.current_thread()
        gate.wait(10)  # the backup is stopped half-way until the search has come back
        report(phase, done, total)

    runner.progress.report = held  # type: ignore[method-assign]
    started: list[bool] = []
    operations.run_op(backups.start_daily_backup_if_due, started.append)
    qtbot.waitUntil(lambda: started == [True] and "backup" in threads, timeout=5000)

    def search() -> int:
        threads["worker"] = threading.current_thread()
        return len(ctx.services.search.search(admin, "京A"))

    found: list[int] = []
    try:
        operations.run_op(search, found.append)
        qtbot.waitUntil(lambda: found == [0], timeout=5000)
        assert runner.running  # the search came back while the backup was still copying
        assert threads["backup"] is not threads["worker"]
        assert threads["backup"].name == "dealerdesk-backup"
    finally:
        gate.set()
        assert runner.wait(30)
    state = runner.progress.snapshot()
    assert state.result is not None and state.result.path.is_file()
