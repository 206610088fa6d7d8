"""Small helpers the two daily-report forms share (hours, local times)."""

from __future__ import annotations

import datetime as dt

from domain import clock

CLASS_NAMES_ZH: dict[str, str] = {"A": "A 有费", "B": "B 合同", "C": "C 免费", "D": "D 内部"}


def hours_text(seconds: int) -> str:
    return f"{seconds / 3600:.2f}"


def centi_text(centi: int) -> str:
    return f"{centi / 100:.2f}"


def local_time(moment: dt.datetime | None, zone: str, fmt: str = "%H:%M") -> str:
    return "" if moment is None else clock.local(moment, zone).strftime(fmt)
