"""New rows written many at a time, with their outbox entries and one audit summary.

Why not ``session.execute(insert(Model), rows)``: that captured path (:mod:`storage.outbox`)
costs about 190 µs a row — SQLAlchemy's per-row ORM processing, then at commit every row
read back and turned into its outbox entry — which made ``dealerdesk demo --customers
166667`` (about six million rows) take over half an hour. Here the rows go to the driver's
``executemany`` (:func:`storage.bulk.execute_many`) and each entry's payload is made from
the very dict that was inserted, after every column the insert leaves out has been given
the value the database stores for it (its default, else NULL): the same canonical JSON a
read-back would give (``tests/unit/test_demo_scale.py`` compares the two). Rows are written
in primary-key order. Only for brand-new rows: an update or delete still goes through the
unit of work.

The audit trail gets one summary entry per call, as for a bulk statement
(:func:`storage.audit_hook.record_bulk`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Date
from sqlalchemy.orm import Session

from domain import clock
from storage import audit_chain, audit_hook
from storage.bulk import column_defaults, execute_columns
from storage.outbox import append, keeps_history
from storage.syncrows import row_payload, table_by_name, utc_columns


def write_new_rows(session: Session, table_name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (new rows of the syncable table ``table_name``; each dict is completed
    in place with the columns it lacks) and record them in the outbox and the audit trail,
    in ``session``'s transaction."""
    if not rows:
        return
    table = table_by_name()[table_name]
    keys = [column.name for column in table.columns]
    missing = column_defaults(table, keys)
    for row in rows:
        if len(row) != len(keys):
            for key in keys:
                if key not in row:
                    row[key] = missing.get(key)
    ordered = sorted(rows, key=itemgetter("id"))
    conn = session.connection()
    columns: list[Sequence[Any]] = list(zip(*map(itemgetter(*keys), ordered), strict=True))
    ready: frozenset[str] = frozenset()
    if conn.dialect.name == "sqlite":
        ready = _sqlite_text_columns(table_name)
        for index, key in enumerate(keys):
            if key in ready:
                columns[index] = _sqlite_text(columns[index])
    execute_columns(conn, table, table.insert(), keys, columns, ready=ready)
    audit_chain.vouch_new_rows(conn, table_name, ordered)  # their digests (tamper evidence)
    now = clock.now()
    # a branch never enrolled keeps only the newest entry: build no payload it would drop
    sent = ordered if keeps_history(conn) else ordered[-1:]
    append(conn, [{"table_name": table_name, "row_id": row["id"], "op": "upsert",
                   "row_version": int(row["row_version"]),
                   "payload": row_payload(table_name, row, complete=True), "at": now}
                  for row in sent])
    audit_hook.record_bulk(session, "bulk_insert", table_name, len(rows))


@cache
def _sqlite_text_columns(table_name: str) -> frozenset[str]:
    table = table_by_name()[table_name]
    return utc_columns(table_name) | {c.name for c in table.columns if isinstance(c.type, Date)}


def _sqlite_text(values: Sequence[Any]) -> list[Any]:
    """Aware datetimes and dates as the text SQLAlchemy's SQLite DATETIME / DATE store (naive
    UTC with six digits of microseconds; ``YYYY-MM-DD``), several times faster than the types'
    own bind processing; each distinct value once (a chunk's rows share their stamps)."""
    memo: dict[Any, str | None] = {None: None}
    out: list[Any] = []
    for value in values:
        text = memo.get(value, _MISSING)
        if text is _MISSING:
            if isinstance(value, datetime):
                utc = value if value.tzinfo is UTC else value.astimezone(UTC)
                text = utc.isoformat(" ", "microseconds")[:26]
            else:
                text = value.isoformat()
            memo[value] = text
        out.append(text)
    return out


_MISSING: Any = object()


__all__ = ["write_new_rows"]
