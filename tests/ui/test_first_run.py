"""First run and Help: the wizard's HQ mode and backup folder; 帮助 → 关于 / 打开数据文件夹."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QTextBrowser, QWizard
from pytestqt.qtbot import QtBot

from app.context import AppContext
from common import product
from domain.backup_settings import load_backup_settings
from domain.roles import Actor
from domain.services.registry import Services
from tests.ui.keyboard import type_text
from ui import operations
from ui.dialogs.about_dialog import AboutDialog
from ui.main_window import MainWindow
from ui.setup_wizard import SetupWizard


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Services]:
    context = AppContext.open(tmp_path / "fresh", create=True)
    yield context.services
    operations.worker().wait()
    context.close()


def edit(widget: QWizard, field: str) -> QLineEdit:
    found = widget.findChild(QLineEdit, f"field_{field}")
    assert found is not None, field
    return found


def click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def admin_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.admin_page_id
    qtbot.keyClicks(edit(wizard, "username"), "hq_admin")
    qtbot.keyClicks(edit(wizard, "password"), "s3cret-pw-Tn8j")
    qtbot.keyClicks(edit(wizard, "password2"), "s3cret-pw-Tn8j")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.finish_page_id


def test_hq_mode_creates_an_hq_and_makes_its_keys(qtbot: QtBot, fresh: Services) -> None:
    made_keys: list[bool] = []
    wizard = SetupWizard(fresh, on_hq_initialised=lambda: made_keys.append(True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    hq = wizard.branch_page.hq_mode
    qtbot.mouseClick(hq, Qt.MouseButton.LeftButton, pos=QPoint(8, hq.height() // 2))
    assert hq.isChecked()
    assert edit(wizard, "code").text() == "HQ"  # suggested, still editable
    assert wizard.branch_page.title() == "总部信息"
    code_label = wizard.branch_page.form.labelForField(edit(wizard, "code").parentWidget())
    assert isinstance(code_label, QLabel) and code_label.text() == "总部代码 *"
    type_text(qtbot, edit(wizard, "name"), "华北区总部")
    admin_page(qtbot, wizard)
    assert not wizard.finish_page.demo.isEnabled()  # no demo data at HQ
    assert wizard.finish_page.summary.text().startswith("总部：HQ 华北区总部")
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    branch = fresh.branches.current()
    assert (branch.code, branch.name, branch.mode) == ("HQ", "华北区总部", "hq")
    assert made_keys == [True]


def test_branch_mode_is_the_default_and_chooses_a_backup_folder(
        qtbot: QtBot, fresh: Services, tmp_path: Path) -> None:
    usb = tmp_path / "U盘" / "备份"
    asked: list[str] = []

    def chooser(_parent: object, title: str, _start: str) -> str:
        asked.append(title)
        return str(usb)

    made_keys: list[bool] = []
    wizard = SetupWizard(fresh, on_hq_initialised=lambda: made_keys.append(True), choose=chooser)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.branch_page.branch_mode.isChecked()
    qtbot.keyClicks(edit(wizard, "code"), "BJ02")
    type_text(qtbot, edit(wizard, "name"), "北京海淀店")
    admin_page(qtbot, wizard)
    qtbot.mouseClick(wizard.finish_page.browse, Qt.MouseButton.LeftButton)
    assert asked == ["选择第二备份位置"]
    assert edit(wizard, "backup_folder").text() == str(usb)
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert fresh.branches.current().mode == "branch"
    assert made_keys == []
    assert load_backup_settings(fresh.settings).second_folder == str(usb)


def test_a_refused_backup_folder_creates_nothing(qtbot: QtBot, fresh: Services,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text: shown.append(text))
    wizard = SetupWizard(fresh)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(edit(wizard, "code"), "BJ03")
    type_text(qtbot, edit(wizard, "name"), "北京通州店")
    admin_page(qtbot, wizard)
    edit(wizard, "backup_folder").setText("D:\\" + "很长" * 300)  # beyond 500 characters
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: operations.worker().pending == 0 and bool(shown))
    assert "第二备份位置" in shown[0]
    assert not fresh.branches.is_initialised()
    assert wizard.isVisible()


@pytest.fixture
def window(qtbot: QtBot, services: Services, admin: Actor, data_dir: Path) -> MainWindow:
    win = MainWindow(services, admin, services.branches.current(), data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_help_open_data_folder_opens_it_with_the_desktop(window: MainWindow, data_dir: Path) -> None:
    opened: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url)
        return True

    window.help_menu.open_url = fake_open
    titles = [a.text() for a in window.menuBar().actions()]
    assert "帮助(&H)" in titles
    window.help_menu.open_data_action.trigger()
    assert [u.toLocalFile() for u in opened] == [str(data_dir)]


def test_help_open_data_folder_says_when_it_cannot(window: MainWindow,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.help_menu.open_url = lambda url: False
    assert window.help_menu.open_data_folder() is False
    assert warned and str(window.data_dir) in warned[0]


def test_help_about_shows_version_data_folder_and_licences(qtbot: QtBot, window: MainWindow,
                                                           data_dir: Path) -> None:
    seen: dict[str, str] = {}

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        version = dialog.findChild(QLabel, "aboutVersion")
        folder = dialog.findChild(QLabel, "aboutDataFolder")
        licences = dialog.findChild(QTextBrowser, "aboutLicences")
        assert version is not None and folder is not None and licences is not None
        seen.update(version=version.text(), folder=folder.text(), licences=licences.toPlainText(),
                    title=dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(200, inspect)
    window.help_menu.about_action.trigger()
    assert seen["version"] == f"版本 {product.version()}"
    assert str(data_dir) in seen["folder"]
    assert "WenQuanYi Micro Hei" in seen["licences"]
    assert "Apache License" in seen["licences"] or "Apache-2.0" in seen["licences"]
    assert "LGPL-3.0" in seen["licences"] and "ReportLab" in seen["licences"]
    assert seen["title"] == "关于 售后管家"


def test_about_dialog_lists_every_notice(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    text = dialog.licences.toPlainText()
    for notice in product.LICENCE_NOTICES:
        assert notice.component in text
        assert notice.path().is_file(), notice.file
