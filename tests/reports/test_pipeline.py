"""The shared printing pipeline: page numbering, repeated headers, copies (联), paper."""

from __future__ import annotations

from typing import ClassVar

import pytest
from reportlab.lib.colors import HexColor

from domain.errors import ValidationError
from reports.base import BaseForm
from reports.paper import CONTINUOUS_HALF, paper_for
from reports.primitives import CopySpec, Field, chinese_ordinal, field_grid, line_item_table
from tests.reports.conftest import body_text, embedded_fonts, page_texts, read_pdf, squeeze

MM = 72 / 25.4
HEADERS = ("序号", "零件编号", "零件名称", "数量", "金额(元)")


class _PartsList(BaseForm):
    """Throwaway form: a title block and an 80-row line-item table."""

    title: ClassVar[str] = "测试领料单"
    form_no: ClassVar[str] = "TEST-01"

    def __init__(self, *args: object, rows: int = 80, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.rows = rows

    def record_number(self) -> str:
        return "LL-20261125-0001"

    def story(self, copy: CopySpec | None):  # type: ignore[no-untyped-def]
        width = self.content_width
        rows = [[str(i), f"PN-{i:05d}", f"第{i}行机油滤清器", "1", f"{i * 10:,}.00"]
                for i in range(1, self.rows + 1)]
        return [line_item_table(HEADERS, rows, col_widths=[w * width for w in (.1, .2, .4, .1, .2)],
                                styles=self.styles, align=("center", "left", "left", "right", "right"),
                                keep_whole=(1,), row_height=self.styles.base * 1.7)]


class _Receipt(_PartsList):
    """Throwaway three-copy form (三联单)."""

    copies: ClassVar[tuple[CopySpec, ...]] = (
        CopySpec(1, "存根联", "门店存档", HexColor("#ffffff"), "白"),
        CopySpec(2, "客户联", "交客户", HexColor("#f4b6b6"), "红"),
        CopySpec(3, "财务联", "交财务", HexColor("#f7e08a"), "黄"),
    )


def test_line_items_continue_on_a_second_page_with_the_header_repeated(branch):
    pdf = _PartsList(branch).render()
    pages = page_texts(pdf)
    assert len(pages) == 2
    for number, text in enumerate(pages, start=1):
        flat = squeeze(text)
        assert "".join(HEADERS) in flat, f"header missing on page {number}"
        assert f"第{number}页共2页" in flat
    assert "第1行机油滤清器" in pages[0] and "第80行机油滤清器" in pages[1]
    # every row printed exactly once, in order
    body = squeeze(body_text(pdf))
    positions = [body.index(f"PN-{i:05d}") for i in range(1, 81)]
    assert positions == sorted(positions)
    assert "测试领料单（续）" in pages[1]


def test_each_copy_gets_its_own_page_and_label_on_plain_paper(branch):
    pdf = _Receipt(branch, rows=5).render()
    pages = page_texts(pdf)
    assert len(pages) == 3
    for text, label in zip(pages, ("第一联 存根联", "第二联 客户联", "第三联 财务联"), strict=True):
        assert label in text
        assert "第 1 页 共 1 页" in text  # each copy is numbered on its own
        assert "第5行机油滤清器" in text
    assert "交客户" in pages[1] and "交客户" not in pages[0]


def test_copies_number_their_own_pages_when_they_run_long(branch):
    pages = page_texts(_Receipt(branch, rows=80).render())
    assert len(pages) == 6
    assert ["第 1 页 共 2 页" in t for t in pages] == [True, False] * 3
    assert ["第 2 页 共 2 页" in t for t in pages] == [False, True] * 3
    assert "第三联 财务联" in pages[5]


def test_multipart_paper_prints_the_copies_once(branch):
    pdf = _Receipt(branch, paper="241-2", rows=5).render()
    reader = read_pdf(pdf)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert abs(float(page.mediabox.width) - 241 * MM) < 1
    assert abs(float(page.mediabox.height) - 140 * MM) < 1
    text = page_texts(pdf)[0]
    for label in ("第一联 存根联", "第二联 客户联", "第三联 财务联"):
        assert label in text  # the strip names every part of the multi-part paper


def _position_of(pdf: bytes, needle: str) -> tuple[float, float]:
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):  # type: ignore[no-untyped-def]
        if needle in text:
            found.append((cm[4] + tm[4], cm[5] + tm[5]))

    read_pdf(pdf).pages[0].extract_text(visitor_text=visit)
    assert found, needle
    return found[0]


def test_offsets_shift_the_whole_form(branch):
    plain = _PartsList(branch, rows=3, paper=CONTINUOUS_HALF).render()
    shifted = _PartsList(branch, rows=3, paper=CONTINUOUS_HALF.with_offset(5, -3)).render()
    for needle in ("PN-00003", "第 1 页 共 1 页"):  # story and page furniture alike
        x0, y0 = _position_of(plain, needle)
        x1, y1 = _position_of(shifted, needle)
        assert x1 - x0 == pytest.approx(5 * MM, abs=0.5)
        assert y1 - y0 == pytest.approx(-3 * MM, abs=0.5)


def test_the_font_is_embedded_in_every_form(branch):
    fonts = embedded_fonts(_Receipt(branch, rows=3).render())
    assert fonts and all("WenQuanYi" in name and has_file for name, has_file in fonts)


def test_unknown_paper_is_a_domain_error(branch):
    with pytest.raises(ValidationError) as caught:
        paper_for("b5")
    assert "b5" in caught.value.message("zh")


@pytest.mark.parametrize(("number", "text"), [(1, "一"), (3, "三"), (10, "十"), (12, "十二"),
                                             (20, "二十"), (25, "二十五")])
def test_chinese_ordinal(number, text):
    assert chinese_ordinal(number) == text


def test_field_grid_keeps_codes_whole_and_wraps_text(branch):
    class _Grid(_PartsList):
        def story(self, copy):  # type: ignore[no-untyped-def]
            return field_grid([
                Field("车架号", "LFV3A23C0K3012345" * 2, keep_whole=True),
                Field("地址", "很长的地址" * 40, span=2),
                Field("备注", "𠮷😀"),
            ], width=self.content_width / 2, styles=self.styles)

    pdf = _Grid(branch, paper="a5").render()
    lines = page_texts(pdf)[0].splitlines()
    assert "LFV3A23C0K3012345" * 2 in lines  # shrunk onto one line, not broken
    assert ("很长的地址" * 40) in squeeze(body_text(pdf))
