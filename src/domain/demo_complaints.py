"""Demo complaint slips (演示投诉单): one in every state, some overdue, one reopened.

Why through the real service inside the caller's transaction: the demo must look exactly
like hand-made slips (numbers, deadlines, events with who and when), and all the slips
commit together in the caller's unit of work. Past moments are reached with :func:`domain.clock.freeze`, so the
timeline of each slip reads as if the work had been done on those days.

``DemoService.load`` calls it in a unit of work of its own, after the customers and orders
are committed::

    from domain.demo_complaints import create_demo_complaints
    create_demo_complaints(session, care_clerk_actor, approver=manager_actor,
                           responsible_staff_ids=[ids of demo technicians with base points])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock
from domain.complaint_rules import FULL_SHARE_BP, CSState
from domain.model import Customer, Vehicle, WorkOrder
from domain.roles import Actor
from domain.services.complaints import ComplaintInput, ComplaintService, PartyInput, ProposalInput
from domain.uow import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class DemoComplaints:
    """Numbers of the slips made, by the state each was left in."""

    numbers: dict[str, tuple[str, ...]]
    reopened_original: str
    reopened_new: str

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.numbers.values())


def _same_session(session: Session) -> UnitOfWork:
    @contextmanager
    def uow() -> Iterator[Session]:
        yield session  # the caller's unit of work commits or rolls back everything

    return uow


def create_demo_complaints(session: Session, actor: Actor | None = None,
                           now: dt.datetime | None = None,
                           responsible_staff_ids: Sequence[str] = (),
                           approver: Actor | None = None) -> DemoComplaints:
    """Create the demo slips in ``session`` (nothing is committed here).

    ``actor`` registers and handles (e.g. the demo care clerk), ``approver`` approves and
    records the loss (a manager; the general-manager case is left waiting on purpose);
    both default to the local system.

    With ``responsible_staff_ids`` (e.g. the demo technicians) one closed slip names them
    as responsible with equal shares and carries a recorded loss, so the monthly statistics
    show deductions (罚扣).
    """
    actor = actor or Actor.system()
    boss = approver or actor
    now = now or clock.now()
    service = ComplaintService(_same_session(session))
    pairs = list(session.execute(
        select(Customer.id, Vehicle.id).join(Vehicle, Vehicle.owner_id == Customer.id)
        .order_by(Customer.created_at, Customer.id).limit(12)))
    order = session.scalar(select(WorkOrder).order_by(WorkOrder.received_at.desc()).limit(1))
    made: dict[str, list[str]] = {s.value: [] for s in CSState}
    index = 0

    def at(hours_ago: float, fn: Callable[[], T]) -> T:
        with clock.freeze(now - dt.timedelta(hours=hours_ago)):
            return fn()

    def intake(hours_ago: float, channel: str, category: str, words: str, **extra: object) -> str:
        nonlocal index
        customer_id, vehicle_id = pairs[index % len(pairs)] if pairs else (None, None)
        index += 1
        data = ComplaintInput(channel=channel, category=category, customer_words=words,
                              customer_id=customer_id, vehicle_id=vehicle_id,
                              customer_name="" if customer_id else f"演示客户{index}",
                              received_at=now - dt.timedelta(hours=hours_ago), **extra)  # type: ignore[arg-type]
        return at(hours_ago, lambda: service.register(actor, data)).number

    def handle(number: str, hours_ago: float, *, cause: str, department: str = "维修车间",
               parties: Sequence[PartyInput] = ()) -> None:
        at(hours_ago, lambda: service.respond(actor, number, "服务经理已电话联系客户致歉并说明处理流程"))
        at(hours_ago - 1, lambda: service.record_investigation(actor, number, cause))
        at(hours_ago - 1, lambda: service.record_responsibility(actor, number, "ours",
                                                                department=department,
                                                                parties=parties))
        at(hours_ago - 1, lambda: service.record_corrective_action(
            actor, number, "班组每日晨会通报本案；竣工检验增加复查项目"))

    def propose(number: str, hours_ago: float, proposal: ProposalInput) -> None:
        at(hours_ago, lambda: service.propose(actor, number, proposal))

    # 1. registered just now
    made["registered"].append(intake(2, "walk_in", "waiting_time", "保养等了三个多小时，事先没人告知要等这么久"))
    # 2. registered 30 hours ago and never answered: the 24-hour response is overdue
    made["registered"].append(intake(30, "phone", "attitude", "前台接待不耐烦，问了两次都没人理"))
    # 3. handling for five days without a proposal: the 3-day solution is overdue
    number = intake(5 * 24, "online_review", "price", "换刹车片比报价多收了 300 元，没有事先说明")
    at(5 * 24 - 3, lambda: service.respond(actor, number, "已回电，承诺三日内答复"))
    made["handling"].append(number)
    # 4. major (safety) proposal waiting for the general manager
    extra: dict[str, object] = {"safety_risk": True, "claimed_fen": 800_000}
    if order is not None:
        extra["work_order"] = order.number
    number = intake(2 * 24, "phone", "repair_quality", "刚换的刹车油管在高速上渗漏，差点出事故", **extra)
    handle(number, 2 * 24 - 2, cause="油管接头力矩不足，技师未按规定使用扭力扳手")
    propose(number, 24, ProposalInput(repair_again=True, compensation_fen=300_000, apology=True,
                                      text="免费更换油管总成并全面检查制动系统，赔偿误工费"))
    made["proposed"].append(number)
    # 5. approved, waiting for the customer's answer
    number = intake(3 * 24, "letter", "parts", "更换的空调滤芯不是原厂件")
    handle(number, 3 * 24 - 1, cause="配件员误发副厂件", department="配件部")
    propose(number, 2 * 24, ProposalInput(repair_again=True, apology=True, text="免费更换原厂滤芯"))
    at(2 * 24 - 2, lambda: service.approve(boss, number, "同意"))
    made["approved"].append(number)
    # 6. accepted 15 days ago but never closed: the 13-day closure is overdue
    number = intake(15 * 24, "walk_in", "damage_or_loss", "取车后发现后保险杠有新划痕")
    handle(number, 15 * 24 - 1, cause="移车时刮蹭立柱", department="维修车间")
    propose(number, 14 * 24, ProposalInput(repair_again=True, apology=True, text="免费补漆"))
    at(14 * 24 - 1, lambda: service.approve(boss, number))
    at(14 * 24 - 2, lambda: service.record_answer(actor, number, True, "phone", "同意免费补漆"))
    made["accepted"].append(number)
    # 7. closed on time, with a follow-up on the measure's effect
    number = intake(10 * 24, "follow_up_call", "repair_quality", "空调修过后还是不太凉")
    people = list(dict.fromkeys(responsible_staff_ids))
    shares = [FULL_SHARE_BP // len(people)] * len(people) if people else []
    if shares:
        shares[0] += FULL_SHARE_BP - sum(shares)
    handle(number, 10 * 24 - 1, cause="冷媒加注量不足",
           parties=[PartyInput(p, s) for p, s in zip(people, shares, strict=True)])
    propose(number, 9 * 24, ProposalInput(repair_again=True, text="重新抽真空加注冷媒"))
    at(9 * 24 - 1, lambda: service.approve(boss, number))
    at(8 * 24, lambda: service.record_answer(actor, number, True, "phone"))
    at(7 * 24, lambda: service.close(actor, number, "已重新加注冷媒，出风口温度 6℃", follow_up=True))
    if people:
        at(7 * 24 - 1, lambda: service.record_loss(boss, number, 60_000, note="返工冷媒与工时"))
    made["closed"].append(number)
    # 8. closed late (received 20 days ago, closed 2 days ago): needs a 洽办
    number = intake(20 * 24, "hq_hotline", "warranty_refusal", "发动机异响，店里说不在保修范围")
    handle(number, 20 * 24 - 2, cause="厂家技术鉴定耗时两周，结论为保修范围内", department="索赔组")
    propose(number, 5 * 24, ProposalInput(repair_again=True, apology=True, text="按保修免费维修"))
    at(5 * 24 - 1, lambda: service.approve(boss, number))
    at(3 * 24, lambda: service.record_answer(actor, number, True, "letter"))
    at(2 * 24, lambda: service.close(actor, number, "已按保修更换正时链条"))
    made["closed"].append(number)
    # 9. not accepted and reopened: the original stays as it was, the new slip continues
    original = intake(6 * 24, "phone", "price", "钣喷报价太高，比别家贵一倍")
    handle(original, 6 * 24 - 1, cause="报价含原厂件，未向客户说明可选配件", department="服务部")
    propose(original, 5 * 24, ProposalInput(discount_fen=50_000, text="工时费九折"))
    at(5 * 24 - 2, lambda: service.approve(boss, original))
    at(4 * 24, lambda: service.record_answer(actor, original, False, "phone", "客户认为折扣太少"))
    made["not_accepted"].append(original)
    new = at(4 * 24 - 1, lambda: service.reopen(actor, original, "客户不接受九折，要求八折")).number
    at(4 * 24 - 2, lambda: service.respond(actor, new, "已转总经理复议"))
    made["handling"].append(new)
    return DemoComplaints({k: tuple(v) for k, v in made.items()}, original, new)


__all__ = ["DemoComplaints", "create_demo_complaints"]
