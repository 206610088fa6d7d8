"""Sync bookkeeping (同步记录): the outbox, the peers and what was applied from them.

None of these rows is Syncable: they describe the sync itself and never travel.

* ``sync_outbox`` — one entry per change of a syncable row made on this side, with a
  sequence number that never goes back (the entry is written in the same transaction as the
  change by :mod:`storage.outbox`). A delete is an entry with ``op = 'delete'`` (a
  tombstone). Entries HQ has acknowledged are removed (retention, :func:`storage.outbox.compact`);
  a branch that has never enrolled keeps only its tombstones and its newest entry
  (which holds the sequence), and builds its first bundle from the tables when it enrols.
* ``sync_retention`` — one row: up to which sequence acknowledged entries were removed, and
  the time of the newest entry removed (what export and ``check`` need to know about the gap).
* ``sync_peers`` — at HQ the branch registry (one row per branch: enrolment secret hash,
  bound public keys, revocation, last applied sequence); at a branch one row for HQ.
* ``sync_revoked_keys`` — fingerprints of keys that may never sign an accepted bundle again.
* ``sync_segments`` — what was applied from a peer, with a short digest per change, so a
  bundle that re-sends an applied sequence with different content (a database restored
  from an old backup) is recognised and refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, UTCDateTime, new_id


class OutboxEntry(Base):
    __tablename__ = "sync_outbox"
    __table_args__ = (Index("ix_sync_outbox_table_name_row_id", "table_name", "row_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(6))  # upsert | delete
    row_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON of the row after the change
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxRetention(Base):
    """The outbox's retention floor (one row, ``id = 1``): entries at or below ``pruned_seq``
    were removed after HQ (or, at HQ, every bound branch) acknowledged them."""

    __tablename__ = "sync_retention"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pruned_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: the time of the newest entry removed: a row changed later must still have its entry
    pruned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SyncPeer(Base):
    __tablename__ = "sync_peers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(6))  # branch (a row at HQ) | hq (a row at a branch)
    sign_public: Mapped[str | None] = mapped_column(String(64), nullable=True)  # hex, Ed25519
    box_public: Mapped[str | None] = mapped_column(String(64), nullable=True)  # hex, X25519
    secret_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # sha256 hex
    secret_spent: Mapped[bool] = mapped_column(default=False)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: the peer's last sequence applied here
    last_applied_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_import_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: our last sequence the peer said it applied (its acknowledgement)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)


class RevokedKey(Base):
    __tablename__ = "sync_revoked_keys"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    peer_code: Mapped[str] = mapped_column(String(8))
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AppliedSegment(Base):
    __tablename__ = "sync_segments"
    __table_args__ = (Index("ix_sync_segments_peer_code_last_seq", "peer_code", "last_seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    peer_code: Mapped[str] = mapped_column(String(8))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    #: 16 bytes per sequence first..last (sha256 of the change line, truncated); empty for a
    #: snapshot, whose lines are not per-sequence changes
    digests: Mapped[bytes] = mapped_column(LargeBinary)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime())
