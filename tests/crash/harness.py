"""Kill trials (断电模拟): a child process does real saving work and is killed with SIGKILL.

Why a separate process and SIGKILL: a power cut gives the program no chance to clean up —
no ``finally``, no rollback, no closing the file. Killing a forked child at a random moment
is the closest a test gets; SQLite's WAL journal must then leave a database that is intact,
holds whole units of work only, and takes the next save.

The work (:func:`do_work`) cycles through the saving paths a branch uses every day: opening a
work order and adding its lines, registering a complaint (both allocate numbers), creating a
customer with a vehicle, a backup through :class:`storage.backup.BackupManager`, a demo load
and a customer-list import. The demo load goes to a second, demo-only database beside the
branch's (``demo/`` in the data directory): since issue 23 ``demo`` refuses a database holding
records it did not make, and the branch's holds a real customer, so on the branch's own
database the step would only ever hit the refusal. The demo database is made once with the
demo staff (their passwords are hashed then, not in every trial) and then takes a small load
(one customer, one work order, several commits) per cycle. After each kill
:func:`check_database` proves, for the branch's database and the demo database alike:

* ``PRAGMA integrity_check`` is ``ok`` and no foreign key dangles;
* :func:`storage.integrity.integrity_problems` is empty (the app's invariants: lines have their
  order, events their state, numbers unique and behind their sequence, the outbox matches);
* no work-order or complaint number appears twice;
* every finished backup file is a readable DealerDesk database (the branch's);

and the next run of the same work succeeds (each child of a chain runs on what the kill
before it left). ``tests/crash/test_kill_trials.py`` runs these
in the suite, ``bench/bench_kill.py`` many more.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import string
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from app.context import AppContext
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import LabourInput, PartInput, ReceptionInput, SundryInput
from storage.backup import BackupManager
from storage.database import DB_FILE_NAME, Database
from storage.engine import make_engine, sqlite_backup, sqlite_url
from storage.integrity import integrity_problems

#: The kinds of saving work, in the order one cycle does them.
STEPS: tuple[str, ...] = ("work_order", "complaint", "customer", "backup", "demo", "import")
#: What the survivor of each kill must still do (the numbered documents and a customer).
RERUN_STEPS: tuple[str, ...] = ("work_order", "complaint", "customer")
PROGRESS_FILE = "progress.txt"
#: The demo-only database's folder inside a data directory (the demo step loads into it).
DEMO_DIR = "demo"
_PLATE_CHARS = "".join(c for c in string.ascii_uppercase + string.digits if c not in "IO")


@dataclass(frozen=True)
class Template:
    """A prepared data directory every trial copies: branch, advisor, a customer's vehicle."""

    data_dir: Path  # the branch's database, with the demo-only one in DEMO_DIR
    advisor: Actor
    vehicle_id: str


def prepare_template(folder: Path) -> Template:
    data_dir = folder / "template"
    ctx = AppContext.open(data_dir, create=True)
    try:
        s = ctx.services
        s.branches.initialise(code="BJ01", name="北京朝阳店", admin_username="admin",
                              admin_password="admin123-Kq7v")
        admin = s.staff.login("admin", "admin123-Kq7v")
        staff = s.staff.create(admin, username="advisor1", display_name="张顾问",
                               role=Role.ADVISOR, password="pass1234-Lw9x")
        advisor = Actor(staff.id, staff.username, staff.display_name, staff.role)
        customer = s.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                      VehicleInput(plate="京A12345", vin="1HGCM82633A004352"))
        vehicle_id = customer.vehicles[0].id
    finally:
        ctx.close()
    demo_dir = folder / "demo-template"
    ctx = AppContext.open(demo_dir, create=True)
    try:
        ctx.services.branches.initialise(code="BJ01", name="北京朝阳店", admin_username="admin",
                                         admin_password="admin123-Kq7v")
        # demo only (issue 23 item 7: demo refuses a database holding records it did not make);
        # the demo staff are made here once, so a trial's loads hash no password
        ctx.services.demo.load(Actor.system(), customers=1, work_orders=0)
    finally:
        ctx.close()
    single = folder / "single"
    (single / DEMO_DIR).mkdir(parents=True)
    sqlite_backup(data_dir / DB_FILE_NAME, single / DB_FILE_NAME)  # one file, no WAL beside it
    sqlite_backup(demo_dir / DB_FILE_NAME, single / DEMO_DIR / DB_FILE_NAME)
    shutil.rmtree(data_dir)
    shutil.rmtree(demo_dir)
    single.rename(data_dir)
    return Template(data_dir, advisor, vehicle_id)


def open_database(data_dir: Path) -> Database:
    """The database without the migration step (it is at head): trials stay fast."""
    engine = make_engine(sqlite_url(data_dir / DB_FILE_NAME))
    return Database(engine, data_dir / DB_FILE_NAME, sessionmaker(engine, expire_on_commit=False))


def _plate(rng: random.Random) -> str:
    return "京B" + "".join(rng.choice(_PLATE_CHARS) for _ in range(5))


def _mobile(rng: random.Random) -> str:
    return "13" + "".join(rng.choice(string.digits) for _ in range(9))


def do_work(data_dir: Path, template: Template, cycles: int, *,
            progress: Callable[[int, str], None] | None = None,
            steps: tuple[str, ...] = STEPS) -> None:
    """``cycles`` rounds of the saving ``steps``, each step its own unit(s) of work."""
    rng = random.Random(os.urandom(8))  # plates and mobiles never collide across runs
    db = open_database(data_dir)
    # the demo-only database only where a step needs it (other tests copy the branch's alone)
    demo_db = open_database(data_dir / DEMO_DIR) if "demo" in steps else None
    try:
        s = Services(db.unit_of_work)
        demo = Services(demo_db.unit_of_work) if demo_db is not None else s
        backups = BackupManager(data_dir / DB_FILE_NAME, data_dir / "backups")
        system = Actor.system()
        advisor = template.advisor
        step = 0
        for _cycle in range(cycles):
            for kind in steps:
                _step(demo if kind == "demo" else s, kind, data_dir, template, advisor, system, backups, rng)
                step += 1
                if progress is not None:
                    progress(step, kind)
    finally:
        if demo_db is not None:
            demo_db.close()
        db.close()


def _step(s: Services, kind: str, data_dir: Path, template: Template, advisor: Actor,
          system: Actor, backups: BackupManager, rng: random.Random) -> None:
    if kind == "work_order":
        order = s.work_orders.open_order(advisor, template.vehicle_id,
                                         ReceptionInput(mileage_in=1_000, customer_words="保养"),
                                         confirm_second=True)
        s.work_orders.add_line(advisor, order.id, LabourInput("更换机油", 50, 12_000))
        s.work_orders.add_line(advisor, order.id, PartInput("机油", 4_000, 6_500))
        s.work_orders.add_line(advisor, order.id, SundryInput("废油处理", 1_000))
    elif kind == "complaint":
        s.complaints.register(advisor, ComplaintInput(channel="phone", category="waiting_time",
                                                      customer_words="等待时间太长",
                                                      customer_name="王小明"))
    elif kind == "customer":
        s.customers.create(advisor, CustomerInput(name="李四", mobile=_mobile(rng)),
                           VehicleInput(plate=_plate(rng), brand="大众", model="朗逸"))
    elif kind == "backup":
        backups.backup()
    elif kind == "demo":
        # ``s`` is the demo-only database's: a real load, its customers and its orders each
        # committed in their own units of work (a kill between them leaves whole chunks)
        s.demo.load(system, customers=1, work_orders=1)
    elif kind == "import":
        sheet = data_dir / f"import-{rng.randrange(10**9)}.csv"
        rows = [f"客户{i},{_mobile(rng)},{_plate(rng)}" for i in range(5)]
        sheet.write_text("姓名,手机,车牌\n" + "\n".join(rows) + "\n", encoding="utf-8")
        s.customer_import.run(system, sheet)
    else:  # pragma: no cover - STEPS is fixed
        raise ValueError(kind)


def _child(data_dir: str, template: Template, cycles: int) -> None:
    progress = Path(data_dir) / PROGRESS_FILE

    def note(step: int, kind: str) -> None:
        with progress.open("a", encoding="utf-8") as handle:
            handle.write(f"{step} {kind}\n")

    do_work(Path(data_dir), template, cycles, progress=note)
    os._exit(0)


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    orders: int = 0
    complaints: int = 0
    demo_customers: int = 0  # in the demo-only database


def _sqlite_checks(path: Path, report: Report, prefix: str = "") -> tuple[int, int, int]:
    """SQLite's own checks and the duplicated numbers; the (orders, complaints, customers) held."""
    conn = sqlite3.connect(path)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            report.problems.append(f"{prefix}integrity_check: {result}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            report.problems.append(f"{prefix}foreign keys: {fk[:5]}")
        for table in ("work_orders", "complaint_slips"):
            dup = conn.execute(f"SELECT number, COUNT(*) FROM {table} "  # noqa: S608 - fixed names
                               "GROUP BY number HAVING COUNT(*) > 1").fetchall()
            if dup:
                report.problems.append(f"{prefix}{table}: duplicated numbers {dup}")
        return (conn.execute("SELECT COUNT(*) FROM work_orders").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM complaint_slips").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0])
    finally:
        conn.close()


def _app_checks(path: Path, report: Report, prefix: str = "") -> None:
    engine = make_engine(sqlite_url(path))
    try:
        report.problems += [prefix + p for p in integrity_problems(engine)]
    finally:
        engine.dispose()


def check_database(data_dir: Path, *, full: bool = True) -> Report:
    """Everything that must hold after a crash (see the module docstring), for the branch's
    database and the demo-only one beside it when there is one (its problems prefixed ``demo:``).

    ``full=False`` (after the next run) skips the app's invariants and the backups, which
    the check right after the kill already proved; SQLite's check and the numbers remain.
    """
    report = Report()
    path = data_dir / DB_FILE_NAME
    demo = data_dir / DEMO_DIR / DB_FILE_NAME
    report.orders, report.complaints, _customers = _sqlite_checks(path, report)
    if demo.exists():  # tests that copy the branch's database alone have none
        _orders, _complaints, report.demo_customers = _sqlite_checks(demo, report, "demo: ")
    if not full:
        return report
    _app_checks(path, report)
    if demo.exists():
        _app_checks(demo, report, "demo: ")
    # The newest finished backup is the one the kill may have hit; a copy still being written
    # (".name.tmp") never counts as a backup.
    copies = sorted((c for c in (data_dir / "backups").glob("*.sqlite3") if not c.name.startswith(".")),
                    key=lambda c: c.stat().st_mtime)
    if copies:
        problems = BackupManager(path, data_dir / "backups").verify(copies[-1])
        report.problems += [f"backup {copies[-1].name}: {p}" for p in problems]
    return report


def _last_step(data_dir: Path) -> tuple[int, str]:
    progress = data_dir / PROGRESS_FILE
    if not progress.exists():
        return 0, ""
    lines = [x.split() for x in progress.read_text(encoding="utf-8").splitlines()]
    whole = [x for x in lines if len(x) == 2]  # the parent may read a line half written
    if not whole:
        return 0, ""
    number, kind = whole[-1]
    return int(number), kind


def _kill_at_random(child: multiprocessing.process.BaseProcess, target: Path, rng: random.Random,
                    total_steps: int, duration: float) -> None:
    """Kill the child somewhere inside a step drawn at random (or after the last one).

    Why aim at a step instead of a moment of the whole run: on a loaded machine a child's
    steps stretch unevenly, and kills drawn over the calibrated run time pile up in the first
    step; waiting for the drawn step to begin keeps every kind of save under fire.
    """
    aim = rng.randrange(total_steps + 1)  # total_steps: after the work (the "finished" case)
    give_up = time.monotonic() + max(60.0, duration * 20)
    while child.is_alive() and _last_step(target)[0] < aim and time.monotonic() < give_up:
        time.sleep(0.001)
    time.sleep(rng.uniform(0, duration / total_steps))
    if child.pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)


def time_unharmed_run(template: Template, work: Path, cycles: int) -> float:
    """Seconds a child takes to do the whole work when nobody kills it.

    The parent first does the work once itself, so every forked child starts warm (modules
    imported, statements compiled) and the kills spread over real saving, not start-up.
    """
    warm = work / "warm-up"
    shutil.copytree(template.data_dir, warm)
    do_work(warm, template, 1)
    shutil.rmtree(warm)
    target = work / "unharmed"
    shutil.copytree(template.data_dir, target)
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    child = context.Process(target=_child, args=(str(target), template, cycles))
    child.start()
    child.join()
    duration = time.perf_counter() - started
    assert child.exitcode == 0, "the unharmed run failed"
    report = check_database(target)
    assert not report.problems, report.problems
    shutil.rmtree(target)
    return duration


def run_trials(template: Template, work: Path, trials: int, *, cycles: int = 1, seed: int = 8,
               duration: float | None = None, chain: int = 25) -> Counter[str]:
    """Kill ``trials`` children at random moments; assert after each; count the outcomes.

    Trials run in chains of ``chain``: each child works on what the previous kill left, as a
    shop's file lives through one power cut after another, so every child is also "the next
    run" of the one before — it must not fail with an error (exit code 1), only die of the
    kill. Each chain ends with an unharmed run that must finish, and a full check.

    Outcomes: ``killed during <step>`` (the step the child was in) and ``finished`` (the
    kill came after the work).
    """
    if duration is None:
        # The shortest of three runs: the first is slowed by cold caches, and a window
        # longer than the work lets most kills arrive after it finished.
        duration = min(time_unharmed_run(template, work, cycles) for _ in range(3))
    total_steps = cycles * len(STEPS)
    rng = random.Random(seed)
    context = multiprocessing.get_context("fork")
    outcome: Counter[str] = Counter()
    target = work / "chain"
    previous = Report()
    for trial in range(trials):
        if trial % chain == 0:
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(template.data_dir, target)
            previous = Report()
        (target / PROGRESS_FILE).unlink(missing_ok=True)
        child = context.Process(target=_child, args=(str(target), template, cycles))
        child.start()
        _kill_at_random(child, target, rng, total_steps, duration)
        child.join()
        assert child.exitcode in (0, -signal.SIGKILL), \
            f"trial {trial}: the run after a crash failed (exit code {child.exitcode})"
        done, _kind = _last_step(target)
        if child.exitcode == 0 or done >= total_steps:
            outcome["finished"] += 1
        else:
            outcome[f"killed during {STEPS[done % len(STEPS)]}"] += 1
        report = check_database(target)
        assert not report.problems, f"trial {trial} after the kill: {report.problems}"
        assert report.orders >= previous.orders and report.complaints >= previous.complaints
        assert report.demo_customers >= previous.demo_customers  # a demo load never goes back
        previous = report
        if trial % chain == chain - 1 or trial == trials - 1:
            do_work(target, template, 1, steps=RERUN_STEPS)  # the next save succeeds
            after = check_database(target, full=False)
            assert not after.problems, f"trial {trial} after the next run: {after.problems}"
            assert after.orders == report.orders + 1 and after.complaints == report.complaints + 1
    shutil.rmtree(target, ignore_errors=True)
    return outcome


__all__ = ["DEMO_DIR", "STEPS", "Report", "Template", "check_database", "do_work", "open_database",
           "prepare_template", "run_trials", "time_unharmed_run"]
