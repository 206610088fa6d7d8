#!/usr/bin/env python3
"""Compile the Qt translations (resources/translations/*.ts → .qm) with pyside6-lrelease.

Why a build step: .qm files are build output (gitignored); the .ts files are the source
that translators edit. The app runs in Chinese without any .qm, so a failed build only
costs the English UI. Usage: ``python scripts/build_translations.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"


def lrelease_command() -> list[str]:
    """The lrelease shipped inside the PySide6 wheel (no system Qt tools needed)."""
    import PySide6

    binary = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    if binary.exists():
        return [str(binary)]
    wrapper = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    return [wrapper]


def build(source_dir: Path = TRANSLATIONS, out_dir: Path | None = None) -> list[Path]:
    """Compile every ``*.ts`` in ``source_dir``; return the .qm files written."""
    out_dir = out_dir or source_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for ts in sorted(source_dir.glob("*.ts")):
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([*lrelease_command(), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: next to the .ts)")
    args = parser.parse_args(argv)
    for qm in build(out_dir=args.out):
        print(qm)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
