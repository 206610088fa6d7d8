"""After-sales KPIs (DOMAIN.md §6): each defined once, here, as a function whose docstring is
the definition shown to users (hover a KPI card, read the printed report's notes).

Why functions over plain counts: the counting is SQL aggregation in the storage layer
(:mod:`storage.kpi_queries` implements :class:`KpiQueries`); what a figure *means* — which
orders count, what is divided by what — lives in one place so the GUI, the printed report,
the Excel export and HQ's ranking cannot disagree. CSI and callback rate are the customer-care
definitions of :mod:`domain.care_rules`, reused, not restated.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, repeat
from typing import Protocol

from sqlalchemy.orm import Session

from domain import care_rules, messages
from domain.calendar_rules import WorkCalendar
from domain.care_rules import Ratio
from domain.errors import ValidationError, collect
from domain.labels import tables


class Kpi(StrEnum):
    """The figures that can be drilled into (``KpiService.records``)."""

    CARS_RECEIVED = "cars_received"
    REVENUE = "revenue"
    REVENUE_PER_CAR = "revenue_per_car"
    REVENUE_PER_CAR_INSURANCE = "revenue_per_car_insurance"
    RETURN_REPAIR_RATE = "return_repair_rate"
    CSI = "csi"
    CALLBACK_RATE = "callback_rate"
    CALLBACK_RATE_WARRANTY = "callback_rate_warranty"
    CLAIM_PASS_RATE = "claim_pass_rate"
    TECHNICIAN_EFFICIENCY = "technician_efficiency"
    UTILISATION = "utilisation"
    GENUINE_PARTS_SHARE = "genuine_parts_share"
    COMPLAINTS_OPENED = "complaints_opened"
    COMPLAINTS_CLOSED_IN_TIME = "complaints_closed_in_time"
    COMPLAINTS_OVERDUE = "complaints_overdue"


KPI_LABELS_ZH: dict[Kpi, str] = {
    Kpi.CARS_RECEIVED: "进厂台次",
    Kpi.REVENUE: "产值",
    Kpi.REVENUE_PER_CAR: "单车产值",
    Kpi.REVENUE_PER_CAR_INSURANCE: "保险单车产值",
    Kpi.RETURN_REPAIR_RATE: "返修率",
    Kpi.CSI: "客户满意度 CSI",
    Kpi.CALLBACK_RATE: "回访率",
    Kpi.CALLBACK_RATE_WARRANTY: "保修期内回访率",
    Kpi.CLAIM_PASS_RATE: "保修索赔通过率",
    Kpi.TECHNICIAN_EFFICIENCY: "技师效率",
    Kpi.UTILISATION: "工时利用率",
    Kpi.GENUINE_PARTS_SHARE: "纯正配件比例",
    Kpi.COMPLAINTS_OPENED: "新增投诉",
    Kpi.COMPLAINTS_CLOSED_IN_TIME: "按时结案投诉",
    Kpi.COMPLAINTS_OVERDUE: "超期未结投诉",
}
KPI_LABELS_EN: dict[Kpi, str] = {
    Kpi.CARS_RECEIVED: "Cars received",
    Kpi.REVENUE: "Revenue",
    Kpi.REVENUE_PER_CAR: "Revenue per car",
    Kpi.REVENUE_PER_CAR_INSURANCE: "Revenue per car (insurance)",
    Kpi.RETURN_REPAIR_RATE: "Return-repair rate",
    Kpi.CSI: "Customer satisfaction (CSI)",
    Kpi.CALLBACK_RATE: "Callback rate",
    Kpi.CALLBACK_RATE_WARRANTY: "Callback rate within warranty",
    Kpi.CLAIM_PASS_RATE: "Warranty claim pass rate",
    Kpi.TECHNICIAN_EFFICIENCY: "Technician efficiency",
    Kpi.UTILISATION: "Utilisation",
    Kpi.GENUINE_PARTS_SHARE: "Genuine-parts share",
    Kpi.COMPLAINTS_OPENED: "Complaints opened",
    Kpi.COMPLAINTS_CLOSED_IN_TIME: "Complaints closed in time",
    Kpi.COMPLAINTS_OVERDUE: "Complaints overdue",
}
KPI_LABELS = tables(KPI_LABELS_ZH, KPI_LABELS_EN)


# --- targets (DOMAIN.md §6) ---------------------------------------------------------------
class Direction(StrEnum):
    AT_LEAST = "at_least"
    BELOW = "below"


@dataclass(frozen=True)
class Target:
    value: float  # percent for rates, yuan for revenue per car, cars for cars per day
    direction: Direction

    def met(self, actual: float | None) -> bool | None:
        if actual is None:
            return None
        return actual >= self.value if self.direction is Direction.AT_LEAST else actual < self.value

    def label(self) -> str:
        return ("≥ " if self.direction is Direction.AT_LEAST else "< ") + f"{self.value:g}"


#: The regulations' targets: the defaults of the branch setting ``kpi.targets`` (:func:`targets`).
TARGETS: dict[Kpi, Target] = {
    Kpi.CSI: Target(93.0, Direction.AT_LEAST),
    Kpi.RETURN_REPAIR_RATE: Target(2.0, Direction.BELOW),
    Kpi.CLAIM_PASS_RATE: Target(95.0, Direction.AT_LEAST),
    Kpi.CALLBACK_RATE_WARRANTY: Target(100.0, Direction.AT_LEAST),
    Kpi.CARS_RECEIVED: Target(20.0, Direction.AT_LEAST),  # per working day
    Kpi.REVENUE_PER_CAR: Target(800.0, Direction.AT_LEAST),  # yuan
    Kpi.REVENUE_PER_CAR_INSURANCE: Target(1800.0, Direction.AT_LEAST),  # yuan
}
#: the values a branch may set for each target (percent, cars a day, yuan)
TARGET_LIMITS: dict[Kpi, tuple[float, float]] = {
    Kpi.CSI: (0.0, 100.0), Kpi.RETURN_REPAIR_RATE: (0.0, 100.0), Kpi.CLAIM_PASS_RATE: (0.0, 100.0),
    Kpi.CALLBACK_RATE_WARRANTY: (0.0, 100.0), Kpi.CARS_RECEIVED: (0.0, 1000.0),
    Kpi.REVENUE_PER_CAR: (0.0, 1_000_000.0), Kpi.REVENUE_PER_CAR_INSURANCE: (0.0, 1_000_000.0),
}
messages.register("kpi.target_range", "{label}的目标须在 {min:g} 到 {max:g} 之间",
                  "The target of {label_en} must be between {min:g} and {max:g}")


def _target_value(raw: object) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def targets(stored: object) -> dict[Kpi, Target]:
    """The branch's targets: :data:`TARGETS` with the numbers the setting ``kpi.targets``
    gives (``{"csi": 95, …}``); the direction of each stays the regulation's.

    Why forgiving, as :func:`hours_per_day`: a setting edited by hand or by another version
    must not break the KPI page; an unknown key or a value out of range keeps the default."""
    result = dict(TARGETS)
    if not isinstance(stored, Mapping):
        return result
    for key, raw in stored.items():
        try:
            kpi = Kpi(str(key))
        except ValueError:
            continue
        value = _target_value(raw)
        low, high = TARGET_LIMITS.get(kpi, (0.0, 0.0))
        if kpi in result and value is not None and low <= value <= high:
            result[kpi] = Target(value, result[kpi].direction)
    return result


def check_targets(values: Mapping[Kpi, float]) -> dict[str, float]:
    """The targets a branch saves, checked (every fault at once); as the setting stores them."""
    errors: list[ValidationError | None] = []
    checked: dict[str, float] = {}
    for kpi, raw in values.items():
        value = _target_value(raw)
        low, high = TARGET_LIMITS[kpi]
        if value is None or not low <= value <= high:
            errors.append(ValidationError("kpi.target_range", kpi.value, label=KPI_LABELS_ZH[kpi],
                                          label_en=KPI_LABELS_EN[kpi], min=low, max=high))
        else:
            checked[kpi.value] = value
    collect(*errors)
    return checked


# --- the definitions ----------------------------------------------------------------------
def return_repair_rate(rework_delivered: int, delivered: int) -> Ratio:
    """返修率 = 本期交车的返修工单数 ÷ 本期交车工单数（返修工单：标记为此前已交车工单的返修，目标低于 2%）。

    Return-repair rate = rework orders delivered in the period ÷ orders delivered in the period.

    A rework order is one marked as rework of an earlier delivered order (same vehicle,
    within the rework window). Target below 2 %."""
    return Ratio(rework_delivered, delivered)


def csi(level_counts: Mapping[str, int]) -> Ratio:
    """客户满意度 CSI = 本期评价中总体评价为“满意”或“很满意”的工单数 ÷ 本期评价的工单数（目标不低于 93%）。

    CSI = share of rated orders whose overall rating is satisfied or very satisfied
    (ratings given in the period). Target at least 93 %."""
    return care_rules.csi(chain.from_iterable(repeat(level, n) for level, n in level_counts.items()))


CSI_DEFINITION = care_rules.csi.__doc__ or ""


def callback_rate(counts: Mapping[tuple[bool, bool], int], *, warranty_only: bool = False) -> Ratio:
    """回访率 = 本期交车且回访已接通的工单数 ÷ 本期交车工单数；保修期内回访率只计保修期内交车的工单（目标 100%）。

    Callback rate = delivered orders with a reached follow-up ÷ delivered orders (orders delivered
    in the period); the warranty variant counts only orders delivered under warranty.
    Target 100 % within warranty.

    ``counts`` maps (under_warranty, reached) to the number of delivered orders."""
    return care_rules.callback_rate_of_counts(counts, warranty_only=warranty_only)


def claim_pass_rate(accepted: int, decided: int) -> Ratio:
    """保修索赔通过率 = 本期厂家已答复的索赔中通过（含部分通过）的件数 ÷ 本期已答复的件数，待答复的不计（目标不低于 95%）。

    Warranty claim pass rate = accepted warranty claims ÷ decided warranty claims, counting claims by
    the date of the manufacturer's decision in the period; a partially accepted claim counts
    as accepted, pending claims do not count. Target at least 95 %."""
    return Ratio(accepted, decided)


def average_revenue_per_car(revenue_fen: int, orders: int) -> int | None:
    """单车产值 = 本期结算产值（工单合计，含税）÷ 本期结算工单数；保险单车产值只计保险付费的工单（目标 800 元，保险 1800 元）。

    Average revenue per car = settled revenue ÷ settled orders: the order totals (tax included) of the
    orders settled in the period, divided by their number, in fen (rounded half up).
    Target 800 yuan overall, 1,800 yuan for insurance jobs (orders whose payer is insurance)."""
    if orders == 0:
        return None
    return (2 * revenue_fen + orders) // (2 * orders)


def technician_efficiency(sold_hours_centi: int, clocked_seconds: int) -> float | None:
    """技师效率 = 本期结算工单的标准工时 ÷ 技师在这些工单上记录的实际工时。

    Technician efficiency = sold (standard) hours ÷ clocked hours, in percent: the standard hours of the
    labour lines of the orders settled in the period over the time technicians clocked on
    those orders' jobs."""
    if clocked_seconds <= 0:
        return None
    return 100.0 * (sold_hours_centi * 36) / clocked_seconds


def utilisation(clocked_seconds: int, available_hours: float) -> float | None:
    """工时利用率 = 本店技师本期开工的全部实际工时（A–D 类，含内部作业）÷ 可用工时（本店在职技师数 × 本店工作日历的工作日数 × 每人每日可用工时，门店设置，默认 8 小时）。

    Utilisation = clocked hours ÷ available hours, in percent: all time the branch's
    technicians clocked, started in the period (classes A–D: jobs and internal work), over
    the available hours — the branch's active technicians × the working days of the
    branch's own calendar in the period × available hours per technician and day (a branch
    setting, 8 h by default). Numerator and denominator count the same people: a
    technician's time belongs to their own branch."""
    if available_hours <= 0:
        return None
    return 100.0 * clocked_seconds / 3600.0 / available_hours


def available_hours(technician_days: int, rules: WorkingTime) -> float:
    """Σ (technicians × working days of their branch's calendar) × hours per day."""
    return technician_days * rules.hours_per_day


def genuine_parts_share(genuine_fen: int, parts_fen: int) -> float | None:
    """纯正配件比例 = 本期结算工单中纯正配件金额 ÷ 全部配件金额（扣除行折扣后）。

    Genuine-parts share = value of genuine parts ÷ value of all parts (net of line discounts) on
    the orders settled in the period, in percent."""
    if parts_fen <= 0:
        return None
    return 100.0 * genuine_fen / parts_fen


def cars_received_per_day(cars: int, days: int) -> float | None:
    """进厂台次 = 本期接车的工单数（按接车时间，作废的不计）；日均 = 台次 ÷ 本店工作日历的工作日数（默认每周七天；多个门店合计时为至少一家营业的天数；目标约每日 20 台）。

    Cars received per day = work orders received (reception time) in the period ÷ working days
    in the period by the branch's working calendar (default: all seven days of the week;
    several branches together: the days at least one of them was open); cancelled orders do
    not count. About 20 cars a day is the target."""
    if days <= 0:
        return None
    return cars / days


def complaints_closed_in_time(closed_in_time: int, closed: int) -> Ratio:
    """按时结案率 = 本期在结案期限内结案的投诉单 ÷ 本期结案的投诉单；新增投诉 = 本期受理的投诉单；超期未结 = 期末仍未结案且已过结案期限的投诉单。

    Complaints closed in time = complaint slips closed in the period by their closure deadline ÷ slips
    closed in the period. Complaints opened counts slips received in the period; complaints
    overdue counts slips open at the period's end past their closure deadline."""
    return Ratio(closed_in_time, closed)


DEFINITIONS: dict[Kpi, str] = {
    Kpi.CARS_RECEIVED: cars_received_per_day.__doc__ or "",
    Kpi.REVENUE: "产值 = 本期结算工单的合计金额（含税）；工时、配件、杂费及按付费方的构成按各行扣除行折扣后的金额"
                 "（未含整单折扣与税）。\n\nRevenue = order totals (tax included) of the orders settled in the "
                 "period; the split uses the line amounts net of line discounts.",
    Kpi.REVENUE_PER_CAR: average_revenue_per_car.__doc__ or "",
    Kpi.REVENUE_PER_CAR_INSURANCE: average_revenue_per_car.__doc__ or "",
    Kpi.RETURN_REPAIR_RATE: return_repair_rate.__doc__ or "",
    Kpi.CSI: csi.__doc__ or "",
    Kpi.CALLBACK_RATE: callback_rate.__doc__ or "",
    Kpi.CALLBACK_RATE_WARRANTY: callback_rate.__doc__ or "",
    Kpi.CLAIM_PASS_RATE: claim_pass_rate.__doc__ or "",
    Kpi.TECHNICIAN_EFFICIENCY: technician_efficiency.__doc__ or "",
    Kpi.UTILISATION: utilisation.__doc__ or "",
    Kpi.GENUINE_PARTS_SHARE: genuine_parts_share.__doc__ or "",
    Kpi.COMPLAINTS_OPENED: complaints_closed_in_time.__doc__ or "",
    Kpi.COMPLAINTS_CLOSED_IN_TIME: complaints_closed_in_time.__doc__ or "",
    Kpi.COMPLAINTS_OVERDUE: complaints_closed_in_time.__doc__ or "",
}


def definition(kpi: Kpi, lang: str = "zh") -> str:
    """The definition shown on hover and printed: the docstring's first paragraph is the
    Chinese text, the rest the English one."""
    doc = DEFINITIONS[kpi].strip()
    zh, _, en = doc.partition("\n\n")
    text = en if lang == "en" and en else zh
    return " ".join(text.split())


@dataclass(frozen=True)
class WorkingTime:
    """Available time for utilisation: hours per technician and working day, and the
    working calendar whose days a per-day figure divides by (default all seven days; a
    branch's own comes from ``domain.services.calendar``)."""

    hours_per_day: float = 8.0
    calendar: WorkCalendar = WorkCalendar()


MIN_HOURS_PER_DAY = 0.5
MAX_HOURS_PER_DAY = 24.0


def hours_per_day(value: object, default: float = WorkingTime.hours_per_day) -> float:
    """The branch setting ``kpi.hours_per_day`` as a number of hours.

    Why forgiving: a setting typed into another version or edited by hand must not break the
    KPI page; anything that is not a number between half an hour and 24 h gives the default."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return default
    try:
        hours = float(value)
    except ValueError:
        return default
    if not MIN_HOURS_PER_DAY <= hours <= MAX_HOURS_PER_DAY:
        return default
    return hours


def working_days(first: dt.date, last: dt.date, rules: WorkingTime) -> int:
    """工作日数 from ``first`` to ``last`` under the rule's calendar (both days included)."""
    return rules.calendar.working_days(first, last)


# --- what storage answers -----------------------------------------------------------------
@dataclass(frozen=True)
class KpiWindow:
    """A period as UTC instants [start, end) plus its local days (for per-day buckets)."""

    start: dt.datetime
    end: dt.datetime
    first_day: dt.date  # the local date of ``start``
    day_starts: tuple[dt.datetime, ...]  # UTC instant each local day begins, len = days
    branch_ids: tuple[str, ...] | None = None  # None: every row in the database


@dataclass(frozen=True)
class MonthFacts:
    """Plain counts and sums for one branch (or a set of branches) and one period."""

    received_per_day: tuple[int, ...] = ()
    delivered: int = 0
    rework_delivered: int = 0
    settled_orders: int = 0
    settled_revenue_fen: int = 0
    insurance_orders: int = 0
    insurance_revenue_fen: int = 0
    labour_fen: int = 0
    parts_fen: int = 0
    sundry_fen: int = 0
    genuine_parts_fen: int = 0
    revenue_by_payer: Mapping[str, int] = field(default_factory=dict)
    rating_levels: Mapping[str, int] = field(default_factory=dict)
    callbacks: Mapping[tuple[bool, bool], int] = field(default_factory=dict)
    claims_decided: int = 0
    claims_accepted: int = 0
    sold_hours_centi: int = 0
    sold_clocked_seconds: int = 0
    clocked_seconds: int = 0
    technicians: int = 0
    technician_days: int = 0  # Σ technicians × working days of their branch's calendar
    complaints_opened: int = 0
    complaints_closed: int = 0
    complaints_closed_in_time: int = 0
    complaints_overdue: int = 0


@dataclass(frozen=True)
class RecordRow:
    """One work order (or slip) behind a figure, for the drill-down list."""

    id: str
    number: str
    branch_code: str
    plate: str
    at: dt.datetime | None
    amount_fen: int
    note: str


class KpiQueries(Protocol):
    """SQL aggregation over the tables, implemented in :mod:`storage.kpi_queries` and given
    to :class:`domain.services.kpi.KpiService` where the services are built."""

    def month_facts(self, session: Session, window: KpiWindow) -> MonthFacts: ...

    def facts_by_branch(self, session: Session, window: KpiWindow) -> Mapping[str, MonthFacts]: ...

    def records(self, session: Session, kpi: Kpi, window: KpiWindow, limit: int) -> Sequence[RecordRow]: ...
