"""complaint deadlines, notices and penalties (issue 15)

The slips get the two internal deadlines (the investigation report from intake, the
consolidated opinion from the report) with the moments they were first met; three tables
travel to HQ: the reason for each missed deadline, the numbered 催办单/洽办单 and the
penalties of the regulation (奖罚通知单). Existing slips are filled in from their history:
the report is the first 调查与原因分析 on the timeline, the opinion the first proposal, with
the factory lengths (3 days, 1 day) in the branch's calendar. A copy-3 setting still
reading the old factory text "服务部(业务)存" says where the regulation sends it now.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

REPORT_DAYS, OPINION_DAYS = 3, 1
OLD_COPY_3 = "服务部(业务)存"
NEW_COPY_3 = {"name": "送业务部门依批示办理", "destination": "业务部门"}


def _syncable() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("updated_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("complaint_slips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_due_at", domain.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reported_at", domain.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("opinion_due_at", domain.orm.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("opinion_at", domain.orm.UTCDateTime(), nullable=True))
        batch_op.create_index("ix_complaint_slips_report_due_at", ["report_due_at"], unique=False)
        batch_op.create_index("ix_complaint_slips_opinion_due_at", ["opinion_due_at"], unique=False)

    op.create_table(
        "complaint_deadline_reasons",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("slip_id", sa.String(length=36), nullable=False),
        sa.Column("deadline", sa.String(length=12), nullable=False),
        sa.Column("due_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=50), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_complaint_deadline_reasons_branch_id_branches")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"],
                                name=op.f("fk_complaint_deadline_reasons_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["slip_id"], ["complaint_slips.id"],
                                name=op.f("fk_complaint_deadline_reasons_slip_id_complaint_slips")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_deadline_reasons")),
        sa.UniqueConstraint("slip_id", "deadline", name=op.f("uq_complaint_deadline_reasons_slip_id_deadline")),
    )
    op.create_table(
        "complaint_notices",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("slip_id", sa.String(length=36), nullable=False),
        sa.Column("deadline", sa.String(length=12), nullable=False),
        sa.Column("due_at", domain.orm.UTCDateTime(), nullable=True),
        sa.Column("from_department", sa.String(length=30), nullable=False),
        sa.Column("to_department", sa.String(length=30), nullable=False),
        sa.Column("to_staff_id", sa.String(length=36), nullable=True),
        sa.Column("to_name", sa.String(length=50), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=True),
        sa.Column("issued_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("issued_by_id", sa.String(length=36), nullable=True),
        sa.Column("issued_by_name", sa.String(length=50), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_complaint_notices_branch_id_branches")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["staff.id"],
                                name=op.f("fk_complaint_notices_issued_by_id_staff")),
        sa.ForeignKeyConstraint(["slip_id"], ["complaint_slips.id"],
                                name=op.f("fk_complaint_notices_slip_id_complaint_slips")),
        sa.ForeignKeyConstraint(["to_staff_id"], ["staff.id"],
                                name=op.f("fk_complaint_notices_to_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_notices")),
        sa.UniqueConstraint("branch_id", "number", name=op.f("uq_complaint_notices_branch_id_number")),
    )
    op.create_index("ix_complaint_notices_number", "complaint_notices", ["number"], unique=False)
    op.create_index("ix_complaint_notices_slip_id", "complaint_notices", ["slip_id"], unique=False)
    op.create_table(
        "complaint_penalties",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("slip_id", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("staff_name", sa.String(length=50), nullable=False),
        sa.Column("department", sa.String(length=30), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=50), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_complaint_penalties_branch_id_branches")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"],
                                name=op.f("fk_complaint_penalties_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["slip_id"], ["complaint_slips.id"],
                                name=op.f("fk_complaint_penalties_slip_id_complaint_slips")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_complaint_penalties_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_penalties")),
        sa.UniqueConstraint("branch_id", "number", name=op.f("uq_complaint_penalties_branch_id_number")),
    )
    op.create_index("ix_complaint_penalties_month", "complaint_penalties", ["month"], unique=False)
    op.create_index("ix_complaint_penalties_number", "complaint_penalties", ["number"], unique=False)
    op.create_index("ix_complaint_penalties_slip_id", "complaint_penalties", ["slip_id"], unique=False)
    _fill_existing_slips()
    _rename_copy_3()


def _end_of_local_day(moment: dt.datetime, days: int, zone: str) -> dt.datetime:
    """As domain.complaint_rules does it, written out so this revision never changes."""
    try:
        tz: dt.tzinfo = ZoneInfo(zone or "Asia/Shanghai")
    except Exception:  # tzdata missing on a bare Windows install
        tz = dt.timezone(dt.timedelta(hours=8))
    day = moment.astimezone(tz).date() + dt.timedelta(days=days + 1)
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)


def _fill_existing_slips() -> None:
    conn = op.get_bind()
    when = domain.orm.UTCDateTime()
    slips = sa.table("complaint_slips", sa.column("id", sa.String), sa.column("branch_id", sa.String),
                     sa.column("received_at", when), sa.column("investigated_at", when),
                     sa.column("proposed_at", when), sa.column("report_due_at", when),
                     sa.column("reported_at", when), sa.column("opinion_due_at", when),
                     sa.column("opinion_at", when))
    events = sa.table("complaint_events", sa.column("slip_id", sa.String), sa.column("action", sa.String),
                      sa.column("at", when))
    branches = sa.table("branches", sa.column("id", sa.String), sa.column("timezone", sa.String))
    zones = dict(conn.execute(sa.select(branches.c.id, branches.c.timezone)).all())
    first: dict[tuple[str, str], dt.datetime] = {
        (slip_id, action): at for slip_id, action, at in conn.execute(
            sa.select(events.c.slip_id, events.c.action, sa.func.min(events.c.at))
            .where(events.c.action.in_(("investigate", "propose")))
            .group_by(events.c.slip_id, events.c.action))}
    rows = conn.execute(sa.select(slips.c.id, slips.c.branch_id, slips.c.received_at,
                                  slips.c.investigated_at, slips.c.proposed_at)).all()
    for slip_id, branch_id, received_at, investigated_at, proposed_at in rows:
        zone = zones.get(branch_id) or "Asia/Shanghai"
        reported = first.get((slip_id, "investigate"), investigated_at)
        opinion = first.get((slip_id, "propose"), proposed_at)
        conn.execute(slips.update().where(slips.c.id == slip_id).values(
            report_due_at=_end_of_local_day(received_at, REPORT_DAYS, zone),
            reported_at=reported,
            opinion_due_at=_end_of_local_day(reported, OPINION_DAYS, zone) if reported else None,
            opinion_at=opinion))


def _rename_copy_3() -> None:
    conn = op.get_bind()
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    raw = conn.execute(sa.select(settings.c.value).where(settings.c.key == "complaint.copies")).scalar()
    if raw is None:
        return
    try:
        copies = json.loads(raw)
    except ValueError:
        return
    if (isinstance(copies, list) and len(copies) >= 3 and isinstance(copies[2], dict)
            and copies[2].get("name") == OLD_COPY_3):
        copies[2] = {**copies[2], **NEW_COPY_3}
        conn.execute(settings.update().where(settings.c.key == "complaint.copies")
                     .values(value=json.dumps(copies, ensure_ascii=False)))


def downgrade() -> None:
    op.drop_index("ix_complaint_penalties_slip_id", table_name="complaint_penalties")
    op.drop_index("ix_complaint_penalties_number", table_name="complaint_penalties")
    op.drop_index("ix_complaint_penalties_month", table_name="complaint_penalties")
    op.drop_table("complaint_penalties")
    op.drop_index("ix_complaint_notices_slip_id", table_name="complaint_notices")
    op.drop_index("ix_complaint_notices_number", table_name="complaint_notices")
    op.drop_table("complaint_notices")
    op.drop_table("complaint_deadline_reasons")
    # SQLite drops the columns in place (3.35+): a rebuilt table would trip the foreign keys
    # of the slips' events, parties and losses
    with op.batch_alter_table("complaint_slips", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_complaint_slips_opinion_due_at")
        batch_op.drop_index("ix_complaint_slips_report_due_at")
        batch_op.drop_column("opinion_at")
        batch_op.drop_column("opinion_due_at")
        batch_op.drop_column("reported_at")
        batch_op.drop_column("report_due_at")
