"""HQ views the branches' records and never writes them (hq.branch_data_read_only).

Why it matters: an edit made at HQ would never travel back, and because it bumps
``row_version`` the branch's next real edit of the same row would carry the same version and
be skipped at HQ's import — silent divergence. So every write method of the branch-operational
services refuses at HQ, before touching anything, with one plain sentence; imports (which
write through Core connections, not these services) still apply.

The world: branch BJ01 makes a customer with a car, a second customer, an order with a
dispatched job, a complaint and a care task, exports, and HQ imports the bundle. Then every
write method is called at HQ on those very rows (arguments as the role matrix builds them).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.errors import Conflict
from domain.messages import render
from domain.model import Customer
from domain.model.care import FollowUpTask
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.workorders import LabourInput, PartInput, ReceptionInput
from tests.sync.helpers import Side, make_branch, make_hq, table_checksum
from tests.unit.test_role_matrix import TABLE, World, _arguments, public_methods

#: The services whose rows a branch owns. Every public method is either a write (refused at
#: HQ) or a read (unchanged): a new method must be put in one of the two sets.
GUARDED = ("customers", "work_orders", "complaints", "complaint_deadlines", "complaint_penalties", "care",
           "warranty_claims", "customer_import", "demo", "calendar", "internal_time")

WRITES: frozenset[str] = frozenset({
    "customers.create", "customers.update", "customers.add_vehicle", "customers.update_vehicle",
    "customers.transfer_vehicle",
    "work_orders.add_line", "work_orders.add_package", "work_orders.approve_estimate", "work_orders.cancel",
    "work_orders.deliver", "work_orders.dispatch", "work_orders.edit_reception",
    "work_orders.mark_rework", "work_orders.open_for_new_customer", "work_orders.open_order", "work_orders.pause_for_parts",
    "work_orders.reassign_job", "work_orders.record_qc", "work_orders.record_requisition",
    "work_orders.record_supplementary", "work_orders.remove_line", "work_orders.resume_job",
    "work_orders.reverse_settlement", "work_orders.set_order_discount", "work_orders.settle",
    "work_orders.start_job", "work_orders.stop_job", "work_orders.trade_handover",
    "work_orders.update_line",
    "complaints.approve", "complaints.close", "complaints.escalate", "complaints.propose",
    "complaints.record_answer", "complaints.record_corrective_action",
    "complaints.record_investigation", "complaints.record_loss",
    "complaints.record_responsibility", "complaints.register", "complaints.reopen",
    "complaints.respond", "complaints.return_proposal",
    "complaint_deadlines.record_reason", "complaint_deadlines.urge", "complaint_deadlines.coordinate",
    "complaint_deadlines.printable",  # issues a 催办单/洽办单 when the slip has none
    "complaint_penalties.record",
    "care.cancel_task", "care.complete_task", "care.mark_reminder", "care.reassign",
    "care.record_call", "care.record_contract", "care.record_letter", "care.record_rating",
    "care.decide_request",
    "warranty_claims.submit", "warranty_claims.decide",
    "calendar.save",
    "internal_time.start", "internal_time.stop", "internal_time.record", "internal_time.remove",
    "customer_import.run",
    "demo.load",
})

#: Reads, and HQ's own settings (pay basis, general manager): writable at HQ as before.
NOT_GUARDED: frozenset[str] = frozenset({
    "customers.get", "customers.find_one",
    "work_orders.count_orders", "work_orders.get", "work_orders.list_orders",
    "work_orders.service_history", "work_orders.settings",
    "complaints.count_overdue", "complaints.follow_up_tasks", "complaints.get",
    "complaints.list_slips", "complaints.count_slips", "complaints.major_open_for_manager",
    "complaints.monthly_statistics", "complaints.pay_basis", "complaints.settings",
    "complaints.set_general_manager", "complaints.set_pay_basis", "complaints.set_rules",
    "complaint_deadlines.notice", "complaint_penalties.get", "complaint_penalties.of_month",
    "care.calls", "care.class_movements", "care.classes", "care.contracts", "care.due",
    "care.letters", "care.monthly_summary", "care.reminders", "care.settings", "care.task",
    "care.work_list",
    "calendar.get", "calendar.month",
    "internal_time.day", "internal_time.technicians",
    "warranty_claims.for_order", "warranty_claims.pending",
    "customer_import.preview",
})


@dataclass
class HQWorld:
    hq: Side
    bj: Side
    world: World
    folder: Path


@pytest.fixture(scope="module")
def hq_world(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HQWorld]:
    folder = tmp_path_factory.mktemp("hq_read_only")
    hq = make_hq(template, folder / "hq")
    bj = make_branch(template, folder / "bj", "BJ01", hq)
    s, admin = bj.ctx.services, Actor.system()
    tech = s.staff.create(s.staff.login("admin", "admin123-Kq7v"), username="tech1",
                          display_name="技师甲", role=Role.TECHNICIAN, password="pass1234-Lw9x")
    customer = s.customers.create(admin, CustomerInput(name="王小明", mobile="13912345678"),
                                  VehicleInput(plate="京A12345", vin="1HGCM82633A004352"))
    other = s.customers.create(admin, CustomerInput(name="李四", mobile="13712345678"))
    vehicle_id = customer.vehicles[0].id
    order = s.work_orders.open_order(admin, vehicle_id, ReceptionInput(mileage_in=1000))
    order = s.work_orders.add_line(admin, order.id, LabourInput("检查", 100, 10_000))
    order = s.work_orders.add_line(admin, order.id, PartInput("机油", 1_000, 5_000))
    order = s.work_orders.approve_estimate(admin, order.id, "signature", "王小明")
    order = s.work_orders.dispatch(admin, order.id, tech.id, "检查",
                                   labour_line_ids=[order.labour[0].id])
    complaint = s.complaints.register(admin, ComplaintInput(
        channel="phone", category="attitude", customer_words="态度不好", customer_id=customer.id))
    with s.uow() as session:
        task_id = session.scalar(select(FollowUpTask.id).limit(1))
    assert task_id
    csv = folder / "customers.csv"
    csv.write_text("姓名,手机,车牌\n赵六,13612345678,京C11111\n", encoding="utf-8")
    exported = bj.sync.export_bundle(folder / "first.ddsync")
    results = hq.sync.import_bundles([exported.path])
    assert results[0].status == "applied", results[0].message
    ids = {"customer": customer.id, "customer2": other.id, "vehicle": vehicle_id,
           "order": order.number, "labour_line": order.labour[0].id,
           "part_line": order.parts[0].id, "job": order.jobs[0].id,
           "complaint": complaint.number, "victim": tech.id, "technician": tech.id,
           "task": task_id, "csv": str(csv)}
    yield HQWorld(hq, bj, World(folder, {}, ids), folder)
    bj.close()
    hq.close()


def test_every_method_of_the_guarded_services_is_classified() -> None:
    methods = {name for name in public_methods() if name.split(".")[0] in GUARDED}
    assert not WRITES & NOT_GUARDED
    missing = sorted(methods - WRITES - NOT_GUARDED)
    stale = sorted((WRITES | NOT_GUARDED) - methods)
    assert not missing, f"say whether these write branch data (WRITES) or not: {missing}"
    assert not stale, f"these names are no service method: {stale}"


#: Arguments that pass each method's own checks made before its unit of work, so the call
#: reaches the mode check (the role matrix's dummies only need to pass the role check).
VALID: dict[str, dict[str, object]] = {
    "care.mark_reminder": {"key": "maintenance:{vehicle}:2026-12-01", "outcome": "contacted"},
    "complaints.record_responsibility": {"kind": "not_ours", "reason": "配件质量问题"},
    "complaint_deadlines.record_reason": {"deadline": "response", "reason": "客户出差"},
    "complaint_deadlines.printable": {"kind": "urge", "key": "{complaint}"},
    "complaint_penalties.record": {"grade": "warning"},
    "warranty_claims.decide": {"decision": "accepted"},
    "work_orders.record_supplementary": {"approved_by_name": "王小明"},
    "work_orders.trade_handover": {"to_job_id": "another-job"},
    "internal_time.record": {"started_at": dt.datetime(2026, 11, 25, 1, tzinfo=dt.UTC),
                             "stopped_at": dt.datetime(2026, 11, 25, 2, tzinfo=dt.UTC)},
}


def _call(side: Side, method: str, world: World, actor: Actor) -> object:
    fn = public_methods()[method]
    args, kwargs = _arguments(method, fn, world, TABLE[method][0])
    bound = inspect.signature(fn).bind_partial(None, actor, *args, **kwargs)
    for name, value in VALID.get(method, {}).items():
        bound.arguments[name] = value.format(**world.ids) if isinstance(value, str) else value
    service = getattr(side.ctx.services, method.split(".")[0])
    return getattr(service, method.split(".")[1])(*bound.args[1:], **bound.kwargs)


@pytest.mark.parametrize("method", sorted(WRITES))
def test_write_refused_at_hq_and_nothing_changes(hq_world: HQWorld, method: str) -> None:
    """The system actor passes every role check, so the refusal seen is the mode's own."""
    hq = hq_world.hq
    before = table_checksum(hq)
    with pytest.raises(Conflict) as refused:
        _call(hq, method, hq_world.world, Actor.system())
    assert refused.value.code == "hq.branch_data_read_only", f"{method}: {refused.value}"
    assert table_checksum(hq) == before, f"{method} changed HQ's database although refused"


def test_refusal_reads_plainly_in_both_languages() -> None:
    zh = render("hq.branch_data_read_only")
    en = render("hq.branch_data_read_only", "en")
    assert zh == "总部只能查看分店数据，不能新增或修改（请在分店操作后同步）"
    assert "HQ" in en and "branch" in en


def test_the_same_methods_still_work_at_the_branch(hq_world: HQWorld) -> None:
    """The guard is HQ's only: the branch edits its own rows as before."""
    s = hq_world.bj.ctx.services
    view = s.customers.get(Actor.system(), hq_world.world.ids["customer"])
    updated = s.customers.update(Actor.system(), view.id,
                                 CustomerInput(name="王小明", mobile="13912345678", notes="常客"))
    assert updated.notes == "常客"


def test_reads_still_work_at_hq(hq_world: HQWorld) -> None:
    s, ids = hq_world.hq.ctx.services, hq_world.world.ids
    assert s.customers.get(Actor.system(), ids["customer"]).name == "王小明"
    assert s.work_orders.get(Actor.system(), ids["order"]).number == ids["order"]
    assert s.complaints.get(Actor.system(), ids["complaint"]).number == ids["complaint"]


def test_branch_edits_still_import_at_hq_after_refusals(hq_world: HQWorld) -> None:
    """The refused HQ edit bumped no version, so the branch's next edit of that row applies."""
    bj, hq, ids = hq_world.bj, hq_world.hq, hq_world.world.ids
    with pytest.raises(Conflict):
        hq.ctx.services.customers.update(Actor.system(), ids["customer"],
                                         CustomerInput(name="总部改名", mobile="13912345678"))
    bj.ctx.services.customers.update(Actor.system(), ids["customer"],
                                     CustomerInput(name="王晓明", mobile="13912345678"))
    bundle = bj.sync.export_bundle(hq_world.folder / "second.ddsync")
    assert hq.sync.import_bundles([bundle.path])[0].status == "applied"
    with bj.ctx.services.uow() as session:
        at_branch = session.get(Customer, ids["customer"])
        assert at_branch is not None
        branch_version = at_branch.row_version
    with hq.ctx.services.uow() as session:
        at_hq = session.get(Customer, ids["customer"])
        assert at_hq is not None
        assert (at_hq.name, at_hq.row_version) == ("王晓明", branch_version)


def test_hq_own_data_stays_writable(hq_world: HQWorld) -> None:
    """Staff, settings, master data and the branch registry are HQ's own."""
    hq = hq_world.hq
    admin = hq.ctx.services.staff.login("admin", "admin123-Kq7v")
    s = hq.ctx.services
    s.staff.create(admin, username="hq_clerk", display_name="总部文员", role=Role.MANAGER,
                   password="pass1234-Lw9x")
    s.settings.set(admin, "workorder.copies", 2)
    s.master_data.save_labour_code(admin, code="LB01", name="小保养", standard_hours_centi=100,
                                   rate_fen=12_000)
    hq.sync.enrol_branch("SH01", "上海店", hq_world.folder / "SH01.enrol")
    assert any(code.code == "LB01" for code in s.master_data.labour_codes())


def test_cli_demo_at_hq_refused_in_one_line(hq_world: HQWorld) -> None:
    """``dealerdesk demo`` at HQ: the same plain refusal, nothing loaded."""
    hq = hq_world.hq
    before = table_checksum(hq)
    with pytest.raises(Conflict) as refused:
        hq.ctx.services.demo.load(Actor.system(), customers=5)
    assert refused.value.code == "hq.branch_data_read_only"
    assert table_checksum(hq) == before
    assert "demo.load" in WRITES and inspect.isfunction(public_methods()["demo.load"])

