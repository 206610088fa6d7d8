"""安全设置: screen-lock idle time and hiding money from technicians (business settings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from domain.roles import Actor
from domain.services.registry import Services
from domain.settings_defaults import (
    DEFAULTS,
    SECURITY_IDLE_LOCK_MINUTES,
    WORKORDER_HIDE_MONEY_FROM_TECHNICIANS,
)
from ui.alive import if_alive
from ui.operations import run_op

MAX_IDLE_MINUTES = 240


class SecuritySettingsTab(QWidget):
    """Both settings live in the database, so they travel with it and apply to every PC."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" 分钟"))
        self.idle_minutes.setSpecialValueText(self.tr("从不锁屏"))
        self.hide_money = QCheckBox(self.tr("技师看不到金额（工单看板、工单金额、维修记录）"))
        self.save_button = QPushButton(self.tr("保存"))
        self.status = QLabel()
        self.status.setObjectName("securityStatus")
        form = QFormLayout()
        form.addRow(self.tr("无操作自动锁屏"), self.idle_minutes)
        form.addRow("", self.hide_money)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(self.tr("锁屏时间在下次登录后生效。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        services = self.services

        def read() -> tuple[int, bool]:
            minutes = services.settings.get(SECURITY_IDLE_LOCK_MINUTES,
                                            DEFAULTS[SECURITY_IDLE_LOCK_MINUTES])
            hidden = services.settings.get(WORKORDER_HIDE_MONEY_FROM_TECHNICIANS,
                                           DEFAULTS[WORKORDER_HIDE_MONEY_FROM_TECHNICIANS])
            return int(minutes), bool(hidden)

        def show(values: tuple[int, bool]) -> None:
            self.idle_minutes.setValue(values[0])
            self.hide_money.setChecked(values[1])

        run_op(read, if_alive(self, show))

    def save(self) -> None:
        services, actor = self.services, self.actor
        minutes, hidden = self.idle_minutes.value(), self.hide_money.isChecked()

        def write() -> None:
            services.settings.set(actor, SECURITY_IDLE_LOCK_MINUTES, minutes)
            services.settings.set(actor, WORKORDER_HIDE_MONEY_FROM_TECHNICIANS, hidden)

        run_op(write, if_alive(self, lambda _result: self.status.setText(self.tr("已保存"))))
