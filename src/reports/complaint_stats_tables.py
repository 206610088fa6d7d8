"""The tables of 客户投诉案件统计表, typed, for the printed form and the Excel export alike.

Why typed cells here and formatting elsewhere: the PDF prints "1,234.50" and the workbook
must hold the number 1234.5 with a two-decimal format; both read the same rows, so a
figure cannot differ between the paper and the spreadsheet. Money stays integer fen until
a writer formats it; moments are turned into the branch's local time once, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from domain import clock
from domain.complaint_rules import DEADLINE_LABELS_ZH, FULL_SHARE_BP, PENALTY_LABELS_ZH, monthly_cap
from domain.services.complaint_statistics import Count, MonthlyStatistics
from domain.services.complaint_views import PenaltyView
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
    for tally in stats.internal:
        name = DEADLINE_LABELS_ZH.get(tally.kind, tally.kind)
        summary_rows.append((f"{name}超期件数", tally.late + tally.overdue,
                             f"本月到期 {tally.due} 件，其中逾期完成 {tally.late}、超期未完成 {tally.overdue}"))
    summary_rows.append(("本月奖罚件数", len(stats.penalties), "警告、小过、大过"))
    summary_rows.append(("本月奖罚金额合计（元）", TypedValue(stats.penalties_total_fen, Kind.MONEY),
                         "按奖罚通知单"))
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
        (x.number, deadline_day(x.closure_due_at, zone), _local(x.closed_at, zone), x.days_late, x.reason)
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
    tables += _internal_tables(stats, zone)
    tables.append(penalty_table(stats.penalties))
    return tables


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    return clock.local(moment, zone).replace(tzinfo=None, second=0, microsecond=0)


def _internal_tables(stats: MonthlyStatistics, zone: str) -> list[StatTable]:
    """八: the report and opinion deadlines of the month, counted; 九: each one missed, with
    its reason (issue 15)."""
    rows = tuple((DEADLINE_LABELS_ZH.get(t.kind, t.kind), t.due, t.on_time, t.late, t.overdue, t.pending,
                  t.reasons, _share(t.on_time, t.due)) for t in stats.internal)
    counts = StatTable(
        "internal", "八、内部期限（调查报告、综合意见）", "内部期限",
        (Column("期限", Kind.TEXT, 1.4), Column("本月到期", Kind.COUNT), Column("按时", Kind.COUNT),
         Column("逾期完成", Kind.COUNT), Column("超期未完成", Kind.COUNT), Column("未到期", Kind.COUNT),
         Column("已说明原因", Kind.COUNT), Column("按时率", Kind.PERCENT)),
        rows, note="调查报告自受理起算，综合意见自调查报告起算（天数按门店设置）；在期限当秒完成即为按时")
    missed = StatTable(
        "internal_missed", "九、内部期限超期明细", "内部期限超期",
        (Column("投诉单号", Kind.TEXT, 1.5), Column("期限", Kind.TEXT, 0.9), Column("到期日", Kind.DATE, 1.1),
         Column("完成时间", Kind.DATETIME, 1.3), Column("超期原因", Kind.TEXT, 2.8)),
        tuple((m.number, DEADLINE_LABELS_ZH.get(m.kind, m.kind), deadline_day(m.due_at, zone),
               None if m.done_at is None else _local(m.done_at, zone), m.reason or "（未说明）")
              for m in stats.missed_internal),
        note="超期未完成的须催办（催办单），原因由责任部门说明")
    return [counts, missed]


def penalty_table(penalties: Sequence[PenaltyView]) -> StatTable:
    """十: the month's penalties (奖罚通知单), the monthly list of the regulation; also the
    penalties tab's own workbook."""
    rows = tuple((p.number, p.staff_name, p.department, PENALTY_LABELS_ZH.get(p.grade, p.grade),
                  p.amount_fen, p.slip_number, p.reason) for p in penalties)
    total = ("合计", "", "", "", sum(p.amount_fen for p in penalties), "", "") if penalties else None
    return StatTable(
        "penalties", "十、奖罚（警告、小过、大过）", "奖罚",
        (Column("通知单号", Kind.TEXT, 1.6), Column("姓名", Kind.TEXT, 0.9), Column("部门", Kind.TEXT, 1.0),
         Column("类别", Kind.TEXT, 0.6), Column("金额", Kind.MONEY, 0.9), Column("投诉单号", Kind.TEXT, 1.6),
         Column("事由", Kind.TEXT, 1.8)),
        rows, total, note="金额单位：元")


def report_month_due(stats: MonthlyStatistics) -> dt.date:
    """The statistics are due by the 10th of the following month."""
    year, month = (stats.year + 1, 1) if stats.month == 12 else (stats.year, stats.month + 1)
    return dt.date(year, month, 10)


__all__ = ["DAY_BUCKETS", "Column", "Kind", "StatTable", "TypedValue", "penalty_table", "report_month_due",
           "statistics_tables"]
