"""Audit trail (操作日志): who did what to which record, and the values before and after.

Why Syncable: HQ must see the branch's trail, and the outbox already carries every
syncable row. Why append-only: a trail someone can edit proves nothing, so
:mod:`storage.audit_hook` refuses any update or delete of these rows.

Why a hash chain (issue 23, item 5): append-only in the app says nothing about an editor of
the database file. Each entry carries the hash of the one before it in its chain
(``prev_hash``) and its own (``entry_hash``), numbered ``seq`` within ``chain_id``; every
database extends one chain of its own (:class:`AuditChainHead` with ``is_local``) and HQ
keeps each branch's chain as received. ``row_digest`` is the digest of the audited row's
content after the change (a tombstone digest for a delete), and :class:`AuditRowDigest`
holds each row's latest digest, so ``dealerdesk check`` finds a row changed, added or
deleted outside the app. How, and its limits: :mod:`storage.audit_chain`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable, UTCDateTime


class AuditEntry(Syncable, Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_at", "at"),
        Index("ix_audit_entries_table_name_record_id", "table_name", "record_id"),
        Index("ix_audit_entries_chain_id_seq", "chain_id", "seq", unique=True),
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
    #: the chain this entry belongs to ("" until its unit of work commits: storage.audit_chain)
    chain_id: Mapped[str] = mapped_column(String(36), default="")
    #: its number in the chain, from 1; two entries never share one (unique index)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: SHA-256 (hex) of the entry before it in the chain; 64 zeros for the first
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    #: SHA-256 (hex) over this entry's fields and ``prev_hash``
    entry_hash: Mapped[str] = mapped_column(String(64), default="")
    #: digest of the audited row's content after the change ("" for events and bulk summaries)
    row_digest: Mapped[str] = mapped_column(String(64), default="")


class AuditChainHead(Base):
    """The newest link of each chain this database holds: its own (``is_local``) and, at HQ,
    each branch's as received. Why: without it, deleting the newest entries leaves a chain
    that is whole but shorter; an editor must forge this row consistently as well."""

    __tablename__ = "audit_chain_heads"

    chain_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "" for this database's own chain, else the branch code that sent it
    source: Mapped[str] = mapped_column(String(60), default="")
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditRowDigest(Base):
    """The latest digest of each row of every audited table (local to this database).

    Why a table of its own rather than a look-up of each row's newest audit entry: rows
    written many at a time (demo data, sync imports) have one summary entry, not one each,
    and the check must compare hundreds of thousands of rows by key in one pass.
    ``entry_id`` names the per-row audit entry that recorded the same digest ("" when a
    bulk writer or an import vouched for it), so an edit of the row and of its digest here
    still disagrees with the chained entry.
    """

    __tablename__ = "audit_row_digests"

    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[str] = mapped_column(String(36), default="")
