"""Backup beside the counter (备份时的查询速度): the counter's search p95 while the day's
first backup of a multi-gigabyte database runs, against the same searches with no backup.

Issue 17 item 5: the first start of the day backs up a database of gigabytes; it must not
slow the counter. The GUI runs it on a thread of its own (``app.backups.BackgroundBackup``,
SQLite's online backup API in steps), and its database thread stays free for the searches.
This benchmark does exactly that in one process: the app's context and search service (the
call the GUI's search box makes, including its unit of work) on the main thread, the app's
background backup on its own.

The database is made once and kept (default ``/tmp/dd-bench/backup-counter``): ``dealerdesk
init`` and ``dealerdesk demo --customers N`` (the real command line), then, to reach the size
of a branch after years (``--size-gb``), filler rows of incompressible bytes in a table of
their own (``bench_filler``): the backup copies pages, whatever they hold, as it copies the
sync history that makes up half of a real database.

    .venv/bin/python bench/bench_backup_counter.py                       # 1.5 GB
    .venv/bin/python bench/bench_backup_counter.py --size-gb 3 --customers 8000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

import app.backups as backups_module
from app.backups import BackgroundBackup, manager_for
from app.context import AppContext
from domain.model import Customer, Vehicle, WorkOrder
from domain.roles import Actor
from storage import sqlite_backup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import _percentile, _queries  # noqa: E402  (the same queries as bench_search)

DEFAULT_DIR = Path("/tmp/dd-bench/backup-counter")
FILLER_ROW = 3000  # bytes per filler row: about the size of a sync-history entry
FILLER_BATCH = 20_000
TARGET_SLOWDOWN_MS = 10.0  # p95 during the backup at most this much above the p95 without


def _dealerdesk(data_dir: Path, *args: str) -> None:
    launcher = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run([sys.executable, "-c", launcher, "--data-dir", str(data_dir), *args], check=True)


def _db_file(data_dir: Path) -> Path:
    return data_dir / "dealerdesk.sqlite3"


def _size(db_file: Path) -> int:
    wal = db_file.with_name(db_file.name + "-wal")
    return db_file.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def prepare(data_dir: Path, customers: int, size_gb: float) -> None:
    """Demo data once, then filler up to ``size_gb`` (both skipped when already there)."""
    db_file = _db_file(data_dir)
    if not db_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        _dealerdesk(data_dir, "init", "--branch-code", "BJ01", "--branch-name", "基准测试店",
                    "--admin", "admin", "--password", "admin123-Kq7v")
        started = time.perf_counter()
        _dealerdesk(data_dir, "demo", "--customers", str(customers))
        print(f"dealerdesk demo --customers {customers}：{time.perf_counter() - started:.0f} s")
    target = int(size_gb * 1024**3)
    if _size(db_file) >= target * 0.98:
        return
    started = time.perf_counter()
    conn = sqlite3.connect(str(db_file))
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS bench_filler (id INTEGER PRIMARY KEY, body BLOB)")
        while (missing := target - _size(db_file)) > 0:
            rows = min(FILLER_BATCH, missing // FILLER_ROW + 1)
            conn.executemany("INSERT INTO bench_filler (body) VALUES (?)",
                             ((os.urandom(FILLER_ROW),) for _ in range(rows)))
            conn.commit()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    print(f"filler up to {size_gb} GB：{time.perf_counter() - started:.0f} s")


def _one_step_seconds(db_file: Path) -> float:
    """The backup as it was before: the whole copy in one step on the GUI's database thread,
    so a search typed when it started waited this long."""
    target = db_file.with_name("bench-before.sqlite3")
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    src = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def _stats(samples: list[float]) -> tuple[float, float, float]:
    return statistics.median(samples), _percentile(samples, 0.95), max(samples)


def run(data_dir: Path, queries: int, seed: int, pause: float | None,
        before: bool = True) -> bool:
    if pause is not None:
        sqlite_backup.STEP_PAUSE_S = pause
    db_file = _db_file(data_dir)
    ctx = AppContext.open(data_dir)
    try:
        with ctx.db.unit_of_work() as session:
            vehicles = session.scalar(select(func.count()).select_from(Vehicle))
            customers = session.scalar(select(func.count()).select_from(Customer))
            orders = session.scalar(select(func.count()).select_from(WorkOrder))
        size = _size(db_file)
        print(f"数据库 {size / 1024**3:.2f} GB（{size:,} bytes）：客户 {customers} 位，车辆 {vehicles} 辆，"
              f"工单 {orders} 张")
        service = ctx.services.search
        actor = Actor.system()
        kinds = _queries(ctx, queries, seed)
        mixed = [text for items in zip(*kinds.values(), strict=False) for text, _ in items]
        for text in mixed[:60]:  # warm the statement cache and the pages of the indexes
            service.search(actor, text)

        def search(text: str) -> float:
            started = time.perf_counter()
            service.search(actor, text)
            return (time.perf_counter() - started) * 1000

        quiet = [search(text) for text in mixed]

        backups = manager_for(ctx.location, data_dir)
        runner = BackgroundBackup()
        busy: list[float] = []
        started = time.perf_counter()
        runner.start(backups, "bench")
        index = 0
        while runner.running:
            busy.append(search(mixed[index % len(mixed)]))
            index += 1
        seconds = time.perf_counter() - started
        state = runner.progress.snapshot()
        if state.result is None:
            print(f"backup failed: {state.error}")
            return False
        backup_size = state.result.path.stat().st_size
        state.result.path.unlink()

        print(f"备份（SQLite 在线备份，每步 {sqlite_backup.STEP_PAGES} 页，步间暂停 "
              f"{sqlite_backup.STEP_PAUSE_S * 1000:.0f} ms）：{seconds:.1f} s，"
              f"{backup_size / 1024**2 / seconds:.0f} MB/s，备份文件 {backup_size / 1024**3:.2f} GB")
        print(f"{'searches':<28}{'n':>7}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
        for label, samples in (("no backup 无备份", quiet), ("during backup 备份进行中", busy)):
            median, p95, worst = _stats(samples)
            print(f"{label:<28}{len(samples):>7}{median:>11.2f}{p95:>9.2f}{worst:>9.2f}")
        slower = _stats(busy)[1] - _stats(quiet)[1]
        ok = slower <= TARGET_SLOWDOWN_MS
        print(f"p95 slower by {slower:.2f} ms during the backup (target <= {TARGET_SLOWDOWN_MS:.0f}): "
              f"{'OK' if ok else 'MISSED'}")
        if before:
            print(f"before (one step on the GUI's database thread): a search typed when the "
                  f"backup started waited {_one_step_seconds(db_file):.1f} s")
        return ok
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DealerDesk: search at the counter during a backup")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR,
                        help=f"where the database is made once and kept (default {DEFAULT_DIR})")
    parser.add_argument("--customers", type=int, default=8000, help="demo customers (first run)")
    parser.add_argument("--size-gb", type=float, default=1.5, help="database size after filler")
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pause-ms", type=float, default=None,
                        help="pause between backup steps (default: the program's)")
    parser.add_argument("--normal-priority", action="store_true",
                        help="do not lower the backup thread's priority (for comparison)")
    parser.add_argument("--no-before", action="store_true",
                        help="skip timing the old way (the whole copy in one step)")
    parser.add_argument("--fresh", action="store_true", help="make the database again")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)
    if args.fresh and args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    prepare(args.data_dir, args.customers, args.size_gb)
    pause = None if args.pause_ms is None else args.pause_ms / 1000
    if args.normal_priority:
        backups_module.lower_thread_priority = lambda: None
    ok = run(args.data_dir, args.queries, args.seed, pause, not args.no_before)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
