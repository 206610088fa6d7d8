"""指标设置: the daily available hours per technician behind 工时利用率 (utilisation).

Why a setting and not a constant: shops work 8 h, 7.5 h or two shifts; utilisation
(clocked ÷ available hours) is only comparable when the available hours are the branch's
own. The value lives in the database, so the KPI page, the printed report and the
command line all use the same figure.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain import kpi
from domain.errors import DomainError
from domain.roles import Actor, Permission, can
from domain.services.registry import Services
from domain.settings_defaults import DEFAULTS, KPI_HOURS_PER_DAY
from ui.alive import if_alive
from ui.operations import error_text, run_op


class KpiSettingsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("hoursPerDay")
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setRange(kpi.MIN_HOURS_PER_DAY, kpi.MAX_HOURS_PER_DAY)
        self.hours.setSuffix(self.tr(" 小时"))
        self.hours.setValue(float(DEFAULTS[KPI_HOURS_PER_DAY]))
        self.hours.setMaximumWidth(160)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("kpiSettingsSave")
        self.save_button.setEnabled(can(actor, Permission.SETTINGS_EDIT))
        self.status = QLabel()
        self.status.setObjectName("kpiSettingsStatus")
        form = QFormLayout()
        form.addRow(self.tr("每名技师每日可用工时"), self.hours)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(self.tr("工时利用率 = 技师实际工时 ÷ 可用工时；可用工时 = 在职技师数 × 工作日数（按“工作日历”）"
                              " × 每日可用工时。默认 8 小时。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.hours.lineEdit().returnPressed.connect(self.save)

    def refresh(self) -> None:
        services = self.services

        def read() -> float:
            return kpi.hours_per_day(services.settings.get(KPI_HOURS_PER_DAY, DEFAULTS[KPI_HOURS_PER_DAY]))

        run_op(read, if_alive(self, self.hours.setValue))

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        services, actor, hours = self.services, self.actor, round(self.hours.value(), 1)

        def write() -> None:
            services.settings.set(actor, KPI_HOURS_PER_DAY, hours)

        def failed(exc: DomainError) -> None:
            self.status.setText(error_text(exc))
            self.status.setStyleSheet("color: #c62828;")

        self.status.clear()
        self.status.setStyleSheet("")
        run_op(write, if_alive(self, lambda _result: self.status.setText(self.tr("已保存"))),
               if_alive(self, failed))


__all__ = ["KpiSettingsTab"]
