"""Validation of the identifiers printed on Chinese documents (DOMAIN.md §9).

Each ``check_*`` returns the normalised value or raises :class:`ValidationError` with a code
and the field it belongs to; ``normalise_*`` helpers build the search keys.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from domain.errors import ValidationError

# --- VIN (ISO 3779 / GB 16735) -------------------------------------------------------------
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}  # fmt: skip
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """The check character (position 9) for a 17-character VIN; ``X`` stands for 10."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def check_vin(raw: str, field: str = "vin") -> str:
    vin = raw.strip().upper().replace(" ", "")
    if len(vin) != 17:
        raise ValidationError("vin.length", field, length=len(vin))
    for pos, char in enumerate(vin, start=1):
        if char in "IOQ":
            raise ValidationError("vin.bad_letter", field, pos=pos, char=char)
        if char not in _VIN_VALUES:
            raise ValidationError("vin.bad_char", field, pos=pos, char=char)
    expected = vin_check_digit(vin)
    if vin[8] != expected:
        raise ValidationError("vin.check_digit", field, expected=expected, actual=vin[8])
    return vin


# --- Plates (GA 36) ------------------------------------------------------------------------
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_SEPARATORS = "·•.-  ．・"
_SUFFIXES = "学警挂港澳领试超"
_ORDINARY = re.compile(rf"^[{PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{{4}}[A-HJ-NP-Z0-9{_SUFFIXES}]$")
_NEW_ENERGY_SMALL = re.compile(rf"^[{PROVINCES}][A-HJ-NP-Z][DF][A-HJ-NP-Z0-9][0-9]{{4}}$")
_NEW_ENERGY_LARGE = re.compile(rf"^[{PROVINCES}][A-HJ-NP-Z][0-9]{{5}}[DF]$")


def _strip_separators(text: str) -> str:
    return "".join(c for c in text if c not in _PLATE_SEPARATORS)


def check_plate(raw: str, field: str = "plate") -> str:
    """Return the plate in its canonical form (province + letters, upper case, no dot)."""
    plate = _strip_separators(unicodedata.normalize("NFKC", raw.strip())).upper()
    if not (
        _ORDINARY.match(plate) or _NEW_ENERGY_SMALL.match(plate) or _NEW_ENERGY_LARGE.match(plate)
    ):
        raise ValidationError("plate.invalid", field, plate=raw.strip())
    return plate


def plate_search_key(text: str) -> str:
    """Key that ignores the province character, case and separator dots (京A·12345 → A12345)."""
    key = _strip_separators(unicodedata.normalize("NFKC", text.strip())).upper()
    if key and key[0] in PROVINCES:
        key = key[1:]
    return key


# --- Phones --------------------------------------------------------------------------------
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(-[0-9]{1,6})?$")


def digits_only(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isdigit())


def check_mobile(raw: str, field: str = "mobile") -> str:
    value = unicodedata.normalize("NFKC", raw).strip().replace(" ", "").replace("-", "")
    if value.startswith("+86"):
        value = value[3:]
    if not _MOBILE.match(value):
        raise ValidationError("mobile.invalid", field, value=raw.strip())
    return value


def check_other_phone(raw: str, field: str = "other_phone") -> str:
    """Landline with area code, or a second mobile number."""
    value = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if _MOBILE.match(value.replace("-", "")):
        return value.replace("-", "")
    if not _LANDLINE.match(value):
        raise ValidationError("phone.invalid", field, value=raw.strip())
    return value


# --- Resident ID (GB 11643, ISO 7064 MOD 11-2) ---------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_id_number(raw: str, field: str = "id_number") -> str:
    value = raw.strip().upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        raise ValidationError("id_number.invalid", field, value=raw.strip())
    expected = id_number_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError("id_number.check", field, expected=expected)
    return value


# --- Unified social credit code (GB 32100) -------------------------------------------------
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(raw: str, field: str = "id_number") -> str:
    value = raw.strip().upper()
    if len(value) != 18 or any(c not in _USCC_ALPHABET for c in value):
        raise ValidationError("credit_code.invalid", field, value=raw.strip())
    if value[17] != credit_code_check_char(value[:17]):
        raise ValidationError("credit_code.invalid", field, value=raw.strip())
    return value


# --- Free text -----------------------------------------------------------------------------
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
