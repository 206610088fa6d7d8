"""Printing a work order's forms: 委托书, 维修卡 (per job), 结算单 → the PDF preview.

Why rendering runs on the database thread: the order is read fresh (what prints is what
is stored) and ReportLab takes tens of milliseconds a page; the window stays responsive.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView

FORM_TITLES_ZH = {"work_order": "维修委托书", "repair_card": "维修卡", "settlement": "结算单"}


@dataclass(frozen=True)
class RenderedForm:
    kind: str
    order: WorkOrderView
    pdf: bytes


def render_form(services: Services, actor: Actor, branch: BranchView, kind: str, order_id: str,
                job_id: str | None = None, paper: str = "a4") -> RenderedForm:
    """Read the order and render one form; runs on the database thread."""
    from reports.repair_card import RepairCardForm
    from reports.settlement import SettlementForm
    from reports.work_order import WorkOrderForm, work_order_copies

    order = services.work_orders.get(actor, order_id)
    if kind == "work_order":
        copies = work_order_copies(services.work_orders.settings().copies)
        pdf = WorkOrderForm(branch, order, paper=paper, copies=copies).render()
    elif kind == "repair_card":
        pdf = RepairCardForm(branch, order, job_id=job_id, paper=paper).render()
    else:
        pdf = SettlementForm(branch, order, paper=paper).render()
    return RenderedForm(kind, order, pdf)


__all__ = ["FORM_TITLES_ZH", "RenderedForm", "render_form"]
