"""``dealerdesk --self-test``: prove an installation works, end to end, without a screen.

Why it exists: the PyInstaller bundle is a different program from the source tree — a
missing data file, Qt plugin or lazily imported module only shows when that code path runs
on a customer's PC. The self-test runs every such path once in a throw-away folder:
resources found, migrations applied, a branch and demo data made, ONE OF EVERY printed form
rendered with the CJK font embedded, a sync bundle exported, verified and imported at a
throw-away HQ, the main PC's database server (the shipped PostgreSQL binaries) made, started,
written to and stopped, and the main window opened offscreen. It prints one line per check
(``OK  name`` / ``FAIL name: reason``) and exits 0 only when every check passed.

The forms are a registry (:data:`FORMS`): each listed module must import and render; a
module listed but missing is a failure, never a silent skip. Add new forms there.
"""

from __future__ import annotations

import importlib
import os
import secrets
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0
EXIT_FAILED = 1

ADMIN = "admin"
#: made per run (the self-test works in a temporary folder): strong enough for the password rule
PASSWORD = secrets.token_urlsafe(12)
BRANCH_CODE = "ST01"
HQ_CODE = "HQ"
#: PDF markers of an embedded TrueType font program and of our face's subset name.
FONT_MARKERS = (b"/FontFile2", b"WenQuanYiMicroHei")


class CheckFailed(Exception):
    """A check's own verdict (as opposed to a crash inside it)."""


@dataclass
class State:
    """What the checks build for each other, in a temporary folder."""

    root: Path
    ctx: Any = None  # app.context.AppContext of the branch
    actor: Any = None  # the logged-in administrator
    branch: Any = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FormSpec:
    """One printed form: the module that must exist and how to render it from demo data."""

    name: str
    module: str
    render: Callable[[Any, State], bytes]  # (module, state) -> PDF bytes

    @property
    def file_stem(self) -> str:
        """One module may print several forms (催办单 and 洽办单): the form's own name."""
        return self.name.split()[0]


# --- form renderers ------------------------------------------------------------------------
def _customer_file(module: Any, st: State) -> bytes:
    services = st.ctx.services
    order = _order(st)
    customer = services.customers.find_one(st.actor, order.plate)
    history = {v.id: services.work_orders.service_history(st.actor, v.id)
               for v in customer.vehicles}
    return bytes(module.CustomerFileForm(st.branch, customer, history=history).render())


def _work_order(module: Any, st: State) -> bytes:
    order = st.ctx.services.work_orders.get(st.actor, _order(st).id)
    return bytes(module.WorkOrderForm(st.branch, order, copies=module.work_order_copies(2)).render())


def _repair_card(module: Any, st: State) -> bytes:
    order = st.ctx.services.work_orders.get(st.actor, _order(st).id)
    return bytes(module.RepairCardForm(st.branch, order).render())


def _settlement(module: Any, st: State) -> bytes:
    order = st.ctx.services.work_orders.get(st.actor, _order(st).id)
    return bytes(module.SettlementForm(st.branch, order).render())


def _complaint_slip(module: Any, st: State) -> bytes:
    return bytes(module.ComplaintSlipForm(st.branch, _complaint(st)).render())


def _complaint_reply(module: Any, st: State) -> bytes:
    return bytes(module.ComplaintReplyForm(st.branch, _complaint(st)).render())


def _complaint_statistics(module: Any, st: State) -> bytes:
    from domain import clock

    now = clock.now()
    stats = st.ctx.services.complaints.monthly_statistics(st.actor, now.year, now.month)
    return bytes(module.ComplaintStatisticsReport(st.branch, stats).render())


def _reader() -> Any:
    """Reports are for managers, not administrators: read them as the system, like the CLI."""
    from domain.roles import Actor

    return Actor.system()


def _day(st: State) -> Any:
    """A day with demo work in it (the chosen order's reception day)."""
    return _order(st).received_at.date()


def _technician_daily(module: Any, st: State) -> bytes:
    day = _day(st)
    days = st.ctx.services.daily_reports.technician_days(_reader(), day)
    return bytes(module.TechnicianDailyReport(st.branch, days, day).render())


def _supervisor_daily(module: Any, st: State) -> bytes:
    report = st.ctx.services.daily_reports.supervisor_day(_reader(), _day(st))
    return bytes(module.SupervisorDailyReport(st.branch, report).render())


def _kpi_report(module: Any, st: State) -> bytes:
    day = _day(st)
    kpis = st.ctx.services.kpi.monthly(_reader(), f"{day.year:04d}-{day.month:02d}")
    return bytes(module.KpiReport(st.branch, kpis).render())


def _care_letter(module: Any, st: State) -> bytes:
    letter = module.prepare_letter(st.ctx.services, _reader(), "maintenance-reminder",
                                   _order(st).plate)
    return bytes(letter.pdf)


def _survey_card(module: Any, st: State) -> bytes:
    order = st.ctx.services.work_orders.get(st.actor, _order(st).id)
    return bytes(module.SurveyCardForm(st.branch, order).render())


def _care_summary(module: Any, st: State) -> bytes:
    day = _day(st)
    summary = st.ctx.services.care.monthly_summary(_reader(), day.year, day.month)
    return bytes(module.CareSummaryReport(st.branch, summary).render())


def _complaint_urge(module: Any, st: State) -> bytes:
    notice = st.ctx.services.complaint_deadlines.printable(_reader(), "urge", _complaint(st).number)
    return bytes(module.ComplaintUrgeForm(st.branch, notice).render())


def _complaint_coordinate(module: Any, st: State) -> bytes:
    notice = st.ctx.services.complaint_deadlines.printable(_reader(), "coordinate",
                                                           _complaint(st).number)
    return bytes(module.ComplaintCoordinateForm(st.branch, notice).render())


def _penalty_notice(module: Any, st: State) -> bytes:
    """A penalty needs a finding of fault first; the form is checked on one built in memory
    (nothing is recorded against demo staff)."""
    from domain import clock
    from domain.services.complaint_views import PenaltyView

    slip = _complaint(st)
    penalty = PenaltyView(
        id="self-test", number="JF-SELFTEST", slip_id=slip.id, slip_number=slip.number,
        staff_id=st.actor.staff_id or "", staff_name="自检员工", department="服务部",
        share_bp=10000, grade="warning", amount_fen=5000, month=clock.now().strftime("%Y-%m"),
        reason="自检", recorded_at=clock.now(), recorded_by_name=st.actor.display_name,
        slip_category=slip.category, slip_received_at=slip.received_at,
        customer_name="自检客户", branch_timezone=st.branch.timezone)
    return bytes(module.PenaltyNoticeForm(st.branch, penalty).render())


#: Every printed form the program has. A listed module that is missing fails the self-test.
FORMS: tuple[FormSpec, ...] = (
    FormSpec("customer-file 客户档案", "reports.customer_file", _customer_file),
    FormSpec("work-order 维修委托书", "reports.work_order", _work_order),
    FormSpec("repair-card 维修卡", "reports.repair_card", _repair_card),
    FormSpec("settlement 结算单", "reports.settlement", _settlement),
    FormSpec("complaint-slip 客户抱怨处理表", "reports.complaint_slip", _complaint_slip),
    FormSpec("complaint-reply 投诉答复函", "reports.complaint_reply", _complaint_reply),
    FormSpec("complaint-statistics 投诉统计表", "reports.complaint_statistics",
             _complaint_statistics),
    FormSpec("complaint-urge 投诉处理催办单", "reports.complaint_notice", _complaint_urge),
    FormSpec("complaint-coordinate 投诉处理洽办单", "reports.complaint_notice",
             _complaint_coordinate),
    FormSpec("penalty-notice 奖罚通知单", "reports.complaint_penalty", _penalty_notice),
    FormSpec("technician-daily 技术员工作日报表", "reports.technician_daily", _technician_daily),
    FormSpec("supervisor-daily 服务主任日报表", "reports.supervisor_daily", _supervisor_daily),
    FormSpec("kpi-report 售后经营指标月报", "reports.kpi_report", _kpi_report),
    FormSpec("care-letter 跟踪服务信函", "reports.care_letter", _care_letter),
    FormSpec("survey-card 客户意见调查卡", "reports.survey_card", _survey_card),
    FormSpec("care-summary 客户回访分析月报", "reports.care_summary", _care_summary),
)


def _order(st: State) -> Any:
    if "order" not in st.data:
        rows = st.ctx.services.work_orders.list_orders(st.actor, limit=50)
        if not rows:
            raise CheckFailed("演示数据里没有工单")
        settled = [r for r in rows if r.state in ("settled", "delivered")]
        st.data["order"] = (settled or rows)[0]
    return st.data["order"]


def _complaint(st: State) -> Any:
    if "complaint" not in st.data:
        from domain.services.complaints import ComplaintInput

        order = _order(st)
        view = st.ctx.services.complaints.register(st.actor, ComplaintInput(
            channel="phone", category="repair_quality", customer_words="自检：修完后刹车仍有异响",
            customer_request="免费检查", work_order=order.number))
        st.data["complaint"] = view
    return st.data["complaint"]


def check_pdf(pdf: bytes) -> None:
    """A PDF with our CJK font embedded (not merely referenced)."""
    if not pdf.startswith(b"%PDF-"):
        raise CheckFailed("输出不是 PDF")
    missing = [m.decode() for m in FONT_MARKERS if m not in pdf]
    if missing:
        raise CheckFailed("中文字体未嵌入（缺少 " + "、".join(missing) + "）")


# --- checks --------------------------------------------------------------------------------
def check_resources(st: State) -> str:
    from common import product, resources

    wanted = [*(font.path() for font in resources.CJK_FONT_CHAIN), product.icon_path("png"),
              resources.resource_path("translations", "dealerdesk_en.qm"),
              resources.migrations_path() / "env.py",
              resources.migrations_path() / "script.py.mako",
              *product.licence_files()]
    missing = [str(p) for p in wanted if not p.is_file()]
    if missing:
        raise CheckFailed("缺少文件 " + ", ".join(missing))
    if not any((resources.migrations_path() / "versions").glob("*.py")):
        raise CheckFailed("缺少迁移脚本 versions/*.py")
    return f"{product.PRODUCT_NAME_EN} {product.version()}"


def check_database(st: State) -> str:
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from app.context import AppContext
    from common.resources import migrations_path

    st.ctx = AppContext.open(st.root / "branch", create=True)
    with st.ctx.db.engine.connect() as conn:
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    head = ScriptDirectory(str(migrations_path())).get_current_head()
    if current != head:
        raise CheckFailed(f"数据库版本 {current}，应为 {head}")
    return f"migrated to {head}"


def check_branch(st: State) -> str:
    services = st.ctx.services
    services.branches.initialise(code=BRANCH_CODE, name="自检门店", address="测试路 1 号",
                                 phone="010-00000000", admin_username=ADMIN,
                                 admin_password=PASSWORD)
    st.actor = services.staff.login(ADMIN, PASSWORD)
    st.branch = services.branches.current()
    return f"{st.branch.code} {st.branch.name}"


def check_demo(st: State) -> str:
    st.ctx.services.demo.load(st.actor, customers=4, work_orders=4)
    if not st.ctx.services.work_orders.list_orders(st.actor, limit=1):
        raise CheckFailed("演示工单未生成")
    return "4 customers, 4 work orders"


def check_sync(st: State) -> str:
    from app.context import AppContext
    from domain.roles import Actor
    from sync.service import NothingToExport, SyncService, keys_dir

    hq_dir = st.root / "hq"
    hq = AppContext.open(hq_dir, create=True)
    try:
        hq.services.branches.initialise(code=HQ_CODE, name="自检总部", admin_username=ADMIN,
                                        admin_password=PASSWORD, mode="hq")
        hq_sync = SyncService(hq.db, keys_dir(hq_dir), actor=Actor.system())
        hq_sync.ensure_hq_keys()
        enrolment = st.root / f"{BRANCH_CODE}.enrol"
        hq_sync.enrol_branch(BRANCH_CODE, st.branch.name, enrolment)
        branch_sync = SyncService(st.ctx.db, keys_dir(st.ctx.data_dir), actor=Actor.system())
        branch_sync.enrol(enrolment)
        out = st.root / "bundles"
        out.mkdir()
        try:
            exported = branch_sync.export_bundle(out)
        except NothingToExport:
            exported = branch_sync.export_bundle(out, full=True)
        results = hq_sync.import_bundles([exported.path])
        if len(results) != 1 or results[0].status != "applied":
            detail = "; ".join(f"{r.status} {r.message}" for r in results)
            raise CheckFailed(f"总部未接受数据包：{detail}")
        again = hq_sync.import_bundles([exported.path])  # idempotent: a second import skips
        if again[0].status != "skipped":
            raise CheckFailed(f"重复导入未被跳过：{again[0].status} {again[0].message}")
        return f"{exported.changes} changes signed, verified and applied at HQ"
    finally:
        hq.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_server(st: State) -> str:
    """The main PC's server (several PCs): the PostgreSQL binaries shipped in the bundle make a
    cluster the way ``host init`` does (scram, the app's role and database), start, take a
    connection through the app's own engine (SQLAlchemy + psycopg), write, and stop.

    Loopback only; never registered as the PC's service (Windows), whatever the rights. The
    cluster gets a temporary folder of its own, not ``st.root``: run by root, the server runs
    as the service account, which needs every parent folder passable, and a caller's folder
    may not stay so (pytest re-restricts its base folder whenever another session starts)."""
    import shutil

    from sqlalchemy import text

    from storage.engine import make_engine
    from storage.pg_cluster import LocalServer, binaries_version

    class ScratchServer(LocalServer):
        def register_service(self) -> bool:
            return False  # a throw-away cluster must never start with the PC

    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="dealerdesk-selftest-server-"))
    server = ScratchServer(folder)
    try:
        config = server.init(port=_free_port(), bind="127.0.0.1")
        engine = make_engine(config.url())
        try:
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE self_test (n integer)"))
                conn.execute(text("INSERT INTO self_test VALUES (1), (2)"))
                total = conn.execute(text("SELECT sum(n) FROM self_test")).scalar()
        finally:
            engine.dispose()
        if total != 3:
            raise CheckFailed(f"服务器读写结果不对：{total}")
    finally:
        try:
            server.stop()
            if server.is_running():
                raise CheckFailed("数据库服务器未能停止")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return (f"PostgreSQL {binaries_version()}: initdb, start, connect, write, stop "
            f"in {time.monotonic() - started:.1f} s")


def check_main_window(st: State) -> str:
    from PySide6.QtWidgets import QApplication

    from app.gui import application, install_cjk_font
    from ui import operations
    from ui.main_window import MainWindow

    app = application()
    family = install_cjk_font(app)
    if family is None:
        raise CheckFailed("Qt 无法加载中文字体")
    window = MainWindow(st.ctx.services, st.actor, st.branch, st.ctx.data_dir)
    try:
        window.show()
        for _ in range(20):
            QApplication.processEvents()
        operations.worker().wait()
        QApplication.processEvents()
        if not window.isVisible():
            raise CheckFailed("主窗口未显示")
        title = window.windowTitle()
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        operations.worker().wait()
    return f"{QApplication.platformName()}: {title}"


def check_print_preview(st: State) -> str:
    """The preview and printing path: QtPdf reads our PDF, QtPrintSupport prints it."""
    from PySide6.QtGui import QColor
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from app.gui import application
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    application()
    source = st.root / "pdf" / "work-order.pdf"
    if not source.is_file():
        raise CheckFailed("没有可预览的工单 PDF")
    dialog = PdfPreviewDialog(source.read_bytes(), "自检", "self-test.pdf")
    try:
        pages = dialog.page_count()
        if pages < 1:
            raise CheckFailed("QtPdf 无法读取 PDF")
        image = dialog.document.render(0, dialog.document.pagePointSize(0).toSize())
        if image.isNull() or all(image.pixelColor(x, y) == QColor("white")
                                 for x in range(0, image.width(), 7)
                                 for y in range(0, image.height(), 7)):
            raise CheckFailed("QtPdf 渲染出空白页")
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printed = st.root / "printed.pdf"
        printer.setOutputFileName(str(printed))
        if not dialog.print_to(printer) or not printed.is_file() or printed.stat().st_size < 1024:
            raise CheckFailed("打印输出失败")
    finally:
        dialog.deleteLater()
        QApplication.processEvents()
    return f"{pages} page(s) previewed and printed"


def _form_check(spec: FormSpec) -> Callable[[State], str]:
    def run(st: State) -> str:
        try:
            module = importlib.import_module(spec.module)
        except ImportError as exc:
            raise CheckFailed(f"模块 {spec.module} 缺失：{exc}") from exc
        pdf = spec.render(module, st)
        check_pdf(pdf)
        out = st.root / "pdf" / f"{spec.file_stem}.pdf"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(pdf)
        return f"{len(pdf) // 1024} KiB, font embedded"

    return run


def checks() -> list[tuple[str, Callable[[State], str], tuple[str, ...]]]:
    """(name, check, names of the checks it needs), in running order."""
    plan: list[tuple[str, Callable[[State], str], tuple[str, ...]]] = [
        ("resources", check_resources, ()),
        ("database + migrations", check_database, ()),
        ("branch + administrator", check_branch, ("database + migrations",)),
        ("demo data", check_demo, ("branch + administrator",)),
    ]
    for spec in FORMS:
        plan.append((f"form {spec.name}", _form_check(spec), ("demo data",)))
    work_order = next(f"form {spec.name}" for spec in FORMS if spec.module == "reports.work_order")
    plan.append(("print preview + printer (QtPdf, QtPrintSupport)", check_print_preview,
                 (work_order,)))
    plan.append(("sync bundle export/verify/import", check_sync, ("demo data",)))
    plan.append(("database server (PostgreSQL, several PCs)", check_server, ()))
    plan.append(("main window (offscreen)", check_main_window, ("branch + administrator",)))
    return plan


def run(out: TextIO | None = None, root: Path | None = None) -> int:
    """Run every check; one line each; 0 only when all passed."""
    stream: TextIO | None = out or sys.stdout
    if stream is None:  # a windowed Windows executable has no console: write a report file
        report = Path(tempfile.gettempdir()) / "dealerdesk-self-test.txt"
        with report.open("w", encoding="utf-8") as file:
            return run(file, root)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    passed: set[str] = set()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="dealerdesk-selftest-") as tmp:
        st = State(Path(root) if root else Path(tmp))
        try:
            for name, check, needs in checks():
                unmet = [n for n in needs if n not in passed]
                if unmet:
                    failures += 1
                    print(f"FAIL {name}: 前置检查未通过（{'、'.join(unmet)}）", file=stream, flush=True)
                    continue
                try:
                    detail = check(st)
                except CheckFailed as exc:
                    failures += 1
                    print(f"FAIL {name}: {exc}", file=stream, flush=True)
                except Exception as exc:  # a crash in one check must not hide the others
                    failures += 1
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    print(f"FAIL {name}: {type(exc).__name__}: {exc} "
                          f"({Path(where.filename).name}:{where.lineno})", file=stream, flush=True)
                else:
                    passed.add(name)
                    print(f"OK  {name}" + (f" — {detail}" if detail else ""), file=stream,
                          flush=True)
        finally:
            if st.ctx is not None:
                st.ctx.close()
    total = len(passed) + failures
    print(f"{'OK' if failures == 0 else 'FAIL'} self-test: {len(passed)}/{total} passed",
          file=stream, flush=True)
    return EXIT_OK if failures == 0 else EXIT_FAILED
