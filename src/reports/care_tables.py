"""The monthly care summary (回访分析) as typed tables, shared by the PDF and the Excel export.

Why shared: the manager compares the printed summary with the spreadsheet; both must show
the same figures under the same headings, so the rows are built once here from
:class:`domain.services.care_views.CareSummary` (ReportLab- and openpyxl-free).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.care_rules import LEVEL_LABELS_ZH, LEVELS, Ratio
from domain.services.care_views import CareSummary, ItemSatisfaction

ROLE_LABELS_ZH = {"advisor": "服务顾问", "technician": "维修技师"}


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    RATIO = "ratio"  # a Ratio: printed as 93.3% (14/15), exported as a fraction


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    weight: float = 1.0


@dataclass(frozen=True)
class CareTable:
    key: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]


def ratio_text(ratio: Ratio) -> str:
    if ratio.denominator == 0:
        return "—"
    return f"{ratio.label()}（{ratio.numerator}/{ratio.denominator}）"


def _item_row(item: ItemSatisfaction) -> tuple[object, ...]:
    counts = dict(item.counts)
    return (item.label, *(counts.get(level, 0) for level in LEVELS), item.satisfied)


def summary_tables(summary: CareSummary) -> list[CareTable]:
    s = summary
    overview = CareTable("overview", "一、回访概况", "回访概况",
                         (Column("项目", Kind.TEXT, 2.2), Column("数值", Kind.COUNT, 1)),
                         (("本月应回访任务", s.follow_ups_due), ("已完成回访", s.follow_ups_done),
                          ("回访未成功", s.follow_ups_failed), ("外呼电话", s.calls_out),
                          ("其中接通", s.calls_reached), ("客户来电", s.calls_in),
                          ("本月交车工单", s.delivered_orders), ("已评价工单", s.rated_orders),
                          ("不满意意见", s.unsatisfied_remarks), ("回访中提出的投诉", s.complaints_from_calls),
                          ("寄出信函", s.letters_sent)))
    rates = CareTable("rates", "二、回访率与满意度", "回访率",
                      (Column("指标", Kind.TEXT, 2.2), Column("比率", Kind.RATIO, 1.6)),
                      (("回访率（交车工单中已接通回访）", s.callback),
                       ("质保期内回访率（目标100%）", s.callback_warranty),
                       ("CSI 客户满意度（总体满意及以上）", s.csi)))
    level_cols = tuple(Column(LEVEL_LABELS_ZH[level], Kind.COUNT) for level in LEVELS)
    items = CareTable("items", "三、分项满意度", "分项满意度",
                      (Column("评价项目", Kind.TEXT, 1.8), *level_cols, Column("满意率", Kind.RATIO, 1.6)),
                      tuple(_item_row(i) for i in s.items))
    staff_rows = []
    for r in s.per_staff:
        by_item = {i.item: i.satisfied for i in r.items}
        staff_rows.append((r.staff_name, ROLE_LABELS_ZH.get(r.role, r.role), r.rated_orders, r.csi,
                           *(by_item.get(i.item, Ratio(0, 0)) for i in s.items)))
    staff = CareTable("staff", "四、服务顾问与技师评价", "人员评价",
                      (Column("姓名", Kind.TEXT, 1.2), Column("岗位", Kind.TEXT, 1), Column("评价单数", Kind.COUNT, 0.8),
                       Column("CSI", Kind.RATIO, 1.4), *(Column(i.label, Kind.RATIO, 1.4) for i in s.items)),
                      tuple(staff_rows))
    return [overview, rates, items, staff]


__all__ = ["CareTable", "Column", "Kind", "ratio_text", "summary_tables"]
