"""``dealerdesk print complaint|complaint-reply|complaint-urge|complaint-coordinate|penalty-notice``
and ``dealerdesk complaints stats|penalties`` in-process."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.context import AppContext
from domain import clock
from tests.reports.complaint_shop import (
    CUSTOMER,
    INVESTIGATION,
    PENALTY_REASON,
    STATS_AT,
    ComplaintShop,
    build_november,
)

MM = 72 / 25.4


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ComplaintShop]:
    """A database made by ``dealerdesk init`` with the constructed November of complaints."""
    data_dir = tmp_path_factory.mktemp("cli-cs") / "data"
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "BJ01",
                 "--branch-name", "北京朝阳店", "--admin", "admin", "--password", "admin123-Kq7v"]) == 0
    ctx = AppContext.open(data_dir)
    try:
        made = build_november(ctx.services)
    finally:
        ctx.close()
    return data_dir, made


@pytest.fixture(scope="module")
def shop(built: tuple[Path, ComplaintShop]) -> tuple[Path, str, str]:
    return built[0], built[1].closed, built[1].long


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
    # issue 15: "Copy 3 of the complaint slip says where the seed sends it: '送业务部门依批示办理'"
    assert len(pages) == 3 and "第三联送业务部门依批示办理" in pages[2]
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


# --- issue 15: 催办单, 洽办单, 奖罚通知单 ------------------------------------------------------
def test_urge_notice_names_the_slip_the_deadline_and_a_line_for_the_reason(built, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            capsys) -> None:
    """"A late department gets a printable, numbered 催办单 naming the slip, the deadline and
    a line for the reason" (issue 15)."""
    data_dir, made = built
    shop = (data_dir, made.closed, made.long)
    out = tmp_path / "催办单.pdf"
    code, printed, err = _run(shop, capsys, "print", "complaint-urge", made.urge, "-o", str(out))
    assert code == 0, err
    assert printed.strip() == str(out.resolve())
    (page,) = _pages(out)
    for expected in ("投诉处理催办单", made.urge, made.long, "催办期限调查报告", "2026-11-2324:00",
                     "致：维修车间（周师傅）", "超期原因", "被催办部门负责人签字"):
        assert expected in page, expected
    # by the slip's number: its latest 催办单, not a new one
    again = tmp_path / "again.pdf"
    assert _run(shop, capsys, "print", "complaint-urge", made.long, "-o", str(again))[0] == 0
    assert made.urge in _pages(again)[0]
    a5 = tmp_path / "a5.pdf"
    assert _run(shop, capsys, "print", "complaint-urge", made.urge, "-o", str(a5), "--paper", "a5")[0] == 0
    assert _size_mm(a5) == (148, 210)


def test_coordinate_notice_for_cross_department_handling(built, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """"cross-department handling gets a 洽办单" (issue 15)."""
    data_dir, made = built
    out = tmp_path / "洽办单.pdf"
    code, printed, err = _run((data_dir, "", ""), capsys, "print", "complaint-coordinate", made.coordinate,
                              "-o", str(out))
    assert code == 0, err
    (page,) = _pages(out)
    for expected in ("投诉处理洽办单", made.coordinate, made.late, "受文部门服务部", "2026年11月27日前",
                     "逾期4天结案", "答复意见", "受文部门负责人签字"):
        assert expected in page, expected


def test_penalty_notice_prints_three_copies_each_naming_its_own(built, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """"a 奖罚通知单 printed in three copies (本人 / 部门 / 财务)"; "print penalty-notice ID -o
    F.pdf (three copies, each naming its own copy)" (issue 15)."""
    data_dir, made = built
    out = tmp_path / "奖罚.pdf"
    code, printed, err = _run((data_dir, "", ""), capsys, "print", "penalty-notice", made.penalties[0],
                              "-o", str(out))
    assert code == 0, err
    assert printed.strip() == str(out.resolve())
    pages = _pages(out)
    labels = ("第一联本人联", "第二联部门联", "第三联财务联")
    assert len(pages) == 3
    for index, page in enumerate(pages):
        assert [label for label in labels if label in page] == [labels[index]], index
        for expected in ("奖罚通知单", made.penalties[0], "周师傅", "■警告", "400.00元", "肆佰元整",
                         made.closed, PENALTY_REASON):
            assert expected in page, (index, expected)
    assert "财务部：请于2026年11月效益奖金中扣除400.00元" in pages[2]
    assert "扣除" not in pages[0]


def test_penalties_of_the_month_one_line_each(built, capsys) -> None:  # type: ignore[no-untyped-def]
    data_dir, made = built
    code, printed, err = _run((data_dir, "", ""), capsys, "complaints", "penalties", "--month", "2026-11")
    assert code == 0, err
    assert printed.splitlines() == [
        f"{made.penalties[1]}\t吴师傅\t维修车间\tminor\t800.00\t{made.closed}",
        f"{made.penalties[0]}\t周师傅\t维修车间\twarning\t400.00\t{made.closed}"]


@pytest.mark.parametrize(("form", "key", "message"), [
    ("complaint-urge", "BJ01-CB-2611-0099", "找不到催办单或投诉单：BJ01-CB-2611-0099"),
    ("complaint-coordinate", "BJ01-TS-2611-999", "找不到洽办单或投诉单：BJ01-TS-2611-999"),
    ("penalty-notice", "BJ01-JF-2611-0099", "找不到奖罚记录：BJ01-JF-2611-0099"),
])
def test_unknown_notice_or_penalty_is_one_chinese_line(built, tmp_path: Path, capsys, form: str,  # type: ignore[no-untyped-def]
                                                       key: str, message: str) -> None:
    out = tmp_path / "none.pdf"
    code, printed, err = _run((built[0], "", ""), capsys, "print", form, key, "-o", str(out))
    assert (code, printed) == (1, "") and err.strip().splitlines() == [f"dealerdesk: {message}"]
    assert not out.exists()


def test_nothing_to_urge_on_a_slip_whose_deadlines_were_all_met(built, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    made = built[1]
    code, printed, err = _run((built[0], "", ""), capsys, "print", "complaint-urge", made.closed, "-o",
                              str(tmp_path / "x.pdf"))
    assert (code, printed) == (1, "")
    assert err.strip().splitlines() == [f"dealerdesk: 投诉单 {made.closed} 没有未完成的期限，无需催办"]
