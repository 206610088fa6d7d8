"""Two advisors on two desks edit the same work order (issue 14, item 5).

"two advisors editing the same order: the second save is refused with "该工单已被 王建国 于
14:32 修改，请刷新后再改" and nothing is overwritten". Two ways to lose the race: the form was
filled from an older version (the usual case: both had the order open), or both saves reach
the server at the same moment (the second UPDATE waits for the first one's row lock, then
finds the version moved on).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from app.context import AppContext
from domain import audit
from domain.errors import Conflict
from domain.model import WorkOrder
from domain.roles import Actor, Role
from domain.services.workorders import ReceptionInput
from tests.multi_pc.desk import ADMIN_PASSWORD, make_vehicle

MESSAGE = re.compile(r"该工单已被 王建国 于 (\d{2}:\d{2}) 修改，请刷新后再改")


def _advisor(ctx: AppContext, username: str, name: str) -> Actor:
    admin = ctx.services.staff.login("admin", ADMIN_PASSWORD)
    staff = ctx.services.staff.create(admin, username=username, display_name=name,
                                      role=Role.ADVISOR, password="pass1234-Lw9x")
    return Actor(staff.id, staff.username, staff.display_name, staff.role)


@pytest.fixture
def desks(shop_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    one = AppContext.open(tmp_path / "reception1", db_url=shop_url)
    two = AppContext.open(tmp_path / "reception2", db_url=shop_url)
    yield one, two
    one.close()
    two.close()


def test_second_save_from_an_older_form_is_refused_and_names_the_first(desks) -> None:  # type: ignore[no-untyped-def]
    one, two = desks
    wang = _advisor(one, "wangjg", "王建国")
    li = _advisor(one, "lina", "李娜")
    order = one.services.work_orders.open_order(
        wang, make_vehicle(one.services, wang, 1), ReceptionInput(mileage_in=1200,
                                                                   customer_words="常规保养"))
    on_desk_two = two.services.work_orders.get(li, order.id)  # 李娜 opens the same order

    one.services.work_orders.edit_reception(wang, order.id, ReceptionInput(
        mileage_in=1200, customer_words="常规保养，顺便检查刹车"), expected_version=order.row_version)
    with pytest.raises(Conflict) as refused:
        two.services.work_orders.edit_reception(li, order.id, ReceptionInput(
            mileage_in=1200, customer_words="只换机油"), expected_version=on_desk_two.row_version)

    match = MESSAGE.fullmatch(refused.value.message())
    assert match, refused.value.message()
    stored = two.services.work_orders.get(li, order.id)
    assert stored.customer_words == "常规保养，顺便检查刹车"  # nothing overwritten


def test_two_saves_at_the_same_moment_one_wins_the_other_is_told(desks) -> None:  # type: ignore[no-untyped-def]
    one, two = desks
    wang = _advisor(one, "wangjg", "王建国")
    li = _advisor(one, "lina", "李娜")
    order = one.services.work_orders.open_order(
        wang, make_vehicle(one.services, wang, 2), ReceptionInput(mileage_in=1200))
    first_flushed, second_reading = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:  # 王建国's save: written, then committed while 李娜's waits on it
        with audit.acting(wang), one.db.unit_of_work() as session:
            row = session.get(WorkOrder, order.id)
            assert row is not None
            row.customer_words = "王建国改的"
            session.flush()
            first_flushed.set()
            second_reading.wait(10)
            threading.Event().wait(0.5)  # 李娜's UPDATE is now waiting for this row

    def second() -> None:
        first_flushed.wait(10)
        try:
            with audit.acting(li), two.db.unit_of_work() as session:
                row = session.get(WorkOrder, order.id)  # still the old version (not committed)
                assert row is not None
                row.customer_words = "李娜改的"
                second_reading.set()
                session.flush()
        except Conflict as exc:
            outcome["refusal"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refusal = outcome.get("refusal")
    assert isinstance(refusal, Conflict), outcome
    assert MESSAGE.fullmatch(refusal.message()), refusal.message()
    assert two.services.work_orders.get(li, order.id).customer_words == "王建国改的"
