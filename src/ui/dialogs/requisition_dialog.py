"""维修领料单: the parts issued to one job, signed for by its technician.

Why the order's part lines are offered first: most issues are exactly the parts on the
order; a free row covers the screw or the clip nobody priced.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from domain.errors import ValidationError
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import JobView, WorkOrderView
from domain.services.workorders import RequisitionLineInput
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.widgets.amounts import number_edit, parse_scaled, scaled_text


class RequisitionDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView, job: JobView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("维修领料 — 派工 %1 %2").replace("%1", str(job.seq))
                            .replace("%2", job.technician_name))
        self.save_button().setText(self.tr("领料签收"))
        self.setObjectName("requisitionDialog")
        self.job = job
        box = QGroupBox(self.tr("本单配件（填写领用数量，不领则留空）"))
        grid = QGridLayout(box)
        for col, text in enumerate((self.tr("配件编号"), self.tr("名称"), self.tr("工单数量"),
                                    self.tr("领用数量"))):
            grid.addWidget(QLabel(text), 0, col)
        self.part_rows: list[tuple[str, QLineEdit]] = []
        for row, part in enumerate(order.parts, start=1):
            qty = number_edit(3, f"issue_{part.seq}")
            grid.addWidget(QLabel(part.part_no), row, 0)
            grid.addWidget(QLabel(part.name), row, 1)
            grid.addWidget(QLabel(f"{scaled_text(part.qty_milli, 3)} {part.unit}"), row, 2)
            grid.addWidget(qty, row, 3)
            self.part_rows.append((part.id, qty))
        if not order.parts:
            grid.addWidget(QLabel(self.tr("工单上没有配件项目")), 1, 0, 1, 4)
        self.body.addWidget(box)
        self.free_no = QLineEdit()
        self.free_name = QLineEdit()
        self.free_qty = number_edit(3, "free_qty")
        self.add_row(self.tr("其他配件编号"), "part_no", self.free_no)
        self.add_row(self.tr("其他配件名称"), "name", self.free_name)
        self.add_row(self.tr("其他配件数量"), "qty_milli", self.free_qty)
        self.finish_layout()
        if self.part_rows:
            self.part_rows[0][1].setFocus()

    def submission(self) -> Submit:
        lines: list[RequisitionLineInput] = []
        for part_id, edit in self.part_rows:
            if edit.text().strip():
                qty = parse_scaled(edit.text(), 3, self.tr("领用数量"), "lines")
                if qty:
                    lines.append(RequisitionLineInput(qty_milli=qty, part_line_id=part_id))
        if self.free_name.text().strip() or self.free_qty.text().strip():
            lines.append(RequisitionLineInput(
                qty_milli=parse_scaled(self.free_qty.text(), 3, self.tr("数量"), "qty_milli"),
                part_no=self.free_no.text(), name=self.free_name.text()))
        if not lines:
            raise ValidationError("required", "lines", label=self.tr("领料明细"))
        services, actor, job_id = self.services, self.actor, self.job.id
        return lambda: services.work_orders.record_requisition(actor, job_id, lines)


__all__ = ["RequisitionDialog"]
