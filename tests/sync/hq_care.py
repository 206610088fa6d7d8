"""An HQ holding two branches' follow-ups, imported from their bundles (real sync, no fakes).

BJ01 keeps Beijing time; SH01 is set to Urumqi time (UTC+6), so on the night below the
two branches are on different calendar days and "overdue" must be judged per branch.

* BJ01: a delivered work order (首次回访 of 王小明, order number known) and the customer's
  file-completion task (完善客户档案), both made on 2026-11-10.
* SH01: two new customers (李四, 赵六), each with a file-completion task due 2026-11-12;
  赵六's is marked done at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain import clock
from domain.model import Branch, FollowUpTask
from domain.roles import Actor
from tests.reports.wo_shop import T0, delivered, make_shop
from tests.sync.helpers import PASSWORD, Side, add_customer

SHANGHAI = ZoneInfo("Asia/Shanghai")
FILE_DUE = dt.date(2026, 11, 12)  # created 11-10, completed within 2 days
#: 00:30 on 11-13 in Beijing, still 22:30 on 11-12 in Urumqi: BJ01's file task is overdue,
#: SH01's (same due day) is due today
NIGHT = dt.datetime.combine(FILE_DUE + dt.timedelta(days=1), dt.time(0, 30), SHANGHAI)


@dataclass(frozen=True)
class World:
    bj_tasks: dict[str, FollowUpTask]  # id -> the branch's own row (detached)
    sh_tasks: dict[str, FollowUpTask]
    order_number: str


def _tasks(side: Side) -> dict[str, FollowUpTask]:
    with side.ctx.db.unit_of_work() as session:
        return {t.id: t for t in session.scalars(select(FollowUpTask))}


def build(hq: Side, bj: Side, sh: Side, folder: Path) -> World:
    with sh.ctx.db.unit_of_work() as session:
        session.scalars(select(Branch).where(Branch.is_local.is_(True))).one().timezone = "Asia/Urumqi"
    with clock.freeze(T0):
        admin = bj.ctx.services.staff.login("admin", PASSWORD)
        order = delivered(make_shop(bj.ctx.services, admin))
        add_customer(sh, "李四", "13900000002", "新A20002")
        add_customer(sh, "赵六", "13600000006", "新A60006")
    done = next(t for t in _tasks(sh).values() if "赵六" in t.reason)
    with clock.freeze(T0 + dt.timedelta(hours=3)):
        sh.ctx.services.care.complete_task(Actor.system(), done.id)
    bundles = [bj.sync.export_bundle(folder / "bj.ddsync").path,
               sh.sync.export_bundle(folder / "sh.ddsync").path]
    assert [r.status for r in hq.sync.import_bundles(bundles)] == ["applied", "applied"]
    return World(_tasks(bj), _tasks(sh), order.number)
