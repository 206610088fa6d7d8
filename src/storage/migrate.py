"""Alembic configured in code: upgrade on start (after a backup), refuse newer databases."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DatabaseError

from common.private_files import private_dir
from common.resources import migrations_path
from domain.errors import Conflict

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (and the revision scripts it executes) is imported only when a database really
# needs migrating or inspecting: every start of the app otherwise pays ~0.2 s for nothing.
_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:"([^"]*)"|\'([^\']*)\'|None)',
                            re.MULTILINE)


@lru_cache(maxsize=1)
def _declared_head() -> str | None:
    """The head read from the scripts' ``revision``/``down_revision`` lines, or None when
    that is not clear-cut (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_path() / "versions").glob("*.py"):
        found = {m.group(1): m.group(2) or m.group(3) for m in
                 _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))}
        if "revision" not in found or found["revision"] is None:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DatabaseError:  # no table yet: a new database
        return None
    return rows[0] if len(rows) == 1 else None


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations_path()))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations_path()))
    return {rev.revision for rev in script.walk_revisions()}


#: Key of the transaction-level advisory lock a migration holds on PostgreSQL, so that six
#: desks starting a new version at once migrate once ("ddmigrat" in ASCII).
MIGRATION_LOCK_KEY = 0x6464_6D69_6772_6174


def _refuse_newer(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise Conflict("db.newer", db_version=current)


def needs_upgrade(engine: Engine) -> bool:
    stored = _stored_revision(engine)
    if stored is not None and stored == _declared_head():  # the usual start: up to date
        return False
    current = current_revision(engine)
    _refuse_newer(current)
    return current != head_revision()


def hold_migration_lock(conn: Connection) -> None:
    """PostgreSQL: wait for, and hold until this transaction ends, the right to migrate."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def upgrade(engine: Engine, db_file: Path | None = None, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head. An existing database is copied first; returns that copy."""
    if not needs_upgrade(engine):
        return None
    if engine.dialect.name == "postgresql":
        return _upgrade_server(engine, backup_dir)
    backup: Path | None = None
    if db_file is not None and backup_dir is not None and current_revision(engine) is not None:
        from storage.engine import sqlite_backup

        backup = private_dir(backup_dir) / f"before-migration-{_stamp()}.sqlite3"
        sqlite_backup(db_file, backup)
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return backup


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _upgrade_server(engine: Engine, backup_dir: Path | None) -> Path | None:
    """Under the migration lock: look again (another desk may have migrated while this one
    waited), dump the database, migrate, all in the transaction that holds the lock."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    backup: Path | None = None
    with engine.connect() as conn:
        hold_migration_lock(conn)
        current = MigrationContext.configure(conn).get_current_revision()
        _refuse_newer(current)
        if current == head_revision():
            conn.rollback()
            return None
        if backup_dir is not None and current is not None:
            from storage.pg_backup import ServerLogin, dump

            url = engine.url.render_as_string(hide_password=False)
            private_dir(backup_dir)  # the data folder's backups: owner-only (issue 23, item 7)
            backup = dump(ServerLogin.from_url(url), backup_dir / f"before-migration-{_stamp()}.dump")
        config = alembic_config(engine)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
    return backup
