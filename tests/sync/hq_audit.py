"""An HQ holding its own audit entries and a branch's, for the branch column of 操作日志 at HQ.

* BJ01: its manager 孙经理 (staff, so its branch is known at HQ) creates 张三; the system
  (no staff: the command line) creates 李四 — an entry whose branch HQ cannot tell.
* HQ: its own manager 总部经理 creates nothing but logs in; the system enrols BJ01 and
  imports the bundle (HQ's own entries without staff: HQ's outbox holds them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.roles import Actor, Role
from domain.services.customers import CustomerInput
from tests.conftest import make_actor
from tests.sync.helpers import PASSWORD, Side, add_customer

__all__ = ["AuditWorld", "build_audit"]


@dataclass(frozen=True)
class AuditWorld:
    hq_manager: Actor
    branch_customer: str  # created by BJ01's manager
    system_customer: str  # created at BJ01 by the system


def build_audit(hq: Side, bj: Side, tmp_path: Path) -> AuditWorld:
    services = bj.ctx.services
    admin = services.staff.login("admin", PASSWORD)
    manager = make_actor(services, admin, Role.MANAGER, "sun")
    services.customers.create(manager, CustomerInput(name="张三", mobile="13900000001"))
    add_customer(bj, "李四", "13900000002", "京A00002")
    result = hq.sync.import_bundles([bj.sync.export_bundle(tmp_path / "BJ01-audit.ddsync").path])
    assert [r.status for r in result] == ["applied"], result
    hq_admin = hq.ctx.services.staff.login("admin", PASSWORD)
    hq_manager = make_actor(hq.ctx.services, hq_admin, Role.MANAGER, "hq_boss")
    return AuditWorld(hq_manager, "张三", "李四")
