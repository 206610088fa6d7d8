"""Warranty claims: the manufacturer's claim number and the reason given with its decision.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 21:30:00.000000

Claims recorded before this revision get empty texts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("warranty_claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_number", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("decision_reason", sa.String(length=200), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("warranty_claims", schema=None) as batch_op:
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("claim_number")
