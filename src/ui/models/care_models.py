"""Typed table models of the care page (跟踪回访): today's work list, the call and letter
registers, reminders, customer classes and the monthly summary figures.

Why typed column specs on :class:`ui.models.work_order_tables.RowsModel`: every tab shows
frozen read-model rows and differs only in its columns; overdue tasks, failed tries and
unsatisfied ratings show red, as the clerk must see them first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from domain import clock
from domain.care_rules import (
    ANSWER_STATUS_LABELS,
    LETTER_TEMPLATE_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
    REMINDER_ACTION_LABELS,
    REMINDER_KIND_LABELS,
    TASK_KIND_LABELS,
    TASK_STATUS_LABELS,
    Ratio,
)
from domain.labels import label
from domain.services.care_views import (
    CallView,
    CareSummary,
    CareTaskRow,
    ClassMoveRow,
    ClassRow,
    LetterView,
    ReminderRow,
    WorkList,
)
from domain.workorder_rules import yuan
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel


def tr(text: str) -> str:
    """Module-level strings: pyside6-lupdate files a bare ``tr()`` call under the empty context."""
    return QCoreApplication.translate("", text)


def _when(moment: dt.datetime | None, zone: str) -> str:
    return clock.format_local(moment, zone) if moment else ""


SECTION_LABELS = {"overdue": "已超期", "due": "今日到期", "closed": "今日已办", "upcoming": "即将到期"}


def work_rows(work: WorkList) -> list[CareTaskRow]:
    """Overdue first (the clerk's priority), then due today, then what was done today."""
    return [*work.overdue, *work.due, *work.done]


class CareTasksModel(RowsModel[CareTaskRow]):
    def __init__(self, zone: str, parent: Any = None) -> None:
        super().__init__([
            Column(tr("状态"), lambda r: tr(SECTION_LABELS.get(r.timing, r.timing)),
                   alert=lambda r: r.timing == "overdue"),
            Column(tr("应回访日"), lambda r: r.due_on.isoformat(), alert=lambda r: r.timing == "overdue"),
            Column(tr("任务"), lambda r: label(TASK_KIND_LABELS, r.kind, language())),
            Column(tr("客户"), lambda r: r.customer_name),
            Column(tr("电话"), lambda r: r.mobile),
            Column(tr("车辆"), lambda r: " ".join(x for x in (r.plate, r.vehicle_model) if x)),
            Column(tr("工单"), lambda r: r.work_order_number),
            Column(tr("维修项目"), lambda r: r.work_done),
            Column(tr("服务顾问/技师"), lambda r: "、".join(x for x in (r.advisor_name, *r.technician_names) if x)),
            Column(tr("已打次数"), lambda r: str(r.tries), right=True),
            Column(tr("结果"), lambda r: label(TASK_STATUS_LABELS, r.status, language()) if r.timing == "closed" else
                   (_when(r.call_back_at, zone) and tr("约 %1 再打").replace("%1", _when(r.call_back_at, zone))),
                   alert=lambda r: r.status == "failed"),
        ], parent)


class CallsModel(RowsModel[CallView]):
    def __init__(self, zone: str, parent: Any = None) -> None:
        super().__init__([
            Column(tr("时间"), lambda c: _when(c.called_at, zone)),
            Column(tr("方向"), lambda c: tr("来电") if c.direction == "in" else tr("去电")),
            Column(tr("客户/来电人"), lambda c: c.customer_name or c.contact_name),
            Column(tr("电话"), lambda c: c.phone),
            Column(tr("车牌"), lambda c: c.plate),
            Column(tr("结果"), lambda c: label(OUTCOME_LABELS, c.outcome, language())),
            Column(tr("事由/要求"), lambda c: "；".join(x for x in (c.topic, c.requests) if x)),
            Column(tr("不满意意见"), lambda c: c.unsatisfied_remarks, alert=lambda c: bool(c.unsatisfied_remarks)),
            Column(tr("总体评价"), lambda c: label(LEVEL_LABELS, c.rating.overall, language(), "") if c.rating else "",
                   alert=lambda c: c.rating is not None and c.rating.overall == "unsatisfied"),
            Column(tr("投诉单"), lambda c: c.complaint_number),
            Column(tr("要求答复"), lambda c: label(ANSWER_STATUS_LABELS, c.answer_status, language(), ""),
                   alert=lambda c: c.answer_status in ("late", "to_tell")),
            Column(tr("登记人"), lambda c: c.staff_name),
        ], parent)


class LettersModel(RowsModel[LetterView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("日期"), lambda x: x.sent_on.isoformat()),
            Column(tr("收信人"), lambda x: x.addressee),
            Column(tr("类别"), lambda x: label(LETTER_TEMPLATE_LABELS, x.template, language())),
            Column(tr("事由"), lambda x: x.subject),
            Column(tr("车牌"), lambda x: x.plate),
            Column(tr("寄发人"), lambda x: x.sent_by_name),
        ], parent)


class RemindersModel(RowsModel[ReminderRow]):
    def __init__(self, today: Callable[[], dt.date], parent: Any = None) -> None:
        super().__init__([
            Column(tr("到期日"), lambda r: r.due_on.isoformat(), alert=lambda r: r.due_on < today()),
            Column(tr("类别"), lambda r: label(REMINDER_KIND_LABELS, r.kind, language())),
            Column(tr("客户"), lambda r: r.customer_name),
            Column(tr("电话"), lambda r: r.mobile),
            Column(tr("车辆"), lambda r: " ".join(x for x in (r.plate, r.vehicle_model) if x)),
            Column(tr("说明"), lambda r: r.detail),
            Column(tr("处理"), lambda r: label(REMINDER_ACTION_LABELS, r.outcomes[-1].outcome, language()) if r.outcomes else ""),
        ], parent)


class ClassesModel(RowsModel[ClassRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("级别"), lambda r: r.klass or "—", alert=lambda r: r.klass == "D"),
            Column(tr("级内排名"), lambda r: str(r.rank), right=True),
            Column(tr("客户"), lambda r: r.customer_name),
            Column(tr("电话"), lambda r: r.mobile),
            Column(tr("车牌"), lambda r: "、".join(r.plates)),
            Column(tr("车型"), lambda r: "、".join(dict.fromkeys(r.models))),
            Column(tr("12个月付费进厂"), lambda r: str(r.paid_visits), right=True),
            Column(tr("12个月消费(元)"), lambda r: yuan(r.spend_fen), right=True),
            Column(tr("最近进厂"), lambda r: r.last_visit_on.isoformat() if r.last_visit_on else ""),
        ], parent)


class MovesModel(RowsModel[ClassMoveRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("客户"), lambda m: m.customer_name),
            Column(tr("电话"), lambda m: m.mobile),
            Column(tr("上月"), lambda m: m.before or "—"),
            Column(tr("本月"), lambda m: m.after or "—", alert=lambda m: m.after == "D"),
        ], parent)


@dataclass(frozen=True)
class Figure:
    item: str
    value: str
    alert: bool = False


def ratio(r: Ratio) -> str:
    return "—" if r.denominator == 0 else f"{r.label()} ({r.numerator}/{r.denominator})"


def summary_figures(s: CareSummary, *, csi_target: float = 93.0) -> list[Figure]:
    """The month in one column: counts, callback rates, CSI, items, per staff member."""
    rows = [Figure(tr("应回访任务"), str(s.follow_ups_due)), Figure(tr("已完成回访"), str(s.follow_ups_done)),
            Figure(tr("回访未成功"), str(s.follow_ups_failed), s.follow_ups_failed > 0),
            Figure(tr("外呼电话 / 接通"), f"{s.calls_out} / {s.calls_reached}"),
            Figure(tr("客户来电"), str(s.calls_in)),
            Figure(tr("交车工单"), str(s.delivered_orders)),
            Figure(tr("回访率"), ratio(s.callback)),
            Figure(tr("质保期内回访率（目标100%）"), ratio(s.callback_warranty),
                   s.callback_warranty.denominator > 0 and s.callback_warranty.numerator < s.callback_warranty.denominator),
            Figure(tr("已评价工单"), str(s.rated_orders)),
            Figure(tr("CSI"), ratio(s.csi), s.csi.percent is not None and s.csi.percent < csi_target)]
    rows += [Figure(tr("　%1 满意率").replace("%1", tr(i.label)), ratio(i.satisfied)) for i in s.items]
    rows += [Figure(tr("　%1（%2）CSI").replace("%1", p.staff_name)
                    .replace("%2", tr("服务顾问") if p.role == "advisor" else tr("技师")), ratio(p.csi))
             for p in s.per_staff]
    rows += [Figure(tr("不满意意见"), str(s.unsatisfied_remarks), s.unsatisfied_remarks > 0),
             Figure(tr("回访中提出的投诉"), str(s.complaints_from_calls)),
             Figure(tr("寄出信函"), str(s.letters_sent))]
    return rows


class FiguresModel(RowsModel[Figure]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([Column(tr("项目"), lambda f: f.item),
                          Column(tr("数值"), lambda f: f.value, right=True, alert=lambda f: f.alert)], parent)


__all__ = ["CallsModel", "CareTasksModel", "ClassesModel", "Figure", "FiguresModel", "LettersModel",
           "MovesModel", "RemindersModel", "summary_figures", "work_rows"]
