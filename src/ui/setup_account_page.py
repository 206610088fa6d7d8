"""First-run set-up, second page: the first account and, for a shop, its staff.

Why the owner (店长/经理) and not an administrator: a new shop's first user must be able to
receive a car at once; an administrator may only manage accounts and settings, so the first
morning began with learning the role model. A one-person shop works under the owner alone;
a larger one types its people into the short staff table on the same page (name, user name,
role, first password; Enter adds a row, a row left empty is ignored). The rules of a row
live in ``domain.services.staff.validate_staff_rows``: Next asks them, so a bad row is
marked before Finish, and the service asks them again when the branch is made.
HQ keeps an administrator: it receives no cars, and its analysts are added later.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from domain.errors import DomainError, ValidationError
from domain.roles import LOGIN_ROLES, Role, role_label
from domain.services.branch import check_password
from domain.services.staff import StaffInput, validate_staff_rows
from ui.i18n import language
from ui.operations import error_text
from ui.widgets.field_errors import (
    ERROR_STYLE,
    INVALID_STYLE,
    FieldErrors,
    error_label,
    split_errors,
)

STAFF_FIELDS = ("display_name", "username", "role", "password")
STAFF_PREFIX = "staff."
DEFAULT_STAFF_ROLE = Role.ADVISOR
VISIBLE_STAFF_ROWS = 4


class FormPage(QWizardPage):
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


@dataclass
class _StaffRow:
    name: QLineEdit
    username: QLineEdit
    role: QComboBox
    password: QLineEdit

    def cells(self) -> dict[str, QWidget]:
        return {"display_name": self.name, "username": self.username, "role": self.role,
                "password": self.password}

    def is_blank(self) -> bool:
        return not any(e.text().strip() for e in (self.name, self.username, self.password))

    def value(self) -> StaffInput:
        return StaffInput(self.username.text(), self.name.text(), str(self.role.currentData()),
                          self.password.text())


class StaffTable(QWidget):
    """员工账号: one line per person. Enter in a filled last row adds a row; in an empty last
    row it is the wizard's (下一步)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffTable")
        self.rows: list[_StaffRow] = []
        self._positions: list[int] = []  # table row of each row handed to the service
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        for column, text in enumerate((self.tr("姓名"), self.tr("用户名"), self.tr("岗位"),
                                       self.tr("初始密码"))):
            header = QLabel(text)
            header.setStyleSheet("color: #555555;")
            self.grid.addWidget(header, 0, column)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 3)
        self.grid.setColumnStretch(3, 3)
        inner = QWidget()
        column_layout = QVBoxLayout(inner)
        column_layout.setContentsMargins(0, 0, 4, 0)
        column_layout.addLayout(self.grid)
        column_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("staffScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(inner)
        self.errors = QLabel()
        self.errors.setObjectName("error_staff")
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        self.errors.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.scroll_area)
        layout.addWidget(self.errors)
        self.add_row()
        self._fit_height()

    # --- rows --------------------------------------------------------------------------
    def add_row(self) -> _StaffRow:
        index = len(self.rows)
        name, username, password = QLineEdit(), QLineEdit(), QLineEdit()
        name.setPlaceholderText(self.tr("如：王强"))
        username.setPlaceholderText(self.tr("如：wangq"))
        password.setPlaceholderText(self.tr("至少 8 位，不用常见密码"))
        role = QComboBox()
        for choice in LOGIN_ROLES:
            role.addItem(role_label(choice, language()), choice.value)
        role.setCurrentIndex(role.findData(DEFAULT_STAFF_ROLE.value))
        row = _StaffRow(name, username, role, password)
        for column, (field, widget) in enumerate(row.cells().items()):
            widget.setObjectName(f"staff_{index}_{field}")
            widget.installEventFilter(self)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, w=widget: w.setStyleSheet(""))
            self.grid.addWidget(widget, index + 1, column)
            widget.show()  # now, not at the layout's next pass: Enter puts the cursor in it
        if self.rows:  # Tab runs along a row, then to the next row's name
            QWidget.setTabOrder(self.rows[-1].password, name)
        QWidget.setTabOrder(name, username)
        QWidget.setTabOrder(username, role)
        QWidget.setTabOrder(role, password)
        self.rows.append(row)
        self._fit_height()
        return row

    def _fit_height(self) -> None:
        if not self.rows:
            return
        line = self.rows[0].name.sizeHint().height() + self.grid.verticalSpacing()
        shown = min(len(self.rows), VISIBLE_STAFF_ROWS) + 1  # + the header
        self.scroll_area.setFixedHeight(shown * line + 8)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._enter(watched)
        return super().eventFilter(watched, event)

    def _enter(self, watched: QObject) -> bool:
        """True when Enter was the table's: a new row, or on to the next row."""
        at = next((i for i, r in enumerate(self.rows) if watched in r.cells().values()), None)
        if at is None:
            return False
        if at + 1 < len(self.rows):
            self.rows[at + 1].name.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if self.rows[at].is_blank():
            return False  # an empty last row: Enter moves the wizard on
        added = self.add_row()
        added.name.setFocus(Qt.FocusReason.TabFocusReason)
        self.scroll_area.ensureWidgetVisible(added.name)
        return True

    def values(self) -> list[StaffInput]:
        """The rows that were filled in (an empty row is ignored), in table order."""
        self._positions = [i for i, r in enumerate(self.rows) if not r.is_blank()]
        return [self.rows[i].value() for i in self._positions]

    # --- errors ------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.errors.clear()
        self.errors.hide()
        for row in self.rows:
            for widget in row.cells().values():
                widget.setStyleSheet("")

    def show_errors(self, errors: list[DomainError]) -> None:
        """Each refused cell framed red; one line per error under the table, by row number."""
        self.clear_errors()
        lines: list[str] = []
        first: QWidget | None = None
        for error in errors:
            parts = (error.field or "").split(".")
            if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) >= len(self._positions):
                lines.append(error_text(error))
                continue
            table_row = self._positions[int(parts[1])]
            cell = self.rows[table_row].cells().get(parts[2])
            if cell is not None:
                cell.setStyleSheet(INVALID_STYLE)
                first = first or cell
            lines.append(self.tr("第 %1 行：%2").replace("%1", str(table_row + 1))
                         .replace("%2", error_text(error)))
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(first)


def staff_errors(errors: list[DomainError]) -> tuple[list[DomainError], list[DomainError]]:
    """(errors about the staff rows, the others)."""
    rows: list[DomainError] = []
    others: list[DomainError] = []
    for error in errors:
        (rows if (error.field or "").startswith(STAFF_PREFIX) else others).append(error)
    return rows, others


class AccountPage(FormPage):
    """The shop's owner (店长/经理) with the staff table, or HQ's administrator."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(errors, parent)
        self.add_field("username", self.tr("用户名"), mandatory=True,
                       placeholder=self.tr("字母、数字、下划线，3–32 位，如 admin"))
        self.add_field("display_name", self.tr("姓名"), text=self.tr("店长"))
        self.add_field("password", self.tr("密码"), mandatory=True, password=True,
                       placeholder=self.tr("至少 8 位，不用常见密码"))
        self.add_field("password2", self.tr("再次输入密码"), mandatory=True, password=True)
        self.staff_title = QLabel(self.tr("员工账号（选填，以后也可以在 系统设置 → 员工账号 中添加）"))
        self.staff_title.setObjectName("staffTitle")
        self.staff_title.setWordWrap(True)
        self.staff = StaffTable()
        self.form.addRow(self.staff_title)
        self.form.addRow(self.staff)
        self.hq = False
        self._show_mode(hq=False)

    def _show_mode(self, *, hq: bool) -> None:
        """HQ: an administrator, no staff table; a shop: its owner and staff."""
        name = self.edits["display_name"]
        defaults = (self.tr("店长"), self.tr("管理员"))
        if name.text() in defaults:
            name.setText(defaults[1] if hq else defaults[0])
        if hq:
            self.setTitle(self.tr("管理员账号"))
            self.setSubTitle(self.tr("第一个管理员负责建立其他员工的账号。请牢记密码。"))
        else:
            self.setTitle(self.tr("店长账号"))
            self.setSubTitle(self.tr("店长（经理）可以办理所有业务，也负责员工账号、设置和备份；一个人的店只用这一个账号即可。请牢记密码。"))
        self.staff_title.setVisible(not hq)
        self.staff.setVisible(not hq)
        self.hq = hq

    def initializePage(self) -> None:
        self._show_mode(hq=bool(self.field("hq")))

    def staff_values(self) -> list[StaffInput]:
        return [] if self.hq else self.staff.values()

    def validatePage(self) -> bool:
        self._errors.clear()
        self.staff.clear_errors()
        if self.field("password") != self.field("password2"):
            self._errors.set("password2", self.tr("两次输入的密码不一致"))
            self.edits["password2"].selectAll()
            self.edits["password2"].setFocus()
            return False
        try:  # the reason (too short, too common, too easy to guess) under the field, at Next
            check_password(str(self.field("password")), user_inputs=(
                str(self.field("username")), str(self.field("display_name"))))
        except ValidationError as exc:
            self._errors.show(exc)
            self.edits["password"].selectAll()
            return False
        try:
            validate_staff_rows(self.staff_values(), taken=[str(self.field("username"))])
        except ValidationError as exc:
            self.staff.show_errors(split_errors(exc))
            return False
        return True


__all__ = ["AccountPage", "FormPage", "StaffTable", "staff_errors"]
