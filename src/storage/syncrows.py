"""Which tables travel, which columns stay home, who owns what, and the row <-> JSON form.

Why derived from the mappers: a table travels because its entity is ``Syncable``; a new
entity is carried the moment it exists, with no list to forget. What must not travel is
listed here explicitly (:data:`EXCLUDED_COLUMNS`), and so is what HQ owns
(:data:`HQ_OWNED`); every other syncable table belongs to the branch that made its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import Column, Date, Table

import domain.model  # noqa: F401  (registers every table)
from domain.orm import Base, Syncable, UTCDateTime

#: Columns that never leave the database that holds them (secrets and per-PC state).
EXCLUDED_COLUMNS: dict[str, frozenset[str]] = {
    "staff": frozenset({"password_hash", "failed_logins", "locked_until", "last_login_at",
                        "must_change_password"}),
    "branches": frozenset({"is_local", "mode"}),
}

#: Master data: HQ edits it, branches receive it and may not change it locally.
HQ_OWNED: frozenset[str] = frozenset({"md_labour_codes", "md_part_prices", "md_campaigns"})


@cache
def syncable_tables() -> tuple[Table, ...]:
    """Every table mapped by a Syncable entity, parents before children (FK order)."""
    names = {cast(Table, mapper.local_table).name for mapper in Base.registry.mappers
             if issubclass(mapper.class_, Syncable)}
    return tuple(t for t in Base.metadata.sorted_tables if t.name in names)


@cache
def table_by_name() -> dict[str, Table]:
    return {t.name: t for t in syncable_tables()}


def is_hq_owned(table_name: str) -> bool:
    return table_name in HQ_OWNED


def owned_tables(mode: str) -> tuple[Table, ...]:
    """The syncable tables whose rows this side owns and sends ('hq' or 'branch')."""
    return tuple(t for t in syncable_tables() if is_hq_owned(t.name) == (mode == "hq"))


@cache
def travelling_columns(table_name: str) -> tuple[Column[Any], ...]:
    table = table_by_name()[table_name]
    excluded = EXCLUDED_COLUMNS.get(table_name, frozenset())
    return tuple(c for c in table.columns if c.name not in excluded)


@cache
def _names(table_name: str) -> tuple[str, ...]:
    return tuple(c.name for c in travelling_columns(table_name))


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value).__name__)


def row_payload(table_name: str, row: Mapping[Any, Any]) -> str:
    """The canonical JSON text of a row (sorted keys, no spaces, ISO times): equal rows, equal
    text. orjson writes datetimes and dates as ISO 8601 itself, several times faster."""
    values = row if isinstance(row, dict) else dict(row)
    data = {name: values[name] for name in _names(table_name) if name in values}
    return orjson.dumps(data, default=_encode, option=orjson.OPT_SORT_KEYS).decode("utf-8")


Decoder = Callable[[Any], Any]


def _decoder(column: Column[Any]) -> Decoder | None:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    return None


@cache
def decoders(table_name: str) -> dict[str, Decoder]:
    """Per column, how to turn a payload value back into the Python value the column takes."""
    result: dict[str, Decoder] = {}
    for column in travelling_columns(table_name):
        decoder = _decoder(column)
        if decoder is not None:
            result[column.name] = decoder
    return result


@cache
def _known(table_name: str) -> frozenset[str]:
    return frozenset(c.name for c in travelling_columns(table_name))


def decode_row(table_name: str, data: dict[str, Any], *, sqlite_text: bool = False) -> dict[str, Any]:
    """Payload values back to Python values; unknown keys (a newer sender) are dropped.

    With ``sqlite_text`` the UTC datetimes become the exact text SQLAlchemy stores in SQLite
    (see :func:`sqlite_datetime`) instead of ``datetime`` objects: the import's hot loop.
    """
    known = _known(table_name)
    row = data if known.issuperset(data) else {k: v for k, v in data.items() if k in known}
    for name, decoder in decoders(table_name).items():
        value = row.get(name)
        if value is not None:
            row[name] = sqlite_datetime(value) if sqlite_text and name in utc_columns(table_name) \
                else decoder(value)
    return row


@cache
def utc_columns(table_name: str) -> frozenset[str]:
    return frozenset(c.name for c in travelling_columns(table_name) if isinstance(c.type, UTCDateTime))


def sqlite_datetime(iso: str) -> str:
    """ISO 8601 UTC text as SQLAlchemy's SQLite DATETIME stores it (naive UTC, microseconds).

    ``2026-11-25T08:00:00+00:00`` -> ``2026-11-25 08:00:00.000000``; anything not already
    UTC in that shape goes the long way through ``datetime``.
    """
    if len(iso) == 25 and iso.endswith("+00:00") and iso[10] == "T":
        return f"{iso[:10]} {iso[11:19]}.000000"
    if len(iso) == 32 and iso.endswith("+00:00") and iso[10] == "T" and iso[19] == ".":
        return f"{iso[:10]} {iso[11:26]}"
    value = datetime.fromisoformat(iso).astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")
