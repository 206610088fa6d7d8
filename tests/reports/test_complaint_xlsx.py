"""客户投诉案件统计表 as .xlsx, and the shared ``write_table`` helper every export uses."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.context import AppContext
from domain import clock
from domain.services.branch import BranchView
from domain.services.complaint_statistics import MonthlyStatistics
from reports.xlsx import (
    DATE,
    INTEGER,
    MONEY,
    Cell,
    add_sheet,
    display_width,
    new_workbook,
    workbook_bytes,
    write_table,
)
from reports.xlsx_complaints import complaint_statistics_xlsx, penalties_xlsx
from tests.reports.complaint_shop import (
    PENALTY_REASON,
    STATS_AT,
    URGE_REASON,
    ComplaintShop,
    build_november,
)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BranchView, MonthlyStatistics,
                                                                        ComplaintShop]]:
    ctx = AppContext.open(Path(tmp_path_factory.mktemp("xlsx")) / "data", create=True)
    try:
        ctx.services.branches.initialise(
            code="BJ01", name="北京朝阳店", address="", phone="", admin_username="admin",
            admin_password="admin123-Kq7v")
        shop = build_november(ctx.services)
        with clock.freeze(STATS_AT):
            stats = ctx.services.complaints.monthly_statistics(shop.manager, 2026, 11)
        yield ctx.services.branches.current(), stats, shop
    finally:
        ctx.close()


def _rows(sheet: Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_statistics_workbook_has_a_sheet_per_table_with_typed_cells(month) -> None:  # type: ignore[no-untyped-def]
    branch, stats, shop = month
    book = load_workbook(io.BytesIO(complaint_statistics_xlsx(branch, stats)))
    assert book.sheetnames == ["概况", "按类别", "按严重程度", "按责任归属", "结案天数", "逾期结案", "罚扣",
                               "内部期限", "内部期限超期", "奖罚"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(c.font.b for c in sheet[1] if c.value is not None)  # bold Chinese header
        assert sheet.column_dimensions["A"].width >= 6

    summary = {row[0]: row[1] for row in _rows(book["概况"])[1:]}
    assert summary["门店"] == "北京朝阳店" and summary["统计月份"] == "2026年11月"
    assert (summary["本月受理件数"], summary["本月结案件数"], summary["其中：客户不接受后重开"],
            summary["逾期结案件数（须洽办）"], summary["月末超期未结件数"]) == (5, 2, 1, 1, 2)
    assert isinstance(summary["本月受理件数"], int)
    assert summary["平均结案天数"] == pytest.approx(9.5)
    assert summary["本月罚扣合计（元）"] == pytest.approx(1000.0)
    money_cell = next(r for r in book["概况"].iter_rows(min_row=2) if r[0].value == "本月罚扣合计（元）")[1]
    assert money_cell.number_format == "0.00" and money_cell.data_type == "n"

    categories = _rows(book["按类别"])
    assert categories[0] == ["投诉类别", "件数", "占比"]
    assert {r[0]: r[1] for r in categories[1:]} == {"维修质量": 2, "服务态度": 2, "价格": 1, "合计": 5}
    assert book["按类别"]["C2"].value == pytest.approx(0.4) and book["按类别"]["C2"].number_format == "0.0%"
    assert book["按类别"]["A5"].font.b and not book["按类别"]["A4"].font.b  # the total row

    responsibility = {r[0]: r[1] for r in _rows(book["按责任归属"])[1:]}
    assert responsibility == {"维修车间": 1, "非我方责任": 1, "合计": 2}

    late = book["逾期结案"]
    assert [c.value for c in late[1]] == ["投诉单号", "结案期限", "结案时间", "逾期天数", "洽办说明（逾期原因）"]
    number, due, closed, days, note = (c for c in late[2])
    assert number.value == shop.late
    assert due.is_date and due.value == dt.datetime(2026, 11, 16) and due.number_format == "yyyy-mm-dd"
    assert closed.is_date and closed.value == dt.datetime(2026, 11, 20, 11, 0)
    assert closed.number_format == "yyyy-mm-dd hh:mm"
    assert days.value == 4 and isinstance(days.value, int) and note.value == URGE_REASON  # the recorded reason

    deductions = book["罚扣"]
    assert [c.value for c in deductions[1]] == ["姓名", "部门", "月度效益奖金", "本月扣款上限", "本月发生",
                                                "上月结转", "本月扣款", "结转下月"]
    by_name = {r[0]: r[2:] for r in _rows(deductions)[1:] if r[0] in shop.tech_names}
    assert by_name == {"周师傅": [1000, 500, 2800, 0, 500, 2300], "吴师傅": [1000, 500, 1200, 0, 500, 700]}
    for row in deductions.iter_rows(min_row=2, max_row=3, min_col=3):
        assert all(c.number_format == "0.00" and isinstance(c.value, (int, float)) for c in row)
    total = [c.value for c in deductions[4]]
    assert total[0] == "合计" and total[4:] == [4000, 0, 1000, 3000]

    # issue 15: both internal deadlines counted, each missed one with its reason, the penalties
    assert _rows(book["内部期限"])[:3] == [
        ["期限", "本月到期", "按时", "逾期完成", "超期未完成", "未到期", "已说明原因", "按时率"],
        ["调查报告", 5, 3, 0, 2, 0, 0, pytest.approx(0.6)], ["综合意见", 3, 3, 0, 0, 0, 0, 1]]
    missed = _rows(book["内部期限超期"])
    assert [r[:3] for r in missed[1:3]] == [[shop.reopened, "调查报告", dt.datetime(2026, 11, 19)],
                                           [shop.long, "调查报告", dt.datetime(2026, 11, 23)]]
    assert summary["调查报告超期件数"] == 2 and summary["综合意见超期件数"] == 0
    assert summary["本月奖罚件数"] == 2 and summary["本月奖罚金额合计（元）"] == pytest.approx(1200.0)
    penalties = _rows(book["奖罚"])
    assert penalties[0] == ["通知单号", "姓名", "部门", "类别", "金额", "投诉单号", "事由"]
    assert penalties[1:4] == [[shop.penalties[1], "吴师傅", "维修车间", "小过", 800, shop.closed, None],
                             [shop.penalties[0], "周师傅", "维修车间", "警告", 400, shop.closed, PENALTY_REASON],
                             ["合计", None, None, None, 1200, None, None]]


def test_penalties_workbook_is_the_monthly_list(month) -> None:  # type: ignore[no-untyped-def]
    """"a 奖罚通知单 … and a monthly list" (issue 15): the penalties tab exports the same rows."""
    branch, stats, shop = month
    book = load_workbook(io.BytesIO(penalties_xlsx(branch, 2026, 11, stats.penalties)))
    assert book.sheetnames == ["奖罚"] and book.properties.title == "北京朝阳店 奖罚月报 2026年11月"
    rows = _rows(book["奖罚"])
    assert [r[0] for r in rows[1:4]] == [shop.penalties[1], shop.penalties[0], "合计"]
    assert book["奖罚"]["E2"].number_format == "0.00"


def test_write_table_keeps_types_formats_and_widths() -> None:
    book = new_workbook()
    sheet = add_sheet(book, "明细/2026:11?")
    next_row = write_table(
        sheet, ["单号", "日期", "件数", "金额(元)"],
        [["WO-1", dt.date(2026, 11, 3), 3, Decimal("1234.5")],
         ["一个很长很长的中文名称用来检查列宽", dt.date(2026, 11, 4), 12, "待定"],
         ["WO-3", None, Cell(7, bold=True), Cell(Decimal("0.125"), "0.000")]],
        [None, DATE, INTEGER, MONEY], total_rows=[["合计", None, 22, Decimal("1234.5")]])
    assert next_row == 6 and sheet.title == "明细_2026_11_"
    back = load_workbook(io.BytesIO(workbook_bytes(book)))[sheet.title]
    assert back.freeze_panes == "A2" and back.auto_filter.ref == "A1:D4"
    assert back["B2"].is_date and back["B2"].number_format == "yyyy-mm-dd"
    assert back["D2"].value == pytest.approx(1234.5) and back["D2"].number_format == "0.00"
    assert back["D3"].value == "待定" and back["D3"].data_type == "s"  # text stays text
    assert back["C4"].font.b and back["D4"].number_format == "0.000"
    assert back["B4"].value is None and back["A5"].font.b and back["C5"].value == 22
    assert back.column_dimensions["A"].width == display_width("一个很长很长的中文名称用来检查列宽") + 2
    with pytest.raises(ValueError):
        write_table(add_sheet(book, "x"), ["a", "b"], [[1]])
