"""``dealerdesk print customer-file KEY -o FILE.pdf`` run in-process on a temp data dir."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.context import AppContext
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput

A4 = (595.3, 841.9)
A5 = (419.5, 595.3)


@pytest.fixture
def shop(data_dir: Path) -> Path:
    """A database set up by ``dealerdesk init`` holding one customer with one vehicle."""
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "SH02",
                 "--branch-name", "上海浦东店", "--address", "上海市浦东新区张杨路 100 号",
                 "--phone", "021-58880000", "--admin", "admin", "--password", "admin123-Kq7v"]) == 0
    ctx = AppContext.open(data_dir)
    try:
        ctx.services.customers.create(
            Actor.system(),
            CustomerInput(name="王秀英", mobile="13912345678", address="上海市浦东新区世纪大道 88 号"),
            VehicleInput(plate="沪AD12345", brand="比亚迪", model="汉 EV", mileage_km=12000,
                         purchase_date=dt.date(2023, 6, 1)),
        )
    finally:
        ctx.close()
    return data_dir


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def _size(path: Path) -> tuple[float, float]:
    page = PdfReader(str(path)).pages[0]
    return float(page.mediabox.width), float(page.mediabox.height)


def test_print_by_mobile_writes_the_form(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "客户档案.pdf"
    capsys.readouterr()
    code = main(["--data-dir", str(shop), "print", "customer-file", "13912345678", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip().splitlines() == [str(out.resolve())]
    text = _text(out)
    for expected in ("客户档案基本资料表", "王秀英", "13912345678", "沪AD12345", "上海浦东店"):
        assert expected in text
    assert _size(out) == pytest.approx(A4, abs=1)
    assert not out.with_name(out.name + ".part").exists()


def test_print_by_plate_on_a5(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "a5.pdf"
    code = main(["--data-dir", str(shop), "print", "customer-file", "沪AD12345", "-o", str(out),
                 "--paper", "a5"])
    assert code == 0, capsys.readouterr().err
    assert "王秀英" in _text(out)
    assert _size(out) == pytest.approx(A5, abs=1)


def test_unknown_key_is_one_chinese_line_and_non_zero(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "none.pdf"
    capsys.readouterr()
    code = main(["--data-dir", str(shop), "print", "customer-file", "13000000000", "-o", str(out)])
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "找不到客户" in lines[0] and "13000000000" in lines[0]
    assert captured.out == ""
    assert not out.exists()


def test_unwritable_output_is_one_line_naming_the_file(shop: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "missing-folder" / "x.pdf"
    capsys.readouterr()
    code = main(["--data-dir", str(shop), "print", "customer-file", "13912345678", "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert len(err) == 1 and str(out) in err[0] and ".part" not in err[0]


def test_the_qr_payload_opens_the_same_customer(shop: Path) -> None:
    from reports.customer_file import CustomerFileForm

    ctx = AppContext.open(shop)
    try:
        customer = ctx.services.customers.find_one(Actor.system(), "沪AD12345")
        form = CustomerFileForm(ctx.services.branches.current(), customer)
        scanned = ctx.services.customers.find_one(Actor.system(), form.qr_payload())
    finally:
        ctx.close()
    assert scanned.id == customer.id
    assert form.record_number().startswith("SH02-")
