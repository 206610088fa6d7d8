"""``dealerdesk print work-order|repair-card|settlement NUMBER -o FILE.pdf`` in-process."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.context import AppContext
from domain.roles import Actor
from tests.reports.wo_shop import PLATE, delivered, make_shop

MM = 72 / 25.4


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database made by ``dealerdesk init`` with one delivered order; returns its number."""
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "BJ01",
                 "--branch-name", "北京朝阳店", "--admin", "admin", "--password", "admin123-Kq7v"]) == 0
    ctx = AppContext.open(data_dir)
    try:
        number = delivered(make_shop(ctx.services, Actor.system())).number
    finally:
        ctx.close()
    return data_dir, number


def _pages(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return ["".join((page.extract_text() or "").split()) for page in reader.pages]


def _size_mm(path: Path) -> tuple[int, int]:
    page = PdfReader(str(path)).pages[0]
    return round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)


def _print(shop: tuple[Path, str], capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(["--data-dir", str(shop[0]), "print", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_work_order_two_copies_by_default(shop, tmp_path: Path, capsys) -> None:
    out = tmp_path / "委托书.pdf"
    printed = _print(shop, capsys, "work-order", shop[1], "-o", str(out))
    assert printed.strip().splitlines() == [str(out.resolve())]
    pages = _pages(out)
    assert len(pages) == 2 and _size_mm(out) == (210, 297)
    assert shop[1] in pages[0] and PLATE in pages[0] and "1496.00" in pages[0]
    assert "第一联存根联" in pages[0] and "第二联客户联" in pages[1] and "取车凭证" in pages[1]
    assert not out.with_name(out.name + ".part").exists()


def test_work_order_on_241_and_with_copies(shop, tmp_path: Path, capsys) -> None:
    out = tmp_path / "wo241.pdf"
    _print(shop, capsys, "work-order", shop[1], "-o", str(out), "--paper", "241")
    assert len(_pages(out)) == 1 and _size_mm(out) == (241, 279)
    single = tmp_path / "wo1.pdf"
    _print(shop, capsys, "work-order", shop[1], "-o", str(single), "--copies", "1")
    assert len(_pages(single)) == 1


def test_repair_card_one_page_per_job(shop, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cards.pdf"
    _print(shop, capsys, "repair-card", shop[1], "-o", str(out), "--paper", "241")
    pages = _pages(out)
    assert len(pages) == 2 and _size_mm(out) == (241, 279)
    assert "更换前后刹车片" in pages[0] and "空调检修" in pages[1]
    one = tmp_path / "card2.pdf"
    _print(shop, capsys, "repair-card", shop[1], "-o", str(one), "--job", "2")
    assert len(_pages(one)) == 1 and "空调检修" in _pages(one)[0]


def test_settlement_on_a5(shop, tmp_path: Path, capsys) -> None:
    out = tmp_path / "结算单.pdf"
    _print(shop, capsys, "settlement", shop[1], "-o", str(out), "--paper", "a5")
    assert _size_mm(out) == (148, 210)
    text = "".join(_pages(out))
    assert "结算单" in text and shop[1] in text and "客户应付" in text and "下次保养" in text


def test_customer_file_shows_the_service_history(shop, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cf.pdf"
    _print(shop, capsys, "customer-file", PLATE, "-o", str(out))
    assert shop[1] in "".join(_pages(out))


@pytest.mark.parametrize("form", ["work-order", "repair-card", "settlement"])
def test_unknown_number_is_one_chinese_line(shop, tmp_path: Path, capsys, form: str) -> None:
    out = tmp_path / "none.pdf"
    capsys.readouterr()
    code = main(["--data-dir", str(shop[0]), "print", form, "BJ01-WO-2611-9999", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "找不到工单" in lines[0] and "BJ01-WO-2611-9999" in lines[0]
    assert not out.exists()


def test_unknown_paper_is_refused(shop, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(shop[0]), "print", "work-order", shop[1], "-o",
              str(tmp_path / "x.pdf"), "--paper", "b5"])
    assert info.value.code == 2 and "参数错误" in capsys.readouterr().err
