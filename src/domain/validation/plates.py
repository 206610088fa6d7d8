"""Number plates (号牌) as GA 36-2018 issues them, and the plates it does not govern.

GA 36-2018 (中华人民共和国机动车号牌) formats accepted, canonical form without the separator
dot, upper case:

* ordinary plates (blue small, yellow large): province, issuing-office letter, five letters
  or digits (I and O are never used in the number): ``京A12345``;
* small new-energy plates (green): six after the office letter, the energy letter first,
  then a letter or digit, then four digits: ``粤BD12345``; large new-energy plates
  (yellow-green): five digits, then the energy letter: ``苏E12345D``. Energy letters: D A
  B C E for pure electric, F G H J K for other new energy (A B C E and G H J K came into
  use when the D and F series ran out);
* plates with a red suffix character after four letters or digits: 挂 trailer, 学 driving
  school, 警 police, 领 consulate; 港/澳 Hong Kong and Macau cross-border plates, issued only
  as ``粤Z``; and the older 试 (test) and 超 (oversize) plates still on the road;
* embassy plates: 使 then six digits (a three-digit country code and a sequence number):
  ``使224009``.

Military (军队) and armed-police (武警) plates follow their own rules, not GA 36: they are
accepted as *special* plates with a note saying which, never refused. Military plates are
two letters and five digits (``VA12345``); armed-police plates are ``WJ``, an optional
province character and five letters or digits (``WJ京12345``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.errors import ValidationError
from domain.validation.normalise import echo, normalise_code
from domain.validation.readings import Reading

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
#: The dot and dashes people type between the office letter and the number (京A·12345).
PLATE_SEPARATORS = "·•‧∙⋅・.-"
ENERGY_LETTERS = "DABCEFGHJK"
SUFFIXES = "挂学警领试超"

_NUMBER = "A-HJ-NP-Z0-9"  # letters and digits of a plate number: no I, no O
_OFFICE = "A-HJ-Z"  # issuing office: any letter but I (O is used for police offices)
_FORMATS = (
    re.compile(rf"[{PROVINCES}][{_OFFICE}][{_NUMBER}]{{5}}"),  # ordinary
    re.compile(rf"[{PROVINCES}][{_OFFICE}][{ENERGY_LETTERS}][{_NUMBER}][0-9]{{4}}"),  # new energy, small
    re.compile(rf"[{PROVINCES}][{_OFFICE}][0-9]{{5}}[{ENERGY_LETTERS}]"),  # new energy, large
    re.compile(rf"[{PROVINCES}][{_OFFICE}][{_NUMBER}]{{4}}[{SUFFIXES}]"),  # trailer, school, police …
    re.compile(rf"粤Z[{_NUMBER}]{{4}}[港澳]"),  # Hong Kong / Macau cross-border
    re.compile(r"使[0-9]{6}"),  # embassy
)
_SPECIAL = (
    (re.compile(rf"WJ[{PROVINCES}]?[{_NUMBER}]{{5}}"), "武警号牌", "armed-police plate"),
    (re.compile(r"[A-HJ-NP-Z]{2}[0-9]{5}"), "军队号牌", "military plate"),
)

STANDARD = "standard"
SPECIAL = "special"


@dataclass(frozen=True)
class PlateReading(Reading):
    """A plate in canonical form; ``kind`` is ``standard`` (GA 36) or ``special`` with a
    ``note`` naming which (军队号牌, 武警号牌)."""

    kind: str = STANDARD
    note: str = ""


def _compact(raw: str) -> str:
    text = normalise_code(raw)
    return "".join(c for c in text if c not in PLATE_SEPARATORS and unicodedata.category(c) != "Pd")


def read_plate(raw: str, field: str = "plate") -> PlateReading:
    """The plate in canonical form, or ``plate.invalid``; special plates carry a warning."""
    plate = _compact(raw)
    if any(pattern.fullmatch(plate) for pattern in _FORMATS):
        return PlateReading(plate)
    for pattern, note, note_en in _SPECIAL:
        if pattern.fullmatch(plate):
            warning = ValidationError("plate.special", field, plate=plate, note=note, note_en=note_en)
            return PlateReading(plate, warning, kind=SPECIAL, note=note)
    raise ValidationError("plate.invalid", field, plate=echo(plate))


def check_plate(raw: str, field: str = "plate") -> str:
    """Return the plate in its canonical form (province + letters, upper case, no dot)."""
    return read_plate(raw, field).value


def plate_search_key(text: str) -> str:
    """Key that ignores the province character, case and separator dots (京A·12345 → A12345;
    an armed-police plate's province goes too: WJ京12345 → WJ12345)."""
    key = _compact(text)
    if key[:1] != "" and key[0] in PROVINCES:
        key = key[1:]
    elif key.startswith("WJ") and key[2:3] != "" and key[2] in PROVINCES:
        key = "WJ" + key[3:]
    return key


def starts_like_plate(compact: str) -> bool:
    """Whether a search text begins as a plate with a Chinese character in it does (京…, 使…,
    WJ京…), so the search looks in the plates before the names."""
    first, third = compact[:1], compact[2:3]
    return (first != "" and first in PROVINCES + "使") or (
        compact.startswith("WJ") and third != "" and third in PROVINCES)


__all__ = ["ENERGY_LETTERS", "PLATE_SEPARATORS", "PROVINCES", "SPECIAL", "STANDARD", "SUFFIXES",
           "PlateReading", "check_plate", "plate_search_key", "read_plate", "starts_like_plate"]
