"""``dealerdesk host init|start|stop|status`` and ``connect`` with the shipped server binaries,
and a branch on a server database through ``--db-url`` (issue 14's command-line contract)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from storage.pg_cluster import LocalServer
from tests.pg import free_port, new_database


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def main_pc(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "main-pc"
    yield folder
    server = LocalServer(folder)
    if server.exists():
        server.stop()


def test_host_init_status_connect_stop(main_pc: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    code, out, err = run(capsys, main_pc, "host", "init", "--port", str(port), "--bind", "127.0.0.1")
    assert code == 0, err
    address = out.strip().splitlines()[-1]  # the contract: the address for the other PCs, last
    assert re.fullmatch(rf"postgresql://dealerdesk:[^@\s]+@127\.0\.0\.1:{port}/dealerdesk", address)
    assert json.loads((main_pc / "database.json").read_text(encoding="utf-8"))["hosted_here"] is True
    assert not (main_pc / "dealerdesk.sqlite3").exists()
    hba = (main_pc / "server" / "pgdata" / "pg_hba.conf").read_text(encoding="utf-8")
    assert "trust" not in hba and "scram-sha-256" in hba

    code, out, _ = run(capsys, main_pc, "host", "status")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "状态：运行中（running）"
    assert lines[1].startswith("版本：PostgreSQL 18.") and lines[2] == f"端口：{port}"
    assert lines[3].startswith("数据库大小：") and lines[4].startswith("已连接电脑：")

    assert run(capsys, main_pc, "init", "--branch-code", "BJ01", "--branch-name", "北京朝阳店",
               "--admin", "admin", "--password", "admin123-Kq7v")[0] == 0
    assert run(capsys, main_pc, "demo", "--customers", "5")[0] == 0
    _, orders_on_main, _ = run(capsys, main_pc, "work-orders", "list")
    assert orders_on_main.count("\n") > 0

    desk = tmp_path / "reception-2"
    code, out, err = run(capsys, desk, "connect", address)
    assert code == 0, err
    assert out.startswith(f"已连接本店主机 127.0.0.1:{port}/dealerdesk（BJ01 北京朝阳店）")
    assert run(capsys, desk, "work-orders", "list")[1] == orders_on_main  # the same records
    assert not (desk / "dealerdesk.sqlite3").exists()

    code, out, _ = run(capsys, main_pc, "host", "stop")
    assert code == 0 and out.strip() == "已停止"
    assert run(capsys, main_pc, "host", "status")[1].splitlines()[0] == "状态：已停止（stopped）"
    # a desk whose main PC is down: one sentence naming it, no fallback to a local file
    code, out, err = run(capsys, desk, "work-orders", "list")
    assert code == 1 and out == ""
    assert err.strip() == (f"dealerdesk: 无法连接本店主机 127.0.0.1:{port}/dealerdesk："
                           "连接不上（主机没开机、数据库服务没启动，或网络不通）")
    assert not (desk / "dealerdesk.sqlite3").exists()
    # the main PC starts its own server when the app finds it down
    assert run(capsys, main_pc, "work-orders", "list")[1] == orders_on_main
    assert run(capsys, main_pc, "host", "status")[1].splitlines()[0] == "状态：运行中（running）"


def test_connect_with_a_wrong_password_is_refused_and_remembers_nothing(
        pg_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = new_database(pg_server).replace("postgresql+psycopg://postgres:", "postgresql://postgres:x")
    code, out, err = run(capsys, tmp_path / "desk", "connect", url)
    assert code == 1 and out == ""
    assert err.strip().endswith("用户名或密码不对")
    assert not (tmp_path / "desk" / "database.json").exists()


def test_a_second_host_init_is_refused(main_pc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, main_pc, "host", "init", "--port", str(free_port()), "--bind", "127.0.0.1")[0] == 0
    code, out, err = run(capsys, main_pc, "host", "init", "--port", str(free_port()))
    assert code == 1 and err.startswith("dealerdesk: 这台电脑已经是本店主机")


def test_a_branch_on_a_server_database_through_db_url(pg_server: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """"`dealerdesk --db-url URL init --branch-code … ` makes a branch on an empty PostgreSQL
    database; then `demo`, `search`, `work-orders list`, `print …` … work with the same
    `--db-url`"."""
    url = new_database(pg_server)
    folder = tmp_path / "cli"

    def dd(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), "--db-url", url, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert dd("init", "--branch-code", "BJ01", "--branch-name", "北京朝阳店", "--admin", "admin",
              "--password", "admin123-Kq7v")[0] == 0
    assert dd("demo", "--customers", "8")[0] == 0
    code, orders, _ = dd("work-orders", "list")
    assert code == 0
    number = orders.splitlines()[0].split("\t")[0]
    plate = orders.splitlines()[0].split("\t")[1]
    code, hits, _ = dd("search", plate)
    assert code == 0 and plate in hits
    pdf = tmp_path / "wo.pdf"
    assert dd("print", "work-order", number, "-o", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not (folder / "dealerdesk.sqlite3").exists()
