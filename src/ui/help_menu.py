"""The 帮助 (Help) menu of the main window: 关于 and 打开数据文件夹.

Why a module of its own: the main window only calls :func:`install_help_menu`; what the
menu does (and the desktop call that opens a folder, replaceable in tests) lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox

#: Opens a URL with the desktop (Explorer for a folder on Windows); returns success.
UrlOpener = Callable[[QUrl], bool]


class HelpMenu(QObject):
    def __init__(self, window: QMainWindow, data_dir: Path,
                 open_url: UrlOpener = QDesktopServices.openUrl) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.open_url = open_url
        menu = window.menuBar().addMenu(self.tr("帮助(&H)"))
        menu.setObjectName("helpMenu")
        self.menu = menu
        self.open_data_action = QAction(self.tr("打开数据文件夹"), window)
        self.open_data_action.setObjectName("openDataFolderAction")
        self.open_data_action.triggered.connect(self.open_data_folder)
        self.about_action = QAction(self.tr("关于售后管家"), window)
        self.about_action.setObjectName("aboutAction")
        self.about_action.triggered.connect(self.show_about)
        menu.addAction(self.open_data_action)
        menu.addSeparator()
        menu.addAction(self.about_action)

    def open_data_folder(self) -> bool:
        """Show the folder with the database and its backups (the one to copy to a new PC)."""
        url = QUrl.fromLocalFile(str(self.data_dir))
        if self.data_dir.is_dir() and self.open_url(url):
            return True
        QMessageBox.warning(self.window, self.tr("打开数据文件夹"),
                            self.tr("无法打开数据文件夹：%1").replace("%1", str(self.data_dir)))
        return False

    def show_about(self) -> None:
        from ui.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.data_dir, self.window)
        self.about_dialog = dialog
        dialog.exec()


def install_help_menu(window: QMainWindow, data_dir: Path) -> HelpMenu:
    return HelpMenu(window, data_dir)
