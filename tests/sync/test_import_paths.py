"""The import's column-wise fast paths give exactly what the row-wise rules give.

Why these tests: the import takes shortcuts for the usual bundle (new rows of one shape,
canonical UTC times, plain booleans, an empty receiving table) and falls back to the plain
rules for anything else; both must store the same bytes, and the rules (the row version
decides, a row's id is the change's id, only owned tables) must hold on either path.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite.base import DATETIME

from domain import clock
from domain.model import Branch, Customer
from domain.orm import new_id
from storage.bulk import execute_columns, execute_many
from storage.database import DB_FILE_NAME
from storage.syncrows import sqlite_datetime, sqlite_datetimes, table_by_name
from sync import bundle
from sync.apply import _collapse, _self_referencing, apply_changes
from tests.sync.helpers import Side, add_customer


def _customers(side: Side, count: int, *, first_visit: date | None = None) -> list[str]:
    now = clock.now()
    ids = [new_id() for _ in range(count)]
    with side.ctx.db.unit_of_work() as session:
        branch_id = session.scalar(select(Branch.id).where(Branch.is_local.is_(True)))
        session.execute(insert(Customer), [
            {"id": row_id, "branch_id": branch_id, "kind": "individual", "name": f"客户{i}",
             "name_initials": "KH", "mobile": f"137{i:08d}", "mobile_rev": f"137{i:08d}"[::-1],
             "other_phone": "", "address": "", "id_number": "", "source": "test",
             "preferred_contact_time": "", "consent_contact": i % 2 == 0, "notes": "",
             "first_visit_on": first_visit if i % 3 == 0 else None,
             "created_at": now, "updated_at": now, "row_version": 1}
            for i, row_id in enumerate(ids)])
    return ids


def _stored(side: Side, table: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(side.data_dir / DB_FILE_NAME)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_column_wise_import_stores_the_branch_bytes(hq: Side, bj: Side, tmp_path: Path) -> None:
    """Dates, NULL dates, booleans both ways and times: byte for byte what the branch stored,
    through the column-wise insert into an empty table, then the look-up path (more ids than
    one look-up chunk) for updates, where the row version decides."""
    _customers(bj, 950, first_visit=date(2026, 3, 1))
    add_customer(bj, "王五", "13300000001", "京A00001")  # a second shape: the ORM path
    first = bj.sync.export_bundle(tmp_path / "1.ddsync")
    [result] = hq.sync.import_bundles([first.path])
    assert result.status == "applied"
    for table in ("customers", "vehicles"):
        assert _stored(hq, table) == _stored(bj, table)
    consent = {row[0] for row in sqlite3.connect(hq.data_dir / DB_FILE_NAME).execute(
        "SELECT DISTINCT typeof(consent_contact) FROM customers")}
    assert consent == {"integer"}

    with bj.ctx.db.unit_of_work() as session:
        session.execute(update(Customer).where(Customer.source == "test").values(notes="已回访"))
    second = bj.sync.export_bundle(tmp_path / "2.ddsync")
    [result] = hq.sync.import_bundles([second.path])
    assert result.status == "applied" and result.applied >= 950  # (+ audit entries of exports)
    assert _stored(hq, "customers") == _stored(bj, "customers")
    # the first bundle again, under a new name: older versions change nothing
    again = bj.sync.export_bundle(tmp_path / "3.ddsync", since=0)
    before = _stored(hq, "customers")
    hq.sync.import_bundles([again.path])
    assert _stored(hq, "customers") == before


def test_new_rows_are_written_in_key_order_except_where_a_table_points_at_itself(
        hq: Side, bj: Side, tmp_path: Path) -> None:
    """Issue 17 (item 3): a large import writes each table's rows in key order, so the
    primary-key index fills page after page; a table whose rows point at the same table
    (a rework order at the order it redoes) keeps the bundle's order, parents first."""
    ids = _customers(bj, 300)
    assert ids != sorted(ids)  # random UUIDs: the bundle's order is not the key order
    out = bj.sync.export_bundle(tmp_path / "1.ddsync")
    [result] = hq.sync.import_bundles([out.path])
    assert result.status == "applied"
    conn = sqlite3.connect(hq.data_dir / DB_FILE_NAME)
    try:
        written = [row_id for (row_id,) in conn.execute("SELECT id FROM customers ORDER BY rowid")]
    finally:
        conn.close()
    assert [i for i in written if i in set(ids)] == sorted(ids)
    assert {t.name for t in table_by_name().values() if _self_referencing(t)} == {
        "work_orders", "complaint_slips", "follow_up_tasks"}


def test_whole_column_times_equal_value_by_value() -> None:
    processor = DATETIME().bind_processor(sqlite.dialect())
    assert processor is not None
    moments = [datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
               datetime(2026, 6, 1, 12, 0, 0, 1, tzinfo=UTC)]
    canonical = [m.isoformat() for m in moments]  # one without microseconds: not canonical
    assert sqlite_datetimes(canonical) == [processor(m.replace(tzinfo=None)) for m in moments]
    mixed = [canonical[1], None, "2026-01-01T08:00:00.000001+08:00", None, canonical[2]]
    assert sqlite_datetimes(mixed) == [None if v is None else sqlite_datetime(v) for v in mixed]
    only_canonical = [canonical[1], None, canonical[2]]
    assert sqlite_datetimes(only_canonical) == [sqlite_datetime(canonical[1]), None,
                                                sqlite_datetime(canonical[2])]
    assert sqlite_datetimes([None, None]) == [None, None]
    # non-ASCII digits are not a time: the value-by-value path refuses them
    with pytest.raises(ValueError):
        sqlite_datetimes(["２０２６-01-01T00:00:00.000000+00:00"])


def test_booleans_written_as_sqlalchemy_would(hq: Side) -> None:
    table = table_by_name()["staff"]
    column = table.c.active
    with hq.ctx.db.engine.connect() as conn:
        processor = column.type._cached_bind_processor(conn.dialect)
        assert processor is not None
        expected = [processor(v) for v in (True, False, 1, 0, None)]
        assert expected == [1, 0, 1, 0, None]
        # anything but True/False/1/0/None still meets the strict check of the processor
        statement = table.insert()
        with pytest.raises((TypeError, ValueError)):
            execute_columns(conn, table, statement, ["active"], [["yes"]])
        with pytest.raises((TypeError, ValueError)):
            execute_many(conn, table, statement, ["active"], [{"active": 2}])


def test_payload_lines_split_only_at_newlines() -> None:
    rows = ['{"seq":1,"t":"customers","id":"a","op":"upsert","v":1,"row":{"notes":"一\u2028二\u0085三"}}',
            '{"seq":2,"t":"customers","id":"b","op":"delete","v":2,"row":{}}']
    data = "\n".join(rows).encode() + b"\n"
    parsed = bundle.parse_lines(data)
    assert [(s, c["id"]) for s, _l, c in parsed] == [(1, "a"), (2, "b")]
    assert parsed[0][2]["row"]["notes"] == "一\u2028二\u0085三"
    assert [bundle.digest(line) for _s, line, _c in parsed] == [bundle.digest(r) for r in rows]
    assert bundle.digests([line for _s, line, _c in parsed]) == b"".join(bundle.digest(r) for r in rows)
    for broken in (b'{"seq":1}\n[1,2]\n', b'{"t":"x"}\n', b'{"seq":1,\n', b'\xff\xfe\n'):
        with pytest.raises(ValueError):
            bundle.parse_lines(broken)


def _change(seq: int, table: str, row_id: str, op: str = "upsert", row_id_in_row: str | None = None) -> dict[str, Any]:
    return {"seq": seq, "t": table, "id": row_id, "op": op, "v": seq,
            "row": {"id": row_id if row_id_in_row is None else row_id_in_row, "n": seq}}


def test_collapse_keeps_the_last_change_of_each_row_of_owned_tables() -> None:
    changes = [_change(1, "customers", "a"), _change(2, "vehicles", "v"), _change(3, "customers", "a", "delete"),
               _change(4, "md_labour_codes", "m"), _change(5, "customers", "b")]
    result = _collapse(changes, {"customers", "vehicles"})
    assert {name: {k: c["seq"] for k, c in rows.items()} for name, rows in result.items()} == {
        "customers": {"a": 3, "b": 5}, "vehicles": {"v": 2}}
    # one table only (the usual bundle): same rule
    single = _collapse([_change(1, "customers", "a"), _change(2, "customers", "a")], {"customers"})
    assert single["customers"]["a"]["seq"] == 2
    assert _collapse([_change(1, "md_labour_codes", "m")], {"customers"}) == {"customers": {}}
    # a row naming another id than its change is ignored, the earlier change stands
    odd = _collapse([_change(1, "customers", "a"), _change(2, "customers", "a", row_id_in_row="z"),
                     {"seq": 3, "t": "customers", "id": "c", "op": "delete", "v": 3}], {"customers"})
    assert {k: c["seq"] for k, c in odd["customers"].items()} == {"a": 1, "c": 3}


def test_mixed_payload_shapes_and_a_newer_senders_keys(hq: Side) -> None:
    """Rows of one table with different key sets (same count, or not) are grouped and
    written row-set by row-set; keys this schema does not know are dropped; defaults fill
    what a payload lacks. Fast path and fallback end in the same rows."""
    now = "2026-11-25T08:00:00.123456+00:00"
    with hq.ctx.db.engine.connect() as conn:
        branch_id = conn.execute(select(Branch.id).where(Branch.is_local.is_(True))).scalar_one()

    def row(i: int, **extra: Any) -> dict[str, Any]:
        base = {"branch_id": branch_id, "name": f"客户{i}", "created_at": now, "updated_at": now,
                "consent_contact": False, "notes": "备注", "id": f"id{i:03d}", "row_version": 1}
        base.update(extra)
        return dict(sorted(base.items()))

    same_count = row(2)
    del same_count["notes"]
    same_count["zz_future"] = "newer sender"
    changes = [{"seq": i, "t": "customers", "id": f"id{i:03d}", "op": "upsert", "v": 1, "row": r}
               for i, r in enumerate([row(0), row(1), same_count, row(3, zz_future=1)])]
    with hq.ctx.db.engine.connect() as conn, conn.begin() as tx:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        # same number of keys, other keys (the fast path gives way); then other counts
        assert apply_changes(conn, [changes[0], changes[2]], {"customers"}, sender="BJ01", at_hq=True) == 2
        assert apply_changes(conn, [changes[1], changes[3]], {"customers"}, sender="BJ01", at_hq=True) == 2
        stored = {r.id: r for r in conn.execute(select(Customer.id, Customer.notes, Customer.consent_contact,
                                                       Customer.created_at, Customer.kind))}
        text: dict[str, str] = dict(conn.exec_driver_sql("SELECT id, created_at FROM customers WHERE id LIKE 'id%'").all())
        tx.rollback()
    assert sorted(stored) == ["id000", "id001", "id002", "id003"]
    assert [stored[k].notes for k in sorted(stored)] == ["备注", "备注", "", "备注"]
    assert {stored[k].consent_contact for k in stored} == {False}
    assert {stored[k].kind for k in stored} == {"individual"}
    assert set(text.values()) == {"2026-11-25 08:00:00.123456"}
