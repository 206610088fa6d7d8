"""Customer care (跟踪服务/回访), DOMAIN.md §5: follow-up tasks, calls, ratings, letters, reminders.

Why these rows: every call, incoming or outgoing, is registered (跟踪服务电话记录表/登记表);
every letter is registered (跟踪服务信函登记表); the rating card (客户意见调查卡) attaches to
the work order and to the people who served it, frozen at the time it was given, so a
technician's monthly figures never change when a job is reassigned later. Reminders are
computed from the customer files (nothing to store) — only what the clerk did about one is
kept (:class:`ReminderOutcome`), under a stable key. All rows are Syncable: HQ sees CSI and
callback figures of every branch.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable, UTCDateTime


class FollowUpTask(Syncable, Base):
    """跟踪任务: one call (or piece of work) the app asks somebody to do by a date.

    ``kind`` says why (first/second call after delivery, the effect of a complaint's
    measure, completing a new customer file, a reminder, a campaign); ``status`` is
    ``open`` until done, failed (tries used up, wrong number, declined) or cancelled.
    Whether an open task is due or overdue today is computed from ``due_on`` and
    ``window_end`` (:func:`domain.care_rules.task_timing`).
    """

    __tablename__ = "follow_up_tasks"
    __table_args__ = (
        Index("ix_follow_up_tasks_status_due_on", "status", "due_on"),
        Index("ix_follow_up_tasks_source_slip_id", "source_slip_id"),
        Index("ix_follow_up_tasks_work_order_id", "work_order_id"),
        Index("ix_follow_up_tasks_customer_id", "customer_id"),
    )

    kind: Mapped[str] = mapped_column(String(20), default="complaint_effect",
                                      server_default="complaint_effect")
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    vehicle_id: Mapped[str | None] = mapped_column(ForeignKey("vehicles.id"), nullable=True)
    work_order_id: Mapped[str | None] = mapped_column(ForeignKey("work_orders.id"), nullable=True)
    due_on: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date, nullable=True)  # last day still on time
    call_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    source_slip_id: Mapped[str | None] = mapped_column(ForeignKey("complaint_slips.id"), nullable=True)
    previous_task_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up_tasks.id"), nullable=True)
    assigned_role: Mapped[str] = mapped_column(String(20), default="care_clerk")
    assigned_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | failed | cancelled
    tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_outcome: Mapped[str] = mapped_column(String(16), default="", server_default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    created_by_name: Mapped[str] = mapped_column(String(50), default="")


class CareCall(Syncable, Base):
    """跟踪服务电话记录: one call, outgoing (a follow-up) or incoming, reached or not."""

    __tablename__ = "care_calls"
    __table_args__ = (
        Index("ix_care_calls_called_at", "called_at"),
        Index("ix_care_calls_task_id", "task_id"),
        Index("ix_care_calls_customer_id", "customer_id"),
        Index("ix_care_calls_work_order_id", "work_order_id"),
        Index("ix_care_calls_request_task_id", "request_task_id"),
    )

    direction: Mapped[str] = mapped_column(String(3))  # out | in
    task_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up_tasks.id"), nullable=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    vehicle_id: Mapped[str | None] = mapped_column(ForeignKey("vehicles.id"), nullable=True)
    work_order_id: Mapped[str | None] = mapped_column(ForeignKey("work_orders.id"), nullable=True)
    called_at: Mapped[datetime] = mapped_column(UTCDateTime())
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    staff_name: Mapped[str] = mapped_column(String(50), default="")  # who called / took the call
    contact_name: Mapped[str] = mapped_column(String(100), default="")  # who answered / rang in
    phone: Mapped[str] = mapped_column(String(30), default="")
    # reached | no_answer | wrong_number | call_back | declined
    outcome: Mapped[str] = mapped_column(String(16))
    call_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    topic: Mapped[str] = mapped_column(String(200), default="")
    satisfied_remarks: Mapped[str] = mapped_column(Text, default="")
    unsatisfied_remarks: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")  # what the customer was told
    complaint_slip_id: Mapped[str | None] = mapped_column(ForeignKey("complaint_slips.id"), nullable=True)
    # a request the call could not settle goes to the supervisor (task ``request``, 2 days);
    # the answer decided and when the customer was told it (the same day, DOMAIN.md §5)
    request_task_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up_tasks.id"), nullable=True)
    decision: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    customer_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CareRating(Syncable, Base):
    """客户意见调查卡: four items and the overall satisfaction (for CSI) of one work order."""

    __tablename__ = "care_ratings"
    __table_args__ = (
        UniqueConstraint("work_order_id"),
        Index("ix_care_ratings_rated_at", "rated_at"),
        Index("ix_care_ratings_advisor_id", "advisor_id"),
    )

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    call_id: Mapped[str | None] = mapped_column(ForeignKey("care_calls.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(8), default="phone")  # phone | card
    # each: very_satisfied | satisfied | neutral | unsatisfied ("" = not asked)
    attitude: Mapped[str] = mapped_column(String(16), default="")
    workmanship: Mapped[str] = mapped_column(String(16), default="")
    timeliness: Mapped[str] = mapped_column(String(16), default="")
    promises: Mapped[str] = mapped_column(String(16), default="")
    overall: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    advisor_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_name: Mapped[str] = mapped_column(String(50), default="")


class CareRatingStaff(Syncable, Base):
    """Who a rating counts for (the advisor and each technician of the order), frozen."""

    __tablename__ = "care_rating_staff"
    __table_args__ = (
        UniqueConstraint("rating_id", "staff_id", "role"),
        Index("ix_care_rating_staff_staff_id", "staff_id"),
    )

    rating_id: Mapped[str] = mapped_column(ForeignKey("care_ratings.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[str] = mapped_column(String(12))  # advisor | technician


class CareLetter(Syncable, Base):
    """跟踪服务信函登记: a notice, invitation or reply sent to a customer."""

    __tablename__ = "care_letters"
    __table_args__ = (
        Index("ix_care_letters_sent_on", "sent_on"),
        Index("ix_care_letters_customer_id", "customer_id"),
    )

    sent_on: Mapped[date] = mapped_column(Date)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    vehicle_id: Mapped[str | None] = mapped_column(ForeignKey("vehicles.id"), nullable=True)
    addressee: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200))
    # maintenance_reminder | event_invitation | contract_expiry | complaint_reply | other
    template: Mapped[str] = mapped_column(String(24), default="other")
    body: Mapped[str] = mapped_column(Text, default="")
    related_key: Mapped[str] = mapped_column(String(80), default="")  # reminder key, slip number
    sent_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    sent_by_name: Mapped[str] = mapped_column(String(50), default="")


class ServiceContract(Syncable, Base):
    """维修保养合同: a prepaid service contract whose expiry is announced a month ahead."""

    __tablename__ = "care_service_contracts"
    __table_args__ = (
        Index("ix_care_service_contracts_ends_on", "ends_on"),
        Index("ix_care_service_contracts_customer_id", "customer_id"),
    )

    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    vehicle_id: Mapped[str | None] = mapped_column(ForeignKey("vehicles.id"), nullable=True)
    number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class ReminderOutcome(Syncable, Base):
    """What the clerk did about a computed reminder: contacted, booked or declined."""

    __tablename__ = "care_reminder_outcomes"
    __table_args__ = (Index("ix_care_reminder_outcomes_reminder_key", "reminder_key"),)

    reminder_key: Mapped[str] = mapped_column(String(80))  # kind:vehicle:due (see care_rules)
    kind: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    vehicle_id: Mapped[str | None] = mapped_column(ForeignKey("vehicles.id"), nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(String(10))  # contacted | booked | declined
    note: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    by_name: Mapped[str] = mapped_column(String(50), default="")
