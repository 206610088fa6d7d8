"""Many rows through one compiled statement and the driver's ``executemany``.

Why: SQLAlchemy's per-row parameter processing costs more than SQLite's own insert when a
sync import or the change capture writes tens of thousands of rows. Here the statement is
compiled once for the connection's dialect, each column's own bind processor (the same
conversion SQLAlchemy would apply, e.g. UTC datetimes) runs in one tight loop, and the
driver gets plain tuples (qmark/format dialects) or dicts (named ones). Portable: it works
for any dialect SQLAlchemy compiles for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table


def execute_many(conn: Connection, table: Table, statement: Any, keys: Sequence[str],
                 rows: Sequence[dict[str, Any]], *, ready: frozenset[str] = frozenset()) -> int:
    """Run ``statement`` (an insert/upsert on ``table``) for ``rows``; every row must have
    ``keys``. Columns the statement binds besides ``keys`` take their Python defaults;
    columns in ``ready`` already hold the driver's value (no bind processor runs).
    Returns the driver's row count."""
    if not rows:
        return 0
    dialect = conn.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    bound = {bind.key for bind in compiled.binds.values()}
    defaults = _defaults(table, keys, bound)
    processors = {k: None if k in ready else table.c[k].type._cached_bind_processor(dialect)
                  for k in (*keys, *defaults)}

    def value(row: dict[str, Any], key: str) -> Any:
        return row[key] if key in row else defaults[key]

    if compiled.positional:
        order = [(b.key, processors[b.key]) for b in
                 (compiled.binds[name] for name in compiled.positiontup or ())]
        if defaults:
            params: list[Any] = [tuple([_conv(p, value(row, k)) for k, p in order]) for row in rows]
        else:
            params = [tuple([row[k] if p is None or row[k] is None else p(row[k]) for k, p in order])
                      for row in rows]
    else:
        names = [(name, bind.key, processors[bind.key]) for name, bind in compiled.binds.items()
                 if bind.key in processors]
        params = [{name: _conv(p, value(row, key)) for name, key, p in names} for row in rows]
    result = conn.exec_driver_sql(str(compiled), params)
    return max(result.rowcount, 0)


def _conv(processor: Any, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)


def _defaults(table: Table, keys: Sequence[str], bound: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in keys or column.name not in bound or column.default is None:
            continue
        arg = getattr(column.default, "arg", None)
        values[column.name] = arg(None) if callable(arg) else arg
    return values
