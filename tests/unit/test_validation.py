"""VIN, plate, phone and ID validation (DOMAIN.md §9), table-driven."""

from __future__ import annotations

import pytest

from domain.errors import ValidationError
from domain.validation import (
    check_credit_code,
    check_id_number,
    check_mobile,
    check_other_phone,
    check_plate,
    check_vin,
    plate_search_key,
    vin_check_digit,
)


@pytest.mark.parametrize("vin", ["1HGCM82633A004352", "1hgcm82633a004352", " 1HGCM82633A004352 ",
                                 "11111111111111111"])
def test_valid_vins(vin: str) -> None:
    assert check_vin(vin) == vin.strip().upper()


@pytest.mark.parametrize(
    ("vin", "code", "params"),
    [
        ("1HGCM82633A00435", "vin.length", {"length": 16}),
        ("1HGCM82633A0043522", "vin.length", {"length": 18}),
        ("", "vin.length", {"length": 0}),
        ("1HGCM82633A004353", "vin.check_digit", {"expected": "3", "actual": "3"}),
        ("IHGCM82633A004352", "vin.bad_letter", {"pos": 1, "char": "I"}),
        ("1HGCM82633O004352", "vin.bad_letter", {"pos": 11, "char": "O"}),
        ("1HGCM8263QA004352", "vin.bad_letter", {"pos": 10, "char": "Q"}),
        ("1HGCM82633A00435#", "vin.bad_char", {"pos": 17, "char": "#"}),
    ],
)
def test_invalid_vins(vin: str, code: str, params: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        check_vin(vin)
    assert info.value.code == code
    assert info.value.field == "vin"
    if code != "vin.check_digit":
        assert info.value.params == params
    assert "车架号" in info.value.message()


def test_check_digit_message_names_expected_digit() -> None:
    with pytest.raises(ValidationError) as info:
        check_vin("1HGCM82643A004352")
    assert info.value.params["expected"] == vin_check_digit("1HGCM82643A004352")
    assert "第 9 位" in info.value.message()


def test_check_digit_x_for_ten() -> None:
    body = "1M8GDM9A_KP042788".replace("_", "X")
    assert vin_check_digit(body) == "X"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("京A12345", "京A12345"),
        ("京a12345", "京A12345"),
        ("京A·12345", "京A12345"),
        ("沪B 9K8J7", "沪B9K8J7"),
        ("粤BD12345", "粤BD12345"),  # new energy, small car
        ("粤BFA1234", "粤BFA1234"),  # new energy, small car, letter in 2nd place
        ("苏E12345D", "苏E12345D"),  # new energy, large vehicle
        ("川A1234学", "川A1234学"),
        ("鲁B1234挂", "鲁B1234挂"),
        ("粤Z1234港", "粤Z1234港"),
    ],
)
def test_valid_plates(raw: str, canonical: str) -> None:
    assert check_plate(raw) == canonical


@pytest.mark.parametrize("raw", ["", "A12345", "京12345", "京I12345", "京A1234", "京A1234567",
                                  "京AO1234", "X京A1234", "台A12345", "京AD1234X"])
def test_invalid_plates(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_plate(raw)
    assert info.value.code == "plate.invalid"
    assert info.value.field == "plate"


@pytest.mark.parametrize(("text", "key"), [("京A·12345", "A12345"), ("a12345", "A12345"),
                                           ("京a.123", "A123"), ("粤BD12345", "BD12345")])
def test_plate_search_key(text: str, key: str) -> None:
    assert plate_search_key(text) == key


@pytest.mark.parametrize("raw", ["13812345678", "19912345678", "+8613812345678", "138 1234 5678"])
def test_valid_mobiles(raw: str) -> None:
    assert check_mobile(raw) == raw.replace(" ", "").removeprefix("+86")


@pytest.mark.parametrize("raw", ["", "12812345678", "1381234567", "138123456789", "abc", "010-12345678"])
def test_invalid_mobiles(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_mobile(raw)
    assert info.value.code == "mobile.invalid"


@pytest.mark.parametrize("raw", ["010-12345678", "0755-1234567", "02112345678", "13812345678"])
def test_valid_other_phones(raw: str) -> None:
    check_other_phone(raw)


@pytest.mark.parametrize("raw", ["12345", "abc-defg", "000-1234567"])
def test_invalid_other_phones(raw: str) -> None:
    with pytest.raises(ValidationError):
        check_other_phone(raw)


def test_resident_id_check_character() -> None:
    assert check_id_number("11010519491231002X") == "11010519491231002X"
    assert check_id_number("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValidationError) as info:
        check_id_number("110105194912310021")
    assert info.value.code == "id_number.check"
    with pytest.raises(ValidationError):
        check_id_number("1101051949123100")


def test_unified_social_credit_code() -> None:
    assert check_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(ValidationError):
        check_credit_code("91350100M000100Y44")
    with pytest.raises(ValidationError):
        check_credit_code("91350100M000100Y4")
