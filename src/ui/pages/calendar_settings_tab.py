"""工作日历: the days the shop is open, which every per-day figure divides by.

Why in 系统设置: cars per day and the technicians' available hours are only comparable when
they divide by the shop's own working days — a 4S shop open all week would otherwise look
40 % busier than it is. The tab edits the open weekdays, the holidays the shop closes and
the extra days it works (调休), and shows at once how many working days this month has; the
calendar is saved in the database and travels to HQ with the branch's records.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.calendar_rules import WEEKDAY_LABELS_EN, WEEKDAY_LABELS_ZH, WorkCalendar
from domain.errors import DomainError
from domain.roles import Actor, Permission, can
from domain.services.calendar import CalendarView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.operations import error_text, run_op

DATE_ROLE = Qt.ItemDataRole.UserRole


class DayList(QGroupBox):
    """A titled list of dates with a date box to add one and a button to remove the chosen."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.partner: DayList | None = None  # a day added here leaves the other list
        self.list = QListWidget()
        self.list.setObjectName(f"{name}List")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setSortingEnabled(True)
        today = clock.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName(f"{name}Date")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName(f"{name}Add")
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.remove_button.setObjectName(f"{name}Remove")
        bar = QHBoxLayout()
        bar.addWidget(self.date, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(bar)
        self.add_button.clicked.connect(self.add_chosen)
        self.date.lineEdit().returnPressed.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)

    def days(self) -> list[dt.date]:
        return sorted(dt.date.fromisoformat(str(self.list.item(i).data(DATE_ROLE)))
                      for i in range(self.list.count()))

    def set_days(self, days: tuple[dt.date, ...] | list[dt.date]) -> None:
        self.list.clear()
        for day in days:
            self.add(day)

    def add(self, day: dt.date) -> bool:
        if day in self.days():
            return False
        if self.partner is not None:
            self.partner.remove(day)
        item = QListWidgetItem(self._text(day))
        item.setData(DATE_ROLE, day.isoformat())
        self.list.addItem(item)
        return True

    def add_chosen(self) -> None:
        d = self.date.date()
        self.add(dt.date(d.year(), d.month(), d.day()))
        self.date.setDate(self.date.date().addDays(1))  # a run of holidays: Enter, Enter, Enter

    def remove(self, day: dt.date) -> None:
        for i in range(self.list.count() - 1, -1, -1):
            if self.list.item(i).data(DATE_ROLE) == day.isoformat():
                self.list.takeItem(i)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    @staticmethod
    def _text(day: dt.date) -> str:
        names = WEEKDAY_LABELS_EN if language() == "en" else WEEKDAY_LABELS_ZH
        return f"{day.isoformat()}  {names[day.isoweekday() - 1]}"


class CalendarSettingsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        names = WEEKDAY_LABELS_EN if language() == "en" else WEEKDAY_LABELS_ZH
        self.weekdays: dict[int, QCheckBox] = {}
        week = QHBoxLayout()
        week.addWidget(QLabel(self.tr("每周营业")))
        for day in range(1, 8):
            box = QCheckBox(names[day - 1])
            box.setObjectName(f"weekday{day}")
            box.setChecked(True)
            box.toggled.connect(lambda _on: self._preview())
            self.weekdays[day] = box
            week.addWidget(box)
        week.addStretch(1)
        self.holidays = DayList(self.tr("休息日（节假日，不营业）"), "holidays")
        self.extra_days = DayList(self.tr("额外工作日（调休，照常营业）"), "extraDays")
        self.holidays.partner, self.extra_days.partner = self.extra_days, self.holidays
        for days in (self.holidays, self.extra_days):
            days.list.model().rowsInserted.connect(lambda *_a: self._preview())
            days.list.model().rowsRemoved.connect(lambda *_a: self._preview())
        lists = QGridLayout()
        lists.addWidget(self.holidays, 0, 0)
        lists.addWidget(self.extra_days, 0, 1)
        self.preview = QLabel()
        self.preview.setObjectName("calendarPreview")
        note = QLabel(self.tr("进厂台次日均、工时利用率等按日计算的指标都除以本店的工作日数；默认每周七天营业。"
                              "工作日历随本店数据上报总部。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("calendarSave")
        self.save_button.setEnabled(can(actor, Permission.SETTINGS_EDIT))
        self.status = QLabel()
        self.status.setObjectName("calendarStatus")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(week)
        layout.addLayout(lists, 1)
        layout.addWidget(self.preview)
        layout.addWidget(note)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        self._preview()

    def calendar(self) -> WorkCalendar:
        """What the tab shows now (saved or not)."""
        return WorkCalendar(frozenset(d for d, box in self.weekdays.items() if box.isChecked()),
                            frozenset(self.holidays.days()), frozenset(self.extra_days.days()))

    def _preview(self) -> None:
        today = clock.today()
        first = today.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        days = self.calendar().working_days(first, last)
        self.preview.setText(self.tr("%1 年 %2 月：%3 天中 %4 个工作日").replace("%1", str(today.year))
                             .replace("%2", str(today.month)).replace("%3", str(last.day)).replace("%4", str(days)))

    def refresh(self) -> None:
        services, actor = self.services, self.actor
        run_op(lambda: services.calendar.get(actor), if_alive(self, self._show))

    def _show(self, view: CalendarView) -> None:
        for day, box in self.weekdays.items():
            box.setChecked(day in view.weekdays)
        self.holidays.set_days(view.holidays)
        self.extra_days.set_days(view.extra_days)
        self._preview()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        cal, services, actor = self.calendar(), self.services, self.actor

        def write() -> CalendarView:
            return services.calendar.save(actor, sorted(cal.weekdays), sorted(cal.holidays), sorted(cal.extra_days))

        def done(view: CalendarView) -> None:
            self.save_button.setEnabled(True)
            self._show(view)
            self.status.setStyleSheet("")
            self.status.setText(self.tr("已保存"))

        def failed(exc: DomainError) -> None:
            self.save_button.setEnabled(True)
            self.status.setStyleSheet("color: #c62828;")
            self.status.setText(error_text(exc))

        self.status.clear()
        self.save_button.setEnabled(False)
        run_op(write, if_alive(self, done), if_alive(self, failed))


__all__ = ["CalendarSettingsTab", "DayList"]
