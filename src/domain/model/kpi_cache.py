"""HQ's stored KPI facts per (branch, period): a local cache, never synced.

Why a table: HQ's all-branches page sums 50 branches' months of orders (millions of rows);
between two imports from a branch none of that branch's figures can change, so each
branch's counts for a period are computed once and kept across restarts. The row holds only
additive counts (``storage.kpi_cache`` merges them); clock-dependent parts are computed live.
Not :class:`domain.orm.Syncable`: it is neither exported nor captured in the outbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, UTCDateTime


class KpiFactsCache(Base):
    __tablename__ = "kpi_facts_cache"

    branch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    period_end: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)
    facts: Mapped[str] = mapped_column(Text)  # JSON of the additive MonthFacts fields
    outbox_seq: Mapped[int] = mapped_column(Integer)  # local outbox watermark when computed
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
