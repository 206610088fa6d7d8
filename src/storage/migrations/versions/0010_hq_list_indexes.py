"""Indexes for HQ's consolidated lists: work orders and complaint slips by branch and intake
time, follow-up tasks in the list's order (see ``domain.model.hq_indexes``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 22:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_work_orders_branch_received", "work_orders", ("branch_id", "received_at", "state")),
    ("ix_complaint_slips_branch_received", "complaint_slips", ("branch_id", "received_at")),
    ("ix_follow_up_tasks_due_on_created", "follow_up_tasks", ("due_on", "created_at", "id")),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns), unique=False)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
