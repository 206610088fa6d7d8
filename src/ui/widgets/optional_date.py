"""A date that may be left empty (可不填的日期): a checkbox in front of a date edit.

Why not QDateEdit alone: it always holds a date, and "insurance expiry unknown" must stay
unknown instead of silently becoming today.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from domain import clock

EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.check = QCheckBox()
        self.check.setToolTip(self.tr("勾选后填写日期；不勾选表示未知"))
        self.edit = QDateEdit()
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        # The minimum date stands for "empty" and shows as 未填 while unchecked.
        self.edit.setMinimumDate(EMPTY)
        self.edit.setMaximumDate(QDate(2200, 12, 31))
        self.edit.setSpecialValueText(self.tr("未填"))
        self.edit.setDate(EMPTY)
        self.edit.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._on_toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def _set_today(self) -> None:
        today = clock.today()
        self.edit.setDate(QDate(today.year, today.month, today.day))

    def _on_toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on:
            if self.edit.date() == EMPTY:
                self._set_today()
            self.edit.setFocus()
        else:
            self.edit.setDate(EMPTY)
        self.changed.emit()

    def value(self) -> dt.date | None:
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.check.setChecked(False)
            self.edit.setDate(EMPTY)
            return
        self.edit.setDate(QDate(value.year, value.month, value.day))
        self.check.blockSignals(True)
        self.check.setChecked(True)
        self.check.blockSignals(False)
        self.edit.setEnabled(True)


__all__ = ["OptionalDateEdit"]
