"""Care and the workshop's day as the regulations have them, and the working calendar (issue 15).

- ``branch_calendars``: each branch's working calendar (open weekdays, holidays closed,
  extra working days), travelling to HQ, which divides the branch's per-day figures by it;
- ``internal_time_entries``: class D time (workshop upkeep, inspections, parts handling,
  training) a technician records on no customer's order;
- ``care_calls``: the supervisor's task for a request the call could not settle, the
  decision, and when the customer was told it;
- ``customers.birthday``: the customer's birthday where the ID number does not tell it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _syncable() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("created_at", domain.orm.UTCDateTime(), nullable=False),
            sa.Column("updated_at", domain.orm.UTCDateTime(), nullable=False),
            sa.Column("row_version", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "branch_calendars",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("open_weekdays", sa.String(length=7), nullable=False),
        sa.Column("closed_days", sa.Text(), nullable=False),
        sa.Column("extra_days", sa.Text(), nullable=False),
        sa.Column("changed_by_name", sa.String(length=50), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_branch_calendars_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch_calendars")),
    )
    op.create_index("ix_branch_calendars_branch_id", "branch_calendars", ["branch_id"], unique=False)

    op.create_table(
        "internal_time_entries",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("technician_id", sa.String(length=36), nullable=False),
        sa.Column("activity", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("started_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("stopped_at", domain.orm.UTCDateTime(), nullable=True),
        sa.Column("recorded_by_id", sa.String(length=36), nullable=True),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_internal_time_entries_branch_id_branches")),
        sa.ForeignKeyConstraint(["technician_id"], ["staff.id"],
                                name=op.f("fk_internal_time_entries_technician_id_staff")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"],
                                name=op.f("fk_internal_time_entries_recorded_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_time_entries")),
    )
    op.create_index("ix_internal_time_entries_technician", "internal_time_entries",
                    ["technician_id", "started_at", "stopped_at"], unique=False)
    op.create_index("ix_internal_time_entries_branch_started", "internal_time_entries",
                    ["branch_id", "started_at"], unique=False)

    with op.batch_alter_table("care_calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_task_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("decision", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("decided_at", domain.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("decided_by_name", sa.String(length=50), server_default="", nullable=False))
        batch_op.add_column(sa.Column("customer_told_at", domain.orm.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_care_calls_request_task_id_follow_up_tasks"), "follow_up_tasks",
                                    ["request_task_id"], ["id"])
        batch_op.create_index("ix_care_calls_request_task_id", ["request_task_id"], unique=False)

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birthday", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("birthday")
    with op.batch_alter_table("care_calls", schema=None) as batch_op:
        batch_op.drop_index("ix_care_calls_request_task_id")
        batch_op.drop_constraint(op.f("fk_care_calls_request_task_id_follow_up_tasks"), type_="foreignkey")
        for column in ("customer_told_at", "decided_by_name", "decided_at", "decision", "request_task_id"):
            batch_op.drop_column(column)
    op.drop_index("ix_internal_time_entries_branch_started", table_name="internal_time_entries")
    op.drop_index("ix_internal_time_entries_technician", table_name="internal_time_entries")
    op.drop_table("internal_time_entries")
    op.drop_index("ix_branch_calendars_branch_id", table_name="branch_calendars")
    op.drop_table("branch_calendars")
