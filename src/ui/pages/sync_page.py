"""总部同步: a branch's enrolment and export/import, or (at HQ) the HQ console.

Why a protocol instead of the sync service: ``ui`` never imports ``sync``, ``storage`` or
``app`` (layer rule). The app hands in an object with the :class:`SyncActions` methods
(``app.sync_actions.AppSyncActions``) through :meth:`SyncPage.set_actions`; every call runs
on the database thread through :func:`ui.operations.run_op`. Results and refusals go to the
page's result list (not modal boxes): an HQ clerk importing twenty files wants to read them
all at once, and a watched folder imports while nobody is looking.

Who may (issue 23 item 2: "The GUI greys out what the role may not do, and the services
refuse it anyway"): every button whose action the logged-in role may not do is disabled,
its tooltip the very refusal the sync service would give (:func:`_refusal`): exports and
imports need a manager or administrator, enrolment and key revocation an administrator.

Progress of an export or import shows in a bar inside the page (:class:`SyncProgress`), never
in a modal dialog, and the database thread reports it through a plain object the GUI samples
(:class:`ProgressMailbox`), never through Qt signals; see there for the hang this avoids.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.roles import (
    PERMISSION_LABELS_EN,
    PERMISSION_LABELS_ZH,
    Actor,
    Permission,
    can,
    not_allowed,
)
from domain.services.branch import BranchView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.operations import error_text, run_op, worker

T = TypeVar("T")

# HQ's watched folder, per database (settings table): a restart keeps watching the same folder
WATCH_FOLDER_KEY = "sync.watch_folder"


def _bundle_filter() -> str:
    return QCoreApplication.translate("SyncPage", "同步数据包 (*.ddsync)")


def _enrol_filter() -> str:
    return QCoreApplication.translate("SyncPage", "登记文件 (*.json);;所有文件 (*)")


Progress = Callable[[int, int], None]


class ExportDone(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def first_seq(self) -> int: ...
    @property
    def last_seq(self) -> int: ...
    @property
    def changes(self) -> int: ...


class ImportDone(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def status(self) -> str: ...  # applied | skipped | refused
    @property
    def message(self) -> str: ...


class WatchDone(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def message(self) -> str: ...


class ImportProgress(Protocol):
    """Which file an import is on (1-based of ``count``) and how many of its changes are written."""

    def file_started(self, index: int, count: int, name: str) -> None: ...
    def advance(self, done: int, total: int) -> None: ...


class LocalStatus(Protocol):
    @property
    def branch_code(self) -> str: ...
    @property
    def enrolled(self) -> bool: ...
    @property
    def hq_code(self) -> str: ...
    @property
    def hq_fingerprint(self) -> str: ...
    @property
    def own_fingerprint(self) -> str: ...
    @property
    def acked_seq(self) -> int: ...
    @property
    def last_export_seq(self) -> int: ...
    @property
    def last_export_at(self) -> datetime | None: ...
    @property
    def enrolment_pending(self) -> bool: ...


class BranchRow(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def enrolled(self) -> bool: ...
    @property
    def key_fingerprint(self) -> str: ...
    @property
    def revoked(self) -> bool: ...
    @property
    def last_import_at(self) -> datetime | None: ...
    @property
    def last_seq(self) -> int: ...
    @property
    def silent_days(self) -> int | None: ...
    @property
    def silent(self) -> bool: ...


class SyncActions(Protocol):
    """What the page needs; each method is called on the database thread."""

    def local_status(self) -> LocalStatus: ...
    def enrol(self, path: Path) -> str: ...
    def export(self, path: Path, progress: Progress, cancelled: Callable[[], bool]) -> ExportDone: ...
    def import_files(self, paths: Sequence[Path], progress: ImportProgress) -> Sequence[ImportDone]: ...
    def hq_fingerprint(self) -> str: ...
    def silent_days(self) -> int: ...
    def set_silent_days(self, days: int) -> None: ...
    def branch_statuses(self, silent_after_days: int) -> Sequence[BranchRow]: ...
    def enrol_branch(self, code: str, name: str, path: Path) -> str: ...
    def revoke_branch(self, code: str) -> str: ...
    def export_for_branch(self, code: str, path: Path, progress: Progress,
                          cancelled: Callable[[], bool]) -> ExportDone: ...
    def import_dropped(self, files: Sequence[Path], progress: ImportProgress) -> Sequence[WatchDone]: ...


class ProgressMailbox:
    """What the database thread tells the progress bar; the GUI thread samples it on a timer.

    Why not Qt signals and a modal QProgressDialog (as before): the export hung for good in
    ``QProgressDialog.close()``. The worker's closure held the last reference to a
    ``threading.Event`` whose bound ``set`` was connected to the dialog's ``canceled``; when the
    thread pool deleted the finished task, PySide disconnected that connection *on the worker
    thread*, holding the dialog's connection lock while waiting for the GIL, and the GUI thread,
    holding the GIL, waited for that lock in ``close()`` (which emits ``canceled``). Besides, a
    modal ``setValue`` runs ``processEvents`` and re-enters the finish callback. Now the
    worker touches only this plain object (no Qt object, nothing connected to a signal), and
    100,000 progress reports cost a lock each instead of 100,000 queued events.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._file: tuple[int, int, str] = (0, 0, "")
        self._counts: tuple[int, int] = (0, 0)

    def file_started(self, index: int, count: int, name: str) -> None:
        with self._lock:
            self._file = (index, count, name)
            self._counts = (0, 0)

    def advance(self, done: int, total: int) -> None:
        with self._lock:
            self._counts = (done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def snapshot(self) -> tuple[int, int, str, int, int]:
        """(file index, file count, file name, changes done, changes in this file)."""
        with self._lock:
            return (*self._file, *self._counts)


class SyncProgress(QFrame):
    """The running export or import, as a bar with 取消 inside the page.

    Why not a dialog: the window stays usable (the counter keeps working while HQ imports
    twenty files), nothing processes events re-entrantly, and closing is just hiding. One
    operation at a time per page: :meth:`run` refuses while one runs.
    """

    busy_changed = Signal(bool)
    TICK_MS = 100

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProgress")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("syncProgressTitle")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("syncProgressDetail")
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.detail_label)
        row = QHBoxLayout()
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgressBar")
        self.cancel_button = _button(self.tr("取消"), "cancelSyncButton")
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(top)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.cancel_button.clicked.connect(self.cancel)
        worker().busy_changed.connect(self._worker_busy)
        self.mailbox: ProgressMailbox | None = None
        self.hide()

    @property
    def busy(self) -> bool:
        return self.mailbox is not None

    def run(self, title: str, work: Callable[[ProgressMailbox], T], ok: Callable[[T], None],
            failed: Callable[[DomainError], None], *, cancellable: bool = False) -> bool:
        """Start ``work(mailbox)`` on the database thread; False while another one runs.

        ``work`` must capture plain data and the actions object only, no widget: whatever
        it holds may be released on the database thread (see :class:`ProgressMailbox`).
        """
        if self.mailbox is not None:
            return False
        mailbox = ProgressMailbox()
        self.mailbox = mailbox
        self.title_label.setText(title)
        self.detail_label.setText(self.tr("正在准备…"))
        self.bar.setRange(0, 0)  # moving until the first count arrives
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(cancellable)
        self.show()
        self.timer.start()
        self.busy_changed.emit(True)

        def succeeded(result: T) -> None:
            if self._stop(mailbox):
                ok(result)

        def refused(exc: DomainError) -> None:
            if self._stop(mailbox):
                failed(exc)

        run_op(lambda: work(mailbox), if_alive(self, succeeded), if_alive(self, refused))
        return True

    def cancel(self) -> None:
        if self.mailbox is not None:
            self.mailbox.cancel()
            self.cancel_button.setEnabled(False)
            self.tick()

    def tick(self) -> None:
        mailbox = self.mailbox
        if mailbox is None:
            return
        index, count, name, done, total = mailbox.snapshot()
        parts: list[str] = []
        if count:
            parts.append(self.tr("第 %1/%2 个文件 %3").replace("%1", str(index))
                         .replace("%2", str(count)).replace("%3", name))
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            parts.append(self.tr("%1 / %2 条变更").replace("%1", str(min(done, total)))
                         .replace("%2", str(total)))
        else:
            self.bar.setRange(0, 0)
            if count:
                parts.append(self.tr("正在校验…"))
        if mailbox.cancelled():
            parts.append(self.tr("正在取消…"))
        self.detail_label.setText("  ".join(parts) or self.tr("正在准备…"))

    def _stop(self, mailbox: ProgressMailbox) -> bool:
        if self.mailbox is not mailbox:
            return False
        self.mailbox = None
        self.timer.stop()
        self.hide()
        self.busy_changed.emit(False)
        return True

    def _worker_busy(self, busy: bool) -> None:
        """A safety net: an unexpected error (a bug) reaches the global handler without
        calling back; once the database thread is idle, the bar must not stay up forever.
        Deferred so the normal callback, which runs right after this signal, comes first."""
        if not busy and self.mailbox is not None:
            mailbox = self.mailbox
            QTimer.singleShot(0, self, lambda: self._stop(mailbox))


class _ResultLog(QListWidget):
    """The outcome of every action on this page, newest first, refusals in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)  # a refusal's reason is read in full, not scrolled to
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def add(self, text: str, *, bad: bool = False) -> None:
        item = QListWidgetItem(f"{clock.format_local(clock.now(), None, '%H:%M:%S')}  {text}")
        if bad:
            item.setForeground(QBrush(QColor("#c62828")))
        self.insertItem(0, item)

    def add_imports(self, results: Sequence[ImportDone]) -> None:
        """One line per imported, skipped or refused file (both sides' import buttons)."""
        for result in results:
            text, bad = _import_line(result)
            self.add(text, bad=bad)

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]


class SyncPage(QWidget):
    """The page; its content appears once the app hands in the actions.

    At HQ the main window listens to ``list_requested`` (show that page) and ``imported``
    (the consolidated lists read again).
    """

    list_requested = Signal(str)
    imported = Signal()

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.sync_actions: SyncActions | None = None
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._waiting = QLabel(self.tr("同步功能未启用"))
        self._waiting.setObjectName("syncWaitingLabel")
        self._layout.addWidget(self._waiting)

    def set_actions(self, actions: SyncActions) -> None:
        self.sync_actions = actions
        self._waiting.hide()
        if self.branch.mode == "hq":
            console = HqConsole(self.services, self.actor, self.branch, actions)
            console.list_requested.connect(self.list_requested)
            console.imported.connect(self.imported)
            self.content = console
        else:
            self.content = BranchSyncView(self.branch, actions, self.actor)
        self._layout.addWidget(self.content)


def _export_line(result: ExportDone) -> str:
    return (QCoreApplication.translate("SyncPage", "已导出 %1：第 %2-%3 号，共 %4 条变更")
            .replace("%1", result.path.name).replace("%2", str(result.first_seq))
            .replace("%3", str(result.last_seq)).replace("%4", str(result.changes)))


def _import_line(result: ImportDone) -> tuple[str, bool]:
    name = result.path.name
    if result.status == "applied":
        text, bad = QCoreApplication.translate("SyncPage", "已导入 %1：%2"), False
    elif result.status == "skipped":
        text, bad = QCoreApplication.translate("SyncPage", "已跳过 %1：%2"), False
    else:
        text, bad = QCoreApplication.translate("SyncPage", "拒绝导入 %1：%2"), True
    return text.replace("%1", name).replace("%2", result.message), bad


def _busy_line() -> str:
    return QCoreApplication.translate("SyncPage", "另一个导出或导入正在进行，请等它完成")


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _refusal(actor: Actor, permission: Permission) -> str:
    """Why ``actor`` may not do it — the service's own refusal line — or "" when it may."""
    if can(actor, permission):
        return ""
    return error_text(not_allowed(actor.role, PERMISSION_LABELS_ZH[permission],
                                  PERMISSION_LABELS_EN[permission]))


def _grey(button: QWidget, enabled: bool, refusal: str) -> None:
    """Enable ``button`` when the state allows and the role may; a refusal greys it out and
    says why in its tooltip (a disabled button shows its tooltip on hover)."""
    button.setEnabled(enabled and not refusal)
    button.setToolTip(refusal)


# --- a branch ---------------------------------------------------------------------------------
class BranchSyncView(QWidget):
    """Enrolment status, 导入登记文件…, 导出到文件…, 导入总部文件…"""

    def __init__(self, branch: BranchView, actions: SyncActions, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.branch, self.sync_actions = branch, actions
        # what the role may not do stays greyed out, whatever the state (module doc)
        self.may_not_exchange = _refusal(actor, Permission.SYNC_EXCHANGE)
        self.may_not_enrol = _refusal(actor, Permission.SYNC_ENROL)
        self.status: LocalStatus | None = None
        self.setObjectName("branchSyncView")
        layout = QVBoxLayout(self)

        box = QGroupBox(self.tr("登记状态"))
        form = QFormLayout(box)
        self.state_label = QLabel()
        self.state_label.setObjectName("syncState")
        self.hq_label = QLabel()
        self.hq_fp_label = QLabel()
        self.hq_fp_label.setObjectName("hqFingerprint")
        self.own_fp_label = QLabel()
        self.own_fp_label.setObjectName("ownFingerprint")
        self.export_label = QLabel()
        self.export_label.setObjectName("lastExport")
        self.acked_label = QLabel()
        self.acked_label.setObjectName("ackedSeq")
        for label in (self.hq_fp_label, self.own_fp_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("状态："), self.state_label)
        form.addRow(self.tr("总部："), self.hq_label)
        form.addRow(self.tr("总部密钥指纹："), self.hq_fp_label)
        form.addRow(self.tr("本机密钥指纹："), self.own_fp_label)
        form.addRow(self.tr("上次导出："), self.export_label)
        form.addRow(self.tr("总部已确认到："), self.acked_label)
        layout.addWidget(box)

        buttons = QHBoxLayout()
        self.enrol_button = _button(self.tr("导入登记文件…"), "enrolButton")
        self.export_button = _button(self.tr("导出到文件…"), "exportButton")
        self.import_button = _button(self.tr("导入总部文件…"), "importHqButton")
        for button in (self.enrol_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = SyncProgress()
        layout.addWidget(self.progress)
        layout.addWidget(QLabel(self.tr("结果：")))
        self.log = _ResultLog()
        self.log.setObjectName("syncLog")
        layout.addWidget(self.log, 1)

        self.enrol_button.clicked.connect(self.choose_enrolment)
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.choose_import)
        self.progress.busy_changed.connect(lambda _busy: self._update_buttons())
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        run_op(self.sync_actions.local_status, if_alive(self, self._show_status),
               if_alive(self, lambda exc: self.log.add(error_text(exc), bad=True)))

    def _show_status(self, status: LocalStatus) -> None:
        self.status = status
        if not status.enrolled:
            self.state_label.setText(self.tr("尚未登记：请导入总部签发的登记文件"))
        elif status.enrolment_pending:
            self.state_label.setText(self.tr("已登记，等待总部收到第一个数据包"))
        else:
            self.state_label.setText(self.tr("已登记"))
        self.hq_label.setText(status.hq_code or "—")
        self.hq_fp_label.setText(status.hq_fingerprint or "—")
        self.own_fp_label.setText(status.own_fingerprint or "—")
        if status.last_export_at is None:
            self.export_label.setText(self.tr("从未导出"))
        else:
            self.export_label.setText(self.tr("%1（到第 %2 号）")
                                      .replace("%1", clock.format_local(status.last_export_at,
                                                                        self.branch.timezone))
                                      .replace("%2", str(status.last_export_seq)))
        self.acked_label.setText(self.tr("第 %1 号").replace("%1", str(status.acked_seq)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.progress.busy
        enrolled = self.status is not None and self.status.enrolled
        _grey(self.enrol_button, idle, self.may_not_enrol)
        _grey(self.export_button, idle and enrolled, self.may_not_exchange)
        _grey(self.import_button, idle and enrolled, self.may_not_exchange)

    def choose_enrolment(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("导入登记文件"), "", _enrol_filter())
        if name:
            self.enrol_from(Path(name))

    def enrol_from(self, path: Path) -> None:
        def ok(fingerprint: str) -> None:
            self.log.add(self.tr("登记完成，本机密钥指纹 %1").replace("%1", fingerprint))
            self.refresh()

        actions = self.sync_actions
        run_op(lambda: actions.enrol(path), if_alive(self, ok),
               if_alive(self, lambda exc: self.log.add(error_text(exc), bad=True)))

    def choose_export(self) -> None:
        default = f"{self.branch.code}-{clock.format_local(clock.now(), self.branch.timezone, '%Y%m%d-%H%M')}.ddsync"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出到文件"), default, _bundle_filter())
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        if path.suffix != ".ddsync":
            path = path.with_name(path.name + ".ddsync")
        actions = self.sync_actions

        def ok(result: ExportDone) -> None:
            self.log.add(_export_line(result))
            self.refresh()

        def failed(exc: DomainError) -> None:
            self.log.add(error_text(exc), bad=True)
            self.refresh()

        if not self.progress.run(self.tr("正在导出变更到 %1").replace("%1", path.name),
                                 lambda box: actions.export(path, box.advance, box.cancelled),
                                 ok, failed, cancellable=True):
            self.log.add(_busy_line(), bad=True)

    def choose_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("导入总部文件"), "", _bundle_filter())
        if names:
            self.import_from([Path(n) for n in names])

    def import_from(self, paths: Sequence[Path]) -> None:
        actions, files = self.sync_actions, list(paths)

        def ok(results: Sequence[ImportDone]) -> None:
            self.log.add_imports(results)
            self.refresh()

        def failed(exc: DomainError) -> None:
            self.log.add(error_text(exc), bad=True)
            self.refresh()

        if not self.progress.run(self.tr("正在导入总部文件"), lambda box: actions.import_files(files, box),
                                 ok, failed):
            self.log.add(_busy_line(), bad=True)


# --- HQ ---------------------------------------------------------------------------------------
class HqConsole(QWidget):
    """Branches, keys, imports and the watched folder; links to the consolidated lists.

    Why no list of its own: the branches' work orders and complaints are the 维修工单 and
    客户投诉 pages at HQ (paged, filtered by branch, state and date); the console only
    offers a way there (``list_requested`` carries the main window's page key).
    """

    list_requested = Signal(str)  # "work_orders" | "complaints"
    imported = Signal()

    def __init__(self, services: Services, actor: Actor, branch: BranchView, actions: SyncActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hqConsole")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        links = QHBoxLayout()
        links.addWidget(QLabel(self.tr("各分店数据：")))
        self.orders_button = _button(self.tr("查看各分店工单"), "showHqWorkOrders")
        self.complaints_button = _button(self.tr("查看各分店投诉"), "showHqComplaints")
        links.addWidget(self.orders_button)
        links.addWidget(self.complaints_button)
        links.addStretch(1)
        self.branches = BranchesPanel(services, actor, branch, actions)
        layout.addLayout(links)
        layout.addWidget(self.branches, 1)
        self.orders_button.clicked.connect(lambda: self.list_requested.emit("work_orders"))
        self.complaints_button.clicked.connect(lambda: self.list_requested.emit("complaints"))
        self.branches.imported.connect(self.imported)
        self.branches.refresh()
        self.branches.restore_folder()


class _FolderLook:
    """One look into the watched folder on a short-lived thread of its own.

    Why not on the GUI thread: a network share that went away can take many seconds to
    answer ``stat``; the window must not freeze meanwhile. Why not on the database thread:
    imports and the counter's saves must not wait for a dead share either. The GUI checks
    :attr:`done` on a timer; the thread touches nothing but this object.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.done = threading.Event()
        self.files: dict[Path, tuple[int, float]] = {}
        self.problem = ""  # "" | missing | not_dir | denied | error

    def start(self) -> None:
        threading.Thread(target=self._run, name="watch-folder", daemon=True).start()

    def _run(self) -> None:
        try:
            if not self.folder.exists():
                self.problem = "missing"
            elif not self.folder.is_dir():
                self.problem = "not_dir"
            else:
                for path in self.folder.glob("*.ddsync"):
                    try:
                        info = path.stat()
                        if path.is_file():
                            self.files[path] = (info.st_size, info.st_mtime)
                    except OSError:
                        continue
        except PermissionError:
            self.problem = "denied"
        except OSError:
            self.problem = "error"
        finally:
            self.done.set()


class BranchesPanel(QWidget):
    """The branch registry with keys and silence warnings; imports by hand or from a folder."""

    imported = Signal()
    POLL_MS = 5000  # a look into the watched folder; a change noticed by the OS looks sooner

    def __init__(self, services: Services, actor: Actor, branch: BranchView, actions: SyncActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.branch, self.sync_actions = branch, actions
        # what the role may not do stays greyed out, whatever the selection (module doc)
        self.may_not_exchange = _refusal(actor, Permission.SYNC_EXCHANGE)
        self.may_not_enrol = _refusal(actor, Permission.SYNC_ENROL)
        self.may_not_set = _refusal(actor, Permission.SETTINGS_EDIT)
        self.rows: list[BranchRow] = []
        self.silent_after = 7
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.hq_fp_label = QLabel()
        self.hq_fp_label.setObjectName("hqFingerprint")
        self.hq_fp_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.hq_fp_label, 1)
        top.addWidget(QLabel(self.tr("超过")))
        self.silent_spin = QSpinBox()
        self.silent_spin.setObjectName("silentDays")
        self.silent_spin.setRange(1, 365)
        self.silent_spin.setValue(self.silent_after)
        top.addWidget(self.silent_spin)
        top.addWidget(QLabel(self.tr("天未导入的门店标红")))
        layout.addLayout(top)

        columns = [self.tr("门店代码"), self.tr("门店名称"), self.tr("最后导入"), self.tr("最后序号"),
                   self.tr("密钥指纹"), self.tr("状态"), self.tr("未导入天数")]
        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName("branchesTable")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 2)

        enrol = QHBoxLayout()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("newBranchCode")
        self.code_edit.setPlaceholderText(self.tr("门店代码"))
        self.code_edit.setMaximumWidth(120)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newBranchName")
        self.name_edit.setPlaceholderText(self.tr("门店名称"))
        self.enrol_button = _button(self.tr("登记门店…"), "enrolBranchButton")
        enrol.addWidget(self.code_edit)
        enrol.addWidget(self.name_edit, 1)
        enrol.addWidget(self.enrol_button)
        layout.addLayout(enrol)

        buttons = QHBoxLayout()
        self.revoke_button = _button(self.tr("吊销密钥"), "revokeButton")
        self.export_button = _button(self.tr("为门店导出…"), "exportBranchButton")
        self.import_button = _button(self.tr("导入门店文件…"), "importBranchesButton")
        for button in (self.revoke_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        watch = QGroupBox(self.tr("监视文件夹（自动导入放入的 .ddsync 文件）"))
        watch_box = QVBoxLayout(watch)
        watch_layout = QHBoxLayout()
        self.folder_label = QLabel(self.tr("未设置"))
        self.folder_label.setObjectName("watchedFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = _button(self.tr("选择文件夹…"), "watchFolderButton")
        self.stop_button = _button(self.tr("停止监视"), "stopWatchButton")
        self.stop_button.setEnabled(False)
        watch_layout.addWidget(self.folder_label, 1)
        watch_layout.addWidget(self.folder_button)
        watch_layout.addWidget(self.stop_button)
        watch_box.addLayout(watch_layout)
        self.folder_warning = QLabel()
        self.folder_warning.setObjectName("watchWarning")
        self.folder_warning.setWordWrap(True)
        self.folder_warning.setStyleSheet("color: #c62828; font-weight: bold;")
        self.folder_warning.hide()
        watch_box.addWidget(self.folder_warning)
        layout.addWidget(watch)

        self.progress = SyncProgress()
        layout.addWidget(self.progress)
        layout.addWidget(QLabel(self.tr("结果：")))
        self.log = _ResultLog()
        self.log.setObjectName("syncLog")
        layout.addWidget(self.log, 1)

        self.folder: Path | None = None
        self.folder_reachable: bool | None = None  # None: not looked yet
        self.poll_interval_ms = self.POLL_MS
        self._seen: dict[Path, tuple[int, float]] = {}
        self._look: _FolderLook | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("watchTimer")
        self.timer.timeout.connect(self.poll)
        self.look_timer = QTimer(self)
        self.look_timer.setInterval(50)
        self.look_timer.timeout.connect(self._look_back)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _p: QTimer.singleShot(500, self.poll))

        self.enrol_button.clicked.connect(self.enrol_branch)
        self.revoke_button.clicked.connect(self.revoke)
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.choose_import)
        self.folder_button.clicked.connect(self.choose_folder)
        self.stop_button.clicked.connect(self.stop_watching)
        self.silent_spin.editingFinished.connect(self._silent_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.progress.busy_changed.connect(self._busy_changed)
        for widget in (self.code_edit, self.name_edit, self.enrol_button):
            _grey(widget, True, self.may_not_enrol)
        # the watched folder imports by itself, so only who may import chooses it
        _grey(self.folder_button, True, self.may_not_exchange)
        _grey(self.silent_spin, True, self.may_not_set)
        self._selection_changed()

    # --- the table ---------------------------------------------------------------------
    def refresh(self) -> None:
        actions = self.sync_actions

        def load() -> tuple[str, int, Sequence[BranchRow]]:
            days = actions.silent_days()
            return actions.hq_fingerprint(), days, actions.branch_statuses(days)

        run_op(load, if_alive(self, self._show), if_alive(self, self._failed))

    def _failed(self, exc: DomainError) -> None:
        self.log.add(error_text(exc), bad=True)

    def _show(self, loaded: tuple[str, int, Sequence[BranchRow]]) -> None:
        fingerprint, days, rows = loaded
        self.hq_fp_label.setText(self.tr("总部密钥指纹：%1").replace("%1", fingerprint or "—"))
        self.silent_after = days
        self.silent_spin.setValue(days)
        selected = self.selected_code()
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        warn = QBrush(QColor("#ffe0e0"))
        for r, row in enumerate(self.rows):
            if row.revoked:
                state = self.tr("已吊销")
            elif not row.enrolled:
                state = self.tr("待登记")
            else:
                state = self.tr("正常")
            silent = "—" if row.silent_days is None else str(row.silent_days)
            values = (row.code, row.name, clock.format_local(row.last_import_at, self.branch.timezone)
                      or self.tr("从未导入"), str(row.last_seq), row.key_fingerprint or "—", state, silent)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (3, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.silent:
                    item.setBackground(warn)
                    item.setToolTip(self.tr("超过 %1 天没有收到该门店的数据")
                                    .replace("%1", str(self.silent_after)))
                self.table.setItem(r, c, item)
            if row.code == selected:
                self.table.selectRow(r)
        self._selection_changed()

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def _selection_changed(self) -> None:
        chosen = self.selected_code() is not None
        idle = not self.progress.busy
        _grey(self.revoke_button, chosen, self.may_not_enrol)
        _grey(self.export_button, chosen and idle, self.may_not_exchange)
        _grey(self.import_button, idle, self.may_not_exchange)

    def _busy_changed(self, busy: bool) -> None:
        self._selection_changed()
        if not busy and self.folder is not None:
            QTimer.singleShot(0, self.poll)  # files that arrived meanwhile need not wait 5 s

    def _silent_changed(self) -> None:
        days = self.silent_spin.value()
        if days == self.silent_after:
            return
        actions = self.sync_actions  # the database thread's closures hold no widget
        run_op(lambda: actions.set_silent_days(days), if_alive(self, lambda _r: self.refresh()),
               if_alive(self, self._failed))

    # --- enrolment and keys ------------------------------------------------------------
    def enrol_branch(self) -> None:
        code = self.code_edit.text().strip().upper()
        name = self.name_edit.text().strip()
        if not code or not name:
            self.log.add(self.tr("请先填写门店代码和门店名称"), bad=True)
            return
        file_name, _ = QFileDialog.getSaveFileName(self, self.tr("保存登记文件"), f"{code}-登记.json",
                                                   _enrol_filter())
        if file_name:
            self.enrol_to(code, name, Path(file_name))

    def enrol_to(self, code: str, name: str, path: Path) -> None:
        def ok(_code: str) -> None:
            self.log.add(self.tr("已为门店 %1 签发登记文件 %2（只能使用一次，请妥善传送）")
                         .replace("%1", code).replace("%2", path.name))
            self.code_edit.clear()
            self.name_edit.clear()
            self.refresh()

        actions = self.sync_actions
        run_op(lambda: actions.enrol_branch(code, name, path), if_alive(self, ok),
               if_alive(self, self._failed))

    def revoke(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        answer = QMessageBox.question(
            self, self.tr("吊销密钥"),
            self.tr("吊销门店 %1 的密钥后，该门店的数据包将不再被接受，需重新签发登记文件。确定吊销吗？")
            .replace("%1", code))
        if answer == QMessageBox.StandardButton.Yes:
            self.revoke_code(code)

    def revoke_code(self, code: str) -> None:
        def ok(fingerprint: str) -> None:
            self.log.add(self.tr("已吊销门店 %1 的密钥 %2").replace("%1", code).replace("%2", fingerprint or "—"))
            self.refresh()

        actions = self.sync_actions
        run_op(lambda: actions.revoke_branch(code), if_alive(self, ok), if_alive(self, self._failed))

    # --- files -------------------------------------------------------------------------
    def choose_export(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        default = f"{self.branch.code}-{code}-{clock.format_local(clock.now(), self.branch.timezone, '%Y%m%d')}.ddsync"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("为门店导出"), default, _bundle_filter())
        if name:
            self.export_to(code, Path(name))

    def export_to(self, code: str, path: Path) -> None:
        if path.suffix != ".ddsync":
            path = path.with_name(path.name + ".ddsync")
        actions = self.sync_actions

        def ok(result: ExportDone) -> None:
            self.log.add(_export_line(result))

        if not self.progress.run(self.tr("正在为门店 %1 导出").replace("%1", code),
                                 lambda box: actions.export_for_branch(code, path, box.advance, box.cancelled),
                                 ok, self._failed, cancellable=True):
            self.log.add(_busy_line(), bad=True)

    def choose_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("导入门店文件"), "", _bundle_filter())
        if names:
            self.import_from([Path(n) for n in names])

    def import_from(self, paths: Sequence[Path]) -> None:
        """Many files at once, applied by branch and sequence, one transaction each."""
        actions, files = self.sync_actions, list(paths)

        def ok(results: Sequence[ImportDone]) -> None:
            self.log.add_imports(results)
            self.refresh()
            self.imported.emit()

        def failed(exc: DomainError) -> None:
            self._failed(exc)
            self.refresh()

        if not self.progress.run(self.tr("正在导入门店文件"), lambda box: actions.import_files(files, box),
                                 ok, failed):
            self.log.add(_busy_line(), bad=True)

    # --- the watched folder ------------------------------------------------------------
    def restore_folder(self) -> None:
        """Watch the folder this database watched before the app was closed."""
        settings = self.services.settings

        def restored(value: object) -> None:
            if isinstance(value, str) and value and self.folder is None:
                self.watch(Path(value), remember=False)

        run_op(lambda: settings.get(WATCH_FOLDER_KEY), if_alive(self, restored), if_alive(self, self._failed))

    def _remember(self, folder: Path | None) -> None:
        settings, actor = self.services.settings, self.actor
        value = None if folder is None else str(folder)
        run_op(lambda: settings.set(actor, WATCH_FOLDER_KEY, value), None, if_alive(self, self._failed))

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("选择监视文件夹"),
                                                str(self.folder) if self.folder else "")
        if name:
            self.watch(Path(name))

    def watch(self, folder: Path, *, remember: bool = True) -> None:
        """Look into ``folder`` now and every few seconds; ``remember``: keep it for the next start."""
        self._unwatch()
        self.folder = folder
        self.folder_reachable = None
        self._seen.clear()
        self.folder_label.setText(str(folder))
        self.folder_label.setToolTip(str(folder))
        self.timer.start(self.poll_interval_ms)
        _grey(self.stop_button, True, self.may_not_exchange)
        self.log.add(self.tr("开始监视文件夹 %1").replace("%1", str(folder)))
        if remember:
            self._remember(folder)
        self.poll()

    def stop_watching(self) -> None:
        """停止监视: also forgotten for the next start."""
        if self.folder is not None:
            self.log.add(self.tr("已停止监视文件夹 %1").replace("%1", str(self.folder)))
            self._unwatch()
            self._remember(None)

    def _unwatch(self) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.timer.stop()
        self.look_timer.stop()
        self._look = None
        self.folder = None
        self.folder_reachable = None
        self.folder_label.setText(self.tr("未设置"))
        self.folder_label.setToolTip("")
        self.folder_warning.hide()
        self.stop_button.setEnabled(False)

    def poll(self) -> None:
        """Start a look into the folder unless one is under way (its answer comes in :meth:`_look_back`)."""
        if self.folder is None or self._look is not None:
            return
        self._look = _FolderLook(self.folder)
        self._look.start()
        self.look_timer.start()

    def _look_back(self) -> None:
        look = self._look
        if look is None:
            self.look_timer.stop()
            return
        if not look.done.is_set():
            return
        self.look_timer.stop()
        self._look = None
        if look.folder != self.folder:
            return  # the folder was changed or stopped meanwhile
        if look.problem:
            self._unreachable(look.folder, look.problem)
            return
        if self.folder_reachable is not True:
            if self.folder_reachable is False:
                self.log.add(self.tr("监视文件夹 %1 已恢复访问，继续自动导入").replace("%1", str(look.folder)))
            self.folder_reachable = True
            self.folder_warning.hide()
            self.watcher.addPath(str(look.folder))
        # a file still being copied in would be refused as truncated: take only files whose
        # size and time did not change since the previous look
        stable = sorted(p for p, sig in look.files.items() if self._seen.get(p) == sig)
        self._seen = dict(look.files)
        if stable and not self.progress.busy:
            self._import_dropped(look.folder, stable)

    def _unreachable(self, folder: Path, problem: str) -> None:
        reasons = {
            "missing": self.tr("文件夹不存在，或网络驱动器未连接"),
            "not_dir": self.tr("这不是一个文件夹"),
            "denied": self.tr("没有访问权限"),
        }
        reason = reasons.get(problem, self.tr("无法读取"))
        text = (self.tr("无法访问监视文件夹 %1：%2。自动导入已暂停，文件夹恢复后会自动继续。")
                .replace("%1", str(folder)).replace("%2", reason))
        self.folder_warning.setText(text)
        self.folder_warning.show()
        if self.folder_reachable is not False:
            self.log.add(text, bad=True)
        self.folder_reachable = False
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())

    def _import_dropped(self, folder: Path, files: list[Path]) -> None:
        actions = self.sync_actions

        def ok(outcomes: Sequence[WatchDone]) -> None:
            for outcome in outcomes:
                self._seen.pop(folder / outcome.name, None)
                if outcome.status == "applied":
                    self.log.add(self.tr("已导入 %1：%2").replace("%1", outcome.name)
                                 .replace("%2", outcome.message))
                elif outcome.status == "skipped":
                    self.log.add(self.tr("已跳过 %1：%2").replace("%1", outcome.name)
                                 .replace("%2", outcome.message))
                else:
                    self.log.add(self.tr("拒绝导入 %1：%2（已移到 refused 文件夹）")
                                 .replace("%1", outcome.name).replace("%2", outcome.message), bad=True)
            self.refresh()
            self.imported.emit()

        def failed(exc: DomainError) -> None:
            self._failed(exc)
            self.refresh()

        self.progress.run(self.tr("正在自动导入监视文件夹中的文件"),
                          lambda box: actions.import_dropped(files, box), ok, failed)
