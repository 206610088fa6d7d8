"""各分店工单: HQ's read-only consolidated work-order board, with a branch column and filter.

Why a page of its own at HQ: HQ receives no cars, so the branch board's 接车开单 and the
order's action buttons have no place here; HQ watches the branches' orders. Rows come a
page at a time from :meth:`WorkOrderService.list_orders` (keyset paging, the scaffold of
:mod:`ui.widgets.hq_list`); times are shown in each order's own branch time zone. Opening a
row shows the printable 维修委托书 under the order's branch letterhead: the branch's order
screen is built for acting on the order, and nothing at HQ may change a branch's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from domain import clock
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderRow
from domain.workorder_rules import WOState, state_label
from ui.alive import if_alive
from ui.i18n import language
from ui.models.paged_rows import PAGE_SIZE, PagedRowsModel
from ui.models.work_order_tables import Column
from ui.operations import run_op
from ui.pages.work_order_printing import FORM_TITLES_ZH, RenderedForm, render_form
from ui.widgets.amounts import money
from ui.widgets.hq_list import DateBound, HQListPanel, HQListTab

OPEN = "open"  # the state combo's 在修 entry: every state before delivery or cancellation


@dataclass(frozen=True)
class HQOrderFilter:
    """What the board shows; ``since``/``until`` are reception days in each branch's calendar."""

    branch_code: str | None = None
    state: str | None = None
    open_only: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    late_only: bool = False


def _fetch(services: Services, actor: Actor) -> Callable[[HQOrderFilter, WorkOrderRow | None, int],
                                                         list[WorkOrderRow]]:
    def fetch(wanted: HQOrderFilter, last: WorkOrderRow | None, size: int) -> list[WorkOrderRow]:
        return services.work_orders.list_orders(
            actor, state=wanted.state, open_only=wanted.open_only, branch_code=wanted.branch_code,
            received_since=wanted.since, received_until=wanted.until, late_only=wanted.late_only,
            limit=size, after=last)
    return fetch


class HQWorkOrdersModel(PagedRowsModel[WorkOrderRow]):
    """Every branch's orders, newest reception first, read lazily."""

    def __init__(self, services: Services, actor: Actor, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__([], _fetch(services, actor), parent, page_size)
        self._columns = self._make_columns()
        self._filter = HQOrderFilter()

    def _make_columns(self) -> list[Column[WorkOrderRow]]:
        def late(r: WorkOrderRow) -> bool:
            return r.late

        return [
            Column(self.tr("门店"), lambda r: " ".join(x for x in (r.branch_code, r.branch_name) if x)),
            Column(self.tr("工单号"), lambda r: r.number),
            Column(self.tr("车牌"), lambda r: r.plate),
            Column(self.tr("客户"), lambda r: r.customer_name),
            Column(self.tr("状态"), lambda r: state_label(r.state, language())
                   + (self.tr("（逾期）") if r.late else ""), alert=late),
            Column(self.tr("接车时间（当地）"), lambda r: clock.format_local(r.received_at, r.branch_timezone)),
            Column(self.tr("约定交车（当地）"), lambda r: clock.format_local(r.promised_at, r.branch_timezone),
                   alert=late),
            Column(self.tr("金额"), lambda r: "—" if r.money_hidden else money(r.total_fen), right=True,
                   money=True),
        ]


class HQWorkOrdersTab(HQListTab):
    """各分店工单: branch, state, reception days and 逾期 filters; double-click previews the order."""

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, "hqWorkOrders", parent)
        self.model = HQWorkOrdersModel(services, actor, self)
        self._attach(HQListPanel(
            self.model, table_name="hqWorkOrdersTable", refresh_name="refreshHqOrders",
            note=self.tr("总部只查看各分店的工单，不接车、不修改工单；双击一行查看维修委托书。"),
            branches=lambda: services.care_hq.branches(actor),
            count=self._count, current_filter=self.current_filter))
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        self.state_filter.addItem(self.tr("全部状态"), None)
        self.state_filter.addItem(self.tr("在修（未交车）"), OPEN)
        for state in WOState:
            self.state_filter.addItem(state_label(state.value, language()), state.value)
        self.since = DateBound("receivedFrom", self.tr("从"))
        self.until = DateBound("receivedTo", self.tr("到"))
        self.late_only = QCheckBox(self.tr("只看逾期（超过约定交车时间）"))
        self.late_only.setObjectName("lateOnly")
        self.panel.add_filter(self.tr("状态"), self.state_filter)
        self.panel.add_filter(self.tr("接车日期"), self.since)
        self.panel.add_filter("", self.until)
        self.panel.add_filter("", self.late_only)
        self._finish()

    def current_filter(self) -> HQOrderFilter:
        state = self.state_filter.currentData()
        return HQOrderFilter(
            branch_code=self.branch_filter.currentData(),
            state=None if state in (None, OPEN) else str(state), open_only=state == OPEN,
            since=self.since.value(), until=self.until.value(),
            late_only=self.late_only.isChecked())

    def _count(self, wanted: HQOrderFilter) -> int:
        return self.services.work_orders.count_orders(
            self.actor, state=wanted.state, open_only=wanted.open_only, branch_code=wanted.branch_code,
            received_since=wanted.since, received_until=wanted.until, late_only=wanted.late_only)

    def open_row(self, row: int) -> None:
        """The order's 维修委托书 under its branch's letterhead, read fresh, in the preview."""
        order = self.model.item(row)
        services, actor = self.services, self.actor

        def render() -> RenderedForm:
            branch = services.branches.by_code(order.branch_code) if order.branch_code else self.branch
            return render_form(services, actor, branch, "work_order", order.id)

        self.panel.say(self.tr("正在生成维修委托书…"))
        run_op(render, if_alive(self, self._preview), if_alive(self, self._failed))

    def _preview(self, form: RenderedForm) -> None:
        self._show_pdf(form.pdf, f"{self.tr(FORM_TITLES_ZH[form.kind])} {form.order.number}",
                       f"{FORM_TITLES_ZH[form.kind]}_{form.order.number}.pdf")


__all__ = ["HQOrderFilter", "HQWorkOrdersModel", "HQWorkOrdersTab"]
