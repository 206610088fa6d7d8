"""The care page's registers and lists: 信函登记, 提醒, 客户分级, 月度汇总.

Why separate from :mod:`ui.pages.care_page`: each tab is a small self-contained list with
its own service call; the page only arranges them. Database work goes through ``run_op``;
file dialogs are injectable (``ask_save_path``) so tests never block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.care_rules import (
    CLASS_LABELS,
    LETTER_TEMPLATE_LABELS,
    REMINDER_ACTION_LABELS,
    REMINDER_ACTION_LABELS_ZH,
    REMINDER_KIND_LABELS,
)
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.care_views import CareSummary, ClassMoveRow, ClassRow, LetterView, ReminderRow
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.models.care_models import (
    ClassesModel,
    FiguresModel,
    LettersModel,
    MovesModel,
    RemindersModel,
    summary_figures,
)
from ui.operations import error_text, run_op
from ui.widgets.workbook_export import AskSavePath, export_workbook, native_save_path

# the print command's template names; the label comes from the domain's letter templates
LETTER_CHOICES = ("maintenance-reminder", "event-invitation", "contract-expiry", "complaint-reply")


def make_table(name: str, model: Any) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def selected_row(table: QTableView) -> int:
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    return rows[0].row() if rows else -1


def date_edit(name: str, day: dt.date, fmt: str = "yyyy-MM-dd") -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setDisplayFormat(fmt)
    edit.setCalendarPopup(True)
    return edit


def to_date(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class CareTab(QWidget):
    """A tab with a status line that shows errors in red."""

    changed = Signal()
    ask_save_path: AskSavePath = staticmethod(native_save_path)  # type: ignore[assignment]

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QWidget | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)

    def today(self) -> dt.date:
        return clock.today(self.branch.timezone)

    def refresh(self) -> None:
        """Reload the tab's rows (on the database thread)."""
        raise NotImplementedError

    def failed(self, exc: DomainError) -> None:
        self.status.setText(error_text(exc))
        self.status.setStyleSheet("color: #c62828;")

    def say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def preview(self, pdf: bytes, title: str, name: str) -> None:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(pdf, title, name, self)
        self.active_dialog = dialog
        dialog.open()

    def export(self, name: str, build: Callable[[], bytes], done: Callable[[str], None]) -> None:
        export_workbook(self, self.ask_save_path, name, build, done, self.failed)


# --- 信函登记 -------------------------------------------------------------------------------
class LettersTab(CareTab):
    """跟踪服务信函登记表, and a letter printed from a template (registered as it is shown)."""

    loaded = Signal(object)  # list[LetterView]
    printed = Signal(object)  # LetterView

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        today = self.today()
        self.start = date_edit("lettersFrom", today.replace(day=1))
        self.end = date_edit("lettersTo", today)
        self.template = QComboBox()
        self.template.setObjectName("letterTemplate")
        for key in LETTER_CHOICES:
            self.template.addItem(label(LETTER_TEMPLATE_LABELS, key.replace("-", "_"), language()), key)
        self.key = QLineEdit()
        self.key.setObjectName("letterKey")
        self.key.setPlaceholderText(self.tr("车牌、手机号、车架号；投诉答复函填投诉单号"))
        self.print_button = QPushButton(self.tr("打印信函"))
        self.print_button.setObjectName("printLetter")
        self.print_button.setEnabled(can(actor, Permission.CARE_CALL))
        self.model = LettersModel(self)
        self.table = make_table("lettersTable", self.model)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.end)
        bar.addStretch(1)
        make = QHBoxLayout()
        make.addWidget(QLabel(self.tr("模板")))
        make.addWidget(self.template)
        make.addWidget(self.key, 1)
        make.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(make)
        layout.addWidget(self.status)
        self.start.dateChanged.connect(lambda _d: self.refresh())
        self.end.dateChanged.connect(lambda _d: self.refresh())
        self.print_button.clicked.connect(self.print_letter)
        self.key.returnPressed.connect(self.print_letter)

    def refresh(self) -> None:
        services, actor, start, end = self.services, self.actor, to_date(self.start), to_date(self.end)
        run_op(lambda: services.care.letters(actor, start, end), if_alive(self, self._show),
               if_alive(self, self.failed))

    def _show(self, rows: list[LetterView]) -> None:
        self.model.set_rows(rows)
        self.loaded.emit(rows)

    def print_letter(self) -> None:
        key, template = self.key.text().strip(), str(self.template.currentData())
        if not key:
            self.key.setFocus()
            return
        services, actor = self.services, self.actor

        def make() -> tuple[bytes, str, LetterView]:
            from reports.care_letter import prepare_letter

            letter = prepare_letter(services, actor, template, key)
            return letter.pdf, letter.file_name, services.care.record_letter(actor, letter.entry)

        def done(result: tuple[bytes, str, LetterView]) -> None:
            pdf, name, view = result
            self.print_button.setEnabled(True)
            self.say(self.tr("已登记：%1").replace("%1", view.subject))
            self.refresh()
            self.printed.emit(view)
            self.preview(pdf, view.subject, name)

        def failed(exc: DomainError) -> None:
            self.print_button.setEnabled(True)
            self.failed(exc)

        self.print_button.setEnabled(False)
        run_op(make, if_alive(self, done), if_alive(self, failed))


# --- 提醒 ----------------------------------------------------------------------------------
class RemindersTab(CareTab):
    """Reminders from the customer files; each marked contacted, booked or declined."""

    loaded = Signal(object)  # list[ReminderRow]

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        self.model = RemindersModel(self.today, self)
        self.table = make_table("remindersTable", self.model)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for action in REMINDER_ACTION_LABELS_ZH:
            button = QPushButton(self.tr("标记%1").replace("%1", label(REMINDER_ACTION_LABELS, action, language())))
            button.setObjectName(f"reminder_{action}")
            button.clicked.connect(lambda _c=False, a=str(action): self.mark(a))
            self.buttons[str(action)] = button
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self._enable()

    def _enable(self) -> None:
        ok = selected_row(self.table) >= 0 and can(self.actor, Permission.CARE_CALL)
        for button in self.buttons.values():
            button.setEnabled(ok)

    def refresh(self) -> None:
        services, actor = self.services, self.actor
        run_op(lambda: services.care.reminders(actor), if_alive(self, self._show), if_alive(self, self.failed))

    def _show(self, rows: list[ReminderRow]) -> None:
        self.model.set_rows(rows)
        self._enable()
        self.loaded.emit(rows)

    def mark(self, action: str) -> None:
        row = selected_row(self.table)
        if row < 0:
            return
        reminder = self.model.item(row)
        services, actor = self.services, self.actor

        def done(_view: object) -> None:
            self.say(self.tr("%1：%2 已标记").replace("%1", reminder.customer_name)
                     .replace("%2", label(REMINDER_KIND_LABELS, reminder.kind, language())))
            self.refresh()
            self.changed.emit()

        run_op(lambda: services.care.mark_reminder(actor, reminder.key, action), if_alive(self, done),
               if_alive(self, self.failed))


# --- 客户分级 -------------------------------------------------------------------------------
class ClassesTab(CareTab):
    """忠诚客户筛选 / 流失客户: ABCD by model and vehicle age, this month's movements, Excel."""

    loaded = Signal(object)  # list[ClassRow]
    exported = Signal(str)

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        self.klass = QComboBox()
        self.klass.setObjectName("classFilter")
        self.klass.addItem(self.tr("全部"), None)
        for code in ("A", "B", "C", "D"):
            self.klass.addItem(label(CLASS_LABELS, code, language()), code)
        self.model_filter = QLineEdit()
        self.model_filter.setObjectName("modelFilter")
        self.model_filter.setPlaceholderText(self.tr("车型"))
        self.min_age = QSpinBox()
        self.min_age.setObjectName("minAge")
        self.max_age = QSpinBox()
        self.max_age.setObjectName("maxAge")
        for box in (self.min_age, self.max_age):
            box.setRange(-1, 50)
            box.setSpecialValueText(self.tr("不限"))
            box.setValue(-1)
        self.query = QPushButton(self.tr("查询"))
        self.query.setObjectName("classQuery")
        self.export_button = QPushButton(self.tr("导出 Excel（呼叫名单）"))
        self.export_button.setObjectName("classExport")
        self.model = ClassesModel(self)
        self.table = make_table("classesTable", self.model)
        self.moves = MovesModel(self)
        self.moves_table = make_table("movesTable", self.moves)
        self.moves_table.setMaximumHeight(150)
        self.rows: list[ClassRow] = []
        self.move_rows: list[ClassMoveRow] = []
        bar = QHBoxLayout()
        for caption, widget in ((self.tr("级别"), self.klass), (self.tr("车型"), self.model_filter),
                                (self.tr("车龄(年)从"), self.min_age), (self.tr("到"), self.max_age)):
            bar.addWidget(QLabel(caption))
            bar.addWidget(widget)
        bar.addWidget(self.query)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("本月级别变动")))
        layout.addWidget(self.moves_table)
        layout.addWidget(self.status)
        self.query.clicked.connect(self.refresh)
        self.model_filter.returnPressed.connect(self.refresh)
        self.klass.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button.clicked.connect(self.export_excel)

    def refresh(self) -> None:
        services, actor = self.services, self.actor
        klass = self.klass.currentData()
        model = self.model_filter.text().strip() or None
        low = self.min_age.value() if self.min_age.value() >= 0 else None
        high = self.max_age.value() if self.max_age.value() >= 0 else None
        today = self.today()

        def load() -> tuple[list[ClassRow], list[ClassMoveRow]]:
            rows = services.care.classes(actor, klass=klass, model=model, min_age_years=low, max_age_years=high)
            return rows, services.care.class_movements(actor, today.year, today.month)

        run_op(load, if_alive(self, self._show), if_alive(self, self.failed))

    def _show(self, result: tuple[list[ClassRow], list[ClassMoveRow]]) -> None:
        self.rows, self.move_rows = result
        self.model.set_rows(self.rows)
        self.moves.set_rows(self.move_rows)
        self.say(self.tr("共 %1 位客户").replace("%1", str(len(self.rows))))
        self.loaded.emit(self.rows)

    def export_excel(self) -> None:
        rows, moves, branch = list(self.rows), list(self.move_rows), self.branch

        def build() -> bytes:
            from reports.xlsx_care import customer_classes_xlsx

            return customer_classes_xlsx(branch, rows, moves)

        def done(path: str) -> None:
            self.say(self.tr("已导出：%1").replace("%1", path))
            self.exported.emit(path)

        self.export(f"客户分级_{self.today().isoformat()}.xlsx", build, done)


# --- 月度汇总 -------------------------------------------------------------------------------
class SummaryTab(CareTab):
    """回访分析: the month's figures, printable and exportable."""

    loaded = Signal(object)  # CareSummary
    exported = Signal(str)

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        self.summary: CareSummary | None = None
        self.month = date_edit("summaryMonth", self.today().replace(day=1), "yyyy-MM")
        self.print_button = QPushButton(self.tr("打印月报"))
        self.print_button.setObjectName("summaryPrint")
        self.export_button = QPushButton(self.tr("导出 Excel"))
        self.export_button.setObjectName("summaryExport")
        self.model = FiguresModel(self)
        self.table = make_table("summaryTable", self.model)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.month.dateChanged.connect(lambda _d: self.refresh())
        self.print_button.clicked.connect(self.print_report)
        self.export_button.clicked.connect(self.export_excel)
        self._enable()

    def _enable(self) -> None:
        self.print_button.setEnabled(self.summary is not None)
        self.export_button.setEnabled(self.summary is not None)

    def refresh(self) -> None:
        d = self.month.date()
        year, month, services, actor = d.year(), d.month(), self.services, self.actor
        run_op(lambda: services.care.monthly_summary(actor, year, month), if_alive(self, self._show),
               if_alive(self, self.failed))

    def _show(self, summary: CareSummary) -> None:
        self.summary = summary
        self.model.set_rows(summary_figures(summary))
        self.say(self.tr("%1 年 %2 月").replace("%1", str(summary.year)).replace("%2", str(summary.month)))
        self._enable()
        self.loaded.emit(summary)

    def _name(self, suffix: str) -> str:
        assert self.summary is not None
        return f"客户回访分析月报_{self.summary.year:04d}-{self.summary.month:02d}.{suffix}"

    def print_report(self) -> None:
        summary, branch = self.summary, self.branch
        if summary is None:
            return

        def render() -> bytes:
            from reports.care_summary import CareSummaryReport

            return CareSummaryReport(branch, summary).render()

        run_op(render, if_alive(self, lambda pdf: self.preview(pdf, self.tr("客户回访分析月报"), self._name("pdf"))),
               if_alive(self, self.failed))

    def export_excel(self) -> None:
        summary, branch = self.summary, self.branch
        if summary is None:
            return

        def build() -> bytes:
            from reports.xlsx_care import care_summary_xlsx

            return care_summary_xlsx(branch, summary)

        def done(path: str) -> None:
            self.say(self.tr("已导出：%1").replace("%1", path))
            self.exported.emit(path)

        self.export(self._name("xlsx"), build, done)


__all__ = ["ClassesTab", "LettersTab", "RemindersTab", "SummaryTab"]
