"""Complaint slips (客户抱怨处理表) and what hangs on them, DOMAIN.md §4.

Why separate rows for events, responsible persons, deductions: each is signed by someone at
a time, is appended rather than edited, and travels to HQ on its own. Money is integer fen,
shares basis points (10,000 = 100 %). Deadlines are stored (computed at intake from the
branch's settings) so the overdue badge is one indexed count.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.model.care import FollowUpTask  # noqa: F401  (lives with customer care, re-exported)
from domain.orm import Base, Syncable, UTCDateTime


class ComplaintSlip(Syncable, Base):
    """客户抱怨处理表: one complaint from intake (受理) to closure (结案)."""

    __tablename__ = "complaint_slips"
    __table_args__ = (
        UniqueConstraint("branch_id", "number"),
        Index("ix_complaint_slips_number", "number"),
        Index("ix_complaint_slips_state_closure_due_at", "state", "closure_due_at"),
        Index("ix_complaint_slips_received_at", "received_at"),
        Index("ix_complaint_slips_customer_id", "customer_id"),
        Index("ix_complaint_slips_work_order_id", "work_order_id"),
        Index("ix_complaint_slips_reopened_from_id", "reopened_from_id"),
        Index("ix_complaint_slips_report_due_at", "report_due_at"),
        Index("ix_complaint_slips_opinion_due_at", "opinion_due_at"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(16), default="registered")
    # intake (受理)
    source: Mapped[str] = mapped_column(String(16), default="none")
    source_ref: Mapped[str] = mapped_column(String(60), default="")  # e.g. the follow-up call
    channel: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    customer_name: Mapped[str] = mapped_column(String(100), default="")  # as told, if no file
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    vehicle_id: Mapped[str | None] = mapped_column(ForeignKey("vehicles.id"), nullable=True)
    work_order_id: Mapped[str | None] = mapped_column(ForeignKey("work_orders.id"), nullable=True)
    category: Mapped[str] = mapped_column(String(20))
    customer_words: Mapped[str] = mapped_column(Text, default="")
    customer_request: Mapped[str] = mapped_column(Text, default="")
    claimed_fen: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    received_by_name: Mapped[str] = mapped_column(String(50), default="")
    # severity: the rule's result with its reasons, and a manual escalation on top
    safety_risk: Mapped[bool] = mapped_column(default=False)
    media_involved: Mapped[bool] = mapped_column(default=False)
    foreign_party: Mapped[bool] = mapped_column(default=False)  # supplier/maker abroad: 17 days
    severity: Mapped[str] = mapped_column(String(8), default="general")
    severity_reasons: Mapped[str] = mapped_column(String(60), default="")
    escalation_reason: Mapped[str] = mapped_column(String(200), default="")
    # deadlines (UTC, from the branch's settings at intake)
    response_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    solution_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closure_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # internal deadlines (issue 15): the investigation report from intake, the consolidated
    # opinion (the first proposal) from the report; each kept with the moment it was first met
    report_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    opinion_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    opinion_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # first response (首次回复)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    first_response_by_name: Mapped[str] = mapped_column(String(50), default="")
    first_response_note: Mapped[str] = mapped_column(String(500), default="")
    # handling (原因分析 / 责任归属 / 处理对策)
    investigation: Mapped[str] = mapped_column(Text, default="")
    investigated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    investigated_by_name: Mapped[str] = mapped_column(String(50), default="")
    responsibility: Mapped[str] = mapped_column(String(12), default="")  # ours | not_ours | not_founded
    responsible_department: Mapped[str] = mapped_column(String(30), default="")
    responsibility_reason: Mapped[str] = mapped_column(String(500), default="")
    corrective_action: Mapped[str] = mapped_column(Text, default="")
    # proposal to the customer (处理方案)
    proposal_repair_again: Mapped[bool] = mapped_column(default=False)
    proposal_refund_fen: Mapped[int] = mapped_column(Integer, default=0)
    proposal_discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    proposal_compensation_fen: Mapped[int] = mapped_column(Integer, default=0)
    proposal_apology: Mapped[bool] = mapped_column(default=False)
    proposal_text: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    proposed_by_name: Mapped[str] = mapped_column(String(50), default="")
    # approval (审批): the authority required when proposed, who approved, when
    approval_authority: Mapped[str] = mapped_column(String(16), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    approved_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    approved_by_name: Mapped[str] = mapped_column(String(50), default="")
    approval_note: Mapped[str] = mapped_column(String(500), default="")
    # the customer's answer (客户意见)
    answer: Mapped[str] = mapped_column(String(14), default="")  # accepted | not_accepted
    answer_method: Mapped[str] = mapped_column(String(10), default="")  # phone | letter | in_person
    answer_note: Mapped[str] = mapped_column(String(500), default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answer_recorded_by_name: Mapped[str] = mapped_column(String(50), default="")
    # closure (结案)
    final_measures: Mapped[str] = mapped_column(Text, default="")
    follow_up_needed: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by_name: Mapped[str] = mapped_column(String(50), default="")
    reopened_from_id: Mapped[str | None] = mapped_column(ForeignKey("complaint_slips.id"), nullable=True)


class ComplaintResponsibleParty(Syncable, Base):
    """A person held responsible (责任人) with a share of the responsibility."""

    __tablename__ = "complaint_parties"
    __table_args__ = (Index("ix_complaint_parties_slip_id", "slip_id"),)

    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(50), default="")
    department: Mapped[str] = mapped_column(String(30), default="")
    share_bp: Mapped[int] = mapped_column(Integer, default=10_000)


class ComplaintLoss(Syncable, Base):
    """A monetary loss the manager recorded against the slip (损失金额), basis of 罚扣."""

    __tablename__ = "complaint_losses"
    __table_args__ = (Index("ix_complaint_losses_slip_id", "slip_id"),)

    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    loss_fen: Mapped[int] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM the deductions belong to
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    recorded_by_name: Mapped[str] = mapped_column(String(50), default="")


class ComplaintDeduction(Syncable, Base):
    """One person's deduction from a loss, with the figures it was computed from."""

    __tablename__ = "complaint_deductions"
    __table_args__ = (
        Index("ix_complaint_deductions_loss_id", "loss_id"),
        Index("ix_complaint_deductions_staff_id_month", "staff_id", "month"),
    )

    loss_id: Mapped[str] = mapped_column(ForeignKey("complaint_losses.id"))
    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(50), default="")
    department: Mapped[str] = mapped_column(String(30), default="")
    base_points: Mapped[int] = mapped_column(Integer, default=0)
    department_points: Mapped[int] = mapped_column(Integer, default=0)
    share_bp: Mapped[int | None] = mapped_column(Integer, nullable=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    month: Mapped[str] = mapped_column(String(7))


class ComplaintEvent(Syncable, Base):
    """One step on the slip's timeline: action, from, to, who, when, note."""

    __tablename__ = "complaint_events"
    __table_args__ = (Index("ix_complaint_events_slip_id", "slip_id"),)

    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    seq: Mapped[int] = mapped_column(Integer, default=1)
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(50), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(500), default="")


class ComplaintDeadlineReason(Syncable, Base):
    """Why a deadline of the slip was missed (超期原因): one per deadline, with who and when."""

    __tablename__ = "complaint_deadline_reasons"
    __table_args__ = (UniqueConstraint("slip_id", "deadline"),)

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    deadline: Mapped[str] = mapped_column(String(12))  # complaint_rules.DeadlineKind
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    recorded_by_name: Mapped[str] = mapped_column(String(50), default="")


class ComplaintNotice(Syncable, Base):
    """A numbered 催办单 (a late deadline, to the department that holds it) or 洽办单
    (handling asked of another department), as it was issued and printed."""

    __tablename__ = "complaint_notices"
    __table_args__ = (
        UniqueConstraint("branch_id", "number"),
        Index("ix_complaint_notices_number", "number"),
        Index("ix_complaint_notices_slip_id", "slip_id"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(12))  # urge | coordinate
    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    deadline: Mapped[str] = mapped_column(String(12), default="")  # urge: the late deadline
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    from_department: Mapped[str] = mapped_column(String(30), default="")
    to_department: Mapped[str] = mapped_column(String(30))
    to_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    to_name: Mapped[str] = mapped_column(String(50), default="")
    matter: Mapped[str] = mapped_column(Text, default="")
    reply_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    issued_by_name: Mapped[str] = mapped_column(String(50), default="")


class ComplaintPenalty(Syncable, Base):
    """A penalty of the regulation (警告 / 小过 / 大过) against a responsible person of the
    slip, with the amount of its grade when it was recorded (奖罚通知单)."""

    __tablename__ = "complaint_penalties"
    __table_args__ = (
        UniqueConstraint("branch_id", "number"),
        Index("ix_complaint_penalties_number", "number"),
        Index("ix_complaint_penalties_slip_id", "slip_id"),
        Index("ix_complaint_penalties_month", "month"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(24))
    slip_id: Mapped[str] = mapped_column(ForeignKey("complaint_slips.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(50), default="")
    department: Mapped[str] = mapped_column(String(30), default="")
    share_bp: Mapped[int] = mapped_column(Integer, default=10_000)
    grade: Mapped[str] = mapped_column(String(8))  # complaint_rules.PenaltyGrade
    amount_fen: Mapped[int] = mapped_column(Integer)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM of the monthly list
    reason: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    recorded_by_name: Mapped[str] = mapped_column(String(50), default="")
