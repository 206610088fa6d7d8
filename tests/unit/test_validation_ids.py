"""Resident ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015),
table-driven, each case with its source.

Check characters of constructed cases are computed here by implementations written apart
from the code under test: ISO 7064 MOD 11-2 by its recursive (Horner) form rather than the
weight table, and GB 32100's weights as powers of 3 mod 31 with the character values
spelt out as the standard's table. Both are checked against published numbers first.
The real credit codes below are public records (国家企业信用信息公示系统); the holder named
beside each is as recalled, its check character is verified here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain import clock
from domain.errors import ValidationError
from domain.validation import check_credit_code, check_id_number, judge


# --- ISO 7064 MOD 11-2, recursive form ----------------------------------------------------
def mod11_2(first17: str) -> str:
    p = 0
    for char in first17:
        p = (p + int(char)) * 2 % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def resident(first17: str) -> str:
    return first17 + mod11_2(first17)


def wrong_last(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


# --- GB 32100-2015 check character -------------------------------------------------------
USCC_VALUES = {
    "0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9,
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "J": 18, "K": 19,
    "L": 20, "M": 21, "N": 22, "P": 23, "Q": 24, "R": 25, "T": 26, "U": 27, "W": 28, "X": 29,
    "Y": 30,
}  # fmt: skip
USCC_CHARS = {v: k for k, v in USCC_VALUES.items()}


def uscc_check(first17: str) -> str:
    total = sum(USCC_VALUES[c] * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc(first17: str) -> str:
    return first17 + uscc_check(first17)


def test_the_independent_check_characters_agree_with_published_numbers() -> None:
    assert mod11_2("11010519491231002") == "X"  # GB 11643-1999's own example
    assert mod11_2("44052418800101001") == "4"  # GB 11643-1999's own example
    assert uscc_check("91350100M000100Y4") == "3"  # widely quoted GB 32100 example


ID_OK: list[tuple[str, str, str]] = [
    ("11010519491231002X", "11010519491231002X", "GB 11643-1999 example: 北京朝阳, 1949-12-31, female"),
    ("440524188001010014", "440524188001010014", "GB 11643-1999 example: 广东汕头潮阳, 1880-01-01, male"),
    ("11010519491231002x", "11010519491231002X", "lower-case x typed"),
    ("110105 19491231 002X", "11010519491231002X", "typed in groups with spaces"),
    ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", "full-width input method (NFKC)"),
    ("11010519491231002X\u200b", "11010519491231002X", "zero-width space from a paste"),
    (resident("31010419800229123"), resident("31010419800229123"), "上海 (31), leap day 1980-02-29"),
    (resident("65010220000229001"), resident("65010220000229001"), "新疆 (65), leap day 2000-02-29"),
    (resident("15010219991231002"), resident("15010219991231002"), "内蒙古 (15)"),
    (resident("54010219700101003"), resident("54010219700101003"), "西藏 (54)"),
    (resident("46010019881111004"), resident("46010019881111004"), "海南 (46)"),
    (resident("71000019500505005"), resident("71000019500505005"), "GB/T 2260: 台湾 (71)"),
    (resident("81000019900101001"), resident("81000019900101001"), "港澳台居民居住证: 香港 810000"),
    (resident("82000019851212002"), resident("82000019851212002"), "港澳台居民居住证: 澳门 820000"),
    (resident("83000019770707003"), resident("83000019770707003"), "港澳台居民居住证: 台湾 830000"),
    (resident("91184019900101001"), resident("91184019900101001"),
     "外国人永久居留身份证 (2023): 9, 北京 11, nationality 840"),
    (resident("93139219850615002"), resident("93139219850615002"),
     "外国人永久居留身份证 (2023): 9, 上海 31, nationality 392"),
    (resident("94441019700101003"), resident("94441019700101003"),
     "外国人永久居留身份证 (2023): 9, 广东 44, nationality 410"),
]

ID_ERRORS: list[tuple[str, str, dict[str, object], str]] = [
    ("110105491231002", "id_number.first_generation", {}, "GB 11643-1989 first generation, 15 digits"),
    ("440524800101001", "id_number.first_generation", {}, "GB 11643-1989 first generation, 15 digits"),
    ("110105 491231 002", "id_number.first_generation", {}, "first generation typed with spaces"),
    ("110105194912310021", "id_number.check", {"expected": "X", "actual": "1"},
     "GB 11643-1999 example with a wrong check character"),
    (wrong_last("440524188001010014"), "id_number.check", {"expected": "4"}, "GB 11643-1999 example, wrong"),
    (wrong_last(resident("31010419800229123")), "id_number.check", {}, "ISO 7064 MOD 11-2 refuses it"),
    (resident("00010519491231002"), "id_number.region", {"region": "00"}, "GB/T 2260: no province 00"),
    (resident("10010519491231002"), "id_number.region", {"region": "10"}, "GB/T 2260: no province 10"),
    (resident("16010519491231002"), "id_number.region", {"region": "16"}, "GB/T 2260: no province 16"),
    (resident("20010519491231002"), "id_number.region", {"region": "20"}, "GB/T 2260: no province 20"),
    (resident("66010519491231002"), "id_number.region", {"region": "66"}, "GB/T 2260: no province 66"),
    (resident("72010519491231002"), "id_number.region", {"region": "72"}, "GB/T 2260: no province 72"),
    (resident("84010519491231002"), "id_number.region", {"region": "84"}, "no region 84"),
    (resident("90010519491231002"), "id_number.region", {"region": "00"},
     "9x: 外国人永久居留身份证 needs a province of issue in digits 2–3"),
    (resident("97110519491231002"), "id_number.region", {"region": "71"},
     "9x: issued on the mainland only (71 is not a place of issue)"),
    (resident("11010519490230002"), "id_number.birth_date", {"value": "19490230"}, "30 February"),
    (resident("11010519491301002"), "id_number.birth_date", {"value": "19491301"}, "month 13"),
    (resident("11010519490000002"), "id_number.birth_date", {"value": "19490000"}, "month and day 00"),
    (resident("11010519000229002"), "id_number.birth_date", {"value": "19000229"}, "1900 is no leap year"),
    (resident("11010520230229002"), "id_number.birth_date", {"value": "20230229"}, "2023 is no leap year"),
    (resident("11010529991231002"), "id_number.birth_future", {"value": "2999-12-31"}, "born in the future"),
    ("1101051949123100", "id_number.invalid", {}, "GB 11643: 18 characters (16 given)"),
    ("11010519491231002XX", "id_number.invalid", {}, "19 characters"),
    ("1101051949123100X2", "id_number.invalid", {}, "X only as the check character"),
    ("11010519491231A02X", "id_number.invalid", {}, "letters in the sequence number"),
    ("", "id_number.invalid", {}, "empty"),
]

USCC_OK: list[tuple[str, str, str]] = [
    ("91350100M000100Y43", "91350100M000100Y43", "widely quoted GB 32100-2015 example"),
    ("9135 0100 M000 100Y 43", "91350100M000100Y43", "issue 16: printed in groups on the licence"),
    ("91350100m000100y43", "91350100M000100Y43", "lower case typed"),
    ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43", "full-width input method (NFKC)"),
    ("91350100M000100Y43\u200b", "91350100M000100Y43", "zero-width space from a paste"),
    ("914403001922038216", "914403001922038216", "public record: 华为技术有限公司"),
    ("9144030071526726XG", "9144030071526726XG", "public record: 深圳市腾讯计算机系统有限公司"),
    ("91330100799655058B", "91330100799655058B", "public record: 阿里巴巴（中国）有限公司"),
    ("91440300192317458F", "91440300192317458F", "public record: 比亚迪股份有限公司"),
    ("91110108551385082Q", "91110108551385082Q", "public record: 小米科技有限责任公司"),
    ("91110000710925462X", "91110000710925462X", "public record (check character X)"),
    (uscc("12100000400000312"), uscc("12100000400000312"), "GB 32100: 1 机构编制, 2 事业单位"),
    (uscc("51110000500000123"), uscc("51110000500000123"), "GB 32100: 5 民政, 1 社会团体"),
    (uscc("52310000MJ0000012"), uscc("52310000MJ0000012"), "GB 32100: 5 民政, 2 民办非企业单位"),
    (uscc("92440300MA5D00001"), uscc("92440300MA5D00001"), "GB 32100: 9 工商, 2 个体工商户"),
    (uscc("93110108MA0000001"), uscc("93110108MA0000001"), "GB 32100: 9 工商, 3 农民专业合作社"),
    (uscc("Y1110000MB0000001"), uscc("Y1110000MB0000001"), "GB 32100: Y 其他"),
    (uscc("91310000MA1FL5LX3"), uscc("91310000MA1FL5LX3"), "GB 32100: 9 工商, 1 企业 (上海)"),
]

USCC_ERRORS: list[tuple[str, str, dict[str, object], str]] = [
    ("91350100M000100Y44", "credit_code.check", {"expected": "3", "actual": "4"},
     "issue 16: a wrong check character names the expected one"),
    ("914403001922038217", "credit_code.check", {"expected": "6"}, "public record with the last changed"),
    ("9144030071526726X0", "credit_code.check", {"expected": "G"}, "public record with the last changed"),
    ("91330100799655058C", "credit_code.check", {"expected": "B"}, "public record with the last changed"),
    ("91350100M000100Y4", "credit_code.length", {"length": 17}, "GB 32100: 18 characters (17 given)"),
    ("91350100M000100Y433", "credit_code.length", {"length": 19}, "19 characters"),
    ("", "credit_code.length", {"length": 0}, "empty"),
    ("91350100I000100Y43", "credit_code.bad_char", {"pos": 9, "char": "I"}, "GB 32100: I is not used"),
    ("91350100O000100Y43", "credit_code.bad_char", {"pos": 9, "char": "O"}, "GB 32100: O is not used"),
    ("91350100S000100Y43", "credit_code.bad_char", {"pos": 9, "char": "S"}, "GB 32100: S is not used"),
    ("91350100V000100Y43", "credit_code.bad_char", {"pos": 9, "char": "V"}, "GB 32100: V is not used"),
    ("91350100Z000100Y43", "credit_code.bad_char", {"pos": 9, "char": "Z"}, "GB 32100: Z is not used"),
    ("91350100M-00100Y43", "credit_code.bad_char", {"pos": 10, "char": "-"}, "no dashes"),
    (uscc("913A0100M00010000"), "credit_code.region", {"value": "3A0100"},
     "GB 32100: positions 3–8 are the GB/T 2260 division code (digits)"),
]


def test_at_least_thirty_cases_per_standard() -> None:
    assert len(ID_OK) + len(ID_ERRORS) >= 30
    assert len(USCC_OK) + len(USCC_ERRORS) >= 30


@pytest.mark.parametrize(("raw", "normal", "source"), ID_OK)
def test_resident_ids(raw: str, normal: str, source: str) -> None:
    assert check_id_number(raw) == normal, source
    assert judge("id", raw).status == "ok"


@pytest.mark.parametrize(("raw", "code", "params", "source"), ID_ERRORS)
def test_refused_resident_ids(raw: str, code: str, params: dict[str, object], source: str) -> None:
    with clock.freeze(dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC)), pytest.raises(ValidationError) as info:
        check_id_number(raw)
    assert info.value.code == code, source
    assert info.value.field == "id_number"
    assert params.items() <= info.value.params.items()
    assert "身份证号" in info.value.message()


def test_a_first_generation_number_is_told_it_is_no_longer_valid() -> None:
    verdict = judge("id", "110105491231002")
    assert verdict.status == "error"
    assert "第一代" in verdict.text() and "停止使用" in verdict.text() and "位数" not in verdict.text()


def test_a_birth_date_of_today_is_fine_and_tomorrow_is_not() -> None:
    with clock.freeze(dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC)):
        assert check_id_number(resident("11010520261201001"))
        with pytest.raises(ValidationError) as info:
            check_id_number(resident("11010520261202001"))
    assert info.value.code == "id_number.birth_future"


@pytest.mark.parametrize(("raw", "normal", "source"), USCC_OK)
def test_credit_codes(raw: str, normal: str, source: str) -> None:
    assert check_credit_code(raw) == normal, source
    assert judge("uscc", raw).status == "ok"


@pytest.mark.parametrize(("raw", "code", "params", "source"), USCC_ERRORS)
def test_refused_credit_codes(raw: str, code: str, params: dict[str, object], source: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_credit_code(raw)
    assert info.value.code == code, source
    assert params.items() <= info.value.params.items()
    assert "统一社会信用代码" in info.value.message()
    if code == "credit_code.check":
        assert f"应为“{params.get('expected', info.value.params['expected'])}”" in info.value.message()
