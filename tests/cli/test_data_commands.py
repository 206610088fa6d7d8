"""``dealerdesk demo``, ``dealerdesk search`` and ``dealerdesk customers import``, in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.context import AppContext
from domain.model import Customer, Vehicle
from domain.validation import check_mobile, check_plate, check_vin, vin_check_digit


def make_vin(serial: int) -> str:
    body = f"LGBH52E00PY{serial:06d}"
    return body[:8] + vin_check_digit(body) + body[9:]


@pytest.fixture
def shop(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "BJ01", "--branch-name",
                 "北京朝阳店", "--admin", "admin", "--password", "admin123-Kq7v"]) == 0
    capsys.readouterr()
    return data_dir


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def counts(data_dir: Path) -> tuple[int, int]:
    ctx = AppContext.open(data_dir)
    try:
        with ctx.db.unit_of_work() as session:
            return (session.scalar(select(func.count()).select_from(Customer)) or 0,
                    session.scalar(select(func.count()).select_from(Vehicle)) or 0)
    finally:
        ctx.close()


def test_demo_then_search_prints_tab_separated_lines(shop: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert run(shop, "demo", "--customers", "50") == 0
    out, err = capsys.readouterr()
    assert out.startswith("已添加演示数据：客户 50 位，车辆 60 辆，工单 ")
    assert err == ""  # no progress when stderr is not a terminal
    assert counts(shop) == (50, 60)

    ctx = AppContext.open(shop)
    try:
        with ctx.db.unit_of_work() as session:
            plate, vin, mobile, name = session.execute(
                select(Vehicle.plate, Vehicle.vin, Customer.mobile, Customer.name)
                .join(Customer, Customer.id == Vehicle.owner_id).limit(1)
            ).one()
    finally:
        ctx.close()

    for query in (plate, plate[1:].lower(), mobile[-4:], vin[-6:]):
        assert run(shop, "search", query) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines, query
        fields = [line.split("\t") for line in lines]
        assert all(len(f) == 4 for f in fields)
        assert [name, mobile, plate, vin] in fields, query
    for found_name, found_mobile, found_plate, found_vin in fields:
        check_mobile(found_mobile)
        check_plate(found_plate)
        check_vin(found_vin)
        assert found_name


def test_demo_errors_are_one_line(shop: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(shop, "demo", "--customers", "0") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "演示客户数量" in err
    assert run(tmp_path / "empty", "demo", "--customers", "5") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "找不到数据库" in err
    with pytest.raises(SystemExit) as info:
        run(shop, "demo")
    assert info.value.code == 2


def test_progress_shows_on_a_terminal(shop: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert run(shop, "demo", "--customers", "3") == 0
    captured = capsys.readouterr()
    assert "正在生成演示数据：3/3 位客户" in captured.err
    assert "正在生成" not in captured.out


GOOD = f"张三,13812345678,京A12345,{make_vin(1)},大众,朗逸,2023/5/1,12000,老客户"
BAD_VIN = f"李四,13900001111,京B22222,{make_vin(2)[:8]}{'1' if make_vin(2)[8] != '1' else '2'}{make_vin(2)[9:]},,,,,"


def test_customers_import_reports_rows_and_exits_1(shop: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(("姓名,手机,车牌,VIN,品牌,车型,购车日期,里程,备注\n"
                      f"{GOOD}\n{BAD_VIN}\n王五,13700002222,京C1,,,,,,\n").encode("gbk"))
    assert run(shop, "customers", "import", str(path)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("第 3 行：车架号(VIN)校验位错误")
    assert lines[1] == "第 4 行：车牌号“京C1”格式不正确（例：京A12345，新能源：京AD12345）"
    assert lines[2] == "已忽略未知列：备注"
    assert lines[3] == "已导入 1 条，跳过 2 条"
    assert counts(shop) == (1, 1)


def test_customers_import_all_good_exits_0(shop: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"name,mobile,plate,vin,brand,model,purchase_date,mileage\n{GOOD.rsplit(',', 1)[0]}\n",
                    encoding="utf-8-sig")
    assert run(shop, "customers", "import", str(path)) == 0
    assert capsys.readouterr().out.splitlines() == ["已导入 1 条，跳过 0 条"]
    assert run(shop, "search", "a12345") == 0
    assert capsys.readouterr().out.split("\t")[:3] == ["张三", "13812345678", "京A12345"]


def test_customers_import_preview_saves_nothing(shop: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"姓名,手机,车牌,VIN,品牌,车型,购车日期,里程,备注\n{GOOD}\n{BAD_VIN}\n",
                    encoding="utf-8")
    assert run(shop, "customers", "import", "--preview", str(path)) == 1
    out = capsys.readouterr().out
    assert "第 3 行：" in out and "预览：可导入 1 条，将跳过 1 条（未保存任何数据）" in out
    assert counts(shop) == (0, 0)


def test_customers_import_lists_rows_to_look_at_and_exits_0(shop: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16: a VIN without check digit is imported with a note line, not refused."""
    path = tmp_path / "list.csv"
    path.write_text("姓名,手机,车牌,VIN\n平行进口车主,13811110000,沪A54321,WP0ZZZ99ZTS392124\n",
                    encoding="utf-8")
    assert run(shop, "customers", "import", str(path)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "第 2 行（提示）：第9位不是校验位：进口车可能不使用校验位，请与行驶证核对",
        "已导入 1 条，跳过 0 条",
    ]
    assert counts(shop) == (1, 1)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.csv", None, "文件不存在"),
    ("list.xls", b"old excel", "不支持的文件格式"),
    ("list.xlsx", b"not a zip", "不是有效的 Excel"),
    ("list.csv", "甲,乙\n1,2\n".encode(), "找不到表头"),
])
def test_customers_import_unusable_file_is_one_line(shop: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str], name: str,
                                                    content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert run(shop, "customers", "import", str(path)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err


def test_customers_import_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["customers", "import", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "退出码" in out and "姓名/name" in out


def test_progress_is_a_line_every_tenth_on_a_terminal(shop: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    import domain.services.demo as demo

    monkeypatch.setattr(demo, "CHUNK_CUSTOMERS", 2)
    monkeypatch.setattr(demo, "CHUNK_ORDERS", 3)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert run(shop, "demo", "--customers", "40", "--work-orders", "60") == 0
    lines = capsys.readouterr().err.splitlines()
    customers = [line for line in lines if line.startswith("正在生成演示数据")]
    orders = [line for line in lines if line.startswith("正在生成演示工单")]
    # 20 chunks of customers, 20 of orders: one line per tenth (and none twice)
    assert customers[0] == "正在生成演示数据：4/40 位客户（10%）" and len(customers) == 10
    assert customers[-1] == "正在生成演示数据：40/40 位客户（100%）"
    assert orders[-1] == "正在生成演示工单：60/60 张（100%）" and len(orders) == 10


def test_no_progress_when_stderr_is_not_a_terminal(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(shop, "demo", "--customers", "5") == 0
    captured = capsys.readouterr()
    assert "正在生成" not in captured.err and "正在生成" not in captured.out


def test_demo_refuses_a_shop_with_real_records(shop: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 23 item 7 / contract: "`demo` on a database with records it did not make exits 1"."""
    sheet = tmp_path / "list.csv"
    sheet.write_text("姓名,手机,车牌,VIN,品牌,车型,购车日期,里程,来源\n" + GOOD + "\n", encoding="utf-8")
    assert run(shop, "customers", "import", str(sheet)) == 0
    capsys.readouterr()
    assert run(shop, "demo", "--customers", "5") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "2 条非演示记录" in captured.err
    assert counts(shop) == (1, 1)  # nothing written


def test_demo_prints_a_generated_password_once(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 23 item 7: "demo accounts get a generated password printed once"."""
    assert run(shop, "demo", "--customers", "3") == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("已添加演示数据：") and "\n" not in line and "demo1234" not in line
    password = line.rsplit("的密码均为 ", 1)[1]
    assert len(password) == 12
    ctx = AppContext.open(shop)
    try:
        assert ctx.services.staff.login("demo_advisor1", password).username == "demo_advisor1"
    finally:
        ctx.close()
    assert run(shop, "demo", "--customers", "3") == 0  # demo records alone: loads again
    again = capsys.readouterr().out
    assert password not in again and "的密码均为 不变（首次加载时已显示）" in again
