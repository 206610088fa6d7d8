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
)
from domain.model import Customer, FollowUpTask, WorkOrder
from domain.roles import Actor, Role
from domain.settings_defaults import (
    CARE_CLASS_A_MIN,
    CARE_CLASS_B_MIN,
    CARE_CLASS_PERIOD_DAYS,
    CARE_CONTRACT_LEAD_MONTHS,
    CARE_FILE_COMPLETION_DAYS,
    CARE_FIRST_CALL_DAYS,
    CARE_FIRST_WINDOW_DAYS,
    CARE_HOLIDAYS,
    CARE_INSPECTION_LEAD_DAYS,
    CARE_INSURANCE_LEAD_DAYS,
    CARE_LOST_AFTER_DAYS,
    CARE_MAINTENANCE_INTERVAL_DAYS,
    CARE_MAINTENANCE_INTERVAL_KM,
    CARE_MAINTENANCE_LEAD_DAYS,
    CARE_MAX_TRIES,
    CARE_REMINDER_GRACE_DAYS,
    CARE_SECOND_CALL_DAYS,
    CARE_SECOND_WINDOW_DAYS,
    CARE_WARRANTY_LEAD_DAYS,
    CARE_WORKING_WEEKDAYS,
    int_setting,
    setting,
)


def work_calendar(session: Session) -> WorkCalendar:
    days = setting(session, CARE_WORKING_WEEKDAYS) or []
    holidays: set[dt.date] = set()
    for raw in setting(session, CARE_HOLIDAYS) or []:
        try:
            holidays.add(dt.date.fromisoformat(str(raw)))
        except ValueError:
            continue
    weekdays = frozenset(int(d) for d in days if str(d).isdigit() and 1 <= int(d) <= 7)
    return WorkCalendar(weekdays, frozenset(holidays))


def follow_up_rules(session: Session) -> FollowUpRules:
    return FollowUpRules(
        first_after_days=int_setting(session, CARE_FIRST_CALL_DAYS),
        first_window_days=int_setting(session, CARE_FIRST_WINDOW_DAYS),
        second_after_days=int_setting(session, CARE_SECOND_CALL_DAYS),
        second_window_days=int_setting(session, CARE_SECOND_WINDOW_DAYS),
        max_tries=max(1, int_setting(session, CARE_MAX_TRIES)),
        calendar=work_calendar(session),
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


def schedule_second_call(session: Session, first: FollowUpTask, done_on: dt.date, actor: Actor) -> FollowUpTask:
    """二次回访 about a week after the first call was done (a different script)."""
    plan = second_call(done_on, follow_up_rules(session))
    task = FollowUpTask(kind=TaskKind.SECOND_CALL.value, customer_id=first.customer_id,
                        vehicle_id=first.vehicle_id, work_order_id=first.work_order_id,
                        due_on=plan.due_on, window_end=plan.window_end, previous_task_id=first.id,
                        reason="二次回访（换一个话题，不重复首次回访的问题）",
                        assigned_role=first.assigned_role, assigned_staff_id=first.assigned_staff_id,
                        status=TaskStatus.OPEN.value, created_by_name=actor.display_name)
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
