"""First-run wizard: creates the branch and the first administrator, errors by the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.context import AppContext
from domain.model import Customer
from domain.roles import Role
from domain.services.registry import Services
from tests.ui.keyboard import type_text
from ui import operations
from ui.setup_wizard import DEMO_CUSTOMERS, SetupWizard


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Services]:
    """A new, empty database: what the first start of the app sees."""
    context = AppContext.open(tmp_path / "fresh", create=True)
    yield context.services
    operations.worker().wait()
    context.close()


@pytest.fixture
def wizard(qtbot: QtBot, fresh: Services) -> SetupWizard:
    widget = SetupWizard(fresh)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def edit(wizard: SetupWizard, field: str) -> QLineEdit:
    found = wizard.findChild(QLineEdit, f"field_{field}")
    assert found is not None, field
    return found


def click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(qtbot: QtBot, wizard: SetupWizard, *, code: str = "SH02", password: str = "s3cret-pw-Tn8j",
         password2: str | None = None, demo: bool = False) -> None:
    qtbot.keyClicks(edit(wizard, "code"), code)
    type_text(qtbot, edit(wizard, "name"), "上海浦东店")
    type_text(qtbot, edit(wizard, "address"), "上海市浦东新区张江路 100 号")
    type_text(qtbot, edit(wizard, "phone"), "021-58880000")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.admin_page_id
    qtbot.keyClicks(edit(wizard, "username"), "chen.admin")
    edit(wizard, "display_name").clear()
    type_text(qtbot, edit(wizard, "display_name"), "陈店长")
    qtbot.keyClicks(edit(wizard, "password"), password)
    qtbot.keyClicks(edit(wizard, "password2"), password if password2 is None else password2)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    if wizard.currentId() == wizard.finish_page_id and demo:
        box = wizard.finish_page.demo  # click on the box itself, at its left edge
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_wizard_creates_branch_and_owner(qtbot: QtBot, wizard: SetupWizard, fresh: Services) -> None:
    fill(qtbot, wizard)
    assert wizard.currentId() == wizard.finish_page_id
    summary = wizard.finish_page.summary.text()
    assert "SH02" in summary and "上海浦东店" in summary and "chen.admin" in summary
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    branch = fresh.branches.current()
    assert (branch.code, branch.name, branch.phone) == ("SH02", "上海浦东店", "021-58880000")
    assert wizard.branch == branch
    assert wizard.admin_username == "chen.admin"
    actor = fresh.staff.login("chen.admin", "s3cret-pw-Tn8j")
    assert actor.role is Role.OWNER  # 店长/经理: receives cars and manages the accounts
    assert actor.display_name == "陈店长"
    assert [s.username for s in fresh.staff.list(actor)] == ["chen.admin"]  # no staff typed


def staff_cell(wizard: SetupWizard, row: int, field: str) -> QLineEdit:
    found = wizard.findChild(QLineEdit, f"staff_{row}_{field}")
    assert found is not None, (row, field)
    return found


def type_staff_row(qtbot: QtBot, wizard: SetupWizard, row: int, name: str, username: str,
                   password: str) -> None:
    """姓名, Tab, 用户名, Tab, (岗位 kept), Tab, 初始密码 — as the owner types them."""
    type_text(qtbot, staff_cell(wizard, row, "display_name"), name)
    qtbot.keyClick(staff_cell(wizard, row, "display_name"), Qt.Key.Key_Tab)
    qtbot.keyClicks(staff_cell(wizard, row, "username"), username)
    qtbot.keyClick(staff_cell(wizard, row, "username"), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # from 岗位 (服务顾问) on
    assert QApplication.focusWidget() is staff_cell(wizard, row, "password")
    qtbot.keyClicks(staff_cell(wizard, row, "password"), password)


def test_staff_rows_typed_with_enter_are_made_with_the_branch(
        qtbot: QtBot, wizard: SetupWizard, fresh: Services) -> None:
    qtbot.keyClicks(edit(wizard, "code"), "SH02")
    type_text(qtbot, edit(wizard, "name"), "上海浦东店")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.admin_page
    assert page.title() == "店长账号" and page.staff.isVisible()
    qtbot.keyClicks(edit(wizard, "username"), "chen")
    qtbot.keyClicks(edit(wizard, "password"), "s3cret-pw-Tn8j")
    qtbot.keyClicks(edit(wizard, "password2"), "s3cret-pw-Tn8j")
    type_staff_row(qtbot, wizard, 0, "王强", "wang", "pass1234-Lw9x")
    qtbot.keyClick(staff_cell(wizard, 0, "password"), Qt.Key.Key_Return)  # Enter adds a row
    assert wizard.currentId() == wizard.admin_page_id and len(page.staff.rows) == 2
    assert QApplication.focusWidget() is staff_cell(wizard, 1, "display_name")
    type_staff_row(qtbot, wizard, 1, "李师傅", "x", "123")  # a bad row
    role = page.staff.rows[1].role
    role.setCurrentIndex(role.findData(Role.TECHNICIAN.value))
    qtbot.keyClick(staff_cell(wizard, 1, "password"), Qt.Key.Key_Return)
    qtbot.keyClick(staff_cell(wizard, 2, "display_name"), Qt.Key.Key_Return)  # empty: Next
    # the bad row is refused at Next, its cells marked, one line for each error
    assert wizard.currentId() == wizard.admin_page_id
    errors = page.staff.errors.text().splitlines()
    assert len(errors) == 2 and all(line.startswith("第 2 行：") for line in errors)
    assert "用户名" in errors[0] and "密码至少 8 位" in errors[1]
    assert staff_cell(wizard, 1, "username").styleSheet()
    assert not staff_cell(wizard, 0, "username").styleSheet()
    fixed = staff_cell(wizard, 1, "username")
    fixed.clear()
    qtbot.keyClicks(fixed, "li.tech")
    staff_cell(wizard, 1, "password").clear()
    qtbot.keyClicks(staff_cell(wizard, 1, "password"), "pass5678-Lw9x")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.finish_page_id
    assert "王强（服务顾问）、李师傅（技师）" in wizard.finish_page.summary.text()
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert fresh.staff.login("chen", "s3cret-pw-Tn8j").role is Role.OWNER
    assert fresh.staff.login("wang", "pass1234-Lw9x").role is Role.ADVISOR
    assert fresh.staff.login("li.tech", "pass5678-Lw9x").role is Role.TECHNICIAN


def test_bad_branch_code_shown_next_to_the_field(qtbot: QtBot, wizard: SetupWizard,
                                                 fresh: Services) -> None:
    fill(qtbot, wizard, code="B-1")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: operations.worker().pending == 0)

    label = wizard.findChild(QLabel, "error_code")
    assert label is not None
    qtbot.waitUntil(label.isVisible)
    assert "门店代码" in label.text() and "B-1" in label.text()
    # the wizard went back to the page with the field, the field has the focus
    assert wizard.currentId() == wizard.branch_page_id
    assert edit(wizard, "code").hasFocus()
    assert not fresh.branches.is_initialised()
    assert wizard.isVisible()

    # fixing the code clears the message; what was typed on the next page is still there
    edit(wizard, "code").clear()
    qtbot.keyClicks(edit(wizard, "code"), "SH02")
    assert not label.isVisible()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert edit(wizard, "password").text() == "s3cret-pw-Tn8j"
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert fresh.branches.current().code == "SH02"


def test_password_typed_twice_must_match(qtbot: QtBot, wizard: SetupWizard) -> None:
    fill(qtbot, wizard, password2="something-else")
    assert wizard.currentId() == wizard.admin_page_id
    label = wizard.findChild(QLabel, "error_password2")
    assert label is not None and label.isVisible()
    assert "不一致" in label.text()


@pytest.mark.parametrize(("password", "reason"), [
    ("short7x", "密码至少 8 位"),
    ("password1", "密码太常见"),
    ("chen.admin2024", "密码太容易猜到：不要使用用户名、姓名或门店名称"),
])
def test_weak_owner_password_refused_at_next_with_the_reason(
        qtbot: QtBot, wizard: SetupWizard, fresh: Services, password: str, reason: str) -> None:
    """Issue 23 item 8: "At least 8 characters, and a weak password (zxcvbn score below 2, or
    on a common-password list) refused with the reason in Chinese": the wizard stays on the
    owner's page with the reason under the password; nothing is created."""
    fill(qtbot, wizard, password=password)
    assert wizard.currentId() == wizard.admin_page_id
    label = wizard.findChild(QLabel, "error_password")
    assert label is not None and label.isVisible()
    assert reason in label.text()
    assert not fresh.branches.is_initialised()


def test_demo_checkbox_loads_demo_customers(qtbot: QtBot, wizard: SetupWizard,
                                            fresh: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23 item 7: "demo accounts get a generated password printed once": the wizard
    shows it once, and it is the password the demo accounts log in with."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    fill(qtbot, wizard, demo=True)
    assert wizard.finish_page.demo.isChecked()
    with qtbot.waitSignal(wizard.accepted, timeout=60000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    with fresh.uow() as session:
        customers = session.scalar(select(func.count()).select_from(Customer))
    assert customers == DEMO_CUSTOMERS
    [text] = shown
    password = text.split("的密码均为 ")[1].split("（")[0]
    assert password != "demo1234" and len(password) >= 8
    assert fresh.staff.login("demo_advisor1", password).username == "demo_advisor1"


def test_cancel_creates_nothing(qtbot: QtBot, wizard: SetupWizard, fresh: Services) -> None:
    qtbot.keyClicks(edit(wizard, "code"), "SH02")
    with qtbot.waitSignal(wizard.rejected):
        click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not fresh.branches.is_initialised()
