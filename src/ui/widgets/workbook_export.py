"""Saving a workbook a page built (导出 Excel): one flow for the reports, care and
complaint-statistics pages.

Where to: a native save dialog opening on the user's Documents folder, injectable per page
(``ask_save_path``) so tests never block; the file gets the ``.xlsx`` suffix whatever was
typed. What: built and written on the database thread (a workbook of a month's records can
take a moment), the result or a plain Chinese error back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from common.private_files import write_private
from domain import messages
from domain.errors import Conflict, DomainError
from ui.alive import if_alive
from ui.operations import run_op

EXPORT_FAILED = "ui.export_failed"
messages.register(EXPORT_FAILED, "无法保存到 {path}：{reason}", "Could not save to {path}: {reason}")

AskSavePath = Callable[[QWidget, str], str]


def native_save_path(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("WorkbookExport", "导出 Excel"), suggested,
        QCoreApplication.translate("WorkbookExport", "Excel 文件 (*.xlsx)"))
    return path


def in_documents(name: str) -> str:
    """``name`` in the user's Documents folder (just ``name`` where there is none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(folder) / name) if folder else name


def export_workbook(owner: QWidget, ask_save_path: AskSavePath, name: str, build: Callable[[], bytes],
                    done: Callable[[str], None], failed: Callable[[DomainError], None]) -> None:
    """Ask where, then build and write the workbook on the database thread; ``done(path)`` or
    ``failed(error)`` on the GUI thread while ``owner`` lives. Nothing happens on cancel."""
    chosen = ask_save_path(owner, in_documents(name))
    if not chosen:
        return
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")

    def write() -> str:
        data = build()
        try:
            write_private(path, data)  # customers' records: owner-only (issue 23, item 7)
        except OSError as exc:
            raise Conflict(EXPORT_FAILED, path=str(path), reason=exc.strerror or str(exc)) from None
        return str(path)

    run_op(write, if_alive(owner, done), if_alive(owner, failed))


__all__ = ["AskSavePath", "EXPORT_FAILED", "export_workbook", "in_documents", "native_save_path"]
