"""Citizen identity numbers (公民身份号码, GB 11643-1999) and the numbers built like them.

Eighteen characters: a six-digit address code whose first two digits are the province
(GB/T 2260), the birth date ``YYYYMMDD``, a three-digit sequence number and a check
character (ISO 7064 MOD 11-2, ``X`` for 10). Built the same way and checked here too:

* 港澳台居民居住证: address codes 810000 (Hong Kong), 820000 (Macau), 830000 (Taiwan);
* 71 is Taiwan's province code in GB/T 2260;
* 外国人永久居留身份证 (2023 edition): ``9``, the two-digit province code of the issuing
  office, a three-digit nationality code, then birth date, sequence and check character as
  above — so a number starting 91–96.

The 15-digit first-generation numbers (no century, no check character) stopped being valid
on 1 January 2013; they get a message that says so, not a length error.
"""

from __future__ import annotations

import datetime as dt
import re

from domain import clock
from domain.errors import ValidationError
from domain.validation.normalise import echo, normalise_code

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

#: Province-level codes of GB/T 2260 (mainland), used for 9x foreigners' numbers too.
MAINLAND_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
})
#: Taiwan (GB/T 2260), and the residence permits of Hong Kong, Macau and Taiwan residents.
OTHER_REGIONS = frozenset({"71", "81", "82", "83"})


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _region(value: str) -> str | None:
    """The province code that is wrong, or None."""
    if value[0] == "9":  # foreigner's permanent residence card: 9 + province of issue
        return None if value[1:3] in MAINLAND_PROVINCES else value[1:3]
    code = value[:2]
    return None if code in MAINLAND_PROVINCES or code in OTHER_REGIONS else code


def check_id_number(raw: str, field: str = "id_number") -> str:
    """The number in its normal form (spaces gone, ``x`` as ``X``), or the first thing wrong:
    the length, the province code, the birth date, then the check character."""
    value = normalise_code(raw)
    if len(value) == 15 and value.isdigit():
        raise ValidationError("id_number.first_generation", field, value=value)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        raise ValidationError("id_number.invalid", field, value=echo(value))
    wrong_region = _region(value)
    if wrong_region is not None:
        raise ValidationError("id_number.region", field, region=wrong_region)
    digits = value[6:14]
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationError("id_number.birth_date", field, value=digits) from None
    if born > clock.today():
        raise ValidationError("id_number.birth_future", field, value=born.isoformat())
    expected = id_number_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError("id_number.check", field, expected=expected, actual=value[17])
    return value


__all__ = ["MAINLAND_PROVINCES", "OTHER_REGIONS", "check_id_number", "id_number_check_char"]
