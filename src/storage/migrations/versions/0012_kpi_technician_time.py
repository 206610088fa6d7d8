"""Each technician's clocked time by start: utilisation counts the time of the branch's own
technicians, so a month is one short range per technician (issue 7's bench).

Why: the time clocked in a month was found by its start and then walked to its job and order
for the branch — three key probes per entry, and at HQ every branch's entries of the month
probed before one branch could be picked out. ``(technician_id, started_at, stopped_at)``
covers the new statement and makes the single-column ``technician_id`` index of 0002 redundant;
0002's ``job_id`` index is a prefix of 0009's ``(job_id, started_at, stopped_at)`` and goes too.
HQ's stored facts (0011, a cache) were counted under the old rule and are dropped.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 00:40:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # HQ's stored month facts counted clocked time by the order's branch: count them afresh
    op.execute("DELETE FROM kpi_facts_cache")
    op.drop_index("ix_wo_time_entries_technician_id", table_name="wo_time_entries")
    op.drop_index("ix_wo_time_entries_job_id", table_name="wo_time_entries")
    op.create_index("ix_wo_time_entries_kpi_technician", "wo_time_entries",
                    ["technician_id", "started_at", "stopped_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_wo_time_entries_kpi_technician", table_name="wo_time_entries")
    op.create_index("ix_wo_time_entries_technician_id", "wo_time_entries", ["technician_id"], unique=False)
    op.create_index("ix_wo_time_entries_job_id", "wo_time_entries", ["job_id"], unique=False)
