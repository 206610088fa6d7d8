"""The shop's own master data: every master-data row names its owner; sundry items and
service packages (保养套餐); a price on campaigns; a unit on the parts price list (issue 15).

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-02 10:00:00.000000

Rows that existed before this revision came from HQ (a branch could not make any): their
``branch_id`` stays NULL, which means HQ's (总部). Codes become unique per owner.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import domain.orm

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

#: (table, code column) of the master-data tables that existed before
_EXISTING = (("md_labour_codes", "code"), ("md_part_prices", "part_no"), ("md_campaigns", "code"))
_HQ_ONLY = sa.text("branch_id IS NULL")


def _syncable() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("updated_at", domain.orm.UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.String(length=36), nullable=True),
    ]


def _owner_keys(table: str, code: str) -> None:
    op.create_index(f"uq_{table}_hq_{code}", table, [code], unique=True,
                    sqlite_where=_HQ_ONLY, postgresql_where=_HQ_ONLY)


def upgrade() -> None:
    for table, code in _EXISTING:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("branch_id", sa.String(length=36), nullable=True))
            batch_op.drop_constraint(f"uq_{table}_{code}", type_="unique")
            batch_op.create_unique_constraint(f"uq_{table}_branch_id_{code}", ["branch_id", code])
            batch_op.create_foreign_key(f"fk_{table}_branch_id_branches", "branches", ["branch_id"], ["id"])
            if table == "md_part_prices":
                batch_op.add_column(sa.Column("unit", sa.String(length=8), server_default="件", nullable=False))
            if table == "md_campaigns":
                batch_op.add_column(sa.Column("price_fen", sa.Integer(), server_default="0", nullable=False))
        _owner_keys(table, code)

    op.create_table(
        "md_sundry_items",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_md_sundry_items_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_md_sundry_items")),
        sa.UniqueConstraint("branch_id", "code", name=op.f("uq_md_sundry_items_branch_id_code")),
    )
    _owner_keys("md_sundry_items", "code")
    op.create_table(
        "md_packages",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_md_packages_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_md_packages")),
        sa.UniqueConstraint("branch_id", "code", name=op.f("uq_md_packages_branch_id_code")),
    )
    _owner_keys("md_packages", "code")
    op.create_table(
        "md_package_lines",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hours_centi", sa.Integer(), nullable=False),
        sa.Column("rate_fen", sa.Integer(), nullable=False),
        sa.Column("qty_milli", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        *_syncable(),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"],
                                name=op.f("fk_md_package_lines_branch_id_branches")),
        sa.ForeignKeyConstraint(["package_id"], ["md_packages.id"],
                                name=op.f("fk_md_package_lines_package_id_md_packages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_md_package_lines")),
    )
    op.create_index("ix_md_package_lines_package_id", "md_package_lines", ["package_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_md_package_lines_package_id", table_name="md_package_lines")
    op.drop_table("md_package_lines")
    for table in ("md_packages", "md_sundry_items"):
        op.drop_index(f"uq_{table}_hq_code", table_name=table)
        op.drop_table(table)
    for table, code in _EXISTING:
        op.drop_index(f"uq_{table}_hq_{code}", table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_branch_id_branches", type_="foreignkey")
            batch_op.drop_constraint(f"uq_{table}_branch_id_{code}", type_="unique")
            batch_op.create_unique_constraint(f"uq_{table}_{code}", [code])
            batch_op.drop_column("branch_id")
            if table == "md_part_prices":
                batch_op.drop_column("unit")
            if table == "md_campaigns":
                batch_op.drop_column("price_fen")
