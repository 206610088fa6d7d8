"""Free text (names, addresses, notes) and dates, checked the same way by every form.

Why free text is not NFKC-normalised like the identifiers: NFKC rewrites what the user
chose to write — full-width Chinese punctuation （） becomes ASCII, and the CJK
compatibility ideographs some names are written with become other characters. Free text
is stored as typed (trimmed); only control characters are refused.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from domain.errors import ValidationError


def clean_text(raw: str | None, label: str, field: str, *, max_len: int, required: bool = False) -> str:
    """Trim, refuse control characters (except newline/tab in long text) and over-long input."""
    value = (raw or "").strip()
    if required and not value:
        raise ValidationError("required", field, label=label)
    if len(value) > max_len:
        raise ValidationError("too_long", field, label=label, max=max_len)
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char not in "\n\t":
            raise ValidationError("invalid_chars", field, label=label)
    return value


#: Dates a dealership can mean: older ones are typos (0001-01-01), later ones overflow the
#: conversion to local time and the forms' date arithmetic.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2999


def check_day(value: object, label: str, field: str) -> None:
    """Refuse a date outside 1900–2999 (None is fine: the field is optional)."""
    if value is None:
        return
    if not isinstance(value, dt.date) or not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError("date.invalid", field, label=label, value=str(value))


def check_moment(value: object, label: str, field: str) -> None:
    """Refuse a naive or out-of-range time: every stored time is an aware UTC moment."""
    if value is None:
        return
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError("date.invalid", field, label=label, value=str(value))
    check_day(value, label, field)


__all__ = ["EARLIEST_YEAR", "LATEST_YEAR", "check_day", "check_moment", "clean_text"]
