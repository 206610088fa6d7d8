"""A two-pass canvas: pages are laid out first, furniture drawn once the count is known.

Why: "第 n 页 共 m 页" needs m before page 1 is final. Every page's state is kept until
``save``; then page numbers, copy labels (联) and the reprint mark are drawn on each. A
multi-copy document numbers each copy's pages on their own (a copy is a separate sheet
set for a separate recipient), so the canvas also tracks which copy a page belongs to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from reports.primitives import CopySpec


@dataclass(frozen=True)
class PageInfo:
    """What page furniture needs to know about one page."""

    number: int
    """Page number within its copy (or within the document for a single-copy form)."""
    count: int
    copy: CopySpec | None
    sheet: int
    """Physical page number in the whole PDF."""

    @property
    def label(self) -> str:
        return f"第 {self.number} 页 共 {self.count} 页"


Decorator = Callable[[Canvas, PageInfo], None]


class CopyStart(Flowable):
    """Zero-size marker at the start of a copy's story: tells the canvas which copy follows."""

    def __init__(self, group: int, copy: CopySpec | None) -> None:
        super().__init__()
        self.group = group
        self.copy = copy

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv._dd_group = self.group  # type: ignore[attr-defined]
        self.canv._dd_copy = self.copy  # type: ignore[attr-defined]


class NumberedCanvas(Canvas):
    """Canvas that defers each page until ``save`` and then calls ``decorate`` on it."""

    decorate: Decorator | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dd_pages: list[dict[str, Any]] = []
        self._dd_group = 0
        self._dd_copy: CopySpec | None = None

    def showPage(self) -> None:
        self._dd_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        counts = Counter(state["_dd_group"] for state in self._dd_pages)
        seen: Counter[int] = Counter()
        for sheet, state in enumerate(self._dd_pages, start=1):
            self.__dict__.update(state)
            group = state["_dd_group"]
            seen[group] += 1
            if self.decorate is not None:
                info = PageInfo(seen[group], counts[group], state["_dd_copy"], sheet)
                self.saveState()
                type(self).decorate(self, info)  # type: ignore[misc]
                self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)


def canvas_class(decorate: Decorator) -> type[NumberedCanvas]:
    """A :class:`NumberedCanvas` subclass bound to one rendering's page furniture."""

    def _decorate(canvas: Canvas, info: PageInfo) -> None:
        decorate(canvas, info)

    return type("BoundNumberedCanvas", (NumberedCanvas,), {"decorate": staticmethod(_decorate)})
