"""指标设置: the daily available hours per technician behind 工时利用率 (utilisation), and
the branch's KPI targets (指标目标: CSI, return-repair rate, cars a day, revenue per car …).

Why settings and not constants: shops work 8 h, 7.5 h or two shifts; utilisation
(clocked ÷ available hours) is only comparable when the available hours are the branch's
own; and a small shop does not aim at 20 cars a day. The values live in the database, so
the KPI page, the printed report and the command line all use the same figures; a target
never changed is the regulation's (``domain.kpi.TARGETS``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain import kpi
from domain.errors import DomainError
from domain.kpi import KPI_LABELS, Direction, Kpi, Target
from domain.labels import label
from domain.roles import Actor, Permission, can
from domain.services.registry import Services
from domain.settings_defaults import DEFAULTS, KPI_HOURS_PER_DAY
from ui.alive import if_alive
from ui.i18n import language
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
        layout.addWidget(self._targets_box())
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.hours.lineEdit().returnPressed.connect(self.save)

    def _targets_box(self) -> QGroupBox:
        """One box per target, in its unit, within the range the domain accepts."""
        box = QGroupBox(self.tr("指标目标（默认为规范中的目标）"))
        form = QFormLayout(box)
        units = {Kpi.CARS_RECEIVED: self.tr(" 台/工作日"), Kpi.REVENUE_PER_CAR: self.tr(" 元"),
                 Kpi.REVENUE_PER_CAR_INSURANCE: self.tr(" 元")}
        self.targets: dict[Kpi, QDoubleSpinBox] = {}
        for which, target in kpi.TARGETS.items():
            spin = QDoubleSpinBox()
            spin.setObjectName(f"target_{which.value}")
            low, high = kpi.TARGET_LIMITS[which]
            spin.setRange(low, high)
            spin.setDecimals(1 if which not in units or which is Kpi.CARS_RECEIVED else 0)
            spin.setSuffix(units.get(which, " %"))
            spin.setValue(target.value)
            spin.setMaximumWidth(160)
            spin.lineEdit().returnPressed.connect(self.save)
            direction = self.tr("不低于") if target.direction is Direction.AT_LEAST else self.tr("低于")
            form.addRow(self.tr("%1（%2）").replace("%1", label(KPI_LABELS, which, language()))
                        .replace("%2", direction), spin)
            self.targets[which] = spin
        return box

    def refresh(self) -> None:
        services = self.services

        def read() -> tuple[float, dict[Kpi, Target]]:
            stored = services.settings.get(KPI_HOURS_PER_DAY, DEFAULTS[KPI_HOURS_PER_DAY])
            return kpi.hours_per_day(stored), services.kpi.targets()

        run_op(read, if_alive(self, self._loaded))

    def _loaded(self, loaded: tuple[float, dict[Kpi, Target]]) -> None:
        hours, targets = loaded
        self.hours.setValue(hours)
        for which, spin in self.targets.items():
            spin.setValue(targets[which].value)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        services, actor, hours = self.services, self.actor, round(self.hours.value(), 1)
        targets = {which: round(spin.value(), spin.decimals()) for which, spin in self.targets.items()}

        def write() -> None:
            kpi.check_targets(targets)  # refused targets save nothing, the hours neither
            services.settings.set(actor, KPI_HOURS_PER_DAY, hours)
            services.kpi.save_targets(actor, targets)

        def failed(exc: DomainError) -> None:
            self.status.setText(error_text(exc))
            self.status.setStyleSheet("color: #c62828;")

        self.status.clear()
        self.status.setStyleSheet("")
        run_op(write, if_alive(self, lambda _result: self.status.setText(self.tr("已保存"))),
               if_alive(self, failed))


__all__ = ["KpiSettingsTab"]
