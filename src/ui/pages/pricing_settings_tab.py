"""价格与税率 in settings: the shop's hourly labour rate and its tax rate.

Why settings: a shop without HQ sets its own prices. The hourly rate is offered for a new
labour operation and a labour line typed without one; the tax rate is added to each payer's
share of a work order opened afterwards (0 % = prices include tax). Both live in the
database and travel with it; the domain checks the ranges (MasterDataService.save_pricing).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.errors import DomainError
from domain.roles import Actor, Permission, can
from domain.services.masterdata import PricingSettings
from domain.services.registry import Services
from ui.alive import if_alive
from ui.operations import run_op
from ui.widgets.amounts import number_edit, parse_fen, parse_scaled, scaled_text
from ui.widgets.field_errors import FieldErrors


class PricingSettingsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pricingSettings")
        self.services, self.actor = services, actor
        self.rate = number_edit(2, "labour_rate_fen", self.tr("元/小时，不设则不填"))
        self.rate.setMaximumWidth(200)
        self.tax = number_edit(2, "tax_rate_bp", self.tr("如 6 或 13；价格含税填 0"))
        self.tax.setMaximumWidth(200)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("pricingSave")
        self.save_button.setEnabled(can(actor, Permission.SETTINGS_EDIT))
        self.status = QLabel()
        self.status.setObjectName("pricingStatus")
        self.status.setWordWrap(True)
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        form.addRow(self.tr("默认工时单价(元/小时)"), self.errors.row("labour_rate_fen", self.rate))
        form.addRow(self.tr("税率(%)"), self.errors.row("tax_rate_bp", self.tax))
        note = QLabel(self.tr("默认工时单价用于新增工时项目和未选工时项目的工时行；税率加在此后新开工单的各付款方金额上"
                              "（价格已含税时填 0）。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.save_button)
        layout.addWidget(self.general)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        for box in (self.rate, self.tax):
            box.returnPressed.connect(self.save)

    def refresh(self) -> None:
        run_op(self.services.master_data.pricing, if_alive(self, self._loaded))

    def _loaded(self, pricing: PricingSettings) -> None:
        self.rate.setText(scaled_text(pricing.labour_rate_fen, 2) if pricing.labour_rate_fen else "")
        self.tax.setText(scaled_text(pricing.tax_rate_bp, 2))

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.errors.clear()
        self.status.clear()
        try:
            rate = parse_fen(self.rate.text(), self.tr("默认工时单价"), "labour_rate_fen", required=False)
            tax = parse_scaled(self.tax.text(), 2, self.tr("税率"), "tax_rate_bp", required=False)
        except DomainError as exc:
            self._failed(exc)
            return
        md, actor = self.services.master_data, self.actor

        def saved(pricing: PricingSettings) -> None:
            self._loaded(pricing)
            self.status.setStyleSheet("color: #1e7e34;")
            self.status.setText(self.tr("已保存"))

        run_op(lambda: md.save_pricing(actor, labour_rate_fen=rate, tax_rate_bp=tax),
               if_alive(self, saved), if_alive(self, self._failed))

    def _failed(self, exc: DomainError) -> None:
        self.errors.place(exc)


__all__ = ["PricingSettingsTab"]
