"""Backups: consistent while writing, rotation, second folder, restore and its refusals.

Every test that uses ``ctx`` runs on the branch's SQLite file (``.sqlite3`` backups) and on
a database of the shop's server (``pg_dump`` ``.dump`` backups), unless it is about the
file itself (``sqlite_only``). What only the server has: test_backup_server.py.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from app.backups import AppBackups
from app.context import AppContext
from domain.backup_settings import (
    BackupSettings,
    load_backup_settings,
    save_backup_settings,
)
from domain.errors import Conflict, NotAllowed, NotFound, ValidationError
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from storage import migrate
from storage.backup import (
    BackupManager,
    BackupSource,
    SqliteFile,
    parse_backup_name,
    select_to_keep,
    verify,
)
from storage.database import DB_FILE_NAME
from storage.engine import make_engine, sqlite_url
from storage.pg_backup import ServerDatabase, ServerLogin, copy_rows, dump
from storage.pg_cluster import tool
from tests.conftest import make_actor
from tests.pg import drop_database, new_database

SHANGHAI_NOON = datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai


def _source(where: AppContext | Path) -> BackupSource:
    """``ctx``'s database (its file or its server database), or the SQLite file of a folder."""
    if isinstance(where, Path):
        return SqliteFile(where / DB_FILE_NAME)
    if where.location.sqlite_file is not None:
        return SqliteFile(where.location.sqlite_file)
    return ServerDatabase(where.location.url)


def _manager(where: AppContext | Path, extra: Path | None = None, *,
             release: Callable[[], None] | None = None,
             now: Callable[[], datetime] | None = None) -> BackupManager:
    data_dir = where if isinstance(where, Path) else where.data_dir
    kwargs = {"now": now} if now is not None else {}
    return BackupManager(_source(where), data_dir / "backups", extra,
                         release=release, **kwargs)  # type: ignore[arg-type]


def _suffix(ctx: AppContext) -> str:
    return ".dump" if ctx.db.is_server else ".sqlite3"


def _add(services: Services, actor: Actor, name: str, mobile: str, plate: str) -> str:
    view = services.customers.create(actor, CustomerInput(name=name, mobile=mobile),
                                     VehicleInput(plate=plate, brand="本田", model="雅阁"))
    return view.id


def _names(db_file: Path) -> set[str]:
    """Customers in a SQLite file (the database or a backup of it)."""
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM customers")}
    finally:
        conn.close()


def _backup_names(backup: Path) -> set[str]:
    """Customers in a backup of either kind (a dump is read without a server)."""
    if backup.suffix != ".dump":
        return _names(backup)
    script = subprocess.run([str(tool("pg_restore")), "-a", "-t", "customers", "-f", "-", str(backup)],
                            capture_output=True, text=True, check=True).stdout
    return {row["name"] or "" for row in copy_rows(script).get("customers", [])}


def _query(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(statement))]
    finally:
        engine.dispose()


def _db_names(ctx: AppContext) -> set[str]:
    return {str(row[0]) for row in _query(ctx.location.url, "SELECT name FROM customers")}


def _checksum(db_file: Path) -> str:
    """Digest of every row of every table of a SQLite file: equal digests mean equal data."""
    digest = hashlib.sha256()
    conn = sqlite3.connect(str(db_file))
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


def _db_checksum(ctx: AppContext) -> str:
    """Digest of every row of every table of ``ctx``'s database, on either backend."""
    if ctx.location.sqlite_file is not None:
        return _checksum(ctx.location.sqlite_file)
    digest = hashlib.sha256()
    engine = create_engine(ctx.location.url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                digest.update(table.encode())
                for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
                    digest.update(repr(tuple(row)).encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def _raw(ctx: AppContext, *statements: str) -> None:
    """Statements on ``ctx``'s database around the app (foreign keys not enforced)."""
    engine = create_engine(ctx.location.url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF" if not ctx.db.is_server
                                 else "SET session_replication_role = replica")
            for statement in statements:
                conn.execute(text(statement))
            conn.commit()
    finally:
        engine.dispose()


def _reopen(ctx: AppContext) -> AppContext:
    return AppContext.open(ctx.data_dir, db_url=ctx.location.url if ctx.db.is_server else None)


# --- taking backups ----------------------------------------------------------------------
def test_backup_during_open_write_transaction_is_consistent(
        ctx: AppContext, services: Services, advisor: Actor) -> None:
    _add(services, advisor, "张三", "13812345678", "京A12345")
    engine = create_engine(ctx.location.url, poolclass=NullPool)
    writer = engine.connect()
    writer.execute(text("UPDATE customers SET name = '未提交的修改'"))
    try:
        path = _manager(ctx).backup_now("manual")
    finally:
        writer.rollback()
        writer.close()
        engine.dispose()

    assert path.name.startswith("dealerdesk-") and path.name.endswith(f"-manual{_suffix(ctx)}")
    assert _backup_names(path) == {"张三"}
    if ctx.db.is_server:
        assert _manager(ctx).verify(path) == []
        return
    copy = sqlite3.connect(str(path))
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # single self-contained file, so it can be copied or mailed as is
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        copy.close()
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.sqlite_only  # the WAL of the file
def test_backup_sees_committed_data_still_in_the_wal(
        ctx: AppContext, services: Services, advisor: Actor) -> None:
    # The app's engine keeps its connection (and the WAL) open; a file copy would miss this.
    _add(services, advisor, "李四", "13912345678", "京B12345")
    assert (ctx.data_dir / f"{DB_FILE_NAME}-wal").stat().st_size > 0
    assert "李四" in _names(_manager(ctx).backup_now())


def test_backup_file_name_uses_branch_local_time(ctx: AppContext) -> None:
    path = _manager(ctx, now=lambda: SHANGHAI_NOON).backup_now("exit")
    assert path.name == f"dealerdesk-20260310-120000-exit{_suffix(ctx)}"
    second = _manager(ctx, now=lambda: SHANGHAI_NOON).backup_now("exit")
    assert second.name == f"dealerdesk-20260310-120000-exit-2{_suffix(ctx)}"
    listed = _manager(ctx, now=lambda: SHANGHAI_NOON).list_backups()
    assert [(i.path.name, i.reason) for i in listed] == [
        (second.name, "exit"), (path.name, "exit")]
    assert listed[0].taken_at.hour == 12 and listed[0].size_bytes == second.stat().st_size


def test_bad_reason_and_missing_database_are_refused(tmp_path: Path, ctx: AppContext) -> None:
    with pytest.raises(ValidationError):
        _manager(ctx).backup_now("../evil")
    with pytest.raises(NotFound) as info:
        _manager(tmp_path / "empty").backup_now()
    assert info.value.code == "backup.no_database"


def test_daily_backup_once_per_local_day(ctx: AppContext) -> None:
    clock = [SHANGHAI_NOON]
    manager = _manager(ctx, now=lambda: clock[0])
    first = manager.daily_backup_if_due()
    assert first is not None and first.name.endswith(f"-daily{_suffix(ctx)}")
    clock[0] += timedelta(hours=11)  # 23:00 the same day in Shanghai
    assert manager.daily_backup_if_due() is None
    clock[0] += timedelta(hours=2)  # 01:00 the next day in Shanghai (still 10 March in UTC)
    second = manager.daily_backup_if_due()
    assert second is not None and "20260311" in second.name


def test_manual_backup_counts_as_todays(ctx: AppContext) -> None:
    manager = _manager(ctx, now=lambda: SHANGHAI_NOON)
    manager.backup_now("manual")
    assert manager.daily_backup_if_due() is None


# --- second folder ---------------------------------------------------------------------
def test_second_folder_gets_a_copy(ctx: AppContext, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    result = _manager(ctx, usb).backup("manual")
    assert result.warning is None
    assert result.copy == usb / result.path.name
    assert result.copy.read_bytes() == result.path.read_bytes()
    assert [p.name for p in usb.iterdir()] == [result.path.name]  # no temp file left


@pytest.mark.parametrize("make_unreachable", [
    lambda usb: None,                      # drive unplugged: folder gone
    lambda usb: usb.write_text("not a folder"),  # path is a file
])
def test_unreachable_second_folder_warns_and_local_backup_is_made(
        ctx: AppContext, tmp_path: Path, make_unreachable: Callable[[Path], object]) -> None:
    usb = tmp_path / "usb"
    make_unreachable(usb)
    manager = _manager(ctx, usb)
    result = manager.backup("manual")
    assert result.path.is_file() and result.copy is None
    assert result.warning is not None
    assert "无法访问" in result.warning and str(usb) in result.warning
    assert manager.second_folder_problem() is not None
    assert not (usb.is_dir())  # never created on the local disk


def test_second_folder_write_error_is_a_warning(ctx: AppContext, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def disk_full(src: Path, dst: Path, progress: object) -> None:
        dst.write_bytes(b"half")
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr("storage.backup._copy_file", disk_full)
    result = _manager(ctx, usb).backup("manual")
    assert result.path.is_file() and result.copy is None and result.warning
    assert list(usb.iterdir()) == []


# --- rotation ---------------------------------------------------------------------------
def _t(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def _days(first: str, count: int, hour: int = 12) -> list[str]:
    start = _t(f"{first} {hour:02d}:00")
    return [(start + timedelta(days=i)).strftime("%Y-%m-%d %H:%M") for i in range(count)]


ROTATION_CASES = [
    # (case, backups, now, (daily, weekly, monthly), expected kept)
    ("newest of the last 3 days", _days("2026-01-01", 10), "2026-01-12 00:00", (3, 0, 0),
     ["2026-01-10 12:00", "2026-01-09 12:00", "2026-01-08 12:00"]),
    ("one per day, the newest", ["2026-01-09 08:00", "2026-01-09 18:00",
                                 "2026-01-10 08:00", "2026-01-10 18:00"],
     "2026-01-12 00:00", (2, 0, 0), ["2026-01-10 18:00", "2026-01-09 18:00"]),
    ("days with backups count, not calendar days (PC was off)",
     ["2026-01-01 12:00", "2026-01-02 12:00", "2026-01-03 12:00", "2026-03-01 12:00"],
     "2026-03-20 00:00", (3, 0, 0), ["2026-03-01 12:00", "2026-01-03 12:00", "2026-01-02 12:00"]),
    ("newest per ISO week", _days("2026-01-01", 20), "2026-02-01 00:00", (0, 2, 0),
     ["2026-01-20 12:00", "2026-01-18 12:00"]),
    ("newest per month", [f"2026-{m:02d}-{d:02d} 12:00" for m in range(1, 7) for d in (1, 15)],
     "2026-07-10 00:00", (0, 0, 3), ["2026-06-15 12:00", "2026-05-15 12:00", "2026-04-15 12:00"]),
    ("rules add up", _days("2026-01-01", 60), "2026-03-10 00:00", (2, 2, 2),
     # daily: 1 Mar, 28 Feb; weekly: week of 1 Mar, week of 22 Feb; monthly: Mar, Feb (= 28 Feb)
     ["2026-03-01 12:00", "2026-02-28 12:00", "2026-02-22 12:00"]),
    ("the last 24 hours are always kept", ["2026-01-10 08:00", "2026-01-10 12:00",
                                           "2026-01-10 16:00"],
     "2026-01-10 17:00", (1, 0, 0), ["2026-01-10 08:00", "2026-01-10 12:00", "2026-01-10 16:00"]),
    ("a wrong clock's future backup is kept and takes no slot",
     ["2026-01-01 12:00", "2026-01-02 12:00", "2027-12-01 12:00"],
     "2026-01-05 00:00", (1, 0, 0), ["2027-12-01 12:00", "2026-01-02 12:00"]),
    ("all counts zero keeps only the last day", ["2026-01-01 12:00", "2026-01-09 12:00"],
     "2026-01-09 20:00", (0, 0, 0), ["2026-01-09 12:00"]),
    ("nothing to rotate", [], "2026-01-01 00:00", (14, 8, 12), []),
]


@pytest.mark.parametrize(("case", "backups", "now", "counts", "expected"), ROTATION_CASES,
                         ids=[c[0] for c in ROTATION_CASES])
def test_rotation(case: str, backups: list[str], now: str, counts: tuple[int, int, int],
                  expected: list[str]) -> None:
    items = [(Path(f"{stamp}.sqlite3"), _t(stamp)) for stamp in backups]
    kept = select_to_keep(items, _t(now), *counts)
    assert sorted(p.stem for p in kept) == sorted(expected), case


def test_default_rotation_over_a_year_and_a_half() -> None:
    items = [(Path(f"{stamp}.sqlite3"), _t(stamp)) for stamp in _days("2025-01-01", 540)]
    now = items[-1][1] + timedelta(days=2)
    kept = select_to_keep(items, now)
    newest_14 = {p for p, _ in items[-14:]}
    assert newest_14 <= kept
    months = {(m.year, m.month) for p, m in items if p in kept}
    assert len(months) == 12
    assert len(kept) <= 14 + 8 + 12
    assert items[0][0] not in kept


def test_rotation_deletes_files_and_spares_foreign_ones(ctx: AppContext) -> None:
    backups = ctx.data_dir / "backups"
    suffix = _suffix(ctx)
    other = ".sqlite3" if suffix == ".dump" else ".dump"
    manager = _manager(ctx, now=lambda: SHANGHAI_NOON)
    manager.keep_daily, manager.keep_weekly, manager.keep_monthly = 2, 0, 0
    source = manager.backup_now("manual")
    for day in range(1, 6):
        shutil.copyfile(source, backups / f"dealerdesk-202603{day:02d}-090000-daily{suffix}")
    # not ours to delete: migration copies, other files, the other kind of database's backups
    foreign = [backups / f"before-migration-20250101-000000{suffix}", backups / "notes.txt",
               backups / f"dealerdesk-20250101-090000-daily{other}"]
    for path in foreign:
        path.write_text("x")
    manager.rotate()
    names = sorted(p.name for p in backups.iterdir())
    assert names == sorted([source.name, f"dealerdesk-20260305-090000-daily{suffix}",
                            *(p.name for p in foreign)])


def test_parse_backup_name_ignores_other_files() -> None:
    tz = UTC
    assert parse_backup_name("dealerdesk-20260310-120000-before-restore.sqlite3", tz) == (
        datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "before-restore")
    assert parse_backup_name("dealerdesk-20260310-120000-manual-3.sqlite3", tz) == (
        datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "manual")
    assert parse_backup_name("dealerdesk-20260310-120000-daily.dump", tz) == (
        datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "daily")
    assert parse_backup_name("before-migration-20260310-120000.dump", tz) == (
        datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "before-migration")
    assert parse_backup_name("dealerdesk-20261399-120000-manual.sqlite3", tz) is None
    assert parse_backup_name("dealerdesk.sqlite3", tz) is None
    assert parse_backup_name(".dealerdesk-20260310-120000-manual.sqlite3.tmp", tz) is None


# --- restore ----------------------------------------------------------------------------
def test_restore_round_trip(ctx: AppContext, services: Services, advisor: Actor) -> None:
    _add(services, advisor, "张三", "13812345678", "京A12345")
    manager = _manager(ctx, release=ctx.close)
    backup = manager.backup_now("manual")
    _add(services, advisor, "王五", "13712345678", "京C12345")
    assert _db_names(ctx) == {"张三", "王五"}

    result = manager.restore(backup)

    assert result.restored_from == backup
    assert result.safety_backup is not None and result.safety_backup.is_file()
    assert "before-restore" in result.safety_backup.name
    assert _backup_names(result.safety_backup) == {"张三", "王五"}  # what was current is kept
    assert result.to_revision == migrate.head_revision()
    reopened = _reopen(ctx)
    try:
        assert [h.plate for h in reopened.services.search.search(Actor.system(), "张三")] == ["京A12345"]
        assert reopened.services.search.search(Actor.system(), "王五") == []
    finally:
        reopened.close()
    assert backup.is_file()  # the restored backup itself is never rotated away
    assert not [p for p in ctx.data_dir.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.sqlite_only  # the WAL of the file
def test_restore_ignores_a_stale_wal(ctx: AppContext, services: Services, advisor: Actor) -> None:
    # A WAL left behind by the old database would be replayed onto the restored one.
    data_dir = ctx.data_dir
    _add(services, advisor, "张三", "13812345678", "京A12345")
    manager = _manager(ctx)
    backup = manager.backup_now()
    _add(services, advisor, "王五", "13712345678", "京C12345")
    wal = data_dir / f"{DB_FILE_NAME}-wal"
    stale = wal.read_bytes()
    assert stale

    def release_and_leave_the_wal() -> None:
        ctx.close()
        wal.write_bytes(stale)

    manager.release = release_and_leave_the_wal
    manager.restore(backup)
    conn = sqlite3.connect(str(data_dir / DB_FILE_NAME))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _names(data_dir / DB_FILE_NAME) == {"张三"}


def test_restore_into_an_empty_place(ctx: AppContext, services: Services, advisor: Actor,
                                     tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A replaced PC restores into a new data folder, or into an empty database on the server."""
    _add(services, advisor, "张三", "13812345678", "京A12345")
    backup = _manager(ctx).backup_now()
    if not ctx.db.is_server:
        result = _manager(tmp_path / "new-pc").restore(backup)
        assert result.safety_backup is None
        assert _names(tmp_path / "new-pc" / DB_FILE_NAME) == {"张三"}
        return
    url = new_database(request.getfixturevalue("pg_server"))
    try:
        result = BackupManager(ServerDatabase(url), tmp_path / "new-pc" / "backups").restore(backup)
        assert result.safety_backup is None
        assert _query(url, "SELECT name FROM customers") == [("张三",)]
    finally:
        drop_database(url)


@pytest.fixture
def old_backup(ctx: AppContext, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A backup of schema 0001 with this branch (made with another id, as on a replaced PC)."""
    if ctx.db.is_server:
        url = new_database(request.getfixturevalue("pg_server"))
    else:
        url = sqlite_url(tmp_path / "old.sqlite3")
    engine = make_engine(url)
    command.upgrade(migrate.alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO branches (id, code, name, address, phone, timezone, mode, is_local, "
            "created_at, updated_at, row_version) VALUES ('b1', 'BJ01', '北京朝阳店', '', '', "
            "'Asia/Shanghai', 'branch', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)")
    engine.dispose()
    if not ctx.db.is_server:
        yield tmp_path / "old.sqlite3"
        return
    yield dump(ServerLogin.from_url(url), tmp_path / "old.dump")
    drop_database(url)


def test_restore_migrates_an_older_backup(ctx: AppContext, old_backup: Path) -> None:
    manager = _manager(ctx, release=ctx.close)
    result = manager.restore(old_backup)
    assert (result.from_revision, result.to_revision) == ("0001", migrate.head_revision())
    check = make_engine(ctx.location.url)
    try:
        assert migrate.current_revision(check) == migrate.head_revision()
    finally:
        check.dispose()
    # the restored old database was saved before it was migrated
    assert [p for p in (ctx.data_dir / "backups").iterdir()
            if p.name.startswith("before-migration-") and p.suffix == old_backup.suffix]


def _plain_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    conn.execute("INSERT INTO invoices VALUES (1, 100)")
    conn.commit()
    conn.close()
    return path


def _change_backup(ctx: AppContext, manager: BackupManager, path: Path, change: str,
                   undo: str) -> Path:
    """A backup of this database with ``change`` made in it (a SQLite copy is changed; the
    server's database is changed, dumped and changed back)."""
    if not ctx.db.is_server:
        shutil.copyfile(manager.backup_now(), path)
        conn = sqlite3.connect(str(path))
        conn.execute(change)
        conn.commit()
        conn.close()
        return path
    _raw(ctx, change)
    try:
        return dump(ServerLogin.from_url(ctx.location.url), path)
    finally:
        _raw(ctx, undo)


def _newer_schema(ctx: AppContext, manager: BackupManager, path: Path) -> Path:
    head = migrate.head_revision()
    return _change_backup(ctx, manager, path, "UPDATE alembic_version SET version_num = '9999_future'",
                          f"UPDATE alembic_version SET version_num = '{head}'")


def _another_branch(ctx: AppContext, manager: BackupManager, path: Path) -> Path:
    (branch_id,) = _query(ctx.location.url, "SELECT id FROM branches WHERE is_local = true")[0]
    return _change_backup(
        ctx, manager, path,
        "UPDATE branches SET id = 'another-branch', code = 'SH01', name = '上海浦东店' "
        f"WHERE id = '{branch_id}'",
        f"UPDATE branches SET id = '{branch_id}', code = 'BJ01', name = '北京朝阳店' "
        "WHERE id = 'another-branch'")


def _other_kind(ctx: AppContext, manager: BackupManager, path: Path) -> Path:
    """A good backup of the other kind of database (a .dump for the file, a file for the server)."""
    if ctx.db.is_server:
        return _plain_sqlite(path)
    path.write_bytes(b"PGDMP" + bytes(200))
    return path


def _not_dealerdesk(ctx: AppContext, manager: BackupManager, path: Path) -> Path:
    if not ctx.db.is_server:
        return _plain_sqlite(path)
    url = new_database(ctx.location.url.rsplit("/", 1)[0])
    try:
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
        engine.dispose()
        return dump(ServerLogin.from_url(url), path)
    finally:
        drop_database(url)


def _truncated(ctx: AppContext, manager: BackupManager, path: Path) -> Path:
    data = manager.backup_now().read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _text(ctx: AppContext, manager: BackupManager, path: Path) -> Path:
    path.write_text("客户名单\n张三,13812345678\n")
    return path


REFUSALS = [
    # (case, how the candidate is made, code on the SQLite file, code on the server)
    ("text file", _text, "backup.not_sqlite", "backup.not_dump"),
    ("the other kind of backup", _other_kind, "backup.needs_sqlite", "backup.needs_dump"),
    ("not a DealerDesk database", _not_dealerdesk, "backup.not_dealerdesk", "backup.not_dealerdesk"),
    ("newer schema", _newer_schema, "backup.newer", "backup.newer"),
    ("damaged backup", _truncated, "backup.damaged", "backup.damaged"),
    ("another branch's backup", _another_branch, "backup.foreign_branch", "backup.foreign_branch"),
    ("missing file", lambda c, m, p: p, "backup.missing", "backup.missing"),
]


@pytest.mark.parametrize(("case", "make", "file_code", "server_code"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_restore_refuses_and_changes_nothing(
        ctx: AppContext, services: Services, advisor: Actor, tmp_path: Path, case: str,
        make: Callable[[AppContext, BackupManager, Path], Path], file_code: str,
        server_code: str) -> None:
    _add(services, advisor, "张三", "13812345678", "京A12345")
    released: list[bool] = []
    manager = _manager(ctx, release=lambda: released.append(True))
    manager.backup_now()
    candidate = make(ctx, manager, tmp_path / f"candidate{_suffix(ctx)}")
    before = _db_checksum(ctx)
    backups_before = sorted(p.name for p in (ctx.data_dir / "backups").iterdir())

    with pytest.raises((Conflict, NotFound)) as info:
        manager.restore(candidate)

    assert info.value.code == (server_code if ctx.db.is_server else file_code), case
    text_shown = info.value.message("zh")
    assert str(candidate) in text_shown and "\n" not in text_shown
    assert _db_checksum(ctx) == before
    assert released == []  # the running app was not disturbed
    assert sorted(p.name for p in (ctx.data_dir / "backups").iterdir()) == backups_before
    assert not [p for p in ctx.data_dir.iterdir() if p.name.endswith(".tmp")]
    if case != "another branch's backup":  # a good backup in itself (another shop may use it)
        assert manager.verify(candidate) == [text_shown]
    # and the app still works on its database
    _add(services, advisor, "李四", "13912345678", "京B12345")


def test_refusal_texts_say_what_is_needed(ctx: AppContext, tmp_path: Path) -> None:
    manager = _manager(ctx)
    (kind,) = manager.verify(_other_kind(ctx, manager, tmp_path / "other"))
    assert (".dump" if ctx.db.is_server else ".sqlite3") in kind and "需要" in kind
    with pytest.raises(Conflict) as info:
        manager.restore(_another_branch(ctx, manager, tmp_path / f"shanghai{_suffix(ctx)}"))
    assert "SH01 上海浦东店" in info.value.message() and "BJ01 北京朝阳店" in info.value.message()


def test_newer_schema_message_names_the_version(ctx: AppContext, tmp_path: Path) -> None:
    manager = _manager(ctx)
    problems = manager.verify(_newer_schema(ctx, manager, tmp_path / f"future{_suffix(ctx)}"))
    assert len(problems) == 1 and "9999_future" in problems[0] and "升级" in problems[0]


@pytest.mark.sqlite_only  # verify() of a file, as the command-line tests use it
def test_verify_accepts_a_good_backup(ctx: AppContext) -> None:
    assert verify(_manager(ctx).backup_now()) == []


def test_last_good_backup_skips_damaged_ones(ctx: AppContext) -> None:
    clock = [SHANGHAI_NOON]
    manager = _manager(ctx, now=lambda: clock[0])
    good = manager.backup_now("daily")
    assert manager.verify(good) == []
    clock[0] += timedelta(days=1)
    bad = manager.backup_now("daily")
    bad.write_bytes(bad.read_bytes()[:2000])
    assert manager.last_good_backup() == good


# --- settings ---------------------------------------------------------------------------
def test_backup_settings_round_trip_and_roles(services: Services, admin: Actor) -> None:
    assert load_backup_settings(services.settings) == BackupSettings()
    saved = save_backup_settings(services.settings, admin,
                                 BackupSettings(" E:\\售后备份 ", 7, 4, 6))
    assert saved.second_folder == "E:\\售后备份"
    assert load_backup_settings(services.settings) == saved
    with pytest.raises(ValidationError):
        save_backup_settings(services.settings, admin, BackupSettings("", -1, 4, 6))
    manager = make_actor(services, admin, Role.MANAGER, "boss")
    with pytest.raises(NotAllowed):
        save_backup_settings(services.settings, manager, BackupSettings())
    assert load_backup_settings(services.settings) == saved


def test_app_backups_checks_the_role(ctx: AppContext, services: Services, admin: Actor,
                                     advisor: Actor, tmp_path: Path) -> None:
    with pytest.raises(NotAllowed):
        AppBackups(ctx, advisor).take_backup()
    with pytest.raises(NotAllowed):
        AppBackups(ctx, advisor).restore(tmp_path / f"x{_suffix(ctx)}")
    backups = AppBackups(ctx, admin)
    usb = tmp_path / "usb"
    assert backups.set_second_folder(usb) is not None  # saved, and unreachable for now
    assert backups.second_folder() == usb
    usb.mkdir()
    taken = backups.take_backup()
    assert taken.warning is None and (usb / taken.path.name).is_file()
    assert [i.path for i in backups.list_backups()] == [taken.path]
