"""Work-order integrity checks: demo data passes; raw-SQL damage is reported in Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.context import AppContext
from domain import clock
from domain.roles import Actor
from storage import integrity
from storage.database import DB_FILE_NAME
from storage.engine import sqlite_backup
from storage.integrity import integrity_problems
from tests.pg import drop_database, new_database
from tests.unit.test_integrity import RawConnection, raw_connection

NOW = dt.datetime(2026, 11, 18, 6, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def demo_templates() -> dict[str, str]:
    """backend → a database holding the demo data, made once per session and copied for
    each test (loading the demo takes seconds, on the server most of all)."""
    return {}


@pytest.fixture
def demo(backend: str, data_dir: Path, demo_templates: dict[str, str],
         tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[AppContext]:
    data_dir.mkdir(parents=True, exist_ok=True)
    if backend not in demo_templates:
        demo_templates[backend] = _demo_template(backend, tmp_path_factory, request)
    template = demo_templates[backend]
    if backend == "postgresql":
        url = new_database(request.getfixturevalue("pg_server"), template=template)
        context = AppContext.open(data_dir, db_url=url)
        yield context
        context.close()
        drop_database(url)
        return
    sqlite_backup(Path(template), data_dir / DB_FILE_NAME)
    context = AppContext.open(data_dir)
    yield context
    context.close()


def _demo_template(backend: str, tmp_path_factory: pytest.TempPathFactory,
                   request: pytest.FixtureRequest) -> str:
    folder = tmp_path_factory.mktemp(f"demo-{backend}")
    if backend == "postgresql":
        url = new_database(request.getfixturevalue("pg_server"),
                           template=request.getfixturevalue("server_template"))
    else:
        sqlite_backup(request.getfixturevalue("initialised_template"), folder / DB_FILE_NAME)
        url = None
    context = AppContext.open(folder, db_url=url)
    try:
        with clock.freeze(NOW):
            context.services.demo.load(Actor.system(), customers=60)
    finally:
        context.close()
    return url.rsplit("/", 1)[1] if url else str(folder / DB_FILE_NAME)


@pytest.fixture
def raw(demo: AppContext) -> Iterator[RawConnection]:
    yield from raw_connection(demo)


def _db_url(ctx: AppContext) -> list[str]:
    """The command line's ``--db-url`` for ``ctx``'s database when it is on the server."""
    return ["--db-url", ctx.location.url] if ctx.db.is_server else []


def _workorder_problems(ctx: AppContext) -> list[str]:
    return integrity_problems(ctx.db.engine, only=[n for n in integrity.registered_checks()
                                                   if n.startswith("work_orders.")])


def test_checks_are_registered() -> None:
    assert {"work_orders.children_have_order", "work_orders.number_unique",
            "work_orders.number_sequence", "work_orders.totals",
            "work_orders.state_matches_timeline"} <= set(integrity.registered_checks())


def test_demo_data_passes_every_check(demo: AppContext) -> None:
    assert integrity_problems(demo.db.engine) == []


def test_dealerdesk_check_passes_after_dealerdesk_demo(data_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "BJ01", "--branch-name",
                 "测试店", "--admin", "admin", "--password", "admin123-Kq7v"]) == 0
    assert main(["--data-dir", str(data_dir), "demo", "--customers", "40"]) == 0
    out = capsys.readouterr().out
    assert "工单" in out and "demo1234" not in out and "的密码均为 " in out
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    assert capsys.readouterr().out.strip().endswith("完整性检查通过")


def test_labour_line_whose_order_was_deleted(demo: AppContext, raw: RawConnection,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    number, order_id = raw.execute(
        "SELECT o.number, o.id FROM work_orders o JOIN wo_labour_lines l ON l.work_order_id = o.id "
        "WHERE o.rework_of_id IS NULL AND o.id NOT IN (SELECT rework_of_id FROM work_orders "
        "WHERE rework_of_id IS NOT NULL) LIMIT 1").one()
    raw.execute("DELETE FROM work_orders WHERE id = :id", {"id": order_id})
    problems = _workorder_problems(demo)
    assert any(p.startswith("工时项目") and order_id in p and p.endswith("不存在") for p in problems)
    assert any(p.startswith("状态记录") for p in problems)
    assert not any(number in p for p in problems if "工单号" in p)
    # and the command line says so with exit code 1
    assert main(["--data-dir", str(demo.data_dir), *_db_url(demo), "check"]) == 1
    captured = capsys.readouterr()
    assert "工时项目" in captured.out and "完整性检查发现" in captured.err


def test_time_entry_whose_job_was_deleted(demo: AppContext, raw: RawConnection) -> None:
    job_id = raw.execute("SELECT job_id FROM wo_time_entries LIMIT 1").scalar_one()
    raw.execute("UPDATE wo_labour_lines SET job_id = NULL WHERE job_id = :id", {"id": job_id})
    raw.execute("DELETE FROM wo_jobs WHERE id = :id", {"id": job_id})
    assert any(job_id in p and p.startswith("工时记录") for p in _workorder_problems(demo))


def test_duplicated_number(demo: AppContext, raw: RawConnection) -> None:
    # The UNIQUE constraint stops the app; a database edited by hand can lose it.
    if raw.dialect == "sqlite":  # SQLite cannot drop a constraint: the table is made again
        columns = ", ".join(r[1] for r in raw.execute("PRAGMA table_info(work_orders)"))
        raw.execute(f"CREATE TABLE wo_copy AS SELECT {columns} FROM work_orders")
        raw.execute("DROP TABLE work_orders")
        raw.execute("ALTER TABLE wo_copy RENAME TO work_orders")
    else:
        raw.execute("ALTER TABLE work_orders DROP CONSTRAINT uq_work_orders_branch_id_number")
    first, second = raw.execute("SELECT id, number FROM work_orders ORDER BY received_at LIMIT 2").all()
    raw.execute("UPDATE work_orders SET number = :number WHERE id = :id",
                {"number": first[1], "id": second[0]})
    assert f"工单号 {first[1]} 重复了 2 次" in _workorder_problems(demo)


def test_sequence_behind_the_numbers(demo: AppContext, raw: RawConnection) -> None:
    period = raw.execute("SELECT period FROM number_sequences WHERE last_serial > 1 LIMIT 1").scalar_one()
    raw.execute("UPDATE number_sequences SET last_serial = 1 WHERE period = :period", {"period": period})
    problems = _workorder_problems(demo)
    assert len(problems) == 1 and f"超出了 {period} 月的编号计数（1）" in problems[0]


def test_stored_total_differs_from_lines(demo: AppContext, raw: RawConnection) -> None:
    number = raw.execute("SELECT number FROM work_orders WHERE total_fen > 0 LIMIT 1").scalar_one()
    raw.execute("UPDATE work_orders SET total_fen = total_fen + 1 WHERE number = :n", {"n": number})
    line = raw.execute("SELECT o.number, l.id FROM wo_part_lines l JOIN work_orders o "
                       "ON o.id = l.work_order_id WHERE o.number <> :n LIMIT 1", {"n": number}).one()
    raw.execute("UPDATE wo_part_lines SET unit_price_fen = unit_price_fen + 100 WHERE id = :id",
                {"id": line[1]})
    problems = _workorder_problems(demo)
    assert len(problems) == 2
    assert any(p.startswith(f"工单 {number} 保存的合计") for p in problems)
    assert any(p.startswith(f"工单 {line[0]} 保存的合计") for p in problems)


def test_state_does_not_match_the_timeline(demo: AppContext, raw: RawConnection) -> None:
    number = raw.execute("SELECT number FROM work_orders WHERE state = 'in_progress' LIMIT 1").scalar_one()
    raw.execute("UPDATE work_orders SET state = 'ready' WHERE number = :n", {"n": number})
    lonely = raw.execute("SELECT id, number FROM work_orders WHERE state = 'draft' LIMIT 1").one()
    raw.execute("DELETE FROM wo_events WHERE work_order_id = :id", {"id": lonely[0]})
    problems = _workorder_problems(demo)
    assert f"工单 {number} 的状态 ready 与最后一条状态记录（in_progress）不一致" in problems
    assert f"工单 {lonely[1]} 没有任何状态记录（当前状态 draft）" in problems


def test_many_problems_are_capped(demo: AppContext, raw: RawConnection,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import integrity_workorders

    monkeypatch.setattr(integrity_workorders, "MAX_REPORTED", 10)
    monkeypatch.setattr(integrity_workorders, "BATCH", 7)  # several batches
    raw.execute("UPDATE work_orders SET total_fen = total_fen + 1")
    count = raw.execute("SELECT COUNT(*) FROM work_orders").scalar_one()
    problems = integrity_problems(demo.db.engine, only=["work_orders.totals"])
    assert count > 20
    assert len(problems) == 11 and problems[-1] == f"……另有 {count - 10} 个同类问题未列出"
