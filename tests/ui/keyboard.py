"""Typing into widgets the way a clerk does, and finding them, for pytest-qt tests."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """ASCII by key presses; Chinese through the input method, as a Pinyin IME commits it
    (QTest can only press keys that exist on the keyboard and aborts on others)."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


W = TypeVar("W", bound=QObject)


def child(parent: QObject, kind: type[W], name: str) -> W:
    """The named child widget; fails the test clearly when the form lost it."""
    found = parent.findChild(kind, name)
    assert found is not None, f"{kind.__name__} {name!r} not found"
    return found
