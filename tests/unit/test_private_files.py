"""Owner-only permissions of what the app keeps and writes (issue 23, item 7).

Issue 23 item 7: "On Linux and macOS the data folder is 0700 and the database, backups, logs
and exports are 0600 (the second backup folder too); on Windows the data folder stays in the
user's profile with inherited permissions, and the README says so."

The umask is set to the usual 022 around each test, so that a file or folder made without
an explicit mode would come out 0644/0755 and the test would see it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.backups import BACKUP_DIR_NAME, manager_for
from app.cli import main
from app.context import PRIVATE_SUBFOLDERS, AppContext
from common.private_files import (
    create_private,
    open_private,
    private_dir,
    tighten_folder,
    write_private,
)
from domain.backup_settings import BackupSettings
from storage.database import DB_FILE_NAME, Database
from storage.engine import sqlite_backup, sqlite_sidecars
from tests.private_modes import mode, usual_umask  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the profile's inherited ACL, no modes")

ISSUE_RULE = ("On Linux and macOS the data folder is 0700 and the database, backups, logs and "
              "exports are 0600 (the second backup folder too)")


# --- the helper ----------------------------------------------------------------------------------
def test_helper_modes_whatever_the_file_had(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    assert mode(private_dir(folder)) == 0o700
    assert mode(private_dir(tmp_path / "passable", passable=True)) == 0o701
    old = folder / "old.txt"
    old.write_text("x")
    old.chmod(0o644)
    with open_private(old, "a", encoding="utf-8") as handle:  # appending keeps the text
        handle.write("y")
    assert (old.read_text(), mode(old)) == ("xy", 0o600)
    assert mode(write_private(folder / "new.bin", b"1")) == 0o600
    assert mode(create_private(folder / "empty")) == 0o600
    with pytest.raises(ValueError):
        open_private(old, "r")


def test_tighten_folder_leaves_links_and_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    (folder / "db").write_bytes(b"")
    (folder / "db").chmod(0o644)
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    outside.chmod(0o644)
    (folder / "link").symlink_to(outside)
    (folder / "server").mkdir(mode=0o755)
    tighten_folder(folder)
    assert (mode(folder), mode(folder / "db")) == (0o700, 0o600)
    assert mode(outside) == 0o644  # a link's target is not the app's to change
    assert mode(folder / "server") == 0o755  # the server's cluster keeps the modes PostgreSQL wants


def test_subfolder_names_are_the_ones_the_app_writes() -> None:
    from sync.service import IMPORT_LOG, keys_dir

    assert set(PRIVATE_SUBFOLDERS) == {BACKUP_DIR_NAME, IMPORT_LOG.parent.name, keys_dir(Path("d")).name}


# --- the data folder and the database ------------------------------------------------------------
def test_init_makes_folder_0700_and_database_wal_shm_0600(tmp_path: Path) -> None:
    """The rule, on a fresh data folder; SQLite gives its -wal and -shm the database's mode."""
    data_dir = tmp_path / "fresh" / "data"
    ctx = AppContext.open(data_dir, create=True)
    try:
        with ctx.db.engine.begin() as conn:  # a write: the WAL and its index exist now
            conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
        db_file = data_dir / DB_FILE_NAME
        wal, shm = sqlite_sidecars(db_file)[:2]
        assert wal.exists() and shm.exists()
        assert {p.name: mode(p) for p in (data_dir, db_file, wal, shm)} == {
            "data": 0o700, DB_FILE_NAME: 0o600, wal.name: 0o600, shm.name: 0o600}, ISSUE_RULE
    finally:
        ctx.close()


def test_sqlite_copies_the_database_mode_to_wal_and_shm(tmp_path: Path) -> None:
    """Why 0600 on the database is enough for its -wal/-shm (and why an old 0644 database
    is tightened before SQLite opens it): SQLite gives them the database file's mode."""
    for wanted in (0o600, 0o640):
        db_file = tmp_path / f"m{wanted:o}.sqlite3"
        create_private(db_file).chmod(wanted)
        conn = sqlite3.connect(db_file)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE t (x)")
            conn.commit()
            assert [mode(p) for p in sqlite_sidecars(db_file)[:2]] == [wanted, wanted]
        finally:
            conn.close()


def test_an_older_0755_folder_is_tightened_on_open(tmp_path: Path) -> None:
    """A data folder an earlier release made (0755, files 0644) is fixed when the app opens it."""
    data_dir = tmp_path / "data"
    AppContext.open(data_dir, create=True).close()
    loose = {
        data_dir: 0o755, data_dir / DB_FILE_NAME: 0o644,
        data_dir / "backups": 0o755, data_dir / "backups" / "dealerdesk-20250101-080000-daily.sqlite3": 0o644,
        data_dir / "logs": 0o755, data_dir / "logs" / "sync-import.log": 0o644,
        data_dir / "keys": 0o755, data_dir / "keys" / "state.json": 0o644,
    }
    for path, wanted in loose.items():
        if wanted == 0o755:
            path.mkdir(exist_ok=True)
        elif not path.exists():
            path.write_text("x")
    for path, wanted in loose.items():
        path.chmod(wanted)
    AppContext.open(data_dir).close()
    assert {str(p.relative_to(tmp_path)): mode(p) for p in loose} == {
        str(p.relative_to(tmp_path)): (0o700 if p.is_dir() else 0o600) for p in loose}, ISSUE_RULE


def test_an_older_database_elsewhere_is_tightened_but_not_its_folder(tmp_path: Path) -> None:
    """``--db-url sqlite:///…`` may name a file in a folder of the user's: that folder keeps
    its mode, the database itself becomes 0600."""
    AppContext.open(tmp_path / "made", create=True).close()
    folder = tmp_path / "users-folder"
    folder.mkdir(mode=0o755)
    sqlite_backup(tmp_path / "made" / DB_FILE_NAME, folder / DB_FILE_NAME)
    (folder / DB_FILE_NAME).chmod(0o644)
    Database.open(folder).close()
    assert (mode(folder), mode(folder / DB_FILE_NAME)) == (0o755, 0o600)


def test_migration_copy_is_0600(tmp_path: Path) -> None:
    AppContext.open(tmp_path / "data", create=True).close()
    copy = tmp_path / "data" / "backups" / "before-migration-x.sqlite3"
    sqlite_backup(tmp_path / "data" / DB_FILE_NAME, copy)
    assert mode(copy) == 0o600


# --- backups, on both backends -------------------------------------------------------------------
def test_backup_files_are_0600_in_both_folders(ctx: AppContext, tmp_path: Path) -> None:
    """Both backup folders; the second folder itself is the user's (USB stick, share), only
    the backups in it are the app's."""
    second = tmp_path / "usb"
    second.mkdir(mode=0o755)
    second.chmod(0o755)
    earlier = second / f"dealerdesk-20250101-080000-daily{'.sqlite3' if ctx.location.sqlite_file else '.dump'}"
    earlier.write_bytes(b"old")
    earlier.chmod(0o644)
    manager = manager_for(ctx.location, ctx.data_dir, BackupSettings(second_folder=str(second)))
    result = manager.backup()
    assert result.copy is not None, result.warning
    assert {
        "backups": mode(result.path.parent), "backup": mode(result.path),
        "second folder": mode(second), "copy": mode(result.copy), "earlier copy": mode(earlier),
    } == {"backups": 0o700, "backup": 0o600, "second folder": 0o755, "copy": 0o600,
          "earlier copy": 0o600}, ISSUE_RULE
    out = tmp_path / "chosen" / "one.backup"
    assert mode(manager.write_copy(out)) == 0o600  # `backup -o FILE`


@pytest.mark.sqlite_only
def test_restored_database_is_0600(ctx: AppContext, tmp_path: Path) -> None:
    manager = manager_for(ctx.location, ctx.data_dir, release=ctx.db.close)
    backup = manager.backup().path
    backup.chmod(0o644)  # e.g. copied back from a USB stick
    result = manager.restore(backup)
    assert mode(Path(str(result.database))) == 0o600


# --- reports and exports -------------------------------------------------------------------------
def test_report_export_is_0600(ctx: AppContext, tmp_path: Path) -> None:
    """``report … -o F.xlsx`` (and every PDF the command line writes: app.cli_commands.printing)."""
    server = ["--db-url", ctx.location.url] if ctx.location.is_server else []
    for name in ("kpi.xlsx", "kpi.pdf"):
        out = tmp_path / name
        assert main(["--data-dir", str(ctx.data_dir), *server,
                     "report", "kpi", "--month", "2026-10", "-o", str(out)]) == 0
        assert mode(out) == 0o600, ISSUE_RULE


def test_the_main_pcs_server_account_keeps_passage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run by root, the main PC's server runs as its own account and must reach its cluster
    in ``<data dir>/server``: the data folder is 0701 then (pass through; never list or read)."""
    import storage.pg_cluster as pg_cluster
    from app.context import secure_data_dir

    data_dir = tmp_path / "data"
    (data_dir / pg_cluster.SERVER_DIR).mkdir(parents=True)
    data_dir.chmod(0o755)
    monkeypatch.setattr(pg_cluster, "_is_root", lambda: True)
    secure_data_dir(data_dir)
    assert mode(data_dir) == 0o701
    monkeypatch.setattr(pg_cluster, "_is_root", lambda: False)
    secure_data_dir(data_dir)
    assert mode(data_dir) == 0o700
