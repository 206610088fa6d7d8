"""A busy dialog for one unit of work that runs on the database worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget


def busy_dialog(parent: QWidget, text: str, title: str, name: str) -> QProgressDialog:
    """Shown at once, window-modal, with no cancel button: the work is one unit of work that
    completes or changes nothing, so there is nothing safe to stop halfway."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setObjectName(name)
    progress.setWindowTitle(title)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()
    return progress
