"""改派: the foreman moves a job to another technician (its running clock stops)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import JobView
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.widgets.technician_combo import TechnicianCombo


class ReassignDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, job: JobView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("改派"))
        self.setObjectName("reassignDialog")
        self.job = job
        self.body.insertWidget(0, QLabel(self.tr("派工 %1：%2（现为 %3）").replace("%1", str(job.seq))
                                         .replace("%2", job.title).replace("%3", job.technician_name)))
        self.technician = TechnicianCombo(services, actor, selected=job.technician_id)
        self.add_row(self.tr("改派给"), "technician_id", self.technician)
        self.finish_layout()
        self.technician.setFocus()

    def submission(self) -> Submit:
        services, actor, job_id = self.services, self.actor, self.job.id
        technician = self.technician.staff_id() or ""
        return lambda: services.work_orders.reassign_job(actor, job_id, technician)


__all__ = ["ReassignDialog"]
