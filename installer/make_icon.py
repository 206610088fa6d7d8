"""Draw the application icon: resources/icons/dealerdesk.png and dealerdesk.ico.

Why drawn by code: the icon is a source asset that anyone can regenerate and change without
an image editor; the generated files are committed so a build needs neither this script
nor a display. Qt draws (offscreen, with the shipped CJK font), Pillow writes the
multi-size .ico Windows uses for the .exe, shortcuts and the uninstaller.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py``
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

from common import product, resources  # noqa: E402

SIZE = 256
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE_TOP = QColor("#1f6fd1")
BLUE_BOTTOM = QColor("#0d3f86")
ORANGE = QColor("#f39c12")


def draw(size: int = SIZE) -> QImage:
    """A rounded blue tile with the character 管 and an orange wrench-like accent bar."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    s = size / 256.0

    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, size))
    gradient.setColorAt(0.0, BLUE_TOP)
    gradient.setColorAt(1.0, BLUE_BOTTOM)
    p.fillPath(tile, gradient)

    font_id = QFontDatabase.addApplicationFont(str(resources.cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    font = QFont(families[0] if families else resources.CJK_FONT_FAMILY)
    font.setPixelSize(int(150 * s))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QPen(QColor("white")))
    p.drawText(QRectF(0, 14 * s, size, 180 * s), Qt.AlignmentFlag.AlignCenter, "管")

    # the accent: a spanner-like bar with a round head, the after-sales workshop
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ORANGE)
    p.drawRoundedRect(QRectF(56 * s, 196 * s, 144 * s, 22 * s), 11 * s, 11 * s)
    p.drawEllipse(QPointF(62 * s, 207 * s), 20 * s, 20 * s)
    p.setBrush(BLUE_BOTTOM)
    p.drawRect(QRectF(50 * s, 201 * s, 14 * s, 12 * s))
    p.end()
    return image


def _pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    png = product.icon_path("png")
    ico = product.icon_path("ico")
    png.parent.mkdir(parents=True, exist_ok=True)
    image = draw(SIZE)
    if not image.save(str(png), b"PNG"):
        raise SystemExit(f"cannot write {png}")
    _pil(image).save(ico, format="ICO", sizes=[(n, n) for n in ICO_SIZES])
    print(png)
    print(ico)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
