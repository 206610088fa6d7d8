"""Work orders from reception to delivery (接车 → 派工 → 质检 → 结算 → 交车), DOMAIN.md §3.

Every method is one unit of work and checks the actor's role; every state change goes
through :func:`domain.workorder_rules.transition` and leaves a timeline event; settled
orders are locked and only a reversal (冲销) with a reason reopens them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from domain import clock, messages
from domain.errors import Conflict, NotAllowed, NotFound, ValidationError, ValidationErrors, collect
from domain.model import (
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
from domain.roles import (
    MANAGERS,
    WORKSHOP_ROLES,
    Actor,
    Permission,
    Role,
    can,
    not_allowed,
    require,
)
from domain.services.branch import local_branch
from domain.services.branch_scope import branches_by_id, check_range, label_of
from domain.services.care_tasks import schedule_after_delivery
from domain.services.customers import (
    CustomerInput,
    VehicleInput,
    new_customer,
    validate_customer,
    validate_vehicle,
)
from domain.services.internal_time import stop_running
from domain.services.masterdata import Here
from domain.services.masterdata_packages import package_in_effect
from domain.services.mode_guard import require_branch_mode
from domain.services.numbering import allocate_number
from domain.services.record_keys import work_order_by_key
from domain.services.redaction import for_actor
from domain.services.workorder_views import (
    BOARD_ORDER,
    InspectionItem,
    ServiceHistoryRow,
    WorkOrderRow,
    WorkOrderView,
    board_after,
    board_scope,
    build_view,
    dump_inspection,
    is_late,
    order_totals,
)
from domain.settings_defaults import (
    WORKORDER_COPIES,
    WORKORDER_DISCOUNT_LIMIT_BP,
    WORKORDER_REWORK_DAYS,
    WORKORDER_TAX_RATE_BP,
    int_setting,
)
from domain.stale import check_version
from domain.uow import UnitOfWork
from domain.validation import check_day, check_moment, clean_text, plate_search_key
from domain.workorder_rules import (
    EDITABLE_STATES,
    LOCKED_STATES,
    NUMBER_KIND_WORK_ORDER,
    OPEN_STATES,
    QC_LABELS_EN,
    QC_LABELS_ZH,
    QC_ORDER,
    QC_ROLES,
    Action,
    Payer,
    PaymentMethod,
    QCLevel,
    ServiceClass,
    WOState,
    check_discount,
    discount_above_limit,
    labour_amount,
    parse_number,
    part_amount,
    state_label,
    transition,
    yuan,
)

T = TypeVar("T")
MAX_MILEAGE = 9_999_999
MAX_FEN = 10**11  # one billion yuan: far above any repair, far below any int limit
TRADES = ("mechanical", "electrical", "body", "paint", "other")

for _code, _zh, _en in (
    ("workorder.not_found", "找不到工单：{key}", "Work order not found: {key}"),
    ("workorder.vehicle_has_open", "该车已有未完成的工单 {number}（{state}），确认后才能再开一张",
     "This vehicle already has an open work order {number} ({state}); confirm to open another"),
    ("workorder.mileage_below_last", "进厂里程 {value} 低于上次记录的 {last} 公里，请填写原因（如更换仪表）",
     "Mileage in {value} is below the last recorded {last} km; give a reason (e.g. odometer replaced)"),
    ("workorder.mileage_out_below_in", "出厂里程 {value} 不能低于进厂里程 {mileage_in}",
     "Mileage out {value} is below mileage in {mileage_in}"),
    ("workorder.locked", "工单 {number} 已结算，不能修改；如需更正请先冲销结算",
     "Work order {number} is settled and locked; reverse the settlement to correct it"),
    ("workorder.not_editable", "工单 {number} 当前状态为“{state}”，不能再修改",
     "Work order {number} is {state}; it can no longer be changed"),
    ("workorder.supplementary_required", "客户已确认估价，追加或修改项目须先记录增项确认",
     "The customer approved the estimate; record a supplementary approval before changing work"),
    ("workorder.supplementary_unknown", "增项确认不属于本工单", "Unknown supplementary approval"),
    ("workorder.discount_needs_manager", "折扣 {discount} 元超过 {limit}% 的限额，须经理批准",
     "Discount {discount} yuan is above the {limit}% limit; a manager must grant it"),
    ("workorder.line_not_found", "找不到工单项目：{key}", "Work order line not found: {key}"),
    ("workorder.job_not_found", "找不到派工单：{key}", "Job not found: {key}"),
    ("workorder.not_own_job", "只能记录自己的派工（该派工属于 {technician}）",
     "You can record only your own jobs (this one is {technician}'s)"),
    ("workorder.job_running", "该派工已在计时中", "This job is already being timed"),
    ("workorder.job_not_running", "该派工没有进行中的计时", "This job is not being timed"),
    ("workorder.job_waiting", "该派工待料中，请先恢复施工", "This job is waiting for parts; resume it first"),
    ("workorder.job_done", "该派工已完工", "This job is finished"),
    ("workorder.not_technician", "“{name}”不是技师或车间主管，不能接受派工",
     "'{name}' is not a technician or foreman"),
    ("workorder.qc_out_of_order", "请先完成{expected}，不能直接做{level}",
     "Do the {expected_en} first, not the {level_en}"),
    ("workorder.qc_jobs_open", "还有派工未完工或待料，不能提交质检",
     "Some jobs are still open or waiting for parts"),
    ("workorder.payments_mismatch", "收款合计 {paid} 元与客户应付 {due} 元不符",
     "Payments total {paid} yuan but the customer owes {due} yuan"),
    ("workorder.payment_invalid", "收款金额必须大于 0", "A payment amount must be positive"),
    ("workorder.payment_method", "未知的收款方式：{method}", "Unknown payment method: {method}"),
    ("workorder.claim_check_reason", "客户未交回取车凭证（客户联）时须注明原因",
     "Say why the customer did not return the claim check"),
    ("workorder.rework_same_vehicle", "返修只能关联同一车辆的工单", "Rework must refer to the same vehicle"),
    ("workorder.rework_not_delivered", "工单 {number} 尚未交车，不能作为返修的原工单",
     "Work order {number} was not delivered; it cannot be the original of a rework"),
    ("workorder.rework_too_late", "原工单 {number} 交车已超过 {days} 天，不能标记为返修",
     "Work order {number} was delivered more than {days} days ago; not a rework"),
    ("workorder.invalid_choice", "{label}的取值“{value}”无效", "{label}: invalid value '{value}'"),
    ("workorder.amount_range", "{label}必须在 0 到 {max} 之间", "{label} must be between 0 and {max}"),
    ("workorder.approval_phone", "电话确认须填写确认人和时间", "A phone approval needs the person and time"),
    ("workorder.handover_same_job", "交接的两个派工不能相同", "The two jobs of a handover must differ"),
):
    messages.register(_code, _zh, _en)


# --- input --------------------------------------------------------------------------------
@dataclass
class ReceptionInput:
    """What the reception form (接车 / 维修委托书) submits."""

    mileage_in: int
    customer_words: str = ""
    received_at: dt.datetime | None = None
    mileage_reason: str = ""
    fuel_level: int = 4  # eighths of a tank
    inspection: Sequence[InspectionItem] = ()
    valuables: str = ""
    spare_tyre: bool = True
    tools_present: bool = True
    service_class: str = ServiceClass.PAID
    payer: str = Payer.CUSTOMER
    payer_name: str = ""
    promised_at: dt.datetime | None = None
    estimate_fen: int = 0
    next_service_date: dt.date | None = None
    next_service_km: int | None = None


@dataclass
class LabourInput:
    description: str
    hours_centi: int
    rate_fen: int
    code: str = ""
    technician_id: str | None = None
    payer: str | None = None  # None: the order's payer
    discount_fen: int = 0
    discount_reason: str = ""


@dataclass
class PartInput:
    name: str
    qty_milli: int
    unit_price_fen: int
    part_no: str = ""
    unit: str = "件"
    genuine: bool = True
    warranty: bool = False
    payer: str | None = None  # None: warranty parts → warranty, else the order's payer
    discount_fen: int = 0
    discount_reason: str = ""


@dataclass
class SundryInput:
    description: str
    amount_fen: int
    payer: str | None = None
    discount_fen: int = 0
    discount_reason: str = ""


LineInput = LabourInput | PartInput | SundryInput


@dataclass
class PaymentInput:
    method: str
    amount_fen: int
    reference: str = ""


@dataclass
class RequisitionLineInput:
    qty_milli: int
    part_line_id: str | None = None
    part_no: str = ""
    name: str = ""


@dataclass
class DeliveryInput:
    mileage_out: int
    claim_check_returned: bool = True
    claim_check_note: str = ""
    delivered_at: dt.datetime | None = None
    next_service_date: dt.date | None = None
    next_service_km: int | None = None


@dataclass(frozen=True)
class WorkOrderSettings:
    rework_days: int
    discount_limit_bp: int
    tax_rate_bp: int
    copies: int


# --- validation ---------------------------------------------------------------------------
def _choice(value: str, allowed: Iterable[str], label: str, name: str) -> str:
    if value not in set(allowed):
        raise ValidationError("workorder.invalid_choice", name, label=label, value=value)
    return value


def _amount(value: int, label: str, name: str, maximum: int = MAX_FEN) -> ValidationError | None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        return ValidationError("workorder.amount_range", name, label=label, max=maximum)
    return None


def validate_reception(data: ReceptionInput) -> ReceptionInput:
    errors: list[ValidationError | None] = []

    def run(fn: Any, fallback: Any) -> Any:
        try:
            return fn()
        except ValidationError as exc:
            errors.append(exc)
            return fallback

    words = run(lambda: clean_text(data.customer_words, "客户描述", "customer_words", max_len=2000), "")
    reason = run(lambda: clean_text(data.mileage_reason, "里程说明", "mileage_reason", max_len=200), "")
    valuables = run(lambda: clean_text(data.valuables, "贵重物品", "valuables", max_len=200), "")
    payer_name = run(lambda: clean_text(data.payer_name, "付款单位", "payer_name", max_len=100), "")
    service_class = run(lambda: _choice(data.service_class, [c.value for c in ServiceClass],
                                        "作业分类", "service_class"), ServiceClass.PAID)
    payer = run(lambda: _choice(data.payer, [p.value for p in Payer], "付款方", "payer"), Payer.CUSTOMER)
    if not isinstance(data.mileage_in, int) or not 0 <= data.mileage_in <= MAX_MILEAGE:
        errors.append(ValidationError("mileage.invalid", "mileage_in"))
    if not 0 <= data.fuel_level <= 8:
        errors.append(ValidationError("number.range", "fuel_level", label="油量", min=0, max=8))
    errors.append(_amount(data.estimate_fen, "估价金额", "estimate_fen"))
    if data.next_service_km is not None and not 0 <= data.next_service_km <= MAX_MILEAGE:
        errors.append(ValidationError("mileage.invalid", "next_service_km"))
    run(lambda: check_moment(data.received_at, "接车时间", "received_at"), None)
    run(lambda: check_moment(data.promised_at, "预计交车时间", "promised_at"), None)
    run(lambda: check_day(data.next_service_date, "下次保养日期", "next_service_date"), None)
    inspection = tuple(
        InspectionItem(str(i.area).strip()[:40], str(i.damage).strip()[:40], str(i.note).strip()[:200])
        for i in data.inspection)
    collect(*errors)
    return ReceptionInput(data.mileage_in, words, data.received_at, reason, data.fuel_level,
                          inspection, valuables, bool(data.spare_tyre), bool(data.tools_present),
                          service_class, payer, payer_name, data.promised_at, data.estimate_fen,
                          data.next_service_date, data.next_service_km)


def _checked(found: list[ValidationError], check: Callable[[], T]) -> T | None:
    """Run one form's validation, keeping its field errors with the others' (every bad
    field of a three-part form is shown at once)."""
    try:
        return check()
    except ValidationErrors as exc:
        found.extend(exc.errors)
    except ValidationError as exc:
        found.append(exc)
    return None


def _payer_or(value: str | None, default: str) -> str:
    return default if value is None else _choice(value, [p.value for p in Payer], "付款方", "payer")


def _event(session: Session, order: WorkOrder, actor: Actor, action: str, source: str, target: str,
           reason: str = "") -> None:
    seq = (session.scalar(select(func.max(WorkOrderEvent.seq))
                          .where(WorkOrderEvent.work_order_id == order.id)) or 0) + 1
    session.add(WorkOrderEvent(work_order_id=order.id, seq=seq, action=action, from_state=source,
                               to_state=target, actor_id=actor.staff_id,
                               actor_name=actor.display_name, at=clock.now(), reason=reason[:200]))


def _move(session: Session, order: WorkOrder, action: Action, actor: Actor, reason: str = "") -> None:
    target = transition(order.state, action, actor, number=order.number, reason=reason)
    _event(session, order, actor, action.value, order.state, target.value, reason)
    order.state = target.value


def _require_editable(order: WorkOrder, actor: Actor) -> None:
    state = WOState(order.state)
    if state in LOCKED_STATES:
        raise Conflict("workorder.locked", number=order.number)
    manager = actor.role in MANAGERS | {Role.SYSTEM}
    if state not in EDITABLE_STATES and not (manager and state is WOState.READY):
        raise Conflict("workorder.not_editable", number=order.number, state=state_label(state))


def _refresh_totals(session: Session, order: WorkOrder) -> None:
    session.flush()
    totals = order_totals(session, order)
    order.total_fen = totals.total_fen
    order.customer_fen = totals.customer_fen


def last_recorded_mileage(session: Session, vehicle: Vehicle, exclude_order_id: str | None = None) -> int:
    """Highest mileage we know for the vehicle: its file and every other order's in/out."""
    query = select(func.max(WorkOrder.mileage_in), func.max(WorkOrder.mileage_out)).where(
        WorkOrder.vehicle_id == vehicle.id, WorkOrder.state != WOState.CANCELLED)
    if exclude_order_id is not None:
        query = query.where(WorkOrder.id != exclude_order_id)
    best_in, best_out = session.execute(query).one()
    candidates = [best_in or 0, best_out or 0]
    if exclude_order_id is None:
        candidates.append(vehicle.mileage_km or 0)
    return max(candidates)


def _check_mileage(session: Session, vehicle: Vehicle, data: ReceptionInput,
                   exclude_order_id: str | None = None) -> None:
    last = last_recorded_mileage(session, vehicle, exclude_order_id)
    if data.mileage_in < last and not data.mileage_reason:
        raise ValidationError("workorder.mileage_below_last", "mileage_in", value=data.mileage_in,
                              last=last)


def _apply_reception(order: WorkOrder, data: ReceptionInput) -> None:
    order.mileage_in = data.mileage_in
    order.mileage_reason = data.mileage_reason
    order.fuel_level = data.fuel_level
    order.customer_words = data.customer_words
    order.inspection_json = dump_inspection(list(data.inspection))
    order.valuables = data.valuables
    order.spare_tyre = data.spare_tyre
    order.tools_present = data.tools_present
    order.service_class = data.service_class
    order.payer = data.payer
    order.payer_name = data.payer_name
    order.promised_at = data.promised_at
    order.estimate_fen = data.estimate_fen
    order.next_service_date = data.next_service_date
    order.next_service_km = data.next_service_km
    if data.received_at is not None:
        order.received_at = data.received_at


class WorkOrderService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    # --- reception ------------------------------------------------------------------------
    def open_order(self, actor: Actor, vehicle_id: str, data: ReceptionInput, *,
                   advisor_id: str | None = None, confirm_second: bool = False,
                   rework_of: str | None = None) -> WorkOrderView:
        """接车: a draft work order for the vehicle, numbered in the same transaction.

        A vehicle that already has an open order raises ``workorder.vehicle_has_open``
        (a Conflict the GUI turns into a question) unless ``confirm_second``.
        """
        require(actor, Permission.WORKORDER_EDIT)
        checked = validate_reception(data)
        with self._uow() as session:
            require_branch_mode(session)
            vehicle = session.get(Vehicle, vehicle_id)
            if vehicle is None:
                raise NotFound("vehicle.not_found", key=vehicle_id)
            order = self._open(session, actor, vehicle, checked, advisor_id=advisor_id,
                               confirm_second=confirm_second, rework_of=rework_of)
            return self._view(session, order, actor)

    def open_for_new_customer(self, actor: Actor, customer: CustomerInput, vehicle: VehicleInput,
                              data: ReceptionInput, *, confirm_vin: bool = False) -> WorkOrderView:
        """接第一辆车: a new customer, their car and its work order in one unit of work, so a
        refusal anywhere (a plate already filed, a bad mileage) leaves nothing half made.
        ``confirm_vin`` as in ``CustomerService.create``."""
        require(actor, Permission.WORKORDER_EDIT)
        require(actor, Permission.CUSTOMER_EDIT)
        found: list[ValidationError] = []
        good_customer = _checked(found, lambda: validate_customer(customer))
        good_vehicle = _checked(found, lambda: validate_vehicle(vehicle, confirm_vin=confirm_vin))
        good_reception = _checked(found, lambda: validate_reception(data))
        collect(*found)
        assert good_customer is not None and good_vehicle is not None and good_reception is not None
        with self._uow() as session:
            require_branch_mode(session)
            filed = new_customer(session, actor, good_customer, good_vehicle)
            car = session.scalar(select(Vehicle).where(Vehicle.owner_id == filed.id))
            assert car is not None
            order = self._open(session, actor, car, good_reception)
            return self._view(session, order, actor)

    def _open(self, session: Session, actor: Actor, vehicle: Vehicle, checked: ReceptionInput, *,
              advisor_id: str | None = None, confirm_second: bool = False,
              rework_of: str | None = None) -> WorkOrder:
        branch = local_branch(session)
        if not confirm_second:
            open_one = session.execute(
                select(WorkOrder.number, WorkOrder.state)
                .where(WorkOrder.vehicle_id == vehicle.id,
                       WorkOrder.state.in_([s.value for s in OPEN_STATES]))
                .order_by(WorkOrder.received_at.desc()).limit(1)).first()
            if open_one is not None:
                raise Conflict("workorder.vehicle_has_open", number=open_one[0],
                               state=state_label(open_one[1]))
        _check_mileage(session, vehicle, checked)
        if advisor_id is not None and session.get(Staff, advisor_id) is None:
            raise NotFound("staff.not_found", key=advisor_id)
        received_at = checked.received_at or clock.now()
        period = clock.local(received_at, branch.timezone).date()
        order = WorkOrder(
            branch_id=branch.id,
            number=allocate_number(session, branch.id, branch.code, NUMBER_KIND_WORK_ORDER, period),
            vehicle_id=vehicle.id, customer_id=vehicle.owner_id,
            advisor_id=advisor_id or actor.staff_id, state=WOState.DRAFT.value,
            received_at=received_at, tax_bp=int_setting(session, WORKORDER_TAX_RATE_BP),
        )
        _apply_reception(order, checked)
        order.received_at = received_at
        session.add(order)
        session.flush()
        _event(session, order, actor, "create", "", WOState.DRAFT.value)
        vehicle.mileage_km = checked.mileage_in
        if rework_of:
            self._link_rework(session, order, rework_of)
        session.flush()
        return order

    def edit_reception(self, actor: Actor, order_key: str, data: ReceptionInput,
                       expected_version: int | None = None) -> WorkOrderView:
        require(actor, Permission.WORKORDER_EDIT)
        checked = validate_reception(data)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            check_version(session, order, expected_version)
            _require_editable(order, actor)
            vehicle = session.get(Vehicle, order.vehicle_id)
            assert vehicle is not None
            if checked.mileage_in != order.mileage_in:
                _check_mileage(session, vehicle, checked, exclude_order_id=order.id)
                vehicle.mileage_km = checked.mileage_in
            _apply_reception(order, checked)
            session.flush()
            return self._view(session, order, actor)

    def approve_estimate(self, actor: Actor, order_key: str, method: str, approved_by_name: str = "",
                         approved_at: dt.datetime | None = None) -> WorkOrderView:
        """The customer approves the estimate (signature on paper, or by phone with who and
        when); only then is the order opened and may work start."""
        require(actor, Permission.WORKORDER_EDIT)
        method = _choice(method, ("signature", "phone"), "确认方式", "approval_method")
        name = clean_text(approved_by_name, "确认人", "approved_by_name", max_len=50)
        if method == "phone" and not name:
            raise ValidationError("workorder.approval_phone", "approved_by_name")
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _move(session, order, Action.APPROVE, actor)
            order.approval_method = method
            order.approved_at = approved_at or clock.now()
            order.approved_by_name = name
            order.approval_recorded_by_id = actor.staff_id
            session.flush()
            return self._view(session, order, actor)

    def record_supplementary(self, actor: Actor, order_key: str, description: str, amount_fen: int,
                             method: str, approved_by_name: str = "",
                             approved_at: dt.datetime | None = None) -> WorkOrderView:
        """增项确认: the customer approves added work; its id then unlocks line changes."""
        require(actor, Permission.WORKORDER_EDIT)
        text = clean_text(description, "增项内容", "description", max_len=200, required=True)
        method = _choice(method, ("signature", "phone"), "确认方式", "method")
        name = clean_text(approved_by_name, "确认人", "approved_by_name", max_len=50)
        collect(_amount(amount_fen, "增项金额", "amount_fen"))
        if method == "phone" and not name:
            raise ValidationError("workorder.approval_phone", "approved_by_name")
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _require_editable(order, actor)
            session.add(SupplementaryApproval(
                work_order_id=order.id, description=text, amount_fen=amount_fen, method=method,
                approved_by_name=name, approved_at=approved_at or clock.now(),
                recorded_by_id=actor.staff_id))
            session.flush()
            return self._view(session, order, actor)

    # --- lines ----------------------------------------------------------------------------
    def add_line(self, actor: Actor, order_key: str, line: LineInput,
                 supplementary_id: str | None = None) -> WorkOrderView:
        """Add a labour, part or sundry line (after approval only with a 增项确认)."""
        require(actor, Permission.WORKORDER_PARTS if isinstance(line, PartInput)
                else Permission.WORKORDER_EDIT)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _require_editable(order, actor)
            self._check_supplementary(session, order, supplementary_id)
            row = self._new_line(session, order, line)
            row.supplementary_id = supplementary_id
            self._apply_line(session, order, row, line, actor)
            _refresh_totals(session, order)
            return self._view(session, order, actor)

    def add_package(self, actor: Actor, order_key: str, package_key: str,
                    supplementary_id: str | None = None) -> WorkOrderView:
        """Add a service package (保养套餐): its labour and part lines in one step, at the
        package's price. The lines keep their list prices; the saving is given as line
        discounts shared over them (:func:`domain.masterdata_rules.package_discounts`), recorded
        like any discount but without the manager's limit: the package price is the shop's own
        price, set by whoever may edit the master data. Refused on a locked order like any line."""
        require(actor, Permission.WORKORDER_EDIT)
        with self._uow() as session:
            require_branch_mode(session)
            package = package_in_effect(session, Here.of(session), package_key)
            if package.has_parts:
                require(actor, Permission.WORKORDER_PARTS)
            order = self._order(session, order_key)
            _require_editable(order, actor)
            self._check_supplementary(session, order, supplementary_id)
            reason = f"保养套餐 {package.code} {package.name}（套餐价 {yuan(package.price_fen)} 元）"[:200]
            limit_bp = int_setting(session, WORKORDER_DISCOUNT_LIMIT_BP)
            for line, discount in zip(package.lines, package.discounts(), strict=True):
                data: LineInput = (LabourInput(line.name, line.hours_centi, line.rate_fen, code=line.code)
                                   if line.kind == "labour" else
                                   PartInput(line.name, line.qty_milli, line.unit_price_fen, part_no=line.code,
                                             unit=line.unit))
                row = self._new_line(session, order, data)
                row.supplementary_id = supplementary_id
                self._apply_line(session, order, row, data, actor)
                if discount:
                    row.discount_fen = discount
                    session.flush()
                    session.add(Discount(
                        work_order_id=order.id, scope="line", line_id=row.id, amount_fen=discount,
                        gross_fen=line.gross_fen, reason=reason,
                        above_limit=discount_above_limit(discount, line.gross_fen, limit_bp),
                        granted_by_id=actor.staff_id, granted_by_name=actor.display_name, granted_at=clock.now()))
            _refresh_totals(session, order)
            return self._view(session, order, actor)

    def update_line(self, actor: Actor, line_id: str, line: LineInput,
                    supplementary_id: str | None = None) -> WorkOrderView:
        require(actor, Permission.WORKORDER_PARTS if isinstance(line, PartInput)
                else Permission.WORKORDER_EDIT)
        with self._uow() as session:
            require_branch_mode(session)
            row = self._line(session, line_id)
            if not isinstance(line, _INPUT_FOR[type(row)]):
                raise ValidationError("workorder.invalid_choice", "line", label="项目类型",
                                      value=type(line).__name__)
            order = self._order(session, row.work_order_id)
            _require_editable(order, actor)
            self._check_supplementary(session, order, supplementary_id)
            if supplementary_id:
                row.supplementary_id = supplementary_id
            self._apply_line(session, order, row, line, actor)
            _refresh_totals(session, order)
            return self._view(session, order, actor)

    def remove_line(self, actor: Actor, line_id: str, supplementary_id: str | None = None) -> WorkOrderView:
        with self._uow() as session:
            require_branch_mode(session)
            row = self._line(session, line_id)
            require(actor, Permission.WORKORDER_PARTS if isinstance(row, PartLine)
                    else Permission.WORKORDER_EDIT)
            order = self._order(session, row.work_order_id)
            _require_editable(order, actor)
            self._check_supplementary(session, order, supplementary_id)
            if isinstance(row, PartLine):
                session.execute(update(PartsRequisitionLine)
                                .where(PartsRequisitionLine.part_line_id == row.id)
                                .values(part_line_id=None))
            session.delete(row)
            _refresh_totals(session, order)
            return self._view(session, order, actor)

    def set_order_discount(self, actor: Actor, order_key: str, amount_fen: int,
                           reason: str = "") -> WorkOrderView:
        """整单折扣 off the customer's share; above the limit only a manager may grant it."""
        require(actor, Permission.WORKORDER_EDIT)
        collect(_amount(amount_fen, "整单折扣", "order_discount_fen"))
        reason = clean_text(reason, "折扣原因", "reason", max_len=200)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _require_editable(order, actor)
            order.order_discount_fen = 0
            session.flush()
            base = order_totals(session, order).share(Payer.CUSTOMER)
            order.order_discount_fen = amount_fen
            order.order_discount_reason = reason
            self._grant_discount(session, order, actor, "order", None, amount_fen, base, reason)
            _refresh_totals(session, order)  # refuses a discount above the customer's share
            return self._view(session, order, actor)

    # --- workshop -------------------------------------------------------------------------
    def dispatch(self, actor: Actor, order_key: str, technician_id: str, title: str,
                 trade: str = "mechanical", labour_line_ids: Sequence[str] = ()) -> WorkOrderView:
        """派工: the foreman gives a job (one repair card) to a technician."""
        require(actor, Permission.WORKORDER_DISPATCH)
        title = clean_text(title, "作业内容", "title", max_len=200, required=True)
        trade = _choice(trade, TRADES, "工种", "trade")
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            if WOState(order.state) not in (WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS):
                raise Conflict("workorder.not_editable", number=order.number,
                               state=state_label(order.state))
            self._technician(session, technician_id)
            seq = (session.scalar(select(func.max(Job.seq)).where(Job.work_order_id == order.id)) or 0) + 1
            job = Job(work_order_id=order.id, seq=seq, title=title, trade=trade,
                      technician_id=technician_id, dispatched_at=clock.now(),
                      dispatched_by_id=actor.staff_id)
            session.add(job)
            session.flush()
            for line_id in labour_line_ids:
                line = session.get(LabourLine, line_id)
                if line is None or line.work_order_id != order.id:
                    raise NotFound("workorder.line_not_found", key=line_id)
                line.job_id = job.id
                line.technician_id = technician_id
            session.flush()
            return self._view(session, order, actor)

    def reassign_job(self, actor: Actor, job_id: str, technician_id: str) -> WorkOrderView:
        require(actor, Permission.WORKORDER_DISPATCH)
        with self._uow() as session:
            require_branch_mode(session)
            job = self._job(session, job_id)
            order = self._order(session, job.work_order_id)
            if job.state == "done":
                raise Conflict("workorder.job_done")
            self._technician(session, technician_id)
            self._stop_entries(session, job)
            job.technician_id = technician_id
            if job.state == "working":
                job.state = "assigned"
            session.execute(update(LabourLine).where(LabourLine.job_id == job.id)
                            .values(technician_id=technician_id))
            session.flush()
            return self._view(session, order, actor)

    def start_job(self, actor: Actor, job_id: str) -> WorkOrderView:
        """开工计时: the technician (or the foreman for them) starts the clock on a job."""
        require(actor, Permission.WORKORDER_TIME)
        with self._uow() as session:
            require_branch_mode(session)
            job = self._job(session, job_id)
            self._check_own(session, actor, job)
            order = self._order(session, job.work_order_id)
            if job.state == "waiting_parts":
                raise Conflict("workorder.job_waiting")
            if self._open_entry(session, job) is not None:
                raise Conflict("workorder.job_running")
            if order.state == WOState.OPENED:
                _move(session, order, Action.START, actor)
            elif order.state != WOState.IN_PROGRESS:
                transition(order.state, Action.START, actor, number=order.number)
            now = clock.now()
            stop_running(session, job.technician_id, now)  # from internal work to the car
            session.add(TimeEntry(job_id=job.id, technician_id=job.technician_id,
                                  service_class=order.service_class, started_at=now,
                                  recorded_by_id=actor.staff_id))
            job.state = "working"
            job.finished_at = None  # a finished job reopens, e.g. after a failed inspection
            session.flush()
            return self._view(session, order, actor)

    def stop_job(self, actor: Actor, job_id: str, finished: bool = False) -> WorkOrderView:
        """停止计时; ``finished`` marks the job done (完工)."""
        require(actor, Permission.WORKORDER_TIME)
        with self._uow() as session:
            require_branch_mode(session)
            job = self._job(session, job_id)
            self._check_own(session, actor, job)
            order = self._order(session, job.work_order_id)
            if self._open_entry(session, job) is None and not finished:
                raise Conflict("workorder.job_not_running")
            self._stop_entries(session, job)
            job.state = "done" if finished else "assigned"
            if finished:
                job.finished_at = clock.now()
            session.flush()
            return self._view(session, order, actor)

    def pause_for_parts(self, actor: Actor, job_id: str, reason: str) -> WorkOrderView:
        """待料: the job stops for missing parts and the foreman sees why at once."""
        require(actor, Permission.WORKORDER_TIME)
        reason = clean_text(reason, "待料原因", "reason", max_len=200)
        if not reason:
            raise ValidationError("workorder.reason_required", "reason", action="待料暂停",
                                  action_en="wait for parts")
        with self._uow() as session:
            require_branch_mode(session)
            job = self._job(session, job_id)
            self._check_own(session, actor, job)
            order = self._order(session, job.work_order_id)
            if job.state == "done":
                raise Conflict("workorder.job_done")
            if order.state != WOState.WAITING_PARTS:
                _move(session, order, Action.WAIT_PARTS, actor, reason)
            self._stop_entries(session, job)
            job.state = "waiting_parts"
            job.wait_reason = reason
            session.flush()
            return self._view(session, order, actor)

    def resume_job(self, actor: Actor, job_id: str) -> WorkOrderView:
        require(actor, Permission.WORKORDER_TIME)
        with self._uow() as session:
            require_branch_mode(session)
            job = self._job(session, job_id)
            self._check_own(session, actor, job)
            order = self._order(session, job.work_order_id)
            if job.state != "waiting_parts":
                raise Conflict("workorder.job_not_running")
            job.state = "assigned"
            session.flush()
            still_waiting = session.scalar(select(func.count()).select_from(Job).where(
                Job.work_order_id == order.id, Job.state == "waiting_parts"))
            if not still_waiting and order.state == WOState.WAITING_PARTS:
                _move(session, order, Action.RESUME, actor)
            session.flush()
            return self._view(session, order, actor)

    def record_requisition(self, actor: Actor, job_id: str,
                           lines: Sequence[RequisitionLineInput]) -> WorkOrderView:
        """维修领料单: parts issued to a job, signed for by the job's technician."""
        require(actor, Permission.WORKORDER_REQUISITION)
        if not lines:
            raise ValidationError("required", "lines", label="领料明细")
        with self._uow() as session:
            require_branch_mode(session)
            job = self._job(session, job_id)
            self._check_own(session, actor, job)
            order = self._order(session, job.work_order_id)
            _require_editable(order, actor)
            requisition = PartsRequisition(
                work_order_id=order.id, job_id=job.id, technician_id=job.technician_id,
                signed_at=clock.now(),
                issued_by_id=actor.staff_id if actor.role is not Role.TECHNICIAN else None)
            session.add(requisition)
            session.flush()
            for item in lines:
                if item.qty_milli <= 0:
                    raise ValidationError("workorder.amount_range", "qty_milli", label="数量",
                                          max=MAX_FEN)
                part_no, name = item.part_no.strip(), item.name.strip()
                if item.part_line_id:
                    part = session.get(PartLine, item.part_line_id)
                    if part is None or part.work_order_id != order.id:
                        raise NotFound("workorder.line_not_found", key=item.part_line_id)
                    part_no, name = part.part_no, part.name
                name = clean_text(name, "配件名称", "name", max_len=100, required=True)
                session.add(PartsRequisitionLine(requisition_id=requisition.id,
                                                 part_line_id=item.part_line_id,
                                                 part_no=part_no[:40], name=name,
                                                 qty_milli=item.qty_milli))
            session.flush()
            return self._view(session, order, actor)

    def trade_handover(self, actor: Actor, from_job_id: str, to_job_id: str,
                       note: str = "") -> WorkOrderView:
        """交接: work passes to another trade; the handing job is finished and signed over."""
        require(actor, Permission.WORKORDER_TIME)
        note = clean_text(note, "交接说明", "note", max_len=200)
        if from_job_id == to_job_id:
            raise ValidationError("workorder.handover_same_job", "to_job_id")
        with self._uow() as session:
            require_branch_mode(session)
            source, target = self._job(session, from_job_id), self._job(session, to_job_id)
            self._check_own(session, actor, source)
            if source.work_order_id != target.work_order_id:
                raise NotFound("workorder.job_not_found", key=to_job_id)
            order = self._order(session, source.work_order_id)
            self._stop_entries(session, source)
            source.state = "done"
            source.finished_at = clock.now()
            session.add(TradeHandover(
                work_order_id=order.id, from_job_id=source.id, to_job_id=target.id,
                from_technician_id=source.technician_id, to_technician_id=target.technician_id,
                at=clock.now(), note=note, recorded_by_id=actor.staff_id))
            session.flush()
            return self._view(session, order, actor)

    def record_qc(self, actor: Actor, order_key: str, level: str, passed: bool,
                  reason: str = "") -> WorkOrderView:
        """出厂三级检验: self → team → final, each signed; a fail sends the car back to the
        workshop with the reason and the next round starts again at the self-check."""
        require(actor, Permission.WORKORDER_QC)
        qc_level = QCLevel(_choice(level, [q.value for q in QCLevel], "检验级别", "level"))
        if actor.role is not Role.SYSTEM and actor.role not in QC_ROLES[qc_level]:
            raise not_allowed(actor.role, QC_LABELS_ZH[qc_level], QC_LABELS_EN[qc_level],
                              action_code=qc_level.value)
        reason = clean_text(reason, "不合格原因", "reason", max_len=200)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            done = set(session.scalars(select(QualityCheck.level).where(
                QualityCheck.work_order_id == order.id, QualityCheck.round == order.qc_round,
                QualityCheck.passed.is_(True))))
            expected = next((q for q in QC_ORDER if q.value not in done), QCLevel.FINAL)
            if qc_level is not expected:
                raise Conflict("workorder.qc_out_of_order", "level", expected=QC_LABELS_ZH[expected],
                               level=QC_LABELS_ZH[qc_level], expected_en=QC_LABELS_EN[expected],
                               level_en=QC_LABELS_EN[qc_level])
            if qc_level is QCLevel.SELF:
                if passed:
                    open_jobs = session.scalar(select(func.count()).select_from(Job).where(
                        Job.work_order_id == order.id, Job.state.in_(("working", "waiting_parts"))))
                    if open_jobs:
                        raise Conflict("workorder.qc_jobs_open")
                    _move(session, order, Action.SUBMIT_QC, actor)
                else:
                    # the car never left the workshop: check the state, record the fail
                    transition(order.state, Action.SUBMIT_QC, actor, number=order.number)
                    if not reason:
                        raise ValidationError("workorder.reason_required", "reason",
                                              action=QC_LABELS_ZH[qc_level], action_en="fail")
                    _event(session, order, actor, Action.FAIL_QC.value, order.state, order.state, reason)
            elif not passed:
                _move(session, order, Action.FAIL_QC, actor, reason)
            elif qc_level is QCLevel.FINAL:
                _move(session, order, Action.PASS_QC, actor)
            else:
                transition(order.state, Action.PASS_QC, actor, number=order.number)
            session.add(QualityCheck(work_order_id=order.id, round=order.qc_round,
                                     level=qc_level.value, passed=passed, reason=reason,
                                     inspector_id=actor.staff_id, inspector_name=actor.display_name,
                                     at=clock.now()))
            if not passed:
                order.qc_round += 1
            session.flush()
            return self._view(session, order, actor)

    # --- money and hand-back --------------------------------------------------------------
    def settle(self, actor: Actor, order_key: str, payments: Sequence[PaymentInput]) -> WorkOrderView:
        """结算: the customer's share is paid (methods recorded); the order is then locked."""
        require(actor, Permission.WORKORDER_SETTLE)
        for p in payments:
            _choice(p.method, [m.value for m in PaymentMethod], "收款方式", "method")
            if not isinstance(p.amount_fen, int) or not 0 < p.amount_fen <= MAX_FEN:
                raise ValidationError("workorder.payment_invalid", "amount_fen")
            clean_text(p.reference, "付款凭证号", "reference", max_len=60)  # refused, never cut
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _refresh_totals(session, order)
            paid = sum(p.amount_fen for p in payments)
            _move(session, order, Action.SETTLE, actor)
            if paid != order.customer_fen:
                raise ValidationError("workorder.payments_mismatch", "payments", paid=yuan(paid),
                                      due=yuan(order.customer_fen))
            now = clock.now()
            for p in payments:
                session.add(Payment(work_order_id=order.id, method=p.method, amount_fen=p.amount_fen,
                                    reference=p.reference.strip()[:60], at=now,
                                    cashier_id=actor.staff_id))
            order.settled_at = now
            order.settled_by_id = actor.staff_id
            session.flush()
            return self._view(session, order, actor)

    def reverse_settlement(self, actor: Actor, order_key: str, reason: str) -> WorkOrderView:
        """冲销: the settlement is offset by negative payments (history stays) and the order
        returns to ready so it can be corrected and settled again."""
        require(actor, Permission.WORKORDER_SETTLE)
        reason = clean_text(reason, "冲销原因", "reason", max_len=200)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _move(session, order, Action.REVERSE, actor, reason)
            live = list(session.scalars(select(Payment).where(Payment.work_order_id == order.id)))
            balance: dict[str, int] = {}
            for p in live:
                balance[p.method] = balance.get(p.method, 0) + p.amount_fen
            now = clock.now()
            reversal = Reversal(work_order_id=order.id, reason=reason, at=now, by_id=actor.staff_id,
                                amount_fen=sum(balance.values()))
            session.add(reversal)
            session.flush()
            for method, amount in balance.items():
                if amount:
                    session.add(Payment(work_order_id=order.id, method=method, amount_fen=-amount,
                                        reference="冲销", at=now, cashier_id=actor.staff_id,
                                        reversal_id=reversal.id))
            order.settled_at = None
            order.settled_by_id = None
            session.flush()
            return self._view(session, order, actor)

    def deliver(self, actor: Actor, order_key: str, data: DeliveryInput) -> WorkOrderView:
        """交车: time, mileage out, who handed over, the claim check (客户联) returned or why not."""
        require(actor, Permission.WORKORDER_DELIVER)
        note = clean_text(data.claim_check_note, "未交回原因", "claim_check_note", max_len=200)
        if not data.claim_check_returned and not note:
            raise ValidationError("workorder.claim_check_reason", "claim_check_note")
        if not 0 <= data.mileage_out <= MAX_MILEAGE:
            raise ValidationError("mileage.invalid", "mileage_out")
        check_moment(data.delivered_at, "交车时间", "delivered_at")
        check_day(data.next_service_date, "下次保养日期", "next_service_date")
        if data.next_service_km is not None and not 0 <= data.next_service_km <= MAX_MILEAGE:
            raise ValidationError("mileage.invalid", "next_service_km")
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            if data.mileage_out < order.mileage_in:
                raise ValidationError("workorder.mileage_out_below_in", "mileage_out",
                                      value=data.mileage_out, mileage_in=order.mileage_in)
            _move(session, order, Action.DELIVER, actor)
            order.delivered_at = data.delivered_at or clock.now()
            order.mileage_out = data.mileage_out
            order.delivered_by_id = actor.staff_id
            order.claim_check_returned = data.claim_check_returned
            order.claim_check_note = note
            if data.next_service_date is not None:
                order.next_service_date = data.next_service_date
            if data.next_service_km is not None:
                order.next_service_km = data.next_service_km
            vehicle = session.get(Vehicle, order.vehicle_id)
            assert vehicle is not None
            vehicle.mileage_km = max(vehicle.mileage_km or 0, data.mileage_out)
            schedule_after_delivery(session, order, actor, local_branch(session).timezone)
            session.flush()
            return self._view(session, order, actor)

    def cancel(self, actor: Actor, order_key: str, reason: str) -> WorkOrderView:
        require(actor, Permission.WORKORDER_EDIT)
        reason = clean_text(reason, "取消原因", "reason", max_len=200)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _move(session, order, Action.CANCEL, actor, reason)
            order.cancel_reason = reason
            for job in session.scalars(select(Job).where(Job.work_order_id == order.id)):
                self._stop_entries(session, job)
            session.flush()
            return self._view(session, order, actor)

    def mark_rework(self, actor: Actor, order_key: str, original_key: str) -> WorkOrderView:
        """返修: link to an earlier delivered order of the same vehicle within the period."""
        require(actor, Permission.WORKORDER_EDIT)
        with self._uow() as session:
            require_branch_mode(session)
            order = self._order(session, order_key)
            _require_editable(order, actor)
            self._link_rework(session, order, original_key)
            session.flush()
            return self._view(session, order, actor)

    # --- queries --------------------------------------------------------------------------
    def settings(self) -> WorkOrderSettings:
        """The branch's work-order settings (defaults in :mod:`domain.settings_defaults`)."""
        with self._uow() as session:
            return WorkOrderSettings(
                rework_days=int_setting(session, WORKORDER_REWORK_DAYS),
                discount_limit_bp=int_setting(session, WORKORDER_DISCOUNT_LIMIT_BP),
                tax_rate_bp=int_setting(session, WORKORDER_TAX_RATE_BP),
                copies=int_setting(session, WORKORDER_COPIES),
            )

    def get(self, actor: Actor, key: str) -> WorkOrderView:
        """One order by id or number (a scanned claim check types the number)."""
        require(actor, Permission.WORKORDER_VIEW)
        with self._uow() as session:
            return self._view(session, self._order(session, key), actor)

    def list_orders(self, actor: Actor, state: str | Sequence[str] | None = None,
                    plate: str | None = None, text: str | None = None, *, open_only: bool = False,
                    offset: int = 0, limit: int = 100, branch_code: str | None = None,
                    received_since: dt.date | None = None, received_until: dt.date | None = None,
                    late_only: bool = False, after: WorkOrderRow | None = None) -> list[WorkOrderRow]:
        """A page of the board, newest reception first (the GUI fetches pages lazily).

        ``branch_code`` narrows HQ's consolidated board to one branch's orders; the reception
        days are each order's own branch calendar days; ``late_only`` keeps cars past their
        promised time; ``after`` (the previous page's last row) pages without ``offset``.
        """
        require(actor, Permission.WORKORDER_VIEW)
        check_range(received_since, received_until)
        now = clock.now()
        with self._uow() as session:
            branches = branches_by_id(session)
            # The page's ids first, without the joins (unless a text filter needs them): with
            # thousands of open orders (issue 17: 300,000 orders, 3,400 open) joining every
            # open order to its vehicle and customer before sorting cost 20-45 ms; now only
            # the page's rows are joined.
            page = self._filtered(select(WorkOrder.id), state, plate, text, open_only, join=False).where(
                *board_scope(branches, branch_code, received_since, received_until, late_only, now))
            if after is not None:
                page = page.where(board_after(after))
            page = page.order_by(*BOARD_ORDER).offset(max(0, offset)).limit(limit)
            query = (select(WorkOrder.id, WorkOrder.number, Vehicle.plate, Customer.name, WorkOrder.state,
                            WorkOrder.total_fen, WorkOrder.received_at, WorkOrder.promised_at, WorkOrder.branch_id)
                     .select_from(WorkOrder).join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                     .join(Customer, Customer.id == WorkOrder.customer_id)
                     .where(WorkOrder.id.in_(page.scalar_subquery())))
            rows: list[WorkOrderRow] = []
            for r in session.execute(query.order_by(*BOARD_ORDER)):
                where = label_of(branches, r[8])
                rows.append(for_actor(session, actor, WorkOrderRow(
                    r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], is_late(r[4], r[7], now),
                    branch_code=where.code, branch_name=where.name, branch_timezone=where.timezone)))
            return rows

    def count_orders(self, actor: Actor, state: str | Sequence[str] | None = None,
                     plate: str | None = None, text: str | None = None, *,
                     open_only: bool = False, branch_code: str | None = None,
                     received_since: dt.date | None = None, received_until: dt.date | None = None,
                     late_only: bool = False) -> int:
        """How many orders :meth:`list_orders` pages through (the page's "共 N 条")."""
        require(actor, Permission.WORKORDER_VIEW)
        check_range(received_since, received_until)
        now = clock.now()
        with self._uow() as session:
            scope = board_scope(branches_by_id(session), branch_code, received_since, received_until,
                                late_only, now)
            query = self._filtered(select(func.count(WorkOrder.id)), state, plate, text, open_only,
                                   join=False).where(*scope)
            return int(session.scalar(query) or 0)

    def service_history(self, actor: Actor, vehicle_id: str) -> list[ServiceHistoryRow]:
        """The vehicle's visits, newest first, with the work done (customer file)."""
        require(actor, Permission.WORKORDER_VIEW)
        with self._uow() as session:
            orders = list(session.scalars(select(WorkOrder).where(WorkOrder.vehicle_id == vehicle_id)
                                          .order_by(WorkOrder.received_at.desc())))
            ids = [o.id for o in orders]
            work: dict[str, list[str]] = {}
            if ids:
                for order_id, text in session.execute(
                        select(LabourLine.work_order_id, LabourLine.description)
                        .where(LabourLine.work_order_id.in_(ids)).order_by(LabourLine.seq)):
                    work.setdefault(order_id, []).append(text)
            numbers = {o.id: o.number for o in orders}
            missing = {o.rework_of_id for o in orders if o.rework_of_id and o.rework_of_id not in numbers}
            if missing:
                numbers.update((row[0], row[1]) for row in session.execute(
                    select(WorkOrder.id, WorkOrder.number).where(WorkOrder.id.in_(missing))))
            advisor_ids = {o.advisor_id for o in orders if o.advisor_id}
            advisors: dict[str | None, str] = {}
            if advisor_ids:
                advisors.update((row[0], row[1]) for row in session.execute(
                    select(Staff.id, Staff.display_name).where(Staff.id.in_(advisor_ids))))
            return [for_actor(session, actor, ServiceHistoryRow(
                        o.id, o.number, o.state, o.service_class, o.received_at, o.delivered_at,
                        o.mileage_in, o.total_fen, o.customer_words, "；".join(work.get(o.id, [])),
                        numbers.get(o.rework_of_id, "") if o.rework_of_id else "",
                        advisors.get(o.advisor_id, "")))
                    for o in orders]

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _view(session: Session, order: WorkOrder, actor: Actor) -> WorkOrderView:
        """The order as ``actor`` may see it (money hidden from technicians, contacts masked)."""
        return for_actor(session, actor, build_view(session, order))

    @staticmethod
    def _filtered(query: Any, state: str | Sequence[str] | None, plate: str | None,
                  text: str | None, open_only: bool, *, join: bool = True) -> Any:
        """The board's filters; a bare count skips the joins (fast on 500,000 orders)."""
        has_text = bool((plate and plate.strip()) or (text and text.strip()))
        query = query.select_from(WorkOrder)
        if join or has_text:
            query = (query.join(Vehicle, Vehicle.id == WorkOrder.vehicle_id)
                     .join(Customer, Customer.id == WorkOrder.customer_id))
        if state:
            states = [state] if isinstance(state, str) else list(state)
            query = query.where(WorkOrder.state.in_(states))
        if open_only:
            query = query.where(WorkOrder.state.in_([s.value for s in OPEN_STATES]))
        if plate and plate.strip():
            key = plate_search_key(plate)
            query = query.where(Vehicle.plate_key.contains(key, autoescape=True))
        if text and text.strip():
            raw = text.strip()
            if parse_number(raw) is not None:  # a whole number (typed or scanned): exact, indexed
                return query.where(WorkOrder.number == raw.upper())
            conditions: list[ColumnElement[bool]] = [
                WorkOrder.number.contains(raw.upper(), autoescape=True),
                Customer.name.contains(raw, autoescape=True),
            ]
            key = plate_search_key(raw)
            if key:
                conditions.append(Vehicle.plate_key.contains(key, autoescape=True))
            query = query.where(or_(*conditions))
        return query

    _order = staticmethod(work_order_by_key)

    @staticmethod
    def _line(session: Session, line_id: str) -> LabourLine | PartLine | SundryLine:
        for model in (LabourLine, PartLine, SundryLine):
            row: LabourLine | PartLine | SundryLine | None = session.get(model, line_id)  # type: ignore[assignment]
            if row is not None:
                return row
        raise NotFound("workorder.line_not_found", key=line_id)

    @staticmethod
    def _job(session: Session, job_id: str) -> Job:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound("workorder.job_not_found", key=job_id)
        return job

    @staticmethod
    def _technician(session: Session, staff_id: str) -> Staff:
        staff = session.get(Staff, staff_id)
        if staff is None or not staff.active:
            raise NotFound("staff.not_found", key=staff_id)
        if staff.role not in WORKSHOP_ROLES:
            raise ValidationError("workorder.not_technician", "technician_id", name=staff.display_name)
        return staff

    @staticmethod
    def _check_own(session: Session, actor: Actor, job: Job) -> None:
        """A technician records only their own jobs; the foreman records any (DOMAIN.md §7)."""
        if actor.role is Role.TECHNICIAN and job.technician_id != actor.staff_id:
            owner = session.get(Staff, job.technician_id)
            raise NotAllowed("workorder.not_own_job", technician=owner.display_name if owner else "")

    @staticmethod
    def _open_entry(session: Session, job: Job) -> TimeEntry | None:
        return session.scalar(select(TimeEntry).where(TimeEntry.job_id == job.id,
                                                      TimeEntry.stopped_at.is_(None)))

    @staticmethod
    def _stop_entries(session: Session, job: Job) -> None:
        now = clock.now()
        for entry in session.scalars(select(TimeEntry).where(TimeEntry.job_id == job.id,
                                                             TimeEntry.stopped_at.is_(None))):
            entry.stopped_at = now

    @staticmethod
    def _check_supplementary(session: Session, order: WorkOrder, supplementary_id: str | None) -> None:
        if supplementary_id:
            found = session.get(SupplementaryApproval, supplementary_id)
            if found is None or found.work_order_id != order.id:
                raise NotFound("workorder.supplementary_unknown", key=supplementary_id)
        elif order.approved_at is not None:
            raise Conflict("workorder.supplementary_required")

    @staticmethod
    def _new_line(session: Session, order: WorkOrder, line: LineInput) -> LabourLine | PartLine | SundryLine:
        model: type[LabourLine] | type[PartLine] | type[SundryLine]
        if isinstance(line, LabourInput):
            model = LabourLine
        elif isinstance(line, PartInput):
            model = PartLine
        else:
            model = SundryLine
        seq = (session.scalar(select(func.max(model.seq)).where(model.work_order_id == order.id)) or 0) + 1
        row = model(work_order_id=order.id, seq=seq)
        session.add(row)
        return row

    def _apply_line(self, session: Session, order: WorkOrder,
                    row: LabourLine | PartLine | SundryLine, line: LineInput, actor: Actor) -> None:
        errors: list[ValidationError | None] = [_amount(line.discount_fen, "折扣", "discount_fen")]
        if isinstance(line, LabourInput) and isinstance(row, LabourLine):
            row.description = clean_text(line.description, "维修项目", "description", max_len=200,
                                         required=True)
            row.code = clean_text(line.code, "工时代码", "code", max_len=20).upper()
            errors += [_amount(line.hours_centi, "工时", "hours_centi", 100_000),
                       _amount(line.rate_fen, "工时单价", "rate_fen")]
            collect(*errors)
            if line.technician_id:
                self._technician(session, line.technician_id)
            row.hours_centi, row.rate_fen = line.hours_centi, line.rate_fen
            row.technician_id = line.technician_id or None  # "" is no one (fuzzing: FK crash)
            row.payer = _payer_or(line.payer, order.payer)
            gross = labour_amount(line.hours_centi, line.rate_fen)
        elif isinstance(line, PartInput) and isinstance(row, PartLine):
            row.name = clean_text(line.name, "配件名称", "name", max_len=100, required=True)
            row.part_no = clean_text(line.part_no, "配件编号", "part_no", max_len=40).upper()
            row.unit = clean_text(line.unit, "单位", "unit", max_len=8) or "件"
            errors += [_amount(line.qty_milli, "数量", "qty_milli", 100_000_000),
                       _amount(line.unit_price_fen, "单价", "unit_price_fen")]
            collect(*errors)
            row.qty_milli, row.unit_price_fen = line.qty_milli, line.unit_price_fen
            row.genuine, row.warranty = bool(line.genuine), bool(line.warranty)
            row.payer = _payer_or(line.payer, Payer.WARRANTY if line.warranty else order.payer)
            gross = part_amount(line.qty_milli, line.unit_price_fen)
        elif isinstance(line, SundryInput) and isinstance(row, SundryLine):
            row.description = clean_text(line.description, "杂费项目", "description", max_len=200,
                                         required=True)
            errors.append(_amount(line.amount_fen, "金额", "amount_fen"))
            collect(*errors)
            row.amount_fen = line.amount_fen
            row.payer = _payer_or(line.payer, order.payer)
            gross = line.amount_fen
        else:  # pragma: no cover - guarded by the callers
            raise ValidationError("workorder.invalid_choice", "line", label="项目类型", value="?")
        check_discount(line.discount_fen, gross)
        if line.discount_fen != row.discount_fen and line.discount_fen:
            session.flush()
            self._grant_discount(session, order, actor, "line", row.id, line.discount_fen, gross,
                                 line.discount_reason)
        row.discount_fen = line.discount_fen

    @staticmethod
    def _grant_discount(session: Session, order: WorkOrder, actor: Actor, scope: str,
                        line_id: str | None, amount_fen: int, gross_fen: int, reason: str) -> None:
        if amount_fen <= 0:
            return
        limit_bp = int_setting(session, WORKORDER_DISCOUNT_LIMIT_BP)
        above = discount_above_limit(amount_fen, gross_fen, limit_bp)
        if above and not can(actor, Permission.WORKORDER_DISCOUNT_ABOVE_LIMIT):
            raise NotAllowed("workorder.discount_needs_manager", "discount_fen",
                             discount=yuan(amount_fen), limit=yuan(limit_bp))
        session.add(Discount(work_order_id=order.id, scope=scope, line_id=line_id,
                             amount_fen=amount_fen, gross_fen=gross_fen, reason=reason[:200],
                             above_limit=above, granted_by_id=actor.staff_id,
                             granted_by_name=actor.display_name, granted_at=clock.now()))

    def _link_rework(self, session: Session, order: WorkOrder, original_key: str) -> None:
        original = self._order(session, original_key)
        if original.id == order.id or original.vehicle_id != order.vehicle_id:
            raise ValidationError("workorder.rework_same_vehicle", "rework_of")
        if original.state != WOState.DELIVERED or original.delivered_at is None:
            raise ValidationError("workorder.rework_not_delivered", "rework_of", number=original.number)
        days = int_setting(session, WORKORDER_REWORK_DAYS)
        gap = order.received_at - original.delivered_at
        if gap < dt.timedelta(0) or gap > dt.timedelta(days=days):
            raise ValidationError("workorder.rework_too_late", "rework_of", number=original.number,
                                  days=days)
        order.rework_of_id = original.id


_INPUT_FOR: dict[type, type] = {LabourLine: LabourInput, PartLine: PartInput, SundryLine: SundryInput}
