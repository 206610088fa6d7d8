"""出厂三级检验: self-check → team check → final check, each passed or failed with a reason.

Why the level is preset: the domain accepts only the next level of the current round;
the dialog proposes it (the user can still pick another and read the domain's refusal).
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QRadioButton, QWidget

from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.workorder_rules import QC_LABELS, QC_ORDER, QCLevel
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language


def next_level(order: WorkOrderView) -> QCLevel:
    """The level the current round waits for (自检 after a failure)."""
    done = {c.level for c in order.quality_checks if c.round == order.qc_round and c.passed}
    return next((q for q in QC_ORDER if q.value not in done), QCLevel.FINAL)


class QCDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("质量检验 — %1").replace("%1", order.number))
        self.save_button().setText(self.tr("签字确认"))
        self.setObjectName("qcDialog")
        self.order = order
        self.level = QComboBox()
        for level in QC_ORDER:
            self.level.addItem(label(QC_LABELS, level, language()), level.value)
        self.level.setCurrentIndex(self.level.findData(next_level(order).value))
        result = QWidget()
        self.passed = QRadioButton(self.tr("合格"))
        self.passed.setObjectName("qcPassed")
        self.failed = QRadioButton(self.tr("不合格，返工"))
        self.failed.setObjectName("qcFailed")
        self.passed.setChecked(True)
        group = QButtonGroup(result)
        group.addButton(self.passed)
        group.addButton(self.failed)
        row = QHBoxLayout(result)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.passed)
        row.addWidget(self.failed)
        row.addStretch(1)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("不合格时必填"))
        self.add_row(self.tr("检验级别"), "level", self.level)
        self.add_row(self.tr("检验结果"), "passed", result)
        self.add_row(self.tr("不合格原因"), "reason", self.reason)
        self.finish_layout()
        self.failed.toggled.connect(lambda on: on and self.reason.setFocus())
        self.passed.setFocus()

    def submission(self) -> Submit:
        services, actor, key = self.services, self.actor, self.order.id
        level, passed, reason = str(self.level.currentData()), self.passed.isChecked(), self.reason.text()
        return lambda: services.work_orders.record_qc(actor, key, level, passed, reason)


__all__ = ["QCDialog", "next_level"]
