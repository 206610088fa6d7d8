"""Tamper-evident records (issue 23, item 5): the audit trail's hash chain and row digests.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-08 00:30:00.000000

Adds the chain columns to ``audit_entries`` (``chain_id``, ``seq``, ``prev_hash``,
``entry_hash``, ``row_digest``), the chain heads and the table of row digests, then builds
the baseline (:func:`storage.audit_chain.baseline`): every existing entry, oldest first, is
chained into this database's own chain, and every row of every audited table gets its
digest. Why a table of digests rather than one baseline audit entry per row: a database of
300,000 work orders holds a few million rows; a digest row is ~150 bytes in one compact
table the check reads by key, where an audit entry per row would double the trail, travel
to HQ and fill the trail's screens. The baseline reads each table once (streamed) and
writes its digests in batches of 5,000: about a minute for such a database, once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entries") as batch:
        batch.add_column(sa.Column("chain_id", sa.String(length=36), server_default="", nullable=False))
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), server_default="", nullable=False))
        batch.add_column(sa.Column("entry_hash", sa.String(length=64), server_default="", nullable=False))
        batch.add_column(sa.Column("row_digest", sa.String(length=64), server_default="", nullable=False))
        batch.create_index("ix_audit_entries_chain_id_seq", ["chain_id", "seq"], unique=True)
    op.create_table(
        "audit_chain_heads",
        sa.Column("chain_id", sa.String(length=36), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", domain.orm.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("chain_id", name=op.f("pk_audit_chain_heads")),
    )
    op.create_table(
        "audit_row_digests",
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_id", name=op.f("pk_audit_row_digests")),
    )
    from storage import audit_chain

    audit_chain.baseline(op.get_bind())


def downgrade() -> None:
    op.drop_table("audit_row_digests")
    op.drop_table("audit_chain_heads")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_index("ix_audit_entries_chain_id_seq")
        batch.drop_column("row_digest")
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
        batch.drop_column("chain_id")
