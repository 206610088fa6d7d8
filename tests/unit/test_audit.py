"""The audit trail (操作日志): row changes with before/after, events, append-only, sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from app.backups import AppBackups
from app.context import AppContext
from domain import audit
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.model import Customer, FollowUpTask, Staff
from domain.model.audit import AuditEntry
from domain.roles import Actor, Role
from domain.services.audit import AuditFilter, AuditView
from domain.services.customers import CustomerInput
from domain.services.registry import Services
from tests.conftest import ADMIN_PASSWORD, make_actor
from tests.unit.test_workorders_service import Shop, open_order
from tests.unit.test_workorders_service import shop as shop  # noqa: F401  (the fixture)


def trail(services: Services, **filters: str) -> list[AuditView]:
    return services.audit.list(Actor.system(), AuditFilter(**filters), newest_first=False)  # type: ignore[arg-type]


def raw_trail(ctx: AppContext) -> str:
    """Everything stored in the trail, as text (to prove what is *not* in it)."""
    with ctx.db.unit_of_work() as session:
        return "\n".join(f"{e.detail} {e.changes} {e.record_label}"
                         for e in session.scalars(select(AuditEntry)))


def test_customer_create_update_delete_have_before_after_and_actor(
        ctx: AppContext, services: Services, advisor: Actor) -> None:
    made = services.customers.create(advisor, CustomerInput(name="张三", mobile="13900000001"))
    (created,) = trail(services, table_name="customers", action="create")
    assert created.record_id == made.id and created.staff_id == advisor.staff_id
    assert created.staff_name == advisor.display_name and created.record_label == "张三"
    assert created.changes["mobile"] == (None, "13900000001")

    services.customers.update(advisor, made.id, CustomerInput(name="张三", mobile="13900000002",
                                                              notes="VIP"))
    changed = trail(services, table_name="customers", action="update")[-1]
    assert changed.changes == {"mobile": ("13900000001", "13900000002"), "notes": ("", "VIP")}
    assert changed.staff_id == advisor.staff_id
    assert "mobile: 13900000001 → 13900000002" in changed.summary()

    manager = make_actor(services, services.staff.login("admin", ADMIN_PASSWORD), Role.MANAGER, "boss")
    with audit.acting(manager), ctx.db.unit_of_work() as session:
        for task in session.scalars(select(FollowUpTask).where(FollowUpTask.customer_id == made.id)):
            session.delete(task)
        session.flush()
        session.delete(session.get(Customer, made.id))
    (gone,) = trail(services, table_name="customers", action="delete")
    assert gone.staff_id == manager.staff_id and gone.changes["name"] == ("张三", None)
    actions = [e.action for e in trail(services, record=made.id)]
    assert actions[0] == "create" and actions[-1] == "delete" and "update" in actions


def test_rows_changed_without_actor_are_the_system(ctx: AppContext, services: Services) -> None:
    audit.set_actor(None)
    with ctx.db.unit_of_work() as session:
        session.add(Customer(branch_id=services.branches.current().id, name="无名"))
    (entry,) = trail(services, table_name="customers")
    assert entry.staff_id is None and entry.staff_name == "系统"


def test_work_order_state_change(shop: Shop) -> None:
    order = open_order(shop)
    shop.wo.cancel(shop.advisor, order.id, "客户不修了")
    states = [e for e in trail(shop.services, table_name="work_orders", action="state")]
    assert len(states) == 1
    (entry,) = states
    assert entry.changes["state"][1] == "cancelled" and entry.changes["state"][0] != "cancelled"
    assert entry.record_label == order.number and entry.staff_id == shop.advisor.staff_id
    assert entry.changes["cancel_reason"] == ("", "客户不修了")


def test_failed_login_and_login_are_recorded(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError):
        services.staff.login("admin", "wrong-password")
    with pytest.raises(ValidationError):
        services.staff.login("nobody", "x")
    failed = trail(services, action="login_failed")
    assert [e.record_label for e in failed] == ["admin", "nobody"]
    assert failed[0].staff_id == admin.staff_id and "wrong-password" not in failed[0].summary()
    assert any(e.staff_id == admin.staff_id for e in trail(services, action="login"))


def test_permission_refusal_is_kept_although_the_call_rolled_back(
        shop: Shop, ctx: AppContext) -> None:
    order = open_order(shop)
    with pytest.raises(NotAllowed):
        shop.wo.cancel(shop.cashier, order.id, "想取消")  # refused before its unit of work
    (refused,) = trail(shop.services, action="refused")
    assert refused.staff_id == shop.cashier.staff_id and refused.detail
    assert shop.wo.get(shop.advisor, order.id).state != "cancelled"

    # a refusal inside an open unit of work is saved after that unit has rolled back
    from domain.roles import Permission, require
    with pytest.raises(NotAllowed), ctx.db.unit_of_work() as session:
        session.add(Customer(branch_id=shop.services.branches.current().id, name="回滚"))
        session.flush()
        require(shop.tech, Permission.CUSTOMER_EDIT)
    refusals = trail(shop.services, action="refused")
    assert len(refusals) == 2 and refusals[1].staff_id == shop.tech.staff_id
    assert not trail(shop.services, table_name="customers", record="回滚")


def test_backup_and_restore_are_recorded(ctx: AppContext, admin: Actor, tmp_path: Path) -> None:
    # the SQLite file's backup, or the server's dump: both record who did it
    backups = AppBackups(ctx, admin, release=lambda: None)
    result = backups.take_backup()
    (entry,) = trail(ctx.services, action="backup")
    assert entry.staff_id == admin.staff_id and result.path.name in entry.detail

    AppBackups(ctx, admin, release=ctx.close).restore(result.path)
    reopened = AppContext.open(ctx.data_dir, db_url=ctx.location.url if ctx.db.is_server else None)
    try:
        (restored,) = trail(reopened.services, action="restore")
        assert restored.staff_id == admin.staff_id and str(result.path) in restored.detail
    finally:
        reopened.close()


def test_password_changes_never_reach_the_trail(ctx: AppContext, services: Services,
                                                admin: Actor) -> None:
    made = services.staff.create(admin, username="lisi", display_name="李", role="advisor",
                                 password="Secret-pass-1")
    services.staff.reset_password(admin, made.id, "Other-pass-22")
    li = services.staff.login("lisi", "Other-pass-22")
    services.staff.change_own_password(li, "Other-pass-22", "Third-pass-333")
    with ctx.db.unit_of_work() as session:
        hashes = [session.get(Staff, made.id).password_hash]  # type: ignore[union-attr]
    stored = raw_trail(ctx)
    for secret in ("Secret-pass-1", "Other-pass-22", "Third-pass-333", *hashes):
        assert secret not in stored
    updates = trail(services, table_name="staff", record=made.id, action="update")
    assert [e.staff_id for e in updates] == [admin.staff_id, li.staff_id]
    assert all(e.changes["password_hash"] == (audit.SECRET_MARK, audit.SECRET_MARK) for e in updates)


def test_audit_rows_cannot_be_changed_or_deleted(ctx: AppContext, services: Services,
                                                 advisor: Actor) -> None:
    services.customers.create(advisor, CustomerInput(name="赵六"))
    with pytest.raises(Conflict) as info, ctx.db.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry)).first()
        assert entry is not None
        entry.detail = "改过了"
    assert info.value.code == "audit.append_only"
    with pytest.raises(Conflict), ctx.db.unit_of_work() as session:
        session.delete(session.scalars(select(AuditEntry)).first())
    with pytest.raises(Conflict), ctx.db.unit_of_work() as session:
        session.execute(update(AuditEntry).values(detail="x"))
    with pytest.raises(Conflict), ctx.db.unit_of_work() as session:
        session.execute(delete(AuditEntry))
    assert "改过了" not in raw_trail(ctx) and trail(services, table_name="customers")


def test_bulk_dml_is_one_summary_entry(ctx: AppContext, services: Services) -> None:
    from sqlalchemy import insert

    branch = services.branches.current().id
    with ctx.db.unit_of_work() as session:
        session.execute(insert(Customer), [{"branch_id": branch, "name": f"客户{i}"} for i in range(30)])
    with ctx.db.unit_of_work() as session:
        session.execute(update(Customer).where(Customer.name.like("客户1%")).values(notes="批量"))
    inserted = trail(services, action="bulk_insert")
    assert [(e.table_name, e.row_count) for e in inserted] == [("customers", 30)]
    assert [(e.table_name, e.row_count) for e in trail(services, action="bulk_update")] == \
        [("customers", 11)]
    assert not trail(services, table_name="customers", action="create")


def test_only_managers_and_admins_read_the_trail(services: Services, admin: Actor,
                                                 advisor: Actor) -> None:
    assert services.audit.list(admin)
    with pytest.raises(NotAllowed):
        services.audit.list(advisor)


def test_entries_carry_json_changes(ctx: AppContext, services: Services, advisor: Actor) -> None:
    services.customers.create(advisor, CustomerInput(name="钱七"))
    with ctx.db.unit_of_work() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "create",
                                                         AuditEntry.table_name == "customers")).one()
        assert json.loads(entry.changes)["name"] == [None, "钱七"]


def test_entries_travel_to_hq_in_the_sync_bundle(tmp_path: Path) -> None:
    from storage.database import Database
    from tests.sync.helpers import add_customer, make_branch, make_hq, rows_of

    template = tmp_path / "template"
    Database.open(template, create=True).close()
    hq = make_hq(template, tmp_path / "hq")
    bj = make_branch(template, tmp_path / "bj", "BJ01", hq)
    try:
        customer = add_customer(bj, "孙八", "13700000008", "京H00008")
        exported = bj.sync.export_bundle(tmp_path / "1.ddsync")
        assert exported.counts["audit_entries"] >= 2
        assert hq.sync.import_bundles([exported.path])[0].status == "applied"
        at_hq = rows_of(hq, "audit_entries")
        at_bj = rows_of(bj, "audit_entries")
        assert {k: at_hq.get(k) for k in at_bj} == at_bj  # the export's own entry went with it
        assert any(r["record_id"] == customer and r["action"] == "create" for r in at_hq.values())
        assert any(r["action"] == "export" for r in at_hq.values())
    finally:
        bj.close()
        hq.close()


def test_bulk_statement_changing_nothing_is_not_recorded(ctx: AppContext, services: Services) -> None:
    with ctx.db.unit_of_work() as session:
        session.execute(delete(Customer).where(Customer.name == "不存在"))
    assert not trail(services, action="bulk_delete")
