"""``dealerdesk backup``, ``restore`` and ``check``: exit codes and printed lines (a contract)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from app.cli import main
from app.context import AppContext
from domain.backup_settings import BackupSettings, save_backup_settings
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from storage import migrate
from storage.backup import verify
from storage.database import DB_FILE_NAME
from storage.location import normalise_url, remember_server, server_label
from tests.pg import drop_database, new_database
from tests.unit.test_backup import _checksum, _names


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if line], err


@pytest.fixture
def data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    code, _, err = _run(capsys, "--data-dir", str(folder), "init", "--branch-code", "BJ01",
                        "--branch-name", "北京朝阳店", "--admin", "admin", "--password", "admin123-Kq7v")
    assert code == 0, err
    ctx = AppContext.open(folder)
    try:
        ctx.services.customers.create(Actor.system(), CustomerInput(name="张三", mobile="13812345678"),
                                      VehicleInput(plate="京A12345"))
    finally:
        ctx.close()
    return folder


def test_backup_prints_the_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = _run(capsys, "--data-dir", str(data_dir), "backup")
    assert code == 0, err
    (line,) = lines
    path = Path(line)
    assert path.parent == data_dir / "backups" and path.is_file()
    assert path.name.startswith("dealerdesk-") and path.name.endswith("-manual.sqlite3")
    assert verify(path) == [] and _names(path) == {"张三"}


def test_backup_to_a_chosen_file(data_dir: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "拷贝" / "today.sqlite3"
    for _ in range(2):  # writing over an earlier copy is fine
        code, lines, err = _run(capsys, "--data-dir", str(data_dir), "backup", "-o", str(target))
        assert code == 0, err
        assert lines == [str(target)]
    assert verify(target) == [] and _names(target) == {"张三"}
    assert not (data_dir / "backups").exists() or not list((data_dir / "backups").iterdir())


def test_backup_warns_about_an_unreachable_second_folder(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usb = tmp_path / "usb-not-plugged-in"
    ctx = AppContext.open(data_dir)
    try:
        save_backup_settings(ctx.services.settings, Actor.system(), BackupSettings(str(usb)))
    finally:
        ctx.close()
    code, lines, err = _run(capsys, "--data-dir", str(data_dir), "backup")
    assert code == 0
    assert Path(lines[0]).is_file()
    assert "警告" in err and str(usb) in err and "无法访问" in err


def test_backup_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = _run(capsys, "--data-dir", str(tmp_path / "none"), "backup")
    assert code == 1 and lines == []
    assert "找不到数据库" in err


def test_check_passes_on_good_data(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = _run(capsys, "--data-dir", str(data_dir), "check")
    assert (code, lines) == (0, ["完整性检查通过"]), err


def test_check_prints_one_line_per_problem(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(str(data_dir / DB_FILE_NAME), isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM customers")
    conn.close()
    code, lines, err = _run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 1
    assert "完整性检查通过" not in lines
    assert any("京A12345" in line and "车主" in line for line in lines), lines
    assert any(line.startswith("外键错误") for line in lines), lines
    assert f"{len(lines)} 个问题" in err


def test_check_of_a_file_that_is_not_a_database(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_FILE_NAME).write_text("not a database")
    code, _, err = _run(capsys, "--data-dir", str(folder), "check")
    assert code == 1 and "不是售后管家数据库" in err


def test_restore_round_trip(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run(capsys, "--data-dir", str(data_dir), "backup")
    backup = Path(lines[0])
    ctx = AppContext.open(data_dir)
    try:
        ctx.services.customers.create(Actor.system(), CustomerInput(name="王五", mobile="13712345678"))
    finally:
        ctx.close()

    code, lines, err = _run(capsys, "--data-dir", str(data_dir), "restore", str(backup))

    assert code == 0, err
    assert lines[0].startswith("已先备份当前数据库：")
    safety = Path(lines[0].split("：", 1)[1])
    assert safety.is_file() and "before-restore" in safety.name
    assert _names(safety) == {"张三", "王五"}
    assert any(line.startswith("已从备份恢复：") and str(backup) in line for line in lines)
    assert _names(data_dir / DB_FILE_NAME) == {"张三"}
    code, lines, _ = _run(capsys, "--data-dir", str(data_dir), "check")
    assert (code, lines) == (0, ["完整性检查通过"])


@pytest.mark.parametrize(("content", "expected"), [
    ("text", "不是 SQLite 数据库文件"),
    ("newer", "更新版本"),
    ("missing", "找不到备份文件"),
])
def test_restore_refusals_exit_1_and_change_nothing(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        content: str, expected: str) -> None:
    candidate = tmp_path / "candidate.sqlite3"
    if content == "text":
        candidate.write_text("姓名,手机\n张三,13812345678\n")
    elif content == "newer":
        _run(capsys, "--data-dir", str(data_dir), "backup", "-o", str(candidate))
        conn = sqlite3.connect(str(candidate))
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.close()
    before = _checksum(data_dir / DB_FILE_NAME)
    code, lines, err = _run(capsys, "--data-dir", str(data_dir), "restore", str(candidate))
    assert code == 1 and lines == []
    assert err.startswith("dealerdesk: ") and expected in err and len(err.splitlines()) == 1
    assert _checksum(data_dir / DB_FILE_NAME) == before


def test_check_exit_code_from_the_installed_command(data_dir: Path) -> None:
    script = Path(sys.executable).parent / ("dealerdesk.exe" if os.name == "nt" else "dealerdesk")
    if not script.exists():
        pytest.skip("the dealerdesk entry point is not installed in this environment")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([str(script), "--data-dir", str(data_dir), "check"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "完整性检查通过"


# --- a branch on the shop's server: --db-url, or a data folder connected to it ----------------
@pytest.fixture
def empty_server_database(pg_server: str) -> Iterator[str]:
    url = new_database(pg_server)
    yield url
    drop_database(url)


def test_server_branch_backup_restore_check_with_db_url(
        empty_server_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = empty_server_database
    base = ["--data-dir", str(tmp_path / "data"), "--db-url", url]
    code, _, err = _run(capsys, *base, "init", "--branch-code", "BJ01", "--branch-name", "北京朝阳店",
                        "--admin", "admin", "--password", "admin123-Kq7v")
    assert code == 0, err
    ctx = AppContext.open(tmp_path / "data", db_url=url)
    try:
        ctx.services.customers.create(Actor.system(), CustomerInput(name="张三", mobile="13812345678"),
                                      VehicleInput(plate="京A12345"))
    finally:
        ctx.close()

    target = tmp_path / "拷贝" / "today.dump"
    code, lines, err = _run(capsys, *base, "backup", "-o", str(target))
    assert (code, lines) == (0, [str(target)]), err
    code, lines, err = _run(capsys, *base, "backup")
    assert code == 0, err
    (line,) = lines
    assert Path(line).parent == tmp_path / "data" / "backups" and line.endswith("-manual.dump")

    ctx = AppContext.open(tmp_path / "data", db_url=url)
    try:
        ctx.services.customers.create(Actor.system(), CustomerInput(name="王五", mobile="13712345678"))
    finally:
        ctx.close()
    code, lines, err = _run(capsys, *base, "restore", str(target))
    assert code == 0, err
    assert lines[0].startswith("已先备份当前数据库：") and lines[0].endswith("-before-restore.dump")
    assert lines[1] == f"已从备份恢复：{target} → {server_label(normalise_url(url))}"
    assert lines[2] == f"数据库版本：{migrate.head_revision()}"
    ctx = AppContext.open(tmp_path / "data", db_url=url)
    try:
        assert [h.plate for h in ctx.services.search.search(Actor.system(), "张三")] == ["京A12345"]
        assert ctx.services.search.search(Actor.system(), "王五") == []
    finally:
        ctx.close()

    code, lines, err = _run(capsys, *base, "check")
    assert (code, lines) == (0, ["完整性检查通过"]), err

    # a backup of a SQLite file is the wrong kind: one line, nothing changed
    sqlite_copy = tmp_path / "pc.sqlite3"
    sqlite_copy.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    code, lines, err = _run(capsys, *base, "restore", str(sqlite_copy))
    assert code == 1 and lines == [] and len(err.splitlines()) == 1
    assert "需要 .dump" in err

    # damage made around the app is reported, one line per problem
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET session_replication_role = replica")
        conn.exec_driver_sql("DELETE FROM customers")
    engine.dispose()
    code, lines, err = _run(capsys, *base, "check")
    assert code == 1 and any("京A12345" in line and "车主" in line for line in lines), lines
    assert f"{len(lines)} 个问题" in err


def test_server_backup_from_a_connected_data_folder(
        pg_server: str, server_template: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = new_database(pg_server, template=server_template)
    try:
        folder = tmp_path / "desk"
        remember_server(folder, url)
        code, lines, err = _run(capsys, "--data-dir", str(folder), "backup")
        assert code == 0, err
        (line,) = lines
        assert Path(line).parent == folder / "backups" and line.endswith("-manual.dump")
        code, lines, err = _run(capsys, "--data-dir", str(folder), "check")
        assert (code, lines) == (0, ["完整性检查通过"]), err
        code, lines, err = _run(capsys, "--data-dir", str(folder), "restore", line)
        assert code == 0 and lines[0].startswith("已先备份当前数据库："), err
    finally:
        drop_database(url)


@pytest.mark.parametrize("command", ["backup", "check"])
def test_unreachable_server_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        command: str) -> None:
    code, lines, err = _run(capsys, "--data-dir", str(tmp_path / "data"), "--db-url",
                            "postgresql://dealerdesk:secret@127.0.0.1:9/dealerdesk", command)
    assert code == 1 and lines == [] and len(err.splitlines()) == 1
    assert "无法连接本店主机 127.0.0.1:9/dealerdesk" in err and "secret" not in err
