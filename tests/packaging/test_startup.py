"""Start-up: the first window appears without the heavy modules only later windows need.

The app itself reports its first paint (DEALERDESK_STARTUP_PROBE=1, as bench/bench_startup.py
uses it); ``-X importtime`` lists every module imported until then.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import _needs_subcommands
from app.context import AppContext
from storage import migrate

#: Not needed to show the login window: printing, PDF preview, spreadsheets, sync keys,
#: pinyin search keys, database migrations (the database is up to date), the main window.
LAZY = ("reportlab", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport",
        "openpyxl", "cryptography", "pypinyin", "alembic", "qrcode", "sync", "reports",
        "ui.main_window")


@pytest.fixture
def branch_dir(tmp_path: Path) -> Path:
    ctx = AppContext.open(tmp_path / "data", create=True)
    ctx.services.branches.initialise(code="BJ01", name="北京朝阳店", admin_username="admin",
                                     admin_password="admin123-Kq7v")
    ctx.close()
    return tmp_path / "data"


def test_login_window_paints_without_heavy_imports(branch_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, DEALERDESK_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code,
                             "--data-dir", str(branch_dir)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    painted = [line for line in result.stdout.splitlines() if line.startswith("DEALERDESK_FIRST_PAINT")]
    assert len(painted) == 1 and painted[0].split()[2] == "loginDialog", result.stdout
    imported = {m.group(1) for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)",
                                                 result.stderr, re.MULTILINE)}
    eager = sorted(name for name in imported
                   if any(name == lazy or name.startswith(lazy + ".") for lazy in LAZY))
    assert eager == []


def test_the_quick_head_agrees_with_alembic() -> None:
    assert migrate._declared_head() == migrate.head_revision()


def test_gui_start_skips_the_command_modules() -> None:
    assert not _needs_subcommands([])
    assert not _needs_subcommands(["--data-dir", "x"])
    assert not _needs_subcommands(["--data-dir=x", "--self-test"])
    assert _needs_subcommands(["--data-dir", "x", "demo", "--customers", "3"])
    assert _needs_subcommands(["--help"])
