"""保修索赔: a warranty claim to the manufacturer for the free (class C) work on an order.

Why its own table: the claims clerk tracks each claim after the car has left — submitted,
then the manufacturer's decision with the amount it pays — and the warranty claim pass
rate (DOMAIN.md §6) is counted over these rows; they travel to HQ like every other row.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable, UTCDateTime


class WarrantyClaim(Syncable, Base):
    """One claim on one work order; ``decision`` is empty until the manufacturer answers."""

    __tablename__ = "warranty_claims"
    __table_args__ = (
        Index("ix_warranty_claims_work_order_id", "work_order_id"),
        Index("ix_warranty_claims_decided_on", "decided_on"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    submitted_by_name: Mapped[str] = mapped_column(String(50), default="")
    claimed_fen: Mapped[int] = mapped_column(Integer, default=0)
    # "" (pending) | accepted | rejected | partially
    decision: Mapped[str] = mapped_column(String(10), default="")
    decided_fen: Mapped[int] = mapped_column(Integer, default=0)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_recorded_by_name: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    # the manufacturer's claim number (索赔单号), typed by the clerk; "" on claims before 0008
    claim_number: Mapped[str] = mapped_column(String(40), default="")
    # why the manufacturer rejected or cut the claim (拒赔 / 部分通过原因)
    decision_reason: Mapped[str] = mapped_column(String(200), default="")
