"""Indexes the monthly KPI queries (:mod:`storage.kpi_queries`) range-scan on, declared on
the tables they belong to.

Why here and not in each model: they exist for the reports and are created by the KPI
migrations (0006, 0009). At 500,000 orders a branch (5 million at HQ) a month's figures must
not scan the whole table, and must not visit the table rows either: each index below holds
every column its query reads (a *covering* index), so a month is one range scan of the
orders plus one index probe per order into each line table, never a row fetch. The leading
columns are the month's range (settled / delivered / received / rated / started) or the join
key (work_order_id, job_id). Look-ups by primary key (an order's branch) stay on the primary
key: SQLite's planner prefers a unique index to a covering one there, so a covering copy would
never be read — except through an expression of the key, as for the vehicles' warranty below.
"""

from __future__ import annotations

from sqlalchemy import Index, func, literal_column

from domain.model.care import CareCall, CareRating, FollowUpTask
from domain.model.complaint import ComplaintSlip
from domain.model.customer import Vehicle
from domain.model.workorder import Job, LabourLine, PartLine, SundryLine, TimeEntry, WorkOrder

W = WorkOrder
#: a vehicle's id as the KPI statements join on it: ``coalesce(id, '')``, the expression of
#: ``ix_vehicles_kpi_warranty`` (a literal '', not a bound parameter, or SQLite would not match it)
VEHICLE_KEY = func.coalesce(Vehicle.id, literal_column("''"))
KPI_INDEXES: tuple[Index, ...] = (
    # orders settled / delivered / received in a month, with what their figures read
    Index("ix_work_orders_kpi_settled", W.settled_at, W.state, W.branch_id, W.payer, W.total_fen, W.id),
    Index("ix_work_orders_kpi_delivered", W.delivered_at, W.state, W.branch_id, W.rework_of_id, W.payer,
          W.vehicle_id, W.mileage_out, W.mileage_in, W.id),
    Index("ix_work_orders_kpi_received", W.received_at, W.state, W.branch_id),
    # the lines of one order
    Index("ix_wo_labour_lines_kpi", LabourLine.work_order_id, LabourLine.payer, LabourLine.hours_centi,
          LabourLine.rate_fen, LabourLine.discount_fen),
    Index("ix_wo_part_lines_kpi", PartLine.work_order_id, PartLine.payer, PartLine.genuine, PartLine.qty_milli,
          PartLine.unit_price_fen, PartLine.discount_fen),
    Index("ix_wo_sundry_lines_kpi", SundryLine.work_order_id, SundryLine.payer, SundryLine.amount_fen,
          SundryLine.discount_fen),
    # clocked time: per order (jobs → entries) and per month (entries, then job and order by key)
    Index("ix_wo_jobs_kpi_order", Job.work_order_id, Job.id),
    Index("ix_wo_time_entries_kpi_job", TimeEntry.job_id, TimeEntry.started_at, TimeEntry.stopped_at),
    Index("ix_wo_time_entries_kpi_started", TimeEntry.started_at, TimeEntry.stopped_at, TimeEntry.job_id),
    # each technician's time in a month (utilisation counts by the technician's branch, and at
    # HQ one branch's technicians narrow the month to that branch); also the technician's
    # daily report. Replaces the single-column technician_id index of 0002 (migration 0012).
    Index("ix_wo_time_entries_kpi_technician", TimeEntry.technician_id, TimeEntry.started_at,
          TimeEntry.stopped_at),
    # CSI and callbacks
    Index("ix_care_ratings_kpi", CareRating.rated_at, CareRating.work_order_id, CareRating.overall),
    Index("ix_care_calls_kpi", CareCall.work_order_id, CareCall.direction, CareCall.outcome),
    Index("ix_follow_up_tasks_kpi", FollowUpTask.work_order_id, FollowUpTask.last_outcome),
    # a delivered order's vehicle warranty facts, without reading the vehicle's row. Keyed by an
    # expression of the id: on the plain id SQLite's planner takes the primary key's unique index
    # and then fetches each row (a month of 16,500 deliveries: 34 ms that way, 17 ms this way)
    Index("ix_vehicles_kpi_warranty", VEHICLE_KEY, Vehicle.warranty_end_date, Vehicle.warranty_end_km),
    # complaint slips closed in a month
    Index("ix_complaint_slips_closed_at", ComplaintSlip.closed_at),
)
