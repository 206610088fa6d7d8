"""What an input method, a scanner or a paste buffer delivers, reduced to what the user sees.

Why every identifier validator starts here: a Chinese input method types full-width letters
and digits (ＶＩＮ, １３８…), text copied from a web page or a chat carries zero-width
spaces, byte-order marks and direction marks, and a spreadsheet cell may hold a stray tab.
None of that is visible, so none of it may count: a VIN with a zero-width space is 17
characters to the clerk, and a message that says "18 位" or echoes a control character
back makes no sense to them. NFKC (Unicode's compatibility normalisation) turns the
full-width forms into ASCII; the invisible characters are removed.
"""

from __future__ import annotations

import unicodedata

#: General categories that never show a glyph: controls, format characters (zero-width
#: space U+200B, joiners, BOM U+FEFF, direction marks and overrides, soft hyphen), line and
#: paragraph separators and surrogates.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

#: Default-ignorable code points (Unicode DerivedCoreProperties.txt) in other categories:
#: combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free
#: variation selectors, variation selectors and their supplement.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF),
)  # fmt: skip

#: At most this many characters of a refused value are echoed in a message.
ECHO_LIMIT = 30


def is_invisible(char: str) -> bool:
    """True for a character that shows nothing (whitespace is not counted here)."""
    if unicodedata.category(char) in INVISIBLE_CATEGORIES:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def _once(text: str) -> str:
    visible = "".join(c for c in text if not is_invisible(c))
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).upper())


def normalise_code(raw: str | None) -> str:
    """An identifier as typed → NFKC, upper case, without invisible characters or spaces.

    Why repeated until nothing changes: removing an invisible character can bring a letter
    and a combining mark together, and upper-casing can produce a character NFKC rewrites;
    a value that is already normal must come back unchanged (a property test checks it).
    """
    text = raw or ""
    for _ in range(4):
        cleaned = "".join(_once(text).split())
        if cleaned == text:
            break
        text = cleaned
    return text


def echo(value: str) -> str:
    """A value as a message may quote it: visible characters only, long ones shortened."""
    shown = "".join(c for c in value if not is_invisible(c))
    return shown if len(shown) <= ECHO_LIMIT else shown[:ECHO_LIMIT] + "…"


__all__ = ["ECHO_LIMIT", "INVISIBLE_CATEGORIES", "echo", "is_invisible", "normalise_code"]
