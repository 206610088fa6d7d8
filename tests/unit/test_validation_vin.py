"""VINs (ISO 3779 / GB 16735), table-driven, each case with its source.

Check digits of constructed cases are computed here by an implementation written apart from
the code under test (transliteration by letter arithmetic, weights spelt out as ranges), and
checked against the published examples first.
"""

from __future__ import annotations

import pytest

from domain.errors import ValidationError
from domain.validation import check_vin, judge, read_vin


# --- an independent check digit (ISO 3779 Annex / 49 CFR 565.15 / GB 16735) ---------------
def _value(char: str) -> int:
    """A→1 … H→8, J→1 … R→9 (skipping the unused I, O, Q), S→2 … Z→9; digits as they are."""
    if char.isdigit():
        return int(char)
    index = ord(char) - ord("A")
    return index % 9 + 1 + (1 if index >= 18 else 0)


_WEIGHTS = [*range(8, 1, -1), 10, 0, *range(9, 1, -1)]


def digit(vin: str) -> str:
    remainder = sum(_value(c) * w for c, w in zip(vin, _WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def with_check(body: str) -> str:
    """``body`` (17 characters) with position 9 set to its check digit."""
    return body[:8] + digit(body) + body[9:]


def without_check(body: str) -> str:
    """``body`` with a position 9 that is *not* its check digit (as European VINs have)."""
    right = digit(body)
    if body[8] != right:
        return body
    return body[:8] + ("1" if right != "1" else "2") + body[9:]


def test_the_independent_digit_agrees_with_the_published_examples() -> None:
    assert digit("1HGCM82633A004352") == "3"  # DOMAIN.md §9
    assert digit("1M8GDM9AXKP042788") == "X"  # Wikipedia, "Vehicle identification number", check-digit example
    assert digit("11111111111111111") == "1"  # Wikipedia: the all-ones VIN passes the check digit


OK: list[tuple[str, str, str]] = [
    # (value as typed, normal form, source)
    ("1HGCM82633A004352", "1HGCM82633A004352", "DOMAIN.md §9 public example (Honda, USA)"),
    ("1M8GDM9AXKP042788", "1M8GDM9AXKP042788", "Wikipedia VIN article, check-digit worked example (X = 10)"),
    ("5GZCZ43D13S812715", "5GZCZ43D13S812715", "public GM (USA) VIN used in VIN-decoder documentation"),
    ("JHMCM56557C404453", "JHMCM56557C404453", "Japanese WMI JHM with a valid check digit: ok, not warned"),
    ("1hgcm82633a004352", "1HGCM82633A004352", "ISO 3779 uses capitals: lower case typed is upper-cased"),
    (" 1HGCM82633A004352 ", "1HGCM82633A004352", "outer spaces from a paste"),
    ("1HGCM826 33A004 352", "1HGCM82633A004352", "spaces as on a printed registration card"),
    ("１ＨＧＣＭ８２６３３Ａ００４３５２", "1HGCM82633A004352", "full-width input method (NFKC)"),
    ("1HGCM82633A\u200b004352", "1HGCM82633A004352", "zero-width space from a chat paste"),
    ("\ufeff1HGCM82633A004352", "1HGCM82633A004352", "byte-order mark at the start of a CSV cell"),
    ("1HGCM82633A004352\u202c", "1HGCM82633A004352", "direction mark (pop directional formatting)"),
    (with_check("LSVAU2180N2123456"), with_check("LSVAU2180N2123456"),
     "GB 16735 structure, WMI LSV (上汽大众), check digit computed above"),
    (with_check("LFV3A23C0K3001234"), with_check("LFV3A23C0K3001234"),
     "GB 16735 structure, WMI LFV (一汽-大众), check digit computed above"),
    (with_check("LRW3E7EA0NC123456"), with_check("LRW3E7EA0NC123456"),
     "GB 16735 structure, WMI LRW (Tesla Shanghai), check digit computed above"),
    (with_check("LGXCE6CB0N0654321"), with_check("LGXCE6CB0N0654321"),
     "GB 16735 structure, WMI LGX (比亚迪), check digit computed above"),
    (with_check("LBVPH1100KSR12345"), with_check("LBVPH1100KSR12345"),
     "GB 16735 structure, WMI LBV (华晨宝马), check digit computed above"),
    (with_check("2T1BURHE0JC012345"), with_check("2T1BURHE0JC012345"),
     "49 CFR 565: Canada (2), check digit computed above"),
    (with_check("3VWFE21C04M000001"), with_check("3VWFE21C04M000001"),
     "49 CFR 565: Mexico (3), check digit computed above"),
    (with_check("4T1BF1FK0CU512345"), with_check("4T1BF1FK0CU512345"),
     "49 CFR 565: USA (4), check digit computed above"),
    (with_check("WDB1240221A123456"), with_check("WDB1240221A123456"),
     "ISO 3779: a German VIN whose maker does use the check digit: ok"),
]

WARN: list[tuple[str, str, str]] = [
    ("WP0ZZZ99ZTS392124", "WP0ZZZ99ZTS392124",
     "Wikipedia VIN article, European example (Porsche, 'Z' filler in position 9)"),
    ("wp0zzz99zts392124", "WP0ZZZ99ZTS392124", "same, typed in lower case"),
    (without_check("WDB1240221A123456"), without_check("WDB1240221A123456"),
     "ISO 3779: Germany (W), position 9 not a check digit (parallel import)"),
    ("WVWZZZ1JZXW000001", "WVWZZZ1JZXW000001", "ISO 3779: VW Europe-market pattern, 'Z' fillers"),
    (without_check("WBA8E9G50GNU12345"), without_check("WBA8E9G50GNU12345"), "ISO 3779: Germany (BMW WMI)"),
    (without_check("SALGA2HF9EA198520"), without_check("SALGA2HF9EA198520"), "ISO 3779: United Kingdom (S)"),
    (without_check("VF1RFB00X56587777"), without_check("VF1RFB00X56587777"), "ISO 3779: France (V)"),
    (without_check("ZFA31200000567483"), without_check("ZFA31200000567483"), "ISO 3779: Italy (Z)"),
    (without_check("YV1MS382962161035"), without_check("YV1MS382962161035"), "ISO 3779: Sweden (Y)"),
    (without_check("KMHCT41DAEU559219"), without_check("KMHCT41DAEU559219"), "ISO 3779: Korea (K)"),
    (without_check("JTMHV05J604123456"), without_check("JTMHV05J604123456"), "ISO 3779: Japan (J)"),
    ("ＷＰ０ＺＺＺ９９ＺＴＳ３９２１２４", "WP0ZZZ99ZTS392124", "full-width Porsche example (NFKC)"),
]

ERRORS: list[tuple[str, str, dict[str, object], str]] = [
    # (value, code, parameters that must be in the error, source)
    ("1HGCM82633A004353", "vin.check_digit", {"actual": "3"}, "49 CFR 565.15: USA VIN, last digit changed"),
    ("1HGCM82643A004352", "vin.check_digit", {"expected": "3", "actual": "4"},
     "DOMAIN.md example with position 9 changed to 4: the expected 3 is named"),
    ("1M8GDM9A1KP042788", "vin.check_digit", {"expected": "X", "actual": "1"},
     "Wikipedia check-digit example with 1 for X"),
    (without_check("2T1BURHE0JC012345"), "vin.check_digit", {}, "49 CFR 565: Canada (2) without check digit"),
    (without_check("3VWFE21C04M000001"), "vin.check_digit", {}, "49 CFR 565: Mexico (3) without check digit"),
    (without_check("5YJSA1E26HF000001"), "vin.check_digit", {}, "49 CFR 565: USA (5) without check digit"),
    (without_check("LSVAU2180N2123456"), "vin.check_digit", {"expected": digit("LSVAU2180N2123456")},
     "GB 16735: a Chinese VIN (L) must carry the check digit"),
    (without_check("LFV3A23C0K3001234"), "vin.check_digit", {}, "GB 16735: FAW-VW (LFV) with a wrong digit"),
    ("00000000000000000", "vin.placeholder", {}, "issue 16: placeholder typed when the VIN is not at hand"),
    ("11111111111111111", "vin.placeholder", {}, "Wikipedia: passes the check digit, yet a placeholder"),
    ("LLLLLLLLLLLLLLLLL", "vin.placeholder", {}, "issue 16: 17 equal characters"),
    ("AAAAAAAAAAAAAAAAA", "vin.placeholder", {}, "issue 16: 17 equal characters"),
    ("12345678901234567", "vin.placeholder", {}, "a typed run of digits"),
    ("1HGCM82633A00435", "vin.length", {"length": 16}, "ISO 3779: 17 characters (16 given)"),
    ("1HGCM82633A0043522", "vin.length", {"length": 18}, "ISO 3779: 17 characters (18 given)"),
    ("", "vin.length", {"length": 0}, "empty"),
    ("1HGCM82633A00435\u200b", "vin.length", {"length": 16},
     "issue 16: an invisible character is not counted (16, not 17)"),
    ("IHGCM82633A004352", "vin.bad_letter", {"pos": 1, "char": "I"}, "ISO 3779: I is never used"),
    ("1HGCM82633O004352", "vin.bad_letter", {"pos": 11, "char": "O"}, "ISO 3779: O is never used"),
    ("1HGCM8263QA004352", "vin.bad_letter", {"pos": 10, "char": "Q"}, "ISO 3779: Q is never used"),
    ("1HGCM82633A00435#", "vin.bad_char", {"pos": 17, "char": "#"}, "ISO 3779: only A–Z and 0–9"),
    ("1HGCM82633A-04352", "vin.bad_char", {"pos": 12, "char": "-"}, "ISO 3779: no dashes"),
    ("1HGCM82633A00435京", "vin.bad_char", {"pos": 17, "char": "京"}, "ISO 3779: only A–Z and 0–9"),
]


def test_at_least_thirty_cases_from_the_standards() -> None:
    assert len(OK) + len(WARN) + len(ERRORS) >= 30


@pytest.mark.parametrize(("raw", "normal", "source"), OK)
def test_accepted_vins(raw: str, normal: str, source: str) -> None:
    reading = read_vin(raw)
    assert (reading.value, reading.warning) == (normal, None), source
    assert check_vin(raw) == normal
    assert judge("vin", raw).status == "ok"


@pytest.mark.parametrize(("raw", "normal", "source"), WARN)
def test_vins_without_check_digit_need_a_person(raw: str, normal: str, source: str) -> None:
    reading = read_vin(raw)
    assert reading.value == normal, source
    assert reading.warning is not None and reading.warning.code == "vin.unverified"
    assert reading.warning.message() == "第9位不是校验位：进口车可能不使用校验位，请与行驶证核对"
    with pytest.raises(ValidationError) as info:  # refused until confirmed, with the warning
        check_vin(raw)
    assert info.value.code == "vin.unverified" and info.value.field == "vin"
    assert check_vin(raw, confirmed=True) == normal
    verdict = judge("vin", raw)
    assert (verdict.status, verdict.value) == ("warn", normal)


@pytest.mark.parametrize(("raw", "code", "params", "source"), ERRORS)
def test_refused_vins(raw: str, code: str, params: dict[str, object], source: str) -> None:
    with pytest.raises(ValidationError) as info:
        read_vin(raw)
    assert info.value.code == code, source
    assert info.value.field == "vin"
    assert params.items() <= info.value.params.items()
    with pytest.raises(ValidationError):
        check_vin(raw, confirmed=True)  # a confirmation never lets these through
    assert "车架号" in info.value.message() or code == "vin.unverified"
    assert judge("vin", raw).status == "error"


def test_check_digit_message_names_the_expected_digit() -> None:
    with pytest.raises(ValidationError) as info:
        check_vin("1HGCM82643A004352")
    assert f"第 9 位应为“{digit('1HGCM82643A004352')}”" in info.value.message()
