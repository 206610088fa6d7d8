"""A constructed November of complaint slips, walked through the real services.

Used by the complaint form, Excel and CLI tests: one major slip handled to closure with
named responsible persons, a loss and deductions and two penalties; one closed late (a
洽办单 and the reason recorded); one refused and reopened; one registered with a
2,000-character complaint and never answered (a 催办单 for its investigation report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain import clock
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput, PartyInput, ProposalInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import ReceptionInput

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOV_10 = dt.datetime(2026, 11, 10, 10, 0, tzinfo=BEIJING)
STATS_AT = dt.datetime(2026, 12, 5, 9, 0, tzinfo=BEIJING)
CUSTOMER = "欧阳晓峰"
PLATE = "京AD12345"
WORDS = "刚换的刹车油管在高速上渗漏，差点出事故"
INVESTIGATION = "油管接头力矩不足，技师未按规定使用扭力扳手"
CORRECTIVE = "制动系统作业必须使用扭力扳手并由质检员复核签字"
PROPOSAL = "免费更换油管总成并全面检查制动系统，赔偿误工费"
APPROVAL_NOTE = "同意，内部通报批评"
LOSS_NOTE = "返工材料与工时损失"
FINAL = "已更换油管总成，路试正常"
URGE_REASON = "客户出差，无法约定时间当面解释"
PENALTY_REASON = "制动作业未使用扭力扳手"
LONG_WORDS = "".join(f"第{i:03d}句：客户说车辆保养后方向盘抖动，高速时尤其明显。"
                     for i in range(1, 200))[:2000]


@dataclass(frozen=True)
class ComplaintShop:
    services: Services
    clerk: Actor
    manager: Actor
    gm: Actor
    closed: str  # major, handled to closure, with deductions
    late: str  # closed after its closure deadline
    refused: str  # not accepted …
    reopened: str  # … and continued on this slip
    long: str  # a 2,000-character complaint, never answered
    tech_names: tuple[str, str]
    urge: str  # 催办单 for the long slip's overdue investigation report
    coordinate: str  # 洽办单 asking why the late slip closed late
    penalties: tuple[str, str]  # 警告 for 周师傅, 小过 for 吴师傅 on the closed slip


def _staff(services: Services, admin: Actor, username: str, name: str, role: Role) -> Actor:
    services.staff.create(admin, username=username, display_name=name, role=role, password="pass1234-Lw9x")
    return services.staff.login(username, "pass1234-Lw9x")


def build_november(services: Services) -> ComplaintShop:
    admin = Actor.system()
    clerk = _staff(services, admin, "care1", "李客服", Role.CARE_CLERK)
    manager = _staff(services, admin, "mgr1", "赵经理", Role.MANAGER)
    gm = _staff(services, admin, "gm1", "钱总", Role.MANAGER)
    advisor = _staff(services, admin, "adv1", "孙顾问", Role.ADVISOR)
    assert gm.staff_id
    services.complaints.set_general_manager(admin, gm.staff_id, True)
    techs = [_staff(services, admin, f"tech{i}", name, Role.TECHNICIAN)
             for i, name in ((1, "周师傅"), (2, "吴师傅"))]
    for tech, points in zip(techs, (10, 30), strict=True):
        assert tech.staff_id
        services.complaints.set_pay_basis(admin, tech.staff_id, department="维修车间",
                                          base_points=points, monthly_bonus_fen=100_000)
    customer = services.customers.create(advisor, CustomerInput(name=CUSTOMER, mobile="13812345678"),
                                         VehicleInput(plate=PLATE))
    vehicle_id = customer.vehicles[0].id
    c = services.complaints

    def at(moment: dt.datetime):  # type: ignore[no-untyped-def]
        return clock.freeze(moment)

    with at(NOV_10 - dt.timedelta(days=1)):
        order = services.work_orders.open_order(advisor, vehicle_id, ReceptionInput(mileage_in=31_000))

    # 1. major (safety, claim above the limit), handled to closure with deductions
    with at(NOV_10):
        closed = c.register(clerk, ComplaintInput(
            channel="phone", category="repair_quality", customer_words=WORDS,
            customer_request="赔偿误工费 8000 元", claimed_fen=800_000, safety_risk=True,
            work_order=order.number)).number
    with at(NOV_10 + dt.timedelta(hours=2)):
        c.respond(clerk, closed, "服务经理已致电客户致歉")
        c.record_investigation(clerk, closed, INVESTIGATION)
        c.record_responsibility(clerk, closed, "ours", department="维修车间", parties=[
            PartyInput(techs[0].staff_id or "", 7_000), PartyInput(techs[1].staff_id or "", 3_000)])
        c.record_corrective_action(clerk, closed, CORRECTIVE)
        c.propose(clerk, closed, ProposalInput(repair_again=True, compensation_fen=300_000,
                                               apology=True, text=PROPOSAL))
    with at(NOV_10 + dt.timedelta(hours=5)):
        c.approve(gm, closed, APPROVAL_NOTE)
        c.record_loss(manager, closed, 400_000, note=LOSS_NOTE)
    with at(NOV_10 + dt.timedelta(days=1)):
        c.record_answer(clerk, closed, True, "phone", "客户同意")
    with at(NOV_10 + dt.timedelta(days=2)):
        c.close(clerk, closed, FINAL, follow_up=True)

    # 2. received 3 Nov, closed 20 Nov: after the 13-day deadline (end of 16 Nov)
    received = dt.datetime(2026, 11, 3, 15, 0, tzinfo=BEIJING)
    with at(received):
        late = c.register(clerk, ComplaintInput(channel="walk_in", category="price",
                                                customer_words="结算比报价多收了 300 元",
                                                customer_id=customer.id, vehicle_id=vehicle_id)).number
        c.respond(clerk, late)
        c.record_investigation(clerk, late, "报价单漏写工时")
        c.record_responsibility(clerk, late, "not_ours", reason="客户增加了项目")
        c.propose(clerk, late, ProposalInput(apology=True, text="向客户解释收费明细"))
        c.approve(manager, late)
        c.record_answer(clerk, late, True)
    with at(dt.datetime(2026, 11, 20, 11, 0, tzinfo=BEIJING)):
        c.close(clerk, late, "已向客户解释清楚")

    # 3. refused on 15 Nov and reopened on 16 Nov; the new slip is never answered
    with at(dt.datetime(2026, 11, 14, 9, 0, tzinfo=BEIJING)):
        refused = c.register(clerk, ComplaintInput(channel="letter", category="attitude",
                                                   customer_words="接待人员态度冷淡",
                                                   customer_id=customer.id)).number
        c.respond(clerk, refused)
        c.record_investigation(clerk, refused, "前台人手不足")
        c.record_responsibility(clerk, refused, "ours", department="服务部")
        c.propose(clerk, refused, ProposalInput(apology=True, discount_fen=20_000))
        c.approve(manager, refused)
    with at(dt.datetime(2026, 11, 15, 9, 0, tzinfo=BEIJING)):
        c.record_answer(clerk, refused, False, "phone", "客户认为优惠太少")
    with at(dt.datetime(2026, 11, 16, 9, 0, tzinfo=BEIJING)):
        reopened = c.reopen(clerk, refused, "要求店长当面道歉").number

    # 4. a 2,000-character complaint, registered on 20 Nov and never answered
    with at(dt.datetime(2026, 11, 20, 16, 0, tzinfo=BEIJING)):
        long = c.register(clerk, ComplaintInput(channel="online_review", category="repair_quality",
                                                customer_words=LONG_WORDS,
                                                customer_id=customer.id, vehicle_id=vehicle_id)).number
    # issue 15: a 催办单, a 洽办单 with the reason recorded, and penalties of the regulation
    with at(dt.datetime(2026, 11, 25, 9, 30, tzinfo=BEIJING)):
        deadlines, penalties = services.complaint_deadlines, services.complaint_penalties
        urge = deadlines.urge(clerk, long, "report", to_department="维修车间", to_staff_id=techs[0].staff_id)
        coordinate = deadlines.coordinate(clerk, late, to_department="服务部", reply_by=dt.date(2026, 11, 27))
        deadlines.record_reason(clerk, late, "closure", URGE_REASON)
        warning = penalties.record(manager, closed, techs[0].staff_id or "", "warning", reason=PENALTY_REASON)
        minor = penalties.record(manager, closed, techs[1].staff_id or "", "minor")
    return ComplaintShop(services, clerk, manager, gm, closed, late, refused, reopened, long,
                         ("周师傅", "吴师傅"), urge.number, coordinate.number, (warning.number, minor.number))
