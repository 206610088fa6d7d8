"""The font chain on its own: runs of the face that draws each character, widths, markup,
the ToUnicode map beyond U+FFFF, and glyphs that really show on the rendered page."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from common.resources import CJK_FONT_CHAIN
from reports.fonts import (
    FONT,
    Run,
    draw_heavy_string,
    draw_string,
    face_for,
    markup,
    printed,
    register_fonts,
    runs,
    string_width,
    visible,
)
from reports.long_text import wrapped_lines
from reports.primitives import FitText
from reports.styles import make_styles
from reports.truetype import to_unicode_cmap, utf16_hex
from tests.reports.rare_names import (
    COMPAT,
    EVERY_BLOCK,
    EXT_A,
    EXT_B,
    EXT_B2,
    EXT_C,
    EXT_D,
    EXT_E,
    EXT_F,
    EXT_G,
    NO_FACE,
    PRIVATE,
)

ALL_RARE = "".join(EVERY_BLOCK)


def _extract(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    """The page text by pypdf and by pdftotext (poppler), whitespace removed."""
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
    pypdf = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(pypdf.split()), "".join(poppler.split())


def _to_unicode_maps(pdf: bytes) -> list[str]:
    maps = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/ToUnicode" in font:
                maps.append(font["/ToUnicode"].get_object().get_data().decode("ascii"))
    return maps


def _canvas_pdf(lines: list[str], size: float = 14) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=register_fonts())
    for index, line in enumerate(lines):
        draw_string(canvas, 40, 780 - index * size * 2, line, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- runs ---------------------------------------------------------------------------------
def test_text_the_main_face_draws_is_one_run() -> None:
    assert runs("王小明 京A12345\n（备注）") == (Run("王小明 京A12345\n（备注）", FONT),)
    assert runs("") == ()


def test_each_character_goes_to_the_first_face_that_has_it() -> None:
    assert runs(f"{EXT_B}野家{EXT_A}") == (Run(EXT_B, "HanaMinA"), Run("野家", FONT),
                                          Run(EXT_A, "HanaMinA"))
    assert [run.font for run in runs(f"{EXT_F}{EXT_G}")] == ["HanaMinB", "BabelStoneHan"]
    # neighbours in the same face share a run
    assert runs(f"{EXT_C}{EXT_D}{EXT_E}") == (Run(f"{EXT_C}{EXT_D}{EXT_E}", "HanaMinA"),)


def test_a_character_no_face_draws_becomes_its_code_never_a_silent_blank() -> None:
    assert runs(f"张{NO_FACE}明") == (Run("张", FONT), Run("[U+30041]", FONT, code=True),
                                     Run("明", FONT))
    assert printed(f"{PRIVATE}{NO_FACE}") == "[U+F0000][U+30041]"
    assert "〓" not in printed(ALL_RARE + NO_FACE)


def test_invisible_characters_print_no_code() -> None:
    # variation selectors (emoji, ideographic variation sequence) no face maps: left out;
    # zero-width space, joiner and BOM the main face maps to empty glyphs: kept, unseen
    text = f"王\u200b小\ufe0f明{EXT_B}\U000e0100\u200d\ufeff"
    assert printed(text) == f"王\u200b小明{EXT_B}\u200d\ufeff"
    assert visible(text) == f"王\u200b小明{EXT_B}\u200d\ufeff"
    assert visible("第一行\n第二行\t！") == "第一行\n第二行\t！"


def test_every_block_is_drawn_by_some_shipped_face() -> None:
    assert len(CJK_FONT_CHAIN) == 4 and all(font.path().is_file() for font in CJK_FONT_CHAIN)
    for ch in EVERY_BLOCK:
        assert not any(run.code for run in runs(ch)), f"U+{ord(ch[0]):X}"


# Issue 16: "Every form prints every character of a name, address or note that Unicode's CJK
# blocks hold (URO, Extension A to G, compatibility ideographs)". Counted over each block's
# whole range (Unicode 15.0 block sizes), so a font swapped for an older one fails here.
BLOCKS = {  # name: (first, last, characters the shipped chain must draw at least)
    "URO": (0x4E00, 0x9FFF, 20_992),
    "Extension A": (0x3400, 0x4DBF, 6_592),
    "Extension B": (0x20000, 0x2A6DF, 42_720),
    "Extension C": (0x2A700, 0x2B739, 4_154),
    "Extension D": (0x2B740, 0x2B81D, 222),
    "Extension E": (0x2B820, 0x2CEA1, 5_762),
    "Extension F": (0x2CEB0, 0x2EBE0, 7_473),
    "compatibility": (0xF900, 0xFAD9, 472),
    "compatibility supplement": (0x2F800, 0x2FA1D, 542),
    # not whole yet: BabelStone Han 16.0.3 draws 3,469 of Extension G's 4,939 and no other
    # free TrueType face reachable from here adds more; the rest print as [U+XXXXX]
    "Extension G": (0x30000, 0x3134A, 3_469),
}


@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_each_cjk_block_is_drawn_as_far_as_the_shipped_faces_go(block: str) -> None:
    first, last, at_least = BLOCKS[block]
    drawn = sum(1 for code in range(first, last + 1) if face_for(chr(code)) is not None)
    assert drawn >= at_least, f"{block}: {drawn} of {last - first + 1} drawn, {at_least} expected"


# --- widths and markup --------------------------------------------------------------------
def test_width_adds_up_the_runs_each_in_its_face() -> None:
    text = f"王{EXT_B}{NO_FACE}"
    expected = (pdfmetrics.stringWidth("王", FONT, 10) + pdfmetrics.stringWidth(EXT_B, "HanaMinA", 10)
                + pdfmetrics.stringWidth("[U+30041]", FONT, 7.5))
    assert string_width(text, 10) == pytest.approx(expected)
    assert string_width(EXT_B, 10) == pytest.approx(10)  # a full-width ideograph, not zero


def test_markup_names_the_face_of_each_run_and_shrinks_codes() -> None:
    assert markup(f"<{EXT_B}&野家>") == f'&lt;<font name="HanaMinA">{EXT_B}</font>&amp;野家&gt;'
    assert markup(f"甲{NO_FACE}") == '甲<font size="-2.5">[U+30041]</font>'
    assert markup("一\n二　三") == "一<br/>二\u00a0\u00a0\u00a0三"


def test_fit_text_shrinks_a_rare_name_to_its_cell() -> None:
    text = EXT_B * 12
    fit = FitText(text, 10)
    fit.wrap(string_width(text, 10) / 2, 100)
    assert fit._fit == pytest.approx(10 / 2 * 0.995, rel=0.01)


def test_long_text_with_rare_characters_is_cut_into_lines_of_the_source() -> None:
    text = (f"{EXT_B}野家客户反映刹车异响，{EXT_G}{NO_FACE}需复查。" * 40)[:600]
    lines = wrapped_lines(text, make_styles().value, 200)
    assert len(lines) > 10
    assert "".join(lines) == text  # every line a slice of the source: nothing lost or changed


# --- ToUnicode ----------------------------------------------------------------------------
def test_utf16_of_a_character_beyond_the_bmp_is_its_surrogate_pair() -> None:
    assert utf16_hex(0x20BB7) == "D842DFB7"
    assert utf16_hex(0x4E00) == "4E00"
    cmap = to_unicode_cmap("AAAAAA+HanaMinA", [0, 0x20BB7, 0x4DAE])
    assert "<01> <D842DFB7>" in cmap and "<02> <4DAE>" in cmap and "<00> <02>" in cmap


def test_text_beyond_the_bmp_comes_back_out_of_the_pdf(tmp_path: Path) -> None:
    lines = [f"{EXT_B}野家", EXT_A, EXT_B2, EXT_C, EXT_D, EXT_E, EXT_F, EXT_G, COMPAT]
    pdf = _canvas_pdf(lines)
    by_pypdf, by_poppler = _extract(pdf, tmp_path)
    assert by_pypdf == by_poppler == "".join(lines)
    maps = "".join(_to_unicode_maps(pdf))
    assert "<D842DFB7>" in maps and "20BB7>" not in maps  # not ReportLab's five digits


def test_reportlab_alone_still_writes_four_digit_maps() -> None:
    """Why :mod:`reports.truetype` exists; when this fails, ReportLab has fixed it upstream
    and UnicodeTTFont can go."""
    assert "<01> <20BB7>" in ttfonts.makeToUnicodeCMap("AAAAAA+HanaMinA", [0, 0x20BB7])


def test_paragraphs_and_headings_come_back_too(tmp_path: Path) -> None:
    styles = make_styles()
    name = f"{EXT_B}野家{EXT_A}{EXT_F}{EXT_G}{COMPAT}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, initialFontName=register_fonts())

    def heading(canvas: Canvas, _doc: object) -> None:
        draw_heavy_string(canvas, 300, 800, f"标题{name}", 16, align="center")

    doc.build([Paragraph(markup(f"客户：{name}{NO_FACE}" * 8), styles.body)], onFirstPage=heading)
    by_pypdf, by_poppler = _extract(buffer.getvalue(), tmp_path)
    expected = f"客户：{name}[U+30041]" * 8
    for text in (by_pypdf, by_poppler):
        assert f"标题{name}" in text and expected in text


# --- on the rendered page -----------------------------------------------------------------
def test_every_glyph_shows_ink_and_differs_from_the_others(tmp_path: Path) -> None:
    """Rasterised with poppler, as a printer driver would: each character leaves ink in its
    own box, and no two look the same (a missing glyph would draw the same empty box)."""
    characters = [ch for ch in EVERY_BLOCK if len(ch) == 1] + ["野", "家"]
    size, pitch = 24, 40
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(pitch * len(characters) + 20, 60),
                    initialFontName=register_fonts())
    for index, ch in enumerate(characters):
        draw_string(canvas, 10 + index * pitch, 20, ch, size)
    canvas.showPage()
    canvas.save()
    (tmp_path / "glyphs.pdf").write_bytes(buffer.getvalue())
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-singlefile",
                    str(tmp_path / "glyphs.pdf"), str(tmp_path / "glyphs")], check=True)
    page = Image.open(tmp_path / "glyphs.png").convert("L")
    boxes = []
    for index in range(len(characters)):
        left = 10 + index * pitch
        box = page.crop((left - 2, 60 - 20 - size, left + size + 2, 60 - 20 + 8))
        dark = sum(1 for value in box.get_flattened_data() if value < 128)
        assert dark > 20, f"U+{ord(characters[index]):X} left no ink"
        boxes.append(box.tobytes())
    assert len(set(boxes)) == len(boxes)
