"""A table read lazily, a page at a time: the work-order board and HQ's consolidated lists.

Why lazy: a branch keeps every order for years (500,000 rows) and HQ holds many branches';
a list must show its first rows at once and read more only while the user scrolls
(canFetchMore/fetchMore). Each page is read on the database thread through ``run_op``; a
filter change bumps a generation number so a page of an old filter arriving late is dropped.
By default the next page starts after the last row held (keyset paging: deep pages cost
what the first one costs); a model may read its pages another way (:meth:`_reader`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal

from domain.errors import DomainError
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import error_text, run_op

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
#: reads one page: (filter, last row held or None, page size) -> rows; runs on the database thread
Fetch = Callable[[Any, Any, int], Sequence[Any]]


class PagedRowsModel(RowsModel[T], Generic[T]):
    """A list read lazily, a page at a time; ``page_loaded`` tells how many rows are held."""

    page_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(self, columns: Sequence[Column[T]], fetch: Fetch | None, parent: Any = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(columns, parent)
        self._fetch, self._page_size = fetch, page_size
        self._filter: Any = None
        self._exhausted = True
        self._loading = False
        self._generation = 0

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def set_filter(self, wanted: Any) -> None:
        """Start again from the first page."""
        self._filter = wanted
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._loading = False
        self._generation += 1
        self.endResetModel()
        self._fetch_page()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch_page()

    def _reader(self, wanted: Any, size: int) -> Callable[[], list[T]]:
        """What reads the next page on the database thread (captures, never reads ``self``)."""
        fetch, last = self._fetch, self._rows[-1] if self._rows else None
        assert fetch is not None, "a model without a fetch function reads its pages itself"
        return lambda: list(fetch(wanted, last, size))

    def _fetch_page(self) -> None:
        self._loading = True
        generation = self._generation
        run_op(self._reader(self._filter, self._page_size), self._arrived(generation), self._failed(generation))

    def _arrived(self, generation: int) -> Callable[[list[T]], None]:
        def arrived(rows: list[T]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._exhausted = len(rows) < self._page_size
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            self.page_loaded.emit(len(self._rows))
        return arrived

    def _failed(self, generation: int) -> Callable[[DomainError], None]:
        def failed(exc: DomainError) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._exhausted = True
            self.load_failed.emit(error_text(exc))
        return failed


__all__ = ["PAGE_SIZE", "Fetch", "PagedRowsModel"]
