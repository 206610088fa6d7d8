"""Setting up a database for a branch and reading the branch's identity and settings."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import messages
from domain.errors import Conflict, NotFound, ValidationError, ValidationErrors, collect
from domain.model import Branch, Customer, Setting, WorkOrder
from domain.passwords import check_password as _check_password
from domain.roles import Actor, Permission, Role, require
from domain.uow import UnitOfWork
from domain.validation import clean_text

if TYPE_CHECKING:
    from domain.services.staff import StaffInput

messages.register("branch.unknown", "没有门店“{branch_code}”的数据（代码有误，或总部尚未导入该门店的数据）",
                  "No branch '{branch_code}' here (a wrong code, or HQ has not imported that branch yet)")

_BRANCH_CODE = re.compile(r"^[A-Z0-9]{2,8}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.]{3,32}$")


@dataclass(frozen=True)
class BranchView:
    id: str
    code: str
    name: str
    address: str
    phone: str
    timezone: str
    mode: str


def _view(branch: Branch) -> BranchView:
    return BranchView(branch.id, branch.code, branch.name, branch.address, branch.phone,
                      branch.timezone, branch.mode)


def check_username(raw: str) -> str:
    value = raw.strip()
    if not _USERNAME.match(value):
        raise ValidationError("username.invalid", "username")
    return value


def check_password(raw: str, field: str = "password", user_inputs: Sequence[str] = ()) -> str:
    """The password rule (:func:`domain.passwords.check_password`), kept importable here."""
    return _check_password(raw, field, user_inputs)


def local_branch(session: Session) -> Branch:
    branch = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
    if branch is None:
        raise NotFound("db.missing", path="(未初始化)")
    return branch


class BranchService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def is_initialised(self) -> bool:
        with self._uow() as session:
            return session.scalar(select(Branch.id).where(Branch.is_local.is_(True))) is not None

    def initialise(
        self,
        *,
        code: str,
        name: str,
        address: str = "",
        phone: str = "",
        admin_username: str,
        admin_password: str,
        admin_display_name: str = "管理员",
        mode: str = "branch",
        admin_role: str = Role.ADMIN,
        staff: Sequence[StaffInput] = (),
    ) -> BranchView:
        """First start (首次设置): the local branch, its first account and, from the wizard's
        staff table, the other accounts, all in one unit of work (or none of them).

        ``admin_role``: the wizard makes a shop's first account its owner (店长/经理, who may do
        everything, and approves what needs the general manager); ``init`` an administrator.
        """
        from domain.services.staff import StaffInput, new_staff, validate_staff_rows

        code = code.strip().upper()
        errors: list[ValidationError | None] = []
        if not _BRANCH_CODE.match(code):
            errors.append(ValidationError("branch_code.invalid", "code", value=code))
        try:
            name = clean_text(name, "门店名称", "name", max_len=100, required=True)
        except ValidationError as exc:
            errors.append(exc)
        try:
            admin_username = check_username(admin_username)
        except ValidationError as exc:
            errors.append(exc)
        try:
            check_password(admin_password, user_inputs=(admin_username, admin_display_name,
                                                        name, code))
        except ValidationError as exc:
            errors.append(exc)
        if admin_role not in (Role.ADMIN, Role.OWNER):
            errors.append(ValidationError("role.invalid", "role", role=admin_role))
        rows: list[StaffInput] = []
        try:
            rows = validate_staff_rows(staff, taken=[admin_username])
        except ValidationErrors as exc:
            errors.extend(exc.errors)
        except ValidationError as exc:
            errors.append(exc)
        collect(*errors)
        with self._uow() as session:
            existing = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
            if existing is not None:
                raise Conflict("db.already_initialised", branch_code=existing.code)
            branch = Branch(code=code, name=name, address=address.strip(), phone=phone.strip(),
                            mode=mode, is_local=True)
            session.add(branch)
            session.flush()
            first = StaffInput(admin_username, admin_display_name, str(admin_role), admin_password)
            new_staff(session, branch.id, first, general_manager=admin_role == Role.OWNER)
            for row in rows:
                new_staff(session, branch.id, row)
            return _view(branch)

    def is_empty(self) -> bool:
        """True while the branch has neither a customer nor a work order: a new shop, greeted
        with the start panel (接第一辆车, 导入客户名单)."""
        with self._uow() as session:
            return (session.scalar(select(Customer.id).limit(1)) is None
                    and session.scalar(select(WorkOrder.id).limit(1)) is None)

    def current(self) -> BranchView:
        with self._uow() as session:
            return _view(local_branch(session))

    def by_code(self, code: str) -> BranchView:
        """Another branch as HQ holds it: its forms print under its own name, address and zone."""
        wanted = code.strip().upper()
        with self._uow() as session:
            branch = session.scalar(select(Branch).where(Branch.code == wanted))
            if branch is None:
                raise NotFound("branch.unknown", branch_code=wanted)
            return _view(branch)


class SettingsService:
    """Business settings stored in the database (they travel with it)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def get(self, key: str, default: Any = None) -> Any:
        with self._uow() as session:
            row = session.get(Setting, key)
            return default if row is None else json.loads(row.value)

    def set(self, actor: Actor, key: str, value: Any) -> None:
        require(actor, Permission.SETTINGS_EDIT)
        with self._uow() as session:
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
            else:
                row.value = json.dumps(value, ensure_ascii=False)
