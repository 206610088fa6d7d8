"""``dealerdesk print complaint|complaint-reply`` and ``dealerdesk complaints stats`` in-process."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.context import AppContext
from domain import clock
from tests.reports.complaint_shop import CUSTOMER, INVESTIGATION, STATS_AT, build_november

MM = 72 / 25.4


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A database made by ``dealerdesk init`` with the constructed November of complaints."""
    data_dir = tmp_path_factory.mktemp("cli-cs") / "data"
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "BJ01",
                 "--branch-name", "北京朝阳店", "--admin", "admin", "--password", "admin123"]) == 0
    ctx = AppContext.open(data_dir)
    try:
        built = build_november(ctx.services)
    finally:
        ctx.close()
    return data_dir, built.closed, built.long


def _pages(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return ["".join((page.extract_text() or "").split()) for page in reader.pages]


def _size_mm(path: Path) -> tuple[int, int]:
    page = PdfReader(str(path)).pages[0]
    return round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)


def _run(shop: tuple[Path, str, str], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(shop[0]), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_slip_prints_five_copies_and_the_path(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "投诉单.pdf"
    code, printed, err = _run(shop, capsys, "print", "complaint", shop[1], "-o", str(out))
    assert code == 0, err
    assert printed.strip().splitlines() == [str(out.resolve())]
    pages = _pages(out)
    assert len(pages) == 5 and _size_mm(out) == (210, 297)
    assert "第一联质量管理部存" in pages[0] and "第五联总经理室存" in pages[4]
    assert all(shop[1] in page and INVESTIGATION in page for page in pages)
    assert not out.with_name(out.name + ".part").exists()


def test_slip_on_241_paper_and_with_fewer_copies(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "241.pdf"
    assert _run(shop, capsys, "print", "complaint", shop[1], "-o", str(out), "--paper", "241")[0] == 0
    assert len(_pages(out)) == 1 and _size_mm(out) == (241, 279)
    three = tmp_path / "three.pdf"
    assert _run(shop, capsys, "print", "complaint", shop[1], "-o", str(three), "--copies", "3")[0] == 0
    pages = _pages(three)
    assert len(pages) == 3 and "第三联服务部(业务)存" in pages[2]
    a5 = tmp_path / "a5.pdf"
    assert _run(shop, capsys, "print", "complaint", shop[1], "-o", str(a5), "--paper", "a5",
                "--copies", "1")[0] == 0
    assert _size_mm(a5) == (148, 210)


def test_too_many_copies_is_one_chinese_line(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    code, printed, err = _run(shop, capsys, "print", "complaint", shop[1], "-o", str(out), "--copies", "6")
    assert (code, printed) == (1, "") and err.strip().splitlines() == ["dealerdesk: 联数须在 1 到 5 之间（按投诉单联次设置）"]
    assert not out.exists()


def test_reply_letter(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "答复函.pdf"
    code, printed, err = _run(shop, capsys, "print", "complaint-reply", shop[1], "-o", str(out))
    assert code == 0, err
    assert printed.strip() == str(out.resolve())
    (page,) = _pages(out)
    assert CUSTOMER in page and shop[1] in page and "答复函" in page
    assert INVESTIGATION not in page and "罚扣" not in page and "责任" not in page


@pytest.mark.parametrize("form", ["complaint", "complaint-reply"])
def test_unknown_number_is_refused_with_one_chinese_line(shop, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                         form: str) -> None:
    out = tmp_path / "none.pdf"
    code, printed, err = _run(shop, capsys, "print", form, "BJ01-TS-2611-999", "-o", str(out))
    assert (code, printed) == (1, "")
    assert err.strip().splitlines() == ["dealerdesk: 找不到投诉单：BJ01-TS-2611-999"]
    assert not out.exists()


def test_statistics_as_pdf_and_xlsx(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "统计.pdf"
    xlsx = tmp_path / "统计.xlsx"
    with clock.freeze(STATS_AT):
        code, printed, err = _run(shop, capsys, "complaints", "stats", "--month", "2026-11", "-o", str(pdf))
        assert code == 0, err
        assert printed.strip() == str(pdf.resolve())
        code, printed, err = _run(shop, capsys, "complaints", "stats", "--month", "2026-11", "-o", str(xlsx))
        assert code == 0, err
        assert printed.strip() == str(xlsx.resolve())
    text = "".join(_pages(pdf))
    assert "客户投诉案件统计表" in text and "本月受理件数5" in text and "本月罚扣合计（元）1000.00" in text
    book = load_workbook(xlsx)
    summary = {row[0].value: row[1].value for row in book["概况"].iter_rows(min_row=2)}
    assert summary["本月受理件数"] == 5 and summary["月末超期未结件数"] == 2


@pytest.mark.parametrize(("month", "name", "message"), [
    ("2026-13", "s.pdf", "月份格式应为 YYYY-MM：2026-13"),
    ("11/2026", "s.pdf", "月份格式应为 YYYY-MM：11/2026"),
    ("2026-11", "s.csv", "不支持的统计表文件类型“.csv”，请使用 .pdf 或 .xlsx"),
])
def test_statistics_refuses_bad_input(shop, tmp_path: Path, capsys, month: str, name: str,  # type: ignore[no-untyped-def]
                                      message: str) -> None:
    code, printed, err = _run(shop, capsys, "complaints", "stats", "--month", month, "-o",
                              str(tmp_path / name))
    assert (code, printed) == (1, "") and err.strip().splitlines() == [f"dealerdesk: {message}"]
