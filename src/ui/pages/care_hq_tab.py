"""各分店回访: HQ's read-only view of every branch's follow-ups, with a branch column and filter.

Why its own tab: at HQ the care page has nothing to call (HQ does not phone a branch's
customers); it watches whether the branches do. The branch combo, the counts and the lazy
keyset paging are HQ's list scaffold (:mod:`ui.widgets.hq_list`), shared with the work-order
and complaint lists. Each row is shown in its branch's own time zone, and timing
(due/overdue) is the branch's, decided by the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from domain import clock
from domain.care_rules import OUTCOME_LABELS, TASK_KIND_LABELS, TASK_STATUS_LABELS
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.care_hq import FollowUpFilter, HQFollowUpRow
from domain.services.registry import Services
from ui.i18n import language
from ui.models.paged_rows import PAGE_SIZE, PagedRowsModel
from ui.models.work_order_tables import Column
from ui.pages.care_tabs import CareTab
from ui.widgets.hq_list import DateBound, HQListPanel

OVERDUE = "overdue"  # the status combo's extra entry: open tasks past their window


class HQFollowUpsModel(PagedRowsModel[HQFollowUpRow]):
    """The consolidated list, read lazily (:class:`ui.widgets.hq_list.PagedRowsModel`)."""

    def __init__(self, services: Services, actor: Actor, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__([], lambda wanted, last, size: services.care_hq.list_follow_ups(
            actor, wanted, limit=size, after=last), parent, page_size)
        self._columns = self._make_columns()
        self._filter = FollowUpFilter()

    def _make_columns(self) -> list[Column[HQFollowUpRow]]:
        timing = {"upcoming": self.tr("未到期"), "due": self.tr("到期"), "overdue": self.tr("已超期")}
        return [
            Column(self.tr("门店"), lambda r: " ".join(x for x in (r.branch_code, r.branch_name) if x)),
            Column(self.tr("应回访日"), lambda r: r.due_on.isoformat(), alert=lambda r: r.timing == "overdue"),
            Column(self.tr("状态"), lambda r: timing.get(r.timing) or label(TASK_STATUS_LABELS, r.status, language()),
                   alert=lambda r: r.timing == "overdue" or r.status == "failed"),
            Column(self.tr("任务"), lambda r: label(TASK_KIND_LABELS, r.kind, language())),
            Column(self.tr("客户"), lambda r: r.customer_name),
            Column(self.tr("电话"), lambda r: r.mobile),
            Column(self.tr("车牌"), lambda r: r.plate),
            Column(self.tr("工单"), lambda r: r.work_order_number),
            Column(self.tr("已打次数"), lambda r: str(r.tries), right=True),
            Column(self.tr("最近结果"), lambda r: label(OUTCOME_LABELS, r.last_outcome, language(), "")
                   if r.last_outcome else ""),
            Column(self.tr("负责人"), lambda r: r.assigned_staff_name),
            Column(self.tr("关闭时间（当地）"), lambda r: clock.format_local(r.closed_at, r.branch_timezone)),
        ]


class HQFollowUpsTab(CareTab):
    """各分店回访: filter by branch, status and due dates; nothing here changes a task."""

    counted = Signal(int)  # how many tasks the filter matches
    branches_loaded = Signal(object)  # list[BranchChoice]

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        self.model = HQFollowUpsModel(services, actor, self)
        self.panel = HQListPanel(
            self.model, table_name="hqFollowUpsTable", refresh_name="refreshHq",
            note=self.tr("总部只查看各分店的回访情况；回访电话由各分店拨打和登记。"),
            branches=lambda: services.care_hq.branches(actor),
            count=lambda wanted: services.care_hq.count_follow_ups(actor, wanted),
            current_filter=self.current_filter, status=self.status)
        self.branch_filter, self.table = self.panel.branch_filter, self.panel.table
        self.refresh_button, self.counts = self.panel.refresh_button, self.panel.counts
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("全部状态"), None)
        self.status_filter.addItem(self.tr("已超期"), OVERDUE)
        for code in ("open", "done", "failed", "cancelled"):
            self.status_filter.addItem(label(TASK_STATUS_LABELS, code, language()), code)
        self.since = DateBound("dueFrom", self.tr("从"))
        self.until = DateBound("dueTo", self.tr("到"))
        self.panel.add_filter(self.tr("状态"), self.status_filter)
        self.panel.add_filter(self.tr("应回访日"), self.since)
        self.panel.add_filter("", self.until)
        self.panel.finish().setContentsMargins(6, 6, 6, 6)
        self.panel.counted.connect(self.counted)
        self.panel.branches_loaded.connect(self.branches_loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

    @property
    def total(self) -> int | None:
        return self.panel.total

    def current_filter(self) -> FollowUpFilter:
        status = self.status_filter.currentData()
        return FollowUpFilter(
            branch_code=self.branch_filter.currentData(),
            since=self.since.value(), until=self.until.value(),
            status=None if status in (None, OVERDUE) else str(status),
            overdue_only=status == OVERDUE)

    def refresh(self) -> None:
        """The branches (a new one may have been imported), then the rows."""
        self.panel.refresh()

    def reload(self) -> None:
        """The first page and the count of the current filter."""
        self.panel.reload()


__all__ = ["HQFollowUpsModel", "HQFollowUpsTab"]
