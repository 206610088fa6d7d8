"""Normalisation before every identifier check (issue 16 item 6), as properties.

* normalising twice gives what normalising once gave;
* no invisible character (nor whitespace) survives it, by an independent list of the
  characters that show nothing;
* invisible characters sprinkled into a value, or the value typed full-width, change no
  validator's verdict;
* no message ever carries a control or invisible character, whatever was typed.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.validation import KINDS, judge, normalise_code

#: Characters that show nothing, named one by one (not derived from the code under test).
INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a",
    "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c",
    "\u180e", "\u034f", "\ufe0f", "\ufe00", "\u3164", "\u115f", "\u2028", "\u2029", "\x00",
    "\x07", "\x1b", "\x7f", "\t", "\n", "\r", "\u0085", "\U000e0041", "\U000e0100",
]
SPACES = [" ", "\u00a0", "\u3000", "\u2002", "\u2009", "\u202f"]

#: A valid value of every kind, and its verdict.
SAMPLES = {
    "vin": "1HGCM82633A004352",
    "plate": "京A12345",
    "mobile": "13812345678",
    "phone": "010-12345678",
    "id": "11010519491231002X",
    "uscc": "91350100M000100Y43",
}

any_text = st.text(st.characters(codec="utf-8"), max_size=40)
mixed = st.lists(st.sampled_from([*INVISIBLE, *SPACES, "a", "Ａ", "１", "京", "é", "e\u0301", "ß", "ﬁ",
                                  "ǅ", "ΐ", "İ"]), max_size=30).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, database=None)


@SETTINGS
@given(st.one_of(any_text, mixed))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_code(text)
    assert normalise_code(once) == once


@SETTINGS
@given(st.one_of(any_text, mixed))
def test_no_invisible_character_or_space_gets_through(text: str) -> None:
    out = normalise_code(text)
    assert not any(c in out for c in INVISIBLE + SPACES)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp") for c in out)
    assert out == unicodedata.normalize("NFKC", out)


@st.composite
def sprinkled(draw: st.DrawFn, value: str) -> str:
    """``value`` with invisible characters and spaces put between its characters."""
    out = []
    for char in value:
        out.append(draw(st.lists(st.sampled_from(INVISIBLE + SPACES), max_size=2).map("".join)))
        out.append(char)
    out.append(draw(st.lists(st.sampled_from(INVISIBLE + SPACES), max_size=2).map("".join)))
    return "".join(out)


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)).flatmap(lambda kind: st.tuples(st.just(kind), sprinkled(SAMPLES[kind]))))
def test_invisible_characters_change_no_verdict(case: tuple[str, str]) -> None:
    kind, raw = case
    assert judge(kind, raw) == judge(kind, SAMPLES[kind])


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_full_width_input_changes_no_verdict() -> None:
    for kind, value in SAMPLES.items():
        assert judge(kind, _full_width(value)) == judge(kind, value), kind


@SETTINGS
@given(st.sampled_from(sorted(KINDS)), st.one_of(any_text, mixed, st.sampled_from(list(SAMPLES.values()))))
def test_messages_never_echo_an_invisible_character(kind: str, raw: str) -> None:
    verdict = judge(kind, raw)
    text = verdict.text("zh") + verdict.text("en")
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text), (kind, raw)
    assert verdict.status in ("ok", "warn", "error")
    if verdict.status != "error":
        assert verdict.value == normalise_code(verdict.value)  # the normal form is normal
