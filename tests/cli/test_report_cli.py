"""``dealerdesk report daily-technician|daily-supervisor|kpi``: files by suffix, figures inside."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from domain.roles import Actor
from domain.services.registry import Services
from tests.unit.test_kpi import manager, month  # noqa: F401  (fixtures)


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_kpi_pdf_and_xlsx(services: Services, manager: Actor, month: dict[str, object],  # noqa: F811
                          data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kpi.pdf"
    assert main(["--data-dir", str(data_dir), "report", "kpi", "--month", "2026-10", "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "售后经营指标月报" in text and "9000.00" in text and "20.0%" in text
    xlsx = tmp_path / "all.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "kpi", "--month", "2026-10", "--all", "-o", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    assert float(book.worksheets[0]["B3"].value) == 19_000.0  # 产值, both branches
    assert book["门店排名"]["A2"].value == "SH01"
    one = tmp_path / "sh.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "kpi", "--month", "2026-10", "--branch", "SH01",
                 "-o", str(one)]) == 0
    assert float(load_workbook(one).worksheets[0]["B3"].value) == 10_000.0


def test_daily_reports(services: Services, manager: Actor, month: dict[str, object],  # noqa: F811
                       data_dir: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "tech.pdf"
    assert main(["--data-dir", str(data_dir), "report", "daily-technician", "--date", "2026-10-01",
                 "--technician", "李师傅", "-o", str(pdf)]) == 0
    assert "更换刹车片" in _pdf_text(pdf)
    xlsx = tmp_path / "tech.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "daily-technician", "--date", "2026-10-01",
                 "-o", str(xlsx)]) == 0
    assert load_workbook(xlsx).worksheets[0].max_row == 4  # header + three jobs
    sup = tmp_path / "sup.pdf"
    assert main(["--data-dir", str(data_dir), "report", "daily-supervisor", "--date", "2026-10-01",
                 "-o", str(sup)]) == 0
    assert "服务主任日报表" in _pdf_text(sup)


def test_bad_suffix_and_unknown_technician(services: Services, month: dict[str, object],  # noqa: F811
                                           data_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "report", "kpi", "--month", "2026-10", "-o",
                 str(tmp_path / "x.txt")]) != 0
    assert ".pdf" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "report", "daily-technician", "--date", "2026-10-01",
                 "--technician", "nobody", "-o", str(tmp_path / "t.pdf")]) != 0
    assert "nobody" in capsys.readouterr().err
