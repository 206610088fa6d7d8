"""A list that another desk's save makes out of date (其他电脑修改后自动刷新).

Why shared: the work-order board, the complaint list and the follow-up list behave alike
when another PC saves rows they show (the main window hands each page the changed tables,
``MainWindow.changed_elsewhere``): a list on screen reads itself again at once, keeping the
selected record and the scroll position; a list nobody looks at only notes it, and reads
itself when it is next shown — fifteen desks' saves must not keep every hidden page busy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, SignalInstance
from PySide6.QtWidgets import QTableView, QWidget


class LiveList(QObject):
    """Calls ``reload`` when tables starting with one of ``watched`` changed: now if ``view``
    is visible, else the next time it is shown."""

    def __init__(self, view: QWidget, watched: Iterable[str], reload: Callable[[], None]) -> None:
        super().__init__(view)
        self._view = view
        self._watched = tuple(watched)
        self._reload = reload
        self.pending = False
        view.installEventFilter(self)

    def shows(self, tables: Iterable[str]) -> bool:
        return any(name.startswith(self._watched) for name in tables)

    def changed(self, tables: Iterable[str]) -> bool:
        """Another desk changed ``tables``; returns whether this list shows any of them."""
        if not self.shows(tables):
            return False
        if self._view.isVisible():
            self.pending = False
            self._reload()
        else:
            self.pending = True
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.pending and watched is self._view and event.type() == QEvent.Type.Show:
            self.pending = False
            self._reload()
        return False


@dataclass(frozen=True)
class TablePlace:
    """Where the user is in a table: the selected record's key and the scroll position."""

    key: object
    scroll: int

    @classmethod
    def of(cls, table: QTableView, key_at: Callable[[int], object]) -> TablePlace:
        row = table.currentIndex().row()
        model = table.model()
        key = key_at(row) if model is not None and 0 <= row < model.rowCount() else None
        return cls(key, table.verticalScrollBar().value())

    def restore(self, table: QTableView, key_at: Callable[[int], object]) -> None:
        """After the rows were read again: the same record selected (if it is still listed
        among the rows read) and the list scrolled where it was (as far as it now reaches)."""
        model = table.model()
        if model is None:
            return
        table.doItemsLayout()  # the scroll range of the new rows, now rather than later
        bar = table.verticalScrollBar()
        bar.setValue(min(self.scroll, bar.maximum()))
        if self.key is None:
            return
        row = next((r for r in range(model.rowCount()) if key_at(r) == self.key), -1)
        if row >= 0:
            table.selectionModel().setCurrentIndex(
                model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)


def reload_in_place(table: QTableView, key_at: Callable[[int], object], loaded: SignalInstance,
                    reload: Callable[[], None]) -> None:
    """``reload`` the table's rows (read on the database thread); when ``loaded`` says they
    are there, the user's place is restored (:class:`TablePlace`)."""
    place = TablePlace.of(table, key_at)
    loaded.connect(lambda *_a: place.restore(table, key_at), Qt.ConnectionType.SingleShotConnection)
    reload()


__all__ = ["LiveList", "TablePlace", "reload_in_place"]
