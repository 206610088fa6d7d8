"""Which buttons of the complaint slip view are live for this slip and this person.

Why pure: the state machine (``complaint_rules.TRANSITIONS``) and the role matrix decide;
this only asks them so buttons grey out instead of leading to a refusal. The domain still
checks every call (for example the general manager's authority on approval).
"""

from __future__ import annotations

from domain.complaint_rules import (
    EDITABLE,
    TRANSITIONS,
    CSAction,
    CSState,
    Responsibility,
    Severity,
)
from domain.roles import Actor, Permission, Role, can
from domain.services.complaint_views import ComplaintView

SLIP_ACTIONS = ("respond", "investigate", "responsibility", "measures", "propose", "return",
                "approve", "answer", "reopen", "close", "escalate", "loss", "print_slip",
                "print_reply", "reason", "urge", "coordinate", "penalty")


def _may(slip: ComplaintView, actor: Actor, action: CSAction) -> bool:
    entry = TRANSITIONS.get((action, CSState(slip.state)))
    return entry is not None and (actor.role is Role.SYSTEM or actor.role in entry[1])


def slip_actions(slip: ComplaintView, actor: Actor) -> dict[str, bool]:
    handle = can(actor, Permission.COMPLAINT_HANDLE)
    editable = handle and CSState(slip.state) in EDITABLE
    return {
        "respond": handle and slip.first_response_at is None and _may(slip, actor, CSAction.RESPOND),
        "investigate": editable,
        "responsibility": editable,
        "measures": editable,
        "propose": handle and _may(slip, actor, CSAction.PROPOSE),
        "return": can(actor, Permission.COMPLAINT_APPROVE) and _may(slip, actor, CSAction.RETURN),
        "approve": can(actor, Permission.COMPLAINT_APPROVE) and _may(slip, actor, CSAction.APPROVE),
        "answer": handle and _may(slip, actor, CSAction.ACCEPT),
        "reopen": handle and slip.state == CSState.NOT_ACCEPTED and not slip.reopened_as,
        "close": handle and _may(slip, actor, CSAction.CLOSE),
        "escalate": handle and slip.state != CSState.CLOSED and slip.severity != Severity.MAJOR,
        "loss": can(actor, Permission.COMPLAINT_LOSS) and slip.responsibility == Responsibility.OURS,
        "print_slip": can(actor, Permission.COMPLAINT_VIEW),
        "print_reply": can(actor, Permission.COMPLAINT_VIEW) and bool(slip.proposal.proposed_at),
        # issue 15: a missed deadline's reason, a 催办单 while a deadline runs, a 洽办单 any time,
        # a penalty against a responsible person named on the slip
        "reason": handle and any(st.missed for st in slip.standings),
        "urge": handle and any(st.seconds_left is not None for st in slip.standings),
        "coordinate": handle,
        "penalty": (can(actor, Permission.COMPLAINT_LOSS) and slip.responsibility == Responsibility.OURS
                    and bool(slip.parties)),
    }


__all__ = ["SLIP_ACTIONS", "slip_actions"]
