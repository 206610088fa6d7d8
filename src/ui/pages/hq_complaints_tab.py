"""各分店投诉: HQ's read-only consolidated complaint list, with a branch column and filter.

Why a page of its own at HQ: a complaint is handled by its branch (intake, proposal,
answer, closure); HQ watches whether the branches answer in time and which slips are
major. Rows come a page at a time from :meth:`ComplaintService.list_slips` (keyset paging,
the scaffold of :mod:`ui.widgets.hq_list`); deadlines are absolute moments, so "overdue"
is the same everywhere, and times are shown in each slip's own branch time zone. Opening
a row shows the printable 客户抱怨处理表 under the slip's branch letterhead: the branch's
slip screen is built for acting on the slip, and nothing at HQ may change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from domain import clock
from domain.complaint_rules import (
    CATEGORY_LABELS,
    DEADLINE_LABELS,
    SEVERITY_LABELS,
    Severity,
    state_label,
)
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintRow, ComplaintView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.models.paged_rows import PAGE_SIZE, PagedRowsModel
from ui.models.work_order_tables import Column
from ui.operations import run_op
from ui.pages.complaint_slip_view import PRINT_TITLES_ZH, render_complaint
from ui.widgets.hq_list import DateBound, HQListPanel, HQListTab

OPEN, OVERDUE = "open", "overdue"  # the state combo's entries besides 全部


@dataclass(frozen=True)
class HQComplaintFilter:
    """What the list shows; ``since``/``until`` are intake days in each branch's calendar."""

    branch_code: str | None = None
    open_only: bool = False
    overdue_only: bool = False
    severity: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _fetch(services: Services, actor: Actor) -> Callable[[HQComplaintFilter, ComplaintRow | None, int],
                                                         list[ComplaintRow]]:
    def fetch(wanted: HQComplaintFilter, last: ComplaintRow | None, size: int) -> list[ComplaintRow]:
        return services.complaints.list_slips(
            actor, open_only=wanted.open_only, overdue_only=wanted.overdue_only,
            branch_code=wanted.branch_code, severity=wanted.severity, received_since=wanted.since,
            received_until=wanted.until, limit=size, after=last)
    return fetch


class HQComplaintsModel(PagedRowsModel[ComplaintRow]):
    """Every branch's slips, newest intake first, read lazily."""

    def __init__(self, services: Services, actor: Actor, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__([], _fetch(services, actor), parent, page_size)
        self._columns = self._make_columns()
        self._filter = HQComplaintFilter()

    def _time_left(self, row: ComplaintRow) -> str:
        if row.seconds_left is None:
            return ""
        minutes = abs(row.seconds_left) // 60
        days, hours = minutes // (24 * 60), minutes % (24 * 60) // 60
        span = (self.tr("%1天%2小时").replace("%1", str(days)).replace("%2", str(hours)) if days
                else self.tr("%1小时%2分").replace("%1", str(hours)).replace("%2", str(minutes % 60)))
        return self.tr("超期 %1").replace("%1", span) if row.seconds_left < 0 else span

    def _make_columns(self) -> list[Column[ComplaintRow]]:
        def overdue(r: ComplaintRow) -> bool:
            return r.overdue

        def deadline(r: ComplaintRow) -> str:
            if not r.next_deadline_kind:
                return ""
            return (f"{label(DEADLINE_LABELS, r.next_deadline_kind, language())} "
                    f"{clock.format_local(r.next_deadline_at, r.branch_timezone)}")

        return [
            Column(self.tr("门店"), lambda r: " ".join(x for x in (r.branch_code, r.branch_name) if x)),
            Column(self.tr("投诉单号"), lambda r: r.number),
            Column(self.tr("受理时间（当地）"), lambda r: clock.format_local(r.received_at, r.branch_timezone)),
            Column(self.tr("客户"), lambda r: r.customer_name),
            Column(self.tr("车牌"), lambda r: r.plate),
            Column(self.tr("类别"), lambda r: label(CATEGORY_LABELS, r.category, language())),
            Column(self.tr("严重程度"), lambda r: label(SEVERITY_LABELS, r.severity, language()),
                   alert=lambda r: r.severity == Severity.MAJOR),
            Column(self.tr("状态"), lambda r: state_label(r.state, language()), alert=overdue),
            Column(self.tr("下一时限（当地）"), deadline, alert=overdue),
            Column(self.tr("剩余时间"), self._time_left, alert=overdue),
        ]


class HQComplaintsTab(HQListTab):
    """各分店投诉: branch, state (未结案/已超期), severity and intake-day filters; read-only."""

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, "hqComplaints", parent)
        self.model = HQComplaintsModel(services, actor, self)
        self._attach(HQListPanel(
            self.model, table_name="hqComplaintsTable", refresh_name="refreshHqComplaints",
            note=self.tr("总部只查看各分店的投诉处理情况；投诉由各分店受理和处理。双击一行查看客户抱怨处理表。"),
            branches=lambda: services.care_hq.branches(actor),
            count=self._count, current_filter=self.current_filter))
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        self.state_filter.addItem(self.tr("全部"), None)
        self.state_filter.addItem(self.tr("未结案"), OPEN)
        self.state_filter.addItem(self.tr("已超期"), OVERDUE)
        self.severity_filter = QComboBox()
        self.severity_filter.setObjectName("severityFilter")
        self.severity_filter.addItem(self.tr("全部"), None)
        for severity in Severity:
            self.severity_filter.addItem(label(SEVERITY_LABELS, severity.value, language()), severity.value)
        self.since = DateBound("receivedFrom", self.tr("从"))
        self.until = DateBound("receivedTo", self.tr("到"))
        self.panel.add_filter(self.tr("状态"), self.state_filter)
        self.panel.add_filter(self.tr("严重程度"), self.severity_filter)
        self.panel.add_filter(self.tr("受理日期"), self.since)
        self.panel.add_filter("", self.until)
        self._finish()

    def current_filter(self) -> HQComplaintFilter:
        state = self.state_filter.currentData()
        severity = self.severity_filter.currentData()
        return HQComplaintFilter(
            branch_code=self.branch_filter.currentData(), open_only=state == OPEN,
            overdue_only=state == OVERDUE, severity=str(severity) if severity else None,
            since=self.since.value(), until=self.until.value())

    def _count(self, wanted: HQComplaintFilter) -> int:
        return self.services.complaints.count_slips(
            self.actor, open_only=wanted.open_only, overdue_only=wanted.overdue_only,
            branch_code=wanted.branch_code, severity=wanted.severity, received_since=wanted.since,
            received_until=wanted.until)

    def open_row(self, row: int) -> None:
        """The slip's 客户抱怨处理表 under its branch's letterhead, read fresh, in the preview."""
        slip = self.model.item(row)
        services, actor = self.services, self.actor

        def render() -> tuple[ComplaintView, bytes]:
            branch = services.branches.by_code(slip.branch_code) if slip.branch_code else self.branch
            return render_complaint(services, actor, branch, "slip", slip.id)

        self.panel.say(self.tr("正在生成客户抱怨处理表…"))
        run_op(render, if_alive(self, self._preview), if_alive(self, self._failed))

    def _preview(self, result: tuple[ComplaintView, bytes]) -> None:
        slip, pdf = result
        self._show_pdf(pdf, f"{self.tr(PRINT_TITLES_ZH['slip'])} {slip.number}",
                       f"{PRINT_TITLES_ZH['slip']}_{slip.number}.pdf")


__all__ = ["HQComplaintFilter", "HQComplaintsModel", "HQComplaintsTab"]
