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
        editor.returnPressed.connect(self._typed)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)  # the combo turns a completion into ``activated``
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
        """The entry shown, or the one entry whose code (a word of it) or text the typing names."""
        index = self._typed_index()
        return self.itemData(index) if index > 0 else None

    def _typed_index(self) -> int:
        text = self.currentText().strip()
        if not text:
            return -1
        exact = self.findText(text)
        if exact > 0:
            return exact
        wanted = text.lower()
        texts = [(i, self.itemText(i).lower()) for i in range(1, self.count())]
        for hits in ([i for i, t in texts if wanted in t.split()], [i for i, t in texts if wanted in t]):
            if len(hits) == 1:
                return hits[0]
        return -1

    def _typed(self) -> None:
        """Enter after typing a code picks its entry (and the dialog's Enter then saves)."""
        index = self._typed_index()
        if index > 0:
            self.setCurrentIndex(index)
            self._chosen(index)

    def choose(self, text: str) -> bool:
        """Select the entry shown as ``text`` (tests, and the completer)."""
        index = self.findText(text)
        if index <= 0:
            return False
        self.setCurrentIndex(index)
        self._chosen(index)
        return True

    def _chosen(self, index: int) -> None:
        payload = self.itemData(index) if index > 0 else None
        if payload is not None:
            self.picked.emit(payload)


__all__ = ["MasterItemCombo"]
