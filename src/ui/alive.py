"""Callbacks that outlive their widget (背景操作回调保护).

Why: a database call finishes on the worker thread after the user may have closed the
dialog or page that asked for it; calling into a deleted C++ widget raises. Results for
a widget that is gone are simply dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

T = TypeVar("T")


def if_alive(owner: QObject, callback: Callable[[T], Any]) -> Callable[[T], None]:
    def call(value: T) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return call
