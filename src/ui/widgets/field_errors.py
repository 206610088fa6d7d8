"""Domain errors shown next to the field they are about (字段旁提示), not only in a box.

Why: a form with eight fields and one message box saying "用户名只能包含字母…" makes the
user hunt; the service already says which field (``DomainError.field``), so the form puts
the text in a red label under that field and moves the focus there.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from domain.errors import DomainError, ValidationErrors
from ui.operations import error_text

ERROR_STYLE = "color: #c0392b;"


def error_label(field: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(f"error_{field}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def split_errors(exc: DomainError) -> list[DomainError]:
    return list(exc.errors) if isinstance(exc, ValidationErrors) else [exc]


class FieldErrors:
    """The error labels of one form, by the field names the services use."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}

    def add(self, field: str, label: QLabel, input_widget: QWidget | None = None) -> QLabel:
        self._labels[field] = label
        if input_widget is not None:
            self._inputs[field] = input_widget
            if isinstance(input_widget, QLineEdit):  # the message goes once the user fixes it
                input_widget.textEdited.connect(lambda _text: self.hide(field))
        return label

    def label(self, field: str) -> QLabel:
        return self._labels[field]

    def fields(self) -> Iterable[str]:
        return self._labels.keys()

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def hide(self, field: str) -> None:
        label = self._labels[field]
        label.clear()
        label.hide()

    def set(self, field: str, text: str) -> None:
        label = self._labels[field]
        label.setText(text)
        label.show()

    def show(self, exc: DomainError) -> list[DomainError]:
        """Place each error under its field; return those that have no field here."""
        self.clear()
        unplaced: list[DomainError] = []
        first: QWidget | None = None
        for error in split_errors(exc):
            if error.field in self._labels:
                self.set(error.field, error_text(error))
                first = first or self._inputs.get(error.field)
            else:
                unplaced.append(error)
        if first is not None:
            first.setFocus()
        return unplaced

    def fields_shown(self) -> list[str]:
        return [f for f, label in self._labels.items() if label.text()]
