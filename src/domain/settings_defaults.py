"""Defaults of the business settings (DOMAIN.md "(cfg)"), in one place.

Why here: services, forms and the settings page must agree on the value a branch gets
when it never changed a setting; the settings table stores only what was changed.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from domain.model import Setting

WORKORDER_REWORK_DAYS = "workorder.rework_days"
WORKORDER_DISCOUNT_LIMIT_BP = "workorder.discount_limit_bp"
WORKORDER_TAX_RATE_BP = "workorder.tax_rate_bp"
WORKORDER_COPIES = "workorder.copies"

DEFAULTS: dict[str, Any] = {
    # an order may be marked rework of a delivered one this many days back (返修)
    WORKORDER_REWORK_DAYS: 30,
    # discounts above this share of the amount (basis points: 1000 = 10 %) need a manager
    WORKORDER_DISCOUNT_LIMIT_BP: 1000,
    # tax added to each payer's share, basis points (0 = prices include tax)
    WORKORDER_TAX_RATE_BP: 0,
    # copies of the work order form: 第一联 存根联, 第二联 客户联
    WORKORDER_COPIES: 2,
}


def setting(session: Session, key: str) -> Any:
    """The stored value of ``key`` or its default, inside the caller's unit of work."""
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def int_setting(session: Session, key: str) -> int:
    value = setting(session, key)
    try:
        return int(value)
    except (TypeError, ValueError):
        return int(DEFAULTS[key])
