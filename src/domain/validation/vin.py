"""Vehicle identification numbers (车架号, VIN): ISO 3779, GB 16735 (DOMAIN.md §9).

Which VINs must carry the check digit in position 9, and how we tell them apart: by the
first character of the world manufacturer identifier (WMI, ISO 3780), the region the
maker's code was issued for.

* ``1``–``5``: North America. The United States (49 CFR 565.15(c)) requires the check digit
  on every vehicle built for its market since 1981; Canada and Mexico use the same VIN.
* ``L``: China. GB 16735 makes position 9 the check digit for every vehicle made or sold
  in China (its WMIs are L0–L9 and LA–LZ), with the same transliteration and weights.

Every other VIN (Europe ``S``–``Z``, Japan ``J``, Korea ``K``, …) may use position 9 for
something else: such parallel-import (平行进口) and older imported cars are accepted after
a warning and a person's confirmation, never refused for the check digit alone.
"""

from __future__ import annotations

from domain.errors import ValidationError
from domain.validation.normalise import echo, normalise_code
from domain.validation.readings import Reading

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}  # fmt: skip
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_LENGTH = 17

#: First WMI characters whose VINs must carry the check digit (module docstring).
CHECK_DIGIT_REGIONS = frozenset("12345L")

#: Runs people type when they do not have the VIN at hand.
_RUNS = ("0123456789" * 3, "1234567890" * 3, "ABCDEFGHJKLMNPRSTUVWXYZ")


def vin_check_digit(vin: str) -> str:
    """The check character (position 9) for a 17-character VIN; ``X`` stands for 10."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def has_check_digit(vin: str) -> bool:
    """Whether position 9 of a (stored, normal-form) VIN is its check digit."""
    return (len(vin) == VIN_LENGTH and all(c in _VIN_VALUES for c in vin)
            and vin[8] == vin_check_digit(vin))


def needs_check_digit(vin: str) -> bool:
    """Whether the check digit is mandatory for this VIN (North America and China)."""
    return bool(vin) and vin[0] in CHECK_DIGIT_REGIONS


def is_placeholder(vin: str) -> bool:
    """17 equal characters, two characters repeated, or a typed run such as 1234567890…."""
    return len(set(vin)) <= 2 or any(vin in run for run in _RUNS)


def read_vin(raw: str, field: str = "vin") -> Reading:
    """The VIN in its normal form; a warning when position 9 cannot be checked.

    Refused: a length other than 17 (counting only the characters the user can see), I, O
    or Q, any other character than A–Z and 0–9, placeholders, and a wrong check digit on a
    North-American or Chinese VIN (the message names the expected digit).
    """
    vin = normalise_code(raw)
    if len(vin) != VIN_LENGTH:
        raise ValidationError("vin.length", field, length=len(vin))
    for pos, char in enumerate(vin, start=1):
        if char in "IOQ":
            raise ValidationError("vin.bad_letter", field, pos=pos, char=char)
        if char not in _VIN_VALUES:
            raise ValidationError("vin.bad_char", field, pos=pos, char=echo(char))
    if is_placeholder(vin):
        raise ValidationError("vin.placeholder", field, vin=vin)
    expected = vin_check_digit(vin)
    if vin[8] == expected:
        return Reading(vin)
    if needs_check_digit(vin):
        raise ValidationError("vin.check_digit", field, expected=expected, actual=vin[8])
    return Reading(vin, ValidationError("vin.unverified", field, vin=vin))


def check_vin(raw: str, field: str = "vin", *, confirmed: bool = False) -> str:
    """The VIN in its normal form; one that needs a person's look is refused with the
    warning (code ``vin.unverified``) unless ``confirmed``."""
    reading = read_vin(raw, field)
    if reading.warning is not None and not confirmed:
        raise reading.warning
    return reading.value


__all__ = ["CHECK_DIGIT_REGIONS", "VIN_LENGTH", "check_vin", "has_check_digit", "is_placeholder",
           "needs_check_digit",
           "read_vin", "vin_check_digit"]
