"""Complaint-slip rules without a database (客户抱怨处理表, DOMAIN.md §4).

Why pure: severity, deadlines, who may approve what and the deduction arithmetic (罚扣) are
what the complaints page, the printed slip, the monthly statistics and the demo must agree
on; free of I/O they are tested table by table. Money is integer fen, shares basis points
(10,000 = 100 %); no float anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain import clock, messages
from domain.errors import Conflict
from domain.labels import label, tables
from domain.roles import MANAGERS, Actor, Role, not_allowed
from domain.workorder_rules import NUMBER_KIND_COMPLAINT, format_number

FULL_SHARE_BP = 10_000


# --- vocabularies -------------------------------------------------------------------------
class Channel(StrEnum):
    WALK_IN = "walk_in"
    PHONE = "phone"
    LETTER = "letter"
    ONLINE_REVIEW = "online_review"
    HQ_HOTLINE = "hq_hotline"
    FOLLOW_UP_CALL = "follow_up_call"
    OTHER = "other"


CHANNEL_LABELS_ZH: dict[str, str] = {
    Channel.WALK_IN: "来店", Channel.PHONE: "电话", Channel.LETTER: "信函",
    Channel.ONLINE_REVIEW: "网络评价", Channel.HQ_HOTLINE: "总部热线转来",
    Channel.FOLLOW_UP_CALL: "回访", Channel.OTHER: "其他",
}
CHANNEL_LABELS_EN: dict[str, str] = {
    Channel.WALK_IN: "Walk-in", Channel.PHONE: "Phone", Channel.LETTER: "Letter",
    Channel.ONLINE_REVIEW: "Online review", Channel.HQ_HOTLINE: "HQ hotline",
    Channel.FOLLOW_UP_CALL: "Follow-up call", Channel.OTHER: "Other",
}
CHANNEL_LABELS = tables(CHANNEL_LABELS_ZH, CHANNEL_LABELS_EN)


class Source(StrEnum):
    """Where the slip was started from in the app (the GUI's entry point)."""

    NONE = "none"
    CUSTOMER_FILE = "customer_file"
    WORK_ORDER = "work_order"
    FOLLOW_UP = "follow_up"


class Category(StrEnum):
    REPAIR_QUALITY = "repair_quality"
    PARTS = "parts"
    PRICE = "price"
    WAITING_TIME = "waiting_time"
    ATTITUDE = "attitude"
    DAMAGE_OR_LOSS = "damage_or_loss"
    WARRANTY_REFUSAL = "warranty_refusal"
    OTHER = "other"


CATEGORY_LABELS_ZH: dict[str, str] = {
    Category.REPAIR_QUALITY: "维修质量", Category.PARTS: "配件", Category.PRICE: "价格",
    Category.WAITING_TIME: "等待时间", Category.ATTITUDE: "服务态度",
    Category.DAMAGE_OR_LOSS: "车辆损坏或物品丢失", Category.WARRANTY_REFUSAL: "拒绝保修",
    Category.OTHER: "其他",
}
CATEGORY_LABELS_EN: dict[str, str] = {
    Category.REPAIR_QUALITY: "Repair quality", Category.PARTS: "Parts", Category.PRICE: "Price",
    Category.WAITING_TIME: "Waiting time", Category.ATTITUDE: "Staff attitude",
    Category.DAMAGE_OR_LOSS: "Vehicle damage or lost items", Category.WARRANTY_REFUSAL: "Warranty refused",
    Category.OTHER: "Other",
}
CATEGORY_LABELS = tables(CATEGORY_LABELS_ZH, CATEGORY_LABELS_EN)


class Severity(StrEnum):
    GENERAL = "general"
    MAJOR = "major"


SEVERITY_LABELS_ZH: dict[str, str] = {Severity.GENERAL: "一般", Severity.MAJOR: "重大"}
SEVERITY_LABELS_EN: dict[str, str] = {Severity.GENERAL: "General", Severity.MAJOR: "Major"}
SEVERITY_LABELS = tables(SEVERITY_LABELS_ZH, SEVERITY_LABELS_EN)


class SeverityReason(StrEnum):
    SAFETY = "safety"
    AMOUNT = "amount"
    MEDIA = "media"
    REPEAT = "repeat"
    MANUAL = "manual"


SEVERITY_REASON_LABELS_ZH: dict[str, str] = {
    SeverityReason.SAFETY: "危及客户安全", SeverityReason.AMOUNT: "索赔金额超过限额",
    SeverityReason.MEDIA: "媒体或主管部门介入", SeverityReason.REPEAT: "同一工单第二次投诉",
    SeverityReason.MANUAL: "人工升级",
}
SEVERITY_REASON_LABELS_EN: dict[str, str] = {
    SeverityReason.SAFETY: "Customer safety at risk", SeverityReason.AMOUNT: "Claim above the limit",
    SeverityReason.MEDIA: "Media or authorities involved",
    SeverityReason.REPEAT: "Second complaint on the same work order",
    SeverityReason.MANUAL: "Escalated by hand",
}
SEVERITY_REASON_LABELS = tables(SEVERITY_REASON_LABELS_ZH, SEVERITY_REASON_LABELS_EN)


class Responsibility(StrEnum):
    OURS = "ours"  # a department and/or persons of ours
    NOT_OURS = "not_ours"  # with the reason (supplier, manufacturer, the customer's use …)
    NOT_FOUNDED = "not_founded"


RESPONSIBILITY_LABELS_ZH: dict[str, str] = {
    Responsibility.OURS: "我方责任", Responsibility.NOT_OURS: "非我方责任",
    Responsibility.NOT_FOUNDED: "投诉不成立",
}
RESPONSIBILITY_LABELS_EN: dict[str, str] = {
    Responsibility.OURS: "Our responsibility", Responsibility.NOT_OURS: "Not our responsibility",
    Responsibility.NOT_FOUNDED: "Complaint unfounded",
}
RESPONSIBILITY_LABELS = tables(RESPONSIBILITY_LABELS_ZH, RESPONSIBILITY_LABELS_EN)


class Authority(StrEnum):
    """Who must approve the proposal (审批权限)."""

    SERVICE_MANAGER = "service_manager"
    GENERAL_MANAGER = "general_manager"


AUTHORITY_LABELS_ZH: dict[str, str] = {
    Authority.SERVICE_MANAGER: "服务经理", Authority.GENERAL_MANAGER: "总经理",
}
AUTHORITY_LABELS_EN: dict[str, str] = {
    Authority.SERVICE_MANAGER: "Service manager", Authority.GENERAL_MANAGER: "General manager",
}
AUTHORITY_LABELS = tables(AUTHORITY_LABELS_ZH, AUTHORITY_LABELS_EN)


class AnswerMethod(StrEnum):
    """How the customer was answered: never by handing over the internal slip."""

    PHONE = "phone"
    LETTER = "letter"  # the reply letter (答复函)
    IN_PERSON = "in_person"


class CSState(StrEnum):
    REGISTERED = "registered"  # 已受理: waiting for the first response
    HANDLING = "handling"  # 处理中: responded; investigation, responsibility, measures
    PROPOSED = "proposed"  # 待审批: a proposal waits for the approval it needs
    APPROVED = "approved"  # 已审批: the proposal may be put to the customer
    ACCEPTED = "accepted"  # 客户接受: waiting for closure
    NOT_ACCEPTED = "not_accepted"  # 客户不接受: a new slip continues the case
    CLOSED = "closed"  # 已结案


STATE_LABELS_ZH: dict[str, str] = {
    CSState.REGISTERED: "已受理", CSState.HANDLING: "处理中", CSState.PROPOSED: "待审批",
    CSState.APPROVED: "已审批待答复", CSState.ACCEPTED: "客户接受待结案",
    CSState.NOT_ACCEPTED: "客户不接受", CSState.CLOSED: "已结案",
}
STATE_LABELS_EN: dict[str, str] = {
    CSState.REGISTERED: "Registered", CSState.HANDLING: "Handling", CSState.PROPOSED: "Awaiting approval",
    CSState.APPROVED: "Approved, to answer", CSState.ACCEPTED: "Accepted, to close",
    CSState.NOT_ACCEPTED: "Not accepted", CSState.CLOSED: "Closed",
}
STATE_LABELS = tables(STATE_LABELS_ZH, STATE_LABELS_EN)

# states in which nobody has yet proposed a solution (the 3-day deadline applies)
BEFORE_PROPOSAL: frozenset[CSState] = frozenset({CSState.REGISTERED, CSState.HANDLING})
# states in which investigation, responsibility and measures may still be written
EDITABLE: frozenset[CSState] = frozenset({CSState.REGISTERED, CSState.HANDLING})
# not closed; a not-accepted slip stays open only until the follow-on slip exists
OPEN_STATES: frozenset[CSState] = frozenset(CSState) - {CSState.CLOSED}


class CSAction(StrEnum):
    REGISTER = "register"
    RESPOND = "respond"
    PROPOSE = "propose"
    RETURN = "return"  # the approver sends the proposal back (退回)
    APPROVE = "approve"
    ACCEPT = "accept"
    REFUSE = "refuse"  # the customer does not accept
    CLOSE = "close"
    ESCALATE = "escalate"  # severity raised by hand (no state change)
    REOPEN = "reopen"  # recorded on the new slip
    # recorded on the timeline without a state change, so every section has who and when
    INVESTIGATE = "investigate"
    RESPONSIBILITY = "responsibility"
    MEASURES = "measures"
    LOSS = "loss"
    DEADLINE_REASON = "deadline_reason"  # why a deadline was missed (超期原因)
    URGE = "urge"  # a 催办单 was issued
    COORDINATE = "coordinate"  # a 洽办单 was issued
    PENALTY = "penalty"  # 警告 / 小过 / 大过 recorded


ACTION_LABELS_ZH: dict[str, str] = {
    CSAction.REGISTER: "受理", CSAction.RESPOND: "首次回复客户", CSAction.PROPOSE: "提交处理方案",
    CSAction.RETURN: "退回方案", CSAction.APPROVE: "审批", CSAction.ACCEPT: "客户接受",
    CSAction.REFUSE: "客户不接受", CSAction.CLOSE: "结案", CSAction.ESCALATE: "升级为重大",
    CSAction.REOPEN: "不接受后重开", CSAction.INVESTIGATE: "调查与原因分析",
    CSAction.RESPONSIBILITY: "责任认定", CSAction.MEASURES: "处理对策", CSAction.LOSS: "登记损失与罚扣",
    CSAction.DEADLINE_REASON: "登记超期原因", CSAction.URGE: "催办", CSAction.COORDINATE: "洽办",
    CSAction.PENALTY: "奖罚",
}
ACTION_LABELS_EN: dict[str, str] = {
    CSAction.REGISTER: "Register", CSAction.RESPOND: "First answer to the customer",
    CSAction.PROPOSE: "Propose a solution", CSAction.RETURN: "Return the proposal",
    CSAction.APPROVE: "Approve", CSAction.ACCEPT: "Customer accepts", CSAction.REFUSE: "Customer refuses",
    CSAction.CLOSE: "Close", CSAction.ESCALATE: "Escalate to major", CSAction.REOPEN: "Reopen after refusal",
    CSAction.INVESTIGATE: "Investigation and cause", CSAction.RESPONSIBILITY: "Responsibility",
    CSAction.MEASURES: "Measures", CSAction.LOSS: "Record loss and penalties",
    CSAction.DEADLINE_REASON: "Reason for a missed deadline", CSAction.URGE: "Reminder issued",
    CSAction.COORDINATE: "Coordination request issued", CSAction.PENALTY: "Penalty",
}
ACTION_LABELS = tables(ACTION_LABELS_ZH, ACTION_LABELS_EN)

_HANDLERS = frozenset({Role.ADVISOR, Role.CARE_CLERK}) | MANAGERS
_MANAGER = MANAGERS
TRANSITIONS: dict[tuple[CSAction, CSState], tuple[CSState, frozenset[Role]]] = {
    (CSAction.RESPOND, CSState.REGISTERED): (CSState.HANDLING, _HANDLERS),
    (CSAction.PROPOSE, CSState.HANDLING): (CSState.PROPOSED, _HANDLERS),
    (CSAction.RETURN, CSState.PROPOSED): (CSState.HANDLING, _MANAGER),
    (CSAction.APPROVE, CSState.PROPOSED): (CSState.APPROVED, _MANAGER),
    (CSAction.ACCEPT, CSState.APPROVED): (CSState.ACCEPTED, _HANDLERS),
    (CSAction.REFUSE, CSState.APPROVED): (CSState.NOT_ACCEPTED, _HANDLERS),
    (CSAction.CLOSE, CSState.ACCEPTED): (CSState.CLOSED, _HANDLERS),
}

for _code, _zh, _en in (
    ("complaint.transition_forbidden", "投诉单 {number} 当前状态为“{state}”，不能{action}",
     "Complaint {number} is {state_en}; cannot {action_en}"),
    ("complaint.needs_general_manager",
     "该方案须由总经理审批（{reason}），您的审批权限为服务经理",
     "This proposal needs the general manager's approval ({reason_en})"),
):
    messages.register(_code, _zh, _en)


def state_label(state: str, lang: str = "zh") -> str:
    return label(STATE_LABELS, state, lang)


def transition(state: str, action: CSAction, actor: Actor, *, number: str = "") -> CSState:
    """The target state, or Conflict (wrong state) / NotAllowed (wrong role)."""
    entry = TRANSITIONS.get((action, CSState(state)))
    if entry is None:
        raise Conflict("complaint.transition_forbidden", number=number, state=state_label(state),
                       state_en=state_label(state, "en"), action=ACTION_LABELS_ZH[action],
                       action_en=ACTION_LABELS_EN[action].lower())
    target, roles = entry
    if actor.role is not Role.SYSTEM and actor.role not in roles:
        raise not_allowed(actor.role, ACTION_LABELS_ZH[action], ACTION_LABELS_EN[action],
                          action_code=action.value)
    return target


def complaint_number(branch_code: str, period: dt.date, serial: int) -> str:
    """``BJ01-TS-2611-007``: 年度(××)月份(××)流水编号, restarting monthly, never reused."""
    return format_number(branch_code, NUMBER_KIND_COMPLAINT, period, serial)


# --- severity -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SeverityFacts:
    safety_risk: bool = False
    claimed_fen: int = 0
    media_involved: bool = False
    prior_complaints_on_work_order: int = 0


def assess_severity(facts: SeverityFacts, amount_limit_fen: int) -> tuple[Severity, tuple[SeverityReason, ...]]:
    """重大 when any of DOMAIN.md's conditions holds, with every reason that holds."""
    reasons: list[SeverityReason] = []
    if facts.safety_risk:
        reasons.append(SeverityReason.SAFETY)
    if facts.claimed_fen > amount_limit_fen:
        reasons.append(SeverityReason.AMOUNT)
    if facts.media_involved:
        reasons.append(SeverityReason.MEDIA)
    if facts.prior_complaints_on_work_order >= 1:
        reasons.append(SeverityReason.REPEAT)
    return (Severity.MAJOR if reasons else Severity.GENERAL), tuple(reasons)


def effective_severity(rule: Severity, escalated: bool) -> Severity:
    """A hand may raise the rule's severity, never lower it."""
    return Severity.MAJOR if escalated or rule is Severity.MAJOR else Severity.GENERAL


# --- deadlines ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DeadlineRules:
    response_hours: int = 24
    solution_days: int = 3
    closure_days: int = 13
    closure_days_foreign: int = 17


@dataclass(frozen=True)
class Deadlines:
    response_due: dt.datetime
    solution_due: dt.datetime
    closure_due: dt.datetime


def _end_of_local_day(received_at: dt.datetime, days: int, zone: str | None) -> dt.datetime:
    """24:00 local of the day ``days`` calendar days after the local intake day.

    Why the local day: "within 3 days" on the regulation's paper means by the end of the
    third day after the one the customer complained on, as the branch's calendar counts,
    whatever UTC date the moment falls on.
    """
    tz = clock.branch_zone(zone)
    day = received_at.astimezone(tz).date() + dt.timedelta(days=days + 1)
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)


def compute_deadlines(received_at: dt.datetime, rules: DeadlineRules, *, foreign_party: bool = False,
                      zone: str | None = None) -> Deadlines:
    """Response: exactly N hours after intake; solution and closure: end of the local day."""
    if received_at.tzinfo is None:
        raise ValueError("naive datetime given; use domain.clock")
    closure_days = rules.closure_days_foreign if foreign_party else rules.closure_days
    return Deadlines(
        response_due=(received_at + dt.timedelta(hours=rules.response_hours)).astimezone(dt.UTC),
        solution_due=_end_of_local_day(received_at, rules.solution_days, zone),
        closure_due=_end_of_local_day(received_at, closure_days, zone),
    )


class DeadlineKind(StrEnum):
    RESPONSE = "response"
    SOLUTION = "solution"
    CLOSURE = "closure"
    REPORT = "report"  # internal: the investigation report (调查报告)
    OPINION = "opinion"  # internal: the consolidated opinion (综合意见)


DEADLINE_LABELS_ZH: dict[str, str] = {
    DeadlineKind.RESPONSE: "首次回复", DeadlineKind.SOLUTION: "提出方案", DeadlineKind.CLOSURE: "结案",
    DeadlineKind.REPORT: "调查报告", DeadlineKind.OPINION: "综合意见",
}
DEADLINE_LABELS_EN: dict[str, str] = {
    DeadlineKind.RESPONSE: "First answer", DeadlineKind.SOLUTION: "Solution", DeadlineKind.CLOSURE: "Closure",
    DeadlineKind.REPORT: "Investigation report", DeadlineKind.OPINION: "Consolidated opinion",
}
DEADLINE_LABELS = tables(DEADLINE_LABELS_ZH, DEADLINE_LABELS_EN)


def next_deadline(state: str, responded: bool, deadlines: Deadlines) -> tuple[DeadlineKind, dt.datetime] | None:
    """The deadline the slip is working towards now (None once closed)."""
    if state == CSState.CLOSED:
        return None
    if not responded:
        return DeadlineKind.RESPONSE, deadlines.response_due
    if CSState(state) in BEFORE_PROPOSAL:
        return DeadlineKind.SOLUTION, deadlines.solution_due
    return DeadlineKind.CLOSURE, deadlines.closure_due


def missed_deadlines(state: str, responded: bool, deadlines: Deadlines,
                     now: dt.datetime) -> tuple[DeadlineKind, ...]:
    """Every deadline that applies and has passed (a slip may miss several at once)."""
    if state == CSState.CLOSED:
        return ()
    missed: list[DeadlineKind] = []
    if not responded and now > deadlines.response_due:
        missed.append(DeadlineKind.RESPONSE)
    if CSState(state) in BEFORE_PROPOSAL and now > deadlines.solution_due:
        missed.append(DeadlineKind.SOLUTION)
    if now > deadlines.closure_due:
        missed.append(DeadlineKind.CLOSURE)
    return tuple(missed)


# --- internal deadlines (调查报告 / 综合意见, issue 15) ---------------------------------
@dataclass(frozen=True)
class InternalRules:
    """The regulation's internal deadlines, in local calendar days (cfg).

    Issue 15 counts the investigation report from intake and the consolidated opinion
    (the proposal the service department puts together, 处理方案) from the report; DOMAIN.md
    §4 counted them from the investigation and from the customer's answer. The issue wins.
    """

    report_days: int = 3
    opinion_days: int = 1


def report_due(received_at: dt.datetime, rules: InternalRules, zone: str | None = None) -> dt.datetime:
    """The investigation report: by 24:00 local of the third day after the intake day."""
    return _end_of_local_day(received_at, rules.report_days, zone)


def opinion_due(reported_at: dt.datetime, rules: InternalRules, zone: str | None = None) -> dt.datetime:
    """The consolidated opinion: by 24:00 local of the day after the report's day."""
    return _end_of_local_day(reported_at, rules.opinion_days, zone)


@dataclass(frozen=True)
class Standing:
    """How one deadline stands at ``now``: due (None until it is set, as the opinion's before
    the report), met at, seconds left (negative once overdue; None once met or stopped)."""

    kind: DeadlineKind
    due: dt.datetime | None
    done_at: dt.datetime | None
    seconds_left: int | None
    overdue: bool  # not met, still running, past due
    late: bool  # met after due

    @property
    def missed(self) -> bool:
        """Late or overdue: the deadline whose reason must be recorded (and may be urged)."""
        return self.overdue or self.late


def standing(kind: DeadlineKind, due: dt.datetime | None, done_at: dt.datetime | None,
             now: dt.datetime, *, running: bool = True) -> Standing:
    """Met at the very second of the deadline is on time; one second later is late.

    ``running`` is False once the slip is closed or continued on a reopened slip: a
    deadline not met by then stops (neither overdue nor counting down).
    """
    if due is None:
        return Standing(kind, None, done_at, None, False, False)
    if done_at is not None:
        return Standing(kind, due, done_at, None, False, done_at > due)
    if not running:
        return Standing(kind, due, None, None, False, False)
    return Standing(kind, due, None, int((due - now).total_seconds()), now > due, False)


def days_to_close(received_at: dt.datetime, closed_at: dt.datetime, zone: str | None = None) -> int:
    """Calendar days from intake to closure in the branch's calendar (same day = 0)."""
    tz = clock.branch_zone(zone)
    return (closed_at.astimezone(tz).date() - received_at.astimezone(tz).date()).days


# --- approval -----------------------------------------------------------------------------
def required_authority(severity: str, settlement_fen: int, gm_limit_fen: int) -> tuple[Authority, str]:
    """Major slips and settlements above the limit need the general manager; the reason."""
    if severity == Severity.MAJOR:
        return Authority.GENERAL_MANAGER, "重大投诉"
    if settlement_fen > gm_limit_fen:
        return Authority.GENERAL_MANAGER, "金额超过服务经理审批限额"
    return Authority.SERVICE_MANAGER, ""


def may_approve(role: Role, is_general_manager: bool, authority: Authority) -> bool:
    """Managers approve what a service manager may; only a manager flagged 总经理 (or the
    local system) approves what needs the general manager."""
    if role is Role.SYSTEM:
        return True
    if role not in MANAGERS:
        return False
    return authority is Authority.SERVICE_MANAGER or is_general_manager


# --- deductions (罚扣) ----------------------------------------------------------------------
@dataclass(frozen=True)
class Party:
    """A responsible person: base points (基本点数) and, when named, a share in bp."""

    key: str
    base_points: int
    share_bp: int | None = None


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` fen in proportion to integer weights, exactly (largest remainder)."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        return [0] * len(weights)
    floors = [total * w // weight_sum for w in weights]
    rest = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in order[:rest]:
        floors[i] += 1
    return floors


def split_loss(loss_fen: int, parties: Sequence[Party]) -> dict[str, int]:
    """Each party's deduction before the monthly cap.

    Named persons with shares: loss × share (one person alone: 100 %). A department
    without named persons: loss ÷ the department's total base points × each member's
    points. Sums to the loss exactly.
    """
    if loss_fen < 0:
        raise ValueError("loss must not be negative")
    if not parties:
        return {}
    if all(p.share_bp is not None for p in parties):
        if len(parties) == 1:
            return {parties[0].key: loss_fen}
        shares = [int(p.share_bp or 0) for p in parties]
        if sum(shares) != FULL_SHARE_BP:
            raise ValueError("shares must add up to 100 %")
        amounts = _apportion(loss_fen, shares)
    else:
        amounts = _apportion(loss_fen, [max(0, p.base_points) for p in parties])
    return {p.key: a for p, a in zip(parties, amounts, strict=True)}


def monthly_cap(bonus_fen: int, cap_bp: int = 5_000) -> int:
    """The most that may be deducted in one month: 50 % of the efficiency bonus (rounded down)."""
    return max(0, bonus_fen) * cap_bp // FULL_SHARE_BP


@dataclass(frozen=True)
class MonthDeduction:
    month: str  # YYYY-MM
    incurred_fen: int  # deductions decided this month
    taken_fen: int  # deducted from this month's bonus
    carried_fen: int  # still owed after this month


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def deduction_schedule(incurred: Mapping[str, int], bonus_fen: int, cap_bp: int = 5_000,
                       until: str | None = None) -> list[MonthDeduction]:
    """Month by month from the first deduction: take up to the cap, carry the rest on.

    ``incurred`` maps YYYY-MM to the fen decided that month; the schedule runs until the
    debt is paid off or ``until`` (inclusive), whichever is later. A zero bonus takes
    nothing and carries everything (the next month with a bonus pays).
    """
    if not incurred:
        return []
    cap = monthly_cap(bonus_fen, cap_bp)
    month = min(incurred)
    last = max(max(incurred), until or "")
    owed = 0
    rows: list[MonthDeduction] = []
    guard = 0
    while True:
        new = incurred.get(month, 0)
        owed += new
        taken = min(owed, cap)
        owed -= taken
        rows.append(MonthDeduction(month, new, taken, owed))
        guard += 1
        if (month >= last and owed == 0) or guard > 600 or (cap == 0 and month >= last):
            return rows
        month = _next_month(month)


# --- penalties of the regulation (警告 / 小过 / 大过, 奖罚通知单) ---------------------------
class PenaltyGrade(StrEnum):
    WARNING = "warning"
    MINOR = "minor"
    MAJOR = "major"


PENALTY_LABELS_ZH: dict[str, str] = {
    PenaltyGrade.WARNING: "警告", PenaltyGrade.MINOR: "小过", PenaltyGrade.MAJOR: "大过",
}
PENALTY_LABELS_EN: dict[str, str] = {
    PenaltyGrade.WARNING: "Warning", PenaltyGrade.MINOR: "Minor demerit", PenaltyGrade.MAJOR: "Major demerit",
}
PENALTY_LABELS = tables(PENALTY_LABELS_ZH, PENALTY_LABELS_EN)


@dataclass(frozen=True)
class PenaltyRules:
    """Amounts per grade (cfg): 警告 400 yuan, 小过 800 yuan (issue 15); 大过 as the branch
    sets it, and 0 there means the month's whole efficiency bonus (DOMAIN.md §4)."""

    warning_fen: int = 40_000
    minor_fen: int = 80_000
    major_fen: int = 0


def penalty_amount(grade: PenaltyGrade, rules: PenaltyRules, monthly_bonus_fen: int) -> int:
    """The fen a penalty of ``grade`` costs this person (0: no amount is known)."""
    if grade is PenaltyGrade.WARNING:
        return rules.warning_fen
    if grade is PenaltyGrade.MINOR:
        return rules.minor_fen
    return rules.major_fen if rules.major_fen > 0 else max(0, monthly_bonus_fen)


#: kind codes of the numbers the complaint desk hands out besides the slip's own (TS)
NUMBER_KIND_URGE = "CB"  # 催办单, e.g. BJ01-CB-2611-0001
NUMBER_KIND_COORDINATE = "QB"  # 洽办单
NUMBER_KIND_PENALTY = "JF"  # 奖罚通知单


def month_key(moment: dt.datetime, zone: str | None = None) -> str:
    local = clock.local(moment, zone)
    return f"{local.year:04d}-{local.month:02d}"


def month_bounds(year: int, month: int, zone: str | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local calendar month, in UTC."""
    tz = clock.branch_zone(zone)
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def parse_reasons(text: str) -> tuple[str, ...]:
    return tuple(r for r in text.split(",") if r)


def join_reasons(reasons: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(reasons))
