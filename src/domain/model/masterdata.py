"""Master data HQ owns (总部主数据): labour codes, the parts price list, campaigns and recalls.

Why here and Syncable: HQ maintains these rows and sends them to every branch in signed
bundles; a branch reads them (price look-ups, recall checks at reception) but never edits
them — storage refuses such a change outside a sync import (see :mod:`storage.outbox`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable


class LabourCode(Syncable, Base):
    """工时代码: a standard labour item with its standard hours and hourly rate."""

    __tablename__ = "md_labour_codes"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    standard_hours_centi: Mapped[int] = mapped_column(Integer, default=0)  # 1.50 h = 150
    rate_fen: Mapped[int] = mapped_column(Integer, default=0)  # per hour
    active: Mapped[bool] = mapped_column(default=True)


class PartPrice(Syncable, Base):
    """配件价格: one part number of the price list with its retail price."""

    __tablename__ = "md_part_prices"

    part_no: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Campaign(Syncable, Base):
    """服务活动 / 召回: applies to a VIN range (``vin_from``–``vin_to``) or to a model."""

    __tablename__ = "md_campaigns"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="campaign")  # campaign | recall
    vin_from: Mapped[str] = mapped_column(String(17), default="")
    vin_to: Mapped[str] = mapped_column(String(17), default="")
    model: Mapped[str] = mapped_column(String(60), default="")
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
