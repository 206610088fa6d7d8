"""Hostile values by type (issue 8 item 5): what a counter PC's keyboard, scanner and paste
buffer can really deliver, plus what nobody types but a bug might pass on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Any

from hypothesis import strategies as st

RARE = ["𠮷", "𠀀", "𪚥", "𡃁", "𣲷", "龘", "丨"]  # outside the BMP and rare CJK
EMOJI = ["😀", "🚗", "👨‍👩‍👧", "🇨🇳", "\u200d", "\ufe0f"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\u2028", "\u202e", "\r", "\n", "\t"]

SPECIAL_TEXT = [
    "", " ", "　", "王𠮷祥", "𠮷" * 30, "😀🚗", "A\x00B", "\x1b[31m红", "行一\n行二", "\u202e倒序",
    "x" * 100_000, "京" * 100_000, "'; DROP TABLE customers; --", "<b>粗</b>", "%s%n{0}",
    "１２３４５", "ｆｕｌｌｗｉｄｔｈ", " 两边空格 ", "\ud7ff", "\U0010ffff",
]

#: Any Unicode (no lone surrogates: Python str from a GUI or file cannot hold them encoded).
ANY_CHAR = st.characters(codec="utf-8")

text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(ANY_CHAR, max_size=40),
    st.lists(st.sampled_from(RARE + EMOJI + CONTROL + list("京A1 -")), max_size=30).map("".join),
    st.builds(lambda c, n: c * n, st.sampled_from(RARE + EMOJI + ["长"]), st.integers(1, 3_000)),
)

integers = st.one_of(
    st.sampled_from([0, -1, 1, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1,
                     10**30, -(10**30)]),
    st.integers(-(2**70), 2**70),
    st.integers(-1_000, 1_000_000),
)

dates = st.one_of(st.sampled_from([dt.date.min, dt.date.max, dt.date(1900, 1, 1), dt.date(1, 1, 1)]),
                  st.dates())
datetimes = st.one_of(
    st.sampled_from([dt.datetime.min.replace(tzinfo=dt.UTC), dt.datetime.max.replace(tzinfo=dt.UTC),
                     dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)]),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.datetimes(),  # naive: a bug elsewhere might pass one
)


def for_type(hint: Any) -> st.SearchStrategy[Any] | None:
    """A hostile strategy for a field's type, or None when the field is not fuzzed by type."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        strategies = [s for s in (for_type(a) for a in inner) if s is not None]
        if not strategies:
            return None
        return st.one_of(st.none(), *strategies) if type(None) in args else st.one_of(*strategies)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return integers
    if hint is str:
        return text
    if hint is dt.date:
        return dates
    if hint is dt.datetime:
        return datetimes
    return None


def fuzzable_fields(cls: type) -> dict[str, st.SearchStrategy[Any]]:
    hints = typing.get_type_hints(cls)
    result: dict[str, st.SearchStrategy[Any]] = {}
    for f in dataclasses.fields(cls):
        strategy = for_type(hints[f.name])
        if strategy is not None:
            result[f.name] = strategy
    return result


def one_field_changed(base: Any) -> st.SearchStrategy[tuple[str, Any]]:
    """(field name, hostile value) for one fuzzable field of ``base``'s dataclass."""
    fields = fuzzable_fields(type(base))
    return st.sampled_from(sorted(fields)).flatmap(
        lambda name: st.tuples(st.just(name), fields[name]))


__all__ = ["fuzzable_fields", "for_type", "one_field_changed", "text", "integers", "dates",
           "datetimes"]
