"""备份与恢复 panel driven by clicks, with fake backup actions (the panel knows no storage)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.backups import AppBackups
from app.backups import BackupState as Run  # the real state the app hands the panel
from app.context import AppContext
from domain.errors import Conflict, DomainError
from domain.roles import Actor
from ui import operations
from ui.pages.backup_panel import BackupPanel
from ui.widgets.backup_status import BackupStatusLabel

CST = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Entry:
    path: Path
    taken_at: datetime
    reason: str
    size_bytes: int


@dataclass(frozen=True)
class Taken:
    path: Path
    warning: str | None = None


@dataclass(frozen=True)
class Restored:
    safety_backup: Path | None


class FakeActions:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries = [Entry(folder / "dealerdesk-20260309-083000-daily.sqlite3",
                              datetime(2026, 3, 9, 8, 30, tzinfo=CST), "daily", 360 * 1024)]
        self.second: Path | None = None
        self.problem: str | None = None
        self.restored: list[Path] = []
        self.refuse: str | None = None
        self.clock = datetime(2026, 3, 10, 12, 0, tzinfo=CST)
        self.run = Run()
        self.instant = True  # False: the backup runs until the test reports and finishes it
        self.cancel_asked = False

    def list_backups(self) -> list[Entry]:
        return sorted(self.entries, key=lambda e: e.taken_at, reverse=True)

    def _add(self, reason: str) -> Path:
        self.clock += timedelta(minutes=1)
        path = self.folder / f"dealerdesk-{self.clock:%Y%m%d-%H%M%S}-{reason}.sqlite3"
        self.entries.append(Entry(path, self.clock, reason, 2 * 1024 * 1024))
        return path

    def start_backup(self) -> None:
        if self.run.running:
            raise Conflict("backup.running")
        self.begin("manual")
        if self.instant:
            self.finish()

    def begin(self, reason: str) -> None:
        self.cancel_asked = False
        self.run = Run(reason=reason, phase="copy", total=200, started=self.clock)

    def report(self, done: int, phase: str = "copy") -> None:
        self.run = replace(self.run, done=done, phase=phase)

    def finish(self, error: DomainError | None = None) -> None:
        taken = None if error else Taken(self._add(self.run.reason), self.problem)
        self.run = replace(self.run, finished=self.clock + timedelta(seconds=1), result=taken,
                           error=error)

    def backup_state(self) -> Run:
        return self.run

    def cancel_backup(self) -> None:
        self.cancel_asked = True

    def restore(self, file: Path) -> Restored:
        if self.refuse:
            raise Conflict("backup.not_sqlite", path=str(file))
        safety = self._add("before-restore")
        self.restored.append(file)
        return Restored(safety)

    def second_folder(self) -> Path | None:
        return self.second

    def set_second_folder(self, folder: Path | None) -> str | None:
        self.second = folder
        return self.second_folder_problem()

    def second_folder_problem(self) -> str | None:
        if self.second is not None and not self.second.is_dir():
            return f"第二备份位置“{self.second}”无法访问"
        return None


@pytest.fixture
def actions(tmp_path: Path) -> FakeActions:
    return FakeActions(tmp_path / "backups")


@pytest.fixture
def panel(qtbot: QtBot, actions: FakeActions) -> BackupPanel:
    widget = BackupPanel(actions)
    qtbot.addWidget(widget)
    widget.resize(820, 560)
    widget.show()
    _settle(qtbot)
    return widget


def _settle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: operations.worker().pending == 0, timeout=5000)


def _column(panel: BackupPanel, column: int) -> list[str]:
    items = [panel.table.item(row, column) for row in range(panel.table.rowCount())]
    return [item.text() if item is not None else "" for item in items]


def _answer_dialog(object_name: str, button_name: str | None, seen: list[str]) -> Callable[[], None]:
    """Click a button of the modal message box once it is up (it blocks the test's thread)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != object_name:
            QTimer.singleShot(20, click)
            return
        seen.append(box.informativeText() or box.text())
        button = box.findChild(QPushButton, button_name) if button_name else box.buttons()[0]
        assert button is not None
        button.click()

    return click


def test_lists_backups_with_time_reason_and_size(panel: BackupPanel) -> None:
    assert _column(panel, 0) == ["2026-03-09 08:30:00"]
    assert _column(panel, 1) == ["每日自动备份"]
    assert _column(panel, 2) == ["360 KB"]
    assert _column(panel, 3) == ["dealerdesk-20260309-083000-daily.sqlite3"]
    assert not panel.restore_button.isEnabled()  # nothing selected yet
    panel.grab().save("/tmp/backup_panel.png")


def test_backup_now_adds_a_row(qtbot: QtBot, panel: BackupPanel) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=5000):
        qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert panel.table.rowCount() == 2
    assert _column(panel, 1)[0] == "手动备份"
    assert _column(panel, 2)[0] == "2.0 MB"
    assert "备份完成" in panel.status.text() and "manual" in panel.status.text()
    assert panel.folder_warning.isHidden()


def test_restore_asks_first_then_says_restart(qtbot: QtBot, panel: BackupPanel,
                                              actions: FakeActions) -> None:
    panel.table.selectRow(0)
    assert panel.restore_button.isEnabled()
    seen: list[str] = []
    QTimer.singleShot(0, _answer_dialog("restoreConfirm", "confirmRestoreButton", seen))
    QTimer.singleShot(0, _answer_dialog("restoreDoneMessage", None, seen))
    with qtbot.waitSignal(panel.restart_required, timeout=5000):
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert actions.restored == [actions.entries[0].path]
    confirm, done = seen
    assert "2026-03-09 08:30:00" in confirm and "dealerdesk-20260309-083000-daily" in confirm
    assert "恢复前备份" in confirm and "重新启动" in confirm
    assert "before-restore" in done and "重新启动" in done
    # the database is closed now: nothing more may be done until the restart
    assert not panel.backup_button.isEnabled() and not panel.restore_button.isEnabled()


def test_restore_cancelled_does_nothing(qtbot: QtBot, panel: BackupPanel,
                                        actions: FakeActions) -> None:
    panel.table.selectRow(0)

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, cancel)
            return
        (button,) = [b for b in box.buttons() if b.text() == "取消"]
        button.click()

    QTimer.singleShot(0, cancel)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert actions.restored == []
    assert panel.backup_button.isEnabled()


def test_refused_restore_shows_the_reason(qtbot: QtBot, panel: BackupPanel,
                                          actions: FakeActions) -> None:
    actions.refuse = "text"
    panel.table.selectRow(0)
    seen: list[str] = []
    QTimer.singleShot(0, _answer_dialog("restoreConfirm", "confirmRestoreButton", seen))

    def close_warning() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() == "restoreConfirm":
            QTimer.singleShot(20, close_warning)
            return
        seen.append(box.text())
        box.buttons()[0].click()

    QTimer.singleShot(0, close_warning)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert "不是 SQLite 数据库文件" in seen[1]
    assert "不是 SQLite 数据库文件" in panel.status.text()
    assert panel.backup_button.isEnabled()  # still usable after a refusal


def test_unreachable_second_folder_shows_a_warning(qtbot: QtBot, panel: BackupPanel,
                                                   tmp_path: Path) -> None:
    gone = tmp_path / "usb"
    panel.set_second_folder(gone)
    _settle(qtbot)
    assert panel.folder_edit.text() == str(gone)
    assert panel.folder_warning.isVisible() and "无法访问" in panel.folder_warning.text()
    panel.grab().save("/tmp/backup_panel_warning.png")

    gone.mkdir()
    panel.set_second_folder(gone)
    _settle(qtbot)
    assert panel.folder_warning.isHidden()

    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert panel.folder_edit.text() == ""
    assert not panel.clear_button.isEnabled()


def test_folder_chooser_saves_the_choice(qtbot: QtBot, panel: BackupPanel, actions: FakeActions,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "E盘"
    usb.mkdir()
    monkeypatch.setattr("ui.pages.backup_panel.QFileDialog.getExistingDirectory",
                        lambda *args, **kwargs: str(usb))
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert actions.second == usb
    assert panel.folder_edit.text() == str(usb) and panel.folder_warning.isHidden()


def test_backup_with_unreachable_folder_warns(qtbot: QtBot, panel: BackupPanel,
                                              actions: FakeActions, tmp_path: Path) -> None:
    actions.second = tmp_path / "unplugged"
    actions.problem = "第二备份位置“F:\\”无法访问：本次备份只保存在本机"
    with qtbot.waitSignal(panel.refreshed, timeout=5000):
        qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert panel.table.rowCount() == 2  # the local backup was made
    assert "备份完成" in panel.status.text() and "本次备份只保存在本机" in panel.status.text()
    assert panel.folder_warning.isVisible() and "无法访问" in panel.folder_warning.text()


def test_panel_on_a_real_database(qtbot: QtBot, ctx: AppContext, admin: Actor) -> None:
    """The app's AppBackups satisfies the panel's protocol: a click writes a real file."""
    widget = BackupPanel(AppBackups(ctx, admin))
    qtbot.addWidget(widget)
    widget.show()
    _settle(qtbot)
    assert widget.table.rowCount() == 0
    with qtbot.waitSignal(widget.backup_finished, timeout=10000):
        qtbot.mouseClick(widget.backup_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert "备份完成" in widget.status.text()
    assert widget.table.rowCount() == 1
    (written,) = (ctx.data_dir / "backups").iterdir()
    assert _column(widget, 3) == [written.name] and _column(widget, 1) == ["手动备份"]


# --- a backup running beside the counter ---------------------------------------------------
def _progress_shown(panel: BackupPanel) -> bool:
    return panel.progress_bar.isVisible() and panel.cancel_button.isVisible()


def test_running_backup_shows_progress_and_can_be_cancelled(qtbot: QtBot, panel: BackupPanel,
                                                            actions: FakeActions) -> None:
    actions.instant = False
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress_shown(panel), timeout=5000)
    assert not panel.backup_button.isEnabled() and not panel.restore_file_button.isEnabled()
    actions.report(90)  # 90 of 200 pages
    qtbot.waitUntil(lambda: panel.progress_bar.value() == 45, timeout=5000)
    assert panel.progress_text.text() == "正在备份… 45%"
    assert "可以照常使用" in panel.status.text()
    panel.grab().save("/tmp/backup_panel_progress.png")

    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert actions.cancel_asked and not panel.cancel_button.isEnabled()
    with qtbot.waitSignal(panel.backup_finished, timeout=5000):
        actions.finish(Conflict("backup.cancelled"))
    _settle(qtbot)
    assert not panel.progress_bar.isVisible() and panel.backup_button.isEnabled()
    assert "备份已取消" in panel.status.text()
    assert panel.table.rowCount() == 1  # nothing was added


def test_daily_backup_started_at_login_shows_in_the_tab(qtbot: QtBot, panel: BackupPanel,
                                                        actions: FakeActions) -> None:
    actions.begin("daily")  # started by the app, not by this panel
    qtbot.waitUntil(lambda: _progress_shown(panel), timeout=5000)
    assert "每日自动备份" in panel.status.text()
    actions.report(200, "second-folder")
    actions.run = replace(actions.run, done=50)
    qtbot.waitUntil(lambda: panel.progress_text.text() == "正在复制到第二备份位置… 25%", timeout=5000)
    with qtbot.waitSignal(panel.refreshed, timeout=5000):
        actions.finish()
    assert "备份完成" in panel.status.text() and "daily" in panel.status.text()
    assert panel.table.rowCount() == 2 and not _progress_shown(panel)


def test_a_failed_backup_says_why(qtbot: QtBot, panel: BackupPanel, actions: FakeActions) -> None:
    actions.instant = False
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _progress_shown(panel), timeout=5000)
    with qtbot.waitSignal(panel.backup_finished, timeout=5000):
        actions.finish(Conflict("backup.failed", reason="磁盘已满", path="D:\\backups"))
    _settle(qtbot)
    assert "磁盘已满" in panel.status.text() and panel.backup_button.isEnabled()


def test_status_bar_shows_the_running_backup(qtbot: QtBot, actions: FakeActions) -> None:
    label = BackupStatusLabel(actions.backup_state)
    qtbot.addWidget(label)
    assert label.isHidden()
    actions.begin("daily")
    actions.report(30)
    qtbot.waitUntil(lambda: not label.isHidden() and label.text() == "正在备份… 15%", timeout=5000)
    with qtbot.waitSignal(label.failed, timeout=5000) as failed:
        actions.finish(Conflict("backup.failed", reason="磁盘已满", path="D:\\backups"))
    assert failed.args[0].code == "backup.failed" and label.isHidden()
    actions.begin("daily")
    qtbot.waitUntil(lambda: not label.isHidden(), timeout=5000)
    with qtbot.assertNotEmitted(label.failed, wait=1200):  # cancelled: no message box
        actions.finish(Conflict("backup.cancelled"))
    assert label.isHidden()
