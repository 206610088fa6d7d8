"""Staff accounts (员工) and failed logins per account and PC. Password hashes never leave
the staff table (not synced); ``login_failures`` is this database's own (never synced)."""

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


class LoginFailure(Base):
    """Failed logins in a row of one account on one PC (登录失败记录), and that PC's lock.

    Why per PC (issue 23 item 8: "Failed logins count per account and PC, so one desk cannot
    lock the manager out of the others"): counted on the staff row, five wrong tries at any
    desk locked the account on all fifteen. Local: not Syncable, never in a bundle
    (``sync.owners.LOCAL``). The staff row's ``failed_logins``/``locked_until`` are no
    longer read (kept: dropping them means rebuilding the staff table on SQLite).
    """

    __tablename__ = "login_failures"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"),
                                          primary_key=True)
    #: the PC's identity (:func:`app.pc_identity.pc_identity`: its name and a random id)
    pc: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
