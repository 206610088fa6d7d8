"""Passwords (issue 23 item 8).

Issue 23 item 8: "Passwords. Argon2id through `argon2-cffi` at its recommended parameters (or
scrypt at OWASP's N=2^17), with the old hashes upgraded at the next successful login. At
least 8 characters, and a weak password (zxcvbn score below 2, or on a common-password list)
refused with the reason in Chinese. An unknown user gets the same message in the same time
as a wrong password. Failed logins count per account and PC, so one desk cannot lock the
manager out of the others."
"""

from __future__ import annotations

import base64
import hashlib
import os
import statistics
import time
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.cli import main
from app.context import AppContext
from app.pc_identity import FILE_NAME, pc_identity
from domain import clock, passwords
from domain.errors import NotAllowed, ValidationError, ValidationErrors
from domain.model import AuditEntry, LoginFailure, Staff
from domain.passwords import (
    CHEAP_HASH_FOR_TESTS_ENV,
    MIN_LENGTH,
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from domain.roles import Actor, Role
from domain.services.demo import generate_demo_password
from domain.services.registry import Services
from domain.services.staff import LOCKOUT, MAX_FAILED_LOGINS
from storage.location import DB_FILE_NAME
from storage.syncrows import table_by_name
from sync.owners import LOCAL
from tests.conftest import ADMIN_PASSWORD, make_actor


@pytest.fixture
def real_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The production parameters: the tests' cheap-hash switch off for this test."""
    monkeypatch.delenv(CHEAP_HASH_FOR_TESTS_ENV, raising=False)


def old_scrypt_hash(password: str) -> str:
    """A hash as DealerDesk wrote them before Argon2 (scrypt N=2^14, r=8, p=1)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


# --- hashing -----------------------------------------------------------------------------------
def test_hashes_are_argon2id_at_the_recommended_parameters(real_costs: None) -> None:
    """"Argon2id through `argon2-cffi` at its recommended parameters": PasswordHasher()'s
    defaults, RFC 9106's low-memory profile (64 MiB, 3 passes, 4 lanes)."""
    stored = hash_password("tulip-anchor-93")
    defaults = PasswordHasher()
    assert stored.startswith(f"$argon2id$v=19$m={defaults.memory_cost},t={defaults.time_cost},"
                             f"p={defaults.parallelism}$")
    assert (defaults.memory_cost, defaults.time_cost, defaults.parallelism) == (65536, 3, 4)
    assert verify_password("tulip-anchor-93", stored) and not needs_rehash(stored)
    assert not verify_password("tulip-anchor-94", stored)


def test_old_scrypt_and_outdated_argon2_hashes_verify_and_need_rehash(real_costs: None) -> None:
    old = old_scrypt_hash("tulip-anchor-93")
    assert verify_password("tulip-anchor-93", old) and not verify_password("tulip-anchor", old)
    assert needs_rehash(old)
    weaker = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("tulip-anchor-93")
    assert verify_password("tulip-anchor-93", weaker) and needs_rehash(weaker)


def test_the_cheap_switch_is_for_tests_only_and_still_argon2id() -> None:
    """The tests' switch (tests/conftest.py) changes the cost, never the algorithm; the app
    never sets it, and a hash made with it is replaced at the next login without it."""
    assert os.environ.get(CHEAP_HASH_FOR_TESTS_ENV) == "1"
    cheap = hash_password("tulip-anchor-93")
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    src = Path(passwords.__file__).parents[1]
    readers = [p for p in src.rglob("*.py") if CHEAP_HASH_FOR_TESTS_ENV in p.read_text("utf-8")]
    assert readers == [Path(passwords.__file__)]  # no app code sets or mentions it


def test_old_hash_upgraded_at_the_next_successful_login_without_leaking_it(
        services: Services, admin: Actor, real_costs: None) -> None:
    """"with the old hashes upgraded at the next successful login": through the unit of work
    (the audit trail notes the change), the hash itself never written to the trail."""
    old = old_scrypt_hash(ADMIN_PASSWORD)
    with services.uow() as session:
        staff = session.scalars(select(Staff).where(Staff.username == "admin")).one()
        staff.password_hash = old
    with pytest.raises(ValidationError):
        services.staff.login("admin", "wrong-password")
    with services.uow() as session:  # a failed login changes nothing
        assert session.scalar(select(Staff.password_hash).where(Staff.username == "admin")) == old
    services.staff.login("admin", ADMIN_PASSWORD)
    with services.uow() as session:
        new = session.scalar(select(Staff.password_hash).where(Staff.username == "admin"))
        trail = " ".join(f"{e.changes} {e.detail}" for e in session.scalars(select(AuditEntry)))
    assert new is not None and new.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert not needs_rehash(new) and verify_password(ADMIN_PASSWORD, new)
    assert "password_hash" in trail  # the change is audited …
    for secret in (old, new, old.split("$")[-1], new.split("$")[-1]):
        assert secret not in trail  # … its value is not
    services.staff.login("admin", ADMIN_PASSWORD)  # and the next login leaves it as it is
    with services.uow() as session:
        assert session.scalar(select(Staff.password_hash).where(Staff.username == "admin")) == new


# --- the strength rule -------------------------------------------------------------------------
@pytest.mark.parametrize(("password", "code", "reason"), [
    ("abc123", "password.weak", "密码至少 8 位"),
    ("Tk9#vQ2", "password.weak", "密码至少 8 位"),
    ("12345678", "password.common", "密码太常见"),
    ("password", "password.common", "密码太常见"),
    ("admin123", "password.common", "密码太常见"),
    ("woaini1314", "password.common", "密码太常见"),
    ("qwer1234", "password.common", "密码太常见"),
    ("aaaaaaaa", "password.guessable", "密码太容易猜到：“aaa”这样的重复字符很容易猜到"),
    ("abcd4321", "password.guessable", "密码太容易猜到：“abc”或“6543”这样的顺序很容易猜到"),
    ("19880808", "password.guessable", "密码太容易猜到：日期很容易猜到"),
    ("demo1234", "password.guessable", "密码太容易猜到：与常用密码很相似"),
])
def test_short_common_and_guessable_passwords_refused_with_the_reason(
        password: str, code: str, reason: str) -> None:
    """"At least 8 characters, and a weak password (zxcvbn score below 2, or on a
    common-password list) refused with the reason in Chinese"."""
    with pytest.raises(ValidationError) as refused:
        check_password(password)
    assert refused.value.code == code and refused.value.field == "password"
    assert refused.value.message("zh").startswith(reason)
    assert MIN_LENGTH == 8


def test_the_persons_own_names_make_a_password_guessable() -> None:
    """zxcvbn gets the user's own user name and name as user_inputs."""
    assert check_password("zhangwei.88", user_inputs=()) == "zhangwei.88"
    with pytest.raises(ValidationError) as refused:
        check_password("zhangwei.88", user_inputs=("zhang.wei", "张伟"))
    assert refused.value.message("zh") == "密码太容易猜到：不要使用用户名、姓名或门店名称"


@pytest.mark.parametrize("password", ["tulip-anchor-93", "Xk7#mP2qLw9z", "马上-kettle-river",
                                      "correct horse battery"])
def test_strong_passwords_pass(password: str) -> None:
    assert check_password(password, user_inputs=("admin", "管理员")) == password


def test_generated_demo_passwords_pass_the_rule() -> None:
    """Demo accounts get a generated 12-character password: it must pass the same rule."""
    for _ in range(300):
        password = generate_demo_password()
        assert check_password(password, user_inputs=("demo_manager", "演示经理")) == password


def test_every_place_a_password_is_set_applies_the_rule(services: Services, admin: Actor,
                                                        tmp_path: Path) -> None:
    """Staff creation, reset, change of one's own password and the first set-up alike."""
    with pytest.raises(ValidationErrors) as created:
        services.staff.create(admin, username="li.na", display_name="", role=Role.CASHIER,
                              password="password1")
    assert "password.common" in {e.code for e in created.value.errors}
    with pytest.raises(ValidationError) as created_one:
        services.staff.create(admin, username="li.na", display_name="李娜", role=Role.CASHIER,
                              password="li.na2024")
    assert created_one.value.code == "password.guessable"
    cashier = make_actor(services, admin, Role.CASHIER, "li.na")
    assert cashier.staff_id is not None
    with pytest.raises(ValidationError) as reset:
        services.staff.reset_password(admin, cashier.staff_id, "12345678")
    assert reset.value.code == "password.common"
    with pytest.raises(ValidationError) as changed:
        services.staff.change_own_password(cashier, "pass1234-Lw9x", "aaaaaaaa")
    assert (changed.value.code, changed.value.field) == ("password.guessable", "new_password")
    assert services.staff.login("li.na", "pass1234-Lw9x").username == "li.na"  # unchanged
    fresh = AppContext.open(tmp_path / "fresh", create=True)
    try:
        with pytest.raises(ValidationError) as first:
            fresh.services.branches.initialise(code="SH02", name="上海店", admin_username="boss",
                                               admin_password="shanghai")
        assert first.value.code in ("password.common", "password.guessable")
        assert not fresh.services.branches.is_initialised()
    finally:
        fresh.close()


def test_init_refuses_a_weak_password_in_one_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Command-line contract: "`init` refuses a weak `--password`" (exit != 0, one line,
    no database made)."""
    data = tmp_path / "data"
    code = main(["--data-dir", str(data), "init", "--branch-code", "BJ01", "--branch-name",
                 "北京店", "--admin", "admin", "--password", "admin123"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err.strip().splitlines() == ["dealerdesk: 密码太常见，请换一个不常见的密码"]
    assert not (data / DB_FILE_NAME).exists()
    assert main(["--data-dir", str(data), "init", "--branch-code", "BJ01", "--branch-name",
                 "北京店", "--admin", "admin", "--password", "admin2024"]) != 0
    assert "密码太容易猜到" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "init", "--branch-code", "BJ01", "--branch-name",
                 "北京店", "--admin", "admin", "--password", ADMIN_PASSWORD]) == 0


# --- the same answer, in the same time ----------------------------------------------------------
def test_unknown_user_gets_the_wrong_passwords_message_in_the_same_time(
        services: Services, admin: Actor, real_costs: None) -> None:
    """"An unknown user gets the same message in the same time as a wrong password": the
    medians of a few tries each, within a generous ratio (not an absolute time)."""
    assert admin.staff_id is not None
    services.staff.reset_password(admin, admin.staff_id, ADMIN_PASSWORD)  # a real-cost hash
    wrong: list[float] = []
    unknown: list[float] = []
    messages: set[str] = set()
    for _ in range(MAX_FAILED_LOGINS - 1):  # below the lock
        for user, times in (("admin", wrong), ("nobody", unknown)):
            start = time.perf_counter()
            with pytest.raises(ValidationError) as refused:
                services.staff.login(user, "wrong-password")
            times.append(time.perf_counter() - start)
            messages.add(refused.value.message("zh"))
    assert messages == {"用户名或密码错误"}
    ratio = statistics.median(unknown) / statistics.median(wrong)
    assert 0.5 < ratio < 2.0, (wrong, unknown)


def test_inactive_account_with_a_wrong_password_answers_as_any_wrong_password(
        services: Services, admin: Actor) -> None:
    advisor = make_actor(services, admin, Role.ADVISOR, "wang.fang")
    assert advisor.staff_id is not None
    services.staff.set_active(admin, advisor.staff_id, False)
    with pytest.raises(ValidationError) as wrong:
        services.staff.login("wang.fang", "wrong-password")
    assert wrong.value.message("zh") == "用户名或密码错误"


# --- failed logins per account and PC ------------------------------------------------------------
def test_five_failures_on_one_pc_lock_that_pc_only(ctx: AppContext) -> None:
    """"Failed logins count per account and PC, so one desk cannot lock the manager out of
    the others": five failures at desk A lock the account at A; desk B still logs in."""
    desk_a = Services(ctx.db.unit_of_work, pc="DealerDesk@RECEPTION-0a1b2c3d")
    desk_b = Services(ctx.db.unit_of_work, pc="DealerDesk@WORKSHOP-4e5f6a7b")
    start = clock.now()
    with clock.freeze(start):
        for _ in range(MAX_FAILED_LOGINS):
            with pytest.raises(ValidationError):
                desk_a.staff.login("admin", "wrong-password")
        with pytest.raises(NotAllowed) as locked:
            desk_a.staff.login("admin", ADMIN_PASSWORD)
        assert locked.value.code == "auth.locked"
        assert desk_b.staff.login("admin", ADMIN_PASSWORD).username == "admin"
        with pytest.raises(NotAllowed):  # B's success does not lift A's lock
            desk_a.staff.login("admin", ADMIN_PASSWORD)
    with ctx.db.unit_of_work() as session:
        rows = {(f.pc, f.count) for f in session.scalars(select(LoginFailure))}
        staff = session.scalars(select(Staff).where(Staff.username == "admin")).one()
        assert staff.locked_until is None and staff.failed_logins == 0  # the row is not read
    assert rows == {("DealerDesk@RECEPTION-0a1b2c3d", 0)}  # B's counter was never made
    with clock.freeze(start + LOCKOUT + timedelta(seconds=1)):
        assert desk_a.staff.login("admin", ADMIN_PASSWORD).username == "admin"
    with ctx.db.unit_of_work() as session:
        assert session.scalars(select(LoginFailure)).all() == []  # success clears A's counter


def test_failures_on_two_pcs_are_counted_apart_and_reset_lifts_every_lock(
        ctx: AppContext, admin: Actor) -> None:
    desk_a = Services(ctx.db.unit_of_work, pc="A")
    desk_b = Services(ctx.db.unit_of_work, pc="B")
    clerk = make_actor(ctx.services, admin, Role.CARE_CLERK, "zhao.lei")
    assert clerk.staff_id is not None
    for desk in (desk_a, desk_b):  # four at each: eight in all, and no lock anywhere
        for _ in range(MAX_FAILED_LOGINS - 1):
            with pytest.raises(ValidationError):
                desk.staff.login("zhao.lei", "wrong-password")
    assert desk_a.staff.login("zhao.lei", "pass1234-Lw9x").username == "zhao.lei"
    for desk in (desk_a, desk_b):
        with pytest.raises(ValidationError):
            desk.staff.login("zhao.lei", "wrong-password")
    with pytest.raises(NotAllowed):  # B's fifth in a row
        desk_b.staff.login("zhao.lei", "pass1234-Lw9x")
    ctx.services.staff.reset_password(admin, clerk.staff_id, "new-secret-42")
    assert desk_b.staff.login("zhao.lei", "new-secret-42").username == "zhao.lei"


def test_login_failures_stay_on_this_database(ctx: AppContext) -> None:
    """A local table: never synced, and declared so in sync.owners."""
    assert "login_failures" not in table_by_name()
    assert "login_failures" in LOCAL


def test_pc_identity_is_made_once_and_kept(tmp_path: Path) -> None:
    first = pc_identity(tmp_path / "a")  # a folder that does not exist yet: this run only
    (tmp_path / "a").mkdir()
    made = pc_identity(tmp_path / "a")
    name, _, random_id = made.rpartition("-")
    assert name and len(random_id) == 8 and int(random_id, 16) >= 0
    assert pc_identity(tmp_path / "a") == made == (tmp_path / "a" / FILE_NAME).read_text()
    (tmp_path / "b").mkdir()
    assert pc_identity(tmp_path / "b") != made  # another PC (or data folder), another id
    assert first != made
    if os.name == "posix":
        assert (tmp_path / "a" / FILE_NAME).stat().st_mode & 0o777 == 0o600
