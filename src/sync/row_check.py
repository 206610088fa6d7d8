"""Every value of every incoming row checked against its column (数据包行检查, issue 23 item 4).

Why: a bundle's rows are JSON decoded from a file somebody else wrote. A bad date or a wrong
type in one row used to surface as a driver error deep in the insert: a traceback that
abandoned the whole batch (so a watched folder retried the file for ever) and printed the
row's SQL parameters — a customer's name, mobile and ID number. Here each change is checked
before anything reads it (the ownership check and the apply both do), and the first fault
becomes :class:`MalformedRow`: one Chinese line naming the table, the column and the kind of
fault, never the value.

What is checked, per column type (from the SQLAlchemy table, so a new column is covered the
day it exists): text (a string, at most ``String(n)`` characters, no NUL, encodable as
UTF-8, a declared choice where the domain has one, parseable JSON where the column holds
JSON text), integers (``bool`` is not an integer; the column type's range), booleans,
dates and UTC times (ISO 8601, times with a zone), ``NULL`` only where the column allows it,
no column this schema does not know (for a bundle of this schema), every required column
(non-null, no default) present, and the change itself (a known table name as text, a UUID
id, ``upsert``/``delete``, a row version in range, the row an object).

Why column by column: this runs on every row of a 200,000-vehicle snapshot. Rows are
grouped per table and each column's values are checked together — one ``set(map(type, …))``
proves the types, one ``max(map(len, …))`` the lengths and one join the absence of NUL —
with the per-table plan computed once (:func:`_plan`). Only dates and times take one C call
per value (``fromisoformat``).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from itertools import compress, repeat
from operator import attrgetter, eq, itemgetter
from typing import Any

import orjson
from sqlalchemy import BigInteger, Boolean, Column, Date, Integer, SmallInteger, String
from sqlalchemy.exc import InterfaceError, InternalError, OperationalError

from domain.complaint_rules import Category, Channel, CSState, Severity, Source
from domain.orm import UTCDateTime
from domain.roles import Role
from domain.workorder_rules import WOState
from storage.syncrows import table_by_name, travelling_columns

log = logging.getLogger(__name__)

#: What each kind of fault reads like, after "数据包中 {table} 表的 {column} 列".
KINDS: dict[str, str] = {
    "table": "不是有效的表名",
    "object": "不是一条记录",
    "id": "编号格式无效",
    "op": "不是有效的变更类型",
    "text": "不是文本",
    "length": "超过允许的长度",
    "nul": "含有空字符",
    "encoding": "含有无效的字符编码",
    "json": "不是有效的 JSON 文本",
    "choice": "不是允许的取值",
    "integer": "不是整数",
    "range": "超出允许的数值范围",
    "boolean": "不是是/否值",
    "date": "不是有效的日期",
    "datetime": "不是有效的时间（须为带时区的 ISO 8601 时间）",
    "null": "不能为空",
    "missing": "缺少必填值",
    "unknown": "不是本程序认识的列",
}

#: Columns that hold JSON text (a list or an object), parsed before they are accepted.
JSON_TEXT: frozenset[tuple[str, str]] = frozenset({("audit_entries", "changes"),
                                                  ("work_orders", "inspection_json")})

#: Columns whose values are one of a domain enumeration (the rule lives there).
CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("staff", "role"): Role,
    ("work_orders", "state"): WOState,
    ("complaint_slips", "state"): CSState,
    ("complaint_slips", "channel"): Channel,
    ("complaint_slips", "category"): Category,
    ("complaint_slips", "severity"): Severity,
    ("complaint_slips", "source"): Source,
}

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")
_OPS = frozenset({"upsert", "delete"})
_INT32 = (-(2 ** 31), 2 ** 31 - 1)
_RANGES: tuple[tuple[type[Integer], tuple[int, int]], ...] = (
    (BigInteger, (-(2 ** 63), 2 ** 63 - 1)),
    (SmallInteger, (-(2 ** 15), 2 ** 15 - 1)),
    (Integer, _INT32),
)
_NONE = type(None)
_TEXT_TYPES = frozenset({str, _NONE})
_INT_TYPES = frozenset({int, _NONE})
_BOOL_TYPES = frozenset({bool, _NONE})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][A-Za-z0-9_]*)', re.IGNORECASE)
_DASHES = itemgetter(8, 13, 18, 23)
_TABLE, _ID, _OP, _VERSION, _ROW = (itemgetter(k) for k in ("t", "id", "op", "v", "row"))
_ZONE = attrgetter("tzinfo")


class MalformedRow(Exception):  # noqa: N818 - the name the brief and callers use
    """A row that does not fit its table; ``reason`` is one Chinese line naming the table,
    the column and the kind of fault (:data:`KINDS`), never the value."""

    def __init__(self, table: str, column: str, kind: str) -> None:
        self.table = table
        self.column = column
        self.kind = kind
        self.reason = f"数据包中 {table} 表的 {column} 列{KINDS[kind]}，已拒绝整个数据包"
        super().__init__(self.reason)


def shown(name: object) -> str:
    """A table or column name as a message may show it: names come from the file, so only
    an identifier is echoed (never text that could be someone's name or number)."""
    return name if isinstance(name, str) and _NAME.match(name) else "（无效名称）"


Check = Callable[[Sequence[Any]], str | None]  # a column's values -> the kind of fault, or None


@dataclass(frozen=True)
class _Plan:
    """One table's checks, made once: per known column its check; the required columns."""

    checks: dict[str, Check]
    required: tuple[str, ...]


def check_changes(changes: Sequence[dict[str, Any]], *, strict: bool = True) -> None:
    """Raise :class:`MalformedRow` for the first change or value that does not fit.

    ``strict``: the bundle was written at this schema revision, so a column this schema does
    not know is a fault (an older bundle's keys pass through its upgraders first; what this
    schema no longer knows is dropped by the apply, as before). Changes of a table that is
    not synced are left to the ownership check, which refuses them with its own line.
    """
    by_table = _usual(changes)
    if by_table is None:  # something is off somewhere: find it change by change
        by_table = _one_by_one(changes)
    for name, rows in by_table.items():
        check_rows(name, rows, strict=strict)


def _usual(changes: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]] | None:
    """The upserted rows per synced table when every change's envelope is sound, proved
    column-wise in C (None: some change is not, or is unusual — a delete, a local table)."""
    tables = table_by_name()
    try:
        names = list(map(_TABLE, changes))
        ids = list(map(_ID, changes))
        ops = list(map(_OP, changes))
        versions = list(map(_VERSION, changes))
        rows = list(map(_ROW, changes))
    except (KeyError, TypeError):
        return None
    # types first: a list or an object where a name is wanted cannot even go into a set
    if (not changes or set(map(type, names)) != {str} or set(map(type, ops)) != {str}
            or set(map(type, ids)) != {str} or set(map(type, versions)) != {int}
            or set(map(type, rows)) != {dict}):
        return None
    present = set(names)
    if (not present <= tables.keys() or set(ops) != {"upsert"} or not _uuids(ids)
            or min(versions) < 0 or max(versions) > _INT32[1]):
        return None
    if len(present) == 1:
        return {names[0]: rows}
    by_table: dict[str, list[dict[str, Any]]] = {}
    for name in present:
        by_table[name] = list(compress(rows, map(eq, repeat(name), names)))
    return by_table


def _uuids(ids: list[str]) -> bool:
    """Whether every id is a UUID's text (36 characters: hex digits and four dashes in
    their places), proved for all at once: dashes where they belong, hex everywhere else."""
    if set(map(len, ids)) != {36} or set(map(_DASHES, ids)) != {("-", "-", "-", "-")}:
        return False
    try:  # (fromhex skips whitespace: the byte count proves there was none)
        return len(bytes.fromhex("".join(ids).replace("-", ""))) == 16 * len(ids)
    except ValueError:
        return False


def _one_by_one(changes: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """:func:`_usual` change by change: raises for the first unsound envelope."""
    tables = table_by_name()
    rows: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        name = change.get("t")
        if not isinstance(name, str):
            raise MalformedRow("（未知表）", "t", "table")
        if name not in tables:
            continue
        row_id = change.get("id")
        if not isinstance(row_id, str) or not _UUID.match(row_id):
            raise MalformedRow(name, "id", "id")
        op = change.get("op")
        if not isinstance(op, str) or op not in _OPS:
            raise MalformedRow(name, "op", "op")
        version = change.get("v")
        if type(version) is not int:
            raise MalformedRow(name, "v", "integer")
        if not 0 <= version <= _INT32[1]:
            raise MalformedRow(name, "v", "range")
        row = change.get("row")
        if type(row) is not dict:
            if op == "upsert" or row is not None:
                raise MalformedRow(name, "row", "object")
            continue
        if op == "upsert":
            rows.setdefault(name, []).append(row)
    return rows


def check_rows(table_name: str, rows: Sequence[dict[str, Any]], *, strict: bool = True) -> None:
    """:func:`check_changes` for the rows of one synced table (new or updated, whole rows)."""
    plan = _plan(table_name)
    keys: set[str] = set().union(*rows)
    unknown = keys - plan.checks.keys()
    if unknown and strict:
        raise MalformedRow(table_name, shown(min(unknown, key=str)), "unknown")
    for column in plan.required:
        if column not in keys:
            raise MalformedRow(table_name, column, "missing")
    names = sorted(keys & plan.checks.keys())
    if not names:
        return
    columns: Iterable[Sequence[Any]]
    if set(map(len, rows)) == {len(keys)}:  # every row holds every key (the usual bundle)
        columns = (list(map(itemgetter(column), rows)) for column in names)
    else:
        for column in plan.required:
            if not all(column in row for row in rows):
                raise MalformedRow(table_name, column, "missing")
        columns = ([row[column] for row in rows if column in row] for column in names)
    for column, values in zip(names, columns, strict=True):
        kind = plan.checks[column](values)
        if kind is not None:
            raise MalformedRow(table_name, column, kind)


@cache
def _plan(table_name: str) -> _Plan:
    checks: dict[str, Check] = {}
    required: list[str] = []
    for column in travelling_columns(table_name):
        checks[column.name] = column_check(table_name, column)
        if (not column.nullable and column.default is None and column.server_default is None
                and not column.primary_key and column.name != "row_version"):
            required.append(column.name)
    return _Plan(checks, tuple(required))


def column_check(table_name: str, column: Column[Any]) -> Check:
    """The check of one column's values, by its type (and the declarations above)."""
    kind = column.type
    nullable = bool(column.nullable)
    if isinstance(kind, UTCDateTime):
        return _times(nullable)
    if isinstance(kind, Date):
        return _dates(nullable)
    if isinstance(kind, Boolean):
        return _booleans(nullable)
    if isinstance(kind, Integer):
        low, high = next(r for t, r in _RANGES if isinstance(kind, t))
        return _integers(nullable, low, high)
    if isinstance(kind, String):  # Text too (no length)
        choices = CHOICES.get((table_name, column.name))
        return _texts(nullable, kind.length, (table_name, column.name) in JSON_TEXT,
                      frozenset(c.value for c in choices) if choices is not None else None)
    raise TypeError(f"{table_name}.{column.name}: no check for {kind!r}")  # a test keeps this unreachable


def _present(values: Sequence[Any], types: set[type], nullable: bool) -> tuple[Sequence[Any], str | None]:
    """The non-null values, or the fault of a null where the column takes none."""
    if _NONE not in types:
        return values, None
    if not nullable:
        return values, "null"
    return [v for v in values if v is not None], None


def _texts(nullable: bool, length: int | None, json_text: bool, choices: frozenset[str] | None) -> Check:
    def check(values: Sequence[Any]) -> str | None:
        types = set(map(type, values))
        if not types <= _TEXT_TYPES:
            return "text"
        strings, fault = _present(values, types, nullable)
        if fault is not None or not strings:
            return fault
        if length is not None and max(map(len, strings)) > length:
            return "length"
        joined = "".join(strings)
        if "\x00" in joined:
            return "nul"
        try:
            joined.encode("utf-8")
        except UnicodeEncodeError:
            return "encoding"
        if choices is not None and not choices.issuperset(strings):
            return "choice"
        if json_text:
            try:
                parsed = list(map(orjson.loads, strings))
            except orjson.JSONDecodeError:
                return "json"
            if not {type(p) for p in parsed} <= {dict, list}:
                return "json"
        return None

    return check


def _integers(nullable: bool, low: int, high: int) -> Check:
    def check(values: Sequence[Any]) -> str | None:
        types = set(map(type, values))  # type(True) is bool: a boolean is not an integer
        if not types <= _INT_TYPES:
            return "integer"
        numbers, fault = _present(values, types, nullable)
        if fault is not None or not numbers:
            return fault
        if min(numbers) < low or max(numbers) > high:
            return "range"
        return None

    return check


def _booleans(nullable: bool) -> Check:
    def check(values: Sequence[Any]) -> str | None:
        types = set(map(type, values))
        if not types <= _BOOL_TYPES:
            return "boolean"
        return _present(values, types, nullable)[1]

    return check


def _dates(nullable: bool) -> Check:
    def check(values: Sequence[Any]) -> str | None:
        types = set(map(type, values))
        if not types <= _TEXT_TYPES:
            return "date"
        strings, fault = _present(values, types, nullable)
        if fault is not None:
            return fault
        try:
            list(map(date.fromisoformat, strings))
        except ValueError:
            return "date"
        return None

    return check


def _times(nullable: bool) -> Check:
    def check(values: Sequence[Any]) -> str | None:
        types = set(map(type, values))
        if not types <= _TEXT_TYPES:
            return "datetime"
        strings, fault = _present(values, types, nullable)
        if fault is not None or not strings:
            return fault
        try:
            parsed = list(map(datetime.fromisoformat, strings))
        except ValueError:
            return "datetime"
        if None in set(map(_ZONE, parsed)):
            return "datetime"  # a time without its zone: whose local time?
        if min(parsed).year > 1 and max(parsed).year < 9999:
            return None  # (the usual case, proved for all at once) UTC exists for each
        for value in parsed:
            try:
                value.astimezone(UTC)
            except (OverflowError, ValueError):
                return "datetime"
        return None

    return check


def write_refusal(exc: BaseException, file_name: str) -> str:
    """The last net under :func:`check_changes`: a driver or conversion error raised while a
    bundle's rows were written, as one Chinese line naming the table (and column) when the
    error tells them. Re-raises what is not the file's fault (the database unreachable,
    locked or broken), so such a file is not filed away as refused.

    Why built here: the error's own text carries the statement's parameters (a customer's
    name, mobile, ID number); neither the line nor the log record below contains it — the
    log keeps the error's type, the table and column, and where in the code it arose.
    """
    if isinstance(exc, OperationalError | InterfaceError | InternalError):
        raise exc
    table, column = _where(exc)
    log.warning("import of %s refused: %s while writing %s.%s\n%s", file_name, type(exc).__name__,
                table or "?", column or "?", "".join(traceback.format_tb(exc.__traceback__)))
    if table and column:
        return f"数据包中 {table} 表的 {column} 列的值无法写入数据库（类型或格式不符），已拒绝整个数据包"
    if table:
        return f"数据包中 {table} 表有无法写入数据库的值（类型或格式不符），已拒绝整个数据包"
    return "数据包中有无法写入数据库的值（类型或格式不符），已拒绝整个数据包"


def _where(exc: BaseException) -> tuple[str | None, str | None]:
    """The table and column a write error names (PostgreSQL's diagnostics, else the
    statement's table), each only if it is a synced table's / that table's column."""
    tables = table_by_name()
    diag = getattr(getattr(exc, "orig", None), "diag", None)
    table = getattr(diag, "table_name", None)
    column = getattr(diag, "column_name", None)
    if table is None:
        match = _WRITE.match(str(getattr(exc, "statement", "") or ""))
        table = match.group(1) if match else None
    if not isinstance(table, str) or table not in tables:
        return None, None
    if not isinstance(column, str) or column not in tables[table].c:
        return table, None
    return table, column
