"""Display labels for domain codes in the UI language (显示名称).

Why here: the vocabulary (states, payers, categories …) belongs to the domain, and the GUI
must show it in the language it runs in. ``self.tr(TABLE[code])`` cannot work, because
lupdate only extracts string literals; so every ``*_LABELS_ZH`` table has an
``*_LABELS_EN`` twin next to it and callers pick with :func:`label`. Printed forms keep
using the ``_ZH`` tables directly: paper is always Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# keys are StrEnum members or plain codes; a StrEnum member hashes and compares as its value
LabelTable = Mapping[Any, str]
LabelTables = Mapping[str, LabelTable]


def tables(zh: LabelTable, en: LabelTable) -> dict[str, LabelTable]:
    """Pair a Chinese table with its English twin, keyed by language code."""
    return {"zh": zh, "en": en}


def label(by_lang: LabelTables, code: str | None, lang: str = "zh", default: str | None = None) -> str:
    """The label of ``code`` in ``lang``; Chinese when the language has no table, the code
    itself (or ``default``) when nobody knows it, so an unknown code never breaks a screen."""
    if code is None:
        return default if default is not None else ""
    table = by_lang.get(lang) or by_lang["zh"]
    found = table.get(code)
    if found is None:
        found = by_lang["zh"].get(code)
    if found is None:
        return default if default is not None else code
    return found
