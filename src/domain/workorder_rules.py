"""Work-order rules without a database: states, who may move them, money, numbering.

Why pure: the state table, the totals and the number format are what every screen, form
and report must agree on; keeping them free of I/O lets tests cover them exhaustively
(every transition, property tests on the money) and lets the printed forms reuse them.

All money is integer fen; hours are hundredths, quantities thousandths, rates basis points.
No float is used anywhere in this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain import messages
from domain.errors import Conflict, ValidationError
from domain.labels import tables
from domain.roles import MANAGERS, Actor, Role, not_allowed


class WOState(StrEnum):
    DRAFT = "draft"
    OPENED = "opened"
    IN_PROGRESS = "in_progress"
    WAITING_PARTS = "waiting_parts"
    QC = "qc"
    READY = "ready"
    SETTLED = "settled"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


STATE_LABELS_ZH: dict[WOState, str] = {
    WOState.DRAFT: "草稿",
    WOState.OPENED: "已开单",
    WOState.IN_PROGRESS: "维修中",
    WOState.WAITING_PARTS: "待料",
    WOState.QC: "质检中",
    WOState.READY: "待结算",
    WOState.SETTLED: "已结算",
    WOState.DELIVERED: "已交车",
    WOState.CANCELLED: "已取消",
}
STATE_LABELS_EN: dict[WOState, str] = {
    WOState.DRAFT: "Draft",
    WOState.OPENED: "Opened",
    WOState.IN_PROGRESS: "In progress",
    WOState.WAITING_PARTS: "Waiting for parts",
    WOState.QC: "Quality check",
    WOState.READY: "Ready",
    WOState.SETTLED: "Settled",
    WOState.DELIVERED: "Delivered",
    WOState.CANCELLED: "Cancelled",
}
STATE_LABELS = tables(STATE_LABELS_ZH, STATE_LABELS_EN)

# The car is still with us (the board and the second-order warning use this).
OPEN_STATES: frozenset[WOState] = frozenset(WOState) - {WOState.DELIVERED, WOState.CANCELLED}
# States in which the advisor may still change reception data and lines ("until QC").
EDITABLE_STATES: frozenset[WOState] = frozenset(
    {WOState.DRAFT, WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS})
# Settled and delivered orders are locked: corrections only through a reversal.
LOCKED_STATES: frozenset[WOState] = frozenset({WOState.SETTLED, WOState.DELIVERED})
# States in which "late" makes sense: the car is not yet ready for the customer.
WORKING_STATES: frozenset[WOState] = frozenset(
    {WOState.DRAFT, WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS, WOState.QC})


def state_label(state: str, lang: str = "zh") -> str:
    labels = STATE_LABELS_EN if lang == "en" else STATE_LABELS_ZH
    try:
        return labels[WOState(state)]
    except ValueError:
        return state


class Action(StrEnum):
    APPROVE = "approve"  # the customer approved the estimate: the order is opened
    START = "start"  # work starts in the workshop
    WAIT_PARTS = "wait_parts"
    RESUME = "resume"
    SUBMIT_QC = "submit_qc"  # the technician's self-check passed
    PASS_QC = "pass_qc"  # the final check passed
    FAIL_QC = "fail_qc"  # any level failed: back to the workshop
    SETTLE = "settle"
    REVERSE = "reverse"  # settlement undone with a reason
    DELIVER = "deliver"
    CANCEL = "cancel"


ACTION_LABELS_ZH: dict[Action, str] = {
    Action.APPROVE: "确认估价开单",
    Action.START: "开工",
    Action.WAIT_PARTS: "待料暂停",
    Action.RESUME: "恢复施工",
    Action.SUBMIT_QC: "提交质检",
    Action.PASS_QC: "终检通过",
    Action.FAIL_QC: "质检不合格返工",
    Action.SETTLE: "结算",
    Action.REVERSE: "冲销结算",
    Action.DELIVER: "交车",
    Action.CANCEL: "取消工单",
}
ACTION_LABELS_EN: dict[Action, str] = {
    Action.APPROVE: "Approve estimate and open",
    Action.START: "Start work",
    Action.WAIT_PARTS: "Pause for parts",
    Action.RESUME: "Resume work",
    Action.SUBMIT_QC: "Submit for QC",
    Action.PASS_QC: "Pass final check",
    Action.FAIL_QC: "Fail QC and rework",
    Action.SETTLE: "Settle",
    Action.REVERSE: "Reverse settlement",
    Action.DELIVER: "Deliver",
    Action.CANCEL: "Cancel work order",
}
ACTION_LABELS = tables(ACTION_LABELS_ZH, ACTION_LABELS_EN)
# The order's timeline: every transition plus the creation of the order.
EVENT_LABELS_ZH: dict[str, str] = {"create": "接车开单", **{a.value: text for a, text in ACTION_LABELS_ZH.items()}}
EVENT_LABELS_EN: dict[str, str] = {"create": "Vehicle received, order created",
                                   **{a.value: text for a, text in ACTION_LABELS_EN.items()}}
EVENT_LABELS = tables(EVENT_LABELS_ZH, EVENT_LABELS_EN)
# A job (repair card) given to one technician, and the trade it belongs to.
JOB_STATE_LABELS_ZH: dict[str, str] = {"assigned": "已派工", "working": "施工中", "waiting_parts": "待料",
                                       "done": "已完工"}
JOB_STATE_LABELS_EN: dict[str, str] = {"assigned": "Assigned", "working": "In progress",
                                       "waiting_parts": "Waiting for parts", "done": "Done"}
JOB_STATE_LABELS = tables(JOB_STATE_LABELS_ZH, JOB_STATE_LABELS_EN)
TRADE_LABELS_ZH: dict[str, str] = {"mechanical": "机修", "electrical": "电工", "body": "钣金",
                                   "paint": "喷漆", "other": "其他"}
TRADE_LABELS_EN: dict[str, str] = {"mechanical": "Mechanical", "electrical": "Electrical", "body": "Body",
                                   "paint": "Paint", "other": "Other"}
TRADE_LABELS = tables(TRADE_LABELS_ZH, TRADE_LABELS_EN)


@dataclass(frozen=True)
class Transition:
    action: Action
    source: WOState
    target: WOState
    roles: frozenset[Role]


_ADV = frozenset({Role.ADVISOR}) | MANAGERS
_SHOP = frozenset({Role.FOREMAN, Role.TECHNICIAN}) | MANAGERS
_QC_ANY = frozenset({Role.TECHNICIAN, Role.FOREMAN, Role.QC_INSPECTOR}) | MANAGERS
_FINAL = frozenset({Role.QC_INSPECTOR, Role.FOREMAN}) | MANAGERS
_CASH = frozenset({Role.CASHIER}) | MANAGERS
_DELIVER = frozenset({Role.ADVISOR, Role.CASHIER}) | MANAGERS

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.APPROVE, WOState.DRAFT, WOState.OPENED, _ADV),
    Transition(Action.START, WOState.OPENED, WOState.IN_PROGRESS, _SHOP),
    Transition(Action.WAIT_PARTS, WOState.IN_PROGRESS, WOState.WAITING_PARTS, _SHOP),
    Transition(Action.RESUME, WOState.WAITING_PARTS, WOState.IN_PROGRESS, _SHOP),
    Transition(Action.SUBMIT_QC, WOState.IN_PROGRESS, WOState.QC, _QC_ANY),
    Transition(Action.PASS_QC, WOState.QC, WOState.READY, _FINAL),
    Transition(Action.FAIL_QC, WOState.QC, WOState.IN_PROGRESS, _QC_ANY),
    Transition(Action.SETTLE, WOState.READY, WOState.SETTLED, _CASH),
    Transition(Action.REVERSE, WOState.SETTLED, WOState.READY, _CASH),
    Transition(Action.DELIVER, WOState.SETTLED, WOState.DELIVERED, _DELIVER),
    Transition(Action.CANCEL, WOState.DRAFT, WOState.CANCELLED, _ADV),
    Transition(Action.CANCEL, WOState.OPENED, WOState.CANCELLED, _ADV),
    Transition(Action.CANCEL, WOState.IN_PROGRESS, WOState.CANCELLED, _ADV),
)
_BY_KEY: dict[tuple[Action, WOState], Transition] = {(t.action, t.source): t for t in TRANSITIONS}
# Actions whose event must carry a reason (cancel, reversal, QC failure, waiting parts).
REASON_REQUIRED: frozenset[Action] = frozenset(
    {Action.CANCEL, Action.REVERSE, Action.FAIL_QC, Action.WAIT_PARTS})

messages.register(
    "workorder.transition_forbidden",
    "工单 {number} 当前状态为“{state}”，不能{action}",
    "Work order {number} is {state_en}; cannot {action_en}",
)
messages.register("workorder.reason_required", "请填写{action}的原因", "Give a reason to {action_en}")


def transition(state: str, action: Action, actor: Actor, *, number: str = "", reason: str = "") -> WOState:
    """The state after ``action``, or a clear refusal (wrong state, wrong role, no reason)."""
    current = WOState(state)
    found = _BY_KEY.get((action, current))
    if found is None:
        raise Conflict(
            "workorder.transition_forbidden", "state", number=number, state=state_label(current),
            state_en=state_label(current, "en"), action=ACTION_LABELS_ZH[action],
            action_en=ACTION_LABELS_EN[action].lower(),
        )
    if actor.role is not Role.SYSTEM and actor.role not in found.roles:
        raise not_allowed(actor.role, ACTION_LABELS_ZH[action], ACTION_LABELS_EN[action],
                          action_code=action.value)
    if action in REASON_REQUIRED and not reason.strip():
        raise ValidationError("workorder.reason_required", "reason", action=ACTION_LABELS_ZH[action],
                              action_en=ACTION_LABELS_EN[action].lower())
    return found.target


def allowed_actions(state: str, role: Role) -> tuple[Action, ...]:
    """What the GUI may offer for an order in ``state`` to someone with ``role``."""
    current = WOState(state)
    return tuple(t.action for t in TRANSITIONS
                 if t.source is current and (role is Role.SYSTEM or role in t.roles))


# --- service classes, payers, methods ------------------------------------------------------
class ServiceClass(StrEnum):
    PAID = "A"  # 有费服务
    CONTRACT = "B"  # 合同服务
    WARRANTY = "C"  # 免费 / 保修
    INTERNAL = "D"  # 内部


SERVICE_CLASS_LABELS_ZH: dict[ServiceClass, str] = {
    ServiceClass.PAID: "A 有费服务",
    ServiceClass.CONTRACT: "B 合同服务",
    ServiceClass.WARRANTY: "C 保修服务",
    ServiceClass.INTERNAL: "D 内部作业",
}
SERVICE_CLASS_LABELS_EN: dict[ServiceClass, str] = {
    ServiceClass.PAID: "A Paid service",
    ServiceClass.CONTRACT: "B Contract service",
    ServiceClass.WARRANTY: "C Warranty service",
    ServiceClass.INTERNAL: "D Internal work",
}
SERVICE_CLASS_LABELS = tables(SERVICE_CLASS_LABELS_ZH, SERVICE_CLASS_LABELS_EN)


class Payer(StrEnum):
    CUSTOMER = "customer"
    INSURANCE = "insurance"
    CONTRACT = "contract"
    WARRANTY = "warranty"
    INTERNAL = "internal"  # class D: the branch itself


PAYER_LABELS_ZH: dict[Payer, str] = {
    Payer.CUSTOMER: "客户",
    Payer.INSURANCE: "保险公司",
    Payer.CONTRACT: "合同",
    Payer.WARRANTY: "厂家保修",
    Payer.INTERNAL: "内部",
}
PAYER_LABELS_EN: dict[Payer, str] = {
    Payer.CUSTOMER: "Customer",
    Payer.INSURANCE: "Insurer",
    Payer.CONTRACT: "Contract",
    Payer.WARRANTY: "Manufacturer warranty",
    Payer.INTERNAL: "Internal",
}
PAYER_LABELS = tables(PAYER_LABELS_ZH, PAYER_LABELS_EN)

DEFAULT_PAYER: dict[ServiceClass, Payer] = {
    ServiceClass.PAID: Payer.CUSTOMER,
    ServiceClass.CONTRACT: Payer.CONTRACT,
    ServiceClass.WARRANTY: Payer.WARRANTY,
    ServiceClass.INTERNAL: Payer.INTERNAL,
}


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    ON_ACCOUNT = "on_account"


PAYMENT_LABELS_ZH: dict[PaymentMethod, str] = {
    PaymentMethod.CASH: "现金",
    PaymentMethod.CARD: "刷卡",
    PaymentMethod.TRANSFER: "转账",
    PaymentMethod.WECHAT: "微信",
    PaymentMethod.ALIPAY: "支付宝",
    PaymentMethod.ON_ACCOUNT: "挂账",
}
PAYMENT_LABELS_EN: dict[PaymentMethod, str] = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.CARD: "Card",
    PaymentMethod.TRANSFER: "Bank transfer",
    PaymentMethod.WECHAT: "WeChat Pay",
    PaymentMethod.ALIPAY: "Alipay",
    PaymentMethod.ON_ACCOUNT: "On account",
}
PAYMENT_LABELS = tables(PAYMENT_LABELS_ZH, PAYMENT_LABELS_EN)


class QCLevel(StrEnum):
    SELF = "self"  # 自检: the technician
    TEAM = "team"  # 班组检: the team leader
    FINAL = "final"  # 终检: QC inspector or foreman


QC_ORDER: tuple[QCLevel, ...] = (QCLevel.SELF, QCLevel.TEAM, QCLevel.FINAL)
QC_LABELS_ZH: dict[QCLevel, str] = {QCLevel.SELF: "自检", QCLevel.TEAM: "班组检验", QCLevel.FINAL: "终检"}
QC_LABELS_EN: dict[QCLevel, str] = {QCLevel.SELF: "Self-check", QCLevel.TEAM: "Team check",
                                    QCLevel.FINAL: "Final check"}
QC_LABELS = tables(QC_LABELS_ZH, QC_LABELS_EN)
QC_ROLES: dict[QCLevel, frozenset[Role]] = {
    QCLevel.SELF: frozenset({Role.TECHNICIAN, Role.FOREMAN}) | MANAGERS,
    QCLevel.TEAM: frozenset({Role.TECHNICIAN, Role.FOREMAN}) | MANAGERS,
    QCLevel.FINAL: _FINAL,
}


# --- money --------------------------------------------------------------------------------
def div_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero (四舍五入), exact for any int."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    return sign * ((abs(numerator) * 2 + denominator) // (2 * denominator))


def labour_amount(hours_centi: int, rate_fen: int) -> int:
    """Standard hours (hundredths) × hourly rate, rounded half-up to the fen."""
    return div_half_up(hours_centi * rate_fen, 100)


def part_amount(qty_milli: int, unit_price_fen: int) -> int:
    """Quantity (thousandths) × unit price, rounded half-up to the fen."""
    return div_half_up(qty_milli * unit_price_fen, 1000)


def tax_amount(net_fen: int, tax_bp: int) -> int:
    return div_half_up(net_fen * tax_bp, 10_000)


@dataclass(frozen=True)
class LineAmount:
    """One priced line as the totals see it: kind is labour | part | sundry."""

    kind: str
    gross_fen: int
    discount_fen: int
    payer: str

    @property
    def net_fen(self) -> int:
        return self.gross_fen - self.discount_fen


@dataclass(frozen=True)
class PayerShare:
    payer: str
    net_fen: int  # after discounts, before tax
    tax_fen: int
    total_fen: int


@dataclass(frozen=True)
class Totals:
    labour_fen: int
    parts_fen: int
    sundry_fen: int
    gross_fen: int
    line_discount_fen: int
    order_discount_fen: int
    net_fen: int
    tax_fen: int
    total_fen: int
    shares: tuple[PayerShare, ...]

    @property
    def customer_fen(self) -> int:
        return self.share(Payer.CUSTOMER)

    @property
    def others_fen(self) -> int:
        return self.total_fen - self.customer_fen

    @property
    def discount_fen(self) -> int:
        return self.line_discount_fen + self.order_discount_fen

    def share(self, payer: str) -> int:
        return sum(s.total_fen for s in self.shares if s.payer == payer)


messages.register("workorder.discount_exceeds", "折扣 {discount} 元不能超过金额 {gross} 元",
                  "Discount {discount} yuan exceeds the amount {gross} yuan")
messages.register("workorder.order_discount_exceeds",
                  "整单折扣 {discount} 元不能超过客户应付 {gross} 元",
                  "Order discount {discount} yuan exceeds the customer's share {gross} yuan")


def yuan(fen: int) -> str:
    """Fen as yuan text with two decimals, exactly (no float): 12345 → '123.45'."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def check_discount(discount_fen: int, gross_fen: int, field: str = "discount_fen") -> None:
    if discount_fen < 0 or discount_fen > max(gross_fen, 0):
        raise ValidationError("workorder.discount_exceeds", field, discount=yuan(discount_fen),
                              gross=yuan(gross_fen))


def compute_totals(lines: Iterable[LineAmount], order_discount_fen: int = 0, tax_bp: int = 0) -> Totals:
    """Totals of an order. The order discount comes off the customer's share only (the
    customer is who it is granted to); tax, if configured, is computed per payer so each
    payer's invoice stands alone, and the payers' shares add up to the total exactly."""
    items = list(lines)
    by_kind = {"labour": 0, "part": 0, "sundry": 0}
    net_by_payer: dict[str, int] = {}
    line_discount = 0
    for item in items:
        check_discount(item.discount_fen, item.gross_fen)
        by_kind[item.kind] += item.gross_fen
        line_discount += item.discount_fen
        net_by_payer[item.payer] = net_by_payer.get(item.payer, 0) + item.net_fen
    customer_net = net_by_payer.get(Payer.CUSTOMER, 0)
    if order_discount_fen < 0 or order_discount_fen > customer_net:
        raise ValidationError("workorder.order_discount_exceeds", "order_discount_fen",
                              discount=yuan(order_discount_fen), gross=yuan(customer_net))
    if order_discount_fen:
        net_by_payer[Payer.CUSTOMER] = customer_net - order_discount_fen
    shares = []
    for payer in sorted(net_by_payer, key=_payer_order):
        net = net_by_payer[payer]
        tax = tax_amount(net, tax_bp)
        shares.append(PayerShare(payer, net, tax, net + tax))
    gross = sum(by_kind.values())
    net_total = sum(s.net_fen for s in shares)
    tax_total = sum(s.tax_fen for s in shares)
    return Totals(by_kind["labour"], by_kind["part"], by_kind["sundry"], gross, line_discount,
                  order_discount_fen, net_total, tax_total, net_total + tax_total, tuple(shares))


def _payer_order(payer: str) -> tuple[int, str]:
    order = [p.value for p in Payer]
    return (order.index(payer) if payer in order else len(order), payer)


def discount_above_limit(discount_fen: int, gross_fen: int, limit_bp: int) -> bool:
    """True when a discount is a larger share of the amount than the limit (basis points)
    allows, so only a manager may grant it. Exact integer comparison, no division."""
    if discount_fen <= 0:
        return False
    if gross_fen <= 0:
        return True
    return discount_fen * 10_000 > gross_fen * limit_bp


# --- numbering ----------------------------------------------------------------------------
SERIAL_WIDTH: dict[str, int] = {"WO": 4, "TS": 3}
NUMBER_KIND_WORK_ORDER = "WO"
NUMBER_KIND_COMPLAINT = "TS"


def period_key(period: date) -> str:
    """YYMM of the period a number belongs to: 2026-11-05 → '2611'."""
    return f"{period.year % 100:02d}{period.month:02d}"


def format_number(branch_code: str, kind: str, period: date, serial: int) -> str:
    """``BJ01-WO-2611-0001``: branch, kind, year-month, serial restarting every month.

    The serial is zero-padded to the kind's width and simply grows wider if a month ever
    needs more, so a number never repeats.
    """
    if serial < 1:
        raise ValueError("serial starts at 1")
    width = SERIAL_WIDTH.get(kind, 4)
    return f"{branch_code}-{kind}-{period_key(period)}-{serial:0{width}d}"


def parse_number(number: str) -> tuple[str, str, str, int] | None:
    """(branch, kind, YYMM, serial) of a well-formed number, else None (used by search)."""
    parts = number.strip().upper().split("-")
    if len(parts) != 4 or not parts[2].isdigit() or len(parts[2]) != 4 or not parts[3].isdigit():
        return None
    return parts[0], parts[1], parts[2], int(parts[3])

