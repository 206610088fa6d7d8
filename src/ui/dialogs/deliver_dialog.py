"""交车: mileage out, who handed the car over, and the claim check (客户联) taken back.

Why the claim check: the customer's copy of the work order is the receipt for the car;
at delivery it is taken back and voided, or the reason it was not is recorded.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from domain.roles import Actor
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import DeliveryInput
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.widgets.amounts import number_edit, parse_scaled
from ui.widgets.optional_date import OptionalDateEdit


class DeliverDialog(OrderFormDialog):
    def __init__(self, services: Services, actor: Actor, order: WorkOrderView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setWindowTitle(self.tr("交车 — %1").replace("%1", order.number))
        self.save_button().setText(self.tr("交车"))
        self.setObjectName("deliverDialog")
        self.order = order
        self.mileage_out = number_edit(0, "mileage_out")
        self.mileage_out.setText(str(order.mileage_in))
        handed = QLabel(actor.display_name)
        handed.setObjectName("handedOverBy")
        self.claim_returned = QCheckBox(self.tr("客户已交回取车凭证（客户联），作废"))
        self.claim_returned.setObjectName("claimCheckReturned")
        self.claim_returned.setChecked(True)
        self.claim_note = QLineEdit()
        self.claim_note.setPlaceholderText(self.tr("未交回时填写原因，如：客户遗失，已核对身份证"))
        self.claim_note.setEnabled(False)
        self.claim_returned.toggled.connect(lambda on: self.claim_note.setEnabled(not on))
        self.next_date = OptionalDateEdit()
        self.next_date.set_value(order.next_service_date)
        self.next_km = number_edit(0, "next_service_km")
        if order.next_service_km:
            self.next_km.setText(str(order.next_service_km))
        self.add_row(self.tr("出厂里程(km)"), "mileage_out", self.mileage_out)
        self.add_row(self.tr("交车人"), "delivered_by", handed)
        self.add_row(self.tr("取车凭证"), "claim_check_returned", self.claim_returned)
        self.add_row(self.tr("未交回原因"), "claim_check_note", self.claim_note)
        self.add_row(self.tr("下次保养日期"), "next_service_date", self.next_date)
        self.add_row(self.tr("下次保养里程(km)"), "next_service_km", self.next_km)
        self.finish_layout()
        self.mileage_out.setFocus()
        self.mileage_out.selectAll()

    def submission(self) -> Submit:
        km = self.next_km.text().strip()
        data = DeliveryInput(
            mileage_out=parse_scaled(self.mileage_out.text(), 0, self.tr("出厂里程"), "mileage_out"),
            claim_check_returned=self.claim_returned.isChecked(),
            claim_check_note=self.claim_note.text(),
            next_service_date=self.next_date.value(),
            next_service_km=int(km) if km else None)
        services, actor, key = self.services, self.actor, self.order.id
        return lambda: services.work_orders.deliver(actor, key, data)


__all__ = ["DeliverDialog"]
