"""Which tables travel, which columns stay home, who owns what, and the row <-> JSON form.

Why derived from the mappers: a table travels because its entity is ``Syncable``; a new
entity is carried the moment it exists, with no list to forget. What must not travel is
listed here explicitly (:data:`EXCLUDED_COLUMNS`), and so is the master data
(:data:`MASTER_DATA`), whose rows are owned one by one: its ``branch_id`` is None on a row
HQ issued (HQ sends it) and the id of the branch that made it otherwise (that branch sends
it, :mod:`domain.masterdata_rules`). Every other syncable table belongs to the branch that
made its rows; how each table's owner is found (its ``branch_id``, or its parent's) is
declared once, in :data:`sync.owners.OWNERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import Column, ColumnElement, Date, Table

import domain.model  # noqa: F401  (registers every table)
from domain.orm import Base, Syncable, UTCDateTime

#: Columns that never leave the database that holds them (secrets and per-PC state).
EXCLUDED_COLUMNS: dict[str, frozenset[str]] = {
    "staff": frozenset({"password_hash", "failed_logins", "locked_until", "last_login_at",
                        "must_change_password"}),
    "branches": frozenset({"is_local", "mode"}),
}

#: Master data: owned row by row (``branch_id``: None = HQ's, else the branch's own).
MASTER_DATA: frozenset[str] = frozenset({"md_labour_codes", "md_part_prices", "md_sundry_items",
                                         "md_packages", "md_package_lines", "md_campaigns"})
#: The tables HQ sends (only its own rows of them): the master data.
HQ_OWNED: frozenset[str] = MASTER_DATA
#: The branch registry is HQ's alone: a branch never sends it (issue 23 item 1); HQ writes a
#: branch's row from its enrolment (``sync.branch_registry``).
REGISTRY: frozenset[str] = frozenset({"branches"})


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
    """Whether HQ sends rows of this table (its own rows of the master data)."""
    return table_name in HQ_OWNED


def is_master_data(table_name: str) -> bool:
    """Whether the table's rows are owned one by one (``branch_id``; None = HQ's)."""
    return table_name in MASTER_DATA


def owned_tables(mode: str) -> tuple[Table, ...]:
    """The syncable tables holding rows this side owns and sends ('hq' or 'branch'): HQ its
    master data; a branch every table but the registry (its records and its own master-data
    rows). Which rows of a master-data table are whose: :func:`owned_rows`."""
    if mode == "hq":
        return tuple(t for t in syncable_tables() if is_hq_owned(t.name))
    return tuple(t for t in syncable_tables() if t.name not in REGISTRY)


def owns_row(mode: str, local_branch_id: str | None, row_branch_id: str | None) -> bool:
    """Whether this side owns a master-data row: HQ the rows without a branch, a branch its own."""
    if mode == "hq":
        return row_branch_id is None
    return row_branch_id is not None and row_branch_id == local_branch_id


def owned_rows(table: Table, mode: str) -> ColumnElement[bool] | None:
    """The rows of ``table`` this side owns (None: all of them). A database holds master data
    of one branch at most besides HQ's, so "not HQ's" is "the branch's own" there."""
    if not is_master_data(table.name):
        return None
    column = table.c.branch_id
    return column.is_(None) if mode == "hq" else column.is_not(None)


def owned_rows_sql(table_name: str, mode: str) -> str:
    """:func:`owned_rows` as SQL text (``""``: every row), for checks written in SQL."""
    if not is_master_data(table_name):
        return ""
    return "branch_id IS NULL" if mode == "hq" else "branch_id IS NOT NULL"


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


def row_payload(table_name: str, row: Mapping[Any, Any], *, complete: bool = False) -> str:
    """The canonical JSON text of a row (sorted keys, no spaces, ISO times): equal rows, equal
    text. orjson writes datetimes and dates as ISO 8601 itself, several times faster.
    ``complete``: ``row`` is a dict holding exactly the table's columns (a bulk writer's row),
    dumped as it is when none of them stays home."""
    values = row if isinstance(row, dict) else dict(row)
    if complete and table_name not in EXCLUDED_COLUMNS:
        return orjson.dumps(values, default=_encode, option=orjson.OPT_SORT_KEYS).decode("utf-8")
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


def known_keys(table_name: str, keys: Iterable[str]) -> list[str]:
    """The payload keys this schema knows, in their order (a newer sender's extra keys go)."""
    known = _known(table_name)
    return [k for k in keys if k in known]


@cache
def _plan(table_name: str, sqlite_text: bool) -> tuple[tuple[str, Decoder], ...]:
    """Per converting column, the one function that turns its payload value into what the
    import writes; columns whose payload value is already that (strings, integers,
    booleans) are absent, so they cost nothing."""
    utc = utc_columns(table_name)
    return tuple((name, sqlite_datetime if sqlite_text and name in utc else decoder)
                 for name, decoder in decoders(table_name).items())


def decode_row(table_name: str, data: dict[str, Any], *, sqlite_text: bool = False) -> dict[str, Any]:
    """Payload values back to Python values; unknown keys (a newer sender) are dropped.

    With ``sqlite_text`` the UTC datetimes become the exact text SQLAlchemy stores in SQLite
    (see :func:`sqlite_datetime`) instead of ``datetime`` objects: the import's hot loop.
    """
    known = _known(table_name)
    row = data if known.issuperset(data) else {k: v for k, v in data.items() if k in known}
    for name, decoder in _plan(table_name, sqlite_text):
        value = row.get(name)
        if value is not None:
            row[name] = decoder(value)
    return row


def decode_column(table_name: str, name: str, values: Sequence[Any], *,
                  sqlite_text: bool = False) -> Sequence[Any]:
    """:func:`decode_row` for one column of many rows (the columnar import): a column that
    needs no conversion is returned as it is, without touching its values."""
    for column, decoder in _plan(table_name, sqlite_text):
        if column == name:
            if decoder is sqlite_datetime:
                return sqlite_datetimes(values)
            return [None if v is None else decoder(v) for v in values]
    return values


_UTC = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00"
_ONE_UTC = re.compile(_UTC, re.ASCII)
_CANONICAL_UTC = re.compile(f"(?:{_UTC}\n)*", re.ASCII)


def sqlite_datetimes(values: Sequence[Any]) -> list[Any]:
    """:func:`sqlite_datetime` of a whole column (``None`` stays ``None``).

    Why whole: the column's values are almost always in the shape our own export writes
    (``2026-11-25T08:00:00.123456+00:00``). One regular-expression match over the joined
    column proves that for every value at once, and two ``str.replace`` calls then turn them
    all into SQLite's text; any other shape goes value by value.
    """
    present = [v for v in values if v is not None]
    if present and set(map(type, present)) == {str}:
        joined = "\n".join(present) + "\n"
        if _CANONICAL_UTC.fullmatch(joined):
            converted = joined.replace("T", " ").replace("+00:00", "").split("\n")[:-1]
            if len(present) == len(values):
                return converted
            stored = iter(converted)
            return [None if v is None else next(stored) for v in values]
    return [None if v is None else sqlite_datetime(v) for v in values]


@cache
def utc_columns(table_name: str) -> frozenset[str]:
    return frozenset(c.name for c in travelling_columns(table_name) if isinstance(c.type, UTCDateTime))


def sqlite_datetime(iso: str) -> str:
    """ISO 8601 UTC text as SQLAlchemy's SQLite DATETIME stores it (naive UTC, microseconds).

    ``2026-11-25T08:00:00.123456+00:00`` -> ``2026-11-25 08:00:00.123456``; anything not in
    exactly that shape (our export's) goes the long way through ``datetime``, which also
    refuses what is not a time at all.
    """
    if _ONE_UTC.fullmatch(iso):
        return iso[:26].replace("T", " ", 1)
    value = datetime.fromisoformat(iso).astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")
