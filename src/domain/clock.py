"""Time in one place: stored in UTC, shown in the branch's zone (default Asia/Shanghai).

Why a module: services ask ``clock.now()`` so tests can freeze time with ``clock.freeze``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"
_frozen: datetime | None = None


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def freeze(at: datetime) -> Iterator[None]:
    global _frozen
    previous, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def branch_zone(name: str | None = None) -> tzinfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except Exception:  # tzdata missing on a bare Windows install
        from datetime import timedelta, timezone

        return timezone(timedelta(hours=8), "CST")


def local(moment: datetime, zone: str | None = None) -> datetime:
    return moment.astimezone(branch_zone(zone))


def today(zone: str | None = None) -> date:
    return local(now(), zone).date()


def format_local(moment: datetime | None, zone: str | None = None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if moment is None else local(moment, zone).strftime(fmt)
