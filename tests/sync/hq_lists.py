"""An HQ holding two branches' work orders and complaint slips, imported from their bundles.

Builds on :mod:`tests.sync.hq_care` (BJ01 in Beijing time with a delivered order of 王小明;
SH01 in Urumqi time, UTC+6) and then sends a second, incremental bundle from each branch:

* BJ01: 李雷's order received 11-12 10:00 local, promised 16:00 — still a draft at NIGHT,
  so it is late; a major complaint (safety) received on 11-10, never answered (overdue).
* SH01: 韩梅梅's order received 11-12 22:10 in Urumqi — already 11-13 in Beijing, so a
  branch-calendar filter on 11-12 must keep it; a general complaint received 11-12 22:05
  in Urumqi, its response deadline still ahead at NIGHT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from domain import clock
from domain.roles import Actor
from domain.services.complaints import ComplaintInput
from tests.reports.wo_shop import T0, reception
from tests.sync.helpers import Side, add_customer
from tests.sync.hq_care import FILE_DUE, NIGHT, World, build

__all__ = ["DAY", "NIGHT", "ListWorld", "build_lists"]

DAY = FILE_DUE  # 2026-11-12, the day the branches' calendars disagree about at NIGHT
BJ_RECEIVED = dt.datetime(2026, 11, 12, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing
SH_RECEIVED = dt.datetime(2026, 11, 12, 16, 10, tzinfo=dt.UTC)  # 22:10 in Urumqi, 00:10 (11-13) in Beijing
SH_SLIP_RECEIVED = SH_RECEIVED - dt.timedelta(minutes=5)


@dataclass(frozen=True)
class ListWorld:
    care: World
    orders: dict[str, str]  # number -> branch code
    slips: dict[str, str]  # number -> branch code
    late_order: str  # BJ01's draft past its promised time
    delivered_order: str  # BJ01's delivered order (from hq_care)
    sh_order: str  # received on 11-12 in Urumqi, 11-13 in Beijing
    major_slip: str  # BJ01, overdue
    sh_slip: str  # SH01, general, not overdue at NIGHT


def _open_order(side: Side, name: str, mobile: str, plate: str, received: dt.datetime,
                promised: dt.datetime) -> str:
    services = side.ctx.services
    customer = add_customer(side, name, mobile, plate)
    vehicle = services.customers.get(Actor.system(), customer).vehicles[0].id
    with clock.freeze(received):
        return services.work_orders.open_order(
            Actor.system(), vehicle, reception(received_at=received, promised_at=promised),
            confirm_second=True).number


def _slip(side: Side, received: dt.datetime, **data: object) -> str:
    with clock.freeze(received):
        return side.ctx.services.complaints.register(Actor.system(), ComplaintInput(
            channel="phone", category="repair_quality", received_at=received,
            **data)).number  # type: ignore[arg-type]


def build_lists(hq: Side, bj: Side, sh: Side, folder: Path) -> ListWorld:
    care = build(hq, bj, sh, folder)
    late = _open_order(bj, "李雷", "13800000011", "京B11111", BJ_RECEIVED, BJ_RECEIVED + dt.timedelta(hours=6))
    sh_order = _open_order(sh, "韩梅梅", "13800000022", "新A22222", SH_RECEIVED,
                           SH_RECEIVED + dt.timedelta(days=1))
    major = _slip(bj, T0 + dt.timedelta(hours=8), customer_name="王小明", contact_phone="13912345678",
                  customer_words="刹车异响修过后仍然存在，高速上刹车发抖，担心安全。", safety_risk=True)
    sh_slip = _slip(sh, SH_SLIP_RECEIVED, customer_name="韩梅梅", contact_phone="13800000022",
                    customer_words="等车时间太长，约定的时间没有交车。")
    bundles = [bj.sync.export_bundle(folder / "bj2.ddsync").path,
               sh.sync.export_bundle(folder / "sh2.ddsync").path]
    assert [r.status for r in hq.sync.import_bundles(bundles)] == ["applied", "applied"]
    delivered = care.order_number
    return ListWorld(care, {delivered: "BJ01", late: "BJ01", sh_order: "SH01"},
                     {major: "BJ01", sh_slip: "SH01"}, late, delivered, sh_order, major, sh_slip)
