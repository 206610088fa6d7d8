"""Hearing other desks' changes (其他电脑的修改): one listener thread per running GUI.

Why a thread of its own: waiting for PostgreSQL's notifications blocks, and the single
database worker (:mod:`ui.operations`) must stay free for the user's own work. The thread
has its own connection (never one of the engine's pool, never a Session), waits on it in
short slices so it can be stopped at once, and hands each change — the set of table
names another desk's unit of work wrote (:mod:`storage.notify`) — to a callback.

Why so little Qt: in the GUI the callback is the ``emit`` of a signal of a small QObject
that lives in the GUI thread (a child of the main window), connected queued to the
window. The thread touches no other Qt object and owns none, so no Qt object is ever
created, disconnected or destroyed there (``ui.operations`` explains the deadlock that
once cost).

When the main PC goes away (restarted, switched off, the network down), the thread says so
in one log line, tries again with growing pauses, and says so once more when it is back;
the user sees no box, and a save they try meanwhile gets the usual "cannot reach the main
PC" message. What was saved while it was away was never heard, so after reconnecting the
thread reports every table as changed and the lists on screen read themselves again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from sqlalchemy import Engine

from storage import notify

if TYPE_CHECKING:
    from app.context import AppContext
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: seconds between looks at the stop flag while waiting for notifications
WAIT_S = 0.5
#: pauses between reconnection attempts, the last one repeated
BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0)

Deliver = Callable[[frozenset[str]], None]


class ChangeListener:
    """Listens on the shop's server and calls ``deliver(tables)`` (on its own thread) for each
    change another process committed."""

    def __init__(self, engine: Engine, deliver: Deliver, *, wait_s: float = WAIT_S,
                 backoff_s: Sequence[float] = BACKOFF_S) -> None:
        self._engine = engine
        self._deliver = deliver
        self._wait_s = wait_s
        self._backoff_s = tuple(backoff_s)
        self._own = notify.pc_id()
        self._stopping = threading.Event()
        #: set while LISTEN is in place (tests wait for it)
        self.listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-listener", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self, timeout: float = 1.0) -> None:
        """Stop listening; waits at most ``timeout`` seconds (the thread is a daemon, so a
        server that does not answer never keeps the app from ending)."""
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # --- the thread ----------------------------------------------------------------------
    def _run(self) -> None:
        failures = 0
        heard_before = False
        while not self._stopping.is_set():
            try:
                conn = notify.listen(self._engine)
            except Exception as exc:  # noqa: BLE001 - any failure to connect: try again later
                failures = self._lost(failures, exc)
                continue
            with conn:
                if failures:
                    log.info("change listener: connected to the server again")
                failures = 0
                self.listening.set()
                if heard_before:  # changes saved while we were away were not heard
                    self._hand_over(notify.every_table())
                heard_before = True
                try:
                    self._listen(conn)
                except Exception as exc:  # noqa: BLE001 - the connection broke: reconnect
                    self.listening.clear()
                    failures = self._lost(failures, exc)
        self.listening.clear()

    def _listen(self, conn: Any) -> None:
        while not self._stopping.is_set():
            for change in notify.received(conn, self._wait_s):
                if change.pc != self._own:
                    self._hand_over(change.tables)
                if self._stopping.is_set():
                    return

    def _hand_over(self, tables: frozenset[str]) -> None:
        if self._stopping.is_set():
            return
        try:
            self._deliver(tables)
        except RuntimeError:  # the window (and its signal's object) is gone: nobody to tell
            log.debug("change listener: receiver gone, stopping")
            self._stopping.set()

    def _lost(self, failures: int, exc: BaseException) -> int:
        """One log line per outage (not one per attempt), then a pause that grows."""
        if failures == 0:
            log.warning("change listener: no connection to the server (%s); retrying",
                        type(exc).__name__)
        pause = self._backoff_s[min(failures, len(self._backoff_s) - 1)]
        self._stopping.wait(pause)
        return failures + 1


class _Relay(QObject):
    """Lives in the GUI thread (a child of the main window); the listener thread only emits
    ``changed``, which reaches the window queued, on the GUI thread."""

    changed = Signal(object)  # frozenset[str]: table names

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.listener: ChangeListener | None = None

    @Slot()
    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()


def attach_change_listener(window: MainWindow, ctx: AppContext) -> ChangeListener | None:
    """On the shop's server: other desks' changes reach ``window.changed_elsewhere`` within
    about a second. Stopped when the application leaves its event loop or the window goes.
    On a SQLite file (one PC) there is nobody else: no thread is started."""
    if not ctx.db.is_server:
        return None
    relay = _Relay(window)
    relay.changed.connect(window.changed_elsewhere, Qt.ConnectionType.QueuedConnection)
    listener = ChangeListener(ctx.db.engine, relay.changed.emit)
    relay.listener = listener
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(relay.stop)
    window.destroyed.connect(lambda *_a: listener.stop(0.5))
    return listener.start()


__all__ = ["ChangeListener", "attach_change_listener"]
