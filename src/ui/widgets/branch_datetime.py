"""A date-time box in the branch's time zone (北京时间), whatever the PC's zone is.

Why: times are stored in UTC and shown in the branch zone everywhere else; a plain
QDateTimeEdit would use the PC's zone and a promised time could shift by hours.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from domain import clock


class BranchDateTimeEdit(QDateTimeEdit):
    def __init__(self, zone: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setCalendarPopup(True)
        self.set_value(clock.now())

    def set_value(self, moment: dt.datetime) -> None:
        local = clock.local(moment, self._zone)
        self.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                   QTime(local.hour, local.minute)))

    def value(self) -> dt.datetime:
        d, t = self.dateTime().date(), self.dateTime().time()
        naive = dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        return naive.replace(tzinfo=clock.branch_zone(self._zone)).astimezone(dt.UTC)


__all__ = ["BranchDateTimeEdit"]


def month_edit(name: str, zone: str | None, *, popup: bool = True) -> QDateEdit:
    """A month box (yyyy-MM) set to the branch's current month, for the monthly lists and
    reports: the month the counter is in, not the PC's."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM")
    edit.setCalendarPopup(popup)
    today = clock.today(zone)
    edit.setDate(QDate(today.year, today.month, 1))
    return edit
