"""HQ's consolidated lists (各分店工单 / 投诉 / 回访): one read-only scaffold for all three.

Why shared: at HQ every list watches many branches the same way — a branch combo
(全部分店 / each branch) in front of the list's own filters, "已显示 N 条，共 M 条", rows
read a page at a time (``ui.models.paged_rows``, keyset) because HQ holds years of many
branches, and a late count of an old filter dropped. Each list brings its columns, its filters and
how to read a page and a count; opening a row (double-click, Enter) is the list's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.care_hq import BranchChoice
from domain.services.registry import Services
from ui.alive import if_alive
from ui.models.paged_rows import PAGE_SIZE, PagedRowsModel
from ui.operations import error_text, run_op
from ui.widgets.record_list import read_only_table


class DateBound(QWidget):
    """One end of a date range: a 从/到 check box in front of a date edit; unchecked is 不限.

    Why a check box and not the edit's lowest date shown as 不限: that state could not be
    typed into (the text 不限 is no date) and its calendar opened at the lowest date. Here
    the edit always holds a real date — today until one is chosen — so the calendar opens
    there; checking the box (Space) moves the focus into the edit with the year selected,
    and the date is typed straight away (20261112). Unchecking keeps the date for next time.
    """

    changed = Signal()

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Bound")
        self.check = QCheckBox(caption)
        self.check.setObjectName(f"{name}On")
        self.check.setToolTip(self.tr("不勾选即不限"))
        today = clock.today()
        self.edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.edit.setObjectName(name)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setMaximumDate(QDate(9999, 12, 31))
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(self._date_changed)

    def value(self) -> dt.date | None:
        """The bound, or None for 不限."""
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def _date_changed(self, _date: QDate) -> None:
        if self.check.isChecked():  # a date kept while 不限 filters nothing
            self.changed.emit()

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on and self.check.hasFocus():
            self.edit.setFocus(Qt.FocusReason.TabFocusReason)
            self.edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
        self.changed.emit()


class HQListPanel(QWidget):
    """Branch combo and the list's filters over a read-only table, with counts and a note.

    The list adds its filters with :meth:`add_filter`, then calls :meth:`finish`.
    """

    counted = Signal(int)  # how many rows the filter matches
    branches_loaded = Signal(object)  # list[BranchChoice]
    row_opened = Signal(int)  # double-click or Enter on a row

    def __init__(self, model: PagedRowsModel[Any], *, table_name: str, refresh_name: str,
                 note: str, branches: Callable[[], list[BranchChoice]], count: Callable[[Any], int],
                 current_filter: Callable[[], Any], status: QLabel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.total: int | None = None
        self._branches, self._count, self._current = branches, count, current_filter
        self.status = status if status is not None else QLabel()
        self.status.setWordWrap(True)
        self.branch_filter = QComboBox()
        self.branch_filter.setObjectName("branchFilter")
        self.branch_filter.addItem(self.tr("全部分店"), None)
        self.branch_filter.setMinimumContentsLength(12)
        self.branch_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName(refresh_name)
        self.counts = QLabel()
        self.counts.setObjectName("hqCounts")
        self.note = QLabel(note)
        self.note.setObjectName("hqReadOnlyNote")
        self.note.setWordWrap(True)
        self.table = read_only_table(table_name, model)
        self.bar = QHBoxLayout()
        self.add_filter(self.tr("门店"), self.branch_filter)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        model.page_loaded.connect(self._page_loaded)
        model.load_failed.connect(self._load_failed)

    def add_filter(self, caption: str, widget: QWidget) -> None:
        """A filter in the bar; changing it reloads the list."""
        if caption:
            self.bar.addWidget(QLabel(caption))
        self.bar.addWidget(widget)
        if isinstance(widget, DateBound):
            widget.changed.connect(self.reload)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self.reload())
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _on: self.reload())

    def finish(self) -> QVBoxLayout:
        """After the filters: 刷新 and the counts, the note, the table, the status line."""
        self.bar.addWidget(self.refresh_button)
        self.bar.addWidget(self.counts, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        return layout

    # --- loading -----------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c62828;" if error else "")
        self.status.setText(text)

    def failed(self, exc: DomainError) -> None:
        self.say(error_text(exc), error=True)

    def refresh(self) -> None:
        """The branches (a new one may have been imported), then the rows."""
        run_op(self._branches, if_alive(self, self._set_branches), if_alive(self, self.failed))

    def _set_branches(self, branches: list[BranchChoice]) -> None:
        chosen = self.branch_filter.currentData()
        self.branch_filter.blockSignals(True)
        while self.branch_filter.count() > 1:
            self.branch_filter.removeItem(1)
        for b in branches:
            self.branch_filter.addItem(f"{b.code} {b.name}", b.code)
        index = self.branch_filter.findData(chosen) if chosen else 0
        self.branch_filter.setCurrentIndex(max(0, index))
        self.branch_filter.blockSignals(False)
        self.branches_loaded.emit(branches)
        self.reload()

    def reload(self) -> None:
        """The first page and the count of the current filter."""
        wanted, count = self._current(), self._count
        since, until = getattr(wanted, "since", None), getattr(wanted, "until", None)
        if since and until and since > until:
            self.say(self.tr("起始日期晚于截止日期"), error=True)
            return
        self.say("")
        self.total = None
        self.model.set_filter(wanted)
        run_op(lambda: count(wanted), if_alive(self, lambda n: self._counted(wanted, n)),
               if_alive(self, self.failed))

    def _counted(self, wanted: Any, total: int) -> None:
        if wanted != self._current():
            return  # a count of a filter no longer shown
        self.total = total
        self._show_counts()
        self.counted.emit(total)

    def _page_loaded(self, rows: int) -> None:
        if rows <= PAGE_SIZE:
            # sized once per first page: measuring every row of a long list on each page is slow
            header = self.table.horizontalHeader()
            self.table.resizeColumnsToContents()
            header.setStretchLastSection(False)  # stretch again over the measured widths
            header.setStretchLastSection(True)
        self._show_counts()

    def _show_counts(self) -> None:
        shown = self.model.rowCount()
        if self.total is None:
            self.counts.setText(self.tr("已显示 %1 条").replace("%1", str(shown)))
        else:
            self.counts.setText(self.tr("已显示 %1 条，共 %2 条").replace("%1", str(shown))
                                .replace("%2", str(self.total)))

    def _load_failed(self, text: str) -> None:
        self.say(text, error=True)

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.row_opened.emit(row)


class HQListTab(QWidget):
    """An HQ list page: an :class:`HQListPanel` over a paged model; a row opens a PDF preview.

    Why a base: the consolidated work-order and complaint lists differ only in their model,
    filters and the form a row prints; being read lazily on first show, refreshing, counting
    and showing the preview are the same. The list builds ``self.model`` and its panel with
    :meth:`_attach`, adds its filters, then calls :meth:`_finish`.
    """

    counted = Signal(int)
    previewed = Signal(object)  # the preview dialog (tests look at it)
    model: PagedRowsModel[Any]
    panel: HQListPanel

    def __init__(self, services: Services, actor: Actor, branch: BranchView, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QDialog | None = None

    def _attach(self, panel: HQListPanel) -> None:
        self.panel = panel
        self.branch_filter, self.table = panel.branch_filter, panel.table
        self.refresh_button, self.counts = panel.refresh_button, panel.counts

    def _finish(self) -> None:
        """After the filters: the panel laid out, its signals passed on."""
        self.panel.finish()
        self.panel.counted.connect(self.counted)
        self.panel.row_opened.connect(self.open_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.panel)

    @property
    def total(self) -> int | None:
        return self.panel.total

    def refresh(self) -> None:
        """The branches (a new one may have been imported), then the rows."""
        self.panel.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802  (Qt override)
        super().showEvent(event)
        if self.total is None and not self.model.loading and self.model.rowCount() == 0:
            self.refresh()  # first look at the page: read the branches and the first page

    def open_row(self, row: int) -> None:
        raise NotImplementedError

    def _show_pdf(self, pdf: bytes, title: str, file_name: str) -> None:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        self.panel.say("")
        dialog = PdfPreviewDialog(pdf, title, file_name, self)
        self.active_dialog = dialog
        self.previewed.emit(dialog)
        dialog.open()

    def _failed(self, exc: DomainError) -> None:
        self.panel.failed(exc)


__all__ = ["DateBound", "HQListPanel", "HQListTab"]
