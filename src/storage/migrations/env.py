"""Alembic environment: the engine comes from the caller (storage.migrate), never an ini."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy import Connection, create_engine
from sqlalchemy.exc import SAWarning

import domain.model  # noqa: F401  (registers every table)
from domain.orm import Base
from storage.migrate import hold_migration_lock

# A batch migration on SQLite reflects the tables around the one it rebuilds; SQLAlchemy
# cannot reflect our expression indexes (domain/model/kpi_indexes.py) and says so on stderr of
# every `init`. No batch rebuilds a table that has one (0018 adds its columns with ALTER TABLE
# for that reason), and tests/unit/test_migrations.py compares the indexes after migrating.
warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index",
                        category=SAWarning)

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    # storage.migrate may hand in its connection, already holding the migration lock in an
    # open transaction that it commits itself.
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        # several desks may start a new version at once: one migrates, the others wait and
        # then find the database at head (Alembic reads the version after this lock)
        hold_migration_lock(connection)
        context.run_migrations()


run_migrations_online()
