"""Login (登录) and staff accounts (员工管理)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from domain import audit, clock
from domain.errors import (
    Conflict,
    DomainError,
    NotAllowed,
    NotFound,
    ValidationError,
    ValidationErrors,
    collect,
)
from domain.model import LoginFailure, Staff
from domain.passwords import hash_password, needs_rehash, spend_verify_time, verify_password
from domain.roles import LOGIN_ROLES, MATRIX, Actor, Permission, Role, require
from domain.services.branch import check_password, check_username, local_branch
from domain.services.mode_guard import BRANCH_DATA_READ_ONLY
from domain.uow import UnitOfWork
from domain.validation import clean_text

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class StaffView:
    id: str
    username: str
    display_name: str
    role: Role
    active: bool


def _view(staff: Staff) -> StaffView:
    return StaffView(staff.id, staff.username, staff.display_name, Role(staff.role), staff.active)


#: accounts that look after the others (administrators, owners): the last one stays active
STAFF_MANAGERS: frozenset[Role] = MATRIX[Permission.STAFF_MANAGE]


@dataclass(frozen=True)
class StaffInput:
    """A new account (员工账号): 用户名, 姓名, 岗位 and the first password."""

    username: str
    display_name: str
    role: str
    password: str


def validate_staff(data: StaffInput, prefix: str = "") -> StaffInput:
    """Normalised copy, or every field error at once. ``prefix`` places the errors of one row
    of a table (the set-up wizard's staff rows: ``staff.2.``) next to that row's cells."""
    errors: list[ValidationError | None] = []
    checked: dict[str, str] = {}
    for key, check in (
        ("username", lambda: check_username(data.username)),
        ("display_name", lambda: clean_text(data.display_name, "姓名", "display_name", max_len=50,
                                            required=True)),
        ("role", lambda: str(_check_role(data.role))),
        ("password", lambda: check_password(data.password,
                                            user_inputs=(data.username, data.display_name))),
    ):
        try:
            checked[key] = check()
        except ValidationError as exc:
            exc.field = prefix + (exc.field or key)
            errors.append(exc)
    collect(*errors)
    return StaffInput(checked["username"], checked["display_name"], checked["role"], data.password)


def validate_staff_rows(rows: Sequence[StaffInput], taken: Sequence[str] = ()) -> list[StaffInput]:
    """The wizard's staff table: each row checked (errors named ``staff.<i>.<field>``), and no
    user name twice, neither among the rows nor with ``taken`` (the owner's account)."""
    errors: list[ValidationError] = []
    checked: list[StaffInput] = []
    seen = {name.strip().lower() for name in taken}
    for i, row in enumerate(rows):
        try:
            good = validate_staff(row, f"staff.{i}.")
        except ValidationErrors as exc:
            errors.extend(exc.errors)
            continue
        except ValidationError as exc:
            errors.append(exc)
            continue
        if good.username.lower() in seen:
            errors.append(ValidationError("username.taken", f"staff.{i}.username",
                                          username=good.username))
            continue
        seen.add(good.username.lower())
        checked.append(good)
    collect(*errors)
    return checked


def new_staff(session: Session, branch_id: str, data: StaffInput, *,
              general_manager: bool = False) -> Staff:
    """An account from checked input (the password is hashed here and nowhere kept)."""
    staff = Staff(branch_id=branch_id, username=data.username, display_name=data.display_name,
                  role=data.role, password_hash=hash_password(data.password),
                  is_general_manager=general_manager)
    session.add(staff)
    session.flush()
    return staff


def _check_role(raw: str) -> Role:
    try:
        role = Role(raw)
    except ValueError:
        raise ValidationError("role.invalid", "role", role=raw) from None
    if role not in LOGIN_ROLES:
        raise ValidationError("role.invalid", "role", role=raw)
    return role


def _own_staff(session: Session, staff_id: str) -> Staff:
    """A staff member of this database's own branch: at HQ a branch's staff are that branch's
    records (``mode_guard``), managed at the branch and synced."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound("staff.not_found", key=staff_id)
    if staff.branch_id != local_branch(session).id:
        raise Conflict(BRANCH_DATA_READ_ONLY)
    return staff


class StaffService:
    def __init__(self, uow: UnitOfWork, pc: str = "") -> None:
        self._uow = uow
        #: this PC among the shop's desks (app.pc_identity): failed logins count per account and PC
        self._pc = (pc or "本机")[:100]

    def login(self, username: str, password: str) -> Actor:
        """Check the password; after 5 failures in a row on this PC, lock the account on this
        PC for 5 minutes (issue 23 item 8: "Failed logins count per account and PC, so one
        desk cannot lock the manager out of the others").

        An unknown user costs a verification against a hash of no account and gets the
        wrong password's message (item 8: "An unknown user gets the same message in the same
        time as a wrong password"). A hash of older parameters (scrypt, or Argon2 of other
        costs) is replaced at a successful login, in this unit of work, so the audit trail
        notes the change (its value is never written: ``domain.audit.SECRET_FIELDS``).
        """
        now = clock.now()
        # The failure counter must survive the refusal, so the unit of work commits first
        # and the error is raised after it.
        error: DomainError | None = None
        actor: Actor | None = None
        with self._uow() as session:
            # Locked until this login is recorded: the same account signing in on two desks at
            # once (the manager at reception and at the workshop) would otherwise race on the
            # row's version and one of them would be told someone else changed it. The lock
            # also keeps two logins of one account from racing on its failure counter.
            staff = session.scalar(select(Staff).where(Staff.username == username.strip())
                                   .with_for_update())
            if staff is not None and staff.branch_id != local_branch(session).id:
                staff = None  # a branch's staff at HQ: shown in reports, never a login here
            who: Actor | None = None
            failures: LoginFailure | None = None
            if staff is not None:
                who = Actor(staff.id, staff.username, staff.display_name, Role(staff.role))
                failures = session.get(LoginFailure, (staff.id, self._pc))
            if staff is None:
                spend_verify_time(password)
                error = ValidationError("auth.failed", "password")
            elif failures is not None and failures.locked_until is not None \
                    and failures.locked_until > now:
                minutes = max(1, math.ceil((failures.locked_until - now).total_seconds() / 60))
                error = NotAllowed("auth.locked", minutes=minutes)
            elif not verify_password(password, staff.password_hash):
                if failures is None:
                    failures = LoginFailure(staff_id=staff.id, pc=self._pc, count=0)
                    session.add(failures)
                failures.count += 1
                if failures.count >= MAX_FAILED_LOGINS:
                    failures.locked_until = now + LOCKOUT
                    failures.count = 0
                error = ValidationError("auth.failed", "password")
            elif not staff.active:
                error = NotAllowed("auth.inactive", username=staff.username)
            else:
                if failures is not None:
                    session.delete(failures)
                if needs_rehash(staff.password_hash):
                    staff.password_hash = hash_password(password)
                staff.last_login_at = now
                actor = who
            audit.set_actor(who)
            if error is None:
                audit.record_event(session, who, "login", "", table_name="staff",
                                   record_id=staff.id if staff else "", record_label=username.strip())
            else:
                audit.record_event(session, who, "login_failed", error.message("zh"),
                                   table_name="staff", record_id=staff.id if staff else "",
                                   record_label=username.strip()[:32])
        if error is not None:
            raise error
        assert actor is not None
        return actor

    def list(self, actor: Actor, *, include_inactive: bool = True) -> list[StaffView]:
        """This database's own staff (at HQ, HQ's accounts: a branch's staff are that branch's
        records, there for reports and never managed or logged in here)."""
        with self._uow() as session:
            query = select(Staff).where(Staff.branch_id == local_branch(session).id).order_by(
                Staff.role, Staff.username)
            if not include_inactive:
                query = query.where(Staff.active.is_(True))
            return [_view(s) for s in session.scalars(query)]

    def create(self, actor: Actor, *, username: str, display_name: str, role: str,
               password: str) -> StaffView:
        require(actor, Permission.STAFF_MANAGE)
        checked = validate_staff(StaffInput(username, display_name, role, password))
        with self._uow() as session:
            taken = session.scalar(
                select(Staff.id).where(func.lower(Staff.username) == checked.username.lower())
            )
            if taken:
                raise Conflict("username.taken", "username", username=checked.username)
            staff = new_staff(session, local_branch(session).id, checked)
            return _view(staff)

    def set_active(self, actor: Actor, staff_id: str, active: bool) -> StaffView:
        require(actor, Permission.STAFF_MANAGE)
        with self._uow() as session:
            staff = _own_staff(session, staff_id)
            if not active and staff.role in STAFF_MANAGERS:
                admins = session.scalar(
                    select(func.count()).select_from(Staff)
                    .where(Staff.role.in_(STAFF_MANAGERS), Staff.active.is_(True),
                           Staff.branch_id == staff.branch_id)
                )
                if (admins or 0) <= 1:
                    raise Conflict("staff.last_admin")
            staff.active = active
            return _view(staff)

    def reset_password(self, actor: Actor, staff_id: str, new_password: str) -> None:
        """A new password set by an administrator (the person changes it at the next login);
        the account's locks are lifted on every PC."""
        require(actor, Permission.STAFF_MANAGE)
        with self._uow() as session:
            staff = _own_staff(session, staff_id)
            check_password(new_password, user_inputs=(staff.username, staff.display_name))
            staff.password_hash = hash_password(new_password)
            staff.must_change_password = True
            session.execute(delete(LoginFailure).where(LoginFailure.staff_id == staff.id))

    def change_own_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        audit.set_actor(actor)  # no permission to check, but the trail must name who it was
        check_password(new_password, "new_password", (actor.username, actor.display_name))
        with self._uow() as session:
            staff = session.get(Staff, actor.staff_id) if actor.staff_id else None
            if staff is None:
                raise NotFound("staff.not_found", key=actor.username)
            if not verify_password(old_password, staff.password_hash):
                raise ValidationError("auth.failed", "old_password")
            staff.password_hash = hash_password(new_password)
            staff.must_change_password = False
