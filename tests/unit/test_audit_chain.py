"""Tamper-evident records (issue 23, item 5), on the SQLite file and on the shop's server.

"`dealerdesk check` said 完整性检查通过 after a deduction, a mobile number, a payment method
and an audit entry's actor had been changed directly in the database file and the newest
audit entry deleted."

"The audit trail becomes a hash chain (each entry carries the hash of the one before), and
every audited change records a digest of the row's new content. `dealerdesk check` verifies
the chain and that every row of every audited table matches its last audited digest, and
reports each row changed, added or deleted outside the app (table and readable label, e.g.
the work-order number), exit 1."

Contract: "`dealerdesk check` exits 1 and prints one line per finding, naming the table, for
an audit chain break and for each row changed outside the app".
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, select, text

from app.cli import main
from app.context import AppContext
from domain.model import AuditEntry, Customer, Discount, Vehicle
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from storage import audit_chain
from storage.audit_chain import GENESIS, TOMBSTONE, entry_hash, row_digest


def check(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """``dealerdesk check`` on ``ctx``'s database: exit code and printed lines."""
    capsys.readouterr()
    argv = ["--data-dir", str(ctx.data_dir)]
    if ctx.location.is_server:
        argv += ["--db-url", ctx.location.url]
    code = main([*argv, "check"])
    out, _err = capsys.readouterr()
    return code, [line for line in out.splitlines() if line]


def edit(ctx: AppContext, sql: str, **params: Any) -> None:
    """A change made with a database tool, around the app."""
    with ctx.db.engine.begin() as conn:
        conn.execute(text(sql), params)


def one(conn: Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).first()


@pytest.fixture
def demo(ctx: AppContext, services: Services) -> AppContext:
    services.demo.load(Actor.system(), customers=30)
    return ctx


# --- a normal working session leaves check clean ---------------------------------------------
def test_working_session_and_demo_leave_check_clean(
        demo: AppContext, services: Services, advisor: Actor, capsys: pytest.CaptureFixture[str]) -> None:
    customer = services.customers.create(advisor, CustomerInput(name="链测试", mobile="13912345678"),
                                         VehicleInput(plate="京C54321"))
    services.customers.update(advisor, customer.id, CustomerInput(name="链测试", mobile="13912345679"),
                              expected_version=customer.row_version)
    code, lines = check(demo, capsys)
    assert (code, lines) == (0, ["完整性检查通过"])


def test_every_entry_is_chained_and_every_row_has_its_digest(demo: AppContext) -> None:
    with demo.db.engine.connect() as conn:
        entries = list(conn.execute(select(AuditEntry.__table__).order_by(text("seq"))).mappings())
        assert entries and all(e["entry_hash"] for e in entries)
        assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
        prev = GENESIS
        for entry in entries:
            assert entry["prev_hash"] == prev and entry_hash(entry, prev) == entry["entry_hash"]
            prev = entry["entry_hash"]
        head = one(conn, "SELECT seq, last_hash FROM audit_chain_heads WHERE is_local")
        assert (head.seq, head.last_hash) == (len(entries), prev)
        # "every audited change records a digest of the row's new content"
        created = [e for e in entries if e["action"] in ("create", "update", "state")]
        assert created and all(len(e["row_digest"]) == 64 for e in created)
        count = one(conn, "SELECT COUNT(*) FROM customers")[0]
        digests = one(conn, "SELECT COUNT(*) FROM audit_row_digests WHERE table_name = 'customers'")[0]
        assert count == digests == 30


def test_an_update_and_a_delete_through_the_app_record_their_digests(
        demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.unit_of_work() as session:  # as a service does
        vehicle = session.scalars(select(Vehicle).limit(1)).one()
        vehicle.brand = "改过的品牌"
        vehicle_id = vehicle.id
        discount = session.scalars(select(Discount).limit(1)).one()
        discount_id = discount.id
        session.delete(discount)
    with demo.db.engine.connect() as conn:
        updated = one(conn, "SELECT row_digest FROM audit_entries WHERE record_id = :i "
                            "AND action = 'update' ORDER BY seq DESC", i=vehicle_id)
        row = conn.execute(select(Vehicle.__table__).where(text("id = :i")), {"i": vehicle_id}).mappings().one()
        assert updated.row_digest == row_digest("vehicles", row)
        deleted = one(conn, "SELECT row_digest FROM audit_entries WHERE record_id = :i "
                            "AND action = 'delete'", i=discount_id)
        assert deleted.row_digest == TOMBSTONE
        assert one(conn, "SELECT 1 FROM audit_row_digests WHERE record_id = :i", i=discount_id) is None
    assert check(demo, capsys) == (0, ["完整性检查通过"])


# --- each tamper is found: exit 1, one line, the table named --------------------------------
def _one_finding(ctx: AppContext, capsys: pytest.CaptureFixture[str], table: str) -> str:
    code, lines = check(ctx, capsys)
    assert code == 1, lines
    assert len(lines) == 1, lines
    assert table in lines[0]
    return lines[0]


def test_an_edited_deduction_is_found(demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.engine.connect() as conn:
        found = one(conn, "SELECT d.id, o.number FROM wo_discounts d JOIN work_orders o "
                          "ON o.id = d.work_order_id LIMIT 1")
    edit(demo, "UPDATE wo_discounts SET amount_fen = amount_fen + 10000 WHERE id = :i", i=found.id)
    line = _one_finding(demo, capsys, "wo_discounts")
    assert "在程序之外被修改" in line


def test_an_edited_mobile_is_found(demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.engine.connect() as conn:
        found = one(conn, "SELECT id FROM customers LIMIT 1")
    edit(demo, "UPDATE customers SET mobile = '13000000000' WHERE id = :i", i=found.id)
    assert "在程序之外被修改" in _one_finding(demo, capsys, "customers")


def test_an_edited_payment_method_names_the_work_order(demo: AppContext,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.engine.connect() as conn:
        found = one(conn, "SELECT id, method FROM wo_payments LIMIT 1")
    edit(demo, "UPDATE wo_payments SET method = :m WHERE id = :i",
         m="cash" if found.method != "cash" else "card", i=found.id)
    assert "在程序之外被修改" in _one_finding(demo, capsys, "wo_payments")


def test_an_edited_work_order_is_named_by_its_number(demo: AppContext,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.engine.connect() as conn:
        found = one(conn, "SELECT id, number FROM work_orders LIMIT 1")
    edit(demo, "UPDATE work_orders SET customer_words = 'x' WHERE id = :i", i=found.id)
    assert found.number in _one_finding(demo, capsys, "work_orders")


def test_an_edited_audit_actor_is_found(demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.engine.connect() as conn:
        found = one(conn, "SELECT id, seq FROM audit_entries WHERE seq = 5")
    edit(demo, "UPDATE audit_entries SET staff_name = '别人' WHERE id = :i", i=found.id)
    line = _one_finding(demo, capsys, "audit_entries")
    assert "第 5 条" in line


def test_an_inserted_row_is_found(ctx: AppContext, services: Services, advisor: Actor,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    customer = services.customers.create(advisor, CustomerInput(name="原客户", mobile="13912340001"),
                                         VehicleInput(plate="京E00001"))
    with ctx.db.engine.begin() as conn:
        row = dict(conn.execute(text("SELECT * FROM customers WHERE id = :i"),
                                {"i": customer.id}).mappings().one())
        row.update(id="00000000-0000-4000-8000-000000000001", name="假客户", mobile="13900000000")
        columns = ", ".join(row)
        conn.execute(text(f"INSERT INTO customers ({columns}) VALUES "  # noqa: S608 (test)
                          f"({', '.join(':' + c for c in row)})"), row)
    line = _one_finding(ctx, capsys, "customers")
    assert "被添加" in line


def test_a_deleted_row_is_found(demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    with demo.db.engine.connect() as conn:
        found = one(conn, "SELECT id FROM wo_payments LIMIT 1")
    edit(demo, "DELETE FROM wo_payments WHERE id = :i", i=found.id)
    assert "被删除" in _one_finding(demo, capsys, "wo_payments")


def test_the_deleted_newest_entry_is_found(demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    edit(demo, "DELETE FROM audit_entries WHERE seq = (SELECT MAX(seq) FROM audit_entries)")
    line = _one_finding(demo, capsys, "audit_entries")
    assert "已被删除" in line


def test_a_forged_digest_still_disagrees_with_the_chained_entry(
        ctx: AppContext, services: Services, advisor: Actor, capsys: pytest.CaptureFixture[str]) -> None:
    customer = services.customers.create(advisor, CustomerInput(name="客户甲", mobile="13912340002"),
                                         VehicleInput(plate="京F00001"))
    edit(ctx, "UPDATE customers SET mobile = '13000000001' WHERE id = :i", i=customer.id)
    with ctx.db.engine.begin() as conn:
        row = conn.execute(select(Customer.__table__).where(text("id = :i")),
                           {"i": customer.id}).mappings().one()
        conn.execute(text("UPDATE audit_row_digests SET digest = :d WHERE record_id = :i"),
                     {"d": row_digest("customers", row), "i": customer.id})
    assert "校验值与操作日志不符" in _one_finding(ctx, capsys, "customers")


def test_rebaseline_accepts_the_rows_as_they_are(demo: AppContext,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """What a migration that rewrites rows does (module doc of storage.audit_chain)."""
    edit(demo, "UPDATE vehicles SET brand = 'x'")
    assert check(demo, capsys)[0] == 1
    with demo.db.engine.begin() as conn:
        audit_chain.rebaseline(conn, "vehicles")
    assert check(demo, capsys) == (0, ["完整性检查通过"])


# --- existing databases get a baseline in the migration ---------------------------------------
@pytest.mark.sqlite_only
def test_migration_0021_chains_the_existing_trail_and_baselines_every_row(
        demo: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    """"Existing databases get a baseline in the migration.\""""
    from alembic import command

    from storage import migrate
    from storage.engine import make_engine, sqlite_url

    db_file = demo.location.sqlite_file
    assert db_file is not None
    demo.db.close()
    engine = make_engine(sqlite_url(db_file))
    try:
        command.downgrade(migrate.alembic_config(engine), "0019")
        with engine.connect() as conn:
            entries = conn.execute(text("SELECT COUNT(*) FROM audit_entries")).scalar_one()
            rows = sum(conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()  # noqa: S608
                       for name in sorted(audit_chain.audited_names()))
        command.upgrade(migrate.alembic_config(engine), "head")
        with engine.connect() as conn:
            head = conn.execute(text("SELECT seq FROM audit_chain_heads WHERE is_local")).scalar_one()
            digests = conn.execute(text("SELECT COUNT(*) FROM audit_row_digests")).scalar_one()
    finally:
        engine.dispose()
    assert head == entries and digests == rows
    assert check(demo, capsys) == (0, ["完整性检查通过"])


@pytest.mark.sqlite_only
def test_a_restored_backup_goes_on_in_a_chain_of_its_own(
        ctx: AppContext, services: Services, advisor: Actor, tmp_path: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The restored database goes on from an older point of its chain: its restore entry
    starts a new chain and the one before is kept, retired, so both still verify."""
    services.customers.create(advisor, CustomerInput(name="备份前", mobile="13912340003"),
                              VehicleInput(plate="京H00001"))
    backup = tmp_path / "copy.sqlite3"
    argv = ["--data-dir", str(ctx.data_dir)]
    assert main([*argv, "backup", "-o", str(backup)]) == 0
    services.customers.create(advisor, CustomerInput(name="备份后", mobile="13912340004"),
                              VehicleInput(plate="京H00002"))
    ctx.close()
    assert main([*argv, "restore", str(backup)]) == 0
    capsys.readouterr()
    assert check(ctx, capsys) == (0, ["完整性检查通过"])
    from storage.engine import make_engine, sqlite_url

    assert ctx.location.sqlite_file is not None
    engine = make_engine(sqlite_url(ctx.location.sqlite_file))
    try:
        with engine.connect() as conn:
            heads = conn.execute(text("SELECT is_local, source, seq FROM audit_chain_heads "
                                      "ORDER BY is_local")).all()
            first = one(conn, "SELECT seq, action FROM audit_entries WHERE chain_id = "
                              "(SELECT chain_id FROM audit_chain_heads WHERE is_local)")
    finally:
        engine.dispose()
    assert [(bool(h.is_local), h.source) for h in heads] == [(False, audit_chain.RETIRED), (True, "")]
    assert (first.seq, first.action) == (1, "restore")
