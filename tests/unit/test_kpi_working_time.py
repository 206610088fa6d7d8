"""The daily available hours per technician are a branch setting that utilisation uses.

Built on the constructed October 2026 of ``test_kpi`` (2 technicians, 31 working days by
the default calendar, 8.5 h clocked), so every expected figure follows by hand: available =
2 × 31 × h.
"""

from __future__ import annotations

import pytest

from domain import kpi
from domain.roles import Actor
from domain.services.registry import Services
from domain.settings_defaults import DEFAULTS, KPI_HOURS_PER_DAY
from tests.unit.test_kpi import manager, month  # noqa: F401  (shared fixtures)


def test_default_is_eight_hours(services: Services, manager: Actor, month: dict[str, object]) -> None:  # noqa: F811
    assert DEFAULTS[KPI_HOURS_PER_DAY] == 8.0
    cur = services.kpi.monthly(manager, "2026-10").current
    assert cur.available_hours == 496.0
    assert cur.utilisation == pytest.approx(100 * 8.5 / 496)


@pytest.mark.parametrize(("hours", "available"), [(7.5, 465.0), (10, 620.0), (4, 248.0)])
def test_setting_changes_available_hours_and_utilisation(services: Services, admin: Actor, manager: Actor,  # noqa: F811
                                                         month: dict[str, object], hours: float,  # noqa: F811
                                                         available: float) -> None:
    services.settings.set(admin, KPI_HOURS_PER_DAY, hours)
    kpis = services.kpi.monthly(manager, "2026-10")
    assert kpis.current.available_hours == available
    assert kpis.current.utilisation == pytest.approx(100 * 8.5 / available)
    # the comparison months use the same rule (September 2026: 30 working days)
    assert kpis.previous.available_hours == kpis.previous.facts.technicians * 30 * hours
    ranked = {r.code: r for r in services.kpi.ranking(manager, "2026-10")}
    assert ranked["BJ01"].figures.available_hours == available


@pytest.mark.parametrize("stored", ["abc", -3, 0, 25, None, True, [8]])
def test_a_broken_setting_falls_back_to_the_default(services: Services, admin: Actor, manager: Actor,  # noqa: F811
                                                    month: dict[str, object], stored: object) -> None:  # noqa: F811
    services.settings.set(admin, KPI_HOURS_PER_DAY, stored)
    assert services.kpi.monthly(manager, "2026-10").current.available_hours == 496.0


def test_hours_per_day_parsing() -> None:
    assert kpi.hours_per_day("7.5") == 7.5
    assert kpi.hours_per_day(24) == 24.0
    assert kpi.hours_per_day(0.5) == 0.5
    assert kpi.hours_per_day(0.4) == 8.0
    assert kpi.hours_per_day("x", default=6.0) == 6.0
