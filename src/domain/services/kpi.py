"""Monthly after-sales KPIs for a branch, several branches or all of them (HQ), with the
previous month and the same month last year, drill-down to the records and HQ's ranking.

Why a protocol for the queries: the counting is SQL aggregation in the storage layer
(:class:`storage.kpi_queries.SqlKpiQueries`), which the domain may not import; the wiring
(``app.context``) hands it in. This service only chooses the periods and branches, and turns
the counts into figures with the one set of definitions in :mod:`domain.kpi`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock, kpi, messages
from domain.care_rules import Ratio, month_end
from domain.errors import NotFound, ValidationError
from domain.kpi import Kpi, KpiQueries, KpiWindow, MonthFacts, RecordRow, Target, WorkingTime
from domain.model.branch import Branch, Setting
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.calendar import branch_calendars, working_days
from domain.settings_defaults import KPI_HOURS_PER_DAY, KPI_TARGETS, setting
from domain.uow import UnitOfWork

messages.register("kpi.month_invalid", "月份无效：{value}（应为 YYYY-MM）", "Invalid month: {value} (use YYYY-MM)")
messages.register("kpi.branch_unknown", "找不到门店 {branch}", "Branch {branch} not found")
messages.register("kpi.unavailable", "经营指标查询未配置", "KPI queries are not configured")
messages.register("kpi.kpi_unknown", "未知指标：{value}", "Unknown KPI: {value}")

BranchChoice = Sequence[str] | Literal["all"] | None
DRILL_LIMIT = 2000


@dataclass(frozen=True)
class KpiFigures:
    """The figures of one period, ready to show; counts kept so 14/15 can be printed."""

    first_day: dt.date
    last_day: dt.date
    working_days: int
    facts: MonthFacts
    cars_received: int
    cars_per_day: float | None
    revenue_fen: int
    revenue_per_car_fen: int | None
    revenue_per_car_insurance_fen: int | None
    return_repair: Ratio
    csi: Ratio
    callback: Ratio
    callback_warranty: Ratio
    claim_pass: Ratio
    efficiency: float | None
    utilisation: float | None
    available_hours: float
    genuine_share: float | None
    complaints_in_time: Ratio

    def value(self, which: Kpi) -> float | None:
        """The headline number of a KPI (percent, yuan or count) for cards and comparisons."""
        ratios = {Kpi.RETURN_REPAIR_RATE: self.return_repair, Kpi.CSI: self.csi, Kpi.CALLBACK_RATE: self.callback,
                  Kpi.CALLBACK_RATE_WARRANTY: self.callback_warranty, Kpi.CLAIM_PASS_RATE: self.claim_pass,
                  Kpi.COMPLAINTS_CLOSED_IN_TIME: self.complaints_in_time}
        if which in ratios:
            return ratios[which].percent
        fen = {Kpi.REVENUE: self.revenue_fen, Kpi.REVENUE_PER_CAR: self.revenue_per_car_fen,
               Kpi.REVENUE_PER_CAR_INSURANCE: self.revenue_per_car_insurance_fen}
        if which in fen:
            amount = fen[which]
            return None if amount is None else amount / 100.0
        others: dict[Kpi, float | None] = {
            Kpi.CARS_RECEIVED: self.cars_per_day, Kpi.TECHNICIAN_EFFICIENCY: self.efficiency,
            Kpi.UTILISATION: self.utilisation, Kpi.GENUINE_PARTS_SHARE: self.genuine_share,
            Kpi.COMPLAINTS_OPENED: float(self.facts.complaints_opened),
            Kpi.COMPLAINTS_OVERDUE: float(self.facts.complaints_overdue)}
        return others[which]


@dataclass(frozen=True)
class MonthlyKpis:
    month: str  # YYYY-MM
    scope_label: str  # branch name(s) or 全部门店
    branch_codes: tuple[str, ...]
    current: KpiFigures
    previous: KpiFigures
    last_year: KpiFigures
    # the targets the figures are held against: this database's setting (at HQ: HQ's)
    targets: Mapping[Kpi, Target] = field(default_factory=lambda: dict(kpi.TARGETS))


@dataclass(frozen=True)
class BranchRank:
    code: str
    name: str
    figures: KpiFigures
    ranks: dict[Kpi, int]


RANKED: tuple[Kpi, ...] = (Kpi.REVENUE, Kpi.CARS_RECEIVED, Kpi.REVENUE_PER_CAR, Kpi.RETURN_REPAIR_RATE, Kpi.CSI,
                           Kpi.CALLBACK_RATE, Kpi.CLAIM_PASS_RATE, Kpi.TECHNICIAN_EFFICIENCY)
_LOWER_IS_BETTER = frozenset({Kpi.RETURN_REPAIR_RATE, Kpi.COMPLAINTS_OVERDUE})


def parse_month(month: str) -> tuple[int, int]:
    try:
        year, mon = (int(p) for p in str(month).strip().split("-"))
        dt.date(year, mon, 1)
    except ValueError:
        raise ValidationError("kpi.month_invalid", "month", value=month) from None
    if not 2000 <= year <= 2100:
        raise ValidationError("kpi.month_invalid", "month", value=month)
    return year, mon


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def month_window(year: int, month: int, zone: str, branch_ids: tuple[str, ...] | None) -> KpiWindow:
    """A calendar month in the branch's time zone as UTC instants, one start per local day."""
    tz = clock.branch_zone(zone)
    first, last = dt.date(year, month, 1), month_end(year, month)
    starts = tuple(dt.datetime.combine(first + dt.timedelta(days=i), dt.time(), tz).astimezone(dt.UTC)
                   for i in range((last - first).days + 1))
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return KpiWindow(starts[0], end, first, starts, branch_ids)


def figures(facts: MonthFacts, first: dt.date, last: dt.date, rules: WorkingTime,
            days: int | None = None) -> KpiFigures:
    """Apply the definitions of :mod:`domain.kpi` to one period's counts; ``days``: the
    working days of the branches counted (default: the rule's calendar)."""
    days = kpi.working_days(first, last, rules) if days is None else days
    available = kpi.available_hours(facts.technician_days, rules)
    cars = sum(facts.received_per_day)
    return KpiFigures(
        first_day=first, last_day=last, working_days=days, facts=facts,
        cars_received=cars, cars_per_day=kpi.cars_received_per_day(cars, days),
        revenue_fen=facts.settled_revenue_fen,
        revenue_per_car_fen=kpi.average_revenue_per_car(facts.settled_revenue_fen, facts.settled_orders),
        revenue_per_car_insurance_fen=kpi.average_revenue_per_car(facts.insurance_revenue_fen,
                                                                  facts.insurance_orders),
        return_repair=kpi.return_repair_rate(facts.rework_delivered, facts.delivered),
        csi=kpi.csi(facts.rating_levels),
        callback=kpi.callback_rate(facts.callbacks),
        callback_warranty=kpi.callback_rate(facts.callbacks, warranty_only=True),
        claim_pass=kpi.claim_pass_rate(facts.claims_accepted, facts.claims_decided),
        efficiency=kpi.technician_efficiency(facts.sold_hours_centi, facts.sold_clocked_seconds),
        utilisation=kpi.utilisation(facts.clocked_seconds, available),
        available_hours=available,
        genuine_share=kpi.genuine_parts_share(facts.genuine_parts_fen, facts.parts_fen),
        complaints_in_time=kpi.complaints_closed_in_time(facts.complaints_closed_in_time, facts.complaints_closed),
    )


class KpiService:
    def __init__(self, uow: UnitOfWork, queries: KpiQueries | None, rules: WorkingTime | None = None) -> None:
        self._uow = uow
        self._queries = queries
        self.rules = rules or WorkingTime()

    def _working_time(self, session: Session) -> WorkingTime:
        """The working-time rule with this database's daily available hours per technician
        (setting ``kpi.hours_per_day``; at HQ the HQ's own value applies to every branch)."""
        stored = setting(session, KPI_HOURS_PER_DAY)
        return replace(self.rules, hours_per_day=kpi.hours_per_day(stored, self.rules.hours_per_day))

    def targets(self) -> dict[Kpi, Target]:
        """The branch's KPI targets (setting ``kpi.targets``; the regulation's by default)."""
        with self._uow() as session:
            return kpi.targets(setting(session, KPI_TARGETS))

    def save_targets(self, actor: Actor, values: Mapping[Kpi, float]) -> dict[Kpi, Target]:
        """Save the branch's own targets; a value out of range is refused with its KPI named."""
        require(actor, Permission.SETTINGS_EDIT)
        checked = kpi.check_targets(values)
        with self._uow() as session:
            stored = setting(session, KPI_TARGETS)
            merged = {**(stored if isinstance(stored, dict) else {}), **checked}
            row = session.get(Setting, KPI_TARGETS)
            if row is None:
                session.add(Setting(key=KPI_TARGETS, value=json.dumps(merged)))
            else:
                row.value = json.dumps(merged)
            session.flush()
            return kpi.targets(merged)

    def _q(self) -> KpiQueries:
        if self._queries is None:
            raise NotFound("kpi.unavailable")
        return self._queries

    def _scope(self, session: Session, branches: BranchChoice) -> tuple[str, tuple[str, ...] | None, tuple[str, ...]]:
        """(label, branch ids or None for every row, codes). None means the local branch, or
        every branch at HQ."""
        local = local_branch(session)
        if branches is None:
            if local.mode != "hq":
                return local.name, (local.id,), (local.code,)
            branches = "all"
        if branches == "all":
            codes = tuple(session.scalars(select(Branch.code).order_by(Branch.code)))
            return "全部门店", None, codes
        rows = list(session.execute(select(Branch.id, Branch.code, Branch.name).where(Branch.code.in_(list(branches)))))
        found = {code for _, code, _ in rows}
        for code in branches:
            if code not in found:
                raise NotFound("kpi.branch_unknown", branch=code)
        rows.sort(key=lambda r: r[1])
        return "、".join(r[2] for r in rows), tuple(r[0] for r in rows), tuple(r[1] for r in rows)

    def branches(self, actor: Actor) -> list[tuple[str, str]]:
        """(code, name) of every branch in the database, for HQ's branch selector."""
        require(actor, Permission.KPI_VIEW)
        with self._uow() as session:
            return [(c, n) for c, n in session.execute(select(Branch.code, Branch.name).order_by(Branch.code))]

    def monthly(self, actor: Actor, month: str, branch_codes: BranchChoice = None) -> MonthlyKpis:
        """The month's figures with the previous month and the same month a year earlier."""
        require(actor, Permission.KPI_VIEW)
        year, mon = parse_month(month)
        queries = self._q()
        with self._uow() as session:
            zone = local_branch(session).timezone
            label, ids, codes = self._scope(session, branch_codes)
            rules = self._working_time(session)
            targets = kpi.targets(setting(session, KPI_TARGETS))
            periods = [(year, mon), shift_month(year, mon, -1), (year - 1, mon)]
            out = []
            for y, m in periods:
                window = month_window(y, m, zone, ids)
                last = month_end(y, m)
                days = working_days(session, ids, window.first_day, last)
                out.append(figures(queries.month_facts(session, window), window.first_day, last, rules, days))
        return MonthlyKpis(f"{year:04d}-{mon:02d}", label, codes, out[0], out[1], out[2], targets)

    def records(self, actor: Actor, which: Kpi | str, month: str, branch: BranchChoice = None) -> list[RecordRow]:
        """The work orders (or complaint slips) a figure was computed from."""
        require(actor, Permission.KPI_VIEW)
        try:
            key = Kpi(which)
        except ValueError:
            raise ValidationError("kpi.kpi_unknown", "kpi", value=str(which)) from None
        year, mon = parse_month(month)
        queries = self._q()
        with self._uow() as session:
            zone = local_branch(session).timezone
            _, ids, _ = self._scope(session, [branch] if isinstance(branch, str) and branch != "all" else branch)
            return list(queries.records(session, key, month_window(year, mon, zone, ids), DRILL_LIMIT))

    def ranking(self, actor: Actor, month: str) -> list[BranchRank]:
        """HQ side by side: every branch with data, ranked per KPI (1 = best), ordered by revenue."""
        require(actor, Permission.KPI_VIEW)
        year, mon = parse_month(month)
        queries = self._q()
        with self._uow() as session:
            zone = local_branch(session).timezone
            window = month_window(year, mon, zone, None)
            by_branch = queries.facts_by_branch(session, window)
            names = {b.id: (b.code, b.name) for b in session.scalars(select(Branch))}
            rules = self._working_time(session)
            last = month_end(year, mon)
            calendars = branch_calendars(session, [b for b in by_branch if b in names])
        rows = [(names[bid], figures(f, window.first_day, last, rules,
                                     calendars[bid].working_days(window.first_day, last)))
                for bid, f in by_branch.items() if bid in names]
        ranks: dict[str, dict[Kpi, int]] = {code: {} for (code, _), _ in rows}
        for which in RANKED:
            scored = [(fig.value(which), code) for (code, _), fig in rows]
            valued = sorted((v, c) for v, c in scored if v is not None)
            if which not in _LOWER_IS_BETTER:
                valued.sort(key=lambda vc: (-vc[0], vc[1]))
            for position, (_, code) in enumerate(valued, start=1):
                ranks[code][which] = position
        result = [BranchRank(code, name, fig, ranks[code]) for (code, name), fig in rows]
        result.sort(key=lambda r: (-r.figures.revenue_fen, r.code))
        return result
