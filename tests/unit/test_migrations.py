"""Migrations: from an empty file to head, equal to the models, backups, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import domain.model  # noqa: F401
from common.resources import migrations_path
from domain.errors import Conflict, NotFound
from domain.orm import Base
from storage import migrate
from storage.database import DB_FILE_NAME, Database
from storage.engine import make_engine, sqlite_url


def test_empty_file_migrates_to_head(tmp_path: Path) -> None:
    db = Database.open(tmp_path, create=True)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert {"branches", "staff", "customers", "vehicles", "vehicle_ownerships"} <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.close()


#: indexes on an expression, which alembic cannot reflect on SQLite (checked by their SQL below)
EXPRESSION_INDEXES = {"ix_vehicles_kpi_warranty": "(coalesce(id, ''), warranty_end_date, warranty_end_km)"}


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    db = Database.open(tmp_path, create=True)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            for name, columns in EXPRESSION_INDEXES.items():
                sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar()
                assert sql is not None and sql.endswith(columns), (name, sql)
        declared = {i.name for t in Base.metadata.tables.values() for i in t.indexes if i.expressions
                    and any(not hasattr(e, "table") for e in i.expressions)}
        assert declared == set(EXPRESSION_INDEXES)
    finally:
        db.close()


def test_database_newer_than_the_app_is_refused(tmp_path: Path) -> None:
    Database.open(tmp_path, create=True).close()
    engine = make_engine(sqlite_url(tmp_path / DB_FILE_NAME))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(Conflict) as info:
        Database.open(tmp_path)
    assert info.value.code == "db.newer"
    assert "9999_future" in info.value.message()


def test_missing_database_is_not_created_without_asking(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as info:
        Database.open(tmp_path / "nowhere")
    assert info.value.code == "db.missing"
    assert not (tmp_path / "nowhere" / DB_FILE_NAME).exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / DB_FILE_NAME).write_text("hello", encoding="utf-8")
    with pytest.raises(Conflict) as info:
        Database.open(tmp_path)
    assert info.value.code == "db.not_dealerdesk"


def test_upgrade_takes_a_backup_first(tmp_path: Path) -> None:
    revisions = list(ScriptDirectory(str(migrations_path())).walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one revision: nothing to upgrade from yet")
    first = revisions[-1].revision
    engine = make_engine(sqlite_url(tmp_path / DB_FILE_NAME))
    command.upgrade(migrate.alembic_config(engine), first)
    engine.dispose()
    Database.open(tmp_path).close()
    backups = list((tmp_path / "backups").glob("before-migration-*.sqlite3"))
    assert len(backups) == 1
    check = make_engine(sqlite_url(backups[0]))
    assert migrate.current_revision(check) == first
    check.dispose()
