"""Pick an item of the master data by typing part of its code or name (从清单选择).

Why an editable combo with a "contains" completer: a parts list holds thousands of numbers;
the advisor types "机油" or "90915" and picks from what matches, keyboard only; the first
entry means "none picked", so typing freely stays possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class MasterItemCombo(QComboBox):
    """Entries are (text shown, payload); :attr:`picked` carries the payload chosen."""

    picked = Signal(object)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        editor = self.lineEdit()
        assert editor is not None
        editor.setPlaceholderText(placeholder)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated.connect(self._completed)
        self.activated.connect(self._chosen)

    def set_items(self, entries: Sequence[tuple[str, Any]]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for text, payload in entries:
            self.addItem(text, payload)
        self.setCurrentIndex(0)
        self.blockSignals(False)

    def current_payload(self) -> Any:
        index = self.findText(self.currentText())
        return self.itemData(index) if index > 0 else None

    def choose(self, text: str) -> bool:
        """Select the entry shown as ``text`` (tests, and the completer)."""
        index = self.findText(text)
        if index <= 0:
            return False
        self.setCurrentIndex(index)
        self._chosen(index)
        return True

    def _completed(self, text: str) -> None:
        self.choose(text)

    def _chosen(self, index: int) -> None:
        payload = self.itemData(index) if index > 0 else None
        if payload is not None:
            self.picked.emit(payload)


__all__ = ["MasterItemCombo"]
