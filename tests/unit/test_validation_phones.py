"""Mobile numbers and other phones, table-driven (电信网编号计划: mobile 1[3-9] + 9 digits;
area codes 010 and 02x of three digits, all others of four, with the trunk 0)."""

from __future__ import annotations

import pytest

from domain.errors import ValidationError
from domain.validation import check_mobile, check_other_phone, judge

MOBILE_OK: list[tuple[str, str, str]] = [
    ("13812345678", "13812345678", "numbering plan: 13x"),
    ("14512345678", "14512345678", "numbering plan: 14x"),
    ("15012345678", "15012345678", "numbering plan: 15x"),
    ("16612345678", "16612345678", "numbering plan: 16x"),
    ("17012345678", "17012345678", "numbering plan: 17x"),
    ("18912345678", "18912345678", "numbering plan: 18x"),
    ("19912345678", "19912345678", "numbering plan: 19x"),
    ("+8613812345678", "13812345678", "issue 16: +86 prefix"),
    ("+86 138 1234 5678", "13812345678", "issue 16: +86 with spaces"),
    ("+86-138-1234-5678", "13812345678", "issue 16: +86 with dashes"),
    ("0086 13812345678", "13812345678", "issue 16: 0086 prefix"),
    ("0086-13812345678", "13812345678", "issue 16: 0086 with a dash"),
    ("86-13812345678", "13812345678", "issue 16: 86- prefix"),
    ("8613812345678", "13812345678", "86 without a separator (13 digits)"),
    ("(+86)13812345678", "13812345678", "country code in brackets"),
    ("138 1234 5678", "13812345678", "issue 16: spaces"),
    ("138-1234-5678", "13812345678", "issue 16: dashes"),
    ("138－1234－5678", "13812345678", "issue 16: full-width dashes"),
    ("138–1234–5678", "13812345678", "en dashes from a word processor"),
    ("１３８１２３４５６７８", "13812345678", "issue 16: full-width digits"),
    ("＋８６　１３８１２３４５６７８", "13812345678", "full-width plus and ideographic space"),
    ("13812345678\u200b", "13812345678", "zero-width space from a paste"),
]

MOBILE_ERRORS: list[tuple[str, str]] = [
    ("", "empty"),
    ("12812345678", "12x is not a mobile range"),
    ("11812345678", "11x is not a mobile range"),
    ("1381234567", "ten digits"),
    ("138123456789", "twelve digits"),
    ("abc", "letters"),
    ("010-12345678", "a landline is an other phone"),
    ("+8612812345678", "+86 then a non-mobile"),
    ("+85261234567", "a Hong Kong number is not a mainland mobile"),
    ("138123\u200b4567", "ten visible digits: the invisible character does not count"),
]

PHONE_OK: list[tuple[str, str, str]] = [
    ("010-12345678", "010-12345678", "Beijing: 010 + eight digits"),
    ("01012345678", "010-12345678", "without the dash"),
    ("(010)12345678", "010-12345678", "area code in brackets"),
    ("(010) 1234 5678", "010-12345678", "brackets and spaces"),
    ("010-6470-0000", "010-64700000", "dashes inside the local number"),
    ("021-12345678", "021-12345678", "Shanghai: 021"),
    ("02112345678", "021-12345678", "02x is a three-digit area code"),
    ("0755-1234567", "0755-1234567", "Shenzhen: 0755 + seven digits"),
    ("0755-12345678", "0755-12345678", "0755 + eight digits"),
    ("07551234567", "0755-1234567", "four-digit area code without dash"),
    ("+86 10 12345678", "010-12345678", "issue 16: +86 drops the trunk 0"),
    ("0086-755-1234567", "0755-1234567", "issue 16: 0086 prefix"),
    ("86-21-12345678", "021-12345678", "issue 16: 86- prefix"),
    ("010-12345678-123", "010-12345678-123", "with an extension"),
    ("010－12345678", "010-12345678", "full-width dash"),
    ("０１０－１２３４５６７８", "010-12345678", "full-width digits"),
    ("13812345678", "13812345678", "a second mobile number"),
    ("+86 138 1234 5678", "13812345678", "a second mobile number with +86"),
]

PHONE_ERRORS: list[tuple[str, str]] = [
    ("12345", "too short"),
    ("abc-defg", "letters"),
    ("000-1234567", "no area code 000"),
    ("011-12345678", "no area code 011"),
    ("010-1234567", "010 numbers have eight digits"),
    ("0755-123456", "six digits"),
    ("010-02345678", "a local number does not start with 0"),
    ("", "empty"),
]


def test_at_least_thirty_cases() -> None:
    assert len(MOBILE_OK) + len(MOBILE_ERRORS) >= 30
    assert len(PHONE_OK) + len(PHONE_ERRORS) >= 25


@pytest.mark.parametrize(("raw", "normal", "source"), MOBILE_OK)
def test_mobiles(raw: str, normal: str, source: str) -> None:
    assert check_mobile(raw) == normal, source
    assert judge("mobile", raw).status == "ok"


@pytest.mark.parametrize(("raw", "source"), MOBILE_ERRORS)
def test_refused_mobiles(raw: str, source: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_mobile(raw)
    assert info.value.code == "mobile.invalid", source
    assert "\u200b" not in info.value.message()


@pytest.mark.parametrize(("raw", "normal", "source"), PHONE_OK)
def test_other_phones(raw: str, normal: str, source: str) -> None:
    assert check_other_phone(raw) == normal, source
    assert judge("phone", raw).status == "ok"


@pytest.mark.parametrize(("raw", "source"), PHONE_ERRORS)
def test_refused_other_phones(raw: str, source: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_other_phone(raw)
    assert info.value.code == "phone.invalid", source
