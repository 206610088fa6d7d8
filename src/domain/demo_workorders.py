"""Realistic demo work-order history (演示工单), generated as plain row dicts.

Why a pure generator that emits rows: ``dealerdesk demo`` and the board benchmark need up
to 500,000 orders with their lines, jobs, time entries, quality checks, payments and
timeline events; going through :class:`WorkOrderService` one call per step would take hours.
The rows follow the same rules the service enforces — every state change is an event whose
``to_state`` ends at the order's state, totals come from
:func:`domain.workorder_rules.compute_totals`, mileage only grows per vehicle, rework points
at a delivered order of the same vehicle at most 30 days earlier — and the integrity checks
verify exactly that after the load.

Two phases keep memory flat: :func:`plan_visits` decides for every vehicle when it came, in
what state its orders are and which are rework (small tuples); :meth:`OrderBuilder.rows`
then expands a chunk of planned visits, already numbered in reception order, into rows.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.orm import new_id
from domain.workorder_rules import (
    LineAmount,
    Payer,
    WOState,
    compute_totals,
    discount_above_limit,
    labour_amount,
    part_amount,
)

#: How far back the demo history reaches.
HISTORY_DAYS = 548  # about 18 months
#: Orders received within this many days of "now" may still be open on the board.
RECENT_DAYS = 3
#: Default orders per vehicle when the caller does not ask for a number.
DEFAULT_ORDERS_PER_VEHICLE = 1.5
REWORK_WITHIN_DAYS = 30

OPEN_DEMO_STATES: tuple[WOState, ...] = (
    WOState.DRAFT, WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS, WOState.QC,
    WOState.READY, WOState.SETTLED)
_OPEN_WEIGHTS = (5, 10, 25, 10, 8, 12, 6)
#: States (and rework) the first vehicles are forced into so even a small demo shows them all.
_FORCED: tuple[str, ...] = (*(s.value for s in OPEN_DEMO_STATES), WOState.CANCELLED.value, "rework")


@dataclass(frozen=True)
class DemoVehicle:
    """What the generator needs of one demo vehicle (as just inserted)."""

    id: str
    customer_id: str
    customer_name: str
    company: bool
    brand: str
    model: str
    purchase_date: dt.date
    mileage_km: int
    warranty_end_date: dt.date | None


@dataclass(frozen=True)
class DemoStaff:
    id: str
    name: str


@dataclass(frozen=True)
class StaffPool:
    """Demo staff by job; every event and signature names one of them."""

    advisors: tuple[DemoStaff, ...]
    technicians: tuple[DemoStaff, ...]
    foreman: DemoStaff
    qc_inspector: DemoStaff
    cashier: DemoStaff
    manager: DemoStaff


@dataclass
class PlannedOrder:
    """One visit: decided before numbering, expanded into rows later."""

    id: str
    vehicle: DemoVehicle
    received_at: dt.datetime
    end_at: dt.datetime  # delivery / cancellation, or "now" for open orders
    state: str
    mileage_in: int
    mileage_out: int
    seed: int
    rework_of_id: str | None = None
    number: str = ""
    period: dt.date = field(default_factory=dt.date.today)


# --- catalogue --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Part:
    code: str
    name: str
    qty_milli: int
    unit: str
    price_fen: int  # unit price for an ordinary car; luxury brands × 1.6


@dataclass(frozen=True)
class _Labour:
    code: str
    description: str
    hours_centi: int
    trade: str
    parts: tuple[_Part, ...] = ()


_OIL = _Part("15400", "全合成机油 5W-30", 4000, "升", 9800)
_OIL_FILTER = _Part("15208", "机油滤清器", 1000, "件", 4800)
_SERVICE = _Labour("BY001", "更换机油机滤", 50, "mechanical", (_OIL, _OIL_FILTER))
_MAINTENANCE_EXTRAS: tuple[_Labour, ...] = (
    _Labour("BY003", "更换空气滤芯", 20, "mechanical", (_Part("17801", "空气滤清器", 1000, "件", 8500),)),
    _Labour("KT002", "更换空调滤芯", 20, "mechanical", (_Part("87139", "空调滤芯", 1000, "件", 9800),)),
    _Labour("KT001", "空调清洗", 80, "mechanical", (_Part("08880", "空调清洗剂", 1000, "瓶", 6800),)),
    _Labour("BY006", "更换刹车油", 100, "mechanical", (_Part("08823", "制动液 DOT4", 1000, "升", 6800),)),
    _Labour("BY007", "更换冷却液", 80, "mechanical", (_Part("08889", "长效冷却液", 4000, "升", 3500),)),
    _Labour("BY008", "更换雨刮片", 10, "mechanical", (_Part("85222", "雨刮片", 2000, "件", 9800),)),
    _Labour("DP002", "轮胎换位及动平衡", 60, "mechanical", (_Part("42611", "平衡块", 8000, "个", 300),)),
    _Labour("FD005", "节气门清洗", 80, "mechanical"),
)
_REPAIRS: tuple[tuple[str, _Labour], ...] = (
    ("刹车有异响", _Labour("ZD002", "前刹车片更换", 100, "mechanical",
                      (_Part("04465", "前刹车片", 1000, "套", 38000),))),
    ("刹车踏板发软", _Labour("ZD004", "前刹车盘更换", 150, "mechanical",
                       (_Part("43512", "前刹车盘", 2000, "件", 42000), _Part("04465", "前刹车片", 1000, "套", 38000)))),
    ("方向盘跑偏", _Labour("DP001", "四轮定位", 100, "mechanical")),
    ("空调不凉", _Labour("KT003", "空调系统检漏加注冷媒", 120, "electrical",
                     (_Part("08890", "R134a 冷媒", 600, "千克", 16000),))),
    ("打不着火", _Labour("DQ001", "更换蓄电池", 50, "electrical", (_Part("28800", "免维护蓄电池", 1000, "件", 65000),))),
    ("怠速抖动", _Labour("FD004", "更换火花塞", 120, "mechanical", (_Part("90919", "铱金火花塞", 4000, "件", 6500),))),
    ("发动机故障灯亮", _Labour("FD001", "发动机故障诊断", 50, "electrical")),
    ("过减速带有异响", _Labour("XG003", "更换前减震器", 250, "mechanical",
                        (_Part("48510", "前减震器总成", 2000, "件", 78000),))),
    ("换挡顿挫", _Labour("BS002", "更换变速箱油", 150, "mechanical",
                     (_Part("08886", "自动变速箱油", 6000, "升", 12000),))),
    ("轮胎鼓包", _Labour("LT001", "更换轮胎", 50, "mechanical", (_Part("42000", "轮胎 225/55R17", 2000, "条", 68000),))),
    ("前大灯不亮", _Labour("DQ005", "更换前大灯总成", 100, "electrical",
                      (_Part("81110", "左前大灯总成", 1000, "件", 280000),))),
    ("方向有旷量", _Labour("XG006", "更换转向横拉杆球头", 120, "mechanical",
                      (_Part("45046", "转向横拉杆球头", 2000, "件", 26000),))),
)
_ACCIDENTS: tuple[tuple[str, tuple[_Labour, ...]], ...] = (
    ("追尾事故，前保险杠损坏", (
        _Labour("BJ101", "前保险杠拆装钣金修复", 300, "body", (_Part("52119", "前保险杠卡扣", 6000, "个", 800),)),
        _Labour("PQ101", "前保险杠喷漆", 400, "paint"),
    )),
    ("倒车刮蹭，后保险杠掉漆", (_Labour("PQ102", "后保险杠喷漆", 400, "paint"),)),
    ("左前门被撞凹陷", (
        _Labour("BJ103", "左前门钣金修复", 400, "body"),
        _Labour("PQ103", "左前门喷漆", 350, "paint"),
    )),
    ("右后视镜撞碎", (_Labour("BJ104", "更换右后视镜总成", 60, "body",
                               (_Part("87910", "右后视镜总成", 1000, "件", 125000),)),)),
    ("前挡风玻璃被石子打裂", (_Labour("BL001", "更换前挡风玻璃", 200, "body",
                                  (_Part("56101", "前挡风玻璃", 1000, "件", 168000),)),)),
)
_SERVICE_WORDS = ("做保养", "常规保养", "到保养里程了，做个保养", "保养，顺便检查一下底盘", "做小保养")
_REWORK_WORDS = "上次维修后问题仍在：{words}"
_LUXURY = frozenset({"宝马", "奔驰", "奥迪", "特斯拉"})
_BRAND_CODES = {"大众": "VW", "丰田": "TY", "本田": "HD", "日产": "NS", "别克": "BK", "比亚迪": "BYD",
                "吉利": "GL", "长安": "CA", "哈弗": "HV", "宝马": "BMW", "奔驰": "MB", "奥迪": "AD",
                "特斯拉": "TS", "五菱": "WL", "福特": "FD", "奇瑞": "QR"}
_INSURERS = ("中国人保财险", "平安产险", "太平洋产险", "中华联合财险", "大地保险")
_WAIT_REASONS = ("配件缺货，已向厂家订货", "等待保险公司定损", "配件调拨中，预计明天到货", "等待客户确认增项")
_QC_FAIL_REASONS = ("试车仍有轻微异响", "漆面有流挂，需重新抛光", "故障码未清除", "轮胎气压未调整")
_CANCEL_REASONS = ("客户不同意报价，取消维修", "客户改约下周再来", "配件无货，客户转往他处维修",
                   "保险公司不予理赔，客户放弃维修")
_VALUABLES = ("", "", "", "行车记录仪", "雨伞", "儿童座椅", "车载冰箱")
_INSPECTION = (("左前门", "划痕"), ("前保险杠", "擦伤"), ("右后叶子板", "凹陷"), ("后保险杠", "掉漆"),
               ("右前轮毂", "刮花"))
_PAYMENT_METHODS = (("wechat", 35), ("alipay", 20), ("card", 25), ("cash", 10), ("transfer", 10))


def _local(day: dt.date, hour: float, zone: dt.tzinfo) -> dt.datetime:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    return (start + dt.timedelta(hours=hour)).astimezone(dt.UTC)


# --- phase 1: planning --------------------------------------------------------------------
def plan_visits(vehicles: Sequence[DemoVehicle], orders: int, *, seed: int, now: dt.datetime,
                zone: dt.tzinfo) -> list[PlannedOrder]:
    """``orders`` visits spread over the vehicles (some come often, some never), sorted by
    reception time. The first vehicles with history are forced into every open state,
    a cancellation and a rework so that even a 200-customer demo shows all of them."""
    rng = random.Random(seed)
    if not vehicles or orders <= 0:
        return []
    weights = [rng.choice((0.2, 0.6, 1.0, 1.0, 1.5, 2.5)) for _ in vehicles]
    counts = [0] * len(vehicles)
    for index in rng.choices(range(len(vehicles)), weights=weights, k=orders):
        counts[index] += 1
    forced = list(_FORCED)
    plans: list[PlannedOrder] = []
    today = now.astimezone(zone).date()
    for vehicle, count in zip(vehicles, counts, strict=True):
        if count:
            plans.extend(_vehicle_visits(rng, vehicle, count, now, today, zone, forced))
    plans.sort(key=lambda p: (p.received_at, p.id))
    return plans


def _vehicle_visits(rng: random.Random, vehicle: DemoVehicle, count: int, now: dt.datetime,
                    today: dt.date, zone: dt.tzinfo, forced: list[str]) -> list[PlannedOrder]:
    first_day = max(today - dt.timedelta(days=HISTORY_DAYS), vehicle.purchase_date + dt.timedelta(days=1))
    span = max(1, (today - first_day).days)
    days = sorted(rng.randrange(span) for _ in range(count))
    want = forced.pop(0) if forced and (count >= 2 or forced[0] != "rework") else None
    open_wanted = want is not None and want != "rework"
    visits: list[PlannedOrder] = []
    previous_end: dt.datetime | None = None
    for position, offset in enumerate(days):
        last = position == count - 1
        prior = visits[-1] if visits and visits[-1].state == WOState.DELIVERED else None
        rework = prior is not None and not (last and open_wanted) and (
            rng.random() < 0.03 or (want == "rework" and last))
        if rework and prior is not None:
            received = prior.end_at + dt.timedelta(days=rng.uniform(1, 25), hours=rng.uniform(0, 4))
        else:
            day = first_day + dt.timedelta(days=offset)
            received = _local(day, rng.uniform(8, 17.5), zone)
            if previous_end is not None and received <= previous_end:
                received = previous_end + dt.timedelta(days=rng.uniform(1, 20))
        if last and open_wanted:
            received = now - dt.timedelta(hours=rng.uniform(5, RECENT_DAYS * 24))
            if previous_end is not None:
                received = max(received, previous_end + dt.timedelta(hours=1))
        if received >= now - dt.timedelta(hours=2):
            if not last or (previous_end is not None and previous_end >= now - dt.timedelta(hours=3)):
                break  # no room for another visit: the vehicle simply came less often
            received = now - dt.timedelta(hours=rng.uniform(2, 3))
        state, end = _state_and_end(rng, received, now, last, want)
        if state == WOState.DELIVERED and end >= now:
            state, end = WOState.SETTLED.value, now
        order = PlannedOrder(new_id(), vehicle, received, end, state, 0, 0, rng.getrandbits(32),
                             rework_of_id=prior.id if rework and prior is not None else None)
        visits.append(order)
        previous_end = end
        if state not in (WOState.DELIVERED, WOState.CANCELLED):
            break  # an open order is always the vehicle's latest
    if want is not None:
        realised = (any(v.rework_of_id for v in visits) if want == "rework"
                    else bool(visits) and visits[-1].state == want)
        if not realised:
            forced.insert(0, want)
    _assign_mileage(rng, vehicle, visits, today)
    return visits


def _state_and_end(rng: random.Random, received: dt.datetime, now: dt.datetime, last: bool,
                   want: str | None) -> tuple[str, dt.datetime]:
    recent = received >= now - dt.timedelta(days=RECENT_DAYS)
    if last and want and want != "rework":
        state = want
    elif rng.random() < 0.03:
        state = WOState.CANCELLED.value
    elif last and recent:
        state = rng.choices([s.value for s in OPEN_DEMO_STATES], weights=_OPEN_WEIGHTS)[0]
    else:
        state = WOState.DELIVERED.value
    if state == WOState.CANCELLED:
        end = received + dt.timedelta(hours=rng.uniform(0.3, 6))
        return state, min(end, now - dt.timedelta(minutes=1))
    if state != WOState.DELIVERED:
        return state, now
    roll = rng.random()
    hours = rng.uniform(2, 9) if roll < 0.65 else rng.uniform(20, 72) if roll < 0.93 else rng.uniform(80, 280)
    return state, received + dt.timedelta(hours=hours)


def _assign_mileage(rng: random.Random, vehicle: DemoVehicle, visits: list[PlannedOrder],
                    today: dt.date) -> None:
    """Odometer interpolated between purchase (0 km) and today's file mileage: never falls."""
    total_days = max(1, (today - vehicle.purchase_date).days)
    floor = 0
    for index, order in enumerate(visits):
        elapsed = (order.received_at.date() - vehicle.purchase_date).days
        mileage = int(vehicle.mileage_km * min(1.0, max(0.0, elapsed / total_days)))
        mileage = max(mileage, floor)
        order.mileage_in = min(mileage, vehicle.mileage_km)
        later = visits[index + 1].received_at.date() if index + 1 < len(visits) else today
        ceiling = int(vehicle.mileage_km * min(1.0, max(0.0, (later - vehicle.purchase_date).days
                                                         / total_days)))
        order.mileage_out = max(order.mileage_in, min(order.mileage_in + rng.randint(1, 12), ceiling,
                                                      vehicle.mileage_km))
        floor = order.mileage_out


class KeyOrder:
    """UUID-shaped ids (version 7 layout) that sort in the order they are made.

    Why: rows whose keys arrive in order are appended to the end of each primary-key and
    parent-key index, so a batch of thousands of new rows touches a few index pages instead
    of one page per row — random UUIDs made every commit of a large demo rewrite pages all
    over the indexes (and the write-ahead log grew with the database). The millisecond
    prefix separates two loads; the counter starts at a random point so two PCs never meet.
    """

    def __init__(self) -> None:
        self._next = ((time.time_ns() // 1_000_000) << 80) | (7 << 76) | (secrets.randbits(40) << 8)

    def __call__(self) -> str:
        value = self._next
        self._next += 1
        # version 7 in bits 76-79, variant 0b10 in bits 62-63 (the counter never reaches them)
        text = f"{(value & ~(0b11 << 62)) | (0b10 << 62):032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def renumber(self, plans: Sequence[PlannedOrder]) -> None:
        """Give planned orders (already in reception order) ids in that order."""
        fresh = {plan.id: self() for plan in plans}
        for plan in plans:
            plan.id = fresh[plan.id]
            if plan.rework_of_id is not None:
                plan.rework_of_id = fresh[plan.rework_of_id]


# --- phase 2: rows ------------------------------------------------------------------------
#: Insert order: parents before children (labour lines point at jobs, time entries at jobs).
TABLES = ("work_orders", "wo_jobs", "wo_labour_lines", "wo_part_lines", "wo_sundry_lines",
          "wo_discounts", "wo_events", "wo_time_entries", "wo_quality_checks", "wo_payments")

_STEPS: dict[str, int] = {s.value: i for i, s in enumerate((
    WOState.DRAFT, WOState.OPENED, WOState.IN_PROGRESS, WOState.WAITING_PARTS, WOState.QC,
    WOState.READY, WOState.SETTLED, WOState.DELIVERED))}


class OrderBuilder:
    """Expands planned orders into rows of every work-order table (keys: :data:`TABLES`)."""

    def __init__(self, *, branch_id: str, staff: StaffPool, tax_bp: int, discount_limit_bp: int,
                 now: dt.datetime, zone: dt.tzinfo, ids: Callable[[], str] = new_id) -> None:
        self._ids = ids
        self._branch_id = branch_id
        self._staff = staff
        self._tax_bp = tax_bp
        self._limit_bp = discount_limit_bp
        self._now = now
        self._zone = zone
        self._stamps: dict[str, Any] = {"created_at": now, "updated_at": now, "row_version": 1}

    def rows(self, plans: Sequence[PlannedOrder]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        for plan in plans:
            _OrderRows(self, plan, out).build()
        return out


class _OrderRows:
    """One order's rows; a small object so the steps share the order's clock and rng."""

    def __init__(self, builder: OrderBuilder, plan: PlannedOrder, out: dict[str, list[dict[str, Any]]]):
        self.b = builder
        self.p = plan
        self.out = out
        self.rng = random.Random(plan.seed)
        self.staff = builder._staff
        self.advisor = self.rng.choice(self.staff.advisors)
        self.event_seq = 0
        self.state = ""
        span = max(plan.end_at - plan.received_at, dt.timedelta(minutes=10))
        self._span = span

    # time at a fraction of the visit, so every event lies between reception and the end
    def at(self, fraction: float) -> dt.datetime:
        return self.p.received_at + self._span * fraction

    def stamp(self, **row: Any) -> dict[str, Any]:
        return {"id": self.b._ids(), **self.b._stamps, **row}

    def event(self, action: str, target: str, who: DemoStaff | None, at: dt.datetime, reason: str = "") -> None:
        self.event_seq += 1
        self.out["wo_events"].append(self.stamp(
            work_order_id=self.p.id, seq=self.event_seq, action=action, from_state=self.state,
            to_state=target, actor_id=who.id if who else None, actor_name=who.name if who else "系统",
            at=at, reason=reason))
        self.state = target

    def build(self) -> None:
        rng, plan = self.rng, self.p
        vehicle = plan.vehicle
        luxury = vehicle.brand in _LUXURY
        rate = rng.choice((28000, 30000, 32000)) if luxury else rng.choice((16000, 18000, 20000))
        in_warranty = vehicle.warranty_end_date is not None and vehicle.warranty_end_date >= plan.received_at.date()
        kind_roll = rng.random()
        service_class, payer, payer_name = "A", Payer.CUSTOMER.value, ""
        if plan.rework_of_id:
            service_class, payer = "D", Payer.INTERNAL.value
            kind = "repair"
        elif kind_roll < 0.5:
            kind = "service"
            if vehicle.company and rng.random() < 0.5:
                service_class, payer = "B", Payer.CONTRACT.value
                payer_name = f"维保合同 HT{plan.received_at.year}-{rng.randrange(1000):03d}"
        elif kind_roll < 0.8:
            kind = "repair"
            if in_warranty and rng.random() < 0.5:
                service_class, payer = "C", Payer.WARRANTY.value
                payer_name = f"{vehicle.brand}厂家保修"
        elif kind_roll < 0.97:
            kind = "accident"
            if rng.random() < 0.7:
                payer, payer_name = Payer.INSURANCE.value, rng.choice(_INSURERS)
        else:
            kind, service_class, payer = "service", "D", Payer.INTERNAL.value
            payer_name = "店内车辆"

        labours, words = self._work(kind)
        if plan.rework_of_id:
            words = _REWORK_WORDS.format(words=words)
        labour_rows: list[dict[str, Any]] = []
        part_rows: list[dict[str, Any]] = []
        sundry_rows: list[dict[str, Any]] = []
        amounts: list[LineAmount] = []
        brand_code = _BRAND_CODES.get(vehicle.brand, "GN")
        variant = zlib.crc32(vehicle.model.encode()) % 900 + 100
        for seq, labour in enumerate(labours, start=1):
            line_payer = payer
            row = self.stamp(work_order_id=plan.id, seq=seq, code=labour.code, description=labour.description,
                             hours_centi=labour.hours_centi, rate_fen=rate, technician_id=None, job_id=None,
                             payer=line_payer, discount_fen=0, supplementary_id=None)
            row["_trade"] = labour.trade
            labour_rows.append(row)
            amounts.append(LineAmount("labour", labour_amount(labour.hours_centi, rate), 0, line_payer))
            for part in labour.parts:
                price = part.price_fen * 8 // 5 if luxury else part.price_fen
                warranty = payer == Payer.WARRANTY
                part_rows.append(self.stamp(
                    work_order_id=plan.id, seq=len(part_rows) + 1, part_no=f"{brand_code}-{part.code}-{variant}",
                    name=part.name, qty_milli=part.qty_milli, unit=part.unit, unit_price_fen=price,
                    genuine=rng.random() < 0.9, warranty=warranty, payer=line_payer, discount_fen=0,
                    supplementary_id=None))
                amounts.append(LineAmount("part", part_amount(part.qty_milli, price), 0, line_payer))
        if kind == "accident" and rng.random() < 0.5:
            amount = rng.choice((5000, 8000, 12000))
            sundry_rows.append(self.stamp(work_order_id=plan.id, seq=1, description="油漆辅料费",
                                          amount_fen=amount, payer=payer, discount_fen=0,
                                          supplementary_id=None))
            amounts.append(LineAmount("sundry", amount, 0, payer))
        if payer != Payer.CUSTOMER and kind != "accident" and rng.random() < 0.3:
            # the customer adds a car wash / refill at their own cost
            sundry_rows.append(self.stamp(work_order_id=plan.id, seq=len(sundry_rows) + 1,
                                          description="精洗及玻璃水加注", amount_fen=6000,
                                          payer=Payer.CUSTOMER.value, discount_fen=0, supplementary_id=None))
            amounts.append(LineAmount("sundry", 6000, 0, Payer.CUSTOMER.value))
        order_discount = 0
        customer_net = sum(a.net_fen for a in amounts if a.payer == Payer.CUSTOMER)
        if customer_net >= 50000 and rng.random() < 0.12:
            order_discount = (customer_net * rng.choice((5, 8, 10, 15)) // 100) // 100 * 100
        totals = compute_totals(amounts, order_discount, self.b._tax_bp)

        state = plan.state
        step = _STEPS.get(state, 0)
        cancelled = state == WOState.CANCELLED
        if cancelled:
            step = rng.choice((0, 1, 2))
        promised = plan.received_at + dt.timedelta(hours=rng.choice((3, 4, 6, 24, 48)) if kind != "accident"
                                                   else rng.choice((72, 120, 168)))
        inspection = [{"area": a, "damage": d, "note": ""} for a, d in rng.sample(_INSPECTION, rng.choice((0, 0, 1, 2)))]
        approval_method = "phone" if rng.random() < 0.2 else "signature"
        order = {
            "id": plan.id, **self.b._stamps, "branch_id": self.b._branch_id, "number": plan.number,
            "vehicle_id": vehicle.id, "customer_id": vehicle.customer_id, "advisor_id": self.advisor.id,
            "state": state, "service_class": service_class, "payer": payer, "payer_name": payer_name,
            "received_at": plan.received_at, "mileage_in": plan.mileage_in, "mileage_reason": "",
            "fuel_level": rng.randint(1, 8), "customer_words": words,
            "inspection_json": _json(inspection), "valuables": rng.choice(_VALUABLES),
            "spare_tyre": rng.random() < 0.9, "tools_present": rng.random() < 0.95,
            "promised_at": promised, "estimate_fen": (totals.total_fen * rng.choice((95, 100, 105)) // 100) // 1000 * 1000,
            "approval_method": "", "approved_at": None, "approved_by_name": "", "approval_recorded_by_id": None,
            "tax_bp": self.b._tax_bp, "order_discount_fen": order_discount,
            "order_discount_reason": "老客户优惠" if order_discount else "",
            "total_fen": totals.total_fen, "customer_fen": totals.customer_fen, "qc_round": 1,
            "rework_of_id": plan.rework_of_id, "cancel_reason": "", "settled_at": None, "settled_by_id": None,
            "next_service_date": None, "next_service_km": None, "delivered_at": None, "mileage_out": None,
            "delivered_by_id": None, "claim_check_returned": None, "claim_check_note": "",
        }
        if kind == "service":
            order["next_service_date"] = (plan.received_at + dt.timedelta(days=182)).date()
            order["next_service_km"] = plan.mileage_in + rng.choice((5000, 7500, 10000))

        # --- the timeline ---
        self.event("create", WOState.DRAFT.value, self.advisor, plan.received_at)
        if step >= 1:
            approved = self.at(0.05)
            order.update(approval_method=approval_method, approved_at=approved,
                         approved_by_name=vehicle.customer_name[:50] if approval_method == "phone" else "",
                         approval_recorded_by_id=self.advisor.id)
            self.event("approve", WOState.OPENED.value, self.advisor, approved)
        if order_discount:
            manager = discount_above_limit(order_discount, customer_net, self.b._limit_bp)
            granter = self.staff.manager if manager else self.advisor
            self.out["wo_discounts"].append(self.stamp(
                work_order_id=plan.id, scope="order", line_id=None, amount_fen=order_discount,
                gross_fen=customer_net, reason="老客户优惠", above_limit=manager, granted_by_id=granter.id,
                granted_by_name=granter.name, granted_at=self.at(0.04)))
        if step >= 1:
            self._workshop(labour_rows, step, cancelled, service_class, order)
        if cancelled:
            order["cancel_reason"] = rng.choice(_CANCEL_REASONS)
            self.event("cancel", WOState.CANCELLED.value, self.advisor, plan.end_at, order["cancel_reason"])
        if step >= _STEPS[WOState.SETTLED] and not cancelled:
            settled = self.at(0.9) if state == WOState.DELIVERED else self.at(0.8)
            order.update(settled_at=settled, settled_by_id=self.staff.cashier.id)
            self.event("settle", WOState.SETTLED.value, self.staff.cashier, settled)
            self._payments(totals.customer_fen, settled)
        if state == WOState.DELIVERED:
            returned = rng.random() < 0.95
            order.update(delivered_at=plan.end_at, mileage_out=plan.mileage_out, delivered_by_id=self.advisor.id,
                         claim_check_returned=returned,
                         claim_check_note="" if returned else "客户联遗失，已核对车主身份证")
            self.event("deliver", WOState.DELIVERED.value, self.advisor, plan.end_at)
        assert self.state == state, (self.state, state)
        for row in labour_rows:
            del row["_trade"]
        self.out["work_orders"].append(order)
        self.out["wo_labour_lines"].extend(labour_rows)
        self.out["wo_part_lines"].extend(part_rows)
        self.out["wo_sundry_lines"].extend(sundry_rows)

    def _work(self, kind: str) -> tuple[list[_Labour], str]:
        rng = self.rng
        if kind == "service":
            extras = rng.sample(_MAINTENANCE_EXTRAS, rng.choice((0, 1, 1, 2, 3)))
            return [_SERVICE, *extras], rng.choice(_SERVICE_WORDS)
        if kind == "accident":
            words, labours = rng.choice(_ACCIDENTS)
            return list(labours), words
        picks = rng.sample(_REPAIRS, rng.choice((1, 1, 1, 2)))
        return [labour for _, labour in picks], "，".join(words for words, _ in picks)

    def _workshop(self, labour_rows: list[dict[str, Any]], step: int, cancelled: bool,
                  service_class: str, order: dict[str, Any]) -> None:
        """Dispatch, time entries, waiting for parts and the three-level QC up to ``step``."""
        rng, staff = self.rng, self.staff
        if step < _STEPS[WOState.IN_PROGRESS] and not (step == 1 and rng.random() < 0.5):
            return
        trades: dict[str, list[dict[str, Any]]] = {}
        for row in labour_rows:
            trades.setdefault(row["_trade"], []).append(row)
        jobs: list[dict[str, Any]] = []
        dispatched = self.at(0.08)
        for seq, (trade, rows) in enumerate(trades.items(), start=1):
            technician = rng.choice(staff.technicians)
            job = self.stamp(work_order_id=self.p.id, seq=seq, title="、".join(r["description"] for r in rows)[:200],
                             trade=trade, technician_id=technician.id, state="assigned", wait_reason="",
                             dispatched_at=dispatched, dispatched_by_id=staff.foreman.id, finished_at=None)
            for row in rows:
                row["job_id"], row["technician_id"] = job["id"], technician.id
            jobs.append(job)
        self.out["wo_jobs"].extend(jobs)
        if step < _STEPS[WOState.IN_PROGRESS]:
            return
        first_tech = _tech(staff, jobs[0])
        self.event("start", WOState.IN_PROGRESS.value, first_tech, self.at(0.12))
        waited = step == _STEPS[WOState.WAITING_PARTS] or (step > 3 and rng.random() < 0.08)
        work_end = 0.55
        for index, job in enumerate(jobs):
            start = 0.12 + 0.3 * index / len(jobs)
            stop = 0.12 + 0.3 * (index + 1) / len(jobs) if step > 2 or cancelled else None
            if step == _STEPS[WOState.IN_PROGRESS] and not cancelled and index == len(jobs) - 1:
                stop = None  # the technician is on it right now
            entry_stop = self.at(stop) if stop is not None else None
            self.out["wo_time_entries"].append(self.stamp(
                job_id=job["id"], technician_id=job["technician_id"], service_class=service_class,
                started_at=self.at(start), stopped_at=entry_stop, recorded_by_id=job["technician_id"]))
            job["state"] = "working" if stop is None else "done" if step > 3 else "assigned"
            if step > 3:
                job["finished_at"] = entry_stop
        if waited:
            reason = rng.choice(_WAIT_REASONS)
            job = jobs[-1]
            self.event("wait_parts", WOState.WAITING_PARTS.value, _tech(staff, job), self.at(0.45), reason)
            if step == _STEPS[WOState.WAITING_PARTS]:
                job.update(state="waiting_parts", wait_reason=reason, finished_at=None)
                return
            job["wait_reason"] = reason
            self.event("resume", WOState.IN_PROGRESS.value, _tech(staff, job), self.at(0.5))
            self.out["wo_time_entries"].append(self.stamp(
                job_id=job["id"], technician_id=job["technician_id"], service_class=service_class,
                started_at=self.at(0.5), stopped_at=self.at(work_end), recorded_by_id=job["technician_id"]))
            job["finished_at"] = self.at(work_end)
        if step < _STEPS[WOState.QC] or cancelled:
            return
        rounds = 2 if step > 4 and rng.random() < 0.06 else 1
        moment = work_end
        for qc_round in range(1, rounds + 1):
            self._qc(qc_round, "self", True, first_tech, moment)
            self.event("submit_qc", WOState.QC.value, first_tech, self.at(moment))
            if step == _STEPS[WOState.QC] and (qc_round == rounds):
                if rng.random() < 0.5:
                    self._qc(qc_round, "team", True, staff.foreman, moment + 0.02)
                return
            self._qc(qc_round, "team", True, staff.foreman, moment + 0.02)
            final_pass = qc_round == rounds
            reason = "" if final_pass else rng.choice(_QC_FAIL_REASONS)
            self._qc(qc_round, "final", final_pass, staff.qc_inspector, moment + 0.04, reason)
            if final_pass:
                self.event("pass_qc", WOState.READY.value, staff.qc_inspector, self.at(moment + 0.04))
            else:
                self.event("fail_qc", WOState.IN_PROGRESS.value, staff.qc_inspector, self.at(moment + 0.04), reason)
                order["qc_round"] = qc_round + 1
                moment += 0.1

    def _qc(self, qc_round: int, level: str, passed: bool, who: DemoStaff, fraction: float, reason: str = "") -> None:
        self.out["wo_quality_checks"].append(self.stamp(
            work_order_id=self.p.id, round=qc_round, level=level, passed=passed, reason=reason,
            inspector_id=who.id, inspector_name=who.name, at=self.at(fraction)))

    def _payments(self, due: int, at: dt.datetime) -> None:
        if due <= 0:
            return
        rng = self.rng
        methods = [m for m, _ in _PAYMENT_METHODS]
        weights = [w for _, w in _PAYMENT_METHODS]
        if self.p.vehicle.company and rng.random() < 0.5:
            parts = [("on_account", due)]
        elif due > 20000 and rng.random() < 0.15:
            first = due // 2 // 100 * 100
            parts = [("cash", first), (rng.choices(methods, weights)[0], due - first)]
        else:
            parts = [(rng.choices(methods, weights)[0], due)]
        for method, amount in parts:
            reference = "" if method in ("cash", "on_account") else f"{rng.randrange(10**11):011d}"
            self.out["wo_payments"].append(self.stamp(
                work_order_id=self.p.id, method=method, amount_fen=amount, reference=reference, at=at,
                cashier_id=self.staff.cashier.id, reversal_id=None))


def _tech(staff: StaffPool, job: dict[str, Any]) -> DemoStaff:
    return next((t for t in staff.technicians if t.id == job["technician_id"]), staff.technicians[0])


def _json(items: list[dict[str, str]]) -> str:
    return json.dumps(items, ensure_ascii=False)


__all__ = ["DEFAULT_ORDERS_PER_VEHICLE", "HISTORY_DAYS", "TABLES", "DemoStaff", "DemoVehicle",
           "KeyOrder", "OrderBuilder", "PlannedOrder", "StaffPool", "plan_visits"]
