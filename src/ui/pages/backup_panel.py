"""备份与恢复 panel: the list of backups, backup now, restore, and the second folder.

Why a protocol instead of the backup manager: ``ui`` never imports ``storage`` or ``app``
(layer rule). The app hands in an object with the :class:`BackupActions` methods (see
``app.backups.AppBackups``); tests hand in a fake. Listing, restoring and the settings run
on the database thread through :func:`ui.operations.run_op`. A backup does not: the app runs
it on a thread of its own so the counter keeps working (a database of gigabytes takes
minutes), and the panel samples how far it is on a timer while it is shown, with a progress
bar and 取消 — the day's first backup, started at login, shows here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import domain.backup_settings  # noqa: F401  (registers the texts of backup refusals)
from domain.errors import DomainError
from ui.operations import error_text, run_op
from ui.widgets.backup_status import BackupRun, BackupTaken, running_text


class BackupEntry(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def taken_at(self) -> datetime: ...
    @property
    def reason(self) -> str: ...
    @property
    def size_bytes(self) -> int: ...


class RestoreDone(Protocol):
    @property
    def safety_backup(self) -> Path | None: ...


class BackupActions(Protocol):
    """What the panel needs; each method is called on the database thread, except
    ``backup_state`` and ``cancel_backup``: the GUI thread calls them (they only take a lock)."""

    def list_backups(self) -> Sequence[BackupEntry]: ...
    def start_backup(self) -> None: ...  # returns at once; the backup runs beside the counter
    def backup_state(self) -> BackupRun: ...
    def cancel_backup(self) -> None: ...
    def restore(self, file: Path) -> RestoreDone: ...
    def second_folder(self) -> Path | None: ...
    def set_second_folder(self, folder: Path | None) -> str | None: ...  # returns a warning
    def second_folder_problem(self) -> str | None: ...


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class BackupPanel(QWidget):
    """Settings panel for backups; emits :attr:`restart_required` after a restore."""

    restart_required = Signal()
    refreshed = Signal()
    # a backup ended (done, failed or cancelled) and the panel has shown how
    backup_finished = Signal()

    COLUMNS = 4
    TICK_MS = 200

    def __init__(self, actions: BackupActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = actions
        self.setObjectName("backupPanel")
        self._entries: list[BackupEntry] = []
        self._busy = False
        self._restored = False
        self._backing_up = False
        # a backup that ended before this panel existed is not announced again
        self._seen_finished = actions.backup_state().finished

        title = QLabel(self.tr("备份与恢复"))
        title.setObjectName("backupTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr("程序每天第一次启动时在后台自动备份，备份时可以照常使用；"
                               "退出时如果一小时内没有备份过，也会再备份一次。"
                               "备份按规则保留每日、每周、每月的副本。重要操作前也可以立即备份。"))
        intro.setWordWrap(True)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("备份时间"), self.tr("原因"), self.tr("大小"), self.tr("文件")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self._restore_selected())

        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("从备份恢复…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore_selected)
        self.restore_file_button = QPushButton(self.tr("从其他文件恢复…"))
        self.restore_file_button.setObjectName("restoreFileButton")
        self.restore_file_button.clicked.connect(self._restore_other_file)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("backupProgress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(False)  # the label beside it says the percentage
        self.progress_text = QLabel()
        self.progress_text.setObjectName("backupProgressText")
        self.cancel_button = QPushButton(self.tr("取消备份"))
        self.cancel_button.setObjectName("cancelBackupButton")
        self.cancel_button.clicked.connect(self.cancel_backup)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_text)
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        for widget in (self.progress_bar, self.progress_text, self.cancel_button):
            widget.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.sample_backup)

        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        folder_box = QGroupBox(self.tr("第二备份位置（U 盘或网络共享）"))
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("secondFolderEdit")
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText(self.tr("未设置：备份只保存在本机"))
        self.choose_button = QPushButton(self.tr("选择文件夹…"))
        self.choose_button.setObjectName("chooseFolderButton")
        self.choose_button.clicked.connect(self._choose_folder)
        self.clear_button = QPushButton(self.tr("不使用"))
        self.clear_button.setObjectName("clearFolderButton")
        self.clear_button.clicked.connect(lambda: self.set_second_folder(None))
        self.folder_warning = QLabel()
        self.folder_warning.setObjectName("secondFolderWarning")
        self.folder_warning.setWordWrap(True)
        self.folder_warning.setStyleSheet("color: #b00020;")
        self.folder_warning.hide()
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.clear_button)
        folder_layout = QVBoxLayout(folder_box)
        folder_layout.addLayout(folder_row)
        folder_layout.addWidget(self.folder_warning)
        hint = QLabel(self.tr("每次备份后会再复制一份到这里，防止电脑损坏时数据全部丢失。"))
        hint.setWordWrap(True)
        folder_layout.addWidget(hint)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(folder_box)
        self._update_buttons()
        self.refresh()

    # --- labels ----------------------------------------------------------------------------
    def reason_label(self, reason: str) -> str:
        labels = {
            "manual": self.tr("手动备份"),
            "daily": self.tr("每日自动备份"),
            "exit": self.tr("退出时备份"),
            "before-restore": self.tr("恢复前备份"),
            "before-migration": self.tr("升级前备份"),
        }
        return labels.get(reason, reason)

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        actions = self.backups

        def load() -> tuple[list[BackupEntry], Path | None, str | None]:
            return list(actions.list_backups()), actions.second_folder(), actions.second_folder_problem()

        self._run(load, self._show)

    def _show(self, loaded: tuple[list[BackupEntry], Path | None, str | None]) -> None:
        entries, folder, problem = loaded
        selected = self.selected_path()
        self._entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (entry.taken_at.strftime("%Y-%m-%d %H:%M:%S"), self.reason_label(entry.reason),
                     format_size(entry.size_bytes), entry.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(entry.path))
                self.table.setItem(row, column, item)
            if entry.path == selected:
                self.table.selectRow(row)
        self.folder_edit.setText(str(folder) if folder else "")
        self._show_folder_problem(problem)
        self._update_buttons()
        self.refreshed.emit()

    def _show_folder_problem(self, problem: str | None) -> None:
        self.folder_warning.setText(problem or "")
        self.folder_warning.setVisible(bool(problem))

    def selected_path(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._entries):
            return None
        return self._entries[rows[0].row()].path

    def _update_buttons(self) -> None:
        idle = not self._busy and not self._restored and not self._backing_up
        self.backup_button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected_path() is not None)
        self.restore_file_button.setEnabled(idle)
        self.refresh_button.setEnabled(not self._busy)
        self.choose_button.setEnabled(idle)
        self.clear_button.setEnabled(idle and bool(self.folder_edit.text()))

    # --- actions ---------------------------------------------------------------------------
    def backup_now(self) -> None:
        self.status.setText(self.tr("正在备份…"))
        self._run(self.backups.start_backup, lambda _none: self.sample_backup())

    def cancel_backup(self) -> None:
        self.backups.cancel_backup()
        self.cancel_button.setEnabled(False)
        self.progress_text.setText(self.tr("正在取消…"))

    # --- the backup beside the counter -----------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.sample_backup()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def sample_backup(self) -> None:
        """Show the running backup's progress, or how the last one ended (once)."""
        run = self.backups.backup_state()
        if run.running:
            if not self._backing_up:
                self.cancel_button.setEnabled(True)
                self.status.setText(self.reason_label(run.reason) + self.tr("：正在进行，"
                                    "可以照常使用本程序。"))
            self.progress_bar.setValue(run.percent)
            if self.cancel_button.isEnabled():
                self.progress_text.setText(running_text(run))
        for widget in (self.progress_bar, self.progress_text, self.cancel_button):
            widget.setVisible(run.running)
        if self._backing_up != run.running:
            self._backing_up = run.running
            self._update_buttons()
        if not run.running and run.finished is not None and run.finished != self._seen_finished:
            self._seen_finished = run.finished
            self._backup_ended(run)

    def _backup_ended(self, run: BackupRun) -> None:
        if run.result is not None:
            self._backup_done(run.result)
        elif run.cancelled:
            self.status.setText(self.tr("备份已取消，没有留下不完整的备份文件。"))
        elif run.error is not None:
            self.status.setText(error_text(run.error))
        self.refresh()
        self.backup_finished.emit()

    def _backup_done(self, taken: BackupTaken) -> None:
        text = self.tr("备份完成：%1").replace("%1", str(taken.path))
        if taken.warning:
            text += "\n" + self.tr("警告：") + taken.warning
        self.status.setText(text)

    def _restore_selected(self) -> None:
        path = self.selected_path()
        if path is None or self._busy or self._restored:
            return
        entry = next(e for e in self._entries if e.path == path)
        described = (f"{entry.taken_at:%Y-%m-%d %H:%M:%S}  {self.reason_label(entry.reason)}\n"
                     f"{entry.path}")
        self._confirm_and_restore(path, described)

    def _restore_other_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择备份文件"), "",
            self.tr("售后管家备份 (*.sqlite3 *.dump *.db);;所有文件 (*)"))
        if name:
            self._confirm_and_restore(Path(name), name)

    def _confirm_and_restore(self, path: Path, described: str) -> None:
        box = QMessageBox(self)
        box.setObjectName("restoreConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("从备份恢复"))
        box.setText(self.tr("用下面的备份替换当前数据？"))
        box.setInformativeText(
            described + "\n\n"
            + self.tr("恢复前，当前的数据会先自动保存为一份“恢复前备份”，需要时可以再恢复回来。"
                      "恢复完成后必须重新启动程序。"))
        yes = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("confirmRestoreButton")
        no = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        if box.clickedButton() is not yes:
            return
        self.status.setText(self.tr("正在恢复…"))
        actions = self.backups
        self._run(lambda: actions.restore(path), self._restore_done)

    def _restore_done(self, done: RestoreDone) -> None:
        self._restored = True
        self._update_buttons()
        if done.safety_backup is not None:
            saved = self.tr("恢复前的数据已保存在：%1").replace("%1", str(done.safety_backup))
        else:
            saved = self.tr("原来没有数据，无需先保存。")
        text = self.tr("恢复完成。") + saved + "\n" + self.tr("请重新启动售后管家，之后才能继续使用。")
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("恢复完成"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("restoreDoneMessage")
        box.exec()
        self.restart_required.emit()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择第二备份位置"),
                                                  self.folder_edit.text())
        if folder:
            self.set_second_folder(Path(folder))

    def set_second_folder(self, folder: Path | None) -> None:
        actions = self.backups

        def save() -> str | None:
            return actions.set_second_folder(folder)

        def saved(problem: str | None) -> None:
            self.folder_edit.setText(str(folder) if folder else "")
            self._show_folder_problem(problem)
            self.status.setText(self.tr("第二备份位置已保存。") if folder
                                else self.tr("已停止复制到第二备份位置。"))
            self._update_buttons()

        self._run(save, saved)

    # --- running work off the GUI thread ---------------------------------------------------
    def _run(self, fn: Any, on_success: Any) -> None:
        self._busy = True
        self._update_buttons()

        def ok(result: Any) -> None:
            self._busy = False
            on_success(result)
            self._update_buttons()

        def failed(exc: DomainError) -> None:
            self._busy = False
            self.status.setText(error_text(exc))
            self._update_buttons()
            QMessageBox.warning(self, self.tr("操作未完成"), error_text(exc))

        run_op(fn, ok, failed)
