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
COMPLAINT_RESPONSE_HOURS = "complaint.response_hours"
COMPLAINT_SOLUTION_DAYS = "complaint.solution_days"
COMPLAINT_CLOSURE_DAYS = "complaint.closure_days"
COMPLAINT_CLOSURE_DAYS_FOREIGN = "complaint.closure_days_foreign"
COMPLAINT_MAJOR_AMOUNT_FEN = "complaint.major_amount_fen"
COMPLAINT_GM_APPROVAL_LIMIT_FEN = "complaint.gm_approval_limit_fen"
COMPLAINT_DEDUCTION_CAP_BP = "complaint.deduction_cap_bp"
COMPLAINT_FOLLOW_UP_DAYS = "complaint.follow_up_days"
COMPLAINT_COPIES = "complaint.copies"
COMPLAINT_PAPER = "complaint.paper"

DEFAULTS: dict[str, Any] = {
    # an order may be marked rework of a delivered one this many days back (返修)
    WORKORDER_REWORK_DAYS: 30,
    # discounts above this share of the amount (basis points: 1000 = 10 %) need a manager
    WORKORDER_DISCOUNT_LIMIT_BP: 1000,
    # tax added to each payer's share, basis points (0 = prices include tax)
    WORKORDER_TAX_RATE_BP: 0,
    # copies of the work order form: 第一联 存根联, 第二联 客户联
    WORKORDER_COPIES: 2,
    # complaint slips (客户抱怨处理表, DOMAIN.md §4)
    COMPLAINT_RESPONSE_HOURS: 24,  # first response to the customer
    COMPLAINT_SOLUTION_DAYS: 3,  # a proposed solution, by the end of the local day
    COMPLAINT_CLOSURE_DAYS: 13,  # closure (the regulation's domestic limit)
    COMPLAINT_CLOSURE_DAYS_FOREIGN: 17,  # a supplier or manufacturer abroad is involved
    COMPLAINT_MAJOR_AMOUNT_FEN: 500_000,  # claimed above 5,000 yuan: major (重大)
    # settlements above this (refund + discount + compensation) need the general manager
    COMPLAINT_GM_APPROVAL_LIMIT_FEN: 200_000,
    COMPLAINT_DEDUCTION_CAP_BP: 5_000,  # at most 50 % of the monthly efficiency bonus
    COMPLAINT_FOLLOW_UP_DAYS: 7,  # follow-up on the measure's effect after closure
    # copies of the printed slip (多联), in order; keys as reports.primitives.CopySpec
    COMPLAINT_COPIES: [
        {"name": "质量管理部存", "destination": "质量管理部", "colour": "#FFFFFF", "colour_name": "白"},
        {"name": "维修车间存", "destination": "维修车间", "colour": "#F4A6B4", "colour_name": "红"},
        {"name": "服务部(业务)存", "destination": "服务部(业务)", "colour": "#FFE066", "colour_name": "黄"},
        {"name": "财务部存", "destination": "财务部", "colour": "#8FD19E", "colour_name": "绿"},
        {"name": "总经理室存", "destination": "总经理室", "colour": "#8DB8F0", "colour_name": "蓝"},
    ],
    COMPLAINT_PAPER: "a4",  # a4 | a5 | 241 (multi-part paper: printed once)
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
