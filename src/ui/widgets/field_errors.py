"""Domain errors shown next to the field they are about (字段旁提示), not only in a box.

Why: a form with eight fields and one message box saying "用户名只能包含字母…" makes the
user hunt; the service already says which field (``DomainError.field``), so the form puts
the text in a red label under that field and moves the focus there. The counter sees
*which* box is wrong (车架号校验位错误 next to the VIN), keeps everything typed, fixes it
and presses Enter again.

Two ways to use one :class:`FieldErrors`: a form that lays out its own labels registers
them with :meth:`FieldErrors.add` (and gets the errors without a field back from
:meth:`FieldErrors.place`); a ``QFormLayout`` form lets :meth:`FieldErrors.row` build the
cell (the input with its label under it, the input framed red while wrong) and may hand
over a general label for the errors without a field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from domain.errors import DomainError, ValidationError, ValidationErrors
from ui.operations import error_text

ERROR_STYLE = "color: #c62828;"
INVALID_STYLE = ("QLineEdit, QDateEdit, QSpinBox, QPlainTextEdit, QComboBox "
                 "{ border: 1px solid #c62828; background: #fff5f5; }")


def _mark_error_label(label: QLabel, field: str) -> QLabel:
    label.setObjectName(f"error_{field}")  # tests and the wizard find the labels by it
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def error_label(field: str, parent: QWidget | None = None) -> QLabel:
    label = _mark_error_label(QLabel(parent), field)
    label.setWordWrap(True)
    return label


def split_errors(exc: DomainError) -> list[DomainError]:
    return list(exc.errors) if isinstance(exc, ValidationErrors) else [exc]


class FieldErrors:
    """The error labels of one form, by the field names the services use."""

    def __init__(self, general: QLabel | None = None) -> None:
        self._general = general
        if general is not None:
            _mark_error_label(general, "general").setWordWrap(True)
        self._labels: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._framed: set[str] = set()  # fields whose input is framed red while wrong

    def add(self, field: str, label: QLabel, input_widget: QWidget | None = None) -> QLabel:
        """Register a label the form places itself; a line edit's message goes once it is edited."""
        self._labels[field] = label
        if input_widget is not None:
            self._inputs[field] = input_widget
            if isinstance(input_widget, QLineEdit):
                input_widget.textEdited.connect(lambda _text: self.hide(field))
        return label

    def row(self, field: str, widget: QWidget, trailing: QWidget | None = None) -> QWidget:
        """The field plus its (hidden until needed) error label under it, as one form cell."""
        cell = QWidget()
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        if trailing is not None:
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget, 1)
            line.addWidget(trailing)
            layout.addLayout(line)
        else:
            layout.addWidget(widget)
        # No word wrap: a wrapped label's second line is clipped by QFormLayout; unwrapped,
        # the column (and the dialog) widen to show the whole message.
        label = _mark_error_label(QLabel(), field)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        self._labels[field] = label
        self._inputs[field] = widget
        self._framed.add(field)
        return cell

    def label(self, field: str) -> QLabel:
        return self._labels[field]

    def fields(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def clear(self) -> None:
        if self._general is not None:
            self._general.clear()
            self._general.hide()
        for field in self._labels:
            self.hide(field)

    def hide(self, field: str) -> None:
        label = self._labels[field]
        label.clear()
        label.hide()
        if field in self._framed:
            self._inputs[field].setStyleSheet("")

    def set(self, field: str, text: str) -> None:
        label = self._labels[field]
        label.setText(text)
        label.show()
        if field in self._framed:
            self._inputs[field].setStyleSheet(INVALID_STYLE)

    def show(self, exc: DomainError) -> None:
        """Place each error under its field; the rest go to the general label (an ``on_error``)."""
        self.place(exc)

    def place(self, exc: DomainError) -> list[DomainError]:
        """Place each error under its field; return those that have no field here.

        Those also go to the general label when the form has one.
        """
        self.clear()
        unplaced: list[DomainError] = []
        first: QWidget | None = None
        for error in split_errors(exc):
            if error.field in self._labels:
                text, shown = error_text(error), self._labels[error.field].text()
                self.set(error.field, f"{shown}；{text}" if shown else text)
                first = first or self._inputs.get(error.field)
            else:
                unplaced.append(error)
        if unplaced and self._general is not None:
            self._general.setText("；".join(error_text(e) for e in unplaced))
            self._general.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def message(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None else ""

    def fields_shown(self) -> list[str]:
        return [f for f, label in self._labels.items() if label.text()]


def merge_validation(*checks: Callable[[], Any]) -> None:
    """Run several validators and raise all their field errors at once.

    Why: a new customer with a first vehicle should show a bad mobile *and* a bad VIN in
    one go, not one after the other.
    """
    found: list[ValidationError] = []
    for check in checks:
        try:
            check()
        except ValidationErrors as exc:
            found.extend(exc.errors)
        except ValidationError as exc:
            found.append(exc)
    if len(found) == 1:
        raise found[0]
    if found:
        raise ValidationErrors(found)


__all__ = ["ERROR_STYLE", "INVALID_STYLE", "FieldErrors", "error_label", "merge_validation",
           "split_errors"]
