"""Vehicles: special plates (military, armed police) and VINs checked by a person (issue 16).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 09:00:00.000000

``plate_kind`` is ``standard`` for every plate saved before (all were GA 36 plates);
``vin_checked_by``/``vin_checked_at`` stay empty: every VIN saved before carried a valid
check digit. Plain added columns, no table rebuild: SQLite's batch rebuild would lose the
expression index ix_vehicles_kpi_warranty, which Alembic cannot reflect.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("vehicles", sa.Column("plate_kind", sa.String(length=10), server_default="standard",
                                        nullable=False))
    op.add_column("vehicles", sa.Column("plate_note", sa.String(length=20), server_default="", nullable=False))
    op.add_column("vehicles", sa.Column("vin_checked_by", sa.String(length=100), server_default="",
                                        nullable=False))
    op.add_column("vehicles", sa.Column("vin_checked_at", domain.orm.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+ and PostgreSQL), not a batch rebuild (see above)
    for column in ("vin_checked_at", "vin_checked_by", "plate_note", "plate_kind"):
        op.execute(sa.text(f"ALTER TABLE vehicles DROP COLUMN {column}"))
