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
WORKORDER_LABOUR_RATE_FEN = "workorder.labour_rate_fen"
WORKORDER_COPIES = "workorder.copies"
WORKORDER_HIDE_MONEY_FROM_TECHNICIANS = "workorder.hide_money_from_technicians"
SECURITY_IDLE_LOCK_MINUTES = "security.idle_lock_minutes"
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
COMPLAINT_REPORT_DAYS = "complaint.report_days"
COMPLAINT_OPINION_DAYS = "complaint.opinion_days"
COMPLAINT_PENALTY_WARNING_FEN = "complaint.penalty_warning_fen"
COMPLAINT_PENALTY_MINOR_FEN = "complaint.penalty_minor_fen"
COMPLAINT_PENALTY_MAJOR_FEN = "complaint.penalty_major_fen"
CARE_FIRST_CALL_DAYS = "care.first_call_days"
CARE_FIRST_WINDOW_DAYS = "care.first_window_days"
CARE_SECOND_CALL_DAYS = "care.second_call_days"
CARE_SECOND_WINDOW_DAYS = "care.second_window_days"
CARE_MAX_TRIES = "care.max_tries"
CARE_WORKING_WEEKDAYS = "care.working_weekdays"
CARE_HOLIDAYS = "care.holidays"
CARE_FILE_COMPLETION_DAYS = "care.file_completion_days"
CARE_MAINTENANCE_INTERVAL_DAYS = "care.maintenance_interval_days"
CARE_MAINTENANCE_INTERVAL_KM = "care.maintenance_interval_km"
CARE_MAINTENANCE_LEAD_DAYS = "care.maintenance_lead_days"
CARE_INSURANCE_LEAD_DAYS = "care.insurance_lead_days"
CARE_INSPECTION_LEAD_DAYS = "care.inspection_lead_days"
CARE_WARRANTY_LEAD_DAYS = "care.warranty_lead_days"
CARE_CONTRACT_LEAD_MONTHS = "care.contract_lead_months"
CARE_REMINDER_GRACE_DAYS = "care.reminder_grace_days"
CARE_CLASS_A_MIN = "care.class_a_min_visits"
CARE_CLASS_B_MIN = "care.class_b_min_visits"
CARE_CLASS_PERIOD_DAYS = "care.class_period_days"
CARE_LOST_AFTER_DAYS = "care.lost_after_days"
CARE_SECOND_ON_TIME_DAY = "care.second_on_time_day"
CARE_REQUEST_DAYS = "care.request_days"
CARE_LETTER_DAYS = "care.letter_days"
CARE_CAMPAIGN_LEAD_DAYS = "care.campaign_lead_days"
CARE_GREETING_LEAD_DAYS = "care.greeting_lead_days"
SYNC_SILENT_DAYS = "sync.silent_days"
KPI_HOURS_PER_DAY = "kpi.hours_per_day"
KPI_TARGETS = "kpi.targets"

DEFAULTS: dict[str, Any] = {
    # an order may be marked rework of a delivered one this many days back (返修)
    WORKORDER_REWORK_DAYS: 30,
    # discounts above this share of the amount (basis points: 1000 = 10 %) need a manager
    WORKORDER_DISCOUNT_LIMIT_BP: 1000,
    # tax added to each payer's share, basis points (0 = prices include tax)
    WORKORDER_TAX_RATE_BP: 0,
    # the shop's hourly labour rate (fen), offered for a labour line or operation without one;
    # 0: none set (the rate is typed each time, as before)
    WORKORDER_LABOUR_RATE_FEN: 0,
    # copies of the work order form: 第一联 存根联, 第二联 客户联
    WORKORDER_COPIES: 2,
    # technicians see no money totals on orders and the board (技师不显示金额), off by default
    WORKORDER_HIDE_MONEY_FROM_TECHNICIANS: False,
    # the screen locks after this many idle minutes (0: never); the same user unlocks
    SECURITY_IDLE_LOCK_MINUTES: 10,
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
        # issue 15: copy 3 says where it goes, as the regulation's own slip does
        {"name": "送业务部门依批示办理", "destination": "业务部门", "colour": "#FFE066", "colour_name": "黄"},
        {"name": "财务部存", "destination": "财务部", "colour": "#8FD19E", "colour_name": "绿"},
        {"name": "总经理室存", "destination": "总经理室", "colour": "#8DB8F0", "colour_name": "蓝"},
    ],
    COMPLAINT_PAPER: "a4",  # a4 | a5 | 241 (multi-part paper: printed once)
    # internal deadlines (issue 15): the investigation report within 3 days of intake, the
    # consolidated opinion within 1 day after the report (each by the end of the local day)
    COMPLAINT_REPORT_DAYS: 3,
    COMPLAINT_OPINION_DAYS: 1,
    # penalties of the regulation (奖罚通知单): 警告 400 yuan, 小过 800 yuan, 大过 as set here
    # (0: the person's whole monthly efficiency bonus, DOMAIN.md §4)
    COMPLAINT_PENALTY_WARNING_FEN: 40_000,
    COMPLAINT_PENALTY_MINOR_FEN: 80_000,
    COMPLAINT_PENALTY_MAJOR_FEN: 0,
    # customer care (跟踪服务, DOMAIN.md §5)
    CARE_FIRST_CALL_DAYS: 3,  # first follow-up call due this many days after delivery
    CARE_FIRST_WINDOW_DAYS: 7,  # ... and still on time up to this day after delivery
    CARE_SECOND_CALL_DAYS: 7,  # second call after the first was done
    CARE_SECOND_WINDOW_DAYS: 4,  # days the second call stays on time
    CARE_MAX_TRIES: 3,  # unanswered calls before a follow-up is marked failed
    CARE_WORKING_WEEKDAYS: [1, 2, 3, 4, 5, 6],  # ISO weekdays the care desk calls (Mon–Sat)
    CARE_HOLIDAYS: [],  # extra days off, "YYYY-MM-DD"
    CARE_FILE_COMPLETION_DAYS: 2,  # a new customer file is completed by the advisor within
    CARE_MAINTENANCE_INTERVAL_DAYS: 180,  # next maintenance when the order set none
    CARE_MAINTENANCE_INTERVAL_KM: 5000,
    SYNC_SILENT_DAYS: 7,  # HQ console: a branch with no import for longer is highlighted
    CARE_MAINTENANCE_LEAD_DAYS: 14,  # maintenance reminders go out two weeks ahead
    CARE_INSURANCE_LEAD_DAYS: 30,
    CARE_INSPECTION_LEAD_DAYS: 30,
    CARE_WARRANTY_LEAD_DAYS: 30,
    CARE_CONTRACT_LEAD_MONTHS: 1,  # service contract expiry notice (保养到期通知书)
    CARE_REMINDER_GRACE_DAYS: 30,  # a reminder stays on the list this long after its date
    CARE_CLASS_A_MIN: 4,  # paid visits in the period for class A (忠诚客户)
    CARE_CLASS_B_MIN: 2,  # ... for class B; one visit is C
    CARE_CLASS_PERIOD_DAYS: 365,
    CARE_LOST_AFTER_DAYS: 365,  # no visit of any kind for longer: class D (流失客户)
    # the second follow-up call: in the 7 days after the first week, on time through day 14
    # after delivery (opens the day after ``care.second_call_days``)
    CARE_SECOND_ON_TIME_DAY: 14,
    CARE_REQUEST_DAYS: 2,  # a request a call could not settle: the supervisor answers within
    CARE_LETTER_DAYS: 2,  # an event's invitation letter is registered within this after the call
    CARE_CAMPAIGN_LEAD_DAYS: 14,  # events and campaigns: customers are phoned two weeks before
    CARE_GREETING_LEAD_DAYS: 3,  # birthdays and purchase anniversaries on the list days ahead
    # available hours per technician and working day, for utilisation (工时利用率)
    KPI_HOURS_PER_DAY: 8.0,
    # the branch's KPI targets by KPI ({"csi": 95, …}); a KPI not named keeps the regulation's
    # target (domain.kpi.TARGETS: CSI 93 %, return-repair below 2 %, 20 cars a day …)
    KPI_TARGETS: {},
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
