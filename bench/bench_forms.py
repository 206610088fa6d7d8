"""Form rendering benchmark (打印性能): how long each printed form takes to become a PDF.

Creates a temporary branch database, walks one work order of 20 lines (labour and parts,
two jobs) from reception to delivery through the real services, then times the form
classes the GUI and ``dealerdesk print`` use — customer file (with its service history),
work order (two copies on A4, once on 241 multi-part paper), repair cards, settlement —
and prints the median and p95 of ``--runs`` renders each. Target: a 20-line work order
renders in at most 150 ms.

    .venv/bin/python bench/bench_forms.py
    .venv/bin/python bench/bench_forms.py --runs 50 --check
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.context import AppContext
from domain import clock
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorder_views import InspectionItem, WorkOrderView
from domain.services.workorders import (
    DeliveryInput,
    LabourInput,
    PartInput,
    PaymentInput,
    ReceptionInput,
)
from reports.customer_file import CustomerFileForm
from reports.repair_card import RepairCardForm
from reports.settlement import SettlementForm
from reports.work_order import WorkOrderForm, work_order_copies

TARGET_MS = 150.0
LINES = 20
T0 = dt.datetime(2026, 11, 10, 1, 30, tzinfo=dt.UTC)


def _staff(services: Services, role: Role, username: str, name: str) -> Actor:
    staff = services.staff.create(Actor.system(), username=username, display_name=name,
                                  role=role, password="pass1234-Lw9x")
    return Actor(staff.id, staff.username, staff.display_name, staff.role)


def _order(services: Services) -> WorkOrderView:
    """A 20-line order (10 labour, 10 parts) walked to delivery, with two jobs."""
    wo = services.work_orders
    advisor = _staff(services, Role.ADVISOR, "bench_sa", "李顾问")
    techs = [_staff(services, Role.TECHNICIAN, f"bench_t{i}", f"技师{i}") for i in (1, 2)]
    customer = services.customers.create(
        advisor, CustomerInput(name="王小明", mobile="13912345678", address="北京市朝阳区望京街 6 号"),
        VehicleInput(plate="京AD12345", vin="1HGCM82633A004352", brand="本田", model="雅阁",
                     mileage_km=30_000))
    with clock.freeze(T0):
        view = wo.open_order(advisor, customer.vehicles[0].id, ReceptionInput(
            mileage_in=31_200, customer_words="刹车异响，空调不凉，保养", received_at=T0,
            inspection=(InspectionItem("左前门", "划痕"), InspectionItem("后保险杠", "凹陷")),
            valuables="行车记录仪", promised_at=T0 + dt.timedelta(hours=6), estimate_fen=300_000,
            next_service_date=dt.date(2027, 5, 10), next_service_km=41_200))
        for i in range(LINES // 2):
            wo.add_line(advisor, view.id, LabourInput(f"维修项目 {i + 1:02d}", 50 + i * 10, 12_000,
                                                      code=f"LB-{i + 1:03d}"))
            view = wo.add_line(advisor, view.id, PartInput(f"配件 {i + 1:02d}", 1_000 + i * 500,
                                                           3_000 + i * 1_111,
                                                           part_no=f"PN-{i + 1:05d}-A01"))
        view = wo.approve_estimate(advisor, view.id, "signature", "王小明")
        half = len(view.labour) // 2
        for index, tech in enumerate(techs):
            lines = view.labour[:half] if index == 0 else view.labour[half:]
            view = wo.dispatch(Actor.system(), view.id, tech.staff_id or "", f"作业 {index + 1}",
                               labour_line_ids=[x.id for x in lines])
        for job in view.jobs:
            wo.start_job(Actor.system(), job.id)
            wo.stop_job(Actor.system(), job.id, finished=True)
        for level in ("self", "team", "final"):
            view = wo.record_qc(Actor.system(), view.id, level, True)
        view = wo.settle(Actor.system(), view.id,
                         [PaymentInput("wechat", view.totals.customer_fen, "WX1")])
        return wo.deliver(Actor.system(), view.id, DeliveryInput(31_210))


def _time(render: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    render()  # warm up: font registration and subset tables are built once per process
    samples = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(render())
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return statistics.median(samples), ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)], size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="renders per form (default 30, at least 20)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the work order misses the target")
    args = parser.parse_args(argv)
    runs = max(20, args.runs)
    folder = Path(tempfile.mkdtemp(prefix="dd-bench-forms-"))
    try:
        ctx = AppContext.open(folder / "data", create=True)
        try:
            ctx.services.branches.initialise(code="BJ01", name="基准测试店", address="北京市朝阳区",
                                             phone="010-64700000", admin_username="admin",
                                             admin_password="admin123-Kq7v")
            order = _order(ctx.services)
            branch = ctx.services.branches.current()
            customer = ctx.services.customers.get(Actor.system(), order.customer_id)
            history = {v.id: ctx.services.work_orders.service_history(Actor.system(), v.id)
                       for v in customer.vehicles}
        finally:
            ctx.close()
        lines = len(order.labour) + len(order.parts) + len(order.sundries)
        cases: list[tuple[str, Callable[[], bytes], bool]] = [
            ("客户档案 customer file A4", lambda: CustomerFileForm(branch, customer, history=history).render(), False),
            (f"委托书 work order {lines} 行 A4 ×2 联",
             lambda: WorkOrderForm(branch, order, copies=work_order_copies(2)).render(), True),
            (f"委托书 work order {lines} 行 241 多联",
             lambda: WorkOrderForm(branch, order, paper="241").render(), True),
            (f"维修卡 repair card ×{len(order.jobs)} 派工 A4",
             lambda: RepairCardForm(branch, order).render(), False),
            ("结算单 settlement A4", lambda: SettlementForm(branch, order).render(), False),
        ]
        print(f"每个表单渲染 {runs} 次（中位数 / p95，毫秒）")
        print(f"{'form':36} {'median ms':>10} {'p95 ms':>9} {'KiB':>6}  target<={TARGET_MS:.0f}")
        missed = False
        for name, render, targeted in cases:
            median, p95, size = _time(render, runs)
            verdict = ("OK" if median <= TARGET_MS else "MISS") if targeted else ""
            missed |= verdict == "MISS"
            print(f"{name:36} {median:10.1f} {p95:9.1f} {size / 1024:6.0f}  {verdict}")
        return 1 if args.check and missed else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
