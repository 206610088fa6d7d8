"""The tables of 客户投诉案件统计表, typed, for the printed form and the Excel export alike.

Why typed cells here and formatting elsewhere: the PDF prints "1,234.50" and the workbook
must hold the number 1234.5 with a two-decimal format; both read the same rows, so a
figure cannot differ between the paper and the spreadsheet. Money stays integer fen until
a writer formats it; moments are turned into the branch's local time once, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from domain import clock
from domain.complaint_rules import FULL_SHARE_BP, monthly_cap
from domain.services.complaint_statistics import Count, MonthlyStatistics
from domain.settings_defaults import COMPLAINT_DEDUCTION_CAP_BP, DEFAULTS
from reports.complaint_text import (
    category_label,
    deadline_day,
    responsibility_key_label,
    severity_label,
)

DAY_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("3 天以内", 0, 3), ("4–7 天", 4, 7), ("8–13 天", 8, 13), ("14 天及以上", 14, None))
"""Days from intake to closure, grouped as the monthly review reads them (limit: 13 days)."""


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"  # int
    MONEY = "money"  # int fen
    TENTHS = "tenths"  # int tenths (average days)
    PERCENT = "percent"  # Fraction
    DATE = "date"  # dt.date
    DATETIME = "datetime"  # naive local dt.datetime


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    weight: float = 1.0
    """Relative width on paper."""


@dataclass(frozen=True)
class TypedValue:
    """A cell whose kind differs from its column's (the summary's mixed 数值 column)."""

    value: object
    kind: Kind


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    total: tuple[object, ...] | None = None
    note: str = ""


def cap_bp_default() -> int:
    return int(DEFAULTS[COMPLAINT_DEDUCTION_CAP_BP])


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _count_table(key: str, title: str, sheet: str, first: str, counts: tuple[Count, ...],
                 label: Callable[[str], str], whole: int, note: str = "") -> StatTable:
    rows = tuple((label(c.key), c.count, _share(c.count, whole)) for c in counts)
    total = ("合计", sum(c.count for c in counts), _share(whole, whole) if counts else None)
    return StatTable(key, title, sheet,
                     (Column(first, Kind.TEXT, 2.2), Column("件数", Kind.COUNT),
                      Column("占比", Kind.PERCENT)),
                     rows, total, note)


def statistics_tables(stats: MonthlyStatistics, zone: str, *, branch_name: str = "",
                      cap_bp: int | None = None) -> list[StatTable]:
    """Every table of the monthly statistics, in the order the form prints them."""
    cap = cap_bp_default() if cap_bp is None else cap_bp
    month = f"{stats.year}年{stats.month}月"
    summary_rows: list[tuple[object, ...]] = []
    if branch_name:
        summary_rows.append(("门店", TypedValue(branch_name, Kind.TEXT), ""))
    summary_rows += [
        ("统计月份", TypedValue(month, Kind.TEXT), "按门店当地日历"),
        ("本月受理件数", stats.registered, "本月受理的投诉单（含重开的新单）"),
        ("其中：客户不接受后重开", stats.reopened, "原单保持不变，另开新单续办"),
        ("本月结案件数", stats.closed, "本月结案的投诉单（不论何月受理）"),
        ("平均结案天数", TypedValue(stats.average_days_to_close_tenths, Kind.TENTHS), "受理至结案的日历天数"),
        ("逾期结案件数（须洽办）", len(stats.closed_late), "超过结案期限才结案"),
        ("月末超期未结件数", stats.overdue_open, "月末仍未结案且已超过适用期限（须催办）"),
        ("本月罚扣合计（元）", TypedValue(stats.deductions_total_fen, Kind.MONEY),
         f"每人每月以效益奖金的 {cap * 100 // FULL_SHARE_BP}% 为限"),
    ]
    summary = StatTable("summary", "一、概况", "概况",
                        (Column("项目", Kind.TEXT, 2.0), Column("数值", Kind.COUNT, 1.2),
                         Column("说明", Kind.TEXT, 3.2)),
                        tuple(summary_rows))
    tables = [summary]
    tables.append(_count_table("category", "二、按投诉类别（本月受理）", "按类别", "投诉类别",
                               stats.by_category, category_label, stats.registered))
    tables.append(_count_table("severity", "三、按严重程度（本月受理）", "按严重程度", "严重程度",
                               stats.by_severity, severity_label, stats.registered))
    tables.append(_count_table("responsibility", "四、按责任归属（本月结案）", "按责任归属",
                               "责任部门 / 归属", stats.by_responsibility, responsibility_key_label,
                               stats.closed))
    buckets = []
    for name, low, high in DAY_BUCKETS:
        count = sum(1 for d in stats.days_to_close if d >= low and (high is None or d <= high))
        buckets.append((name, count, _share(count, stats.closed)))
    longest = max(stats.days_to_close, default=None)
    tables.append(StatTable(
        "days", "五、结案天数（本月结案）", "结案天数",
        (Column("受理至结案", Kind.TEXT, 2.2), Column("件数", Kind.COUNT), Column("占比", Kind.PERCENT)),
        tuple(buckets), ("合计", stats.closed, _share(stats.closed, stats.closed)),
        note="" if longest is None else f"最长 {longest} 天"))
    late_rows = tuple(
        (x.number, deadline_day(x.closure_due_at, zone),
         clock.local(x.closed_at, zone).replace(tzinfo=None, second=0, microsecond=0),
         x.days_late, "")
        for x in stats.closed_late)
    tables.append(StatTable(
        "late", "六、逾期结案（洽办）", "逾期结案",
        (Column("投诉单号", Kind.TEXT, 1.6), Column("结案期限", Kind.DATE, 1.1),
         Column("结案时间", Kind.DATETIME, 1.3), Column("逾期天数", Kind.COUNT, 0.8),
         Column("洽办说明（逾期原因）", Kind.TEXT, 2.6)),
        late_rows, note="逾期结案须由经办人书面说明原因，于统计表报送前答复"))
    deduction_rows = tuple(
        (d.name, d.department, d.monthly_bonus_fen, monthly_cap(d.monthly_bonus_fen, cap),
         d.incurred_fen, d.carried_in_fen, d.taken_fen, d.carried_out_fen)
        for d in stats.deductions)
    total = None
    if stats.deductions:
        total = ("合计", "", None, None, sum(d.incurred_fen for d in stats.deductions),
                 sum(d.carried_in_fen for d in stats.deductions), stats.deductions_total_fen,
                 sum(d.carried_out_fen for d in stats.deductions))
    tables.append(StatTable(
        "deductions", "七、责任罚扣", "罚扣",
        (Column("姓名", Kind.TEXT, 1.1), Column("部门", Kind.TEXT, 1.2),
         Column("月度效益奖金", Kind.MONEY), Column("本月扣款上限", Kind.MONEY),
         Column("本月发生", Kind.MONEY), Column("上月结转", Kind.MONEY),
         Column("本月扣款", Kind.MONEY), Column("结转下月", Kind.MONEY)),
        deduction_rows, total,
        note=f"金额单位：元；本月扣款不超过效益奖金的 {cap * 100 // FULL_SHARE_BP}%，超出部分结转以后各月"))
    return tables


def report_month_due(stats: MonthlyStatistics) -> dt.date:
    """The statistics are due by the 10th of the following month."""
    year, month = (stats.year + 1, 1) if stats.month == 12 else (stats.year, stats.month + 1)
    return dt.date(year, month, 10)


__all__ = ["DAY_BUCKETS", "Column", "Kind", "StatTable", "TypedValue", "report_month_due",
           "statistics_tables"]
