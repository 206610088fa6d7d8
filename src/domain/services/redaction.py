"""Read models as the acting role may see them: money hidden from technicians, contacts masked.

Why after building: a view is built the same way for everyone (one query path, one set of
totals); redacting the finished frozen dataclass afterwards means no service path can forget
a field — every ``*_fen`` field anywhere in the view, its lines and its totals becomes 0, and
``money_hidden`` tells the screen to show "—" instead of ¥0.00.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from domain.privacy import hides_money, needs_full_contact, phone_for
from domain.roles import Actor, Role
from domain.settings_defaults import WORKORDER_HIDE_MONEY_FROM_TECHNICIANS, setting

T = TypeVar("T")


def zero_money(value: T) -> T:
    """``value`` with every ``*_fen`` field (recursively, through tuples) set to 0."""
    if isinstance(value, tuple):
        return type(value)(zero_money(v) for v in value) if not hasattr(value, "_fields") \
            else value  # type: ignore[return-value]
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        current = getattr(value, f.name)
        if f.name.endswith("_fen") and isinstance(current, int) and not isinstance(current, bool):
            changes[f.name] = 0
        elif isinstance(current, tuple) or dataclasses.is_dataclass(current):
            changes[f.name] = zero_money(current)
        elif f.name == "money_hidden":
            changes[f.name] = True
    return dataclasses.replace(value, **changes)  # type: ignore[type-var]


def money_hidden_for(session: Session, actor: Actor) -> bool:
    """Inside a unit of work: does the branch hide money from this actor?

    The setting is read only for a technician: lists call this per row, and an unset setting
    (the usual case) is a query every time — one round trip per row on the shop's server."""
    if actor.role != Role.TECHNICIAN:
        return False
    return hides_money(actor.role, bool(setting(session, WORKORDER_HIDE_MONEY_FROM_TECHNICIANS)))


def for_actor(session: Session, actor: Actor, view: T) -> T:
    """A work-order view, row or history row as ``actor`` may see it."""
    result = view
    if money_hidden_for(session, actor):
        result = zero_money(result)
    if not needs_full_contact(actor.role):
        changes = {name: phone_for(actor.role, getattr(result, name))
                   for name in ("customer_mobile", "customer_other_phone")
                   if hasattr(result, name)}
        if changes:
            result = dataclasses.replace(result, **changes)  # type: ignore[type-var]
    return result


__all__ = ["for_actor", "money_hidden_for", "zero_money"]
