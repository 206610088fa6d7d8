"""Frozen read models of work orders and how they are built from the rows.

Why separate from the use cases: the GUI, the printed forms (委托书, 维修卡, 结算单) and the
reports read these; they must never see an ORM object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from domain import clock
from domain.model import (
    Branch,
    Customer,
    Discount,
    Job,
    LabourLine,
    PartLine,
    PartsRequisition,
    PartsRequisitionLine,
    Payment,
    QualityCheck,
    Reversal,
    Staff,
    SundryLine,
    SupplementaryApproval,
    TimeEntry,
    TradeHandover,
    Vehicle,
    WorkOrder,
    WorkOrderEvent,
)
from domain.services.branch_scope import in_branch, local_days
from domain.workorder_rules import (
    QC_ORDER,
    WORKING_STATES,
    LineAmount,
    Totals,
    WOState,
    compute_totals,
    labour_amount,
    part_amount,
    state_label,
)


@dataclass(frozen=True)
class InspectionItem:
    """One mark of the walk-around inspection (环车检查): where, what, a note."""

    area: str
    damage: str
    note: str = ""


@dataclass(frozen=True)
class LabourLineView:
    id: str
    seq: int
    code: str
    description: str
    hours_centi: int
    rate_fen: int
    technician_id: str | None
    technician_name: str
    job_id: str | None
    payer: str
    gross_fen: int
    discount_fen: int
    net_fen: int
    supplementary_id: str | None


@dataclass(frozen=True)
class PartLineView:
    id: str
    seq: int
    part_no: str
    name: str
    qty_milli: int
    unit: str
    unit_price_fen: int
    genuine: bool
    warranty: bool
    payer: str
    gross_fen: int
    discount_fen: int
    net_fen: int
    supplementary_id: str | None


@dataclass(frozen=True)
class SundryLineView:
    id: str
    seq: int
    description: str
    payer: str
    gross_fen: int
    discount_fen: int
    net_fen: int
    supplementary_id: str | None


@dataclass(frozen=True)
class EventView:
    action: str
    from_state: str
    to_state: str
    actor_name: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class TimeEntryView:
    id: str
    technician_id: str
    technician_name: str
    started_at: datetime
    stopped_at: datetime | None

    @property
    def minutes(self) -> int:
        end = self.stopped_at or clock.now()
        return max(0, int((end - self.started_at).total_seconds()) // 60)


@dataclass(frozen=True)
class JobView:
    id: str
    seq: int
    title: str
    trade: str
    technician_id: str
    technician_name: str
    state: str
    wait_reason: str
    dispatched_at: datetime
    finished_at: datetime | None
    time_entries: tuple[TimeEntryView, ...]

    @property
    def minutes(self) -> int:
        return sum(t.minutes for t in self.time_entries)


@dataclass(frozen=True)
class RequisitionLineView:
    part_line_id: str | None
    part_no: str
    name: str
    qty_milli: int


@dataclass(frozen=True)
class RequisitionView:
    id: str
    job_id: str
    technician_name: str
    signed_at: datetime
    issued_by_name: str
    lines: tuple[RequisitionLineView, ...]


@dataclass(frozen=True)
class HandoverView:
    from_job_id: str
    to_job_id: str
    from_technician_name: str
    to_technician_name: str
    at: datetime
    note: str


@dataclass(frozen=True)
class QualityCheckView:
    round: int
    level: str
    passed: bool
    reason: str
    inspector_name: str
    at: datetime


@dataclass(frozen=True)
class SupplementaryView:
    id: str
    description: str
    amount_fen: int
    method: str
    approved_by_name: str
    approved_at: datetime
    recorded_by_name: str


@dataclass(frozen=True)
class DiscountView:
    scope: str
    line_id: str | None
    amount_fen: int
    gross_fen: int
    reason: str
    above_limit: bool
    granted_by_name: str
    granted_at: datetime


@dataclass(frozen=True)
class PaymentView:
    method: str
    amount_fen: int
    reference: str
    at: datetime
    cashier_name: str
    reversal_id: str | None


@dataclass(frozen=True)
class ReversalView:
    id: str
    reason: str
    amount_fen: int
    at: datetime
    by_name: str


@dataclass(frozen=True)
class WorkOrderView:
    """Everything the work-order page and its printed forms show."""

    id: str
    number: str
    state: str
    state_label: str
    service_class: str
    payer: str
    payer_name: str
    # vehicle and customer
    vehicle_id: str
    plate: str
    vin: str
    brand: str
    model: str
    engine_no: str
    colour: str
    customer_id: str
    customer_name: str
    customer_mobile: str
    customer_other_phone: str
    customer_address: str
    advisor_id: str | None
    advisor_name: str
    # reception
    received_at: datetime
    mileage_in: int
    mileage_reason: str
    fuel_level: int
    customer_words: str
    inspection: tuple[InspectionItem, ...]
    valuables: str
    spare_tyre: bool
    tools_present: bool
    promised_at: datetime | None
    estimate_fen: int
    approval_method: str
    approved_at: datetime | None
    approved_by_name: str
    # money
    tax_bp: int
    order_discount_fen: int
    order_discount_reason: str
    labour: tuple[LabourLineView, ...]
    parts: tuple[PartLineView, ...]
    sundries: tuple[SundryLineView, ...]
    totals: Totals
    discounts: tuple[DiscountView, ...]
    supplementaries: tuple[SupplementaryView, ...]
    # workshop
    jobs: tuple[JobView, ...]
    requisitions: tuple[RequisitionView, ...]
    handovers: tuple[HandoverView, ...]
    quality_checks: tuple[QualityCheckView, ...]
    qc_round: int
    # rework, cancel, settlement, delivery
    rework_of_id: str | None
    rework_of_number: str
    rework_orders: tuple[str, ...]  # numbers of later orders marked as rework of this one
    cancel_reason: str
    settled_at: datetime | None
    settled_by_name: str
    payments: tuple[PaymentView, ...]
    reversals: tuple[ReversalView, ...]
    next_service_date: date | None
    next_service_km: int | None
    delivered_at: datetime | None
    mileage_out: int | None
    delivered_by_name: str
    claim_check_returned: bool | None
    claim_check_note: str
    events: tuple[EventView, ...]
    late: bool
    row_version: int
    # amounts above are all 0 because the branch hides money from this reader (技师)
    money_hidden: bool = False

    @property
    def paid_fen(self) -> int:
        return sum(p.amount_fen for p in self.payments)


@dataclass(frozen=True)
class WorkOrderRow:
    """One line of the open-orders board (看板): cheap to fetch in pages."""

    id: str
    number: str
    plate: str
    customer_name: str
    state: str
    total_fen: int
    received_at: datetime
    promised_at: datetime | None
    late: bool
    money_hidden: bool = False  # total_fen is 0: hidden from this reader, show "—"
    # whose order (HQ's consolidated board); times are read in branch_timezone
    branch_code: str = ""
    branch_name: str = ""
    branch_timezone: str = ""


@dataclass(frozen=True)
class ServiceHistoryRow:
    """One visit in a vehicle's service history (维修历史)."""

    id: str
    number: str
    state: str
    service_class: str
    received_at: datetime
    delivered_at: datetime | None
    mileage_in: int
    total_fen: int
    customer_words: str
    work_done: str
    rework_of_number: str
    advisor_name: str = ""
    money_hidden: bool = False


def is_late(state: str, promised_at: datetime | None, now: datetime | None = None) -> bool:
    """Promised time passed while the car is still being worked on (highlighted on the board)."""
    if promised_at is None or WOState(state) not in WORKING_STATES:
        return False
    return promised_at < (now or clock.now())


def board_scope(branches: dict[str, Branch], branch_code: str | None, received_since: date | None,
                received_until: date | None, late_only: bool, now: datetime) -> list[ColumnElement[bool]]:
    """The board's branch, reception-day and late filters (HQ's consolidated board uses all)."""
    found = [clause for clause in (
        in_branch(WorkOrder.branch_id, branches, branch_code),
        local_days(WorkOrder.received_at, WorkOrder.branch_id, branches, received_since, received_until),
    ) if clause is not None]
    if late_only:  # the same rule as :func:`is_late`, in SQL
        found += [WorkOrder.state.in_([s.value for s in WORKING_STATES]), WorkOrder.promised_at < now]
    return found


def board_after(row: WorkOrderRow) -> ColumnElement[bool]:
    """Orders after ``row`` in the board's order (keyset paging: deep pages cost what page 1 does).

    The leading ``<=`` lets the database range-scan the reception index; the rest breaks ties.
    """
    w = WorkOrder
    return and_(w.received_at <= row.received_at,
                or_(w.received_at < row.received_at, w.number < row.number,
                    and_(w.number == row.number, w.id < row.id)))


BOARD_ORDER = (WorkOrder.received_at.desc(), WorkOrder.number.desc(), WorkOrder.id.desc())


def line_amounts(labour: list[LabourLine], parts: list[PartLine],
                 sundries: list[SundryLine]) -> list[LineAmount]:
    amounts = [LineAmount("labour", labour_amount(x.hours_centi, x.rate_fen), x.discount_fen, x.payer)
               for x in labour]
    amounts += [LineAmount("part", part_amount(x.qty_milli, x.unit_price_fen), x.discount_fen, x.payer)
                for x in parts]
    amounts += [LineAmount("sundry", x.amount_fen, x.discount_fen, x.payer) for x in sundries]
    return amounts


def load_lines(session: Session, order_id: str) -> tuple[list[LabourLine], list[PartLine], list[SundryLine]]:
    labour = list(session.scalars(select(LabourLine).where(LabourLine.work_order_id == order_id)
                                  .order_by(LabourLine.seq)))
    parts = list(session.scalars(select(PartLine).where(PartLine.work_order_id == order_id)
                                 .order_by(PartLine.seq)))
    sundries = list(session.scalars(select(SundryLine).where(SundryLine.work_order_id == order_id)
                                    .order_by(SundryLine.seq)))
    return labour, parts, sundries


def order_totals(session: Session, order: WorkOrder) -> Totals:
    labour, parts, sundries = load_lines(session, order.id)
    return compute_totals(line_amounts(labour, parts, sundries), order.order_discount_fen, order.tax_bp)


def parse_inspection(raw: str) -> tuple[InspectionItem, ...]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(InspectionItem(str(i.get("area", "")), str(i.get("damage", "")), str(i.get("note", "")))
                 for i in items if isinstance(i, dict))


def dump_inspection(items: tuple[InspectionItem, ...] | list[InspectionItem]) -> str:
    return json.dumps([{"area": i.area, "damage": i.damage, "note": i.note} for i in items],
                      ensure_ascii=False)


def _rows(session: Session, model: Any, order_id: str, order_by: Any) -> list[Any]:
    return list(session.scalars(select(model).where(model.work_order_id == order_id)
                                .order_by(order_by)))


def build_view(session: Session, order: WorkOrder) -> WorkOrderView:
    vehicle = session.get(Vehicle, order.vehicle_id)
    customer = session.get(Customer, order.customer_id)
    assert vehicle is not None and customer is not None
    labour, parts, sundries = load_lines(session, order.id)
    totals = compute_totals(line_amounts(labour, parts, sundries), order.order_discount_fen, order.tax_bp)
    jobs: list[Job] = _rows(session, Job, order.id, Job.seq)
    job_ids = [j.id for j in jobs]
    entries = list(session.scalars(select(TimeEntry).where(TimeEntry.job_id.in_(job_ids))
                                   .order_by(TimeEntry.started_at))) if job_ids else []
    requisitions: list[PartsRequisition] = _rows(session, PartsRequisition, order.id,
                                                 PartsRequisition.signed_at)
    req_lines = list(session.scalars(select(PartsRequisitionLine).where(
        PartsRequisitionLine.requisition_id.in_([r.id for r in requisitions])))) if requisitions else []
    handovers: list[TradeHandover] = _rows(session, TradeHandover, order.id, TradeHandover.at)
    checks: list[QualityCheck] = sorted(
        _rows(session, QualityCheck, order.id, QualityCheck.at),
        key=lambda c: (c.round, [q.value for q in QC_ORDER].index(c.level), c.at))
    supplementaries: list[SupplementaryApproval] = _rows(session, SupplementaryApproval, order.id,
                                                          SupplementaryApproval.approved_at)
    discounts: list[Discount] = _rows(session, Discount, order.id, Discount.granted_at)
    payments: list[Payment] = _rows(session, Payment, order.id, Payment.at)
    reversals: list[Reversal] = _rows(session, Reversal, order.id, Reversal.at)
    events: list[WorkOrderEvent] = _rows(session, WorkOrderEvent, order.id, WorkOrderEvent.seq)

    staff_ids = {order.advisor_id, order.settled_by_id, order.delivered_by_id,
                 *(x.technician_id for x in labour), *(j.technician_id for j in jobs),
                 *(e.technician_id for e in entries), *(r.technician_id for r in requisitions),
                 *(r.issued_by_id for r in requisitions), *(s.recorded_by_id for s in supplementaries),
                 *(p.cashier_id for p in payments), *(r.by_id for r in reversals),
                 *(h.from_technician_id for h in handovers), *(h.to_technician_id for h in handovers)}
    staff_ids.discard(None)
    names: dict[str | None, str] = {None: ""}
    if staff_ids:
        names.update((row[0], row[1]) for row in session.execute(
            select(Staff.id, Staff.display_name).where(Staff.id.in_(staff_ids))))
    rework_of_number = ""
    if order.rework_of_id:
        rework_of_number = session.scalar(
            select(WorkOrder.number).where(WorkOrder.id == order.rework_of_id)) or ""
    rework_orders = tuple(session.scalars(select(WorkOrder.number)
                                          .where(WorkOrder.rework_of_id == order.id)
                                          .order_by(WorkOrder.received_at)))

    def name(staff_id: str | None) -> str:
        return names.get(staff_id, "")

    return WorkOrderView(
        id=order.id, number=order.number, state=order.state, state_label=state_label(order.state),
        service_class=order.service_class, payer=order.payer, payer_name=order.payer_name,
        vehicle_id=vehicle.id, plate=vehicle.plate, vin=vehicle.vin, brand=vehicle.brand,
        model=vehicle.model, engine_no=vehicle.engine_no, colour=vehicle.colour,
        customer_id=customer.id, customer_name=customer.name, customer_mobile=customer.mobile,
        customer_other_phone=customer.other_phone, customer_address=customer.address,
        advisor_id=order.advisor_id, advisor_name=name(order.advisor_id),
        received_at=order.received_at, mileage_in=order.mileage_in,
        mileage_reason=order.mileage_reason, fuel_level=order.fuel_level,
        customer_words=order.customer_words, inspection=parse_inspection(order.inspection_json),
        valuables=order.valuables, spare_tyre=order.spare_tyre, tools_present=order.tools_present,
        promised_at=order.promised_at, estimate_fen=order.estimate_fen,
        approval_method=order.approval_method, approved_at=order.approved_at,
        approved_by_name=order.approved_by_name, tax_bp=order.tax_bp,
        order_discount_fen=order.order_discount_fen,
        order_discount_reason=order.order_discount_reason,
        labour=tuple(LabourLineView(
            x.id, x.seq, x.code, x.description, x.hours_centi, x.rate_fen, x.technician_id,
            name(x.technician_id), x.job_id, x.payer, labour_amount(x.hours_centi, x.rate_fen),
            x.discount_fen, labour_amount(x.hours_centi, x.rate_fen) - x.discount_fen,
            x.supplementary_id) for x in labour),
        parts=tuple(PartLineView(
            x.id, x.seq, x.part_no, x.name, x.qty_milli, x.unit, x.unit_price_fen, x.genuine,
            x.warranty, x.payer, part_amount(x.qty_milli, x.unit_price_fen), x.discount_fen,
            part_amount(x.qty_milli, x.unit_price_fen) - x.discount_fen, x.supplementary_id)
            for x in parts),
        sundries=tuple(SundryLineView(x.id, x.seq, x.description, x.payer, x.amount_fen,
                                      x.discount_fen, x.amount_fen - x.discount_fen,
                                      x.supplementary_id) for x in sundries),
        totals=totals,
        discounts=tuple(DiscountView(d.scope, d.line_id, d.amount_fen, d.gross_fen, d.reason,
                                     d.above_limit, d.granted_by_name, d.granted_at)
                        for d in discounts),
        supplementaries=tuple(SupplementaryView(s.id, s.description, s.amount_fen, s.method,
                                                s.approved_by_name, s.approved_at,
                                                name(s.recorded_by_id)) for s in supplementaries),
        jobs=tuple(JobView(
            j.id, j.seq, j.title, j.trade, j.technician_id, name(j.technician_id), j.state,
            j.wait_reason, j.dispatched_at, j.finished_at,
            tuple(TimeEntryView(e.id, e.technician_id, name(e.technician_id), e.started_at,
                                e.stopped_at) for e in entries if e.job_id == j.id))
            for j in jobs),
        requisitions=tuple(RequisitionView(
            r.id, r.job_id, name(r.technician_id), r.signed_at, name(r.issued_by_id),
            tuple(RequisitionLineView(x.part_line_id, x.part_no, x.name, x.qty_milli)
                  for x in req_lines if x.requisition_id == r.id)) for r in requisitions),
        handovers=tuple(HandoverView(h.from_job_id, h.to_job_id, name(h.from_technician_id),
                                     name(h.to_technician_id), h.at, h.note) for h in handovers),
        quality_checks=tuple(QualityCheckView(c.round, c.level, c.passed, c.reason,
                                              c.inspector_name, c.at) for c in checks),
        qc_round=order.qc_round,
        rework_of_id=order.rework_of_id, rework_of_number=rework_of_number,
        rework_orders=rework_orders, cancel_reason=order.cancel_reason,
        settled_at=order.settled_at, settled_by_name=name(order.settled_by_id),
        payments=tuple(PaymentView(p.method, p.amount_fen, p.reference, p.at, name(p.cashier_id),
                                   p.reversal_id) for p in payments),
        reversals=tuple(ReversalView(r.id, r.reason, r.amount_fen, r.at, name(r.by_id))
                        for r in reversals),
        next_service_date=order.next_service_date, next_service_km=order.next_service_km,
        delivered_at=order.delivered_at, mileage_out=order.mileage_out,
        delivered_by_name=name(order.delivered_by_id),
        claim_check_returned=order.claim_check_returned, claim_check_note=order.claim_check_note,
        events=tuple(EventView(e.action, e.from_state, e.to_state, e.actor_name, e.at, e.reason)
                     for e in events),
        late=is_late(order.state, order.promised_at), row_version=order.row_version,
    )
