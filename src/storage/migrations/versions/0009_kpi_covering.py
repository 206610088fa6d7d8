"""Covering indexes for the monthly KPI queries (issue 7's bench: a branch of 500,000 work
orders in 1 s, HQ's 50 × 100,000 in 3 s).

Why: 0006's single-column indexes found a month's orders but every figure then fetched each
order's row and each line's row from the table. Each index here carries every column its query
reads (see ``domain.model.kpi_indexes``); the single-column settled_at / delivered_at /
started_at indexes are prefixes of the new ones and are dropped.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 21:40:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_work_orders_kpi_settled", "work_orders", ("settled_at", "state", "branch_id", "payer", "total_fen", "id")),
    ("ix_work_orders_kpi_delivered", "work_orders",
     ("delivered_at", "state", "branch_id", "rework_of_id", "payer", "vehicle_id", "mileage_out", "mileage_in", "id")),
    ("ix_work_orders_kpi_received", "work_orders", ("received_at", "state", "branch_id")),
    ("ix_wo_labour_lines_kpi", "wo_labour_lines", ("work_order_id", "payer", "hours_centi", "rate_fen", "discount_fen")),
    ("ix_wo_part_lines_kpi", "wo_part_lines",
     ("work_order_id", "payer", "genuine", "qty_milli", "unit_price_fen", "discount_fen")),
    ("ix_wo_sundry_lines_kpi", "wo_sundry_lines", ("work_order_id", "payer", "amount_fen", "discount_fen")),
    ("ix_wo_jobs_kpi_order", "wo_jobs", ("work_order_id", "id")),
    ("ix_wo_time_entries_kpi_job", "wo_time_entries", ("job_id", "started_at", "stopped_at")),
    ("ix_wo_time_entries_kpi_started", "wo_time_entries", ("started_at", "stopped_at", "job_id")),
    ("ix_care_ratings_kpi", "care_ratings", ("rated_at", "work_order_id", "overall")),
    ("ix_care_calls_kpi", "care_calls", ("work_order_id", "direction", "outcome")),
    ("ix_follow_up_tasks_kpi", "follow_up_tasks", ("work_order_id", "last_outcome")),
)
#: 0006's indexes that the new ones make redundant: (name, table, column)
REPLACED: tuple[tuple[str, str, str], ...] = (
    ("ix_work_orders_settled_at", "work_orders", "settled_at"),
    ("ix_work_orders_delivered_at", "work_orders", "delivered_at"),
    ("ix_wo_time_entries_started_at", "wo_time_entries", "started_at"),
)


def upgrade() -> None:
    for name, table, _ in REPLACED:
        op.drop_index(name, table_name=table)
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns), unique=False)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
    for name, table, column in REPLACED:
        op.create_index(name, table, [column], unique=False)
