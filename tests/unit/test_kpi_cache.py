"""KPI facts of a closed month are remembered (``storage.kpi_queries.SqlKpiQueries``): reused
while nothing changes, computed afresh after any write, never kept for the running month."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from domain import clock
from domain.roles import Actor
from domain.services.registry import Services
from storage.kpi_queries import SqlKpiQueries
from tests.kpi_orders import settled_order

MARCH = dt.datetime(2025, 3, 10, 2, 0, tzinfo=dt.UTC)


def _settled_order(services: Services, number: str, total_fen: int, at: dt.datetime) -> None:
    """Received at ``at``, settled three hours later."""
    settled_order(services, number, total_fen, at + dt.timedelta(hours=3))


@pytest.fixture
def computed(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The windows whose facts were computed from the tables."""
    queries = services.kpi_queries
    assert isinstance(queries, SqlKpiQueries)
    windows: list[Any] = []
    original = queries._facts_by_branch

    def spy(session: Any, window: Any) -> Any:
        windows.append(window)
        return original(session, window)

    monkeypatch.setattr(queries, "_facts_by_branch", spy)
    return windows


def test_a_closed_month_is_remembered_until_a_write(services: Services, system: Actor,
                                                     computed: list[Any]) -> None:
    _settled_order(services, "WO2503-00001", 10_000, MARCH)
    assert services.kpi.monthly(system, "2025-03").current.revenue_fen == 10_000
    assert len(computed) == 3  # the month, the month before, the same month a year earlier

    assert services.kpi.monthly(system, "2025-03").current.revenue_fen == 10_000
    assert len(computed) == 3  # nothing changed: nothing read again

    _settled_order(services, "WO2503-00002", 5_000, MARCH + dt.timedelta(days=2))
    assert services.kpi.monthly(system, "2025-03").current.revenue_fen == 15_000
    assert len(computed) == 6


def test_the_running_month_is_always_counted(services: Services, system: Actor, computed: list[Any]) -> None:
    today = clock.today("Asia/Shanghai")
    month = f"{today.year:04d}-{today.month:02d}"
    services.kpi.monthly(system, month)
    services.kpi.monthly(system, month)
    running = [w for w in computed if w.end > clock.now()]
    assert len(running) == 2  # once per call; the two closed periods only the first time
    assert len(computed) == 4
