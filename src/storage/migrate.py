"""Alembic configured in code: upgrade on start (after a backup), refuse newer databases."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from common.resources import migrations_path
from domain.errors import Conflict


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory(str(migrations_path()))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    script = ScriptDirectory(str(migrations_path()))
    return {rev.revision for rev in script.walk_revisions()}


def needs_upgrade(engine: Engine) -> bool:
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise Conflict("db.newer", db_version=current)
    return current != head_revision()


def upgrade(engine: Engine, db_file: Path | None = None, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head. An existing database is copied first; returns that copy."""
    if not needs_upgrade(engine):
        return None
    backup: Path | None = None
    if db_file is not None and backup_dir is not None and current_revision(engine) is not None:
        from storage.engine import sqlite_backup

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_dir / f"before-migration-{stamp}.sqlite3"
        sqlite_backup(db_file, backup)
    command.upgrade(alembic_config(engine), "head")
    return backup
