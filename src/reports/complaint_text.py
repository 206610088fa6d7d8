"""The Chinese words and figures every complaint print and export shares.

Why a ReportLab-free module: the slip, the reply letter, the statistics form and the Excel
export must name a category, a severity or a deadline the same way, and the Excel export
must not pull in ReportLab. Labels come from :mod:`domain.complaint_rules`; an unknown
code prints as itself rather than vanishing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from domain import clock
from domain.complaint_rules import (
    AUTHORITY_LABELS_ZH,
    CATEGORY_LABELS_ZH,
    CHANNEL_LABELS_ZH,
    RESPONSIBILITY_LABELS_ZH,
    SEVERITY_LABELS_ZH,
    SEVERITY_REASON_LABELS_ZH,
    STATE_LABELS_ZH,
)

ANSWER_METHOD_LABELS_ZH: dict[str, str] = {"phone": "电话", "letter": "答复函", "in_person": "当面"}
SOURCE_LABELS_ZH: dict[str, str] = {"none": "直接受理", "customer_file": "客户档案",
                                    "work_order": "维修工单", "follow_up": "回访"}


def label(mapping: Mapping[str, str], code: str) -> str:
    return mapping.get(code, code) if code else ""


def category_label(code: str) -> str:
    return label(CATEGORY_LABELS_ZH, code)


def channel_label(code: str) -> str:
    return label(CHANNEL_LABELS_ZH, code)


def severity_label(code: str) -> str:
    return label(SEVERITY_LABELS_ZH, code)


def reason_labels(codes: tuple[str, ...]) -> str:
    return "、".join(label(SEVERITY_REASON_LABELS_ZH, c) for c in codes)


def responsibility_label(code: str) -> str:
    return label(RESPONSIBILITY_LABELS_ZH, code)


def responsibility_key_label(key: str) -> str:
    """A key of ``MonthlyStatistics.by_responsibility``: a department, or not ours / not founded."""
    return RESPONSIBILITY_LABELS_ZH.get(key, key)


def state_label(code: str) -> str:
    return label(STATE_LABELS_ZH, code)


def authority_label(code: str) -> str:
    return label(AUTHORITY_LABELS_ZH, code)


def answer_method_label(code: str) -> str:
    return label(ANSWER_METHOD_LABELS_ZH, code)


def source_label(code: str) -> str:
    return label(SOURCE_LABELS_ZH, code)


def when(moment: dt.datetime | None, zone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return clock.format_local(moment, zone, fmt)


def deadline_day(due: dt.datetime, zone: str) -> dt.date:
    """The local day a deadline ends on: "within 3 days" is due at 24:00 of that day, which
    is 00:00 of the next; printing the next day would give the customer a day too many."""
    return clock.local(due - dt.timedelta(microseconds=1), zone).date()


def span_text(seconds: int) -> str:
    """A stretch of time as the paper says it: 2天3小时, 3小时05分, 12分 (sign ignored)."""
    minutes = abs(seconds) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天{hours}小时"
    if hours:
        return f"{hours}小时{mins:02d}分"
    return f"{mins}分" if mins else f"{abs(seconds)}秒"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def share_text(share_bp: int | None) -> str:
    """Share of responsibility in basis points: 7000 → "70%", 3333 → "33.33%"."""
    if share_bp is None:
        return ""
    whole, rest = divmod(share_bp, 100)
    return f"{whole}%" if rest == 0 else f"{whole}.{rest:02d}".rstrip("0") + "%"


def tenths_text(tenths: int | None) -> str:
    return "" if tenths is None else f"{tenths // 10}.{tenths % 10}"


__all__ = ["answer_method_label", "authority_label",
           "category_label", "channel_label", "chinese_date", "deadline_day", "label",
           "reason_labels", "responsibility_key_label", "responsibility_label",
           "severity_label", "share_text", "source_label", "span_text", "state_label", "tenths_text",
           "when"]
