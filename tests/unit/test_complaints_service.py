"""ComplaintService: intake to closure, approvals, reopen, deadlines, deductions, statistics."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.context import AppContext
from domain import clock
from domain.demo_complaints import create_demo_complaints
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.model import ComplaintSlip, FollowUpTask
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput, PartyInput, ProposalInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput
from tests.conftest import make_actor, same_database

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOV_10 = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.CARE_CLERK, "clerk1")


@pytest.fixture
def manager(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.MANAGER, "manager1")


@pytest.fixture
def general_manager(services: Services, admin: Actor) -> Actor:
    gm = make_actor(services, admin, Role.MANAGER, "gm1")
    assert gm.staff_id is not None
    services.complaints.set_general_manager(admin, gm.staff_id, True)
    return gm


@pytest.fixture
def customer(services: Services, advisor: Actor) -> tuple[str, str]:
    view = services.customers.create(advisor, CustomerInput(name="王小明", mobile="13800138000"),
                                     VehicleInput(plate="京A12345"))
    return view.id, view.vehicles[0].id


def _intake(services: Services, actor: Actor, customer: tuple[str, str], **extra: object) -> str:
    data = ComplaintInput(channel="phone", category="repair_quality", customer_words="修完后刹车仍有异响",
                          customer_request="免费返修", customer_id=customer[0], vehicle_id=customer[1])
    for key, value in extra.items():
        setattr(data, key, value)
    return services.complaints.register(actor, data).number


def _to_proposed(services: Services, actor: Actor, number: str, proposal: ProposalInput) -> None:
    c = services.complaints
    c.respond(actor, number, "已致电客户")
    c.record_investigation(actor, number, "刹车片安装时未涂消音膏")
    c.record_responsibility(actor, number, "ours", department="维修车间")
    c.record_corrective_action(actor, number, "作业指导书增加消音膏步骤")
    c.propose(actor, number, proposal)


def test_full_handling_keeps_who_and_when(services: Services, admin: Actor, clerk: Actor,
                                          manager: Actor, customer: tuple[str, str]) -> None:
    technician = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    c = services.complaints
    with clock.freeze(NOV_10):
        number = _intake(services, technician, customer)  # any staff member may register
    assert number == "BJ01-TS-2611-001"
    with clock.freeze(NOV_10 + dt.timedelta(hours=2)):
        _to_proposed(services, clerk, number, ProposalInput(repair_again=True, apology=True,
                                                            compensation_fen=20_000))
    with pytest.raises(NotAllowed):
        c.approve(clerk, number)
    with clock.freeze(NOV_10 + dt.timedelta(hours=5)):
        c.approve(manager, number, "同意返修并赔偿 200 元")
    with clock.freeze(NOV_10 + dt.timedelta(days=1)):
        c.record_answer(clerk, number, True, "phone", "客户同意")
    with pytest.raises(ValidationError):
        c.close(clerk, number, "")
    with clock.freeze(NOV_10 + dt.timedelta(days=2)):
        view = c.close(clerk, number, "已返修，试车无异响", follow_up=True)

    assert view.state == "closed" and view.customer_name == "王小明" and view.plate == "京A12345"
    assert view.received_by_name == "测试technician"
    assert view.first_response_by_name == "测试care_clerk"
    assert view.approval.authority == "service_manager"
    assert (view.approval.approved_by_name, view.approval.approved_at) == (
        "测试manager", NOV_10 + dt.timedelta(hours=5))
    assert view.proposal.settlement_fen == 20_000
    assert view.days_to_close == 2 and not view.closed_late and view.next_deadline_at is None
    assert [e.action for e in view.events] == ["register", "respond", "investigate", "responsibility",
                                               "measures", "propose", "approve", "accept", "close"]
    assert view.events[6].actor_name == "测试manager"
    assert view.events[6].at == NOV_10 + dt.timedelta(hours=5)
    assert view.events[3].note == "ours：维修车间"
    # the follow-up on the measure's effect is a task for the customer-care clerk
    (task,) = view.follow_up_tasks
    assert (task.customer_id, task.assigned_role, task.status) == (customer[0], "care_clerk", "open")
    assert task.due_on == dt.date(2026, 11, 19)  # closed 12 Nov + 7 days
    assert c.follow_up_tasks(clerk) == [task]


def test_handling_is_refused_to_roles_that_do_not_handle(services: Services, admin: Actor,
                                                         customer: tuple[str, str]) -> None:
    technician = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    number = _intake(services, technician, customer)
    with pytest.raises(NotAllowed):
        services.complaints.respond(technician, number)


@pytest.mark.parametrize(("claimed", "compensation", "needs_gm"), [
    (0, 200_000, False),  # general, at the limit: the service manager
    (0, 200_001, True),  # general, above the limit: the general manager
    (500_001, 0, True),  # major by the claimed amount: the general manager
])
def test_approval_authority(services: Services, clerk: Actor, manager: Actor, general_manager: Actor,
                            customer: tuple[str, str], claimed: int, compensation: int,
                            needs_gm: bool) -> None:
    c = services.complaints
    number = _intake(services, clerk, customer, claimed_fen=claimed)
    _to_proposed(services, clerk, number, ProposalInput(apology=True, compensation_fen=compensation))
    assert c.get(clerk, number).approval.needs_general_manager is needs_gm
    if needs_gm:
        with pytest.raises(NotAllowed) as info:
            c.approve(manager, number)
        assert info.value.code == "complaint.needs_general_manager"
        view = c.approve(general_manager, number)
        assert view.approval.approved_by_name == "测试manager" and view.state == "approved"
    else:
        assert c.approve(manager, number).state == "approved"


def test_only_the_administrator_flags_a_manager_as_general_manager(
        services: Services, admin: Actor, manager: Actor, clerk: Actor) -> None:
    assert manager.staff_id and clerk.staff_id
    with pytest.raises(NotAllowed):
        services.complaints.set_general_manager(manager, manager.staff_id, True)
    with pytest.raises(ValidationError):
        services.complaints.set_general_manager(admin, clerk.staff_id, True)


def test_escalation_applies_to_approval_made_after_it(services: Services, clerk: Actor,
                                                      manager: Actor, general_manager: Actor,
                                                      customer: tuple[str, str]) -> None:
    c = services.complaints
    number = _intake(services, clerk, customer)
    assert c.get(clerk, number).severity == "general"
    _to_proposed(services, clerk, number, ProposalInput(apology=True))
    view = c.escalate(clerk, number, "客户联系了电视台")
    assert (view.severity, view.severity_reasons, view.escalation_reason) == (
        "major", ("manual",), "客户联系了电视台")
    with pytest.raises(Conflict):
        c.escalate(clerk, number, "再次升级")
    with pytest.raises(NotAllowed):
        c.approve(manager, number)
    assert c.approve(general_manager, number).approval.authority == "general_manager"


def test_second_complaint_on_a_work_order_is_major(services: Services, advisor: Actor, clerk: Actor,
                                                   customer: tuple[str, str]) -> None:
    order = services.work_orders.open_order(advisor, customer[1], ReceptionInput(mileage_in=1_000))
    c = services.complaints
    first = c.register(clerk, ComplaintInput(channel="walk_in", category="price",
                                             customer_words="收费不清", work_order=order.number))
    assert (first.customer_id, first.vehicle_id, first.work_order_number, first.source) == (
        customer[0], customer[1], order.number, "work_order")
    assert first.severity == "general"
    second = c.register(clerk, ComplaintInput(channel="phone", category="attitude",
                                              customer_words="又来投诉", work_order=order.id))
    assert (second.severity, second.severity_reasons) == ("major", ("repeat",))
    assert [r.number for r in c.major_open_for_manager(Actor.system())] == [second.number]
    assert c.major_open_for_manager(clerk) == []


def test_intake_from_nothing_needs_a_name(services: Services, clerk: Actor) -> None:
    c = services.complaints
    with pytest.raises(ValidationError) as info:
        c.register(clerk, ComplaintInput(channel="online_review", category="other", customer_words="差评"))
    assert info.value.code == "complaint.customer_required"
    view = c.register(clerk, ComplaintInput(channel="online_review", category="other",
                                            customer_words="差评", customer_name="网友“老王”"))
    assert (view.customer_name, view.source, view.customer_id) == ("网友“老王”", "none", None)
    with pytest.raises(ValidationError):
        c.register(clerk, ComplaintInput(channel="fax", category="other", customer_words="x",
                                         customer_name="x"))
    with pytest.raises(ValidationError) as future:
        c.register(clerk, ComplaintInput(channel="phone", category="other", customer_words="x",
                                         customer_name="x",
                                         received_at=clock.now() + dt.timedelta(days=1)))
    assert future.value.field == "received_at"


def test_reopen_keeps_the_original_unchanged(services: Services, clerk: Actor, manager: Actor,
                                             customer: tuple[str, str]) -> None:
    c = services.complaints
    number = _intake(services, clerk, customer)
    _to_proposed(services, clerk, number, ProposalInput(discount_fen=10_000))
    c.approve(manager, number)
    c.record_answer(clerk, number, False, "phone", "客户嫌优惠太少")
    before = c.get(clerk, number)
    assert before.state == "not_accepted" and before.overdue is False

    new = c.reopen(clerk, number, "要求全额退款")
    after = c.get(clerk, number)
    # the stored slip is exactly as it was; only the link to its continuation is new
    assert after.row_version == before.row_version
    assert dataclasses.replace(after, reopened_as=(), next_deadline_kind=before.next_deadline_kind,
                               next_deadline_at=before.next_deadline_at, missed=before.missed,
                               standings=before.standings) == before
    assert [s.number for s in after.reopened_as] == [new.number]
    assert after.next_deadline_at is None  # handling continues on the new slip
    assert new.reopened_from is not None and new.reopened_from.number == number
    assert (new.state, new.customer_words, new.customer_id) == ("registered", "要求全额退款", customer[0])
    assert new.events[0].action == "reopen"
    with pytest.raises(Conflict):
        c.reopen(clerk, number)
    open_numbers = [r.number for r in c.list_slips(clerk, open_only=True)]
    assert open_numbers == [new.number]


def test_slip_received_fourteen_days_ago_is_overdue(services: Services, clerk: Actor,
                                                    customer: tuple[str, str]) -> None:
    c = services.complaints
    with clock.freeze(NOV_10):
        old = _intake(services, clerk, customer)
        c.respond(clerk, old, "已回复")
    with clock.freeze(NOV_10 + dt.timedelta(days=13)):
        fresh = _intake(services, clerk, customer)
    with clock.freeze(NOV_10 + dt.timedelta(days=14)):
        assert c.count_overdue(clerk) == 1
        rows = {r.number: r for r in c.list_slips(clerk)}
        assert rows[old].overdue and rows[old].next_deadline_kind == "solution"
        left = rows[old].seconds_left
        assert left is not None and left < -3 * 86_400
        assert not rows[fresh].overdue and rows[fresh].seconds_left == 0  # response due right now
        assert [r.number for r in c.list_slips(clerk, overdue_only=True)] == [old]
        assert c.get(clerk, old).missed == ("solution", "closure")
    with clock.freeze(NOV_10 + dt.timedelta(days=13, hours=1)):
        assert c.count_overdue(clerk) == 1  # the 3-day solution deadline passed long ago
    with clock.freeze(NOV_10 + dt.timedelta(hours=1)):
        assert c.count_overdue(clerk) == 0


def test_numbers_restart_with_the_local_month(services: Services, clerk: Actor,
                                              customer: tuple[str, str]) -> None:
    last_minute = dt.datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI)
    numbers = []
    for moment in (last_minute, last_minute, last_minute + dt.timedelta(minutes=2)):
        with clock.freeze(moment):
            numbers.append(_intake(services, clerk, customer))
    assert numbers == ["BJ01-TS-2611-001", "BJ01-TS-2611-002", "BJ01-TS-2612-001"]
    with clock.freeze(last_minute + dt.timedelta(days=3)):  # back-dated intake keeps its month
        assert _intake(services, clerk, customer, received_at=last_minute) == "BJ01-TS-2611-003"


def test_two_pcs_registering_at_once_never_share_a_number(ctx: AppContext, data_dir: Path,
                                                          clerk: Actor) -> None:
    per_thread = 12
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        db = same_database(ctx)
        try:
            service = Services(db.unit_of_work).complaints
            barrier.wait()
            for i in range(per_thread):
                numbers.append(service.register(clerk, ComplaintInput(
                    channel="phone", category="other", customer_words=f"第{i}次", customer_name="某客户")).number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(numbers) == len(set(numbers)) == 2 * per_thread
    period = clock.local(clock.now()).strftime("%y%m")
    assert sorted(numbers) == [f"BJ01-TS-{period}-{n:03d}" for n in range(1, 2 * per_thread + 1)]


def _staff_with_points(services: Services, admin: Actor, name: str, department: str, points: int,
                       bonus_fen: int, role: Role = Role.TECHNICIAN) -> Actor:
    actor = make_actor(services, admin, role, name)
    assert actor.staff_id
    services.complaints.set_pay_basis(admin, actor.staff_id, department=department,
                                      base_points=points, monthly_bonus_fen=bonus_fen)
    return actor


def test_loss_split_over_the_department_and_capped_in_statistics(
        services: Services, admin: Actor, clerk: Actor, manager: Actor,
        customer: tuple[str, str]) -> None:
    a = _staff_with_points(services, admin, "tech_a", "维修车间", 10, 100_000)
    b = _staff_with_points(services, admin, "tech_b", "维修车间", 30, 100_000)
    _staff_with_points(services, admin, "parts_c", "配件部", 20, 100_000, Role.PARTS_CLERK)
    c = services.complaints
    with clock.freeze(NOV_10):
        number = _intake(services, clerk, customer)
        _to_proposed(services, clerk, number, ProposalInput(repair_again=True))
        with pytest.raises(NotAllowed):
            c.record_loss(clerk, number, 400_000)
        view = c.record_loss(manager, number, 400_000, note="返工材料与工时")
    (loss,) = view.losses
    assert (loss.loss_fen, loss.department, loss.month) == (400_000, "维修车间", "2026-11")
    by_id = {d.staff_id: (d.amount_fen, d.base_points, d.department_points) for d in loss.deductions}
    assert by_id == {a.staff_id: (100_000, 10, 40), b.staff_id: (300_000, 30, 40)}

    november = c.monthly_statistics(manager, 2026, 11)
    taken = {d.staff_id: (d.incurred_fen, d.taken_fen, d.carried_out_fen) for d in november.deductions}
    assert taken == {a.staff_id: (100_000, 50_000, 50_000), b.staff_id: (300_000, 50_000, 250_000)}
    december = c.monthly_statistics(manager, 2026, 12)
    carried = {d.staff_id: (d.carried_in_fen, d.taken_fen, d.carried_out_fen) for d in december.deductions}
    assert carried == {a.staff_id: (50_000, 50_000, 0), b.staff_id: (250_000, 50_000, 200_000)}


def test_named_persons_split_by_share(services: Services, admin: Actor, clerk: Actor, manager: Actor,
                                      customer: tuple[str, str]) -> None:
    a = _staff_with_points(services, admin, "tech_a", "维修车间", 10, 100_000)
    b = _staff_with_points(services, admin, "tech_b", "维修车间", 30, 100_000)
    assert a.staff_id and b.staff_id
    c = services.complaints
    number = _intake(services, clerk, customer)
    c.respond(clerk, number)
    with pytest.raises(ValidationError) as info:
        c.record_responsibility(clerk, number, "ours", parties=[PartyInput(a.staff_id, 5_000),
                                                                PartyInput(b.staff_id, 4_000)])
    assert info.value.code == "complaint.shares_total"
    c.record_responsibility(clerk, number, "ours", department="维修车间",
                            parties=[PartyInput(a.staff_id, 7_000), PartyInput(b.staff_id, 3_000)])
    view = c.record_loss(manager, number, 10_001)
    assert {d.staff_id: d.amount_fen for d in view.losses[0].deductions} == {
        a.staff_id: 7_001, b.staff_id: 3_000}
    assert [(p.name, p.share_bp) for p in view.parties] == [("测试technician", 7_000),
                                                           ("测试technician", 3_000)]
    # one person alone carries it all
    other = _intake(services, clerk, customer)
    c.respond(clerk, other)
    c.record_responsibility(clerk, other, "ours", parties=[PartyInput(b.staff_id)])
    assert [d.amount_fen for d in c.record_loss(manager, other, 8_000).losses[0].deductions] == [8_000]
    # not our responsibility: no loss to share
    third = _intake(services, clerk, customer)
    c.record_responsibility(clerk, third, "not_ours", reason="原厂配件质量问题，已向厂家索赔")
    with pytest.raises(Conflict):
        c.record_loss(manager, third, 1_000)


def test_monthly_statistics_of_a_constructed_month(services: Services, clerk: Actor, manager: Actor,
                                                   customer: tuple[str, str]) -> None:
    c = services.complaints

    def closed_after(days: int, category: str) -> str:
        number = _intake(services, clerk, customer, category=category)
        _to_proposed(services, clerk, number, ProposalInput(apology=True))
        c.approve(manager, number)
        c.record_answer(clerk, number, True)
        with clock.freeze(clock.now() + dt.timedelta(days=days)):
            c.close(clerk, number, "已处理")
        return number

    with clock.freeze(dt.datetime(2026, 10, 31, 10, tzinfo=SHANGHAI)):
        _intake(services, clerk, customer, category="parts")  # October: not counted
    with clock.freeze(NOV_10):
        closed_after(2, "repair_quality")
        late = closed_after(15, "price")  # closed 25 Nov, after the 13-day limit
        open_one = _intake(services, clerk, customer, category="repair_quality", safety_risk=True)
        c.record_responsibility(clerk, open_one, "not_founded", reason="检测正常")
        refused = _intake(services, clerk, customer, category="attitude")
        _to_proposed(services, clerk, refused, ProposalInput(apology=True))
        c.approve(manager, refused)
        c.record_answer(clerk, refused, False)
        c.reopen(clerk, refused)
    with clock.freeze(dt.datetime(2026, 12, 5, 9, tzinfo=SHANGHAI)):
        stats = c.monthly_statistics(manager, 2026, 11)
    assert stats.registered == 5
    assert {x.key: x.count for x in stats.by_category} == {
        "repair_quality": 2, "price": 1, "attitude": 2}
    assert {x.key: x.count for x in stats.by_severity} == {"general": 4, "major": 1}
    assert stats.reopened == 1
    assert stats.closed == 2 and sorted(stats.days_to_close) == [2, 15]
    assert stats.average_days_to_close_tenths == 85
    assert {x.key: x.count for x in stats.by_responsibility} == {"维修车间": 2}
    assert [x.number for x in stats.closed_late] == [late] and stats.closed_late[0].days_late == 2
    # open at the end of November and past a deadline: October's slip, the safety slip (never
    # answered) and the reopened slip (no response by 30 Nov); the refused original is not
    assert stats.overdue_open == 3


def test_demo_complaints_cover_every_state(ctx: AppContext, services: Services, admin: Actor,
                                           advisor: Actor, clerk: Actor, manager: Actor,
                                           customer: tuple[str, str]) -> None:
    services.work_orders.open_order(advisor, customer[1], ReceptionInput(mileage_in=1_000))
    techs = [_staff_with_points(services, admin, f"tech_{i}", "维修车间", 10, 100_000) for i in (1, 2)]
    with ctx.db.unit_of_work() as session:
        demo = create_demo_complaints(session, clerk, approver=manager,
                                      responsible_staff_ids=[t.staff_id or "" for t in techs])
    system = Actor.system()
    states = {r.state for r in services.complaints.list_slips(system)}
    assert states == {"registered", "handling", "proposed", "approved", "accepted", "not_accepted",
                      "closed"}
    assert services.complaints.count_overdue(system) >= 3
    original = services.complaints.get(system, demo.reopened_original)
    assert [s.number for s in original.reopened_as] == [demo.reopened_new]
    assert original.received_by_name == "测试care_clerk"
    assert original.approval.approved_by_name == "测试manager"
    assert any(s.closed_late for s in (services.complaints.get(system, n) for n in demo.numbers["closed"]))
    with ctx.db.unit_of_work() as session:
        assert session.scalar(select(func.count(ComplaintSlip.id))) == demo.count
        assert session.scalar(select(func.count(FollowUpTask.id))
                              .where(FollowUpTask.kind == "complaint_effect")) == 1
    month = clock.local(clock.now())
    stats = services.complaints.monthly_statistics(admin, month.year, month.month)
    earlier = month.replace(day=1) - dt.timedelta(days=1)
    stats_before = services.complaints.monthly_statistics(admin, earlier.year, earlier.month)
    incurred = {d.staff_id: d.incurred_fen for s in (stats, stats_before) for d in s.deductions
                if d.incurred_fen}
    assert incurred == {techs[0].staff_id: 30_000, techs[1].staff_id: 30_000}
