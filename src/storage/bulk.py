"""Many rows through one compiled statement and the driver's ``executemany``.

Why: SQLAlchemy's per-row parameter processing costs more than SQLite's own insert when a
sync import or the change capture writes tens of thousands of rows. Here the statement is
compiled once for the connection's dialect, each column's own bind processor (the same
conversion SQLAlchemy would apply, e.g. UTC datetimes) runs over that column's values in
one tight loop — and not at all for a column whose type has none (strings, integers) — and
the driver gets plain tuples (qmark/format dialects) or dicts (named ones), built by
``zip`` rather than per value in Python. Portable: it works for any dialect SQLAlchemy
compiles for.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Table


def execute_many(conn: Connection, table: Table, statement: Any, keys: Sequence[str],
                 rows: Sequence[dict[str, Any]], *, ready: frozenset[str] = frozenset()) -> int:
    """Run ``statement`` (an insert/upsert on ``table``) for ``rows``; every row must have
    ``keys``. Columns the statement binds besides ``keys`` take their Python defaults;
    columns in ``ready`` already hold the driver's value (no bind processor runs).
    Returns the driver's row count."""
    if not rows:
        return 0
    if len(keys) == 1:
        columns: list[Sequence[Any]] = [[row[keys[0]] for row in rows]]
    else:
        columns = list(zip(*map(itemgetter(*keys), rows), strict=True))
    return execute_columns(conn, table, statement, keys, columns, ready=ready)


def execute_columns(conn: Connection, table: Table, statement: Any, keys: Sequence[str],
                    columns: Sequence[Sequence[Any]], *, ready: frozenset[str] = frozenset()) -> int:
    """Like :func:`execute_many` with the rows given column by column: ``columns[i]`` holds
    every row's value of ``keys[i]`` (all of the same length). The sync import builds its
    rows this way, so no dict is made per row."""
    if not columns or not columns[0]:
        return 0
    count = len(columns[0])
    dialect = conn.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    bound = {bind.key for bind in compiled.binds.values()}
    data: dict[str, Sequence[Any]] = dict(zip(keys, columns, strict=True))
    for key, value in _defaults(table, keys, bound).items():
        data[key] = [value] * count
    for key, values in data.items():
        if key in ready or _plain_booleans(table, key, dialect.name, values):
            continue
        processor = table.c[key].type._cached_bind_processor(dialect)
        if processor is not None:
            data[key] = [None if v is None else processor(v) for v in values]
    if compiled.positional:
        order = [compiled.binds[name].key for name in compiled.positiontup or ()]
        params: list[Any] = list(zip(*(data[key] for key in order), strict=True))
    else:
        names = [(name, bind.key) for name, bind in compiled.binds.items() if bind.key in data]
        labels = [name for name, _key in names]
        params = [dict(zip(labels, values, strict=True))
                  for values in zip(*(data[key] for _name, key in names), strict=True)]
    result = conn.exec_driver_sql(str(compiled), params)
    return max(result.rowcount, 0)


def _plain_booleans(table: Table, key: str, dialect_name: str, values: Sequence[Any]) -> bool:
    """A SQLite boolean column whose values are all ``True``/``False``/``None`` (or 1/0):
    ``sqlite3`` binds them exactly as SQLAlchemy's processor would (``int(value)``), so the
    per-value call is skipped. Anything else still meets the processor's strict check."""
    return (dialect_name == "sqlite" and isinstance(table.c[key].type, Boolean)
            and set(map(type, values)) <= _PLAIN_TYPES and set(values) <= _STRICT_BOOLS)


_STRICT_BOOLS = frozenset({None, True, False})
_PLAIN_TYPES = frozenset({bool, int, type(None)})


def _defaults(table: Table, keys: Sequence[str], bound: set[str]) -> dict[str, Any]:
    return column_defaults(table, [name for name in bound if name not in keys])


def column_defaults(table: Table, names: Sequence[str]) -> dict[str, Any]:
    """The Python default of each of ``names`` that has one (a callable default is called
    once: the value is shared by every row)."""
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in names or column.default is None:
            continue
        arg = getattr(column.default, "arg", None)
        values[column.name] = arg(None) if callable(arg) else arg
    return values
