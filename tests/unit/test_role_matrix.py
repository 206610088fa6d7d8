"""Every public service method × every role proves DOMAIN.md §7's matrix (domain.roles.MATRIX).

Why an explicit table: a new public method must state what it requires, or this test fails
(``test_table_covers_every_public_method``) — a forgotten ``require`` cannot slip in unseen.

Each method runs on its own copy of one prepared database (a branch with one staff member per
role, a customer, an order with a dispatched job, a complaint and a care task), once for
every role. Roles outside the permission's row must get :class:`NotAllowed` for exactly that
permission; roles inside must not get ``NotAllowed("not_allowed")`` — other domain errors
(a wrong state for the dummy arguments, data rules such as "not your job") are fine, since
they show the role check was passed.
"""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from app.context import AppContext
from domain.complaint_rules import InternalRules, PenaltyRules
from domain.errors import DomainError, NotAllowed
from domain.model.care import FollowUpTask
from domain.roles import LOGIN_ROLES, MATRIX, PERMISSION_LABELS_ZH, Actor, Permission, Role
from domain.services.care import CallInput, LetterInput, RatingInput
from domain.services.complaints import ComplaintInput, ProposalInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import (
    DeliveryInput,
    LabourInput,
    PartInput,
    PaymentInput,
    ReceptionInput,
    RequisitionLineInput,
)
from storage.database import DB_FILE_NAME, Database
from storage.engine import make_engine, sqlite_url

ANY = "any logged-in staff"  # every role may call it (it reads what everyone needs)
NO_ACTOR = "no actor"  # takes no actor: before login (login, set-up) or settings every screen reads

ALL_ROLES: tuple[Role, ...] = (*LOGIN_ROLES, Role.SYSTEM)


@dataclass(frozen=True)
class Case:
    """One way of calling a method: the permission it needs and argument overrides."""

    needs: Permission | str
    args: dict[str, Any] = field(default_factory=dict)
    # NotAllowed codes an allowed role may still meet for the dummy data (ownership rules …)
    data_refusals: frozenset[str] = frozenset()


P = Permission
OWN_JOB = frozenset({"workorder.not_own_job"})

#: What every public method requires. Keep complete: the first test fails on a gap.
TABLE: dict[str, list[Case]] = {
    "branches.current": [Case(NO_ACTOR)],
    "branches.by_code": [Case(NO_ACTOR)],
    "branches.initialise": [Case(NO_ACTOR)],
    "branches.is_empty": [Case(NO_ACTOR)],  # the start panel's cue: no records are read
    "branches.is_initialised": [Case(NO_ACTOR)],
    "settings.get": [Case(NO_ACTOR)],
    "settings.set": [Case(P.SETTINGS_EDIT)],
    "staff.change_own_password": [Case(ANY)],
    "staff.create": [Case(P.STAFF_MANAGE)],
    "staff.list": [Case(ANY)],  # names for pickers (dispatch, responsibility); no secrets
    "staff.login": [Case(NO_ACTOR)],
    "staff.reset_password": [Case(P.STAFF_MANAGE)],
    "staff.set_active": [Case(P.STAFF_MANAGE)],
    "customers.add_vehicle": [Case(P.CUSTOMER_EDIT)],
    "customers.create": [Case(P.CUSTOMER_EDIT)],
    "customers.find_one": [Case(P.CUSTOMER_VIEW)],
    "customers.get": [Case(P.CUSTOMER_VIEW)],
    "customers.transfer_vehicle": [Case(P.CUSTOMER_EDIT)],
    "customers.update": [Case(P.CUSTOMER_EDIT)],
    "customers.update_vehicle": [Case(P.CUSTOMER_EDIT)],
    "search.search": [Case(P.CUSTOMER_VIEW)],
    "work_orders.add_line": [Case(P.WORKORDER_EDIT),
                             Case(P.WORKORDER_PARTS, {"line": "part"})],
    "work_orders.add_package": [Case(P.WORKORDER_EDIT)],
    "work_orders.approve_estimate": [Case(P.WORKORDER_EDIT)],
    "work_orders.cancel": [Case(P.WORKORDER_EDIT)],
    "work_orders.count_orders": [Case(P.WORKORDER_VIEW)],
    "work_orders.deliver": [Case(P.WORKORDER_DELIVER)],
    "work_orders.dispatch": [Case(P.WORKORDER_DISPATCH)],
    "work_orders.edit_reception": [Case(P.WORKORDER_EDIT)],
    "work_orders.get": [Case(P.WORKORDER_VIEW)],
    "work_orders.list_orders": [Case(P.WORKORDER_VIEW)],
    "work_orders.mark_rework": [Case(P.WORKORDER_EDIT)],
    "work_orders.open_for_new_customer": [Case(P.WORKORDER_EDIT)],  # and customer.edit
    "work_orders.open_order": [Case(P.WORKORDER_EDIT)],
    "work_orders.pause_for_parts": [Case(P.WORKORDER_TIME, data_refusals=OWN_JOB)],
    "work_orders.reassign_job": [Case(P.WORKORDER_DISPATCH)],
    "work_orders.record_qc": [Case(P.WORKORDER_QC)],
    "work_orders.record_requisition": [Case(P.WORKORDER_REQUISITION, data_refusals=OWN_JOB)],
    "work_orders.record_supplementary": [Case(P.WORKORDER_EDIT)],
    "work_orders.remove_line": [Case(P.WORKORDER_EDIT),
                                Case(P.WORKORDER_PARTS, {"line_id": "part_line"})],
    "work_orders.resume_job": [Case(P.WORKORDER_TIME, data_refusals=OWN_JOB)],
    "work_orders.reverse_settlement": [Case(P.WORKORDER_SETTLE)],
    "work_orders.service_history": [Case(P.WORKORDER_VIEW)],
    "work_orders.set_order_discount": [Case(P.WORKORDER_EDIT)],
    "work_orders.settings": [Case(NO_ACTOR)],
    "work_orders.settle": [Case(P.WORKORDER_SETTLE)],
    "work_orders.start_job": [Case(P.WORKORDER_TIME, data_refusals=OWN_JOB)],
    "work_orders.stop_job": [Case(P.WORKORDER_TIME, data_refusals=OWN_JOB)],
    "work_orders.trade_handover": [Case(P.WORKORDER_TIME, data_refusals=OWN_JOB)],
    "work_orders.update_line": [Case(P.WORKORDER_EDIT),
                                Case(P.WORKORDER_PARTS, {"line": "part", "line_id": "part_line"})],
    "demo.load": [Case(P.DEMO_DATA)],
    "demo_removal.preview": [Case(P.DEMO_DATA)],
    "demo_removal.remove": [Case(P.DEMO_DATA)],
    "customer_import.preview": [Case(P.CUSTOMER_IMPORT)],
    "customer_import.run": [Case(P.CUSTOMER_IMPORT)],
    "complaints.approve": [Case(P.COMPLAINT_APPROVE)],
    "complaints.close": [Case(P.COMPLAINT_HANDLE)],
    "complaints.count_overdue": [Case(P.COMPLAINT_VIEW)],
    "complaints.escalate": [Case(P.COMPLAINT_HANDLE)],
    "complaints.follow_up_tasks": [Case(P.COMPLAINT_VIEW)],
    "complaints.get": [Case(P.COMPLAINT_VIEW)],
    "complaints.list_slips": [Case(P.COMPLAINT_VIEW)],
    "complaints.count_slips": [Case(P.COMPLAINT_VIEW)],
    "complaints.major_open_for_manager": [Case(P.COMPLAINT_VIEW)],
    "complaints.monthly_statistics": [Case(P.COMPLAINT_VIEW)],
    "complaints.pay_basis": [Case(P.SETTINGS_EDIT)],
    "complaints.propose": [Case(P.COMPLAINT_HANDLE)],
    "complaints.record_answer": [Case(P.COMPLAINT_HANDLE)],
    "complaints.record_corrective_action": [Case(P.COMPLAINT_HANDLE)],
    "complaints.record_investigation": [Case(P.COMPLAINT_HANDLE)],
    "complaints.record_loss": [Case(P.COMPLAINT_LOSS)],
    "complaints.record_responsibility": [Case(P.COMPLAINT_HANDLE)],
    "complaints.register": [Case(P.COMPLAINT_REGISTER)],
    "complaints.reopen": [Case(P.COMPLAINT_HANDLE)],
    "complaints.respond": [Case(P.COMPLAINT_HANDLE)],
    "complaints.return_proposal": [Case(P.COMPLAINT_APPROVE)],
    "complaints.set_general_manager": [Case(P.STAFF_MANAGE)],
    "complaints.set_pay_basis": [Case(P.SETTINGS_EDIT)],
    "complaints.settings": [Case(NO_ACTOR)],
    "complaints.set_rules": [Case(P.SETTINGS_EDIT)],
    "complaint_deadlines.record_reason": [Case(P.COMPLAINT_HANDLE)],
    "complaint_deadlines.urge": [Case(P.COMPLAINT_HANDLE)],
    "complaint_deadlines.coordinate": [Case(P.COMPLAINT_HANDLE)],
    "complaint_deadlines.notice": [Case(P.COMPLAINT_VIEW)],
    "complaint_deadlines.printable": [Case(P.COMPLAINT_VIEW)],  # issuing one needs COMPLAINT_HANDLE
    "complaint_penalties.record": [Case(P.COMPLAINT_LOSS)],
    "complaint_penalties.get": [Case(P.COMPLAINT_VIEW)],
    "complaint_penalties.of_month": [Case(P.COMPLAINT_VIEW)],
    "care.calls": [Case(P.CARE_VIEW)],
    "care.cancel_task": [Case(P.CARE_CALL)],
    "care.class_movements": [Case(P.CARE_VIEW)],
    "care.classes": [Case(P.CARE_VIEW)],
    # a file-completion task is the advisor's job (客户档案), every other task the care desk's
    "care.complete_task": [Case(P.CUSTOMER_EDIT)],
    "care.decide_request": [Case(P.CARE_ASSIGN)],  # the service supervisor answers a request
    "care.contracts": [Case(P.CARE_VIEW)],
    "care.due": [Case(P.CARE_VIEW)],
    "care.letters": [Case(P.CARE_VIEW)],
    "care.mark_reminder": [Case(P.CARE_CALL)],
    "care.monthly_summary": [Case(P.CARE_VIEW)],
    "care.reassign": [Case(P.CARE_ASSIGN)],
    "care.record_call": [Case(P.CARE_CALL)],
    "care.record_contract": [Case(P.CUSTOMER_EDIT)],
    "care.record_letter": [Case(P.CARE_CALL)],
    "care.record_rating": [Case(P.CARE_CALL)],
    "care.reminders": [Case(P.CARE_VIEW)],
    "care.settings": [Case(NO_ACTOR)],
    "care.task": [Case(P.CARE_VIEW)],
    "care.work_list": [Case(P.CARE_VIEW)],
    # HQ's consolidated follow-ups (总部各分店回访): who may see follow-ups at a branch
    "care_hq.branches": [Case(P.CARE_VIEW)],
    "care_hq.count_follow_ups": [Case(P.CARE_VIEW)],
    "care_hq.list_follow_ups": [Case(P.CARE_VIEW)],
    "master_data.campaigns": [Case(NO_ACTOR)],
    "master_data.delete": [Case(P.MASTERDATA_EDIT)],
    "master_data.delete_campaign": [Case(P.MASTERDATA_EDIT)],
    "master_data.items": [Case(NO_ACTOR)],
    "master_data.labour_codes": [Case(NO_ACTOR)],
    "master_data.part_prices": [Case(NO_ACTOR)],
    "master_data.pricing": [Case(NO_ACTOR)],
    "master_data.save_campaign": [Case(P.MASTERDATA_EDIT)],
    "master_data.save_labour_code": [Case(P.MASTERDATA_EDIT)],
    "master_data.save_part_price": [Case(P.MASTERDATA_EDIT)],
    "master_data.save_pricing": [Case(P.SETTINGS_EDIT)],
    "master_data.save_sundry_item": [Case(P.MASTERDATA_EDIT)],
    "master_data.sundry_items": [Case(NO_ACTOR)],
    "master_data_import.run": [Case(P.MASTERDATA_EDIT)],
    "packages.packages": [Case(NO_ACTOR)],
    "packages.save_package": [Case(P.MASTERDATA_EDIT)],
    "warranty_claims.decide": [Case(P.WARRANTY_CLAIM_EDIT)],
    "warranty_claims.for_order": [Case(P.WARRANTY_CLAIM_VIEW)],
    "warranty_claims.pending": [Case(P.WARRANTY_CLAIM_VIEW)],
    "warranty_claims.submit": [Case(P.WARRANTY_CLAIM_EDIT)],
    "kpi.branches": [Case(P.KPI_VIEW)],
    "kpi.monthly": [Case(P.KPI_VIEW)],
    "kpi.ranking": [Case(P.KPI_VIEW)],
    "kpi.records": [Case(P.KPI_VIEW)],
    "kpi.save_targets": [Case(P.SETTINGS_EDIT)],
    "kpi.targets": [Case(NO_ACTOR)],
    "daily_reports.supervisor_day": [Case(P.REPORT_DAILY)],
    "daily_reports.technician_days": [Case(P.REPORT_DAILY)],
    "audit.choices": [Case(P.AUDIT_VIEW)],
    "audit.list": [Case(P.AUDIT_VIEW)],
    # the working calendar: everyone's figures depend on it; who changes settings changes it
    "calendar.get": [Case(ANY)],
    "calendar.month": [Case(ANY)],
    "calendar.save": [Case(P.SETTINGS_EDIT)],
    # class D internal work (内部作业): recorded like job time, seen like the board
    "internal_time.day": [Case(P.WORKORDER_VIEW)],
    "internal_time.record": [Case(P.WORKORDER_TIME)],
    "internal_time.remove": [Case(P.WORKORDER_TIME)],
    "internal_time.start": [Case(P.WORKORDER_TIME)],
    "internal_time.stop": [Case(P.WORKORDER_TIME)],
    "internal_time.technicians": [Case(P.WORKORDER_TIME)],
}


def public_methods() -> dict[str, Callable[..., Any]]:
    """``service.method`` → function, for every service the registry wires."""
    found: dict[str, Callable[..., Any]] = {}
    hints = inspect.get_annotations(Services, eval_str=True)
    for name, kind in hints.items():
        if name == "uow":
            continue
        for method, fn in inspect.getmembers(kind, inspect.isfunction):
            if not method.startswith("_"):
                found[f"{name}.{method}"] = fn
    return found


def test_table_covers_every_public_method() -> None:
    methods = public_methods()
    missing = sorted(set(methods) - set(TABLE))
    stale = sorted(set(TABLE) - set(methods))
    assert not missing, f"add these service methods to TABLE with their permission: {missing}"
    assert not stale, f"these TABLE entries name no service method: {stale}"
    for name, fn in methods.items():
        takes_actor = "actor" in inspect.signature(fn).parameters
        assert takes_actor == all(c.needs != NO_ACTOR for c in TABLE[name]), name


# --- the prepared world ---------------------------------------------------------------------
@dataclass
class World:
    template: Path
    actors: dict[Role, Actor]
    ids: dict[str, str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("matrix") / "data"
    ctx = AppContext.open(data_dir, create=True)
    s = ctx.services
    s.branches.initialise(code="BJ01", name="北京朝阳店", admin_username="admin",
                          admin_password="admin123-Kq7v")
    admin = s.staff.login("admin", "admin123-Kq7v")
    actors: dict[Role, Actor] = {Role.ADMIN: admin, Role.SYSTEM: Actor.system()}
    for role in LOGIN_ROLES:
        if role is Role.ADMIN:
            continue
        v = s.staff.create(admin, username=f"m_{role.value}", display_name=f"测试{role.value}",
                           role=role, password="pass1234-Lw9x")
        actors[role] = Actor(v.id, v.username, v.display_name, v.role)
    victim = s.staff.create(admin, username="victim", display_name="被操作员工", role=Role.ADVISOR,
                            password="pass1234-Lw9x")
    advisor, foreman = actors[Role.ADVISOR], actors[Role.FOREMAN]
    customer = s.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                  VehicleInput(plate="京A12345", vin="1HGCM82633A004352"))
    other = s.customers.create(advisor, CustomerInput(name="李四", mobile="13712345678"))
    vehicle_id = customer.vehicles[0].id
    order = s.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=1000))
    order = s.work_orders.add_line(advisor, order.id, LabourInput("检查", 100, 10_000))
    order = s.work_orders.add_line(advisor, order.id, PartInput("机油", 1_000, 5_000))
    order = s.work_orders.approve_estimate(advisor, order.id, "signature", "王小明")
    order = s.work_orders.dispatch(foreman, order.id, actors[Role.TECHNICIAN].staff_id or "",
                                   "检查", labour_line_ids=[order.labour[0].id])
    complaint = s.complaints.register(advisor, ComplaintInput(
        channel="phone", category="attitude", customer_words="态度不好", customer_id=customer.id))
    with ctx.services.uow() as session:
        task_id = session.scalar(select(FollowUpTask.id).limit(1))
    assert task_id, "customer creation schedules a file-completion task"
    csv = data_dir.parent / "customers.csv"
    csv.write_text("姓名,手机\n赵六,13612345678\n", encoding="utf-8")
    ids = {"customer": customer.id, "customer2": other.id, "vehicle": vehicle_id,
           "order": order.number, "labour_line": order.labour[0].id, "part_line": order.parts[0].id,
           "job": order.jobs[0].id, "complaint": complaint.number, "victim": victim.id,
           "technician": actors[Role.TECHNICIAN].staff_id or "", "task": task_id, "csv": str(csv)}
    ctx.close()
    yield World(data_dir / DB_FILE_NAME, actors, ids)


def _services(path: Path) -> tuple[Services, Database]:
    engine = make_engine(sqlite_url(path))
    db = Database(engine, path, sessionmaker(engine, expire_on_commit=False))
    return Services(db.unit_of_work), db


def _arguments(method: str, fn: Callable[..., Any], w: World, case: Case
               ) -> tuple[list[Any], dict[str, Any]]:
    """Minimal, valid-looking arguments for ``fn`` (all required parameters)."""
    ids = w.ids
    service = method.split(".")[0]
    today = dt.date(2026, 11, 25)
    line_kind = case.args.get("line", "labour")
    by_name: dict[str, Any] = {
        "order_key": ids["order"], "original_key": ids["order"], "work_order": ids["order"],
        "key": {"work_orders": ids["order"], "customers": "京A12345", "complaints": ids["complaint"],
                "complaint_deadlines": ids["complaint"], "complaint_penalties": ids["complaint"]}.get(service, "x"),
        "job_id": ids["job"], "from_job_id": ids["job"], "to_job_id": ids["job"],
        "line_id": ids[case.args.get("line_id", "labour_line")],
        "vehicle_id": ids["vehicle"], "customer_id": ids["customer"],
        "new_owner_id": ids["customer2"], "staff_id": ids["victim"],
        "technician_id": ids["technician"], "task_id": ids["task"], "task_ids": [ids["task"]],
        "line": PartInput("机油滤芯", 1_000, 3_000) if line_kind == "part"
        else LabourInput("复查", 50, 10_000),
        "payments": [PaymentInput("cash", 100)],
        "lines": [RequisitionLineInput(qty_milli=1_000, part_line_id=ids["part_line"])],
        "proposal": ProposalInput(apology=True, text="赔礼道歉"),
        "path": Path(ids["csv"]), "query": "京A", "customers": 1,
        "year": 2026, "month": 11, "start": today, "end": today, "starts_on": today,
        "ends_on": today + dt.timedelta(days=365), "day": today,
        "method": "signature" if method.endswith("approve_estimate") else "phone",
        "level": "self", "kind": "ours", "outcome": "done", "passed": True, "accepted": True,
        "active": False, "flag": True, "password": "pass1234-Lw9x", "new_password": "pass5678-Lw9x",
        "old_password": "wrong-password", "username": "newbie", "display_name": "新员工",
        "role": Role.ADVISOR.value, "value": 2,
        "amount_fen": 100, "loss_fen": 100, "base_points": 10, "monthly_bonus_fen": 100,
        "standard_hours_centi": 100, "rate_fen": 100, "price_fen": 100, "items": [], "values": {},
        "labour_rate_fen": 10_000, "tax_rate_bp": 0,
        "code": "X1", "part_no": "P-1", "number": "HT-001", "department": "服务部",
        "final_measures": "已处理", "text": "说明", "title": "检查",
        "customer": CustomerInput(name="钱七", mobile="13512345678"),
        "vehicle": VehicleInput(plate="京D54321", mileage_km=500),
        "internal": InternalRules(), "penalties": PenaltyRules(),
        "weekdays": [1, 2, 3, 4, 5], "holidays": [], "extra_days": [], "activity": "training",
    }
    by_type: dict[str, Any] = {
        "CustomerInput": CustomerInput(name="赵六", mobile="13612345678"),
        "VehicleInput": VehicleInput(plate="京B54321"),
        "ReceptionInput": ReceptionInput(mileage_in=2000),
        "DeliveryInput": DeliveryInput(mileage_out=2000),
        "ComplaintInput": ComplaintInput(channel="phone", category="attitude",
                                         customer_words="等太久", customer_id=ids["customer"]),
        "CallInput": CallInput(outcome="reached", customer_id=ids["customer"]),
        "LetterInput": LetterInput(addressee="王小明", subject="保养提醒"),
        "RatingInput": RatingInput(overall="satisfied"),
    }
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    params = list(inspect.signature(fn).parameters.values())[1:]  # drop self
    for p in params:
        if p.name == "actor":
            continue
        if p.default is not inspect.Parameter.empty and p.name not in ("line",):
            continue
        if p.name == "key" and service == "settings":
            value: Any = "workorder.copies"
        else:
            annotation = str(p.annotation)
            typed = next((v for t, v in by_type.items() if t in annotation), None)
            value = typed if typed is not None and p.name == "data" else by_name.get(p.name, "测试")
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return args, kwargs


def _cases() -> list[tuple[str, int]]:
    return [(name, i) for name, cases in sorted(TABLE.items()) for i, case in enumerate(cases)
            if case.needs != NO_ACTOR]


RESULTS: dict[str, int] = {"calls": 0}


@pytest.mark.parametrize(("method", "index"), _cases())
def test_role_matrix(world: World, tmp_path: Path, method: str, index: int) -> None:
    case = TABLE[method][index]
    fn = public_methods()[method]
    path = tmp_path / DB_FILE_NAME
    shutil.copyfile(world.template, path)
    services, db = _services(path)
    try:
        service = getattr(services, method.split(".")[0])
        failures: list[str] = []
        for role in ALL_ROLES:
            actor = world.actors[role]
            args, kwargs = _arguments(method, fn, world, case)
            allowed = (case.needs == ANY or role is Role.SYSTEM
                       or role in MATRIX[Permission(case.needs)])
            RESULTS["calls"] += 1
            try:
                getattr(service, method.split(".")[1])(actor, *args, **kwargs)
            except NotAllowed as exc:
                label = PERMISSION_LABELS_ZH.get(Permission(case.needs), "") if case.needs != ANY else ""
                coarse = exc.code == "not_allowed" and (case.needs == ANY
                                                        or exc.params.get("action") == label)
                if allowed and coarse and exc.code not in case.data_refusals:
                    failures.append(f"{role.value}: refused although allowed ({exc.code}: {exc})")
                elif not allowed and (exc.code != "not_allowed" or exc.params.get("action")
                                      != PERMISSION_LABELS_ZH[Permission(case.needs)]):
                    failures.append(f"{role.value}: refused for the wrong reason ({exc})")
            except DomainError as exc:
                if not allowed:
                    failures.append(f"{role.value}: got {type(exc).__name__}({exc.code}) "
                                    "instead of NotAllowed: the role check must come first")
            else:
                if not allowed:
                    failures.append(f"{role.value}: allowed although outside the matrix")
        assert not failures, f"{method} [{case.needs}]:\n" + "\n".join(failures)
    finally:
        db.close()


def test_the_owner_is_manager_and_administrator() -> None:
    """DOMAIN.md §7: "manager 经理 | everything in the branch, approvals, discounts above the
    limit, export" and "administrator 管理员 | staff accounts, settings, backup/restore". The
    owner of a shop (店长/经理, issue 15: "every business permission plus administration; a
    one-person shop works under it alone") holds both; neither of the others gains anything."""
    for permission, roles in MATRIX.items():
        assert Role.OWNER in roles, permission
    assert Role.MANAGER not in MATRIX[P.STAFF_MANAGE]
    assert Role.MANAGER not in MATRIX[P.BACKUP_RESTORE]
    assert Role.ADMIN not in MATRIX[P.CUSTOMER_EDIT]
    assert Role.ADMIN not in MATRIX[P.WORKORDER_EDIT]
    assert Role.ADMIN not in MATRIX[P.CARE_VIEW]


def test_matrix_size_reported() -> None:
    """methods × roles, for the closing note (also printed with ``-s``)."""
    checked = _cases()
    size = len(checked) * len(ALL_ROLES)
    print(f"role matrix: {len(checked)} method cases × {len(ALL_ROLES)} roles = {size} calls; "
          f"{sum(1 for c in TABLE.values() for x in c if x.needs == NO_ACTOR)} methods take no actor")
    assert size >= 90 * len(ALL_ROLES)

