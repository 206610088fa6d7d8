"""HQ's stored per-branch KPI facts (``domain.model.kpi_cache``): local, never synced.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 22:35:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from domain.orm import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_facts_cache",
        sa.Column("branch_id", sa.String(36), nullable=False),
        sa.Column("period_start", UTCDateTime(), nullable=False),
        sa.Column("period_end", UTCDateTime(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("outbox_seq", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "period_start", "period_end", name=op.f("pk_kpi_facts_cache")),
    )


def downgrade() -> None:
    op.drop_table("kpi_facts_cache")
