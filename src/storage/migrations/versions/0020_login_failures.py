"""Failed logins per account and PC (issue 23 item 8).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 00:30:00.000000

``login_failures`` counts the failed logins in a row of one account on one PC and holds that
PC's lock, so five wrong tries at one desk no longer lock the account on every desk. Local
(not synced). It starts empty: a lock running on the staff row when the database is upgraded
is let go (at most five minutes early), and the staff row's counters are no longer read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("pc", sa.String(length=100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("locked_until", domain.orm.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_login_failures_staff_id_staff"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", "pc", name=op.f("pk_login_failures")),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
