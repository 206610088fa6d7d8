"""The self-test from the source tree, in-process: every check passes, and it notices gaps."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app import self_test
from app.cli import main


def test_self_test_passes_from_the_source_tree(qapp: object, tmp_path: Path) -> None:
    out = io.StringIO()
    code = self_test.run(out, root=tmp_path)
    lines = out.getvalue().splitlines()
    assert code == 0, out.getvalue()
    assert not [line for line in lines if line.startswith("FAIL")]
    names = [name for name, _check, _needs in self_test.checks()]
    for name in names:
        assert any(line.startswith(f"OK  {name}") for line in lines), name
    # every registered form really landed as a PDF with the font embedded
    pdfs = sorted(p.stem for p in (tmp_path / "pdf").glob("*.pdf"))
    assert pdfs == sorted(spec.file_stem for spec in self_test.FORMS)
    for pdf in (tmp_path / "pdf").glob("*.pdf"):
        self_test.check_pdf(pdf.read_bytes())


def test_every_report_module_that_renders_a_form_is_registered() -> None:
    """A new form module under src/reports must be added to the self-test's registry."""
    reports = Path(self_test.__file__).resolve().parents[1] / "reports"
    with_forms = {p.stem for p in reports.glob("*.py")
                  if "(BaseForm)" in p.read_text(encoding="utf-8")}
    registered = {spec.module.rsplit(".", 1)[-1] for spec in self_test.FORMS}
    assert with_forms <= registered, with_forms - registered


def test_a_listed_form_module_that_is_missing_fails(tmp_path: Path) -> None:
    spec = self_test.FormSpec("ghost", "reports.no_such_form", lambda module, st: b"")
    with pytest.raises(self_test.CheckFailed, match="reports.no_such_form"):
        self_test._form_check(spec)(self_test.State(tmp_path))


def test_pdf_without_the_embedded_font_fails() -> None:
    with pytest.raises(self_test.CheckFailed, match="FontFile2"):
        self_test.check_pdf(b"%PDF-1.4\n/BaseFont /WenQuanYiMicroHei\n")
    with pytest.raises(self_test.CheckFailed):
        self_test.check_pdf(b"not a pdf")


def test_cli_flag_runs_the_self_test(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def fake_run() -> int:
        calls.append(True)
        return 0

    monkeypatch.setattr(self_test, "run", fake_run)
    assert main(["--self-test"]) == 0
    assert calls == [True]
