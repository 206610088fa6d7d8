"""The KPI report's tables, shared by the PDF (:mod:`reports.kpi_report`) and the Excel
export (:mod:`reports.xlsx_kpi`), so paper and spreadsheet show the same figures.

Values stay typed (a percent as a float of percent points, money as fen, counts as int)
and each writer formats them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.kpi import KPI_LABELS_ZH, Kpi, definition
from domain.services.kpi import KpiFigures, MonthlyKpis
from domain.workorder_rules import PAYER_LABELS_ZH, Payer


class Unit(StrEnum):
    PERCENT = "percent"  # percent points
    YUAN_FEN = "fen"  # money in fen
    COUNT = "count"
    DECIMAL = "decimal"  # cars per day


@dataclass(frozen=True)
class KpiLine:
    kpi: Kpi
    label: str
    unit: Unit
    current: float | int | None
    previous: float | int | None
    last_year: float | int | None
    detail: str  # e.g. "14/15"
    target: str
    met: bool | None
    definition: str


_UNITS: dict[Kpi, Unit] = {
    Kpi.CARS_RECEIVED: Unit.DECIMAL, Kpi.REVENUE: Unit.YUAN_FEN, Kpi.REVENUE_PER_CAR: Unit.YUAN_FEN,
    Kpi.REVENUE_PER_CAR_INSURANCE: Unit.YUAN_FEN, Kpi.COMPLAINTS_OPENED: Unit.COUNT,
    Kpi.COMPLAINTS_OVERDUE: Unit.COUNT,
}


def _raw(fig: KpiFigures, kpi: Kpi) -> float | int | None:
    if kpi is Kpi.REVENUE:
        return fig.revenue_fen
    if kpi is Kpi.REVENUE_PER_CAR:
        return fig.revenue_per_car_fen
    if kpi is Kpi.REVENUE_PER_CAR_INSURANCE:
        return fig.revenue_per_car_insurance_fen
    if kpi in (Kpi.COMPLAINTS_OPENED, Kpi.COMPLAINTS_OVERDUE):
        value = fig.value(kpi)
        return None if value is None else int(value)
    return fig.value(kpi)


def _detail(fig: KpiFigures, kpi: Kpi) -> str:
    ratios = {Kpi.RETURN_REPAIR_RATE: fig.return_repair, Kpi.CSI: fig.csi, Kpi.CALLBACK_RATE: fig.callback,
              Kpi.CALLBACK_RATE_WARRANTY: fig.callback_warranty, Kpi.CLAIM_PASS_RATE: fig.claim_pass,
              Kpi.COMPLAINTS_CLOSED_IN_TIME: fig.complaints_in_time}
    if kpi in ratios:
        return f"{ratios[kpi].numerator}/{ratios[kpi].denominator}"
    if kpi is Kpi.CARS_RECEIVED:
        return f"{fig.cars_received} 台 / {fig.working_days} 个工作日"
    if kpi is Kpi.REVENUE_PER_CAR:
        return f"{fig.facts.settled_orders} 单"
    if kpi is Kpi.REVENUE_PER_CAR_INSURANCE:
        return f"{fig.facts.insurance_orders} 单"
    if kpi is Kpi.TECHNICIAN_EFFICIENCY:
        return f"{fig.facts.sold_hours_centi / 100:.2f} h / {fig.facts.sold_clocked_seconds / 3600:.2f} h"
    if kpi is Kpi.UTILISATION:
        return f"{fig.facts.clocked_seconds / 3600:.1f} h / {fig.available_hours:.0f} h"
    return ""


ORDER: tuple[Kpi, ...] = tuple(Kpi)


def kpi_lines(kpis: MonthlyKpis) -> list[KpiLine]:
    lines = []
    for kpi in ORDER:
        cur = _raw(kpis.current, kpi)
        target = kpis.targets.get(kpi)
        shown = cur / 100 if _UNITS.get(kpi) is Unit.YUAN_FEN and cur is not None else cur
        lines.append(KpiLine(kpi, KPI_LABELS_ZH[kpi], _UNITS.get(kpi, Unit.PERCENT), cur,
                             _raw(kpis.previous, kpi), _raw(kpis.last_year, kpi), _detail(kpis.current, kpi),
                             target.label() if target else "", target.met(shown) if target else None,
                             definition(kpi)))
    return lines


def revenue_split(fig: KpiFigures) -> list[tuple[str, int]]:
    """(label, fen): labour, parts, sundry (line amounts net of line discounts)."""
    f = fig.facts
    return [("工时费", f.labour_fen), ("配件费", f.parts_fen), ("杂费", f.sundry_fen)]


def revenue_by_payer(fig: KpiFigures) -> list[tuple[str, int]]:
    order = [Payer.CUSTOMER, Payer.WARRANTY, Payer.INSURANCE, Payer.CONTRACT, Payer.INTERNAL]
    split = fig.facts.revenue_by_payer
    rows = [(PAYER_LABELS_ZH[p], int(split.get(p.value, 0))) for p in order]
    rows += [(k, int(v)) for k, v in split.items() if k not in {p.value for p in order}]
    return rows


def days_received(fig: KpiFigures) -> list[tuple[int, int]]:
    return [(i + 1, n) for i, n in enumerate(fig.facts.received_per_day)]
