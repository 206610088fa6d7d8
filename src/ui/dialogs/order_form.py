"""The frame every work-order dialog shares: fields with their own error labels, Enter
saves, Esc cancels, the service call runs through ``run_op`` and the dialog closes only
when the domain accepted it.

Why a base: twenty small forms (接车, 派工, 质检, 结算 …) must behave the same at the
counter; each subclass only lays out its fields and says which service call to make.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError, ValidationError, ValidationErrors
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from ui.operations import run_op
from ui.widgets.field_errors import FieldErrors

Submit = Callable[[], WorkOrderView]


class OrderFormDialog(QDialog):
    """Subclasses add rows with :meth:`add_row` and implement :meth:`submission`."""

    saved = Signal(object)  # WorkOrderView

    # domain field names that belong to a box with another name in this form
    field_aliases: dict[str, str] = {}

    def __init__(self, services: Services, actor: Actor, title: str,
                 parent: QWidget | None = None, save_text: str = "") -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.result_view: WorkOrderView | None = None
        self.question: QMessageBox | None = None
        self.setWindowTitle(title)
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button().setText(save_text or self.tr("保存"))
        self.save_button().setObjectName("saveButton")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.general)
        self.body.addLayout(self.form)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.setMinimumWidth(460)

    def finish_layout(self) -> None:
        """Call at the end of a subclass's ``__init__``: buttons go last."""
        self.body.addStretch(1)
        self.body.addWidget(self.buttons)

    def add_row(self, label: str, name: str, widget: QWidget, trailing: QWidget | None = None) -> None:
        if not widget.objectName():
            widget.setObjectName(name)
        self.form.addRow(label, self.errors.row(name, widget, trailing))

    def save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    # --- saving ------------------------------------------------------------------------
    def submission(self) -> Submit:
        """Read the fields (raising ValidationError for a bad box) and return the call."""
        raise NotImplementedError

    def accept(self) -> None:
        if not self.save_button().isEnabled():
            return
        self.errors.clear()
        try:
            call = self.submission()
        except DomainError as exc:
            self.show_error(exc)
            return
        self.run(call)

    def run(self, call: Submit) -> None:
        self.save_button().setEnabled(False)
        run_op(call, self._saved, self._failed)

    def _saved(self, view: WorkOrderView) -> None:
        self.save_button().setEnabled(True)
        self.result_view = view
        self.saved.emit(view)
        super().accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button().setEnabled(True)
        self.handle_error(exc)

    def handle_error(self, exc: DomainError) -> None:
        """Subclasses turn some refusals into a question (second order, low mileage)."""
        self.show_error(exc)

    def show_error(self, exc: DomainError) -> None:
        errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
        for error in errors:
            if error.field in self.field_aliases:
                error.field = self.field_aliases[error.field]
        self.errors.show(exc)

    # --- questions ---------------------------------------------------------------------
    def ask(self, text: str, on_yes: Callable[[], None], yes_text: str = "") -> QMessageBox:
        """A non-blocking yes/no question (window-modal) that calls ``on_yes`` on 是."""
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("question")
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(yes_text or self.tr("确定"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _r: self._answered(box, on_yes))
        self.question = box
        box.open()
        return box

    def _answered(self, box: QMessageBox, on_yes: Callable[[], None]) -> None:
        self.question = None
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            on_yes()


def required_text(text: str, label: str, field: str) -> str:
    value = text.strip()
    if not value:
        raise ValidationError("required", field, label=label)
    return value


__all__ = ["OrderFormDialog", "Submit", "required_text"]
