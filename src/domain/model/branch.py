"""Branch (门店) and its business settings, which travel with the database."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable


class Branch(Syncable, Base):
    """门店 / 分公司. A branch database holds exactly one row with ``is_local``."""

    __tablename__ = "branches"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    mode: Mapped[str] = mapped_column(String(10), default="branch")  # branch | hq
    is_local: Mapped[bool] = mapped_column(default=False)


class Setting(Base):
    """A business setting (paper, copies, deadlines, limits) as JSON text by key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
