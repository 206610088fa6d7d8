"""HQ's consolidated follow-up list (各分店回访): every branch's follow-up tasks, read-only.

Why a service of its own: the branch's care service reads "this branch" (``local_branch``)
and acts (calls, letters); HQ only watches. At HQ the tasks of many branches sit in one
database, imported from their bundles, and a task has no branch column of its own, so its
branch is the one of the work order, complaint slip, customer or vehicle it was made for
(all of them carry ``branch_id`` and travel with it).

Each row is read in its branch's own time zone: whether an open task is due or overdue is
decided against *that branch's* today, and times are handed out in UTC with the zone next
to them. Mobiles are always masked here (DOMAIN.md §6b: masked for roles that do not need
them): HQ never phones a branch's customers, so no role needs the full number in this list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from domain import clock, messages
from domain.care_rules import (
    OUTCOME_LABELS_ZH,
    TASK_KIND_LABELS_ZH,
    TASK_STATUS_LABELS_ZH,
    TaskStatus,
    task_timing,
)
from domain.errors import NotFound, ValidationError, collect
from domain.model import (
    Branch,
    ComplaintSlip,
    Customer,
    FollowUpTask,
    Staff,
    Vehicle,
    WorkOrder,
)
from domain.privacy import mask_phone
from domain.roles import Actor, Permission, require
from domain.uow import UnitOfWork

MAX_PAGE = 5000

for _code, _zh, _en in (
    ("care_hq.branch_unknown", "没有门店“{branch_code}”的数据（代码有误，或总部尚未导入该门店的数据）",
     "No branch '{branch_code}' here (a wrong code, or HQ has not imported that branch yet)"),
    ("care_hq.status_invalid", "回访状态“{value}”无效，可选：open、done、failed、cancelled",
     "Invalid follow-up status '{value}'; use open, done, failed or cancelled"),
    ("care_hq.range_invalid", "起始日期 {since} 晚于截止日期 {until}",
     "The start date {since} is after the end date {until}"),
):
    messages.register(_code, _zh, _en)


@dataclass(frozen=True)
class BranchChoice:
    """A branch whose data HQ holds: the filter combo's entries and the CLI's ``--branch``."""

    code: str
    name: str
    timezone: str


@dataclass(frozen=True)
class FollowUpFilter:
    """What the consolidated list shows; dates are the branches' local calendar days.

    ``since``/``until`` bound the task's due date (a follow-up is planned for a day, in the
    branch's calendar); ``overdue_only`` keeps open tasks past their window in their branch.
    """

    branch_code: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None  # open | done | failed | cancelled
    overdue_only: bool = False


@dataclass(frozen=True)
class HQFollowUpRow:
    """One follow-up task as HQ sees it: whose branch, what for, how it stands there today."""

    id: str
    branch_code: str  # "" when no linked record names a branch (should not happen)
    branch_name: str
    branch_timezone: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    timing: str  # upcoming | due | overdue | closed, on the branch's own today
    due_on: dt.date
    window_end: dt.date | None
    tries: int
    last_outcome: str
    last_outcome_label: str
    call_back_at: dt.datetime | None  # UTC; show in branch_timezone
    customer_name: str
    mobile: str  # masked
    plate: str
    work_order_number: str
    assigned_role: str
    assigned_staff_name: str
    reason: str
    closed_at: dt.datetime | None  # UTC; show in branch_timezone
    closed_by_name: str
    created_at: dt.datetime  # the list's order after the due date, and its paging key


def _task_branch_id() -> ColumnElement[Any]:
    """The branch a task belongs to: its order's, else its complaint's, customer's, vehicle's.

    Read for the rows of one page only (filters use :func:`_in_branches`); the coalesce
    stops at the first hit, so a row costs one primary-key lookup (its order or customer).
    """
    # aliases of their own: the list query joins the same tables for the names it shows
    order, slip, customer, vehicle = (aliased(WorkOrder), aliased(ComplaintSlip), aliased(Customer),
                                      aliased(Vehicle))
    return func.coalesce(*(select(branch_id).where(key == link).correlate(FollowUpTask).scalar_subquery()
                           for branch_id, key, link in (
                               (order.branch_id, order.id, FollowUpTask.work_order_id),
                               (slip.branch_id, slip.id, FollowUpTask.source_slip_id),
                               (customer.branch_id, customer.id, FollowUpTask.customer_id),
                               (vehicle.branch_id, vehicle.id, FollowUpTask.vehicle_id))))


_ORDER = (FollowUpTask.due_on.desc(), FollowUpTask.created_at.desc(), FollowUpTask.id)


class CareHQService:
    """Read-only follow-ups across branches, for the HQ console and ``follow-ups list``."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def branches(self, actor: Actor) -> list[BranchChoice]:
        """The branches whose follow-ups can be listed here, by code (HQ itself excluded)."""
        require(actor, Permission.CARE_VIEW)
        with self._uow() as session:
            return [BranchChoice(b.code, b.name, b.timezone)
                    for b in session.scalars(select(Branch).where(Branch.mode != "hq")
                                             .order_by(Branch.code))]

    def list_follow_ups(self, actor: Actor, wanted: FollowUpFilter | None = None, *,
                        offset: int = 0, limit: int = 100, after: HQFollowUpRow | None = None
                        ) -> list[HQFollowUpRow]:
        """A page of follow-up tasks, latest due date first (then newest made first).

        ``after`` (the last row of the previous page) pages without ``offset``: reading page
        500 then costs what page 1 does.
        """
        require(actor, Permission.CARE_VIEW)
        wanted = _checked(wanted or FollowUpFilter())
        limit = max(1, min(limit, MAX_PAGE))
        with self._uow() as session:
            branches = _branches(session)
            # the page's ids first (narrow rows sort fast), then what to show of those
            conditions = _conditions(wanted, branches) + ([_after(after)] if after is not None else [])
            ids = list(session.scalars(select(FollowUpTask.id).where(*conditions)
                                       .order_by(*_ORDER).offset(max(0, offset)).limit(limit)))
            if not ids:
                return []
            found = {task.id: _row(task, branches.get(branch_id or ""), customer, mobile, plate, number, staff)
                     for task, branch_id, customer, mobile, plate, number, staff in session.execute(
                         select(FollowUpTask, _task_branch_id(), Customer.name, Customer.mobile,
                                Vehicle.plate, WorkOrder.number, Staff.display_name)
                         .outerjoin(Customer, Customer.id == FollowUpTask.customer_id)
                         .outerjoin(Vehicle, Vehicle.id == FollowUpTask.vehicle_id)
                         .outerjoin(WorkOrder, WorkOrder.id == FollowUpTask.work_order_id)
                         .outerjoin(Staff, Staff.id == FollowUpTask.assigned_staff_id)
                         .where(FollowUpTask.id.in_(ids)))}
            return [found[i] for i in ids]

    def count_follow_ups(self, actor: Actor, wanted: FollowUpFilter | None = None) -> int:
        """How many tasks the filter matches (the page's "共 N 条")."""
        require(actor, Permission.CARE_VIEW)
        wanted = _checked(wanted or FollowUpFilter())
        with self._uow() as session:
            branches = _branches(session)
            query = select(func.count(FollowUpTask.id)).where(*_conditions(wanted, branches))
            return int(session.scalar(query) or 0)


# --- helpers ------------------------------------------------------------------------------
def _checked(wanted: FollowUpFilter) -> FollowUpFilter:
    errors: list[ValidationError | None] = []
    if wanted.status and wanted.status not in {s.value for s in TaskStatus}:
        errors.append(ValidationError("care_hq.status_invalid", "status", value=wanted.status))
    if wanted.since and wanted.until and wanted.since > wanted.until:
        errors.append(ValidationError("care_hq.range_invalid", "since", since=wanted.since.isoformat(),
                                      until=wanted.until.isoformat()))
    collect(*errors)
    return wanted


def _branches(session: Session) -> dict[str, Branch]:
    """Every branch row by id (a handful, even for a large network)."""
    return {b.id: b for b in session.scalars(select(Branch))}


def _in_branches(ids: list[str]) -> ColumnElement[bool]:
    """Tasks of these branches, by the same precedence as :func:`_task_branch_id`.

    Why sets and not the lookup: each set is read once and probed per task, so filtering a
    few hundred thousand tasks by branch costs no per-row subqueries.
    """
    t = FollowUpTask
    return or_(
        t.work_order_id.in_(select(WorkOrder.id).where(WorkOrder.branch_id.in_(ids))),
        and_(t.work_order_id.is_(None), or_(
            t.source_slip_id.in_(select(ComplaintSlip.id).where(ComplaintSlip.branch_id.in_(ids))),
            and_(t.source_slip_id.is_(None), or_(
                t.customer_id.in_(select(Customer.id).where(Customer.branch_id.in_(ids))),
                and_(t.customer_id.is_(None),
                     t.vehicle_id.in_(select(Vehicle.id).where(Vehicle.branch_id.in_(ids)))))))))


def _conditions(wanted: FollowUpFilter, branches: dict[str, Branch]) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    scope = list(branches.values())
    if wanted.branch_code:
        code = wanted.branch_code.strip().upper()
        scope = [b for b in scope if b.code == code]
        if not scope:
            raise NotFound("care_hq.branch_unknown", "branch", branch_code=code)
        found.append(_in_branches([scope[0].id]))
    if wanted.since:
        found.append(FollowUpTask.due_on >= wanted.since)
    if wanted.until:
        found.append(FollowUpTask.due_on <= wanted.until)
    if wanted.status:
        found.append(FollowUpTask.status == wanted.status)
    if wanted.overdue_only:
        found.append(FollowUpTask.status == TaskStatus.OPEN.value)
        found.append(_overdue(scope, every_branch=len(scope) == len(branches)))
    return found


def _overdue(scope: list[Branch], *, every_branch: bool) -> ColumnElement[bool]:
    """Past the window on the task's own branch's today: one clause per distinct today."""
    last_day = func.coalesce(FollowUpTask.window_end, FollowUpTask.due_on)
    by_today: dict[dt.date, list[str]] = {}
    for b in scope:
        by_today.setdefault(clock.today(b.timezone), []).append(b.id)
    if len(by_today) == 1 and every_branch:  # one calendar day everywhere (the usual case)
        return last_day < next(iter(by_today))
    clauses = [and_(_in_branches(ids), last_day < today) for today, ids in by_today.items()]
    return or_(*clauses) if clauses else false()


def _after(row: HQFollowUpRow) -> ColumnElement[bool]:
    """Rows after ``row`` in the list's order (keyset paging: no re-reading skipped rows)."""
    t = FollowUpTask
    # the leading <= lets the database seek in ix_follow_up_tasks_due_on_created (0010)
    return and_(t.due_on <= row.due_on,
                or_(t.due_on < row.due_on,
                    and_(t.due_on == row.due_on,
                         or_(t.created_at < row.created_at,
                             and_(t.created_at == row.created_at, t.id > row.id)))))


def _row(task: FollowUpTask, branch: Branch | None, customer: str | None, mobile: str | None,
         plate: str | None, number: str | None, staff: str | None) -> HQFollowUpRow:
    zone = branch.timezone if branch is not None else clock.DEFAULT_TZ
    return HQFollowUpRow(
        id=task.id, branch_code=branch.code if branch else "", branch_name=branch.name if branch else "",
        branch_timezone=zone, kind=task.kind, kind_label=TASK_KIND_LABELS_ZH.get(task.kind, task.kind),
        status=task.status, status_label=TASK_STATUS_LABELS_ZH.get(task.status, task.status),
        timing=task_timing(task.status, task.due_on, task.window_end, clock.today(zone)).value,
        due_on=task.due_on, window_end=task.window_end, tries=task.tries,
        last_outcome=task.last_outcome,
        last_outcome_label=OUTCOME_LABELS_ZH.get(task.last_outcome, task.last_outcome),
        call_back_at=task.call_back_at, customer_name=customer or "", mobile=mask_phone(mobile or ""),
        plate=plate or "", work_order_number=number or "", assigned_role=task.assigned_role,
        assigned_staff_name=staff or "", reason=task.reason, closed_at=task.closed_at,
        closed_by_name=task.closed_by_name, created_at=task.created_at)


__all__ = ["BranchChoice", "CareHQService", "FollowUpFilter", "HQFollowUpRow"]
