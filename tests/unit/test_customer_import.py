"""Customer list import: CSV (UTF-8 with BOM, GBK) and XLSX, Chinese and English headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.context import AppContext
from domain.errors import NotAllowed, NotFound, ValidationError
from domain.model import Customer, Vehicle, VehicleOwnership
from domain.roles import Actor
from domain.services.customer_import import ImportReport
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.validation import vin_check_digit


def make_vin(serial: int, wmi: str = "LSV") -> str:
    body = f"{wmi}AB2BM0NC{serial:06d}"
    return body[:8] + vin_check_digit(body) + body[9:]


def bad_vin(serial: int) -> str:
    good = make_vin(serial)
    wrong = "1" if good[8] != "1" else "2"
    return good[:8] + wrong + good[9:]


EXISTING_VIN = make_vin(999)


def counts(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.db.unit_of_work() as session:
        return (session.scalar(select(func.count()).select_from(Customer)) or 0,
                session.scalar(select(func.count()).select_from(Vehicle)) or 0,
                session.scalar(select(func.count()).select_from(VehicleOwnership)) or 0)


def names_in_db(ctx: AppContext) -> set[str]:
    with ctx.db.unit_of_work() as session:
        return set(session.scalars(select(Customer.name)))


def problems_by_row(report: ImportReport) -> dict[int, str]:
    return {row.row_number: "；".join(row.problems) for row in report.refused}


@pytest.fixture
def existing(services: Services, admin: Actor, advisor: Actor) -> None:
    """A vehicle already on file, so the list can clash with it."""
    services.customers.create(advisor, CustomerInput(name="钱老板", mobile="13300009999"),
                              VehicleInput(plate="粤B99999", vin=EXISTING_VIN))


CHINESE_CSV = "\n".join([
    "姓名,手机,车牌,VIN,品牌,车型,购车日期,里程,备注",
    f"张三,13812345678,京A12345,{make_vin(1)},大众,朗逸,2023-05-01,12000,老客户",
    f"张三,13812345678,京b·54321,{make_vin(2)},丰田,卡罗拉,2023/5/1,\"8,000\",",
    f"李四,13900001111,京A1234,{make_vin(3)},,,,,",
    f"王五,13700002222,沪C88888,{bad_vin(4)},,,,,",
    f"赵六,13600003333,京A12345,{make_vin(5)},,,,,",
    f"孙七,13500004444,粤B12345,{EXISTING_VIN},,,,,",
    f"周八,13400005555,浙A00001,{make_vin(6)},,,2023-13-01,,",
    ",,,,,,,,",
    f"吴九,13200006666,,{make_vin(7)},比亚迪,秦PLUS,2024年3月8日,1.2万,",
]) + "\n"


@pytest.fixture
def chinese_csv(tmp_path: Path) -> Path:
    path = tmp_path / "客户名单.csv"
    path.write_bytes(CHINESE_CSV.encode("utf-8-sig"))
    return path


def test_csv_with_bom_imports_good_rows_and_reports_bad_ones(
        ctx: AppContext, services: Services, admin: Actor, existing: None, chinese_csv: Path) -> None:
    before = counts(ctx)
    report = services.customer_import.run(admin, chinese_csv)

    assert report.imported == 3
    assert report.unknown_columns == ("备注",)
    problems = problems_by_row(report)
    assert set(problems) == {4, 5, 6, 7, 8}
    assert "车牌号“京A1234”格式不正确" in problems[4]
    assert "校验位错误" in problems[5]
    assert "与第 2 行重复（车牌 京A12345）" in problems[6]
    assert f"车架号 {EXISTING_VIN} 已登记" in problems[7] and "钱老板" in problems[7]
    assert "购车日期“2023-13-01”无法识别" in problems[8]
    # Two rows of 张三 are one customer with two vehicles; nothing of a bad row remains.
    assert counts(ctx) == (before[0] + 2, before[1] + 3, before[2] + 3)
    assert names_in_db(ctx) & {"李四", "王五", "赵六", "孙七", "周八"} == set()
    zhang = services.customers.find_one(admin, "13812345678")
    assert sorted(v.plate for v in zhang.vehicles) == ["京A12345", "京B54321"]
    by_plate = {v.plate: v for v in zhang.vehicles}
    assert by_plate["京A12345"].purchase_date == dt.date(2023, 5, 1)
    assert by_plate["京B54321"].purchase_date == dt.date(2023, 5, 1)
    assert by_plate["京B54321"].mileage_km == 8000
    wu = services.customers.find_one(admin, "13200006666")
    assert wu.vehicles[0].purchase_date == dt.date(2024, 3, 8)
    assert wu.vehicles[0].mileage_km == 12000
    assert wu.vehicles[0].plate == "" and wu.vehicles[0].vin == make_vin(7)
    # Imported records are found by the counter's search like hand-made ones.
    assert any(h.plate == "京A12345" for h in services.search.search(admin, "a12345"))
    assert any(h.name == "张三" for h in services.search.search(admin, "zs"))


def test_row_values_keep_what_the_file_says(services: Services, admin: Actor,
                                            chinese_csv: Path) -> None:
    report = services.customer_import.preview(admin, chinese_csv)
    first = report.rows[0]
    assert first.row_number == 2 and first.ok and first.problems == ()
    assert first.value("name") == "张三" and first.value("plate") == "京A12345"
    assert [field for field, _ in first.values] == ["name", "mobile", "plate", "vin", "brand",
                                                   "model", "purchase_date", "mileage"]
    assert report.columns == tuple(field for field, _ in first.values)
    assert [row.row_number for row in report.rows] == [2, 3, 4, 5, 6, 7, 8, 10]


def test_preview_reports_the_same_problems_and_writes_nothing(
        ctx: AppContext, services: Services, admin: Actor, existing: None, chinese_csv: Path) -> None:
    before = counts(ctx)
    preview = services.customer_import.preview(admin, chinese_csv)
    assert counts(ctx) == before
    assert preview.imported == 0 and preview.accepted == 3
    assert set(problems_by_row(preview)) == {4, 5, 6, 7, 8}
    assert "已登记" in problems_by_row(preview)[7]
    run = services.customer_import.run(admin, chinese_csv)
    assert problems_by_row(run) == problems_by_row(preview)


def test_gbk_csv_with_english_headers(ctx: AppContext, services: Services, admin: Actor,
                                      tmp_path: Path) -> None:
    text = "\r\n".join([
        "Name,Mobile,Plate,VIN,Brand,Model,Purchase_Date,Mileage,Colour",
        f"欧阳娜娜,13811112222,川A88888,{make_vin(11)},本田,雅阁,2022-10-01,30000,白色",
        f"陈建国,13922223333,渝AD12345,{make_vin(12)},比亚迪,秦PLUS,2024/1/15,5000,",
        f"陈建国,13922223333,渝A1,{make_vin(13)},比亚迪,汉,,,",
    ]) + "\r\n"
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode("gbk"))
    report = services.customer_import.run(admin, path)
    assert report.imported == 2
    assert report.unknown_columns == ("Colour",)
    assert problems_by_row(report).keys() == {4}
    assert names_in_db(ctx) == {"欧阳娜娜", "陈建国"}
    chen = services.customers.find_one(admin, "渝AD12345")
    assert chen.name == "陈建国" and chen.vehicles[0].model == "秦PLUS"


def test_xlsx_with_variant_headers_and_excel_cells(ctx: AppContext, services: Services,
                                                   admin: Actor, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["客户姓名", "手机号", "车牌号", "车架号(VIN)", "品牌", "车型", "购车日期", "里程(km)",
                  "地址"])
    sheet.append(["刘洋", 13566667777, "苏E12345", make_vin(21), "日产", "轩逸",
                  dt.datetime(2021, 6, 18), 45000, "苏州市姑苏区"])
    sheet.append(["刘洋", 13566667777, "苏EF12345", make_vin(22), "比亚迪", "宋PLUS",
                  dt.date(2023, 2, 1), 12000.0, ""])
    sheet.append(["黄磊", "13688889999", "苏E12345", make_vin(23), "", "", "2020/2/30", "", ""])
    sheet.append(["", "", "", "", "", "", None, None, None])
    sheet.append(["何静", "1366666", "苏A11111", make_vin(24), "", "", None, "abc", ""])
    path = tmp_path / "客户.xlsx"
    book.save(path)

    report = services.customer_import.run(admin, path)
    assert report.imported == 2
    assert report.unknown_columns == ("地址",)
    problems = problems_by_row(report)
    assert set(problems) == {4, 6}
    assert "购车日期“2020/2/30”无法识别" in problems[4]
    assert "手机号“1366666”不正确" in problems[6] and "里程“abc”" in problems[6]
    liu = services.customers.find_one(admin, "13566667777")
    assert sorted(v.plate for v in liu.vehicles) == ["苏E12345", "苏EF12345"]
    assert {v.purchase_date for v in liu.vehicles} == {dt.date(2021, 6, 18), dt.date(2023, 2, 1)}
    assert names_in_db(ctx) == {"刘洋"}


def test_xlsx_title_row_above_the_header_keeps_spreadsheet_row_numbers(
        services: Services, admin: Actor, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["北京朝阳店 客户名单（2024 年）"])
    sheet.append(["name", "phone", "license plate", "vin"])
    sheet.append(["郭靖", "13700001234", "京A00001", make_vin(31)])
    sheet.append(["黄蓉", "13700005678", "京A0000", make_vin(32)])
    path = tmp_path / "list.xlsx"
    book.save(path)
    report = services.customer_import.run(admin, path)
    assert report.imported == 1
    assert list(problems_by_row(report)) == [4]


def test_rows_join_a_customer_already_on_file(ctx: AppContext, services: Services, admin: Actor,
                                              existing: None, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text(f"姓名,手机,车牌,VIN\n钱老板,13300009999,粤B88888,{make_vin(41)}\n"
                    f"钱老板,13300009999,粤B77777,{EXISTING_VIN}\n", encoding="utf-8")
    before = counts(ctx)
    report = services.customer_import.run(admin, path)
    assert report.imported == 1 and list(problems_by_row(report)) == [3]
    assert counts(ctx) == (before[0], before[1] + 1, before[2] + 1)
    qian = services.customers.find_one(admin, "13300009999")
    assert sorted(v.plate for v in qian.vehicles) == ["粤B88888", "粤B99999"]


def test_a_row_needs_a_plate_or_a_vin(services: Services, admin: Actor, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名,车牌,VIN\n张三,,\n", encoding="utf-8")
    report = services.customer_import.run(admin, path)
    assert report.imported == 0
    assert "车牌号或车架号不能为空" in problems_by_row(report)[2]


@pytest.mark.parametrize(("name", "content", "code"), [
    ("list.xls", b"whatever", "import.format"),
    ("list.txt", b"a,b", "import.format"),
    ("list.csv", "备注,地址\n1,2\n".encode(), "import.no_header"),
    ("list.xlsx", b"not a zip file", "import.file_unreadable"),
    ("list.csv", b"\xff\xfe\x00", "import.file_unreadable"),
])
def test_unusable_files_are_refused_with_a_clear_code(services: Services, admin: Actor,
                                                      tmp_path: Path, name: str, content: bytes,
                                                      code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError) as info:
        services.customer_import.preview(admin, path)
    assert info.value.code == code
    assert str(info.value)  # renders as Chinese text


def test_missing_file(services: Services, admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(NotFound) as info:
        services.customer_import.run(admin, tmp_path / "nope.csv")
    assert "文件不存在" in str(info.value)


def test_only_manager_or_admin_imports(services: Services, advisor: Actor,
                                       chinese_csv: Path) -> None:
    with pytest.raises(NotAllowed):
        services.customer_import.preview(advisor, chinese_csv)
    with pytest.raises(NotAllowed):
        services.customer_import.run(advisor, chinese_csv)
