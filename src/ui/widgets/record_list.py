"""The list half and the list/detail stack of a record page (工单看板, 投诉单列表).

Why shared: the work-order board and the complaint list behave alike on purpose, so the
counter learns one way: a filter bar over a read-only table whose first row is selected,
Enter or double-click opens the row, a failed load says why in the count label, 刷新
reloads, and coming back from an opened record reloads the list only if that record
changed. The page keeps its own filters, texts (translated in its own context) and the
model that reads its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class ListModel(Protocol):
    """What the board needs of a list model beyond ``QAbstractItemModel``."""

    @property
    def load_failed(self) -> SignalInstance: ...  # the reason, for the count label

    def reload(self) -> None: ...


class RecordBoard(QWidget):
    """A filter bar over a read-only table of records.

    The page adds its filters to ``bar`` and then calls :meth:`finish`.
    """

    row_opened = Signal(int)  # Enter or double-click on a row

    def __init__(self, model: ListModel, *, name: str, table_name: str,
                 column_widths: Iterable[tuple[int, int]], count_name: str,
                 refresh_text: str, refresh_name: str, alternating_rows: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not isinstance(model, QAbstractItemModel):
            raise TypeError("a RecordBoard shows a QAbstractItemModel")
        self.model = model
        self.setObjectName(name)
        self.count_label = QLabel()
        self.count_label.setObjectName(count_name)
        self.refresh_button = QPushButton(refresh_text)
        self.refresh_button.setObjectName(refresh_name)
        self.bar = QHBoxLayout()
        self.table = read_only_table(table_name, model, column_widths=column_widths,
                                     alternating_rows=alternating_rows)
        self.refresh_button.clicked.connect(model.reload)
        model.load_failed.connect(self.count_label.setText)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))

    def finish(self, *actions: QWidget) -> None:
        """After the page's filters: the count, 刷新 and the page's own buttons, then the table.

        Laid out only now so Tab goes from the filters through the buttons to the table.
        """
        self.bar.addWidget(self.count_label)
        self.bar.addWidget(self.refresh_button)
        for action in actions:
            self.bar.addWidget(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.bar)
        layout.addWidget(self.table, 1)

    def show_count(self, text: str, rows: int) -> None:
        """A load finished: say how many, and select the first row so Enter opens it."""
        self.count_label.setText(text)
        if rows and not self.table.currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.row_opened.emit(row)


def read_only_table(name: str, model: QAbstractItemModel, *,
                    column_widths: Iterable[tuple[int, int]] = (), alternating_rows: bool = False,
                    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.Interactive) -> QTableView:
    """A table to pick one whole row from, never to edit in: what every record list is."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if alternating_rows:
        table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setStretchLastSection(True)
    for column, width in column_widths:
        table.setColumnWidth(column, width)
    return table


class RecordStack(QStackedWidget):
    """The board (page 0) and one record opened from it (page 1).

    Why the dirty flag: reloading a 500,000-row list after every look at a record would
    lose the user's place; it reloads when the list comes back after a change.
    """

    def __init__(self, board: RecordBoard, detail: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.dirty = False
        self.addWidget(board)
        self.addWidget(detail)

    def show_list(self) -> None:
        self.setCurrentIndex(0)
        if self.dirty:
            self.dirty = False
            self.board.model.reload()
        self.board.table.setFocus()

    def show_detail(self) -> None:
        self.setCurrentIndex(1)

    def mark_dirty(self) -> None:
        self.dirty = True


__all__ = ["ListModel", "RecordBoard", "RecordStack", "read_only_table"]
