"""Mobile numbers (手机) and other phones (其他电话: landlines with area code).

Numbering facts (电信网编号计划): a mainland mobile number is 11 digits, ``1[3-9]`` and nine
more; a landline is the long-distance area code with its leading 0 (three digits for 010
and 020–029, four for every other area) and a seven- or eight-digit local number (eight
after a three-digit code). People write them with the country code (+86, 0086, 86-),
spaces, dashes of every width and brackets round the area code: all are normalised away,
and the stored forms are ``13812345678`` and ``010-12345678`` (``-123`` for an extension).
"""

from __future__ import annotations

import re
import unicodedata

from domain.errors import ValidationError
from domain.validation.normalise import echo, normalise_code

MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(
    r"(?P<area>0(?:10|2[0-9]))-?(?P<local>[1-9][0-9]{7})(?:-(?P<ext>[0-9]{1,6}))?"
    r"|(?P<area4>0[3-9][0-9]{2})-?(?P<local4>[1-9][0-9]{6,7})(?:-(?P<ext4>[0-9]{1,6}))?"
)
_COUNTRY_PREFIXES = ("+86", "0086")


def _dashes(text: str) -> str:
    """Every dash (hyphen, en and em dash, minus sign …) and a closing bracket become ``-``;
    opening brackets and dots go."""
    out = []
    for char in text:
        if unicodedata.category(char) == "Pd" or char in "−)":
            out.append("-")
        elif char not in "(.":
            out.append(char)
    return "".join(out)


def _national(raw: str) -> str:
    """The number without the country code, separators as dashes, no spaces."""
    text = _dashes(normalise_code(raw)).strip("-")
    for prefix in _COUNTRY_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):].lstrip("-")
    if text.startswith("86") and (text.startswith("86-") or len(text) == 13):
        return text[2:].lstrip("-")
    return text


def check_mobile(raw: str, field: str = "mobile") -> str:
    """Eleven digits, ``1[3-9]…``, after the country code and separators are removed."""
    value = _national(raw).replace("-", "")
    if not MOBILE.fullmatch(value):
        raise ValidationError("mobile.invalid", field, value=echo(_dashes(normalise_code(raw))))
    return value


def check_other_phone(raw: str, field: str = "other_phone") -> str:
    """A landline with its area code (``010-12345678``), or a second mobile number."""
    text = _dashes(normalise_code(raw))
    national = _national(raw)
    if MOBILE.fullmatch(national.replace("-", "")):
        return national.replace("-", "")
    if national != text.strip("-") and not national.startswith("0"):
        national = "0" + national  # +86 10 1234 5678: the trunk 0 is dropped abroad
    match = _LANDLINE.fullmatch(national.replace("--", "-"))
    if match is None:  # dashes inside the local number (010-6470-0000): no extension then
        match = _LANDLINE.fullmatch(national.replace("-", ""))
    if match is None:
        raise ValidationError("phone.invalid", field, value=echo(text))
    area = match["area"] or match["area4"]
    local = match["local"] or match["local4"]
    ext = match["ext"] or match["ext4"]
    return f"{area}-{local}" + (f"-{ext}" if ext else "")


__all__ = ["MOBILE", "check_mobile", "check_other_phone"]
