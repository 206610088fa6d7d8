"""Alembic configured in code: upgrade on start (after a backup), refuse newer databases."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

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


def needs_upgrade(engine: Engine) -> bool:
    stored = _stored_revision(engine)
    if stored is not None and stored == _declared_head():  # the usual start: up to date
        return False
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
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return backup
