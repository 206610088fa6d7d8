"""The base of every printed form (the shape of pretix's invoice renderers).

A form takes read models (never a Session), builds a story from the shared primitives and
returns PDF bytes. Subclasses override template methods: :meth:`BaseForm.story` (the
body), and where needed :meth:`header`, :meth:`first_page_frame`, :meth:`later_page_frame`,
:meth:`on_first_page`, :meth:`on_later_pages` and :meth:`decorate`.

Multi-copy (多联) forms list their copies in ``copies``: on plain paper every copy is laid
out on its own pages with its own label; on multi-part paper (241 mm continuous) the body
is laid out once, since one impact prints every copy.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from common.product import PRODUCT_NAME_ZH
from domain import clock
from domain.services.branch import BranchView
from reports.canvas import CopyStart, PageInfo, canvas_class
from reports.fonts import draw_heavy_string, draw_string, register_fonts, string_width, visible
from reports.paper import Paper, paper_for
from reports.primitives import CopySpec, title_block
from reports.styles import HAIRLINE, INK, MUTED, REPRINT_RED, Styles, make_styles


class BaseForm(ABC):
    title: ClassVar[str]
    """Printed form title, e.g. 客户档案基本资料表."""
    form_no: ClassVar[str]
    """Form number (表单编号) printed in the title block, e.g. DD-KH-01."""
    copies: tuple[CopySpec, ...] = ()
    """The copies (联) of a multi-copy form; empty for a single sheet. A form whose copies
    are a setting (the work order's) assigns its own tuple per instance."""

    def __init__(self, branch: BranchView, *, paper: str | Paper = "a4",
                 reprint_count: int = 0, printed_at: datetime | None = None) -> None:
        self.branch = branch
        self.paper = paper_for(paper)
        self.reprint_count = max(0, reprint_count)
        """0 for the first print; n prints a "补打 第 n 次" mark on every page."""
        self.printed_at = printed_at or clock.now()
        register_fonts()
        self.styles: Styles = make_styles(7.8 if self.paper.compact else 9.5)

    # --- what a subclass provides --------------------------------------------------------
    @abstractmethod
    def record_number(self) -> str:
        """The number of the printed record (shown in the header and carried by the QR)."""

    @abstractmethod
    def story(self, copy: CopySpec | None) -> list[Flowable]:
        """The body below the title block, for one copy (``None``: single or multi-part)."""

    def qr_payload(self) -> str:
        return self.record_number()

    def meta(self) -> Sequence[tuple[str, str]]:
        """Label/value pairs printed under the title (after the form number)."""
        return (("编号", self.record_number()),)

    def header(self, copy: CopySpec | None) -> list[Flowable]:
        return [title_block(self.branch, self.title, form_no=self.form_no,
                            record_no=self.record_number(), qr_payload=self.qr_payload(),
                            width=self.content_width, styles=self.styles, meta=self.meta())]

    # --- geometry ------------------------------------------------------------------------
    @property
    def content_width(self) -> float:
        p = self.paper
        return (p.width_mm - p.margin_left_mm - p.margin_right_mm) * mm

    @property
    def footer_height(self) -> float:
        return self.styles.base * 2.4

    @property
    def running_header_height(self) -> float:
        return self.styles.base * 2.6

    def _frame(self, frame_id: str, top_reserve: float) -> Frame:
        p = self.paper
        x = (p.margin_left_mm + p.x_offset_mm) * mm
        y = (p.margin_bottom_mm + p.y_offset_mm) * mm + self.footer_height
        height = (p.height_mm - p.margin_top_mm - p.margin_bottom_mm) * mm \
            - self.footer_height - top_reserve
        return Frame(x, y, self.content_width, height, id=frame_id, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0)

    def first_page_frame(self) -> Frame:
        return self._frame("first", 0)

    def later_page_frame(self) -> Frame:
        return self._frame("later", self.running_header_height)

    # --- per-page hooks ------------------------------------------------------------------
    def on_first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:  # noqa: B027
        """Drawn under the story of a copy's first page (e.g. a pre-printed frame)."""

    def on_later_pages(self, canvas: Canvas, doc: BaseDocTemplate) -> None:  # noqa: B027
        """Drawn under the story of every following page."""

    def decorate(self, canvas: Canvas, page: PageInfo) -> None:
        """Page furniture, drawn once the page count is known."""
        p = self.paper
        canvas.translate(p.x_offset_mm * mm, p.y_offset_mm * mm)
        left = p.margin_left_mm * mm
        right = left + self.content_width
        top = (p.height_mm - p.margin_top_mm) * mm
        bottom = p.margin_bottom_mm * mm
        base = self.styles.base
        if page.number > 1:
            self._running_header(canvas, left, right, top, page)
        # footer rule, copy strip, print time, page number
        canvas.setStrokeColor(HAIRLINE)
        canvas.setLineWidth(0.5)
        canvas.line(left, bottom + base * 1.5, right, bottom + base * 1.5)
        number_right = right
        if self.reprint_count:
            number_right = self._reprint_mark(canvas, right, bottom) - base
        canvas.setFillColor(INK)
        draw_string(canvas, number_right, bottom + base * 0.3, page.label, base - 1.5,
                    align="right")
        strip_end = self._copy_strip(canvas, left, bottom, page)
        stamp = (f"{PRODUCT_NAME_ZH} 打印于 "
                 f"{clock.format_local(self.printed_at, self.branch.timezone)}")
        canvas.setFillColor(MUTED)
        middle = max(strip_end + string_width(stamp, base - 2) / 2 + 6, (left + right) / 2)
        draw_string(canvas, middle, bottom + base * 0.3, stamp, base - 2, align="center")

    def _running_header(self, canvas: Canvas, left: float, right: float, top: float,
                        page: PageInfo) -> None:
        base = self.styles.base
        baseline = top - base * 1.2
        draw_heavy_string(canvas, left, baseline, f"{self.title}（续）", base + 1)
        canvas.setFillColor(MUTED)
        draw_string(canvas, right, baseline, f"{self.branch.name}　编号：{self.record_number()}",
                    base - 1, align="right")
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.line(left, baseline - base * 0.6, right, baseline - base * 0.6)

    def _copy_strip(self, canvas: Canvas, left: float, bottom: float, page: PageInfo) -> float:
        """The 联 label at the bottom left; returns where it ends (x)."""
        base = self.styles.base
        size = base - 1
        y = bottom + base * 0.3
        x = left
        if page.copy is not None:
            parts = [(page.copy, True)]
        elif self.paper.multipart and self.copies:
            parts = [(c, False) for c in self.copies]
        else:
            return left
        for copy, emphasise in parts:
            text = copy.label
            if copy.destination:
                text += f"（{copy.colour_name}）→ {copy.destination}" if emphasise \
                    else f"（{copy.colour_name}）"
            text_size = size if emphasise else size - 1
            band_w = string_width(text, text_size) + text_size * 1.2
            canvas.setFillColor(copy.colour)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.8 if emphasise else 0.5)
            canvas.rect(x, y - text_size * 0.35, band_w, text_size * 1.45, fill=1, stroke=1)
            if emphasise:
                draw_heavy_string(canvas, x + text_size * 0.6, y, text, text_size)
            else:
                canvas.setFillColor(INK)
                draw_string(canvas, x + text_size * 0.6, y, text, text_size)
            x += band_w + 4
        return x

    def _reprint_mark(self, canvas: Canvas, right: float, bottom: float) -> float:
        """A red "补打" stamp in the footer so a reprint is never taken for the original.

        Returns the x where the stamp starts (the page number sits to its right).
        """
        base = self.styles.base
        text = f"补打 第{self.reprint_count}次"
        size = base
        width = string_width(text, size) + size
        height = size * 1.45
        x = right - width
        canvas.saveState()
        canvas.setStrokeColor(REPRINT_RED)
        canvas.setLineWidth(1)
        canvas.roundRect(x, bottom - size * 0.1, width, height, 2, fill=0, stroke=1)
        draw_heavy_string(canvas, x + width / 2, bottom + size * 0.25, text, size,
                          align="center", color=REPRINT_RED)
        canvas.restoreState()
        return x

    # --- rendering -----------------------------------------------------------------------
    def copies_to_render(self) -> list[CopySpec | None]:
        if not self.copies or self.paper.multipart:
            return [None]
        return list(self.copies)

    def _full_story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for group, copy in enumerate(self.copies_to_render()):
            if group:
                story += [NextPageTemplate("first"), PageBreak()]
            story += [CopyStart(group, copy), NextPageTemplate("later")]
            story += self.header(copy)
            story += self.story(copy)
        return story

    def document_info(self) -> dict[str, Any]:
        return {"title": visible(f"{self.title} {self.record_number()}"),
                "author": visible(self.branch.name), "creator": PRODUCT_NAME_ZH,
                "subject": self.form_no}

    def render(self) -> bytes:
        """The form as PDF bytes (fonts embedded as subsets)."""
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=self.paper.size, leftMargin=0, rightMargin=0,
                              topMargin=0, bottomMargin=0, invariant=1,
                              initialFontName=register_fonts(),
                              **self.document_info())
        doc.addPageTemplates([
            PageTemplate("first", frames=[self.first_page_frame()], onPage=self.on_first_page,
                         pagesize=self.paper.size),
            PageTemplate("later", frames=[self.later_page_frame()],
                         onPage=self.on_later_pages, pagesize=self.paper.size),
        ])
        doc.build(self._full_story(), canvasmaker=canvas_class(self.decorate))
        return buffer.getvalue()
