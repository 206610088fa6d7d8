"""The GUI entry point: ``dealerdesk`` with no subcommand.

Order matters: the application, its font and language first (so even the first error box
is Chinese and readable), then the crash hook, then the database, then first-run set-up,
login and the main window. On quit the database thread finishes its queued work before the
database is closed, so a save in flight is never cut off.

A fresh data folder opens no database before the first-run wizard: the wizard decides
whether this PC keeps its own file, becomes the shop's main PC or connects to it
(``app.multi_pc_actions.AppSetup``), so a desk never gets a stray empty local file. A main
PC that does not answer is said so, with 重试 and 退出, never replaced by a local file.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from common import resources
from common.product import APP_ID, PRODUCT_NAME_ZH, icon_path, version
from domain.errors import Conflict, DomainError
from domain.roles import Actor, Permission, can
from ui import i18n, operations, style
from ui.crash_handler import CrashHandler
from ui.settings import UiSettings

if TYPE_CHECKING:
    from app.backups import AppBackups, BackgroundCheck
    from app.context import AppContext
    from app.multi_pc_actions import AppSetup
    from domain.services.branch import BranchView
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
MIN_POINT_SIZE = 10


def application() -> QApplication:
    """The one QApplication, named so QSettings and dialogs know the product."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(PRODUCT_NAME_ZH)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(version())
    if app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(icon_path())))
    return app


#: Set to 1 by bench/bench_startup.py: print the time of the first window's first paint, exit.
STARTUP_PROBE_ENV = "DEALERDESK_STARTUP_PROBE"
STARTUP_PROBE_LINE = "DEALERDESK_FIRST_PAINT"


class _FirstPaintProbe(QObject):
    """Start-up measurement: the moment the user first sees a window is what counts."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.isWindow()):
            name = watched.objectName() or type(watched).__name__
            print(f"{STARTUP_PROBE_LINE} {time.time():.6f} {name}", flush=True)
            os._exit(0)  # a measurement run: nothing was changed, nothing to save
        return False


def _install_startup_probe(app: QApplication) -> None:
    if os.environ.get(STARTUP_PROBE_ENV) == "1":
        probe = _FirstPaintProbe(app)
        app.installEventFilter(probe)


_registered: dict[str, str] = {}
"""Family of each font file registered with Qt, so a second call does not load it again."""


def _register_font(shipped: resources.ShippedFont) -> str | None:
    path = str(shipped.path())
    family = _registered.get(path)
    if family is not None and QFontDatabase.hasFamily(family):
        return family
    font_id = QFontDatabase.addApplicationFont(path)
    if font_id < 0:
        log.warning("could not register the font %s", path)
        return None
    loaded = QFontDatabase.applicationFontFamilies(font_id)
    family = shipped.family if shipped.family in loaded else loaded[0]
    _registered[path] = family
    return family


def install_cjk_font(app: QApplication) -> str | None:
    """Register the shipped CJK faces and make them the application font, in chain order.

    Why: a fresh Windows or Linux PC may have no Chinese font Qt can use offscreen or under
    some locales; without it Chinese shows as boxes. And no one face draws every ideograph
    of a customer's name (生僻字 from CJK Extension B to H): the application font is the
    whole chain (common.resources.CJK_FONT_CHAIN) as a family list, so Qt draws each
    character in the first family that has it, in every list, popup and dialog that uses
    the application font. Returns the main family, or None when it could not be loaded.
    """
    families = [family for shipped in resources.CJK_FONT_CHAIN
                if (family := _register_font(shipped)) is not None]
    main = resources.CJK_FONT_CHAIN[0].family
    if main not in families:
        return None
    font = QFont(app.font())
    font.setFamilies(families)
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    app.setFont(font)
    return main


def prepare(app: QApplication, ui_settings: UiSettings,
            translations: Path | None = None) -> str:
    """Font, look and language, as at start-up; returns the language actually in use."""
    install_cjk_font(app)
    style.apply(app)
    i18n.install(ui_settings.language, translations)
    return i18n.language()


def tr(text: str) -> str:
    """Module-level strings: pyside6-lupdate files a bare ``tr()`` call under the empty context."""
    return QCoreApplication.translate("", text)


def run_gui(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    app = application()
    _install_startup_probe(app)
    ui_settings = UiSettings()
    prepare(app, ui_settings)
    crash_handler = CrashHandler(data_dir / "logs")
    crash_handler.install()
    try:
        return _run(app, data_dir, ui_settings, getattr(args, "db_url", None))
    finally:
        crash_handler.uninstall()


def _run(app: QApplication, data_dir: Path, ui_settings: UiSettings, db_url: str | None = None) -> int:
    from app.change_listener import attach_change_listener
    from app.multi_pc_actions import AppSetup
    from ui.login_dialog import LoginDialog

    try:
        ctx = _open_database(data_dir, db_url)  # None: a fresh folder, the wizard chooses
    except _GaveUp:
        return EXIT_ERROR
    except DomainError as exc:
        QMessageBox.critical(None, tr("无法打开数据库"), operations.error_text(exc))
        return EXIT_ERROR
    setup = AppSetup(data_dir, db_url, ctx)
    try:
        username = ""
        signed_in: Actor | None = None  # the owner the wizard just made: no second login
        if ctx is None or not ctx.services.branches.is_initialised():
            from ui.setup_wizard import SetupWizard

            # the choices of several PCs only where no server is in use yet
            offer = ctx is None or not ctx.location.is_server
            wizard = SetupWizard(None if ctx is None else ctx.services,
                                 on_hq_initialised=lambda: _ensure_hq_keys(_opened(setup)),
                                 setup=setup if offer else None)
            accepted = wizard.exec() == QDialog.DialogCode.Accepted
            username = wizard.admin_username
            signed_in = wizard.owner
            wizard.deleteLater()  # here, on the GUI thread, not by a collector on another
            if not accepted:
                return EXIT_OK
        ctx = _opened(setup)
        services = ctx.services
        branch = services.branches.current()
        place = ctx.location.describe(i18n.language())
        while True:  # again after 切换用户 on the idle lock: a window built for the next user
            actor, signed_in = signed_in, None
            if actor is None:
                login = LoginDialog(services, branch, username=username, database=place)
                if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
                    return EXIT_OK
                actor = login.actor
            from ui.idle_lock import IdleLock

            window, backups = main_window(ctx, actor, branch, place)
            geometry = ui_settings.window_geometry
            if geometry is not None:
                window.restoreGeometry(geometry)
            window.show()
            attach_change_listener(window, ctx)  # other desks' saves show here (shop's server)
            idle_lock = IdleLock.install(app, window, services, actor)
            _start_of_day(window, backups)
            _warm_kpis_at_hq(ctx)
            code = app.exec()
            ui_settings.window_geometry = window.saveGeometry()
            ui_settings.sync()
            operations.worker().wait()
            if idle_lock is not None:
                app.removeEventFilter(idle_lock)
                if idle_lock.switch_requested:
                    username = ""
                    window.deleteLater()
                    continue
            if not getattr(window, "database_released", False):
                _backup_on_exit(backups)
            return code
    finally:
        operations.worker().wait()
        _stop_background_backup()
        if setup.context is not None:
            setup.context.close()


def _stop_background_backup() -> None:
    """Whatever way the program ends, a backup still running stops and removes its
    temporary file (quitting normally already did, in the exit backup's place)."""
    backups_module = sys.modules.get("app.backups")
    if backups_module is not None:
        backups_module.BACKGROUND.cancel()


def main_window(ctx: AppContext, actor: Actor, branch: BranchView,
                place: str = "") -> tuple[MainWindow, AppBackups]:
    """The window after login, with what the app layer hands the pages (backups, several PCs,
    sync) and, at a new, empty shop, the start panel (接第一辆车, 导入客户名单)."""
    from app.backups import AppBackups
    from ui.main_window import MainWindow  # every page: imported after the login shows

    window = MainWindow(ctx.services, actor, branch, ctx.data_dir, database=place)
    backups = AppBackups(ctx, actor)
    _attach_backups(window, backups, actor)
    _attach_multi_pc(window, ctx, actor)
    _attach_sync(window, ctx, actor)
    window.offer_start_panel()
    return window, backups


class _GaveUp(Exception):
    """退出 on the unreachable main PC's dialog: the program ends without a database."""


def _open_database(data_dir: Path, db_url: str | None) -> AppContext | None:
    """The data folder's database, or None when it has none yet (a fresh folder: nothing is
    created before the first-run wizard has chosen). An unreachable main PC gets the dialog
    with 重试 and 退出 (:class:`ui.login_dialog.UnreachableDialog`); 退出 raises :class:`_GaveUp`."""
    from app.context import AppContext
    from storage.location import resolve

    location = resolve(data_dir, db_url)
    if location.sqlite_file is not None and not location.sqlite_file.exists():
        return None
    try:
        return AppContext.open(data_dir, create=True, db_url=db_url)
    except Conflict as exc:
        if exc.code != "db.unreachable":
            raise
        from ui.login_dialog import UnreachableDialog

        dialog = UnreachableDialog(operations.error_text(exc),
                                   lambda: AppContext.open(data_dir, db_url=db_url))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise _GaveUp from exc
        opened: AppContext = dialog.opened
        return opened


def _opened(setup: AppSetup) -> AppContext:
    assert setup.context is not None, "the wizard accepted without a database"
    return setup.context


def _ensure_hq_keys(ctx: AppContext) -> None:
    """HQ's signing and encryption keys, made once beside the database (as ``init --hq``)."""
    from sync.service import SyncService, keys_dir

    SyncService(ctx.db, keys_dir(ctx.data_dir), actor=Actor.system()).ensure_hq_keys()


def _attach_sync(window: MainWindow, ctx: AppContext, actor: Actor) -> None:
    """总部同步 gets the sync actions (ui never imports sync or storage) for everyone: the page
    greys out what the role may not do and says why, and the sync service refuses it anyway
    (issue 23 item 2); the actions act as ``actor``, whom the audit trail names."""
    from app.sync_actions import AppSyncActions

    page = window.page("sync")
    set_actions = getattr(page, "set_actions", None)
    if set_actions is not None:
        set_actions(AppSyncActions(ctx, actor))


def _attach_backups(window: MainWindow, backups: AppBackups, actor: Actor) -> None:
    """The backup panel goes into 系统设置 for those who may restore; a restore ends the app."""
    from ui.pages.backup_panel import BackupPanel

    if not can(actor, Permission.BACKUP_RESTORE):
        return
    panel = BackupPanel(backups)
    settings_page = window.page("settings")
    add_tab = getattr(settings_page, "add_tab", None)
    if add_tab is None:
        return
    add_tab(panel, tr("备份与恢复"))

    def restart() -> None:
        window.database_released = True  # type: ignore[attr-defined]
        QMessageBox.information(window, tr("需要重新启动"),
                                tr("数据已从备份恢复。程序将关闭，请重新启动售后管家。"))
        window.close()

    panel.restart_required.connect(restart)


def _attach_multi_pc(window: MainWindow, ctx: AppContext, actor: Actor) -> None:
    """系统设置 → 多台电脑 for those who may change settings; after this PC became the main
    PC and its records moved, the program ends (it still has the old file open)."""
    from app.multi_pc_actions import AppMultiPc
    from ui.pages.multi_pc_tab import MultiPcTab

    if not can(actor, Permission.SETTINGS_EDIT):
        return
    add_tab = getattr(window.page("settings"), "add_tab", None)
    if add_tab is None:
        return
    tab = MultiPcTab(AppMultiPc(ctx, actor))
    add_tab(tab, tr("多台电脑"))

    def restart() -> None:
        window.database_released = True  # type: ignore[attr-defined]  # no exit backup of the old file
        QMessageBox.information(window, tr("需要重新启动"),
                                tr("这台电脑已设为本店主机，数据已移到数据库服务器上。程序将关闭，请重新启动售后管家。"))
        window.close()

    tab.restart_required.connect(restart)


def _start_of_day(window: MainWindow, backups: AppBackups) -> None:
    """First start of the day: a backup; once a week: the integrity check, then the space
    outbox retention freed is given back (storage.space, in short steps). They run on a
    thread of their own beside the counter (the database thread only decides whether they
    are due); the status bar says how far the backup is, a failed one gets a message box,
    and so do problems the check finds."""
    from ui.widgets.backup_status import BackupStatusLabel

    label = BackupStatusLabel(backups.backup_state, window)
    label.failed.connect(lambda exc: operations.show_error(exc, window))
    window.statusBar().addWidget(label)

    def work() -> bool:
        backups.start_daily_backup_if_due()
        return backups.integrity_check_due()

    def done(check_due: bool) -> None:
        if check_due:
            _weekly_check(window, backups.start_integrity_check())

    operations.run_op(work, done)


#: How often the GUI looks whether the weekly check has finished.
CHECK_POLL_MS = 1000


def _weekly_check(window: MainWindow, check: BackgroundCheck) -> None:
    """Problems found get the message box once the check ends. Quitting does not wait for it:
    it only reads (and the next start checks again, its time not having been recorded)."""
    timer = QTimer(window)
    timer.setInterval(CHECK_POLL_MS)

    def poll() -> None:
        if not check.done:
            return
        timer.stop()
        report = check.report
        if report is not None and report.problems:
            QMessageBox.critical(window, tr("数据库检查发现问题"), report.advice)

    timer.timeout.connect(poll)
    timer.start()


KPI_WARM_BATCH = 10


def _warm_kpis_at_hq(ctx: AppContext) -> None:
    """At HQ: the months HQ keeps stored that some branches lack (after an upgrade, at the
    start of a month; ``storage.kpi_queries.unwarmed``) are counted in the background, one month
    of ten branches per database operation, so the user's own operations are served in
    between: measured on 50 × 100,000 orders, about 1.7 s an operation (each one reads every
    branch's ratings of the month; one branch per operation would repeat that 50 times), and
    all 50 branches' month at once would hold the database thread for about 8 s. Best effort:
    a month not stored is counted when it is viewed."""
    from domain.kpi import KpiWindow
    from storage.kpi_queries import unwarmed, warm_window

    def pending() -> list[tuple[KpiWindow, list[str]]]:
        try:
            with ctx.services.uow() as session:
                return [(window, ids[i:i + KPI_WARM_BATCH]) for window, ids in unwarmed(session)
                        for i in range(0, len(ids), KPI_WARM_BATCH)]
        except Exception:  # noqa: BLE001 - an optimisation; never an error for the user
            log.warning("KPI warm-up: months not listed", exc_info=True)
            return []

    def warm(window: KpiWindow, branch_ids: list[str]) -> None:
        try:
            with ctx.services.uow() as session:
                warm_window(session, window, branch_ids)
        except Exception:  # noqa: BLE001 - as above
            log.warning("KPI warm-up: a month not stored", exc_info=True)

    def next_step(steps: list[tuple[KpiWindow, list[str]]]) -> None:
        if steps:
            window, ids = steps[0]
            operations.run_op(lambda: warm(window, ids), lambda _: next_step(steps[1:]))

    operations.run_op(pending, next_step)


def _backup_on_exit(backups: AppBackups) -> None:
    """Cancels a backup still running, else backs up unless one was taken within the hour
    (``AppBackups.exit_backup``): quitting must not hang for the length of a backup."""
    try:
        backups.exit_backup()
    except (OSError, DomainError) as exc:  # never block quitting; the daily backup remains
        log.warning("exit backup failed: %s", type(exc).__name__)
