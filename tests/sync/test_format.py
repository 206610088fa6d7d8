"""The import's fast paths write exactly what SQLAlchemy itself would have written."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite.base import DATETIME

from storage.database import DB_FILE_NAME
from storage.syncrows import sqlite_datetime
from tests.sync.helpers import Side, add_customer


def test_sqlite_datetime_text_matches_sqlalchemy() -> None:
    processor = DATETIME().bind_processor(sqlite.dialect())
    assert processor is not None
    for moment in (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=UTC),
                   datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)):
        assert sqlite_datetime(moment.isoformat()) == processor(moment.replace(tzinfo=None))
    east = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    assert sqlite_datetime(east.isoformat()) == "2026-01-01 00:00:00.000000"


def test_stored_text_is_identical_at_hq(hq: Side, bj: Side, tmp_path: Path) -> None:
    add_customer(bj, "原样", "13300000009", "京K00009")
    hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "b.ddsync").path])
    query = "SELECT * FROM customers ORDER BY id"
    rows = []
    for side in (bj, hq):
        conn = sqlite3.connect(side.data_dir / DB_FILE_NAME)
        rows.append(conn.execute(query).fetchall())
        conn.close()
    assert rows[0] == rows[1] and rows[0]
