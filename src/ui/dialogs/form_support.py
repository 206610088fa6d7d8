"""Shared form plumbing: a field row with its own red error label, and saving via run_op.

Why per-field labels: the counter must see *which* box is wrong (车架号校验位错误 next to
the VIN), keep everything typed, fix it and press Enter again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from domain.errors import DomainError, ValidationErrors
from ui.operations import error_text

ERROR_STYLE = "color: #c62828;"
INVALID_STYLE = ("QLineEdit, QDateEdit, QSpinBox, QPlainTextEdit, QComboBox "
                 "{ border: 1px solid #c62828; background: #fff5f5; }")


class FieldErrors:
    """Maps domain error ``field`` names to the widgets and labels of one form."""

    def __init__(self, general: QLabel) -> None:
        self._general = general
        general.setObjectName("error_general")
        general.setStyleSheet(ERROR_STYLE)
        general.setWordWrap(True)
        general.hide()
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def row(self, name: str, widget: QWidget, trailing: QWidget | None = None) -> QWidget:
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
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(ERROR_STYLE)
        # No word wrap: a wrapped label's second line is clipped by QFormLayout; unwrapped,
        # the column (and the dialog) widen to show the whole message.
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        layout.addWidget(label)
        self._fields[name] = (widget, label)
        return cell

    def clear(self) -> None:
        self._general.clear()
        self._general.hide()
        for widget, label in self._fields.values():
            label.clear()
            label.hide()
            widget.setStyleSheet("")

    def show(self, exc: DomainError) -> None:
        """Put each error next to its field; errors without a known field go on top."""
        self.clear()
        errors: list[DomainError] = list(exc.errors) if isinstance(exc, ValidationErrors) else [exc]
        general: list[str] = []
        first: QWidget | None = None
        for error in errors:
            target = self._fields.get(error.field or "")
            if target is None:
                general.append(error_text(error))
                continue
            widget, label = target
            text = error_text(error)
            label.setText(f"{label.text()}；{text}" if label.text() else text)
            label.show()
            widget.setStyleSheet(INVALID_STYLE)
            if first is None:
                first = widget
        if general:
            self._general.setText("；".join(general))
            self._general.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def message(self, name: str) -> str:
        target = self._fields.get(name)
        return target[1].text() if target is not None else ""

    def fields(self) -> tuple[str, ...]:
        return tuple(self._fields)


def merge_validation(*checks: Callable[[], Any]) -> None:
    """Run several validators and raise all their field errors at once.

    Why: a new customer with a first vehicle should show a bad mobile *and* a bad VIN in
    one go, not one after the other.
    """
    from domain.errors import ValidationError

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


__all__ = ["ERROR_STYLE", "FieldErrors", "merge_validation"]
