"""What the work-order and complaint-slip panels share (the record shown beside its board).

Esc goes back to the board and F5 re-reads the record (keys no child widget used); action
buttons are kept by key; one red line under the actions says why an action was refused;
dialogs open window-modal and non-blocking, and one that saves hands back the fresh record
(its ``saved`` signal); a printed form opens in the PDF preview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from domain.errors import DomainError
from ui.operations import error_text


class RecordPanel(QWidget):
    back_requested = Signal()

    def __init__(self, button_prefix: str, message_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._button_prefix = button_prefix  # object names tests and shortcuts find buttons by
        self.active_dialog: QDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.message = QLabel()
        self.message.setObjectName(message_name)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()

    # --- what each panel says about its record ------------------------------------------
    def record_id(self) -> str | None:
        raise NotImplementedError

    def load(self, key: str) -> None:
        raise NotImplementedError

    def _changed(self, record: Any) -> None:
        """A dialog saved: show the fresh record and tell the board."""
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif event.key() == Qt.Key.Key_F5:
            self.reload()
        else:
            super().keyPressEvent(event)

    def reload(self) -> None:
        key = self.record_id()
        if key is not None:
            self.load(key)

    def _button(self, key: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"{self._button_prefix}{key}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[key] = button
        return button

    def show_message(self, exc: DomainError) -> None:
        self.message.setText(error_text(exc))
        self.message.show()

    def _open(self, dialog: QDialog) -> QDialog:
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(self._changed)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def _show_pdf(self, pdf: bytes, title: str, file_name: str) -> None:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(pdf, title, file_name, self)
        self.active_dialog = dialog
        dialog.open()


__all__ = ["RecordPanel"]
