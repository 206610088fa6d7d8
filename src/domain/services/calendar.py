"""The branch's working calendar (工作日历): read, changed in 系统设置, and counted per month.

Why here: the KPIs (cars per day, available hours), the care desk (no calls on a closed
day) and the settings tab read the same calendar through :func:`branch_calendars`; a branch
without a calendar row works all seven days (:class:`domain.calendar_rules.WorkCalendar`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import messages
from domain.calendar_rules import (
    WorkCalendar,
    any_working_days,
    dates_text,
    parse_dates,
    parse_weekdays,
    weekdays_text,
)
from domain.care_rules import month_end
from domain.errors import ValidationError, collect
from domain.model.branch import Branch
from domain.model.calendar import BranchCalendar
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.mode_guard import require_branch_mode
from domain.uow import UnitOfWork

MAX_SPECIAL_DAYS = 400  # holidays plus extra days kept; about ten years of them

messages.register("calendar.no_weekday", "工作日历至少要有一个营业的星期几",
                  "The calendar needs at least one day of the week open")
messages.register("calendar.weekday", "星期几无效：{value}（1 = 周一 … 7 = 周日）",
                  "Invalid day of the week: {value} (1 = Monday … 7 = Sunday)")
messages.register("calendar.both", "{day} 不能既是休息日又是额外工作日", "{day} cannot be both a holiday and an extra working day")
messages.register("calendar.too_many", "特殊日期太多（最多 {max} 个），请删除多年前的", "Too many special days (at most {max}); remove old ones")
messages.register("calendar.year", "日期 {day} 超出范围（2000–2100 年）", "Date {day} is out of range (2000–2100)")


@dataclass(frozen=True)
class CalendarView:
    weekdays: frozenset[int]  # ISO, 1 = Monday
    holidays: tuple[dt.date, ...]
    extra_days: tuple[dt.date, ...]
    changed_at: dt.datetime | None  # None: never set (the default, all seven days)
    changed_by_name: str

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.weekdays, frozenset(self.holidays), frozenset(self.extra_days))


@dataclass(frozen=True)
class MonthDays:
    """A month's working days under a calendar, for the settings tab's preview."""

    year: int
    month: int
    working_days: int
    calendar_days: int


def _calendar(row: BranchCalendar) -> WorkCalendar:
    return WorkCalendar(parse_weekdays(row.open_weekdays), parse_dates(row.closed_days),
                        parse_dates(row.extra_days))


def _rows(session: Session, branch_ids: Iterable[str] | None) -> dict[str, BranchCalendar]:
    """The calendar row of each branch: the one changed last, should two exist (module doc
    of ``domain.model.calendar``)."""
    query = select(BranchCalendar).order_by(BranchCalendar.updated_at, BranchCalendar.id)
    if branch_ids is not None:
        wanted = sorted(set(branch_ids))
        if not wanted:
            return {}
        query = query.where(BranchCalendar.branch_id.in_(wanted))
    return {row.branch_id: row for row in session.scalars(query)}


def branch_calendars(session: Session, branch_ids: Iterable[str]) -> dict[str, WorkCalendar]:
    """Each branch's working calendar; the default (all seven days) where none was set."""
    ids = list(branch_ids)
    rows = _rows(session, ids)
    return {b: _calendar(rows[b]) if b in rows else WorkCalendar() for b in ids}


def local_calendar(session: Session) -> WorkCalendar:
    branch_id = local_branch(session).id
    return branch_calendars(session, [branch_id])[branch_id]


def shop_branch_ids(session: Session, branch_ids: Sequence[str] | None) -> list[str]:
    """The branches a figure covers (``None``: every branch), without HQ's own row: HQ
    receives no cars, so its calendar is no shop's."""
    query = select(Branch.id).where(~(Branch.is_local.is_(True) & (Branch.mode == "hq")))
    if branch_ids is not None:
        query = query.where(Branch.id.in_(list(branch_ids)))
    return list(session.scalars(query))


def working_days(session: Session, branch_ids: Sequence[str] | None, first: dt.date, last: dt.date) -> int:
    """工作日数 of one branch, or of a group (the days at least one of them is open,
    :func:`domain.calendar_rules.any_working_days`), from ``first`` to ``last``."""
    ids = shop_branch_ids(session, branch_ids)
    return any_working_days(branch_calendars(session, ids).values(), first, last)


def check_calendar(weekdays: Iterable[int], holidays: Iterable[dt.date],
                   extra_days: Iterable[dt.date]) -> tuple[frozenset[int], frozenset[dt.date], frozenset[dt.date]]:
    """The calendar's parts, checked: at least one open weekday, no day both closed and
    extra, dates within 2000–2100, at most ``MAX_SPECIAL_DAYS`` special days."""
    errors: list[ValidationError | None] = []
    days: set[int] = set()
    for value in weekdays:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            days.add(value)
        else:
            errors.append(ValidationError("calendar.weekday", "weekdays", value=str(value)))
    if not days:
        errors.append(ValidationError("calendar.no_weekday", "weekdays"))
    closed, extra = frozenset(holidays), frozenset(extra_days)
    for day in sorted(closed & extra):
        errors.append(ValidationError("calendar.both", "extra_days", day=day.isoformat()))
    for day in sorted(closed | extra):
        if not 2000 <= day.year <= 2100:
            errors.append(ValidationError("calendar.year", "holidays", day=day.isoformat()))
    if len(closed) + len(extra) > MAX_SPECIAL_DAYS:
        errors.append(ValidationError("calendar.too_many", "holidays", max=MAX_SPECIAL_DAYS))
    collect(*errors)
    return frozenset(days), closed, extra


class CalendarService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def get(self, actor: Actor) -> CalendarView:
        """The local branch's calendar (anyone may read it: it decides their figures)."""
        del actor
        with self._uow() as session:
            branch = local_branch(session)
            row = _rows(session, [branch.id]).get(branch.id)
            return self._view(row)

    def save(self, actor: Actor, weekdays: Iterable[int], holidays: Iterable[dt.date],
             extra_days: Iterable[dt.date]) -> CalendarView:
        """设置工作日历. Per-day figures of every month follow at once: they are divided
        by the calendar when read, never stored divided (``storage.kpi_cache``)."""
        require(actor, Permission.SETTINGS_EDIT)
        days, closed, extra = check_calendar(weekdays, holidays, extra_days)
        with self._uow() as session:
            require_branch_mode(session)
            branch = local_branch(session)
            row = _rows(session, [branch.id]).get(branch.id)
            if row is None:
                row = BranchCalendar(branch_id=branch.id)
                session.add(row)
            row.open_weekdays = weekdays_text(days)
            row.closed_days = dates_text(closed)
            row.extra_days = dates_text(extra)
            row.changed_by_name = actor.display_name
            session.flush()
            return self._view(row)

    def month(self, actor: Actor, year: int, month: int, calendar: WorkCalendar | None = None) -> MonthDays:
        """Working days of a month under ``calendar`` (default: the saved one)."""
        del actor
        first, last = dt.date(year, month, 1), month_end(year, month)
        if calendar is None:
            with self._uow() as session:
                calendar = local_calendar(session)
        return MonthDays(year, month, calendar.working_days(first, last), (last - first).days + 1)

    @staticmethod
    def _view(row: BranchCalendar | None) -> CalendarView:
        if row is None:
            default = WorkCalendar()
            return CalendarView(default.weekdays, (), (), None, "")
        cal = _calendar(row)
        return CalendarView(cal.weekdays, tuple(sorted(cal.holidays)), tuple(sorted(cal.extra_days)),
                            row.updated_at, row.changed_by_name)


__all__ = ["CalendarService", "CalendarView", "MonthDays", "branch_calendars", "check_calendar", "local_calendar",
           "shop_branch_ids", "working_days"]
