"""内部作业（D 类）: a technician's internal work on no customer's order, clocked or typed in.

Why a dialog on the work-order board: that is where the workshop clocks jobs; upkeep,
inspections, parts handling and training have no order to open, yet belong on the
technician's daily report as class D (DOMAIN.md §2). The technician starts and stops the
clock like a job's, or records a finished interval afterwards (补录); the foreman picks any
technician. The day's internal entries of the chosen technician are listed underneath.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.internal_time import ACTIVITY_LABELS, ACTIVITY_LABELS_ZH, InternalTimeView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.operations import error_text, run_op


class InternalTimeDialog(QDialog):
    loaded = Signal(object)  # list[InternalTimeView] of the chosen technician's day
    recorded = Signal(object)  # InternalTimeView

    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.zone = services, actor, zone
        self.entries: list[InternalTimeView] = []
        self.setObjectName("internalTimeDialog")
        self.setWindowTitle(self.tr("内部作业（D 类：不在工单上的工作）"))
        self.technician = QComboBox()
        self.technician.setObjectName("internalTechnician")
        self.activity = QComboBox()
        self.activity.setObjectName("internalActivity")
        for code in ACTIVITY_LABELS_ZH:
            self.activity.addItem(label(ACTIVITY_LABELS, code, language()), str(code))
        self.note = QLineEdit()
        self.note.setObjectName("internalNote")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("如：举升机保养、月度安全检查、新车型培训"))
        form = QFormLayout()
        form.addRow(self.tr("技师"), self.technician)
        form.addRow(self.tr("内部作业类别"), self.activity)
        form.addRow(self.tr("说明"), self.note)

        clocked = QGroupBox(self.tr("计时"))
        self.start_button = QPushButton(self.tr("开始"))
        self.start_button.setObjectName("internalStart")
        self.stop_button = QPushButton(self.tr("结束"))
        self.stop_button.setObjectName("internalStop")
        self.running = QLabel()
        self.running.setObjectName("internalRunning")
        row = QHBoxLayout(clocked)
        row.addWidget(self.start_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.running, 1)

        later = QGroupBox(self.tr("补录（已做完的内部作业）"))
        today = clock.today(zone)
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setObjectName("internalDay")
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.from_time = QTimeEdit(QTime(9, 0))
        self.from_time.setObjectName("internalFrom")
        self.to_time = QTimeEdit(QTime(10, 0))
        self.to_time.setObjectName("internalTo")
        for edit in (self.from_time, self.to_time):
            edit.setDisplayFormat("HH:mm")
        self.record_button = QPushButton(self.tr("登记"))
        self.record_button.setObjectName("internalRecord")
        line = QHBoxLayout(later)
        line.addWidget(self.day)
        line.addWidget(self.from_time)
        line.addWidget(QLabel("—"))
        line.addWidget(self.to_time)
        line.addWidget(self.record_button)
        line.addStretch(1)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("internalTable")
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("类别"), self.tr("说明"), self.tr("小时")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.remove_button.setObjectName("internalRemove")
        self.status = QLabel()
        self.status.setObjectName("internalStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.remove_button)
        footer.addWidget(self.status, 1)
        footer.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(clocked)
        layout.addWidget(later)
        layout.addWidget(QLabel(self.tr("当日内部作业")))
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.setMinimumSize(620, 480)

        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.record_button.clicked.connect(self.record)
        self.remove_button.clicked.connect(self.remove_selected)
        self.technician.currentIndexChanged.connect(lambda _i: self.refresh())
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self._enable(False)
        self._load_technicians()

    # --- loading ----------------------------------------------------------------------------
    def _load_technicians(self) -> None:
        services, actor = self.services, self.actor
        run_op(lambda: services.internal_time.technicians(actor), if_alive(self, self._show_technicians),
               if_alive(self, self._failed))

    def _show_technicians(self, people: list[tuple[str, str]]) -> None:
        self.technician.blockSignals(True)
        self.technician.clear()
        for staff_id, name in people:
            self.technician.addItem(name, staff_id)
        own = self.technician.findData(self.actor.staff_id)
        self.technician.setCurrentIndex(own if own >= 0 else 0)
        self.technician.blockSignals(False)
        self._enable(self.technician.count() > 0)
        if not self.technician.count():
            self._say(self.tr("没有可登记的技师"), error=True)
        self.refresh()

    def chosen_day(self) -> dt.date:
        d = self.day.date()
        return dt.date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        tech = self.technician.currentData()
        if not tech:
            return
        services, actor, day = self.services, self.actor, self.chosen_day()
        run_op(lambda: services.internal_time.day(actor, day, str(tech)), if_alive(self, self._show),
               if_alive(self, self._failed))

    def _show(self, entries: list[InternalTimeView]) -> None:
        self.entries = entries
        now = clock.now()
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            stop = clock.format_local(e.stopped_at, self.zone, "%H:%M") if e.stopped_at else self.tr("进行中")
            cells = (f"{clock.format_local(e.started_at, self.zone, '%H:%M')}–{stop}",
                     label(ACTIVITY_LABELS, e.activity, language()), e.note, f"{e.seconds(now) / 3600:.2f}")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        running = next((e for e in entries if e.stopped_at is None), None)
        self.running.setText(self.tr("正在计时：%1（%2 开始）")
                             .replace("%1", label(ACTIVITY_LABELS, running.activity, language()))
                             .replace("%2", clock.format_local(running.started_at, self.zone, "%H:%M"))
                             if running else "")
        self.loaded.emit(entries)

    # --- actions ----------------------------------------------------------------------------
    def _enable(self, on: bool) -> None:
        for button in (self.start_button, self.stop_button, self.record_button, self.remove_button):
            button.setEnabled(on)

    def _run(self, call: Callable[[], InternalTimeView | None], done_text: str) -> None:
        def done(view: InternalTimeView | None) -> None:
            self._enable(True)
            self._say(done_text)
            if view is not None:
                self.recorded.emit(view)
            self.refresh()

        def failed(exc: DomainError) -> None:
            self._enable(True)
            self._failed(exc)

        self._enable(False)
        run_op(call, if_alive(self, done), if_alive(self, failed))

    def start(self) -> None:
        services, actor, tech = self.services, self.actor, str(self.technician.currentData() or "")
        activity, note = str(self.activity.currentData()), self.note.text()
        self._run(lambda: services.internal_time.start(actor, activity, note, tech or None), self.tr("已开始计时"))

    def stop(self) -> None:
        services, actor, tech = self.services, self.actor, str(self.technician.currentData() or "")
        self._run(lambda: services.internal_time.stop(actor, tech or None), self.tr("已结束计时"))

    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        """The 补录 interval as UTC instants (the times are the branch's local time)."""
        zone, day = clock.branch_zone(self.zone), self.chosen_day()
        start, stop = self.from_time.time(), self.to_time.time()
        return (dt.datetime(day.year, day.month, day.day, start.hour(), start.minute(), tzinfo=zone).astimezone(dt.UTC),
                dt.datetime(day.year, day.month, day.day, stop.hour(), stop.minute(), tzinfo=zone).astimezone(dt.UTC))

    def record(self) -> None:
        services, actor, tech = self.services, self.actor, str(self.technician.currentData() or "")
        activity, note = str(self.activity.currentData()), self.note.text()
        started, stopped = self.interval()
        self._run(lambda: services.internal_time.record(actor, activity, started, stopped, note, tech or None),
                  self.tr("已登记"))

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            return
        services, actor = self.services, self.actor
        ids = [self.entries[r].id for r in rows if r < len(self.entries)]

        def remove() -> None:
            for entry_id in ids:
                services.internal_time.remove(actor, entry_id)

        self._run(remove, self.tr("已删除"))

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c62828;" if error else "")
        self.status.setText(text)

    def _failed(self, exc: DomainError) -> None:
        self._say(error_text(exc), error=True)


__all__ = ["InternalTimeDialog"]
