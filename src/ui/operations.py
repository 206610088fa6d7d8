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


class _Task(QRunnable):
    """One call on the database thread.

    Why the task lets go of ``fn`` before it reports: the pool deletes finished tasks on the
    database thread, and if the last reference to a closure died there, so would whatever
    the closure holds — an object whose method is connected to a Qt signal is then
    disconnected from the wrong thread, which can deadlock against the GUI thread (it did:
    a cancel ``threading.Event`` connected to a progress dialog). The worker keeps its own
    reference until the result has been delivered on the GUI thread, so the last reference
    to ``fn``, the result and the error always dies there.
    """

    def __init__(self, task_id: int, fn: Callable[[], Any], report: Callable[[int, bool, object], None]) -> None:
        super().__init__()
        self._id = task_id
        self._fn: Callable[[], Any] | None = fn
        self._report = report
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None
        ok, payload = self._call(fn)
        del fn
        self._report(self._id, ok, payload)

    @staticmethod
    def _call(fn: Callable[[], Any]) -> tuple[bool, object]:
        try:
            return True, fn()
        except BaseException as exc:  # noqa: BLE001  (handed to the GUI thread)
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            return False, exc


class DbWorker(QObject):
    """The one background thread that talks to the database."""

    busy_changed = Signal(bool)
    _finished = Signal(int, bool, object)  # task id, succeeded, result or exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._next_id = 0
        self._tasks: dict[int, tuple[Callable[[], Any], Callable[[Any], None] | None,
                                     Callable[[DomainError], None] | None]] = {}
        # Emitted on the database thread, delivered queued to this GUI-thread object.
        self._finished.connect(self._deliver)

    def submit(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[DomainError], None] | None = None,
    ) -> None:
        self._next_id += 1
        self._tasks[self._next_id] = (fn, on_success, on_error)
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Task(self._next_id, fn, self._finished.emit))

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        _fn, on_success, on_error = self._tasks.pop(task_id)
        if not self._tasks:
            self.busy_changed.emit(False)
        if ok:
            if on_success is not None:
                on_success(payload)
            return
        if isinstance(payload, DomainError):
            (on_error or _show_error)(payload)
            return
        assert isinstance(payload, BaseException)
        log.error("background operation failed:\n%s", getattr(payload, "__traceback_text__", ""))
        raise payload

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued work is done (shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    @property
    def pending(self) -> int:
        return len(self._tasks)


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


def show_error(exc: DomainError, parent: QWidget | None = None) -> None:
    """The warning box an operation's domain error gets (over the active window by default)."""
    from PySide6.QtWidgets import QApplication

    title = QApplication.translate("Operations", "操作未完成")
    QMessageBox.warning(parent or QApplication.activeWindow(), title, error_text(exc))


def _show_error(exc: DomainError) -> None:
    show_error(exc)


def run_op(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[DomainError], None] | None = None,
    parent: QWidget | None = None,
) -> None:
    """Run ``fn`` on the database thread; call back on the GUI thread."""
    worker().submit(fn, on_success, on_error)


__all__ = ["DbWorker", "error_text", "run_op", "set_language", "show_error", "worker"]
