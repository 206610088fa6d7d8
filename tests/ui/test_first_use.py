"""First use (issue 15): from the wizard's last page to a printed work order for a new
customer in at most 40 key presses and clicks, driving the real widgets the app shows.

How it is counted (:class:`Hands`): every key press that moves or confirms (Tab, Enter, a
shortcut) and every mouse click counts one. What the user must type — the password, the
customer's name and mobile, the plate, the mileage, their words — cannot be avoided; those
characters are counted apart (``typed``), one per character (a Chinese character committed by
the input method counts one), and reported beside the presses. Every key goes to the widget
that has the focus at that moment, so a form whose Tab order or default button is wrong fails
here, not at the counter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app import gui
from app.multi_pc_actions import AppSetup
from domain.roles import Actor
from domain.services.branch import BranchView
from tests.ui.keyboard import child, type_text
from ui import operations
from ui.dialogs.first_car_dialog import FirstCarDialog
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.main_window import MainWindow
from ui.pages.start_panel import StartPanel
from ui.setup_wizard import SetupWizard

MAX_PRESSES_AND_CLICKS = 40
PASSWORD = "s3cret-pw-Tn8j"


class Hands:
    """The user's hands: every key press and click counted, each character typed as one
    press (a Chinese character as one: what the input method commits)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.presses = 0
        self.clicks = 0
        self.typed = 0

    @property
    def actions(self) -> int:
        return self.presses + self.clicks + self.typed

    @staticmethod
    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, expect: QWidget | None = None) -> None:
        """One key press, into whatever has the focus (``expect``: what should have it)."""
        target = self.focused()
        if expect is not None:
            assert target is expect, f"focus is on {target.objectName()!r}, not {expect.objectName()!r}"
        self.presses += 1
        self.qtbot.keyClick(target, key)

    def click(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget.objectName()
        self.clicks += 1
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def type(self, text: str, expect: QWidget) -> None:
        """Characters into the focused box, which must be ``expect`` (no clicking into it)."""
        target = self.focused()
        assert target is expect, f"focus is on {target.objectName()!r}, not {expect.objectName()!r}"
        for char in text:
            self.typed += 1
            if char.isascii():
                self.qtbot.keyClick(target, char)
            else:  # as a Pinyin input method commits it
                event = QInputMethodEvent()
                event.setCommitString(char)
                QApplication.sendEvent(target, event)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[AppSetup]:
    """A fresh data folder: nothing exists until the wizard's Finish (as at the first start)."""
    made = AppSetup(tmp_path / "data")
    yield made
    operations.worker().wait()
    if made.context is not None:
        made.context.close()


def wizard_at_last_page(qtbot: QtBot, setup: AppSetup) -> SetupWizard:
    """The branch and owner pages filled in (before the count starts)."""
    wizard = SetupWizard(None, setup=setup)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(child(wizard, QLineEdit, "field_code"), "SH02")
    type_text(qtbot, child(wizard, QLineEdit, "field_name"), "上海浦东店")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(child(wizard, QLineEdit, "field_username"), "chen")
    child(wizard, QLineEdit, "field_display_name").clear()
    type_text(qtbot, child(wizard, QLineEdit, "field_display_name"), "陈店长")
    qtbot.keyClicks(child(wizard, QLineEdit, "field_password"), PASSWORD)
    qtbot.keyClicks(child(wizard, QLineEdit, "field_password2"), PASSWORD)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == wizard.finish_page_id
    return wizard


def window_after_finish(qtbot: QtBot, setup: AppSetup, wizard: SetupWizard
                        ) -> tuple[MainWindow, BranchView]:
    """As ``app.gui`` does after the wizard: the owner who just chose the password is signed
    in by Finish, no second login."""
    ctx = setup.context
    assert ctx is not None and wizard.owner is not None
    assert wizard.owner.username == wizard.admin_username
    branch = ctx.services.branches.current()
    window, _backups = gui.main_window(ctx, wizard.owner, branch)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window, branch


def first_car_dialog(qtbot: QtBot, setup: AppSetup) -> tuple[StartPanel, FirstCarDialog]:
    """Finish, then 接第一辆车 on the start panel (called, not clicked: not what is counted)."""
    wizard = wizard_at_last_page(qtbot, setup)
    with qtbot.waitSignal(wizard.accepted, timeout=20000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    window, _branch = window_after_finish(qtbot, setup, wizard)
    qtbot.waitUntil(lambda: window.start_panel is not None, timeout=10000)
    panel = window.start_panel
    assert isinstance(panel, StartPanel)
    panel.receive_first_car()
    dialog = panel.active_dialog
    assert isinstance(dialog, FirstCarDialog)
    qtbot.waitExposed(dialog)
    return panel, dialog


def test_wizard_to_printed_work_order_within_40_presses_and_clicks(
        qtbot: QtBot, setup: AppSetup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf_path = tmp_path / "委托书.pdf"
    monkeypatch.setattr(PdfPreviewDialog, "ask_save_path",
                        staticmethod(lambda _parent, _suggested: str(pdf_path)))
    wizard = wizard_at_last_page(qtbot, setup)
    hands = Hands(qtbot)

    # 完成: the shop, its owner (店长) and its database are made
    with qtbot.waitSignal(wizard.accepted, timeout=20000):
        hands.click(wizard.button(QWizard.WizardButton.FinishButton))
    window, branch = window_after_finish(qtbot, setup, wizard)

    # a new, empty shop: the start panel greets the owner
    qtbot.waitUntil(lambda: window.start_panel is not None, timeout=10000)
    panel = window.start_panel
    assert isinstance(panel, StartPanel)
    assert window.pages.currentWidget() is panel
    assert window.nav.item(0).text() == "开始使用"
    hands.click(panel.receive_button)  # 接第一辆车
    dialog = panel.active_dialog
    assert isinstance(dialog, FirstCarDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)

    # customer, car and reception: typed, Tab between the boxes, the VIN left empty
    hands.type("张伟", dialog.name)
    hands.press(Qt.Key.Key_Tab)
    hands.type("13912345678", dialog.mobile)
    hands.press(Qt.Key.Key_Tab)
    hands.type("京A12345", dialog.plate)
    hands.press(Qt.Key.Key_Tab)
    hands.press(Qt.Key.Key_Tab, dialog.vin)  # optional: skipped
    hands.type("12000", dialog.mileage)
    hands.press(Qt.Key.Key_Tab)
    hands.type("保养", dialog.customer_words)
    hands.press(Qt.Key.Key_Return, dialog.customer_words)  # 开单
    qtbot.waitUntil(lambda: dialog.order is not None, timeout=10000)
    order = dialog.order
    assert order is not None
    assert order.number in child(dialog, QWidget, "firstCarDone").property("text")

    # the order opened behind the dialog; the start panel left the navigation
    assert window.pages.currentWidget() is window.page("work_orders")
    assert window.nav.isRowHidden(0)

    # 打印委托书 is the default: Enter shows the preview; 另存为 PDF saves it
    hands.press(Qt.Key.Key_Return, dialog.print_button)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    preview = dialog.preview
    assert isinstance(preview, PdfPreviewDialog)
    qtbot.waitExposed(preview)
    assert not dialog.isVisible()
    hands.click(child(preview, QPushButton, "savePdfButton"))
    assert preview.saved_path == pdf_path and pdf_path.exists()

    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    for expected in ("张伟", "京A12345", "保养", order.number, branch.name):
        assert expected in text, expected
    print(f"first use: {hands.actions} presses and clicks ({hands.presses} keys, "
          f"{hands.clicks} clicks, {hands.typed} characters typed)")
    assert hands.actions <= MAX_PRESSES_AND_CLICKS
    preview.close()


def test_esc_cancels_and_a_bad_field_is_marked(qtbot: QtBot, setup: AppSetup) -> None:
    panel, dialog = first_car_dialog(qtbot, setup)
    type_text(qtbot, dialog.name, "张伟")
    type_text(qtbot, dialog.plate, "京A1")  # too short
    type_text(qtbot, dialog.mileage, "100")
    qtbot.keyClick(dialog.mileage, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)
    label = child(dialog, QWidget, "error_plate")
    qtbot.waitUntil(label.isVisible)
    assert dialog.order is None and dialog.isVisible()
    assert QApplication.focusWidget() is dialog.plate
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.plate, Qt.Key.Key_Escape)
    ctx = setup.context
    assert ctx is not None and ctx.services.branches.is_empty()

    # 导入客户名单 opens the existing import dialog
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    imported = panel.active_dialog
    assert isinstance(imported, QDialog) and imported.objectName() == "importDialog"
    imported.reject()


def test_no_start_panel_once_the_shop_has_records(qtbot: QtBot, setup: AppSetup) -> None:
    wizard = wizard_at_last_page(qtbot, setup)
    with qtbot.waitSignal(wizard.accepted, timeout=20000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    ctx = setup.context
    assert ctx is not None
    from domain.services.customers import CustomerInput

    owner = ctx.services.staff.login("chen", PASSWORD)
    ctx.services.customers.create(owner, CustomerInput(name="李四"))
    window, _backups = gui.main_window(ctx, owner, ctx.services.branches.current())
    qtbot.addWidget(window)
    operations.worker().wait()
    qtbot.wait(50)
    assert window.start_panel is None
    assert window.nav.item(0).text() == "客户与车辆"


def test_an_imported_cars_vin_is_confirmed_against_the_registration(
        qtbot: QtBot, setup: AppSetup, monkeypatch: pytest.MonkeyPatch) -> None:
    """A European VIN has no check digit at position 9: the dialog asks, No saves nothing,
    Yes files the car with the owner named as the one who compared it with the 行驶证."""
    _panel, dialog = first_car_dialog(qtbot, setup)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    type_text(qtbot, dialog.name, "王芳")
    type_text(qtbot, dialog.plate, "沪A12345")
    type_text(qtbot, dialog.vin, "WVWZZZ1KZ6W000001")
    type_text(qtbot, dialog.mileage, "100")
    qtbot.keyClick(dialog.mileage, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(asked) == 1 and operations.worker().pending == 0)
    assert "行驶证" in asked[0] and dialog.order is None
    ctx = setup.context
    assert ctx is not None and ctx.services.branches.is_empty()

    qtbot.keyClick(dialog.mileage, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.order is not None, timeout=10000)
    assert len(asked) == 2
    customer = ctx.services.customers.find_one(Actor.system(), "沪A12345")
    car = customer.vehicles[0]
    assert car.vin == "WVWZZZ1KZ6W000001" and car.vin_checked_by == "陈店长"
    assert car.vin_checked_at is not None and not car.vin_unconfirmed
