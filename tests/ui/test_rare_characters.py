"""Rare characters (生僻字) on screen: the application font is the shipped chain of faces,
every CJK block has a glyph in one of them, and a customer named 𠮷野家䶮 shows whole in
the search popup, the customer page, the customer dialog and the PDF preview."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QWidget
from reportlab.pdfgen.canvas import Canvas

from app.gui import install_cjk_font
from common.resources import CJK_FONT_CHAIN
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from reports.fonts import draw_string, register_fonts
from tests.reports.rare_names import ADDRESS, CUSTOMER, EVERY_BLOCK, NO_FACE
from ui import operations
from ui.dialogs.customer_dialog import CustomerDialog
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.main_window import MainWindow
from ui.models.search_hits_model import SearchHitsModel
from ui.pages.customers_page import CustomersPage
from ui.widgets.search_box import SearchBox

CHAIN = [font.family for font in CJK_FONT_CHAIN]
MOBILE = "13812346789"


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _faces_drawing(text: str, font: QFont) -> list[tuple[str, int]]:
    """(family, glyph index) Qt lays out each character of ``text`` with in ``font``."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    faces = []
    position = 0  # in UTF-16 code units, as Qt counts
    for ch in text:
        length = 2 if ord(ch) > 0xFFFF else 1
        (run,) = layout.glyphRuns(position, length)
        (glyph,) = run.glyphIndexes()
        faces.append((run.rawFont().familyName(), glyph))
        position += length
    return faces


def assert_shows_every_glyph(text: str, font: QFont) -> None:
    """Every character of ``text`` is drawn by a face of the chain, none as a missing glyph."""
    assert font.families()[:len(CHAIN)] == CHAIN, font.families()
    glyphs = _faces_drawing(text, font)
    assert all(family in CHAIN and glyph != 0 for family, glyph in glyphs), glyphs


@pytest.fixture
def chain_font(qapp: QApplication) -> QFont:
    app = _app()
    assert install_cjk_font(app) == CHAIN[0]
    return app.font()


def test_the_application_font_is_the_whole_chain(chain_font: QFont) -> None:
    assert chain_font.families() == CHAIN
    assert install_cjk_font(_app()) == CHAIN[0]  # a second call loads nothing twice
    assert _app().font().families() == CHAIN


def test_every_block_has_a_glyph_in_a_family_in_use(chain_font: QFont) -> None:
    raw = {family: QRawFont.fromFont(QFont(family)) for family in CHAIN}
    metrics = QFontMetrics(chain_font)
    for ch in EVERY_BLOCK:
        code = ord(ch[0])
        assert metrics.inFontUcs4(code), f"U+{code:X}"
        assert [f for f in CHAIN if raw[f].supportsCharacter(code)], f"U+{code:X}"
    # the check can fail: a character no shipped face has is not "in font"
    assert not metrics.inFontUcs4(ord(NO_FACE))
    assert not any(raw[f].supportsCharacter(ord(NO_FACE)) for f in CHAIN)
    # Qt picks the face per character, as the PDF does
    faces = [family for family, _ in _faces_drawing("𠮷野䶮\U0002ceb0\U00030ede", chain_font)]
    assert faces == ["HanaMinA", CHAIN[0], "HanaMinA", "HanaMinB", "BabelStone Han"]


@pytest.fixture
def window(qtbot, services: Services, advisor: Actor, data_dir: Path,
           chain_font: QFont) -> Iterator[MainWindow]:
    services.customers.create(advisor, CustomerInput(name=CUSTOMER, mobile=MOBILE, address=ADDRESS),
                              VehicleInput(plate="京AD12345", brand="大众", model="朗逸"))
    main = MainWindow(services, advisor, services.branches.current(), data_dir)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    qtbot.waitUntil(lambda: operations.worker().pending == 0, timeout=10000)


def test_search_popup_customer_page_and_dialog_show_the_name(qtbot, window: MainWindow,
                                                            services: Services,
                                                            advisor: Actor) -> None:
    box = window.findChild(SearchBox, "searchBox")
    assert box is not None
    box.setFocus()
    with qtbot.waitSignal(box.results_shown, timeout=5000):
        qtbot.keyClicks(box, MOBILE[-4:])
    qtbot.waitUntil(box.results_current, timeout=5000)
    assert box.popup_visible()
    name = box.model.index(0, SearchHitsModel.COL_NAME).data()
    assert name == CUSTOMER
    assert_shows_every_glyph(name, box.popup.view.font())

    page = window.page("customers")
    assert isinstance(page, CustomersPage)
    with qtbot.waitSignal(page.customer_shown, timeout=5000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.name_label.text() == CUSTOMER, timeout=5000)
    assert_shows_every_glyph(page.name_label.text(), page.name_label.font())

    customer = services.customers.find_one(advisor, MOBILE)
    dialog = CustomerDialog(services, advisor, customer, window)
    qtbot.addWidget(dialog)
    texts = {w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text")
             and isinstance(w.text(), str)}
    assert CUSTOMER in texts and ADDRESS in texts
    assert_shows_every_glyph(CUSTOMER + ADDRESS.replace(" ", ""), dialog.font())


def _glyph_sheet(characters: list[str], size: float, pitch: float) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(pitch * len(characters) + 20, 60),
                    initialFontName=register_fonts())
    for index, ch in enumerate(characters):
        draw_string(canvas, 10 + index * pitch, 20, ch, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pdf_preview_draws_the_embedded_faces(qtbot, chain_font: QFont) -> None:
    """QtPdf renders the glyphs the PDF embeds (no font of the PC needed) and reads the
    characters back through the ToUnicode maps."""
    characters = [ch for ch in EVERY_BLOCK if len(ch) == 1]
    size, pitch = 24, 40
    dialog = PdfPreviewDialog(_glyph_sheet(characters, size, pitch), "生僻字", "rare.pdf")
    qtbot.addWidget(dialog)
    document = dialog.document
    assert document.pageCount() == 1
    assert "".join(document.getAllText(0).text().split()) == "".join(characters)
    points = document.pagePointSize(0)
    rendered = document.render(0, QSize(int(points.width()), int(points.height())))
    image = QImage(rendered.size(), QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)  # the page renders on a transparent background
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    boxes = []
    for index, ch in enumerate(characters):
        left = 10 + index * pitch
        box = image.copy(left - 2, 60 - 20 - size, size + 4, size + 8)
        dark = sum(1 for y in range(box.height()) for x in range(box.width())
                   if box.pixelColor(x, y).lightness() < 128)
        assert dark > 20, f"U+{ord(ch):X} left no ink"
        boxes.append(bytes(box.constBits()))
    assert len(set(boxes)) == len(boxes)  # a missing glyph would draw the same box each time
