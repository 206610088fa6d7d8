"""KPI and daily-report forms: the PDF carries the hand-worked figures as text, the Excel
export keeps numbers as numbers, dates as dates and money as "0.00"."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from domain import clock
from domain.roles import Actor
from domain.services.registry import Services
from reports.kpi_report import KpiReport
from reports.supervisor_daily import SupervisorDailyReport
from reports.technician_daily import TechnicianDailyReport
from reports.xlsx_kpi import kpi_workbook, supervisor_workbook, technician_workbook
from tests.unit.test_kpi import at, manager, month  # noqa: F401  (fixtures)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_kpi_pdf_shows_figures_charts_and_definitions(services: Services, manager: Actor,  # noqa: F811
                                                     month: dict[str, object]) -> None:  # noqa: F811
    kpis = services.kpi.monthly(manager, "2026-10", "all")
    ranking = services.kpi.ranking(manager, "2026-10")
    pdf = KpiReport(services.branches.current(), kpis, ranking=ranking).render()
    Path("/tmp/kpi_report.pdf").write_bytes(pdf)
    text = _text(pdf)
    assert "售后经营指标月报" in text and "返修率" in text
    assert "19,000.00" in text or "19000.00" in text  # all branches' settled revenue 1,900,000 fen
    assert "每日进厂台次" in text and "门店排名" in text and "上海浦东店" in text
    assert "本期交车的返修工单数" in text  # the definition printed under the table


def test_kpi_workbook_types(services: Services, manager: Actor, month: dict[str, object]) -> None:  # noqa: F811
    kpis = services.kpi.monthly(manager, "2026-10")
    book = load_workbook(io.BytesIO(kpi_workbook(kpis, services.kpi.ranking(manager, "2026-10"))))
    sheet = book.worksheets[0]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    revenue = rows["产值"]
    assert float(revenue[1].value) == 9000.0 and revenue[1].number_format == "0.00"
    assert rows["返修率"][1].value == pytest.approx(20.0)
    assert rows["返修率"][6].value == "未达标"
    days = book["每日进厂台次"]
    assert days["A2"].value.date() == dt.date(2026, 10, 1) and days["A2"].number_format == "yyyy-mm-dd"
    assert days["B2"].value == 2 and isinstance(days["B2"].value, int)
    ranking = book["门店排名"]
    assert ranking["A2"].value == "SH01" and ranking["D2"].value == 1


def test_daily_reports_pdf_and_xlsx(services: Services, manager: Actor,  # noqa: F811
                                    month: dict[str, object]) -> None:  # noqa: F811
    branch = services.branches.current()
    with clock.freeze(at(2026, 10, 2, 9)):
        days = services.daily_reports.technician_days(manager, dt.date(2026, 10, 1))
        sup = services.daily_reports.supervisor_day(manager, dt.date(2026, 10, 1))
    pdf = TechnicianDailyReport(branch, days, dt.date(2026, 10, 1)).render()
    Path("/tmp/tech_daily.pdf").write_bytes(pdf)
    text = _text(pdf)
    assert "技术员工作日报表" in text and "李师傅" in text and "更换刹车片" in text
    assert "4.00" in text and "10.00" in text  # 4 h clocked, 10.00 standard hours credited
    pdf = SupervisorDailyReport(branch, sup).render()
    Path("/tmp/sup_daily.pdf").write_bytes(pdf)
    text = _text(pdf)
    assert "服务主任日报表" in text and "经理审阅意见" in text and str(month["o1"]) in text
    book = load_workbook(io.BytesIO(technician_workbook(days, branch.timezone)))
    sheet = book.worksheets[0]
    first = [c.value for c in sheet[2]]
    assert first[0].date() == dt.date(2026, 10, 1)
    assert first[6] == dt.datetime(2026, 9, 30, 22, 0)  # local start time of the overnight job
    assert first[7] == 1.0 and sheet.cell(row=2, column=8).number_format == "0.00"
    book = load_workbook(io.BytesIO(supervisor_workbook(sup, branch.timezone)))
    assert book["车辆"]["B2"].value == 2 and book["车辆"]["D2"].value == 14
