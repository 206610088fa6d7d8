"""Database work off the GUI thread, one call at a time (the single writer, as in Anki).

Why: a save or a search must never freeze the counter's window, and SQLite wants one writer.
:func:`run_op` queues a callable on the one background thread; its result (or error) comes
back to the GUI thread by signal. Domain errors become Chinese messages; anything else goes
to the global exception handler.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from domain.errors import DomainError

log = logging.getLogger(__name__)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001  (handed to the GUI thread)
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class _Relay(QObject):
    """Lives in the GUI thread, so signals from the worker arrive here queued."""

    def __init__(self, on_ok: Callable[[Any], None], on_fail: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._on_ok = on_ok
        self._on_fail = on_fail

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        self._on_ok(result)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self._on_fail(exc)


class DbWorker(QObject):
    """The one background thread that talks to the database."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending = 0
        self._keep: set[tuple[_Signals, _Relay]] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[DomainError], None] | None = None,
    ) -> None:
        signals = _Signals()

        def done() -> None:
            self._keep.discard(pair)
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)

        def succeeded(result: Any) -> None:
            done()
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            done()
            if isinstance(exc, DomainError):
                (on_error or _show_error)(exc)
                return
            text = getattr(exc, "__traceback_text__", "")
            log.error("background operation failed:\n%s", text)
            raise exc

        relay = _Relay(succeeded, failed)
        pair = (signals, relay)
        self._keep.add(pair)
        signals.succeeded.connect(relay.succeeded)
        signals.failed.connect(relay.failed)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Task(fn, signals))

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued work is done (shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    @property
    def pending(self) -> int:
        return self._pending


_worker: DbWorker | None = None
_language = "zh"


def worker() -> DbWorker:
    global _worker
    if _worker is None:
        _worker = DbWorker()
    return _worker


def set_language(lang: str) -> None:
    global _language
    _language = lang


def error_text(exc: DomainError) -> str:
    return exc.message(_language)


def _show_error(exc: DomainError) -> None:
    from PySide6.QtWidgets import QApplication

    parent = QApplication.activeWindow()
    title = QApplication.translate("Operations", "操作未完成")
    QMessageBox.warning(parent, title, error_text(exc))


def run_op(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[DomainError], None] | None = None,
    parent: QWidget | None = None,
) -> None:
    """Run ``fn`` on the database thread; call back on the GUI thread."""
    worker().submit(fn, on_success, on_error)


__all__ = ["DbWorker", "error_text", "run_op", "set_language", "worker"]
