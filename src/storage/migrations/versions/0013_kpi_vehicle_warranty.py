"""The vehicles' warranty facts for the monthly callback rate, read from an index (issue 7).

Why: the callback rate within warranty looks up each delivered order's vehicle (warranty end
date and mileage). By the primary key SQLite fetches the vehicle's row as well; this index
holds both facts under ``coalesce(id, '')``, the expression the KPI statement joins on
(``domain.model.kpi_indexes``), so the row is never read.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 00:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_vehicles_kpi_warranty", "vehicles",
                    [sa.text("coalesce(id, '')"), "warranty_end_date", "warranty_end_km"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_vehicles_kpi_warranty", table_name="vehicles")
