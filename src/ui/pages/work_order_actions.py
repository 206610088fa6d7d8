"""Which buttons of the work-order page are live for this order and this person.

Why pure: the state machine (domain.workorder_rules) and the role matrix (domain.roles)
decide; this only asks them so buttons grey out instead of leading to a refusal. The
domain still checks every call — a greyed button is a hint, never the rule.
"""

from __future__ import annotations

from domain.roles import MANAGERS, Actor, Permission, Role, can
from domain.services.warranty_claims import ClaimView
from domain.services.workorder_views import JobView, WorkOrderView
from domain.workorder_rules import (
    EDITABLE_STATES,
    Action,
    Payer,
    ServiceClass,
    WOState,
    allowed_actions,
)

ORDER_ACTIONS = ("edit_reception", "approve", "supplementary", "discount", "dispatch", "qc",
                 "settle", "reverse", "deliver", "cancel", "rework", "add_labour", "add_part",
                 "add_sundry")
LINE_ACTIONS = ("edit_line", "remove_line")
JOB_ACTIONS = ("start", "stop", "finish", "pause", "resume", "reassign", "requisition", "handover")
CLAIM_ACTIONS = ("submit_claim", "decide_claim")


def _editable(order: WorkOrderView, actor: Actor) -> bool:
    state = WOState(order.state)
    manager = actor.role in MANAGERS | {Role.SYSTEM}
    return state in EDITABLE_STATES or (manager and state is WOState.READY)


def order_actions(order: WorkOrderView, actor: Actor) -> dict[str, bool]:
    actions = set(allowed_actions(order.state, actor.role))
    edit = can(actor, Permission.WORKORDER_EDIT) and _editable(order, actor)
    state = WOState(order.state)
    workshop = state in (WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS)
    return {
        "edit_reception": edit,
        "approve": Action.APPROVE in actions,
        "supplementary": edit and order.approved_at is not None,
        "discount": edit,
        "dispatch": can(actor, Permission.WORKORDER_DISPATCH) and workshop,
        "qc": can(actor, Permission.WORKORDER_QC) and state in (WOState.IN_PROGRESS, WOState.QC),
        "settle": Action.SETTLE in actions,
        "reverse": Action.REVERSE in actions,
        "deliver": Action.DELIVER in actions,
        "cancel": Action.CANCEL in actions,
        "rework": edit and order.rework_of_id is None,
        "add_labour": edit,
        "add_part": can(actor, Permission.WORKORDER_PARTS) and _editable(order, actor),
        "add_sundry": edit,
    }


def line_actions(order: WorkOrderView, actor: Actor, kind: str | None) -> dict[str, bool]:
    if kind is None:
        return dict.fromkeys(LINE_ACTIONS, False)
    permission = Permission.WORKORDER_PARTS if kind == "part" else Permission.WORKORDER_EDIT
    allowed = can(actor, permission) and _editable(order, actor)
    return dict.fromkeys(LINE_ACTIONS, allowed)


def has_warranty(order: WorkOrderView) -> bool:
    """Class C, or warranty pays the order or any of its lines: the manufacturer may be claimed."""
    return (order.service_class == ServiceClass.WARRANTY or order.payer == Payer.WARRANTY
            or any(s.payer == Payer.WARRANTY for s in order.totals.shares))


def claim_actions(order: WorkOrderView, actor: Actor, claim: ClaimView | None) -> dict[str, bool]:
    """提交索赔 on a warranty order that is not cancelled; 厂家结果 once per selected claim."""
    edit = can(actor, Permission.WARRANTY_CLAIM_EDIT) and has_warranty(order)
    return {
        "submit_claim": edit and order.state != WOState.CANCELLED,
        "decide_claim": edit and claim is not None and not claim.decision,
    }


def job_actions(order: WorkOrderView, actor: Actor, job: JobView | None) -> dict[str, bool]:
    if job is None:
        return dict.fromkeys(JOB_ACTIONS, False)
    time = can(actor, Permission.WORKORDER_TIME)
    own = actor.role is not Role.TECHNICIAN or job.technician_id == actor.staff_id
    running = any(t.stopped_at is None for t in job.time_entries)
    state = WOState(order.state)
    workshop = state in (WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS)
    record = time and own and workshop
    return {
        "start": record and job.state != "waiting_parts" and not running
                 and state in (WOState.OPENED, WOState.IN_PROGRESS),
        "stop": record and running,
        "finish": record and job.state != "done" and job.state != "waiting_parts",
        "pause": record and job.state != "done" and job.state != "waiting_parts"
                 and state in (WOState.IN_PROGRESS, WOState.WAITING_PARTS),
        "resume": record and job.state == "waiting_parts",
        "reassign": can(actor, Permission.WORKORDER_DISPATCH) and job.state != "done" and workshop,
        "requisition": can(actor, Permission.WORKORDER_REQUISITION) and own
                       and _editable(order, actor),
        "handover": record and job.state != "done" and len(order.jobs) > 1,
    }


__all__ = ["CLAIM_ACTIONS", "JOB_ACTIONS", "LINE_ACTIONS", "ORDER_ACTIONS", "claim_actions", "has_warranty",
           "job_actions", "line_actions", "order_actions"]
