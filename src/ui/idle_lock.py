"""Screen lock after idle time (锁屏): the counter PC is left open while the advisor walks a
customer to the car; whoever passes by must not read or change what the advisor can.

How: an event filter on the application restarts a timer on every key press, click, wheel
turn and mouse move. When it fires, the main window's contents are hidden and a modal lock
dialog covers it; only the same staff member's password unlocks (the login's lockout after
five failures applies, since unlocking is a login). "切换用户" (switch user) closes the window
and the start-up code shows the login again, so the next user gets a window built for their
role. The idle time is the business setting ``security.idle_lock_minutes`` (0: never).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.registry import Services
from domain.settings_defaults import DEFAULTS, SECURITY_IDLE_LOCK_MINUTES
from ui.alive import if_alive
from ui.operations import error_text, run_op

#: What counts as someone at the keyboard.
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride})


def idle_minutes(services: Services) -> int:
    """The branch's idle time before the lock, in minutes (0 or less: never lock)."""
    value = services.settings.get(SECURITY_IDLE_LOCK_MINUTES, DEFAULTS[SECURITY_IDLE_LOCK_MINUTES])
    try:
        return int(value)
    except (TypeError, ValueError):
        return int(DEFAULTS[SECURITY_IDLE_LOCK_MINUTES])


class LockDialog(QDialog):
    """The lock: the locked user's password, or 切换用户."""

    SWITCH_USER = 2  # done() code besides Accepted / Rejected

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.setObjectName("idleLockDialog")
        self.setWindowTitle(self.tr("屏幕已锁定"))
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.message = QLabel(self.tr("屏幕已锁定。%1，请输入密码解锁。").replace("%1", actor.display_name))
        self.message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(self.tr("切换用户"))
        self.switch_button.setObjectName("switchUserButton")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.unlock_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.switch_button.clicked.connect(lambda: self.done(self.SWITCH_USER))
        self.setMinimumWidth(360)

    def reject(self) -> None:
        """Esc does not unlock."""

    def submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        password = self.password.text()
        self.unlock_button.setEnabled(False)
        staff, username = self.services.staff, self.actor.username
        run_op(lambda: staff.login(username, password),
               if_alive(self, self._checked), if_alive(self, self._refused))

    def _checked(self, actor: Actor) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        if actor.staff_id != self.actor.staff_id:  # cannot happen with the same username
            self._show(self.tr("只能由锁屏前的用户解锁"))
            return
        self.accept()

    def _refused(self, exc: DomainError) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self._show(error_text(exc))

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class IdleLock(QObject):
    """Watches the whole application's input and locks ``window`` when nobody touched it."""

    locked = Signal()
    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, window: QMainWindow, services: Services, actor: Actor, *,
                 interval_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.actor = actor
        self.dialog: LockDialog | None = None
        self.switch_requested = False
        self._hidden: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, interval_ms))
        self._timer.timeout.connect(self.lock)

    @classmethod
    def install(cls, app: QObject, window: QMainWindow, services: Services, actor: Actor,
                *, interval_ms: int | None = None) -> IdleLock | None:
        """Start watching (None when the branch set the idle time to 0: never lock)."""
        if interval_ms is None:
            minutes = idle_minutes(services)
            if minutes <= 0:
                return None
            interval_ms = minutes * 60_000
        lock = cls(window, services, actor, interval_ms=interval_ms)
        app.installEventFilter(lock)
        lock._timer.start()
        return lock

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.is_locked:
            self._timer.start()  # restart: idle time counts from the last input
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self._hidden = self.window.centralWidget()
        if self._hidden is not None:
            self._hidden.setVisible(False)  # nothing readable behind the lock
        self.dialog = LockDialog(self.services, self.actor, self.window)
        self.dialog.finished.connect(self._finished)
        self.dialog.open()
        self.locked.emit()

    def _finished(self, code: int) -> None:
        self.dialog = None
        if code == LockDialog.SWITCH_USER:
            self.switch_requested = True
            self.switch_user.emit()
            self.window.close()
            return
        if self._hidden is not None:
            self._hidden.setVisible(True)
        self._timer.start()
        self.unlocked.emit()


__all__ = ["ACTIVITY", "IdleLock", "LockDialog", "idle_minutes"]
