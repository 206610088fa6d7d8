"""派工: the foreman gives a job (one repair card) to a technician, with its labour lines.

Why labour lines are ticked here: the repair card lists what the technician is to do; the
lines then carry the technician, which the daily report counts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import TRADES
from domain.workorder_rules import TRADE_LABELS
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language
from ui.widgets.technician_combo import TechnicianCombo


class DispatchDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("派工 — %1").replace("%1", order.number))
        self.save_button().setText(self.tr("派工"))
        self.setObjectName("dispatchDialog")
        self.order = order
        self.technician = TechnicianCombo(services, actor)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("作业内容，如：更换前刹车片"))
        undispatched = [x for x in order.labour if x.job_id is None]
        if undispatched:
            self.title_edit.setText("、".join(x.description for x in undispatched)[:200])
        self.trade = QComboBox()
        for trade in TRADES:
            self.trade.addItem(label(TRADE_LABELS, trade, language()), trade)
        self.add_row(self.tr("技师"), "technician_id", self.technician)
        self.add_row(self.tr("作业内容"), "title", self.title_edit)
        self.add_row(self.tr("工种"), "trade", self.trade)
        self.line_checks: list[tuple[QCheckBox, str]] = []
        if order.labour:
            box = QGroupBox(self.tr("包含的工时项目"))
            column = QVBoxLayout(box)
            for line in order.labour:
                check = QCheckBox(f"{line.code} {line.description}".strip())
                check.setObjectName(f"labour_{line.seq}")
                check.setChecked(line.job_id is None)
                column.addWidget(check)
                self.line_checks.append((check, line.id))
            self.body.addWidget(box)
        self.finish_layout()
        self.technician.setFocus()

    def submission(self) -> Submit:
        services, actor, key = self.services, self.actor, self.order.id
        technician = self.technician.staff_id() or ""
        title, trade = self.title_edit.text(), str(self.trade.currentData())
        lines = [line_id for check, line_id in self.line_checks if check.isChecked()]
        return lambda: services.work_orders.dispatch(actor, key, technician, title, trade, lines)


__all__ = ["DispatchDialog"]
