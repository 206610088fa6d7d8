"""What only the server's backups have: one-transaction restore, other desks' sessions ended,
one migration for many desks, the password kept off command lines, reading a dump without
a server, and the desks that leave the automatic backups to the main PC.

The backups both kinds of database share (round trip, rotation, second folder, refusals)
run on both in test_backup.py.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.backups import AppBackups
from app.context import AppContext
from domain.errors import Conflict
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from storage import migrate, pg_backup
from storage.backup import BackupManager
from storage.integrity import integrity_problems
from storage.location import remember_server
from storage.pg_backup import ServerDatabase, ServerLogin, copy_rows, dump, load, read_dump
from tests.conftest import ADMIN_PASSWORD
from tests.pg import drop_database, new_database
from tests.unit.test_backup import _db_checksum, _db_names


@pytest.fixture
def server_ctx(pg_server: str, server_template: str, tmp_path: Path) -> Iterator[AppContext]:
    """The initialised branch BJ01 on the session's server (as ``ctx`` with "postgresql")."""
    url = new_database(pg_server, template=server_template)
    context = AppContext.open(tmp_path / "data", db_url=url)
    yield context
    context.close()
    drop_database(url)


def _manager(ctx: AppContext, **kwargs: Any) -> BackupManager:
    return BackupManager(ServerDatabase(ctx.location.url), ctx.data_dir / "backups", **kwargs)


def _customer(ctx: AppContext, name: str, plate: str) -> None:
    ctx.services.customers.create(Actor.system(), CustomerInput(name=name, mobile="13812345678"),
                                  VehicleInput(plate=plate))


# --- reading a dump without a server ----------------------------------------------------------
def test_copy_rows_reads_the_text_format() -> None:
    script = ("SET x = 1;\n"
              "COPY public.branches (id, code, name, is_local) FROM stdin;\n"
              "b1\tBJ01\t北京\\t朝阳店\\\\一\tt\n"
              "b2\tSH01\t\\N\tf\n"
              "\\.\n"
              "COPY public.alembic_version (version_num) FROM stdin;\n0013\n\\.\n")
    rows = copy_rows(script)
    assert rows["branches"] == [
        {"id": "b1", "code": "BJ01", "name": "北京\t朝阳店\\一", "is_local": "t"},
        {"id": "b2", "code": "SH01", "name": None, "is_local": "f"}]
    assert rows["alembic_version"] == [{"version_num": "0013"}]


def test_a_dump_tells_its_schema_and_branch(server_ctx: AppContext, tmp_path: Path) -> None:
    backup = dump(ServerLogin.from_url(server_ctx.location.url), tmp_path / "b.dump")
    revision, branch = read_dump(backup)
    assert revision == migrate.head_revision()
    assert branch is not None and (branch.code, branch.name) == ("BJ01", "北京朝阳店")
    assert not list(tmp_path.glob(".*.tmp"))


# --- restore: all or nothing ------------------------------------------------------------------
@pytest.mark.skipif(os.name == "nt", reason="the stand-in pg_restore is a shell script")
def test_restore_that_breaks_off_midway_changes_nothing(
        server_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _customer(server_ctx, "张三", "京A12345")
    manager = _manager(server_ctx)
    backup = manager.backup_now()
    _customer(server_ctx, "王五", "京C12345")
    monkeypatch.setattr(ServerDatabase, "record", lambda self, kind, detail: None)
    before = _db_checksum(server_ctx)
    # pg_restore that dies half-way through the script (disk error, killed, …), after the
    # tables were made and before their rows: every statement sent to psql is complete
    real_tool = pg_backup.tool
    real = real_tool("pg_restore")
    stand_in = tmp_path / "pg_restore"
    stand_in.write_text(f'#!/bin/sh\ncase "$*" in *" -L "*) "{real}" "$@" | sed -n "/^COPY /q;p"; exit 1;; '
                        f'esac\nexec "{real}" "$@"\n')
    stand_in.chmod(0o755)
    monkeypatch.setattr(pg_backup, "tool", lambda name: stand_in if name == "pg_restore"
                        else real_tool(name))

    with pytest.raises(Conflict) as info:
        manager.restore(backup)

    assert info.value.code == "backup.restore_failed" and "保持原样" in info.value.message()
    assert _db_checksum(server_ctx) == before
    assert _db_names(server_ctx) == {"张三", "王五"}
    # the safety backup came first
    assert [p for p in (server_ctx.data_dir / "backups").iterdir()
            if p.name.endswith("-before-restore.dump")]


def test_a_refused_load_leaves_the_database_as_it_was(
        server_ctx: AppContext, pg_server: str, tmp_path: Path) -> None:
    """psql stops at the first error (here: a role that does not own the schema)."""
    backup = _manager(server_ctx).backup_now()
    before = _db_checksum(server_ctx)
    role = f"dd_clerk_{os.getpid()}"
    admin = create_engine(server_ctx.location.url, poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'clerk-pass'"))
        conn.commit()
    try:
        clerk = ServerLogin.from_url(server_ctx.location.url)
        clerk = ServerLogin(clerk.host, clerk.port, role, "clerk-pass", clerk.database)
        with pytest.raises(Conflict) as info:
            load(clerk, backup)
        assert info.value.code == "backup.restore_failed"
        assert "schema public" in info.value.message() or "owner" in info.value.message()
        assert _db_checksum(server_ctx) == before
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE {role}"))
            conn.commit()
        admin.dispose()


def test_restore_ends_the_other_desks_sessions(server_ctx: AppContext) -> None:
    _customer(server_ctx, "张三", "京A12345")
    manager = _manager(server_ctx, release=server_ctx.close)
    backup = manager.backup_now()
    _customer(server_ctx, "王五", "京C12345")
    # another desk, half-way through reading the customers (its transaction holds a lock)
    desk = create_engine(server_ctx.location.url, poolclass=NullPool)
    other = desk.connect()
    other.execute(text("SELECT count(*) FROM customers"))

    result = manager.restore(backup)

    assert result.safety_backup is not None and result.database == server_ctx.location.server_label
    assert _db_names(server_ctx) == {"张三"}
    with pytest.raises(DBAPIError):  # that desk was disconnected; it reconnects and goes on
        other.execute(text("SELECT 1"))
    other.invalidate()
    desk.dispose()


# --- migrating ---------------------------------------------------------------------------------
def test_many_desks_starting_a_new_version_migrate_once(pg_server: str, tmp_path: Path) -> None:
    url = new_database(pg_server)
    engines = [create_engine(url, poolclass=NullPool) for _ in range(3)]
    try:
        command.upgrade(migrate.alembic_config(engines[0]), "0001")
        results: list[Path | None] = []
        errors: list[BaseException] = []

        def start(index: int) -> None:
            try:
                results.append(migrate.upgrade(engines[index], backup_dir=tmp_path / "backups"))
            except BaseException as exc:  # noqa: BLE001 — reported below
                errors.append(exc)

        desks = [threading.Thread(target=start, args=(i,)) for i in range(3)]
        for desk in desks:
            desk.start()
        for desk in desks:
            desk.join(timeout=120)
        assert errors == []
        dumps = [r for r in results if r is not None]
        assert len(dumps) == 1 and dumps[0].name.startswith("before-migration-")
        assert dumps[0].suffix == ".dump" and read_dump(dumps[0])[0] == "0001"
        assert [p.name for p in (tmp_path / "backups").iterdir()] == [dumps[0].name]
        assert migrate.current_revision(engines[0]) == migrate.head_revision()
    finally:
        for engine in engines:
            engine.dispose()
        drop_database(url)


# --- the password ---------------------------------------------------------------------------------
def test_the_password_never_appears_on_a_command_line(
        server_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[list[str], dict[str, str]]] = []
    real_run, real_popen = subprocess.run, subprocess.Popen

    def run(args: list[str], **kwargs: Any) -> Any:
        seen.append((list(map(str, args)), dict(kwargs.get("env") or {})))
        return real_run(args, **kwargs)

    def popen(args: list[str], **kwargs: Any) -> Any:
        seen.append((list(map(str, args)), dict(kwargs.get("env") or {})))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(pg_backup.subprocess, "run", run)
    monkeypatch.setattr(pg_backup.subprocess, "Popen", popen)
    manager = _manager(server_ctx, release=server_ctx.close)
    manager.restore(manager.backup_now())

    password = ServerLogin.from_url(server_ctx.location.url).password
    programs = {Path(args[0]).name for args, _env in seen}
    assert {"pg_dump", "pg_restore", "psql"} <= programs
    assert all(password not in " ".join(args) for args, _env in seen)
    assert all(env.get("PGPASSWORD") == password for args, env in seen
               if Path(args[0]).name in ("pg_dump", "psql"))


# --- which PC backs up -------------------------------------------------------------------------------
def test_a_desk_connected_to_the_main_pc_leaves_automatic_backups_to_it(
        server_ctx: AppContext, tmp_path: Path) -> None:
    desk_dir = tmp_path / "desk"
    remember_server(desk_dir, server_ctx.location.url)
    desk = AppContext.open(desk_dir)
    try:
        assert desk.location.is_workstation
        admin = desk.services.staff.login("admin", ADMIN_PASSWORD)
        backups = AppBackups(desk, admin, release=lambda: None)
        assert backups.daily_backup_if_due() is None
        assert backups.exit_backup() is None
        assert backups.integrity_check_if_due() is None
        assert not (desk_dir / "backups").exists()
        taken = backups.take_backup()  # the manual backup still works, into this PC's folder
        assert taken.path.parent == desk_dir / "backups" and taken.path.suffix == ".dump"
    finally:
        desk.close()
    # a run with --db-url (and the main PC) keeps them
    main = AppBackups(server_ctx, Actor.system(), release=lambda: None)
    assert main.daily_backup_if_due() is not None


def test_empty_database_passes_the_check_and_backs_up(pg_server: str, tmp_path: Path) -> None:
    url = new_database(pg_server)
    try:
        engine = create_engine(url, poolclass=NullPool)
        assert integrity_problems(engine) == []
        engine.dispose()
        manager = BackupManager(ServerDatabase(url), tmp_path / "backups")
        assert not manager.source.has_data()
        with pytest.raises(Conflict) as info:  # an empty database is not a DealerDesk backup
            manager.restore(manager.backup_now())
        assert info.value.code == "backup.not_dealerdesk"
    finally:
        drop_database(url)


def test_unreachable_server_is_one_sentence(tmp_path: Path) -> None:
    manager = BackupManager(ServerDatabase("postgresql+psycopg://u:secret@127.0.0.1:9/dealerdesk"),
                            tmp_path / "backups")
    with pytest.raises(Conflict) as info:
        manager.backup_now()
    text_shown = info.value.message()
    assert info.value.code == "db.unreachable" and "127.0.0.1:9/dealerdesk" in text_shown
    assert "secret" not in text_shown and "\n" not in text_shown
