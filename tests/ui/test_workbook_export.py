"""The one export flow of the report, care and complaint-statistics pages: suffix, the
workbook written on the database thread, a plain error when the file cannot be written, and
nothing at all on cancel."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from domain.errors import DomainError
from ui import operations
from ui.widgets.workbook_export import EXPORT_FAILED, export_workbook


def run(qtbot: QtBot, chosen: str) -> tuple[list[str], list[DomainError], list[int]]:
    owner = QWidget()
    qtbot.addWidget(owner)
    done: list[str] = []
    failed: list[DomainError] = []
    built: list[int] = []

    def build() -> bytes:
        built.append(1)
        return b"PK workbook"

    export_workbook(owner, lambda _parent, _suggested: chosen, "经营指标_2026-10.xlsx", build,
                    done.append, failed.append)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)
    return done, failed, built


def test_the_xlsx_suffix_is_added_and_the_file_written(qtbot: QtBot, tmp_path: Path) -> None:
    done, failed, _ = run(qtbot, str(tmp_path / "月报"))
    assert done == [str(tmp_path / "月报.xlsx")] and not failed
    assert (tmp_path / "月报.xlsx").read_bytes() == b"PK workbook"


@pytest.mark.skipif(os.name != "posix", reason="Windows: the profile's inherited ACL, no modes")
def test_the_workbook_is_owner_only(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 23 item 7: "on Linux and macOS … exports are 0600"."""
    old = os.umask(0o022)
    try:
        run(qtbot, str(tmp_path / "月报.xlsx"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "月报.xlsx").stat().st_mode) == 0o600


def test_a_file_that_cannot_be_written_is_a_plain_error(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "taken.xlsx").mkdir()  # a folder where the file should go
    done, failed, _ = run(qtbot, str(tmp_path / "taken.xlsx"))
    assert not done and [e.code for e in failed] == [EXPORT_FAILED]
    assert failed[0].message("zh").startswith(f"无法保存到 {tmp_path / 'taken.xlsx'}")


def test_cancel_builds_nothing(qtbot: QtBot) -> None:
    done, failed, built = run(qtbot, "")
    assert (done, failed, built) == ([], [], [])


@pytest.mark.skipif(os.name != "posix", reason="Windows: the profile's inherited ACL, no modes")
def test_a_pdf_saved_from_the_preview_is_owner_only(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 23 item 7: "on Linux and macOS … exports are 0600" (另存为 PDF)."""
    from reportlab.pdfgen.canvas import Canvas

    from ui.dialogs.pdf_preview import PdfPreviewDialog

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, "DealerDesk")
    canvas.save()
    dialog = PdfPreviewDialog(buffer.getvalue(), "工单", "工单.pdf")
    qtbot.addWidget(dialog)
    dialog.ask_save_path = lambda _parent, _suggested: str(tmp_path / "工单.pdf")  # type: ignore[method-assign]
    old = os.umask(0o022)
    try:
        saved = dialog.save_as()
    finally:
        os.umask(old)
    assert saved is not None and stat.S_IMODE(saved.stat().st_mode) == 0o600
