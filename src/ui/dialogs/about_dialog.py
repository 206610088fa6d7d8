"""关于 (About): version, data folder and every licence the program ships under.

Why the licences are shown in full, not only named: the bundled font (Apache-2.0 / GPL with
font exception) and Qt (LGPL-3.0) ask that their notices travel with the program; the About
box is where a user and an auditor look for them. The texts come from common.product.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from common import product
from ui.i18n import language


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        name = product.display_name(language())
        self.setWindowTitle(self.tr("关于 %1").replace("%1", name))
        self.resize(640, 560)

        icon = QLabel()
        icon.setPixmap(QPixmap(str(product.icon_path())).scaled(
            64, 64, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.title = QLabel(f"<b style='font-size:16pt'>{html.escape(product.PRODUCT_NAME_ZH)} "
                            f"{html.escape(product.PRODUCT_NAME_EN)}</b>")
        self.version = QLabel(self.tr("版本 %1").replace("%1", product.version()))
        self.version.setObjectName("aboutVersion")
        self.data_folder = QLabel(self.tr("数据文件夹：%1").replace("%1", str(data_dir)))
        self.data_folder.setObjectName("aboutDataFolder")
        self.data_folder.setWordWrap(True)
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copyright_ = QLabel(html.escape(product.COPYRIGHT))

        head = QVBoxLayout()
        for widget in (self.title, self.version, copyright_, self.data_folder):
            head.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(head, 1)

        self.licences = QTextBrowser()
        self.licences.setObjectName("aboutLicences")
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(self._licence_html())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("第三方组件及许可证：")))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)

    def _licence_html(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(n.component)}</td><td>{html.escape(n.licence)}</td></tr>"
            for n in product.LICENCE_NOTICES)
        parts = [f"<table cellpadding='3'><tr><th align='left'>{self.tr('组件')}</th>"
                 f"<th align='left'>{self.tr('许可证')}</th></tr>{rows}</table>"]
        for path in product.licence_files():
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = self.tr("（许可证文件缺失：%1）").replace("%1", str(path))
            parts.append(f"<h4>{html.escape(path.name)}</h4><pre style='white-space:pre-wrap'>"
                         f"{html.escape(text)}</pre>")
        return "".join(parts)
