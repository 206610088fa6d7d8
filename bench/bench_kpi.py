"""Monthly KPI benchmark (经营指标性能).

(a) branch: a data directory made with the real command line (``dealerdesk init`` and
    ``dealerdesk demo --customers N --work-orders 500000``); times ``KpiService.monthly``
    (the KPI page's data: the month, the previous month and last year) for the most recent
    full month. Target: 1 s.
(b) HQ: ``--hq-branches 50 --hq-orders 100000`` writes synthetic rows for 50 branches ×
    100,000 work orders (with labour/part lines, ratings, time entries) straight into a fresh
    database with bulk inserts (the demo makes one branch only), then times
    ``monthly(..., "all")`` and ``ranking``. Target: 3 s.

    .venv/bin/python bench/bench_kpi.py                                    # (a), 500,000 orders
    .venv/bin/python bench/bench_kpi.py --skip-branch --hq-branches 50     # (b)
    .venv/bin/python bench/bench_kpi.py --data-dir /tmp/kpi500k --keep     # reuse a made directory
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select

from app.context import AppContext
from domain import clock
from domain.model import (
    Branch,
    CareRating,
    Customer,
    Job,
    LabourLine,
    PartLine,
    Staff,
    TimeEntry,
    Vehicle,
    WorkOrder,
)
from domain.roles import Actor

TARGET_BRANCH_S = 1.0
TARGET_HQ_S = 3.0


def _dealerdesk(data_dir: Path, *args: str) -> None:
    launcher = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run([sys.executable, "-c", launcher, "--data-dir", str(data_dir), *args], check=True)


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm the page cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples)


def _busiest_month(ctx: AppContext) -> str:
    with ctx.services.uow() as session:
        latest = session.scalar(select(func.max(WorkOrder.settled_at)))
    latest = latest or clock.now()
    first = latest.date().replace(day=1) - dt.timedelta(days=1)  # the last full month
    return f"{first.year:04d}-{first.month:02d}"


def bench_branch(data_dir: Path, customers: int, orders: int, runs: int) -> bool:
    if not (data_dir / "dealerdesk.sqlite3").exists() and not any(data_dir.glob("*.sqlite3")):
        data_dir.mkdir(parents=True, exist_ok=True)
        _dealerdesk(data_dir, "init", "--branch-code", "BJ01", "--branch-name", "基准测试店",
                    "--admin", "admin", "--password", "admin123")
        started = time.perf_counter()
        _dealerdesk(data_dir, "demo", "--customers", str(customers), "--work-orders", str(orders))
        print(f"demo data: {time.perf_counter() - started:.0f} s")
    ctx = AppContext.open(data_dir)
    try:
        with ctx.services.uow() as session:
            count = session.scalar(select(func.count()).select_from(WorkOrder))
        month = _busiest_month(ctx)
        kpis = ctx.services.kpi.monthly(Actor.system(), month)
        median, worst = _time(lambda: ctx.services.kpi.monthly(Actor.system(), month), runs)
        print(f"branch: {count:,} work orders, month {month}: received {kpis.current.cars_received}, "
              f"settled {kpis.current.facts.settled_orders}; monthly() median {median * 1000:.0f} ms, "
              f"max {worst * 1000:.0f} ms (target {TARGET_BRANCH_S * 1000:.0f} ms)")
        return median <= TARGET_BRANCH_S
    finally:
        ctx.close()


def _hq_rows(ctx: AppContext, branches: int, per_branch: int, seed: int = 7) -> None:
    """Synthetic HQ database: per branch a few customers/vehicles and ``per_branch`` orders
    spread over two years, with one labour and one part line, a rating on every tenth and a
    time entry on every order; inserted with executemany in chunks."""
    rng = random.Random(seed)
    now = clock.now().replace(microsecond=0)
    span = 730 * 86400
    with ctx.services.uow() as session:
        local = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
        assert local is not None
        local.mode = "hq"
        tech = session.scalar(select(func.min(Staff.id)))
        assert tech is not None
    for b in range(branches):
        bid = str(uuid.uuid4())
        with ctx.services.uow() as session:
            session.execute(insert(Branch), [{"id": bid, "code": f"B{b:03d}", "name": f"分公司{b:03d}",
                                              "created_at": now, "updated_at": now, "row_version": 1}])
            cid, vid = str(uuid.uuid4()), str(uuid.uuid4())
            session.execute(insert(Customer), [{"id": cid, "branch_id": bid, "name": "客户", "created_at": now,
                                                "updated_at": now, "row_version": 1}])
            session.execute(insert(Vehicle), [{"id": vid, "branch_id": bid, "owner_id": cid, "plate": f"沪A{b:05d}",
                                               "created_at": now, "updated_at": now, "row_version": 1}])
            orders, labour, parts, ratings, jobs, times = [], [], [], [], [], []
            for i in range(per_branch):
                oid = str(uuid.uuid4())
                received = now - dt.timedelta(seconds=rng.randrange(span))
                settled = received + dt.timedelta(hours=rng.randrange(2, 48))
                done = settled < now
                total = rng.randrange(20_000, 400_000)
                orders.append({"id": oid, "branch_id": bid, "number": f"B{b:03d}-WO-{i:07d}", "vehicle_id": vid,
                               "customer_id": cid, "received_at": received,
                               "state": "delivered" if done else "in_progress",
                               "payer": "insurance" if i % 7 == 0 else "customer",
                               "settled_at": settled if done else None, "delivered_at": settled if done else None,
                               "total_fen": total if done else 0, "rework_of_id": None,
                               "created_at": now, "updated_at": now, "row_version": 1})
                labour.append({"id": str(uuid.uuid4()), "work_order_id": oid, "description": "保养",
                               "hours_centi": 150, "rate_fen": 12_000, "created_at": now, "updated_at": now,
                               "row_version": 1})
                parts.append({"id": str(uuid.uuid4()), "work_order_id": oid, "name": "机油", "qty_milli": 4000,
                              "unit_price_fen": 5000, "genuine": i % 5 != 0, "created_at": now, "updated_at": now,
                              "row_version": 1})
                if i % 10 == 0 and done:
                    ratings.append({"id": str(uuid.uuid4()), "work_order_id": oid, "overall": "satisfied",
                                    "rated_at": settled + dt.timedelta(days=3), "created_at": now,
                                    "updated_at": now, "row_version": 1})
                if i % 4 == 0:
                    jid = str(uuid.uuid4())
                    jobs.append({"id": jid, "work_order_id": oid, "title": "保养", "technician_id": tech,
                                 "dispatched_at": received, "created_at": now, "updated_at": now, "row_version": 1})
                    times.append({"id": str(uuid.uuid4()), "job_id": jid, "technician_id": tech,
                                  "started_at": received, "stopped_at": received + dt.timedelta(hours=2),
                                  "created_at": now, "updated_at": now, "row_version": 1})
            session.execute(insert(WorkOrder), orders)
            session.execute(insert(LabourLine), labour)
            session.execute(insert(PartLine), parts)
            if ratings:
                session.execute(insert(CareRating), ratings)
            if jobs:
                session.execute(insert(Job), jobs)
                session.execute(insert(TimeEntry), times)
        print(f"  branch {b + 1}/{branches} written", flush=True)


def bench_hq(data_dir: Path, branches: int, per_branch: int, runs: int) -> bool:
    fresh = not any(data_dir.glob("*.sqlite3"))
    if fresh:
        data_dir.mkdir(parents=True, exist_ok=True)
        _dealerdesk(data_dir, "init", "--branch-code", "HQ", "--branch-name", "总部",
                    "--admin", "admin", "--password", "admin123")
    ctx = AppContext.open(data_dir)
    try:
        if fresh:
            started = time.perf_counter()
            _hq_rows(ctx, branches, per_branch)
            print(f"HQ rows: {time.perf_counter() - started:.0f} s")
        month = _busiest_month(ctx)
        kpis = ctx.services.kpi.monthly(Actor.system(), month, "all")
        median, worst = _time(lambda: ctx.services.kpi.monthly(Actor.system(), month, "all"), runs)
        r_median, _ = _time(lambda: ctx.services.kpi.ranking(Actor.system(), month), runs)
        with ctx.services.uow() as session:
            orders = session.scalar(select(func.count()).select_from(WorkOrder)) or 0
            branches = (session.scalar(select(func.count()).select_from(Branch)) or 1) - 1
        print(f"HQ: {branches} branches, {orders:,} orders, month {month}: settled "
              f"{kpis.current.facts.settled_orders:,}; monthly(all) median {median * 1000:.0f} ms, max "
              f"{worst * 1000:.0f} ms; ranking median {r_median * 1000:.0f} ms (target {TARGET_HQ_S * 1000:.0f} ms)")
        return median <= TARGET_HQ_S and r_median <= TARGET_HQ_S
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="branch data directory (made if empty)")
    parser.add_argument("--hq-dir", type=Path, help="HQ data directory (made if empty)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--work-orders", type=int, default=500_000)
    parser.add_argument("--hq-branches", type=int, default=0, help="run (b) with this many branches")
    parser.add_argument("--hq-orders", type=int, default=100_000)
    parser.add_argument("--skip-branch", action="store_true")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep temporary directories")
    args = parser.parse_args(argv)
    ok = True
    made: list[Path] = []
    if not args.skip_branch:
        data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kpi-branch-"))
        made += [] if args.data_dir else [data_dir]
        ok &= bench_branch(data_dir, args.customers, args.work_orders, args.runs)
    if args.hq_branches:
        hq_dir = args.hq_dir or Path(tempfile.mkdtemp(prefix="kpi-hq-"))
        made += [] if args.hq_dir else [hq_dir]
        ok &= bench_hq(hq_dir, args.hq_branches, args.hq_orders, args.runs)
    if not args.keep:
        for path in made:
            shutil.rmtree(path, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
