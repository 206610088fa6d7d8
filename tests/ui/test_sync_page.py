"""总部同步 page, driven through its buttons with a real branch database and a real HQ database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QWidget,
)

import ui.operations
from app.sync_actions import AppSyncActions
from domain.roles import Actor, Role
from storage.database import Database
from tests.sync.helpers import PASSWORD, Side, add_customer, make_branch, make_hq
from ui.pages.sync_page import WATCH_FOLDER_KEY, BranchesPanel, BranchSyncView, HqConsole, SyncPage


def idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ui.operations.worker().pending == 0, timeout=20000)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    Database.open(folder, create=True).close()
    return folder


@pytest.fixture
def hq(template: Path, tmp_path: Path) -> Iterator[Side]:
    side = make_hq(template, tmp_path / "hq")
    yield side
    ui.operations.worker().wait()
    side.close()


@pytest.fixture
def branch(template: Path, tmp_path: Path) -> Iterator[Side]:
    side = make_branch(template, tmp_path / "bj", "BJ01")  # not enrolled yet: the page does it
    yield side
    ui.operations.worker().wait()
    side.close()


def page_for(qtbot, side: Side, *, keep: bool = True,  # type: ignore[no-untyped-def]
             actor: Actor | None = None) -> SyncPage:
    """The page as the app builds it for ``actor`` (the system by default: every action
    allowed); ``keep=False``: the test deletes it (an app restart)."""
    actor = actor or Actor.system()
    services = side.ctx.services
    page = SyncPage(services, actor, services.branches.current())
    if keep:
        qtbot.addWidget(page)
    page.set_actions(AppSyncActions(side.ctx, actor))
    page.resize(1100, 700)
    page.show()
    idle(qtbot)
    return page


def close_app(qtbot, page: SyncPage) -> None:  # type: ignore[no-untyped-def]
    """The window closes: the page and its timers are gone (its C++ object is deleted)."""
    idle(qtbot)
    page.close()
    shiboken6.delete(page)


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def click(qtbot, button: QPushButton) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def text_of(line: str) -> str:
    """A result line without its time stamp."""
    return line.split("  ", 1)[1]


def test_branch_enrols_exports_and_hq_imports(qtbot, monkeypatch, hq: Side, branch: Side,
                                             tmp_path: Path) -> None:
    hq_page = page_for(qtbot, hq)
    console = hq_page.content
    assert isinstance(console, HqConsole)
    panel = console.branches
    # HQ: 登记门店… writes the enrolment file
    enrol_file = tmp_path / "BJ01-登记.json"
    qtbot.keyClicks(panel.code_edit, "bj01")
    panel.name_edit.setText("北京一店")  # QTest types ASCII only
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(enrol_file), ""))
    click(qtbot, panel.enrol_button)
    idle(qtbot)
    assert enrol_file.exists()
    assert panel.table.rowCount() == 1 and cell(panel.table, 0, 0) == "BJ01"
    assert cell(panel.table, 0, 5) == "待登记"

    # branch: 导入登记文件…
    add_customer(branch, "张三", "13800138000", "京A12345")
    page = page_for(qtbot, branch)
    view = page.content
    assert isinstance(view, BranchSyncView)
    assert not view.export_button.isEnabled()
    assert "尚未登记" in view.state_label.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(enrol_file), ""))
    click(qtbot, view.enrol_button)
    idle(qtbot)
    assert "登记完成" in view.log.lines()[0]
    assert view.own_fp_label.text().count(":") == 7
    assert view.hq_fp_label.text() == hq.sync.local_fingerprint()

    # branch: 导出到文件… with the progress bar inside the page (no modal dialog)
    bundle_file = tmp_path / "out" / "BJ01-first"
    bundle_file.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bundle_file), ""))
    assert not view.progress.isVisible()
    click(qtbot, view.export_button)
    assert view.progress.isVisible() and view.progress.busy
    assert view.progress.title_label.text() == "正在导出变更到 BJ01-first.ddsync"
    assert view.progress.cancel_button.isVisible()
    assert not view.export_button.isEnabled() and not view.import_button.isEnabled()
    assert view.findChild(QProgressDialog) is None
    view.grab().save("/tmp/h1_branch_exporting.png")
    idle(qtbot)
    written = bundle_file.with_name("BJ01-first.ddsync")
    assert written.exists()
    assert not list(written.parent.glob("*.part"))
    assert not view.progress.isVisible() and not view.progress.busy
    assert text_of(view.log.lines()[0]).startswith("已导出 BJ01-first.ddsync：第 1-")
    last_seq = int(view.log.lines()[0].split("：第 1-")[1].split(" 号")[0])
    assert view.export_label.text().endswith(f"（到第 {last_seq} 号）")
    assert view.export_button.isEnabled() and view.import_button.isEnabled()
    view.grab().save("/tmp/h1_branch_exported.png")

    # HQ: 导入门店文件… and the branch's last sequence in the table
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(written)], ""))
    imports: list[bool] = []
    hq_page.imported.connect(lambda: imports.append(True))  # the main window reloads its lists
    click(qtbot, panel.import_button)
    assert panel.progress.isVisible() and not panel.progress.cancel_button.isVisible()
    idle(qtbot)
    assert not panel.progress.isVisible()
    assert text_of(panel.log.lines()[0]).startswith("已导入 BJ01-first.ddsync")
    assert cell(panel.table, 0, 3) == str(last_seq)
    assert cell(panel.table, 0, 5) == "正常"
    assert cell(panel.table, 0, 4) == view.own_fp_label.text()
    assert imports == [True]
    # the same file again: skipped, nothing doubled
    click(qtbot, panel.import_button)
    idle(qtbot)
    assert "已跳过 BJ01-first.ddsync" in panel.log.lines()[0]
    # the consolidated lists are pages of their own: the console only links to them
    assert not console.findChildren(QTabWidget) and not console.findChildren(QComboBox)
    for button, key in ((console.orders_button, "work_orders"), (console.complaints_button, "complaints")):
        with qtbot.waitSignal(hq_page.list_requested, timeout=2000) as asked:
            click(qtbot, button)
        assert asked.args == [key]
    hq_page.grab().save("/tmp/h10_hq_console.png")

    # HQ: 为门店导出… ; the branch imports it and records the acknowledgement
    back = tmp_path / "back.ddsync"
    panel.table.selectRow(0)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(back), ""))
    click(qtbot, panel.export_button)
    assert panel.progress.isVisible()
    idle(qtbot)
    assert back.exists(), panel.log.lines()
    assert text_of(panel.log.lines()[0]).startswith("已导出 back.ddsync")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(back)], ""))
    click(qtbot, view.import_button)
    assert view.progress.isVisible() and view.progress.title_label.text() == "正在导入总部文件"
    idle(qtbot)
    assert not view.progress.isVisible()
    assert text_of(view.log.lines()[0]).startswith("已导入 back.ddsync")
    assert view.acked_label.text() == f"第 {last_seq} 号"
    # the next export starts after HQ's acknowledgement
    add_customer(branch, "王五", "13600136000", "京B11111")
    again = tmp_path / "out" / "again.ddsync"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(again), ""))
    click(qtbot, view.export_button)
    idle(qtbot)
    assert f"已导出 again.ddsync：第 {last_seq + 1}-" in view.log.lines()[0]
    assert again.exists()


def test_export_shows_counts_and_cancel_leaves_no_file(qtbot, hq: Side, template: Path,
                                                      tmp_path: Path) -> None:
    side = make_branch(template, tmp_path / "sh", "SH01", hq)
    try:
        for i in range(30):
            add_customer(side, f"客户{i}", f"139{i:08d}", f"沪A{i:05d}")
        page = page_for(qtbot, side)
        view = page.content
        assert isinstance(view, BranchSyncView)
        target = tmp_path / "cancelled.ddsync"
        actions = view.sync_actions
        original = actions.export

        def slow_export(path, progress, cancelled):  # type: ignore[no-untyped-def]
            progress(1, 100)
            deadline = time.monotonic() + 5  # the user presses 取消 meanwhile
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
            return original(path, progress, cancelled)

        view.sync_actions.export = slow_export  # type: ignore[method-assign]
        view.export_to(target)
        bar = view.progress.bar
        qtbot.waitUntil(lambda: bar.maximum() == 100 and bar.value() == 1, timeout=5000)
        assert view.progress.detail_label.text() == "1 / 100 条变更"
        view.grab().save("/tmp/h1_branch_export_counts.png")
        # a second export while one runs is refused, not queued behind it
        view.export_to(tmp_path / "second.ddsync")
        assert "另一个导出或导入正在进行" in view.log.lines()[0]
        click(qtbot, view.progress.cancel_button)
        assert not view.progress.cancel_button.isEnabled()
        idle(qtbot)
        assert "已取消" in view.log.lines()[0]
        assert not view.progress.isVisible()
        assert not target.exists() and not (tmp_path / "second.ddsync").exists()
        assert not list(tmp_path.glob("*.part"))
        assert view.export_button.isEnabled()
    finally:
        ui.operations.worker().wait()
        side.close()


def test_hq_import_of_many_files_shows_file_and_change_progress(qtbot, hq: Side, template: Path,
                                                               tmp_path: Path) -> None:
    sh = make_branch(template, tmp_path / "sh", "SH01", hq)
    gz = make_branch(template, tmp_path / "gz", "GZ01", hq)
    try:
        for i in range(5):
            add_customer(sh, f"上海{i}", f"137{i:08d}", f"沪B{i:05d}")
        first = sh.sync.export_bundle(tmp_path / "files" / "SH01-a.ddsync")
        add_customer(sh, "上海后来", "13712345678", "沪C00001")
        second = sh.sync.export_bundle(tmp_path / "files" / "SH01-b.ddsync", since=first.last_seq)
        add_customer(gz, "广州", "13687654321", "粤A00001")
        third = gz.sync.export_bundle(tmp_path / "files" / "GZ01.ddsync")
        page = page_for(qtbot, hq)
        console = page.content
        assert isinstance(console, HqConsole)
        panel = console.branches
        actions = panel.sync_actions
        original = actions.import_files
        gate, held = threading.Event(), threading.Event()

        class Held:
            """The first change count holds the import until the test has looked."""

            def __init__(self, box):  # type: ignore[no-untyped-def]
                self.box = box

            def file_started(self, index: int, count: int, name: str) -> None:
                self.box.file_started(index, count, name)

            def advance(self, done: int, total: int) -> None:
                self.box.advance(done, total)
                if not held.is_set():
                    held.set()
                    gate.wait(15)

        actions.import_files = lambda paths, progress: original(paths, Held(progress))  # type: ignore[method-assign]
        picked = [str(second.path), str(third.path), str(first.path)]  # any order
        try:
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (picked, ""))
                click(qtbot, panel.import_button)
            qtbot.waitUntil(lambda: "条变更" in panel.progress.detail_label.text(), timeout=10000)
            detail = panel.progress.detail_label.text()
            # sorted by branch and sequence: GZ01 comes first
            assert detail.startswith("第 1/3 个文件 GZ01.ddsync"), detail
            assert panel.progress.bar.maximum() > 0
            assert detail.endswith(f"{panel.progress.bar.value()} / {panel.progress.bar.maximum()} 条变更")
            assert not panel.import_button.isEnabled()
            # the window stays usable while the import runs
            qtbot.keyClicks(panel.code_edit, "NJ01")
            assert panel.code_edit.text() == "NJ01"
            page.grab().save("/tmp/h1_hq_importing.png")
        finally:
            gate.set()
        idle(qtbot)
        lines = [text_of(line) for line in reversed(panel.log.lines())]
        assert [line.split("：")[0] for line in lines[-3:]] == [
            "已导入 GZ01.ddsync", "已导入 SH01-a.ddsync", "已导入 SH01-b.ddsync"]
        assert not panel.progress.isVisible() and panel.import_button.isEnabled()
        seqs = {cell(panel.table, r, 0): int(cell(panel.table, r, 3)) for r in range(panel.table.rowCount())}
        assert seqs == {"GZ01": third.last_seq, "SH01": second.last_seq}
        page.grab().save("/tmp/h1_hq_imported.png")
    finally:
        ui.operations.worker().wait()
        sh.close()
        gz.close()


def test_watched_folder_imports_dropped_files(qtbot, hq: Side, template: Path, tmp_path: Path) -> None:
    side = make_branch(template, tmp_path / "gz", "GZ01", hq)
    try:
        add_customer(side, "李四", "13700137000", "粤A54321")
        good = side.sync.export_bundle(tmp_path / "GZ01.ddsync").path
        page = page_for(qtbot, hq)
        console = page.content
        assert isinstance(console, HqConsole)
        panel: BranchesPanel = console.branches
        busy: list[bool] = []
        panel.progress.busy_changed.connect(busy.append)
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        panel.poll_interval_ms = 100
        panel.watch(inbox)
        assert panel.timer.isActive()
        good.rename(inbox / good.name)
        (inbox / "broken.ddsync").write_bytes(b"PK\x03\x04 not a bundle")
        qtbot.waitUntil(lambda: (inbox / "imported" / "GZ01.ddsync").exists()
                        and (inbox / "refused" / "broken.ddsync").exists(), timeout=10000)
        idle(qtbot)
        lines = "\n".join(panel.log.lines())
        assert "已导入 GZ01.ddsync" in lines
        assert "拒绝导入 broken.ddsync" in lines
        assert not list(inbox.glob("*.ddsync"))
        assert busy[:2] == [True, False]  # the same progress bar as a manual import
        row = [r for r in range(panel.table.rowCount()) if cell(panel.table, r, 0) == "GZ01"][0]
        assert int(cell(panel.table, row, 3)) > 0
        page.grab().save("/tmp/h1_hq_watch.png")
        panel.stop_watching()
        assert not panel.timer.isActive()
    finally:
        ui.operations.worker().wait()
        side.close()


def test_watched_folder_survives_a_restart_and_warns_when_unreachable(
        qtbot, monkeypatch, hq: Side, template: Path, tmp_path: Path) -> None:
    monkeypatch.setattr(BranchesPanel, "POLL_MS", 100)
    side = make_branch(template, tmp_path / "cd", "CD01", hq)
    try:
        inbox = tmp_path / "共享" / "收件箱"
        inbox.mkdir(parents=True)
        # first start: 选择文件夹…
        page = page_for(qtbot, hq, keep=False)
        assert isinstance(page.content, HqConsole)
        panel = page.content.branches
        assert panel.folder is None and panel.folder_label.text() == "未设置"
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(inbox))
        click(qtbot, panel.folder_button)
        idle(qtbot)
        assert panel.folder == inbox
        assert hq.ctx.services.settings.get(WATCH_FOLDER_KEY) == str(inbox)
        close_app(qtbot, page)

        # the app starts again: the same folder is watched, and files dropped there import
        page = page_for(qtbot, hq, keep=False)
        assert isinstance(page.content, HqConsole)
        panel = page.content.branches
        qtbot.waitUntil(lambda: panel.folder == inbox and panel.folder_reachable is True, timeout=5000)
        assert panel.timer.isActive() and panel.stop_button.isEnabled()
        assert panel.folder_label.text() == str(inbox)
        assert not panel.folder_warning.isVisible()
        add_customer(side, "赵六", "13500135000", "川A88888")
        side.sync.export_bundle(inbox / "CD01.ddsync")
        qtbot.waitUntil(lambda: (inbox / "imported" / "CD01.ddsync").exists(), timeout=10000)
        idle(qtbot)
        assert any(text_of(line).startswith("已导入 CD01.ddsync") for line in panel.log.lines())
        close_app(qtbot, page)

        # the share is gone when the app starts: a clear warning, the folder is kept
        moved = inbox.with_name("别处")
        inbox.rename(moved)
        page = page_for(qtbot, hq)
        assert isinstance(page.content, HqConsole)
        panel = page.content.branches
        qtbot.waitUntil(lambda: panel.folder_warning.isVisible(), timeout=5000)
        warning = panel.folder_warning.text()
        assert warning.startswith(f"无法访问监视文件夹 {inbox}：文件夹不存在，或网络驱动器未连接")
        assert "自动导入已暂停" in warning
        assert panel.folder == inbox and panel.stop_button.isEnabled()
        assert text_of(panel.log.lines()[0]) == warning
        page.grab().save("/tmp/h1_hq_watch_unreachable.png")
        qtbot.wait(400)  # several looks: one log line, not one per look
        assert sum(text_of(line) == warning for line in panel.log.lines()) == 1
        assert hq.ctx.services.settings.get(WATCH_FOLDER_KEY) == str(inbox)
        # it comes back: watching resumes by itself
        moved.rename(inbox)
        qtbot.waitUntil(lambda: not panel.folder_warning.isVisible(), timeout=5000)
        assert "已恢复访问" in panel.log.lines()[0]

        # 停止监视 is remembered too
        click(qtbot, panel.stop_button)
        idle(qtbot)
        assert panel.folder is None and not panel.timer.isActive()
        assert hq.ctx.services.settings.get(WATCH_FOLDER_KEY) is None
        again = page_for(qtbot, hq)
        assert isinstance(again.content, HqConsole)
        assert again.content.branches.folder is None
        assert again.content.branches.folder_label.text() == "未设置"
    finally:
        ui.operations.worker().wait()
        side.close()


# --- who may (issue 23 item 2) ----------------------------------------------------------------
def staff_actor(side: Side, role: Role) -> Actor:
    """A staff member of ``side`` with ``role`` (made by its administrator, no login)."""
    services = side.ctx.services
    admin = services.staff.login("admin", PASSWORD)
    made = services.staff.create(admin, username=f"u_{role.value}", display_name=f"测试{role.value}",
                                 role=role, password="pass1234-Lw9x")
    return Actor(made.id, made.username, made.display_name, Role(made.role))


def greyed(widget: QWidget, action: str) -> bool:
    """Disabled, and its tooltip is the refusal naming the action (why it is grey)."""
    return not widget.isEnabled() and "无权" in widget.toolTip() and action in widget.toolTip()


def test_a_branch_technician_sees_every_sync_action_greyed_out_with_the_reason(
        qtbot, hq: Side, template: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """'The GUI greys out what the role may not do': a technician may not export, import or
    enrol at a branch, even an enrolled one."""
    branch = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        page = page_for(qtbot, branch, actor=staff_actor(branch, Role.TECHNICIAN))
        view = page.content
        assert isinstance(view, BranchSyncView)
        qtbot.waitUntil(lambda: view.status is not None and view.status.enrolled, timeout=10000)
        assert greyed(view.export_button, "导出与导入同步数据包")
        assert greyed(view.import_button, "导出与导入同步数据包")
        assert greyed(view.enrol_button, "登记门店与吊销密钥")
        assert "技师" in view.export_button.toolTip()
    finally:
        ui.operations.worker().wait()
        branch.close()


def test_a_branch_manager_exports_and_imports_but_enrolment_is_greyed_out(
        qtbot, hq: Side, template: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """'Export and import at a branch: manager or admin.' Enrolment is the administrator's."""
    branch = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        manager = staff_actor(branch, Role.MANAGER)
        page = page_for(qtbot, branch, actor=manager)
        view = page.content
        assert isinstance(view, BranchSyncView)
        qtbot.waitUntil(lambda: view.status is not None and view.status.enrolled, timeout=10000)
        assert view.export_button.isEnabled() and view.export_button.toolTip() == ""
        assert view.import_button.isEnabled() and view.import_button.toolTip() == ""
        assert greyed(view.enrol_button, "登记门店与吊销密钥")
        assert "经理" in view.enrol_button.toolTip()
        out = tmp_path / "bj.ddsync"
        view.export_to(out)
        qtbot.waitUntil(lambda: out.exists() and not view.progress.busy, timeout=20000)
        idle(qtbot)
        assert "已导出" in view.log.lines()[0]
        # the audit trail names the manager, not 系统
        rows = branch.ctx.services.audit.list(manager, limit=1000)
        assert [r.staff_name for r in rows if r.action == "export"] == ["测试manager"]
    finally:
        ui.operations.worker().wait()
        branch.close()


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.MANAGER])
def test_hq_console_greys_out_what_the_role_may_not_do(qtbot, hq: Side, template: Path,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path, role: Role) -> None:
    """'Enrolment, revocation and re-issued enrolment files: HQ admin only': at HQ a manager
    may import and export for a branch, a technician nothing; neither enrols or revokes."""
    branch = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        page = page_for(qtbot, hq, actor=staff_actor(hq, role))
        console = page.content
        assert isinstance(console, HqConsole)
        panel = console.branches
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)
        panel.table.selectRow(0)
        for widget in (panel.enrol_button, panel.code_edit, panel.name_edit, panel.revoke_button):
            assert greyed(widget, "登记门店与吊销密钥"), widget.objectName()
        exchange = (panel.import_button, panel.export_button, panel.folder_button)
        if role is Role.MANAGER:
            assert all(w.isEnabled() and w.toolTip() == "" for w in exchange)
            assert panel.silent_spin.isEnabled()
        else:
            assert all(greyed(w, "导出与导入同步数据包") for w in exchange)
            assert greyed(panel.silent_spin, "修改门店设置")
    finally:
        ui.operations.worker().wait()
        branch.close()
