"""Staff accounts (员工). Password hashes never leave this table (not synced)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable, UTCDateTime


class Staff(Syncable, Base):
    """员工账号: one person, one role."""

    __tablename__ = "staff"

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # complaint deductions (罚扣, DOMAIN.md §4): department, base points, monthly efficiency
    # bonus in fen; a manager flagged general manager (总经理) approves major complaints
    department: Mapped[str] = mapped_column(String(30), default="", server_default="")
    base_points: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    monthly_bonus_fen: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    is_general_manager: Mapped[bool] = mapped_column(default=False, server_default=false())
