#!/usr/bin/env python3
"""Refresh resources/translations/dealerdesk_en.ts from the source strings (pyside6-lupdate).

Why: every UI string is Chinese inside ``tr()``; lupdate collects them from src/ui and
src/app, keeps every translation already in the .ts, marks new strings "unfinished" and
drops strings no longer in the code. Translate the unfinished entries by editing the .ts
(or with pyside6-linguist), then run scripts/build_translations.py.
Usage: ``python scripts/update_translations.py``; prints how many entries are unfinished.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "src" / "ui", ROOT / "src" / "app"]
TS_FILES = {"en": ROOT / "resources" / "translations" / "dealerdesk_en.ts"}


def lupdate_command() -> list[str]:
    import PySide6

    binary = Path(PySide6.__file__).parent / ("lupdate.exe" if sys.platform == "win32" else "lupdate")
    if binary.exists():
        return [str(binary)]
    return [shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))]


def source_files() -> list[Path]:
    return sorted(p for folder in SOURCES for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def update(lang: str = "en") -> Path:
    ts = TS_FILES[lang]
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    subprocess.run(
        [*lupdate_command(), "-no-obsolete", "-locations", "none", "-source-language", "zh_CN",
         "-target-language", lang, *files, "-ts", str(ts.relative_to(ROOT))],
        check=True, cwd=ROOT,
    )
    return ts


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every entry still waiting for a translation."""
    todo: list[tuple[str, str]] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished" or not translation.text:
                todo.append((name, message.findtext("source", "")))
    return todo


def main() -> int:
    ts = update()
    todo = unfinished(ts)
    for context, source in todo:
        print(f"unfinished\t{context}\t{source}")
    print(f"{ts.relative_to(ROOT)}: {len(todo)} unfinished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
