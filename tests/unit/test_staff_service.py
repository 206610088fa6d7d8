"""Passwords, login and staff accounts: the rules live in the service, not in the GUI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from domain import clock
from domain.errors import Conflict, NotAllowed, ValidationError, ValidationErrors
from domain.model import Staff
from domain.passwords import hash_password, verify_password
from domain.roles import Actor, Role
from domain.services.registry import Services
from domain.services.staff import LOCKOUT, MAX_FAILED_LOGINS
from tests.conftest import ADMIN_PASSWORD, make_actor


def test_hash_is_not_the_password_and_verifies() -> None:
    stored = hash_password("geheim-123")
    assert "geheim-123" not in stored
    assert stored.startswith("$argon2id$")
    assert verify_password("geheim-123", stored)
    assert not verify_password("geheim-124", stored)
    assert not verify_password("", stored)


def test_two_hashes_of_one_password_differ() -> None:
    first, second = hash_password("same-password"), hash_password("same-password")
    assert first != second
    assert verify_password("same-password", first) and verify_password("same-password", second)


@pytest.mark.parametrize("stored", ["", "plain-text", "md5$abc", "scrypt$x$y$z$!!$!!"])
def test_malformed_hash_never_verifies(stored: str) -> None:
    assert not verify_password("anything", stored)


def test_database_holds_only_the_hash(services: Services, admin: Actor) -> None:
    services.staff.create(admin, username="li.na", display_name="李娜", role=Role.CASHIER,
                          password="kasse-2024")
    with services.uow() as session:
        stored = session.scalar(select(Staff.password_hash).where(Staff.username == "li.na"))
    assert stored is not None and "kasse-2024" not in stored
    assert verify_password("kasse-2024", stored)


def test_login_success_returns_actor(services: Services) -> None:
    actor = services.staff.login("admin", ADMIN_PASSWORD)
    assert actor.username == "admin"
    assert actor.role is Role.ADMIN
    assert actor.staff_id


def test_login_wrong_password_and_unknown_user_same_error(services: Services) -> None:
    with pytest.raises(ValidationError) as wrong:
        services.staff.login("admin", "wrong-password")
    with pytest.raises(ValidationError) as unknown:
        services.staff.login("nobody", "wrong-password")
    assert wrong.value.code == unknown.value.code == "auth.failed"


def test_lockout_after_five_failures_and_release_after_five_minutes(services: Services) -> None:
    start = clock.now()
    with clock.freeze(start):
        for _ in range(MAX_FAILED_LOGINS):
            with pytest.raises(ValidationError):
                services.staff.login("admin", "wrong-password")
        # now even the right password is refused while the lock lasts
        with pytest.raises(NotAllowed) as locked:
            services.staff.login("admin", ADMIN_PASSWORD)
        assert locked.value.code == "auth.locked"
        assert 5 <= locked.value.params["minutes"] <= 6  # rounded up by the service
    with clock.freeze(start + LOCKOUT - timedelta(seconds=30)), pytest.raises(NotAllowed):
        services.staff.login("admin", ADMIN_PASSWORD)
    with clock.freeze(start + LOCKOUT + timedelta(seconds=1)):
        assert services.staff.login("admin", ADMIN_PASSWORD).username == "admin"


def test_four_failures_then_success_resets_counter(services: Services) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(ValidationError):
            services.staff.login("admin", "wrong-password")
    services.staff.login("admin", ADMIN_PASSWORD)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(ValidationError):
            services.staff.login("admin", "wrong-password")
    assert services.staff.login("admin", ADMIN_PASSWORD).username == "admin"


def test_inactive_account_refused(services: Services, admin: Actor) -> None:
    advisor = make_actor(services, admin, Role.ADVISOR, "wang.fang")
    assert advisor.staff_id is not None
    services.staff.set_active(admin, advisor.staff_id, False)
    with pytest.raises(NotAllowed) as refused:
        services.staff.login("wang.fang", "pass1234-Lw9x")
    assert refused.value.code == "auth.inactive"
    services.staff.set_active(admin, advisor.staff_id, True)
    assert services.staff.login("wang.fang", "pass1234-Lw9x").role is Role.ADVISOR


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.ADMIN, Role.OWNER, Role.SYSTEM)])
def test_non_admin_cannot_manage_staff(services: Services, admin: Actor, role: Role) -> None:
    actor = make_actor(services, admin, role)
    with pytest.raises(NotAllowed):
        services.staff.create(actor, username="intruder", display_name="某人",
                              role=Role.ADMIN, password="pass1234-Lw9x")
    assert admin.staff_id is not None
    with pytest.raises(NotAllowed):
        services.staff.set_active(actor, admin.staff_id, False)
    with pytest.raises(NotAllowed):
        services.staff.reset_password(actor, admin.staff_id, "taken-over")
    assert "intruder" not in {s.username for s in services.staff.list(admin)}
    assert services.staff.login("admin", ADMIN_PASSWORD).username == "admin"


def test_last_admin_cannot_be_deactivated(services: Services, admin: Actor) -> None:
    assert admin.staff_id is not None
    with pytest.raises(Conflict) as refused:
        services.staff.set_active(admin, admin.staff_id, False)
    assert refused.value.code == "staff.last_admin"
    second = services.staff.create(admin, username="admin2", display_name="第二管理员",
                                   role=Role.ADMIN, password="pass1234-Lw9x")
    assert not services.staff.set_active(admin, second.id, False).active
    with pytest.raises(Conflict):
        services.staff.set_active(admin, admin.staff_id, False)


def test_create_reports_every_bad_field(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationErrors) as bad:
        services.staff.create(admin, username="a b", display_name="", role="boss",
                              password="123")
    assert {e.field for e in bad.value.errors} == {"username", "display_name", "role", "password"}


def test_duplicate_username_refused_case_insensitive(services: Services, admin: Actor) -> None:
    with pytest.raises(Conflict) as taken:
        services.staff.create(admin, username="ADMIN", display_name="重复", role=Role.ADVISOR,
                              password="pass1234-Lw9x")
    assert taken.value.field == "username"


def test_reset_password_replaces_old_and_unlocks(services: Services, admin: Actor) -> None:
    clerk = make_actor(services, admin, Role.CARE_CLERK, "zhao.lei")
    assert clerk.staff_id is not None
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(ValidationError):
            services.staff.login("zhao.lei", "wrong-password")
    services.staff.reset_password(admin, clerk.staff_id, "new-secret")
    assert services.staff.login("zhao.lei", "new-secret").username == "zhao.lei"
    with pytest.raises(ValidationError):
        services.staff.login("zhao.lei", "pass1234-Lw9x")
