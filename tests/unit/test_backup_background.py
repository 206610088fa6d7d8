"""Backups beside the counter: progress in steps, a consistent copy while others write,
cancelling leaves nothing half-written, and the app's runner and its exit rule.

Whether the backup really stays off the GUI's database thread is in
tests/ui/test_backup_worker.py (it needs the Qt worker).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from app.backups import EXIT_BACKUP_AFTER, AppBackups, BackgroundBackup, BackupState
from app.context import AppContext
from domain.errors import Conflict
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from storage import sqlite_backup
from storage.backup import STALE_TEMPORARY, BackupManager, SqliteFile
from storage.backup_source import PHASE_COPY, PHASE_SECOND_FOLDER
from storage.pg_backup import ServerDatabase


def _manager(ctx: AppContext, extra: Path | None = None) -> BackupManager:
    source = (SqliteFile(ctx.location.sqlite_file) if ctx.location.sqlite_file is not None
              else ServerDatabase(ctx.location.url))
    return BackupManager(source, ctx.data_dir / "backups", extra)


def _add(services: Services, actor: Actor, n: int) -> None:
    services.customers.create(actor, CustomerInput(name=f"客户{n}", mobile=f"138{n:08d}"),
                              VehicleInput(plate=f"京A{n:05d}", brand="本田", model="雅阁"))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_progress_is_reported_as_the_copy_goes(ctx: AppContext, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_backup, "STEP_PAGES", 8)  # a small file in several steps
    usb = tmp_path / "usb"
    usb.mkdir()
    seen: list[tuple[str, int, int]] = []
    result = _manager(ctx, usb).backup("manual", progress=lambda *report: seen.append(report))
    copy = [(done, total) for phase, done, total in seen if phase == PHASE_COPY]
    second = [(done, total) for phase, done, total in seen if phase == PHASE_SECOND_FOLDER]
    assert len(copy) >= 2 and copy[-1][0] == copy[-1][1] > 0  # ends at 100 %
    assert [done for done, _ in copy] == sorted(done for done, _ in copy)  # never goes back
    assert second[-1] == (result.path.stat().st_size, result.path.stat().st_size)
    assert result.copy is not None and result.copy.is_file()


@pytest.mark.sqlite_only  # SQLite restarts an online backup when another connection writes
def test_backup_in_steps_ends_while_the_counter_writes(
        ctx: AppContext, services: Services, advisor: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the read snapshot held across the steps, every write between two steps would
    send the copy back to its first page, and under a busy counter it would never end."""
    for n in range(40):
        _add(services, advisor, n)
    monkeypatch.setattr(sqlite_backup, "STEP_PAGES", 1)
    steps: list[int] = []

    def write_between_steps(_phase: str, done: int, _total: int) -> None:
        steps.append(done)
        if len(steps) <= 5:  # the counter saves a customer between the first steps
            _add(services, advisor, 1000 + len(steps))
        assert len(steps) < 2000, "the backup keeps restarting"

    path = _manager(ctx).backup("manual", progress=write_between_steps).path
    assert steps == sorted(steps)  # never restarted
    conn = sqlite3.connect(str(path))
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM customers")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert len(names) == 40  # the database as it was when the backup started


def test_cancel_leaves_no_file(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_backup, "STEP_PAGES", 4)

    def cancel(_phase: str, done: int, total: int) -> None:
        raise Conflict("backup.cancelled")

    with pytest.raises(Conflict) as info:
        _manager(ctx).backup("manual", progress=cancel)
    assert info.value.code == "backup.cancelled"
    assert _files(ctx.data_dir / "backups") == []  # no backup, no temporary file


@pytest.mark.sqlite_only
def test_cancel_during_the_second_folder_copy_keeps_the_local_backup(
        ctx: AppContext, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def cancel_second(phase: str, done: int, total: int) -> None:
        if phase == PHASE_SECOND_FOLDER:
            raise Conflict("backup.cancelled")

    with pytest.raises(Conflict):
        _manager(ctx, usb).backup("manual", progress=cancel_second)
    (local,) = _files(ctx.data_dir / "backups")
    assert local.endswith("-manual.sqlite3") and _files(usb) == []


_DIE_MID_BACKUP = """
import os, sys
from pathlib import Path
from storage import sqlite_backup
from storage.backup import BackupManager, SqliteFile
sqlite_backup.STEP_PAGES = 2

def die(phase, done, total):
    if done >= 4:
        os._exit(9)  # a power cut, as far as this backup can tell

folder = Path(sys.argv[1])
BackupManager(SqliteFile(folder / "dealerdesk.sqlite3"), folder / "backups").backup(
    "daily", progress=die)
"""


@pytest.mark.sqlite_only
def test_a_crash_mid_backup_leaves_no_backup_file(ctx: AppContext, services: Services,
                                                  advisor: Actor) -> None:
    for n in range(20):
        _add(services, advisor, n)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.run([sys.executable, "-c", _DIE_MID_BACKUP, str(ctx.data_dir)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 9, child.stderr
    folder = ctx.data_dir / "backups"
    (leftover,) = _files(folder)  # the temporary file only, never a backup's name
    assert leftover.startswith(".") and leftover.endswith(".tmp")
    assert _manager(ctx).list_backups() == []
    assert not _manager(ctx).taken_today()  # so the next start takes the day's backup


@pytest.mark.sqlite_only
def test_an_interrupted_backups_temporary_file_is_removed_later(ctx: AppContext) -> None:
    """A crash (power cut, killed process) mid-backup leaves only the temporary file, never a
    backup; the next backup takes the space back once the file is clearly abandoned."""
    folder = ctx.data_dir / "backups"
    folder.mkdir()
    old = folder / ".dealerdesk-20260309-083000-daily.sqlite3.tmp"
    recent = folder / ".dealerdesk-20260310-083000-daily.sqlite3.tmp"  # another instance's
    for leftover in (old, recent):
        leftover.write_bytes(b"half a backup")
    past = time.time() - STALE_TEMPORARY.total_seconds() - 60
    os.utime(old, (past, past))
    manager = _manager(ctx)
    assert manager.list_backups() == []  # a temporary file is never listed as a backup
    made = manager.backup("manual").path
    assert _files(folder) == sorted([made.name, recent.name])


# --- the app's runner ------------------------------------------------------------------------
def _wait_done(runner: BackgroundBackup) -> BackupState:
    assert runner.wait(30)
    return runner.progress.snapshot()


def test_background_backup_reports_and_ends(ctx: AppContext, admin: Actor) -> None:
    runner = BackgroundBackup()
    backups = AppBackups(ctx, admin, runner=runner)
    assert backups.start_daily_backup_if_due()
    state = _wait_done(runner)
    assert not state.running and state.error is None and state.result is not None
    assert state.reason == "daily" and state.percent == 100 and state.started is not None
    assert state.result.path.is_file()
    assert not backups.start_daily_backup_if_due()  # once a day


def test_one_backup_at_a_time_and_cancel(ctx: AppContext, admin: Actor) -> None:
    runner = BackgroundBackup()
    backups = AppBackups(ctx, admin, runner=runner)
    gate = threading.Event()
    report = runner.progress.report

    def held(phase: str, done: int, total: int) -> None:
        gate.wait(10)
        report(phase, done, total)

    runner.progress.report = held  # type: ignore[method-assign]
    backups.start_backup()
    with pytest.raises(Conflict) as info:
        backups.start_backup()
    assert info.value.code == "backup.running"
    with pytest.raises(Conflict):  # a restore would replace the file being read
        backups.restore(ctx.data_dir / "whatever.sqlite3")
    assert backups.backup_state().running
    backups.cancel_backup()
    gate.set()
    state = _wait_done(runner)
    assert state.cancelled and state.result is None
    assert _files(ctx.data_dir / "backups") == []


def test_exit_backup_is_skipped_within_the_hour(ctx: AppContext, admin: Actor,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    runner = BackgroundBackup()
    backups = AppBackups(ctx, admin, runner=runner)
    assert backups.start_daily_backup_if_due()
    _wait_done(runner)
    assert backups.exit_backup() is None  # the day's backup is minutes old
    later = backups.manager().local_now() + EXIT_BACKUP_AFTER + timedelta(minutes=1)
    monkeypatch.setattr(BackupManager, "local_now", lambda self: later)
    taken = backups.exit_backup()
    assert taken is not None and taken.path.name.endswith(f"-exit{_manager(ctx).suffix}")


def test_quitting_cancels_a_running_backup(ctx: AppContext, admin: Actor) -> None:
    runner = BackgroundBackup()
    backups = AppBackups(ctx, admin, runner=runner)
    gate = threading.Event()
    report = runner.progress.report

    def held(phase: str, done: int, total: int) -> None:
        gate.wait(0.2)  # a long backup: each step takes a while
        report(phase, done, total)

    runner.progress.report = held  # type: ignore[method-assign]
    backups.start_backup()
    started = time.monotonic()
    assert backups.exit_backup() is None  # no exit backup either: the next start takes one
    assert time.monotonic() - started < 5 and not runner.running
    assert runner.progress.snapshot().cancelled
    assert _files(ctx.data_dir / "backups") == []


def test_weekly_check_runs_after_the_backup_on_its_own_thread(ctx: AppContext, admin: Actor) -> None:
    runner = BackgroundBackup()
    backups = AppBackups(ctx, admin, runner=runner)
    gate = threading.Event()
    report = runner.progress.report

    def held(phase: str, done: int, total: int) -> None:
        gate.wait(10)
        report(phase, done, total)

    runner.progress.report = held  # type: ignore[method-assign]
    assert backups.start_daily_backup_if_due() and backups.integrity_check_due()
    check = backups.start_integrity_check()
    assert not check.wait(0.3)  # waits for the day's backup: one whole-database reader at a time
    gate.set()
    assert check.wait(60) and check.report is not None and check.report.problems == ()
    assert not runner.running
    assert not backups.integrity_check_due()  # recorded: next week again
