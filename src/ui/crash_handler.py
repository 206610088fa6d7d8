"""Global exception hook (异常处理): log the traceback, apologise, keep the window open.

Why: a counter PC has no console. An unexpected error must leave a file a support person
can read, tell the user in plain Chinese where it is, and never make the app vanish with
a half-typed work order. PySide6 keeps the event loop running after ``sys.excepthook``
returns, so handling here is enough for errors raised in slots and event handlers.

Personal data must not reach logs (DESIGN.md): the log holds the traceback (file, line,
function) and the exception text with SQL parameters removed; no local variables.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from common.private_files import private_dir, write_private
from common.product import version

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
# SQLAlchemy appends the statement's parameters (names, phones…) to its error text.
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)


def redact(text: str) -> str:
    return _SQL_PARAMETERS.sub("[parameters: (redacted)]", text)


def format_report(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> str:
    lines = traceback.format_exception(exc_type, exc, tb)
    when = datetime.now().astimezone().isoformat(timespec="seconds")
    header = f"DealerDesk {version()} — Python {sys.version.split()[0]} — {when}\n"
    return header + redact("".join(lines))


def write_crash_log(log_dir: Path, report: str) -> Path:
    """Write one file per crash (never overwrite an earlier one) and return its path."""
    private_dir(log_dir)  # the data folder's logs: owner-only (issue 23, item 7)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_dir / f"crash-{stamp}.log"
    counter = 1
    while path.exists():
        counter += 1
        path = log_dir / f"crash-{stamp}-{counter}.log"
    write_private(path, report.encode("utf-8"))
    return path


def apology_text(log_file: Path | None) -> str:
    text = QCoreApplication.translate(
        "CrashHandler",
        "很抱歉，程序遇到了一个意外错误。刚才的操作可能没有完成，请检查后重试；"
        "已保存的数据不受影响。",
    )
    if log_file is not None:
        text += "\n\n" + QCoreApplication.translate(
            "CrashHandler", "错误记录已保存到：\n%1\n如问题反复出现，请把该文件发给技术支持。"
        ).replace("%1", str(log_file))
    return text


class _Notifier(QObject):
    """Lives in the GUI thread; a signal brings crashes from other threads to it."""

    crashed = Signal(object)


class CrashHandler:
    """Installed as ``sys.excepthook`` and ``threading.excepthook`` by the GUI."""

    def __init__(self, log_dir: Path,
                 show: Callable[[Path | None], None] | None = None) -> None:
        self.log_dir = log_dir
        self._show = show or self._message_box
        self._showing = False
        self._notifier: _Notifier | None = None
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self.last_log: Path | None = None

    def install(self) -> None:
        self._notifier = _Notifier()
        self._notifier.crashed.connect(self._notify)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook  # type: ignore[assignment]
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook  # type: ignore[assignment]
        self._previous_hook = self._previous_thread_hook = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        report = format_report(exc_type, exc, tb)
        sys.stderr.write(report)
        try:
            self.last_log = write_crash_log(self.log_dir, report)
        except OSError:
            log.exception("could not write the crash log to %s", self.log_dir)
            self.last_log = None
        if self._in_gui_thread():
            self._notify(self.last_log)
        elif self._notifier is not None:
            self._notifier.crashed.emit(self.last_log)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def _notify(self, log_file: Path | None) -> None:
        if self._showing:  # one apology at a time: a burst of errors must not stack dialogs
            return
        self._showing = True
        try:
            self._show(log_file)
        finally:
            self._showing = False

    @staticmethod
    def _in_gui_thread() -> bool:
        app = QCoreApplication.instance()
        return app is not None and QThread.currentThread() is app.thread()

    @staticmethod
    def _message_box(log_file: Path | None) -> None:
        parent = QApplication.activeWindow()
        box = QMessageBox(parent)
        box.setObjectName("crashMessage")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("CrashHandler", "程序错误"))
        box.setText(apology_text(log_file))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
