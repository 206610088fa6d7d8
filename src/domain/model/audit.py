"""Audit trail (操作日志): who did what to which record, and the values before and after.

Why Syncable: HQ must see the branch's trail, and the outbox already carries every
syncable row. Why append-only: a trail someone can edit proves nothing, so
:mod:`storage.audit_hook` refuses any update or delete of these rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable, UTCDateTime


class AuditEntry(Syncable, Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_at", "at"),
        Index("ix_audit_entries_table_name_record_id", "table_name", "record_id"),
    )

    at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: the acting staff member; None for the system (start-up tasks, command line)
    staff_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    staff_name: Mapped[str] = mapped_column(String(100), default="")
    #: create | update | delete | state | bulk_insert | bulk_update | bulk_delete | login |
    #: login_failed | refused | export | import | backup | restore
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(60), default="")
    record_id: Mapped[str] = mapped_column(String(36), default="")
    #: the record's human number or name (工单号, 车牌, 姓名) where it has one
    record_label: Mapped[str] = mapped_column(String(200), default="")
    #: JSON {field: [before, after]} of the changed fields
    changes: Mapped[str] = mapped_column(Text, default="{}")
    detail: Mapped[str] = mapped_column(Text, default="")
    row_count: Mapped[int] = mapped_column(Integer, default=1)
