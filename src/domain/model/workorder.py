"""Work orders (维修委托书 / 工单) and everything recorded on them, DOMAIN.md §2–3.

Why so many small tables: every step the regulations want signed (approval, dispatch,
requisition, handover, three QC levels, payment, reversal) is its own row with who and when,
so history is appended, never edited, and each row travels to HQ on its own.

Units: money in integer fen; standard hours in hundredths of an hour (``hours_centi``);
part quantities in thousandths (``qty_milli``, so 1.5 L of oil is 1500); fuel level in
eighths of a tank (0 = empty … 8 = full).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.orm import Base, Syncable, UTCDateTime


class NumberSequence(Syncable, Base):
    """Serial counter per branch, kind (``WO`` work order, ``TS`` complaint) and period (YYMM).

    Incremented inside the transaction that saves the numbered record, so a number is
    never handed out twice, even by two PCs on one database.
    """

    __tablename__ = "number_sequences"
    __table_args__ = (UniqueConstraint("branch_id", "kind", "period"),)

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    kind: Mapped[str] = mapped_column(String(8))
    period: Mapped[str] = mapped_column(String(8))
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class WorkOrder(Syncable, Base):
    """维修委托书: one visit of one vehicle, from reception (接车) to delivery (交车)."""

    __tablename__ = "work_orders"
    __table_args__ = (
        UniqueConstraint("branch_id", "number"),
        Index("ix_work_orders_number", "number"),
        Index("ix_work_orders_state_received_at", "state", "received_at"),
        Index("ix_work_orders_received_at", "received_at"),
        Index("ix_work_orders_vehicle_id", "vehicle_id"),
        Index("ix_work_orders_customer_id", "customer_id"),
        Index("ix_work_orders_rework_of_id", "rework_of_id"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(24))
    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id"))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    advisor_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    service_class: Mapped[str] = mapped_column(String(1), default="A")
    # Main payer besides the customer: customer | insurance | contract | warranty
    payer: Mapped[str] = mapped_column(String(12), default="customer")
    payer_name: Mapped[str] = mapped_column(String(100), default="")  # insurer, contract no.
    # reception (接车)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    mileage_in: Mapped[int] = mapped_column(Integer, default=0)
    mileage_reason: Mapped[str] = mapped_column(String(200), default="")
    fuel_level: Mapped[int] = mapped_column(Integer, default=4)
    customer_words: Mapped[str] = mapped_column(Text, default="")
    inspection_json: Mapped[str] = mapped_column(Text, default="[]")  # 环车检查 damage spots
    valuables: Mapped[str] = mapped_column(String(200), default="")
    spare_tyre: Mapped[bool] = mapped_column(default=True)
    tools_present: Mapped[bool] = mapped_column(default=True)
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    estimate_fen: Mapped[int] = mapped_column(Integer, default=0)
    # the customer's approval of the estimate: signature | phone
    approval_method: Mapped[str] = mapped_column(String(10), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    approved_by_name: Mapped[str] = mapped_column(String(50), default="")
    approval_recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    # money, kept in step with the lines so the board needs no join
    tax_bp: Mapped[int] = mapped_column(Integer, default=0)
    order_discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    order_discount_reason: Mapped[str] = mapped_column(String(200), default="")
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    customer_fen: Mapped[int] = mapped_column(Integer, default=0)
    # workshop
    qc_round: Mapped[int] = mapped_column(Integer, default=1)
    rework_of_id: Mapped[str | None] = mapped_column(ForeignKey("work_orders.id"), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    # settlement and delivery (结算 / 交车)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    settled_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    next_service_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_service_km: Mapped[int | None] = mapped_column(Integer, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    mileage_out: Mapped[int | None] = mapped_column(Integer, nullable=True)
    delivered_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    claim_check_returned: Mapped[bool | None] = mapped_column(nullable=True)
    claim_check_note: Mapped[str] = mapped_column(String(200), default="")


class SupplementaryApproval(Syncable, Base):
    """增项确认: the customer approves work added after the estimate was approved."""

    __tablename__ = "wo_supplementary_approvals"
    __table_args__ = (Index("ix_wo_supplementary_approvals_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    description: Mapped[str] = mapped_column(String(200))
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(10))  # signature | phone
    approved_by_name: Mapped[str] = mapped_column(String(50), default="")
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class LabourLine(Syncable, Base):
    """工时: a labour item at standard hours × rate."""

    __tablename__ = "wo_labour_lines"
    __table_args__ = (Index("ix_wo_labour_lines_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20), default="")
    description: Mapped[str] = mapped_column(String(200))
    hours_centi: Mapped[int] = mapped_column(Integer, default=0)
    rate_fen: Mapped[int] = mapped_column(Integer, default=0)
    technician_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    job_id: Mapped[str | None] = mapped_column(ForeignKey("wo_jobs.id"), nullable=True)
    payer: Mapped[str] = mapped_column(String(12), default="customer")
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    supplementary_id: Mapped[str | None] = mapped_column(
        ForeignKey("wo_supplementary_approvals.id"), nullable=True)


class PartLine(Syncable, Base):
    """配件: a part or material at quantity × unit price."""

    __tablename__ = "wo_part_lines"
    __table_args__ = (Index("ix_wo_part_lines_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    part_no: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(100))
    qty_milli: Mapped[int] = mapped_column(Integer, default=1000)
    unit: Mapped[str] = mapped_column(String(8), default="件")
    unit_price_fen: Mapped[int] = mapped_column(Integer, default=0)
    genuine: Mapped[bool] = mapped_column(default=True)
    warranty: Mapped[bool] = mapped_column(default=False)
    payer: Mapped[str] = mapped_column(String(12), default="customer")
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    supplementary_id: Mapped[str | None] = mapped_column(
        ForeignKey("wo_supplementary_approvals.id"), nullable=True)


class SundryLine(Syncable, Base):
    """杂费: towing, disposal, materials charged as a lump sum."""

    __tablename__ = "wo_sundry_lines"
    __table_args__ = (Index("ix_wo_sundry_lines_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(String(200))
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    payer: Mapped[str] = mapped_column(String(12), default="customer")
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    supplementary_id: Mapped[str | None] = mapped_column(
        ForeignKey("wo_supplementary_approvals.id"), nullable=True)


class Discount(Syncable, Base):
    """A discount granted on a line or the whole order, and who granted it (manager above the limit)."""

    __tablename__ = "wo_discounts"
    __table_args__ = (Index("ix_wo_discounts_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    scope: Mapped[str] = mapped_column(String(10))  # line | order
    line_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    gross_fen: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")
    above_limit: Mapped[bool] = mapped_column(default=False)
    granted_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    granted_by_name: Mapped[str] = mapped_column(String(50), default="")
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WorkOrderEvent(Syncable, Base):
    """One state transition: from, to, who, when and why (the order's timeline)."""

    __tablename__ = "wo_events"
    __table_args__ = (Index("ix_wo_events_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    seq: Mapped[int] = mapped_column(Integer, default=1)  # order of the timeline
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(50), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(200), default="")


class Job(Syncable, Base):
    """派工: a job dispatched to one technician; its repair card (维修卡) hangs on the car."""

    __tablename__ = "wo_jobs"
    __table_args__ = (
        Index("ix_wo_jobs_work_order_id", "work_order_id"),
        Index("ix_wo_jobs_technician_id", "technician_id"),
    )

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    seq: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200))
    trade: Mapped[str] = mapped_column(String(12), default="mechanical")
    technician_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    # assigned | working | waiting_parts | done
    state: Mapped[str] = mapped_column(String(16), default="assigned")
    wait_reason: Mapped[str] = mapped_column(String(200), default="")
    dispatched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dispatched_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class TimeEntry(Syncable, Base):
    """A start/stop interval a technician worked on a job (open while ``stopped_at`` is None)."""

    __tablename__ = "wo_time_entries"
    # indexes: by job and by technician, both with the times (domain.model.kpi_indexes)

    job_id: Mapped[str] = mapped_column(ForeignKey("wo_jobs.id"))
    technician_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    service_class: Mapped[str] = mapped_column(String(1), default="A")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class InternalTimeEntry(Syncable, Base):
    """D 类一般行政工作: time a technician spent on internal work that is on no customer's
    order — workshop upkeep, inspections, parts handling, training — so the technician
    daily report shows the whole day in the regulation's A/B/C/D classes (DOMAIN.md §2).

    Why not a :class:`TimeEntry`: those belong to a job of a work order (the repair card);
    internal work has none. Open while ``stopped_at`` is None, like a job's clock. The row
    carries its branch (the technician's), so it travels to HQ with the branch's records.
    """

    __tablename__ = "internal_time_entries"
    __table_args__ = (
        Index("ix_internal_time_entries_technician", "technician_id", "started_at", "stopped_at"),
        Index("ix_internal_time_entries_branch_started", "branch_id", "started_at"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    technician_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    activity: Mapped[str] = mapped_column(String(12))  # upkeep | inspection | parts | training | other
    note: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class PartsRequisition(Syncable, Base):
    """维修领料单: parts issued to a job, signed for by its technician."""

    __tablename__ = "wo_requisitions"
    __table_args__ = (Index("ix_wo_requisitions_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    job_id: Mapped[str] = mapped_column(ForeignKey("wo_jobs.id"))
    technician_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class PartsRequisitionLine(Syncable, Base):
    __tablename__ = "wo_requisition_lines"
    __table_args__ = (Index("ix_wo_requisition_lines_requisition_id", "requisition_id"),)

    requisition_id: Mapped[str] = mapped_column(ForeignKey("wo_requisitions.id"))
    part_line_id: Mapped[str | None] = mapped_column(ForeignKey("wo_part_lines.id"), nullable=True)
    part_no: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(100))
    qty_milli: Mapped[int] = mapped_column(Integer, default=1000)


class TradeHandover(Syncable, Base):
    """交接: work passing between trades (mechanical → body/paint), signed over."""

    __tablename__ = "wo_handovers"
    __table_args__ = (Index("ix_wo_handovers_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    from_job_id: Mapped[str] = mapped_column(ForeignKey("wo_jobs.id"))
    to_job_id: Mapped[str] = mapped_column(ForeignKey("wo_jobs.id"))
    from_technician_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    to_technician_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class QualityCheck(Syncable, Base):
    """出厂三级检验: one signed check (self | team | final) in one QC round."""

    __tablename__ = "wo_quality_checks"
    __table_args__ = (Index("ix_wo_quality_checks_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    round: Mapped[int] = mapped_column(Integer, default=1)
    level: Mapped[str] = mapped_column(String(8))
    passed: Mapped[bool] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200), default="")
    inspector_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    inspector_name: Mapped[str] = mapped_column(String(50), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Reversal(Syncable, Base):
    """冲销: a settlement undone with a reason; the payments are offset, never deleted."""

    __tablename__ = "wo_reversals"
    __table_args__ = (Index("ix_wo_reversals_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    reason: Mapped[str] = mapped_column(String(200))
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class Payment(Syncable, Base):
    """收款: one payment method's amount; a reversal adds the negative counterpart."""

    __tablename__ = "wo_payments"
    __table_args__ = (Index("ix_wo_payments_work_order_id", "work_order_id"),)

    work_order_id: Mapped[str] = mapped_column(ForeignKey("work_orders.id"))
    method: Mapped[str] = mapped_column(String(12))  # cash card transfer wechat alipay on_account
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(60), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    cashier_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    reversal_id: Mapped[str | None] = mapped_column(ForeignKey("wo_reversals.id"), nullable=True)
