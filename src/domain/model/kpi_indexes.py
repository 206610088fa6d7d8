"""Indexes the monthly KPI queries (:mod:`storage.kpi_queries`) range-scan on, declared on
the tables they belong to.

Why here and not in each model: they exist for the reports (orders settled / delivered in a
month, time clocked in a month, slips closed in a month) and are created by the same
migration (0006) as the KPI feature; at 500,000 orders a month's figures must not scan the
whole table.
"""

from __future__ import annotations

from sqlalchemy import Index

from domain.model.complaint import ComplaintSlip
from domain.model.workorder import TimeEntry, WorkOrder

KPI_INDEXES: tuple[Index, ...] = (
    Index("ix_work_orders_settled_at", WorkOrder.settled_at),
    Index("ix_work_orders_delivered_at", WorkOrder.delivered_at),
    Index("ix_wo_time_entries_started_at", TimeEntry.started_at),
    Index("ix_complaint_slips_closed_at", ComplaintSlip.closed_at),
)
