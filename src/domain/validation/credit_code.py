"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of companies and other bodies.

Eighteen characters from ``0-9`` and the capital letters without I, O, S, V and Z: the
registration authority (1), the kind of body (1), the administrative division code (6
digits, GB/T 2260), the organisation code (9, GB 11714) and a check character. The check
character: the weights are 3^(i-1) mod 31 for positions 1–17, each character's value is its
index in the alphabet below, and C18 = 31 − (Σ mod 31), where 31 is written ``0``.
Codes are printed in groups on licences (9135 0100 M000 100Y 43), so spaces are removed.
"""

from __future__ import annotations

from domain.errors import ValidationError
from domain.validation.normalise import echo, normalise_code

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18


def credit_code_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(raw: str, field: str = "id_number") -> str:
    """The code in its normal form (no spaces, upper case); a wrong check character is
    refused with the character it should be."""
    value = normalise_code(raw)
    if len(value) != USCC_LENGTH:
        raise ValidationError("credit_code.length", field, value=echo(value), length=len(value))
    for pos, char in enumerate(value, start=1):
        if char not in USCC_ALPHABET:
            raise ValidationError("credit_code.bad_char", field, pos=pos, char=echo(char))
    if not value[2:8].isdigit():
        raise ValidationError("credit_code.region", field, value=value[2:8])
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError("credit_code.check", field, expected=expected, actual=value[17])
    return value


__all__ = ["USCC_ALPHABET", "check_credit_code", "credit_code_check_char"]
