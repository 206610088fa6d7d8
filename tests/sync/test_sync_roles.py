"""Issue 23 item 2, "Roles on every sync action":

    "Export and import at a branch: manager or admin. Enrolment, revocation and re-issued
    enrolment files: HQ admin only. The GUI greys out what the role may not do, and the
    services refuse it anyway. The audit trail names the person"

The services' half is here (the GUI's is in tests/ui/test_sync_page.py, the command line's
operating-system account in tests/sync/test_sync_cli.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from domain.errors import NotAllowed
from domain.model.audit import AuditEntry
from domain.roles import LOGIN_ROLES, MATRIX, Actor, Permission, Role, can
from sync.service import PEERS, SyncService, keys_dir
from tests.sync.helpers import PASSWORD, Side, add_customer, table_checksum

EXCHANGERS = {Role.MANAGER, Role.ADMIN, Role.OWNER}  # the owner is manager and admin in one
ENROLLERS = {Role.ADMIN, Role.OWNER}


def staff(side: Side, role: Role) -> Actor:
    """A staff member of ``side`` with ``role`` (made by its administrator, no login)."""
    services = side.ctx.services
    admin = services.staff.login("admin", PASSWORD)
    if role is Role.ADMIN:
        return admin
    code = services.branches.current().code  # names differ by side: HQ also holds BJ01's trail
    made = services.staff.create(admin, username=f"u_{role.value}", display_name=f"{code}{role.value}",
                                 role=role, password="pass1234-Lw9x")
    return Actor(made.id, made.username, made.display_name, Role(made.role))


def as_(side: Side, actor: Actor) -> SyncService:
    return SyncService(side.ctx.db, keys_dir(side.data_dir), actor=actor)


def entries(side: Side, kind: str) -> list[tuple[str, str]]:
    with side.ctx.db.engine.connect() as conn:
        rows = conn.execute(select(AuditEntry.staff_name, AuditEntry.detail)
                            .where(AuditEntry.action == kind).order_by(AuditEntry.at)).all()
    return [(str(r.staff_name), str(r.detail or "")) for r in rows]


@pytest.mark.parametrize("role", LOGIN_ROLES)
def test_the_matrix_says_who_may_exchange_and_who_may_enrol(role: Role) -> None:
    """'Export and import at a branch: manager or admin. Enrolment, revocation and
    re-issued enrolment files: HQ admin only.'"""
    actor = Actor("x", "x", "x", role)
    assert can(actor, Permission.SYNC_EXCHANGE) is (role in EXCHANGERS)
    assert can(actor, Permission.SYNC_ENROL) is (role in ENROLLERS)
    assert MATRIX[Permission.SYNC_EXCHANGE] == EXCHANGERS
    assert MATRIX[Permission.SYNC_ENROL] == ENROLLERS


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.ADVISOR, Role.CASHIER])
def test_hq_staff_below_admin_cannot_enrol_revoke_or_exchange(hq: Side, bj: Side, tmp_path: Path,
                                                               role: Role) -> None:
    """An HQ technician could revoke a branch's key and issue a new enrolment file for it
    (issue 23): now every HQ sync action refuses a role outside the matrix."""
    actor = staff(hq, role)
    service = as_(hq, actor)
    bundle = as_(bj, staff(bj, Role.MANAGER)).export_bundle(tmp_path / "bj.ddsync").path
    enrolment = tmp_path / "SH01.enrol"
    with pytest.raises(NotAllowed):
        service.enrol_branch("SH01", "上海一店", enrolment)
    assert not enrolment.exists()
    with pytest.raises(NotAllowed):
        service.revoke_branch("BJ01")
    with pytest.raises(NotAllowed):
        service.import_bundles([bundle])
    with pytest.raises(NotAllowed):
        service.export_for_branch("BJ01", tmp_path / "out.ddsync")
    assert not (tmp_path / "out.ddsync").exists()
    with hq.ctx.db.engine.connect() as conn:
        peers = conn.execute(select(PEERS.c.code, PEERS.c.sign_public, PEERS.c.last_applied_seq)).all()
    assert [(p.code, p.last_applied_seq) for p in peers] == [("BJ01", 0)]  # nothing applied, no SH01
    assert all(name == f"HQ{role.value}" for name, _d in entries(hq, "refused"))
    assert len(entries(hq, "refused")) == 4
    assert entries(hq, "revoke_key") == [] and entries(hq, "import") == []


def test_hq_manager_imports_and_exports_but_may_not_enrol_or_revoke(hq: Side, bj: Side,
                                                                     tmp_path: Path) -> None:
    manager = staff(hq, Role.MANAGER)
    service = as_(hq, manager)
    with pytest.raises(NotAllowed):
        service.enrol_branch("SH01", "上海一店", tmp_path / "SH01.enrol")
    with pytest.raises(NotAllowed):
        service.revoke_branch("BJ01")
    add_customer(bj, "张三", "13800138000", "京A12345")
    bundle = as_(bj, staff(bj, Role.MANAGER)).export_bundle(tmp_path / "bj.ddsync").path
    [result] = service.import_bundles([bundle])
    assert result.status == "applied", result.message
    service.export_for_branch("BJ01", tmp_path / "hq.ddsync")
    # the audit trail names the person, never 系统
    assert [name for name, _d in entries(hq, "import")] == ["HQmanager"]
    assert [name for name, _d in entries(hq, "export")] == ["BJ01manager", "HQmanager"]


def test_hq_admin_enrols_and_revokes_under_their_own_name(hq: Side, bj: Side, tmp_path: Path) -> None:
    admin = staff(hq, Role.ADMIN)
    service = as_(hq, admin)
    before = len(entries(hq, "enrol"))  # BJ01's first enrolment, made by the fixture as the system
    service.enrol_branch("SH01", "上海一店", tmp_path / "SH01.enrol")
    service.revoke_branch("BJ01")
    service.enrol_branch("BJ01", "北京一店", tmp_path / "BJ01-new.enrol")  # the re-issued file
    names = {name for name, _d in entries(hq, "enrol")[before:] + entries(hq, "revoke_key")}
    assert len(entries(hq, "enrol")) == before + 2
    assert names == {admin.display_name} and "系统" not in names


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.CARE_CLERK])
def test_branch_staff_below_manager_cannot_export_import_or_enrol(hq: Side, bj: Side, tmp_path: Path,
                                                                  role: Role) -> None:
    """'Export and import at a branch: manager or admin.'"""
    add_customer(bj, "张三", "13800138000", "京A12345")
    service = as_(bj, staff(bj, role))
    before = table_checksum(bj)
    with pytest.raises(NotAllowed):
        service.export_bundle(tmp_path / "bj.ddsync")
    assert not (tmp_path / "bj.ddsync").exists()
    with pytest.raises(NotAllowed):
        service.import_bundles([tmp_path / "any.ddsync"])
    with pytest.raises(NotAllowed):
        service.enrol(tmp_path / "BJ01.enrol")
    assert len(entries(bj, "refused")) == 3
    assert before != table_checksum(bj)  # the three refusals are recorded, nothing else
    assert entries(bj, "export") == []


def test_branch_manager_exchanges_but_only_the_administrator_enrols(hq: Side, bj: Side,
                                                                    tmp_path: Path) -> None:
    manager = staff(bj, Role.MANAGER)
    service = as_(bj, manager)
    add_customer(bj, "张三", "13800138000", "京A12345")
    exported = service.export_bundle(tmp_path / "bj.ddsync")
    [applied] = as_(hq, staff(hq, Role.ADMIN)).import_bundles([exported.path])
    assert applied.status == "applied", applied.message
    as_(hq, Actor.system()).export_for_branch("BJ01", tmp_path / "hq.ddsync")
    [result] = service.import_bundles([tmp_path / "hq.ddsync"])
    assert result.status == "applied", result.message
    as_(hq, Actor.system()).enrol_branch("SH01", "上海一店", tmp_path / "SH01.enrol")
    with pytest.raises(NotAllowed):
        service.enrol(tmp_path / "SH01.enrol")  # binding this PC's key: the administrator's step
    assert [name for name, _d in entries(bj, "export")] == ["BJ01manager"]
    assert [name for name, _d in entries(bj, "import")] == ["BJ01manager"]
