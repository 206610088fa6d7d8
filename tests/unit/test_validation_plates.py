"""Number plates (GA 36-2018), table-driven, each case with the plate type it stands for.

Numbers are made up in the formats GA 36-2018 defines (the standard's own samples use
such numbers); the embassy examples are the ones the public explanations of 使 plates give.
"""

from __future__ import annotations

import pytest

from domain.errors import ValidationError
from domain.validation import SPECIAL, STANDARD, check_plate, judge, plate_search_key, read_plate

OK: list[tuple[str, str, str]] = [
    # (as typed, canonical, source)
    ("京A12345", "京A12345", "GA 36-2018 小型汽车号牌 (blue): province, office letter, 5 digits"),
    ("沪B9K8J7", "沪B9K8J7", "GA 36-2018 小型汽车号牌: letters in the number (no I, O)"),
    ("冀A0001A", "冀A0001A", "GA 36-2018 小型汽车号牌"),
    ("鲁B12345", "鲁B12345", "GA 36-2018 大型汽车号牌 (yellow): same format"),
    ("京A·12345", "京A12345", "GA 36-2018: the separator dot as printed on the plate"),
    ("京a12345", "京A12345", "lower case typed"),
    ("沪B 9K8J7", "沪B9K8J7", "a space for the dot"),
    ("粤Ｂ１２３４５", "粤B12345", "full-width input method (NFKC)"),
    ("京A\u200b12345", "京A12345", "zero-width space from a paste"),
    ("粤BD12345", "粤BD12345", "GA 36-2018 小型新能源汽车号牌: D pure electric, first"),
    ("京AA23456", "京AA23456", "GA 36-2018 小型新能源: A pure electric (after D ran out)"),
    ("沪AB10001", "沪AB10001", "GA 36-2018 小型新能源: B pure electric"),
    ("浙AC12345", "浙AC12345", "GA 36-2018 小型新能源: C pure electric"),
    ("苏EE88888", "苏EE88888", "GA 36-2018 小型新能源: E pure electric"),
    ("粤BF12345", "粤BF12345", "GA 36-2018 小型新能源: F other new energy"),
    ("粤BFA1234", "粤BFA1234", "GA 36-2018 小型新能源: letter in the 2nd place of the number"),
    ("川AG12345", "川AG12345", "GA 36-2018 小型新能源: G other new energy"),
    ("鄂AH12345", "鄂AH12345", "GA 36-2018 小型新能源: H other new energy"),
    ("湘AJ12345", "湘AJ12345", "GA 36-2018 小型新能源: J other new energy"),
    ("豫AK12345", "豫AK12345", "GA 36-2018 小型新能源: K other new energy"),
    ("苏E12345D", "苏E12345D", "GA 36-2018 大型新能源汽车号牌: five digits, D last"),
    ("苏E12345F", "苏E12345F", "GA 36-2018 大型新能源: F last"),
    ("京A12345A", "京A12345A", "GA 36-2018 大型新能源: A last"),
    ("闽D54321K", "闽D54321K", "GA 36-2018 大型新能源: K last"),
    ("鲁B1234挂", "鲁B1234挂", "GA 36-2018 挂车号牌: four, then 挂"),
    ("川A1234学", "川A1234学", "GA 36-2018 教练汽车号牌: four, then 学"),
    ("京A0001警", "京A0001警", "GA 36-2018 警用汽车号牌: four, then 警"),
    ("粤Z1234港", "粤Z1234港", "GA 36-2018 香港入出境车号牌: 粤Z, four, 港"),
    ("粤ZF023澳", "粤ZF023澳", "GA 36-2018 澳门入出境车号牌: 粤Z, four, 澳"),
    ("沪A1234领", "沪A1234领", "GA 36-2018 领馆汽车号牌: four, then 领"),
    ("使224009", "使224009", "GA 36-2018 使馆汽车号牌: 使, country code 224, sequence 009"),
    ("使196-013", "使196013", "使馆汽车号牌 as printed with a dash (country 196)"),
]

SPECIAL_PLATES: list[tuple[str, str, str, str]] = [
    # (as typed, canonical, note, source)
    ("VA12345", "VA12345", "军队号牌", "military plate (two letters, five digits): not GA 36"),
    ("KA·12345", "KA12345", "军队号牌", "military plate with the dot"),
    ("QD12345", "QD12345", "军队号牌", "military plate of a theatre command (Q…)"),
    ("WJ京12345", "WJ京12345", "武警号牌", "armed-police plate: WJ, province, five"),
    ("WJ京1234X", "WJ京1234X", "武警号牌", "armed-police plate with a service letter last"),
    ("wj12345", "WJ12345", "武警号牌", "armed-police plate of a national unit, lower case"),
]

ERRORS: list[tuple[str, str]] = [
    ("", "empty"),
    ("A12345", "GA 36-2018: the province character is missing"),
    ("京12345", "GA 36-2018: the office letter is missing"),
    ("京I12345", "GA 36-2018: I is never an office letter"),
    ("京A1234", "GA 36-2018: four characters is too short for an ordinary plate"),
    ("京A1234567", "GA 36-2018: seven characters is too long"),
    ("京AO1234", "GA 36-2018: O is never used in the number"),
    ("京AI2345", "GA 36-2018: I is never used in the number"),
    ("台A12345", "台 is not a province character of GA 36 plates"),
    ("京AD1234X", "GA 36-2018 小型新能源: the last four must be digits"),
    ("京AL12345", "GA 36-2018 小型新能源: L is not an energy letter"),
    ("京A12345L", "GA 36-2018 大型新能源: L is not an energy letter"),
    ("京A1234D5", "GA 36-2018 大型新能源: the energy letter is last"),
    ("粤A1234港", "GA 36-2018: 港 plates are issued only as 粤Z"),
    ("使22400", "GA 36-2018 使馆: six digits after 使"),
    ("使A22400", "GA 36-2018 使馆: digits only"),
    ("京A123", "too short"),
    ("WJ京1234", "armed-police plate with four characters: neither GA 36 nor special"),
]


def test_at_least_thirty_cases_from_the_standard() -> None:
    assert len(OK) + len(SPECIAL_PLATES) + len(ERRORS) >= 30


@pytest.mark.parametrize(("raw", "canonical", "source"), OK)
def test_ga36_plates(raw: str, canonical: str, source: str) -> None:
    reading = read_plate(raw)
    assert (reading.value, reading.kind, reading.note, reading.warning) == (canonical, STANDARD, "", None), source
    assert check_plate(raw) == canonical
    assert judge("plate", raw).status == "ok"


@pytest.mark.parametrize(("raw", "canonical", "note", "source"), SPECIAL_PLATES)
def test_military_and_armed_police_plates_are_kept_as_special(raw: str, canonical: str, note: str,
                                                              source: str) -> None:
    reading = read_plate(raw)
    assert (reading.value, reading.kind, reading.note) == (canonical, SPECIAL, note), source
    assert reading.warning is not None and reading.warning.code == "plate.special"
    assert note in reading.warning.message()
    verdict = judge("plate", raw)
    assert (verdict.status, verdict.value) == ("warn", canonical)


@pytest.mark.parametrize(("raw", "source"), ERRORS)
def test_refused_plates(raw: str, source: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_plate(raw)
    assert info.value.code == "plate.invalid", source
    assert info.value.field == "plate"
    assert judge("plate", raw).status == "error"


@pytest.mark.parametrize(("text", "key"), [
    ("京A·12345", "A12345"), ("a12345", "A12345"), ("京a.123", "A123"), ("粤BD12345", "BD12345"),
    ("京A\u200b12345", "A12345"), ("WJ京12345", "WJ12345"), ("使224009", "使224009"),
    ("VA12345", "VA12345"),
])
def test_plate_search_key(text: str, key: str) -> None:
    """Search ignores the province character, case, the dot and invisible characters."""
    assert plate_search_key(text) == key
