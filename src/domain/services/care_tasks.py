"""Follow-up tasks other use cases create inside *their* unit of work, and the care settings.

Why a module of its own: delivering a work order and opening a customer file must create
their follow-up in the same transaction (so no delivered order lacks its call), without
the work-order or customer services importing the whole care service.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock
from domain.care_rules import (
    ClassRules,
    FollowUpRules,
    ReminderRules,
    TaskKind,
    TaskStatus,
    WorkCalendar,
    first_call,
    second_call,
    simple_task,
    within,
)
from domain.model import CareCall, Customer, FollowUpTask, WorkOrder
from domain.roles import Actor, Role
from domain.services.calendar import local_calendar
from domain.settings_defaults import (
    CARE_CAMPAIGN_LEAD_DAYS,
    CARE_CLASS_A_MIN,
    CARE_CLASS_B_MIN,
    CARE_CLASS_PERIOD_DAYS,
    CARE_CONTRACT_LEAD_MONTHS,
    CARE_FILE_COMPLETION_DAYS,
    CARE_FIRST_CALL_DAYS,
    CARE_FIRST_WINDOW_DAYS,
    CARE_GREETING_LEAD_DAYS,
    CARE_HOLIDAYS,
    CARE_INSPECTION_LEAD_DAYS,
    CARE_INSURANCE_LEAD_DAYS,
    CARE_LETTER_DAYS,
    CARE_LOST_AFTER_DAYS,
    CARE_MAINTENANCE_INTERVAL_DAYS,
    CARE_MAINTENANCE_INTERVAL_KM,
    CARE_MAINTENANCE_LEAD_DAYS,
    CARE_MAX_TRIES,
    CARE_REMINDER_GRACE_DAYS,
    CARE_REQUEST_DAYS,
    CARE_SECOND_CALL_DAYS,
    CARE_SECOND_ON_TIME_DAY,
    CARE_WARRANTY_LEAD_DAYS,
    CARE_WORKING_WEEKDAYS,
    int_setting,
    setting,
)


def work_calendar(session: Session) -> WorkCalendar:
    """The care desk's calling days (``care.working_weekdays``, ``care.holidays``), never a
    holiday the shop is closed on (its working calendar, ``domain.services.calendar``)."""
    days = setting(session, CARE_WORKING_WEEKDAYS) or []
    holidays: set[dt.date] = set()
    for raw in setting(session, CARE_HOLIDAYS) or []:
        try:
            holidays.add(dt.date.fromisoformat(str(raw)))
        except ValueError:
            continue
    weekdays = frozenset(int(d) for d in days if str(d).isdigit() and 1 <= int(d) <= 7)
    return WorkCalendar(weekdays, frozenset(holidays)).closing(local_calendar(session).holidays)


def follow_up_rules(session: Session) -> FollowUpRules:
    return FollowUpRules(
        first_after_days=int_setting(session, CARE_FIRST_CALL_DAYS),
        first_window_days=int_setting(session, CARE_FIRST_WINDOW_DAYS),
        second_after_days=int_setting(session, CARE_SECOND_CALL_DAYS),
        second_on_time_day=int_setting(session, CARE_SECOND_ON_TIME_DAY),
        max_tries=max(1, int_setting(session, CARE_MAX_TRIES)),
        calendar=work_calendar(session),
        request_days=max(0, int_setting(session, CARE_REQUEST_DAYS)),
        letter_days=max(0, int_setting(session, CARE_LETTER_DAYS)),
    )


def reminder_rules(session: Session) -> ReminderRules:
    return ReminderRules(
        maintenance_interval_days=int_setting(session, CARE_MAINTENANCE_INTERVAL_DAYS),
        maintenance_interval_km=int_setting(session, CARE_MAINTENANCE_INTERVAL_KM),
        maintenance_lead_days=int_setting(session, CARE_MAINTENANCE_LEAD_DAYS),
        insurance_lead_days=int_setting(session, CARE_INSURANCE_LEAD_DAYS),
        inspection_lead_days=int_setting(session, CARE_INSPECTION_LEAD_DAYS),
        warranty_lead_days=int_setting(session, CARE_WARRANTY_LEAD_DAYS),
        contract_lead_months=int_setting(session, CARE_CONTRACT_LEAD_MONTHS),
        grace_days=int_setting(session, CARE_REMINDER_GRACE_DAYS),
        campaign_lead_days=int_setting(session, CARE_CAMPAIGN_LEAD_DAYS),
        greeting_lead_days=int_setting(session, CARE_GREETING_LEAD_DAYS),
    )


def class_rules(session: Session) -> ClassRules:
    return ClassRules(a_min=int_setting(session, CARE_CLASS_A_MIN),
                      b_min=int_setting(session, CARE_CLASS_B_MIN),
                      period_days=int_setting(session, CARE_CLASS_PERIOD_DAYS),
                      lost_after_days=int_setting(session, CARE_LOST_AFTER_DAYS))


def schedule_after_delivery(session: Session, order: WorkOrder, actor: Actor, zone: str) -> FollowUpTask | None:
    """首次回访 of a delivered order (called by ``WorkOrderService.deliver``); one per order."""
    if order.delivered_at is None:
        return None
    existing = session.scalar(select(FollowUpTask).where(
        FollowUpTask.work_order_id == order.id, FollowUpTask.kind == TaskKind.FIRST_CALL.value))
    if existing is not None:
        return existing
    plan = first_call(clock.local(order.delivered_at, zone).date(), follow_up_rules(session))
    task = FollowUpTask(kind=TaskKind.FIRST_CALL.value, customer_id=order.customer_id,
                        vehicle_id=order.vehicle_id, work_order_id=order.id, due_on=plan.due_on,
                        window_end=plan.window_end, reason=f"工单 {order.number} 交车后首次回访",
                        assigned_role=Role.CARE_CLERK.value, status=TaskStatus.OPEN.value,
                        created_by_name=actor.display_name)
    session.add(task)
    return task


def schedule_second_call(session: Session, first: FollowUpTask, done_on: dt.date, actor: Actor,
                         zone: str) -> FollowUpTask:
    """二次回访 in the seven days after the first week after delivery (a different script)."""
    order = session.get(WorkOrder, first.work_order_id) if first.work_order_id else None
    delivered_on = clock.local(order.delivered_at, zone).date() if order and order.delivered_at else done_on
    plan = second_call(delivered_on, done_on, follow_up_rules(session))
    task = FollowUpTask(kind=TaskKind.SECOND_CALL.value, customer_id=first.customer_id,
                        vehicle_id=first.vehicle_id, work_order_id=first.work_order_id,
                        due_on=plan.due_on, window_end=plan.window_end, previous_task_id=first.id,
                        reason="二次回访（换一个话题，不重复首次回访的问题）",
                        assigned_role=first.assigned_role, assigned_staff_id=first.assigned_staff_id,
                        status=TaskStatus.OPEN.value, created_by_name=actor.display_name)
    session.add(task)
    return task


def schedule_request(session: Session, call: CareCall, called_on: dt.date, actor: Actor) -> FollowUpTask:
    """A request heard on a call and not settled on the spot goes to the service supervisor,
    who answers within ``care.request_days`` (2, DOMAIN.md §5: 报服务主任，2 天内)."""
    plan = within(called_on, follow_up_rules(session).request_days)
    task = FollowUpTask(kind=TaskKind.REQUEST.value, customer_id=call.customer_id, vehicle_id=call.vehicle_id,
                        work_order_id=call.work_order_id, due_on=plan.due_on, window_end=plan.window_end,
                        reason=f"客户要求：{call.requests}"[:500], assigned_role=Role.MANAGER.value,
                        status=TaskStatus.OPEN.value, created_by_name=actor.display_name)
    session.add(task)
    session.flush()
    call.request_task_id = task.id
    return task


def schedule_answer(session: Session, request: FollowUpTask, decided_on: dt.date, decision: str,
                    actor: Actor) -> FollowUpTask:
    """The customer is told the supervisor's answer the same day it is decided: a call for
    the care desk, due that day and overdue the next."""
    task = FollowUpTask(kind=TaskKind.ANSWER.value, customer_id=request.customer_id,
                        vehicle_id=request.vehicle_id, work_order_id=request.work_order_id, due_on=decided_on,
                        window_end=decided_on, previous_task_id=request.id, reason=f"答复：{decision}"[:500],
                        assigned_role=Role.CARE_CLERK.value, status=TaskStatus.OPEN.value,
                        created_by_name=actor.display_name)
    session.add(task)
    return task


def schedule_letter(session: Session, customer_id: str | None, vehicle_id: str | None, called_on: dt.date,
                    subject: str, actor: Actor) -> FollowUpTask:
    """After the call about an event, the invitation letter is registered within
    ``care.letter_days`` (2): registering it closes this task (``CareService.record_letter``)."""
    plan = within(called_on, follow_up_rules(session).letter_days)
    task = FollowUpTask(kind=TaskKind.LETTER.value, customer_id=customer_id, vehicle_id=vehicle_id,
                        due_on=plan.due_on, window_end=plan.window_end, reason=f"寄发邀请函：{subject}"[:500],
                        assigned_role=Role.CARE_CLERK.value, status=TaskStatus.OPEN.value,
                        created_by_name=actor.display_name)
    session.add(task)
    return task


def schedule_file_completion(session: Session, customer: Customer, actor: Actor, zone: str) -> FollowUpTask:
    """A file opened at reception is completed by the advisor within 2 days (configurable)."""
    plan = simple_task(clock.today(zone), int_setting(session, CARE_FILE_COMPLETION_DAYS))
    task = FollowUpTask(kind=TaskKind.FILE_COMPLETION.value, customer_id=customer.id, due_on=plan.due_on,
                        window_end=plan.window_end, reason=f"完善客户档案：{customer.name}",
                        assigned_role=Role.ADVISOR.value,
                        assigned_staff_id=actor.staff_id if actor.role is Role.ADVISOR else None,
                        status=TaskStatus.OPEN.value, created_by_name=actor.display_name)
    session.add(task)
    return task
