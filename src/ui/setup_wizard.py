"""First-run set-up (首次设置向导): the branch, its first administrator, optional demo data.

Why the service validates and the wizard only places the messages: the branch-code and
user-name rules live once, in ``BranchService.initialise``, and the command line ``init``
gets the same answers. The only rule here is a UI one: the password typed twice must match.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.operations import error_text, run_op
from ui.widgets.field_errors import FieldErrors, error_label

DEMO_CUSTOMERS = 200


class _FormPage(QWizardPage):
    """A page of labelled line edits, each with its error label underneath."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors = errors
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setVerticalSpacing(4)
        self.edits: dict[str, QLineEdit] = {}

    def add_field(self, field: str, label: str, *, mandatory: bool = False,
                  placeholder: str = "", password: bool = False, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(f"field_{field}")
        edit.setPlaceholderText(placeholder)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(2)
        column.addWidget(edit)
        column.addWidget(self._errors.add(field, error_label(field), edit))
        self.form.addRow(label + ("" if not mandatory else " *"), box)
        self.registerField(field + ("*" if mandatory else ""), edit)
        self.edits[field] = edit
        return edit

    def cleanupPage(self) -> None:
        """Keep what was typed when the user (or an error) goes back a page."""


class BranchPage(_FormPage):
    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(errors, parent)
        self.setTitle(self.tr("门店信息"))
        self.setSubTitle(self.tr("这台电脑上的数据库属于哪个门店。门店代码会出现在工单号、投诉编号里，设置后不能修改。"))
        self.add_field("code", self.tr("门店代码"), mandatory=True,
                       placeholder=self.tr("2–8 位大写字母或数字，如 BJ01"))
        self.add_field("name", self.tr("门店名称"), mandatory=True,
                       placeholder=self.tr("如：北京朝阳店"))
        self.add_field("address", self.tr("地址"))
        self.add_field("phone", self.tr("电话"), placeholder=self.tr("如：010-64700000"))


class AdminPage(_FormPage):
    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(errors, parent)
        self.setTitle(self.tr("管理员账号"))
        self.setSubTitle(self.tr("第一个管理员负责建立其他员工的账号。请牢记密码。"))
        self.add_field("username", self.tr("用户名"), mandatory=True,
                       placeholder=self.tr("字母、数字、下划线，3–32 位，如 admin"))
        self.add_field("display_name", self.tr("姓名"), text=self.tr("管理员"))
        self.add_field("password", self.tr("密码"), mandatory=True, password=True,
                       placeholder=self.tr("至少 6 位"))
        self.add_field("password2", self.tr("再次输入密码"), mandatory=True, password=True)

    def validatePage(self) -> bool:
        if self.field("password") != self.field("password2"):
            self._errors.clear()
            self._errors.set("password2", self.tr("两次输入的密码不一致"))
            self.edits["password2"].selectAll()
            self.edits["password2"].setFocus()
            return False
        self._errors.clear()
        return True


class FinishPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("完成设置"))
        self.setSubTitle(self.tr("点击“完成”创建门店和管理员账号，然后用管理员账号登录。"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        layout.addSpacing(16)
        self.demo = QCheckBox(self.tr("填充演示数据"))
        self.demo.setObjectName("field_demo")
        note = QLabel(
            self.tr("生成 %1 位虚构客户及其车辆，用于培训和试用。正式使用的数据库请不要勾选。")
            .replace("%1", str(DEMO_CUSTOMERS))
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")
        layout.addWidget(self.demo)
        layout.addWidget(note)
        layout.addStretch(1)
        self.registerField("demo", self.demo)

    def initializePage(self) -> None:
        code = str(self.field("code")).strip().upper()
        self.summary.setText(
            self.tr("门店：%1 %2\n管理员：%3（%4）")
            .replace("%1", code).replace("%2", str(self.field("name")).strip())
            .replace("%3", str(self.field("username")).strip())
            .replace("%4", str(self.field("display_name")).strip() or self.tr("管理员"))
        )


class SetupWizard(QWizard):
    """``exec()`` returns Accepted once the branch exists; :attr:`branch` holds it."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.branch: BranchView | None = None
        self.admin_username = ""
        self._busy = False
        self._progress: QProgressDialog | None = None
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("售后管家 — 首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(640, 480)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))

        self.errors = FieldErrors()
        self.branch_page = BranchPage(self.errors)
        self.admin_page = AdminPage(self.errors)
        self.finish_page = FinishPage()
        self.branch_page_id = self.addPage(self.branch_page)
        self.admin_page_id = self.addPage(self.admin_page)
        self.finish_page_id = self.addPage(self.finish_page)
        self._page_of_field = {f: self.branch_page_id for f in self.branch_page.edits}
        self._page_of_field.update({f: self.admin_page_id for f in self.admin_page.edits})

    def values(self) -> dict[str, Any]:
        return {
            "code": str(self.field("code")).strip().upper(),
            "name": str(self.field("name")),
            "address": str(self.field("address")),
            "phone": str(self.field("phone")),
            "admin_username": str(self.field("username")).strip(),
            "admin_display_name": str(self.field("display_name")).strip() or self.tr("管理员"),
            "admin_password": str(self.field("password")),
        }

    # --- finishing -------------------------------------------------------------------------
    def accept(self) -> None:
        """Finish: create the branch on the database thread; close only when it exists."""
        if self.branch is not None:
            super().accept()
            return
        if self._busy:
            return
        values = self.values()
        self._set_busy(True)
        self.errors.clear()
        branches = self.services.branches
        run_op(lambda: branches.initialise(**values),
               if_alive(self, self._initialised), if_alive(self, self._refused))

    def _initialised(self, branch: BranchView) -> None:
        self.branch = branch
        self.admin_username = self.values()["admin_username"]
        if self.field("demo"):
            self._load_demo()
            return
        self._set_busy(False)
        super().accept()

    def _refused(self, exc: DomainError) -> None:
        self._set_busy(False)
        unplaced = self.errors.show(exc)
        shown = self.errors.fields_shown()
        if shown:
            target = min(self._page_of_field[f] for f in shown if f in self._page_of_field)
            while self.currentId() > target:
                self.back()
            first = next(f for f in self._field_order() if f in shown)
            edit = (self.branch_page.edits | self.admin_page.edits)[first]
            edit.setFocus()
            edit.selectAll()
        if unplaced:
            QMessageBox.warning(self, self.tr("无法完成设置"),
                                "\n".join(error_text(e) for e in unplaced))

    def _field_order(self) -> list[str]:
        return list(self.branch_page.edits) + list(self.admin_page.edits)

    def _load_demo(self) -> None:
        password = self.values()["admin_password"]
        username = self.admin_username
        services = self.services
        progress = QProgressDialog(self.tr("正在生成演示数据，请稍候……"), "", 0, 0, self)
        progress.setObjectName("demoProgress")
        progress.setWindowTitle(self.tr("演示数据"))
        progress.setCancelButton(None)  # one unit of work: it completes or changes nothing
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self._progress = progress

        def load() -> None:
            actor: Actor = services.staff.login(username, password)
            services.demo.load(actor, customers=DEMO_CUSTOMERS)

        run_op(load, if_alive(self, self._demo_done), if_alive(self, self._demo_failed))

    def _demo_done(self, _result: object) -> None:
        self._close_progress()
        self._set_busy(False)
        super().accept()

    def _demo_failed(self, exc: DomainError) -> None:
        self._close_progress()
        self._set_busy(False)
        QMessageBox.warning(
            self, self.tr("演示数据"),
            self.tr("门店已建立，但演示数据未能生成：%1").replace("%1", error_text(exc)),
        )
        super().accept()

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy)
