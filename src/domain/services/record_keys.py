"""A work order found by what a person or a list hands over: its id, or its printed number
typed in any case (``BJ01-WO-00012``). Shared by the work-order, care and complaint services."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import NotFound
from domain.model import WorkOrder


def work_order_by_key(session: Session, key: str) -> WorkOrder:
    raw = key.strip()
    order = session.get(WorkOrder, raw) or session.scalar(select(WorkOrder).where(WorkOrder.number == raw.upper()))
    if order is None:
        raise NotFound("workorder.not_found", key=raw)
    return order


__all__ = ["work_order_by_key"]
