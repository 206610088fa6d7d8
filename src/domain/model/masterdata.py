"""The shop's master data (基础资料): labour operations, the parts price list, sundry items,
service packages, campaigns and recalls.

Why every row names its owner (``branch_id``): HQ issues master data to its branches, a
branch adds its own items beside HQ's (本店), and a shop without HQ owns all of its master
data. ``branch_id`` is None on a row HQ issued (总部) and the id of the branch that made it
otherwise; the rules (who may change which row, which item is in effect when HQ and the
branch use the same code) are in :mod:`domain.masterdata_rules`, and storage refuses a
change to a row this database does not own (:mod:`storage.outbox`).

Why the uniqueness is per owner: HQ's code ``BY01`` and a branch's own ``BY01`` are two
rows (HQ's is in effect); at HQ several branches may each have their own ``BY01``. SQL
treats NULLs as distinct, so HQ's rows get a partial unique index of their own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable


def _owner_keys(table: str, code: str) -> tuple[Any, ...]:
    """Unique ``code`` per owning branch, and among HQ's rows (``branch_id`` NULL)."""
    return (UniqueConstraint("branch_id", code),
            Index(f"uq_{table}_hq_{code}", code, unique=True,
                  sqlite_where=text("branch_id IS NULL"), postgresql_where=text("branch_id IS NULL")))


class LabourCode(Syncable, Base):
    """工时项目: a standard labour operation with its standard hours and hourly rate."""

    __tablename__ = "md_labour_codes"
    __table_args__ = _owner_keys("md_labour_codes", "code")

    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    standard_hours_centi: Mapped[int] = mapped_column(Integer, default=0)  # 1.50 h = 150
    rate_fen: Mapped[int] = mapped_column(Integer, default=0)  # per hour
    active: Mapped[bool] = mapped_column(default=True)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branches.id"), nullable=True)


class PartPrice(Syncable, Base):
    """配件价格: one part number of the price list with its retail price."""

    __tablename__ = "md_part_prices"
    __table_args__ = _owner_keys("md_part_prices", "part_no")

    part_no: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(8), default="件")
    active: Mapped[bool] = mapped_column(default=True)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branches.id"), nullable=True)


class SundryItem(Syncable, Base):
    """杂项: a lump-sum charge (waste oil disposal, towing in town) with its usual amount."""

    __tablename__ = "md_sundry_items"
    __table_args__ = _owner_keys("md_sundry_items", "code")

    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branches.id"), nullable=True)


class ServicePackage(Syncable, Base):
    """保养套餐: a named set of labour and part lines added to an order in one step, at its price.

    ``price_fen`` is what the customer pays for the whole set; the lines keep their list
    prices and the difference is given as line discounts (:func:`domain.masterdata_rules.package_discounts`).
    """

    __tablename__ = "md_packages"
    __table_args__ = _owner_keys("md_packages", "code")

    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branches.id"), nullable=True)


class PackageLine(Syncable, Base):
    """One line of a package: a labour operation or a part, copied from the lists when the
    package was saved (a later price change of the list does not change the package).

    ``branch_id`` repeats the package's owner so that every master-data row says whose it is.
    """

    __tablename__ = "md_package_lines"
    __table_args__ = (Index("ix_md_package_lines_package_id", "package_id"),)

    package_id: Mapped[str] = mapped_column(ForeignKey("md_packages.id"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(8))  # labour | part
    code: Mapped[str] = mapped_column(String(40), default="")  # labour code or part number
    name: Mapped[str] = mapped_column(String(200))
    hours_centi: Mapped[int] = mapped_column(Integer, default=0)  # labour
    rate_fen: Mapped[int] = mapped_column(Integer, default=0)  # labour, per hour
    qty_milli: Mapped[int] = mapped_column(Integer, default=0)  # part
    unit: Mapped[str] = mapped_column(String(8), default="件")  # part
    unit_price_fen: Mapped[int] = mapped_column(Integer, default=0)  # part
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branches.id"), nullable=True)


class Campaign(Syncable, Base):
    """服务活动 / 召回: applies to a VIN range (``vin_from``–``vin_to``) or to a model.

    ``price_fen`` is the event's price where it has one (a 99-yuan air-conditioning check),
    0 for a free check-up or a recall.
    """

    __tablename__ = "md_campaigns"
    __table_args__ = _owner_keys("md_campaigns", "code")

    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="campaign")  # campaign | recall
    vin_from: Mapped[str] = mapped_column(String(17), default="")
    vin_to: Mapped[str] = mapped_column(String(17), default="")
    model: Mapped[str] = mapped_column(String(60), default="")
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branches.id"), nullable=True)


#: every master-data model, parents before children
MASTER_DATA_MODELS: tuple[type[Syncable], ...] = (LabourCode, PartPrice, SundryItem, ServicePackage,
                                                   PackageLine, Campaign)
