"""Print preview for every form (打印预览): show the PDF, print it, or save it as a file.

Why the PDF itself is previewed (QtPdf) instead of a Qt re-drawing: what the customer signs
must be exactly what was previewed and what was saved. Printing rasterises each page at the
printer's resolution, which every Windows and CUPS driver accepts.
The native dialogs are injectable (``print_dialog_factory``, ``ask_save_path``) so tests
never block on them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRect,
    QSize,
    QStandardPaths,
)
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from common.private_files import write_private

RASTER_DPI = 300

PrintDialogFactory = Callable[[QPrinter, QWidget], QDialog]
AskSavePath = Callable[[QWidget, str], str]


def _native_save_path(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("PdfPreviewDialog", "另存为 PDF"), suggested, QCoreApplication.translate("PdfPreviewDialog", "PDF 文件 (*.pdf)"))
    return path


def _native_print_dialog(printer: QPrinter, parent: QWidget) -> QDialog:
    return QPrintDialog(printer, parent)


class PdfPreviewDialog(QDialog):
    """Preview of one rendered PDF with 打印 and 另存为 PDF."""

    print_dialog_factory: PrintDialogFactory = staticmethod(_native_print_dialog)  # type: ignore[assignment]
    ask_save_path: AskSavePath = staticmethod(_native_save_path)  # type: ignore[assignment]

    def __init__(self, pdf_bytes: bytes, title: str, suggested_file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWindowTitle(self.tr("打印预览 — %1").replace("%1", title))
        self.pdf_bytes = pdf_bytes
        self.suggested_file_name = suggested_file_name
        self.saved_path: Path | None = None
        self._data = QByteArray(pdf_bytes)
        self._buffer = QBuffer(self._data, self)  # QPdfDocument reads it lazily: keep it alive
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.info = QLabel(self.tr("共 %1 页").replace("%1", str(self.page_count())))
        self.info.setObjectName("pdfInfo")
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.save_button.setObjectName("savePdfButton")
        close = QPushButton(self.tr("关闭"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.reject)
        self.print_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_as)
        self.resize(820, 960)

    def page_count(self) -> int:
        return self.document.pageCount()

    # --- printing ----------------------------------------------------------------------
    def print_document(self) -> bool:
        """Ask for a printer (system dialog), then print; True when pages went out."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_file_name)
        dialog = self.print_dialog_factory(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Draw every page into ``printer``, scaled to fit the printable area, centred."""
        count = self.page_count()
        if count == 0:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("打印失败"), self.tr("无法开始打印，请检查打印机。"))
            return False
        try:
            area = painter.viewport()
            for page in range(count):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                # Raster at no more than RASTER_DPI: a 1200-dpi A4 page would be a 500 MB
                # image; 300 dpi keeps text sharp on paper. The painter scales it up.
                dpi = min(printer.resolution(), RASTER_DPI)
                raster = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
                image = self.document.render(page, raster)
                x = area.x() + (area.width() - size.width()) // 2
                y = area.y() + (area.height() - size.height()) // 2
                painter.drawImage(QRect(x, y, size.width(), size.height()), image)
        finally:
            painter.end()
        return True

    # --- saving ------------------------------------------------------------------------
    def _suggested_path(self) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder) / self.suggested_file_name) if folder else self.suggested_file_name

    def save_as(self) -> Path | None:
        chosen = self.ask_save_path(self, self._suggested_path())
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            write_private(path, self.pdf_bytes)  # customers' records: owner-only
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存失败"),
                                self.tr("无法保存到 %1：%2").replace("%1", str(path))
                                .replace("%2", exc.strerror or str(exc)))
            return None
        self.saved_path = path
        self.info.setText(self.tr("已保存：%1").replace("%1", str(path)))
        return path


__all__ = ["PdfPreviewDialog"]

