"""Typed numbers at the counter: yuan, hours and quantities as text, exact integers inside.

Why text boxes and not spin boxes: a clerk types "1280.5" or "0.8" and presses Enter;
spin boxes fight the keyboard. The text is parsed without floats (fen, hundredths of an
hour, thousandths of a unit) and a bad entry becomes a field error next to its box.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit

from domain import clock, messages
from domain.errors import ValidationError
from domain.workorder_rules import yuan

messages.register("ui.number_invalid", "{label}请填写数字（最多 {places} 位小数）",
                  "{label}: enter a number (at most {places} decimals)")
messages.register("ui.number_required", "请填写{label}", "{label} is required")

_NUMBER = re.compile(r"^\s*(\d{0,9})(?:\.(\d*))?\s*$")


def parse_scaled(text: str, places: int, label: str, field: str, *, required: bool = True) -> int:
    """'12.5' with places=2 → 1250; exact, no float. Empty → 0 unless required."""
    raw = text.strip().replace(",", "").replace("，", "")
    if not raw:
        if required:
            raise ValidationError("ui.number_required", field, label=label)
        return 0
    match = _NUMBER.match(raw)
    if match is None or (not match.group(1) and not match.group(2)):
        raise ValidationError("ui.number_invalid", field, label=label, places=places)
    whole, frac = match.group(1) or "0", match.group(2) or ""
    if len(frac) > places:
        raise ValidationError("ui.number_invalid", field, label=label, places=places)
    return int(whole) * 10**places + int(frac.ljust(places, "0") or "0")


def parse_fen(text: str, label: str, field: str, *, required: bool = True) -> int:
    return parse_scaled(text, 2, label, field, required=required)


def scaled_text(value: int, places: int) -> str:
    """1250, 2 → '12.5'; trailing zeros dropped so the box shows what a person would type."""
    whole, frac = divmod(abs(value), 10**places)
    text = str(whole)
    if frac:
        text += "." + f"{frac:0{places}d}".rstrip("0")
    return ("-" if value < 0 else "") + text


def money(fen: int) -> str:
    """Display form of an amount: ¥1,280.50 style without the symbol, grouped thousands."""
    text = yuan(fen)
    sign = "-" if text.startswith("-") else ""
    whole, frac = text.lstrip("-").split(".")
    return f"{sign}{int(whole):,}.{frac}"


def number_edit(places: int, name: str, placeholder: str = "") -> QLineEdit:
    """A line edit that accepts only digits and at most ``places`` decimals."""
    edit = QLineEdit()
    edit.setObjectName(name)
    pattern = r"\d{0,9}" if places == 0 else rf"\d{{0,9}}(\.\d{{0,{places}}})?"
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    edit.setPlaceholderText(placeholder)
    return edit


def local_text(moment: dt.datetime | None, zone: str | None = None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return clock.format_local(moment, zone, fmt)


def elapsed_parts(start: dt.datetime, end: dt.datetime | None = None) -> tuple[int, int, int]:
    """(days, hours, minutes) a car has been with us since ``start``."""
    minutes = max(0, int(((end or clock.now()) - start).total_seconds())) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return days, hours, mins


__all__ = ["elapsed_parts", "local_text", "money", "number_edit", "parse_fen", "parse_scaled",
           "scaled_text"]
