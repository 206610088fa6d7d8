"""Outbox retention (issue 17): the retention floor, and the first compaction.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 09:00:00.000000

Until now every outbox entry was kept forever. ``sync_retention`` records up to which
sequence acknowledged entries were removed; the upgrade then applies the retention rule once
(:func:`storage.outbox.compact`): at an enrolled branch the entries HQ acknowledged go, at a
branch that never enrolled every upsert entry but the newest (its first bundle is built from
the tables when it enrols), at HQ what every bound branch acknowledged. The space the
entries held is given back by the weekly maintenance (:mod:`storage.space`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_retention",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("pruned_seq", sa.Integer(), nullable=False),
        sa.Column("pruned_at", domain.orm.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_retention")),
    )
    from storage import outbox

    outbox.compact(op.get_bind())


def downgrade() -> None:
    op.drop_table("sync_retention")
