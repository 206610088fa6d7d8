"""HQ on PostgreSQL: the same import code, against a real server (tests/sync/pg.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.context import AppContext
from domain.roles import Actor
from storage.syncrows import owned_tables
from tests.sync.helpers import PASSWORD, Side, add_customer, make_branch, rewrite_member, rows_of
from tests.sync.pg import new_database


@pytest.fixture
def pg_hq(pg_server: str, tmp_path: Path) -> Iterator[Side]:
    ctx = AppContext.open(tmp_path / "hq", db_url=new_database(pg_server))
    assert ctx.db.engine.dialect.name == "postgresql"
    ctx.services.branches.initialise(code="HQ", name="总部", admin_username="admin",
                                     admin_password=PASSWORD, mode="hq")
    side = Side(ctx, tmp_path / "hq")
    side.sync.ensure_hq_keys()
    yield side
    side.close()


def pg_checksum(side: Side) -> str:
    """SHA-256 over every table's rows: any change anywhere changes it."""
    digest = hashlib.sha256()
    engine = side.ctx.db.engine
    with engine.connect() as conn:
        for name in sorted(inspect(engine).get_table_names()):
            digest.update(name.encode())
            for row in sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{name}"'))):
                digest.update(row.encode())
    return digest.hexdigest()


def _compare(hq: Side, branch: Side) -> int:
    compared = 0
    for table in owned_tables("branch"):
        theirs = rows_of(branch, table.name)
        ours = rows_of(hq, table.name)
        for row_id, row in theirs.items():
            assert ours.get(row_id) == row, (table.name, row_id)
            compared += 1
    return compared


def test_round_trip_idempotence_and_refusal_on_postgres(pg_hq: Side, template: Path,
                                                        tmp_path: Path) -> None:
    bj = make_branch(template, tmp_path / "bj", "BJ01", pg_hq)
    sh = make_branch(template, tmp_path / "sh", "SH01", pg_hq)
    try:
        # the demo brings complaint slips in every state (a reopened slip points at its
        # predecessor inside the same bundle), work orders with lines and events, care tasks
        bj.ctx.services.demo.load(Actor.system(), customers=12)
        add_customer(sh, "李四", "13900000002", "沪B20002")
        a = bj.sync.export_bundle(tmp_path / "a.ddsync")
        b = sh.sync.export_bundle(tmp_path / "b.ddsync")
        results = pg_hq.sync.import_bundles([b.path, a.path])
        assert [(r.sender, r.status) for r in results] == [("BJ01", "applied"), ("SH01", "applied")], \
            [r.message for r in results]
        assert _compare(pg_hq, bj) > 100 and _compare(pg_hq, sh) > 0
        with pg_hq.ctx.db.engine.connect() as conn:  # the self-reference arrived intact
            assert conn.execute(text("SELECT count(*) FROM complaint_slips "
                                     "WHERE reopened_from_id IS NOT NULL")).scalar_one() > 0
        statuses = {s.code: s for s in pg_hq.sync.branch_statuses()}
        assert statuses["BJ01"].last_seq == a.last_seq
        # HQ's consolidated lists filter by branch on PostgreSQL too
        orders = pg_hq.ctx.services.work_orders.list_orders(Actor.system(), branch_code="BJ01", limit=500)
        assert orders and not pg_hq.ctx.services.work_orders.list_orders(Actor.system(), branch_code="SH01")

        # idempotent: the same bundles again change nothing
        before = pg_checksum(pg_hq)
        again = pg_hq.sync.import_bundles([a.path, b.path])
        assert [r.status for r in again] == ["skipped", "skipped"]
        assert pg_checksum(pg_hq) == before

        # an overlapping bundle applies only the new part
        add_customer(bj, "赵六", "13600000004", "京D40004")
        overlap = bj.sync.export_bundle(tmp_path / "c.ddsync", since=a.last_seq - 5)
        [applied] = pg_hq.sync.import_bundles([overlap.path])
        assert applied.status == "applied", applied.message
        assert _compare(pg_hq, bj) > 100

        # a tampered bundle is refused and leaves PostgreSQL unchanged
        add_customer(bj, "钱七", "13500000005", "京E50005")
        fresh = bj.sync.export_bundle(tmp_path / "d.ddsync")
        bad = tmp_path / "tampered.ddsync"
        rewrite_member(fresh.path, bad, "payload.bin", b"\x00" * 64)
        before = pg_checksum(pg_hq)
        [refused] = pg_hq.sync.import_bundles([bad])
        assert refused.status == "refused"
        assert pg_checksum(pg_hq) == before
        # and the genuine one still applies afterwards
        [ok] = pg_hq.sync.import_bundles([fresh.path])
        assert ok.status == "applied", ok.message
        assert _compare(pg_hq, bj) > 100
    finally:
        bj.close()
        sh.close()


def test_cli_db_url_runs_hq_on_postgres(pg_server: str, template: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    url = new_database(pg_server)
    hq_dir = tmp_path / "hq"
    base = ["--data-dir", str(hq_dir), "--db-url", url]
    assert main([*base, "init", "--hq", "--name", "总部", "--admin", "admin", "--password", PASSWORD]) == 0
    assert main([*base, "hq", "enrol-branch", "BJ01", "--name", "北京一店",
                 "-o", str(tmp_path / "bj.enrol")]) == 0
    assert not (hq_dir / "dealerdesk.sqlite3").exists()  # the data is on the server
    assert (hq_dir / "keys").is_dir()  # the keys stay in the data folder
    bj = make_branch(template, tmp_path / "bj", "BJ01")
    try:
        bj.sync.enrol(tmp_path / "bj.enrol")
        bj.ctx.services.demo.load(Actor.system(), customers=5)
        out = bj.sync.export_bundle(tmp_path / "bj.ddsync")
    finally:
        bj.close()
    capsys.readouterr()
    assert main([*base, "import", str(out.path)]) == 0
    assert main([*base, "complaints", "list", "--branch", "BJ01"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed
    assert main([*base, "complaints", "list", "--branch", "SH01"]) == 0
    assert capsys.readouterr().out == ""
    assert main([*base, "work-orders", "list", "--branch", "BJ01"]) == 0
    assert capsys.readouterr().out.strip()


def test_monthly_kpi_on_postgres_counts_what_the_branch_counts(pg_hq: Side, template: Path,
                                                               tmp_path: Path) -> None:
    """The KPI statements (day arithmetic, warranty days, one branch without GROUP BY, the
    stored facts) give on PostgreSQL at HQ exactly the figures the branch counts on SQLite."""
    from dataclasses import replace

    from sqlalchemy import select

    from domain import clock
    from domain.model import Branch
    from domain.services.kpi import month_window, shift_month
    from storage.kpi_queries import SqlKpiQueries

    bj = make_branch(template, tmp_path / "bj", "BJ01", pg_hq)
    try:
        bj.ctx.services.demo.load(Actor.system(), customers=40)
        made = bj.sync.export_bundle(tmp_path / "bj.ddsync")
        [result] = pg_hq.sync.import_bundles([made.path])
        assert result.status == "applied", result.message
        today = clock.now().date()
        months = [shift_month(today.year, today.month, -k) for k in range(4)]
        counted = 0
        with bj.ctx.services.uow() as branch_session, pg_hq.ctx.services.uow() as hq_session:
            bj_id = branch_session.scalar(select(Branch.id).where(Branch.is_local.is_(True)))
            assert bj_id is not None
            for year, mon in months:
                window = month_window(year, mon, "Asia/Shanghai", None)
                ours = SqlKpiQueries()._facts_by_branch(branch_session, replace(window, branch_ids=(bj_id,)))
                for ids in ((bj_id,), None):
                    theirs = SqlKpiQueries()._facts_by_branch(hq_session, replace(window, branch_ids=ids))
                    assert theirs.get(bj_id) == ours.get(bj_id), (year, mon, ids)
                counted += ours[bj_id].delivered if bj_id in ours else 0
        assert counted > 0  # the demo delivered orders in these months
        every = pg_hq.ctx.services.kpi.monthly(Actor.system(), f"{today.year:04d}-{today.month:02d}", "all")
        again = pg_hq.ctx.services.kpi.monthly(Actor.system(), f"{today.year:04d}-{today.month:02d}", "all")
        assert every.previous.facts == again.previous.facts  # stored on PostgreSQL, read back
    finally:
        bj.close()
