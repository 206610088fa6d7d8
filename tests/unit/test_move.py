"""storage.move / app.db_move: the branch keeps its sync identity on the server, keys that
point forward within a table, progress and 取消, and which server is this PC's own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from app.context import AppContext
from app.db_move import move_folder_to_server
from domain.errors import Conflict
from domain.model import FollowUpTask
from storage import migrate, move
from storage.database import DB_FILE_NAME, Database
from storage.engine import make_engine, sqlite_backup
from storage.location import CONNECTION_FILE
from sync.service import keys_dir
from tests.pg import drop_database, new_database
from tests.sync.helpers import Side, add_customer, make_branch, make_hq


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    Database.open(folder, create=True).close()
    return folder


@pytest.fixture
def target(pg_server: str) -> Iterator[str]:
    url = new_database(pg_server)
    yield url
    drop_database(url)


def _rows(url: str, table: str) -> int:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0


def test_the_branch_keeps_its_sequence_and_keys_at_hq(template: Path, tmp_path: Path,
                                                      target: str) -> None:
    hq = make_hq(template, tmp_path / "hq")
    bj = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        add_customer(bj, "张三", "13800000001", "京A10001")
        before = bj.sync.export_bundle(tmp_path / "1.ddsync")
        [applied] = hq.sync.import_bundles([before.path])
        assert applied.status == "applied"
        # HQ's acknowledgement comes back to the branch before the move
        ack = hq.sync.export_for_branch("BJ01", tmp_path / "hq.ddsync")
        assert [r.status for r in bj.sync.import_bundles([ack.path])] == ["applied"]
        fingerprint = bj.sync.local_fingerprint()
        keys = sorted(p.name for p in keys_dir(bj.data_dir).iterdir())
        bj.close()

        move.move_to_server(bj.data_dir, target)

        bj = Side(AppContext.open(bj.data_dir), bj.data_dir)
        assert bj.ctx.location.is_server
        assert sorted(p.name for p in keys_dir(bj.data_dir).iterdir()) == keys
        assert bj.sync.local_fingerprint() == fingerprint
        add_customer(bj, "李四", "13900000002", "京B20002")
        after = bj.sync.export_bundle(tmp_path / "2.ddsync")
        # the export continues from HQ's acknowledgement: no gap (HQ would refuse one), and
        # what HQ already has is not sent again under new numbers
        assert before.last_seq < after.first_seq <= before.last_seq + 3
        assert after.last_seq > after.first_seq
        [second] = hq.sync.import_bundles([after.path])
        assert second.status == "applied", second.message
    finally:
        bj.close()
        hq.close()


def test_keys_pointing_forward_within_a_table_are_copied(
        initialised_template: Path, tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A follow-up whose previous task sorts after it (as a rework's original order or a
    reopened complaint may), in another batch: the table is one statement on the server."""
    monkeypatch.setattr(move, "BATCH_ROWS", 1)
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite_backup(initialised_template, folder / DB_FILE_NAME)
    first, later = "0" * 8 + "-0000-4000-8000-" + "0" * 12, "f" * 8 + "-ffff-4fff-bfff-" + "f" * 12
    db = Database.open(folder)
    try:
        with db.unit_of_work() as session:
            session.add(FollowUpTask(id=later, due_on=date(2026, 1, 5)))
            session.flush()
            session.add(FollowUpTask(id=first, due_on=date(2026, 1, 9), previous_task_id=later))
    finally:
        db.close()
    seen: list[tuple[int, int]] = []

    report = move.move_to_server(folder, target, lambda done, total: seen.append((done, total)))

    assert seen[-1][0] == seen[-1][1] == 2 * report.rows  # copied, then verified
    with psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://")) as conn:
        pairs = dict(conn.execute("SELECT id, previous_task_id FROM follow_up_tasks").fetchall())
    assert pairs == {first: later, later: None}


def test_cancel_undoes_everything(initialised_template: Path, tmp_path: Path, target: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite_backup(initialised_template, folder / DB_FILE_NAME)
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Conflict) as refused:
        move.move_to_server(folder, target, cancelled=cancelled)
    assert refused.value.code == "move.cancelled"
    assert not (folder / CONNECTION_FILE).exists() and (folder / DB_FILE_NAME).is_file()
    with psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://")) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                            ).fetchone() == (0,)


def test_the_gui_context_is_closed_only_after_a_move(initialised_template: Path, tmp_path: Path,
                                                     target: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite_backup(initialised_template, folder / DB_FILE_NAME)
    ctx = AppContext.open(folder)
    closed: list[bool] = []
    real_close = ctx.close
    ctx.close = lambda: (closed.append(True), real_close())[-1]  # type: ignore[method-assign]
    with pytest.raises(Conflict):
        move_folder_to_server(ctx, target + "_missing")  # no such database
    assert closed == [] and ctx.services.branches.is_initialised()

    report = move_folder_to_server(ctx, target)
    assert closed == [True] and report.location.is_server and not report.location.hosted_here
    again = AppContext.open(folder)
    try:
        assert again.location.is_server
        with pytest.raises(Conflict) as refused:
            move_folder_to_server(again, target)
        assert refused.value.code == "move.already"
    finally:
        again.close()
    assert _rows(target, "branches") == 1


def _fake_main_pc(folder: Path, port: int) -> None:
    """What ``LocalServer.exists`` and ``config`` read (no cluster is started)."""
    server = folder / "server"
    (server / "pgdata").mkdir(parents=True)
    (server / "pgdata" / "PG_VERSION").write_text("18\n")
    (server / "host.json").write_text(json.dumps({
        "port": port, "bind": "*", "role": "dealerdesk", "password": "pw",
        "superuser_password": "su", "database": "dealerdesk"}))


def test_which_server_is_this_pcs_own(tmp_path: Path) -> None:
    url = "postgresql://dealerdesk:pw@{}:{}/dealerdesk"
    assert not move.is_this_pcs_server(tmp_path, url.format("127.0.0.1", 5433))  # no main PC
    _fake_main_pc(tmp_path, 5433)
    assert move.is_this_pcs_server(tmp_path, url.format("127.0.0.1", 5433))
    assert move.is_this_pcs_server(tmp_path, url.format("localhost", 5433))
    assert not move.is_this_pcs_server(tmp_path, url.format("127.0.0.1", 5432))
    assert not move.is_this_pcs_server(tmp_path, url.format("192.0.2.10", 5433))  # another PC


def test_records_at_an_older_schema_are_refused_before_any_migration(
        initialised_template: Path, tmp_path: Path, target: str) -> None:
    from alembic import command

    engine = make_engine(target)
    try:
        command.upgrade(migrate.alembic_config(engine), "0012")
    finally:
        engine.dispose()
    plain = target.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn:
        conn.execute("INSERT INTO sync_revoked_keys (fingerprint, peer_code, revoked_at) "
                     "VALUES ('ab', 'SH01', now())")
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite_backup(initialised_template, folder / DB_FILE_NAME)

    with pytest.raises(Conflict) as refused:
        move.move_to_server(folder, target)

    assert refused.value.code == "move.target_not_empty"
    assert refused.value.params["table"] == "sync_revoked_keys"
    with psycopg.connect(plain) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0012",)
