"""工种交接: the job hands the car to another trade's job (机修 → 钣金/喷漆), signed over."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from domain.labels import label
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import JobView, WorkOrderView
from domain.workorder_rules import TRADE_LABELS
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language


class HandoverDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView, job: JobView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("工种交接"))
        self.save_button().setText(self.tr("交接签字"))
        self.setObjectName("handoverDialog")
        self.job = job
        self.body.insertWidget(0, QLabel(self.tr("交出：派工 %1 %2（%3）").replace("%1", str(job.seq))
                                         .replace("%2", job.title).replace("%3", job.technician_name)))
        self.target = QComboBox()
        for other in order.jobs:
            if other.id != job.id:
                trade = label(TRADE_LABELS, other.trade, language())
                self.target.addItem(f"{other.seq}. {other.title}（{trade}，{other.technician_name}）",
                                    other.id)
        self.note = QLineEdit()
        self.add_row(self.tr("交给"), "to_job_id", self.target)
        self.add_row(self.tr("交接说明"), "note", self.note)
        self.finish_layout()
        self.target.setFocus()

    def submission(self) -> Submit:
        services, actor, source = self.services, self.actor, self.job.id
        target, note = str(self.target.currentData() or ""), self.note.text()
        return lambda: services.work_orders.trade_handover(actor, source, target, note)


__all__ = ["HandoverDialog"]
