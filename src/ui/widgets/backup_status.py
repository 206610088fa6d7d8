"""How far the background backup is: its text, and the status bar's "正在备份… 45%".

Why a protocol and a timer: the backup runs on a thread of its own (``app.backups``), and
``ui`` never imports ``app``. The app hands in a callable that returns a :class:`BackupRun`
snapshot (a locked read, cheap enough for the GUI thread); a timer samples it, so nothing
Qt is touched by the backup's thread (see ``ui.pages.sync_page.ProgressMailbox`` for why).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from domain.errors import DomainError

# the phase in which the backup copies itself into the second folder (storage.backup_source)
PHASE_SECOND_FOLDER = "second-folder"


class BackupTaken(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def warning(self) -> str | None: ...


class BackupRun(Protocol):
    """One look at the background backup (``app.backups.BackupState``)."""

    @property
    def reason(self) -> str: ...
    @property
    def phase(self) -> str: ...
    @property
    def started(self) -> datetime | None: ...
    @property
    def finished(self) -> datetime | None: ...
    @property
    def error(self) -> DomainError | None: ...
    @property
    def result(self) -> BackupTaken | None: ...
    @property
    def running(self) -> bool: ...
    @property
    def cancelled(self) -> bool: ...
    @property
    def percent(self) -> int: ...


def running_text(run: BackupRun) -> str:
    """``正在备份… 45%`` (or the copy to the second folder), for the bar and the status bar."""
    if run.phase == PHASE_SECOND_FOLDER:
        text = QCoreApplication.translate("BackupStatus", "正在复制到第二备份位置… %1%")
    else:
        text = QCoreApplication.translate("BackupStatus", "正在备份… %1%")
    return text.replace("%1", str(run.percent))


class BackupStatusLabel(QLabel):
    """The status bar's word on a running backup; hidden when none runs. :attr:`failed`
    carries why a backup did not complete (not for a cancel), so it is never silent."""

    failed = Signal(object)  # DomainError
    TICK_MS = 500

    def __init__(self, state: Callable[[], BackupRun], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupStatusLabel")
        self._state = state
        self._seen_finished = state().finished
        self.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.sample)
        self.timer.start()

    def sample(self) -> None:
        run = self._state()
        if run.running:
            self.setText(running_text(run))
        self.setVisible(run.running)
        if not run.running and run.finished is not None and run.finished != self._seen_finished:
            self._seen_finished = run.finished
            if run.error is not None and not run.cancelled:
                self.failed.emit(run.error)


__all__ = ["BackupRun", "BackupStatusLabel", "BackupTaken", "running_text"]
