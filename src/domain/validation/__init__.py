"""Validation of what is typed into forms and lists (DOMAIN.md §9), one module per kind.

Each ``check_*`` returns the normalised value or raises :class:`ValidationError` with a code
and the field it belongs to; ``read_*`` also returns the warning a person should see (a VIN
without a check digit, a military plate). Every identifier validator first runs
:func:`normalise_code` (NFKC, invisible characters and spaces removed), so the form, the
list import and ``dealerdesk validate`` see the same value.
"""

from domain.validation.credit_code import USCC_ALPHABET, check_credit_code, credit_code_check_char
from domain.validation.kinds import KINDS, Verdict, judge
from domain.validation.normalise import echo, is_invisible, normalise_code
from domain.validation.phones import check_mobile, check_other_phone
from domain.validation.plates import (
    PROVINCES,
    SPECIAL,
    STANDARD,
    PlateReading,
    check_plate,
    plate_search_key,
    read_plate,
    starts_like_plate,
)
from domain.validation.readings import Reading
from domain.validation.resident_id import check_id_number, id_number_check_char
from domain.validation.text import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    check_day,
    check_moment,
    clean_text,
)
from domain.validation.vin import (
    VIN_LENGTH,
    check_vin,
    has_check_digit,
    needs_check_digit,
    read_vin,
    vin_check_digit,
)

__all__ = [
    "EARLIEST_YEAR", "KINDS", "LATEST_YEAR", "PROVINCES", "SPECIAL", "STANDARD", "USCC_ALPHABET",
    "VIN_LENGTH", "PlateReading", "Reading", "Verdict", "check_credit_code", "check_day",
    "check_id_number", "check_mobile", "check_moment", "check_other_phone", "check_plate",
    "check_vin", "clean_text", "credit_code_check_char", "echo", "has_check_digit", "id_number_check_char",
    "is_invisible", "judge", "needs_check_digit", "normalise_code", "plate_search_key",
    "read_plate", "read_vin", "starts_like_plate", "vin_check_digit",
]
