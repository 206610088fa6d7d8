"""The demo databases the benchmarks run on, made once and kept for the next run.

Why one cache: a realistic database (a million vehicles with their work-order history) takes
tens of minutes to make with ``dealerdesk demo``; search, the board and start-up can share
it. Each size lives in ``<cache>/demo-<customers>-<orders>`` (``orders``: ``default`` = the
demo's own history of about 1.5 orders a vehicle); ``<cache>`` is ``$DEALERDESK_BENCH_CACHE``
or ``<temp>/dealerdesk-bench-cache``. A folder counts only once its ``READY`` marker is
written, so a load cut off half-way is made again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

DB_FILE = "dealerdesk.sqlite3"
READY = "READY"
CACHE_ENV = "DEALERDESK_BENCH_CACHE"
LAUNCHER = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "dealerdesk-bench-cache")


def dealerdesk(data_dir: Path, *args: str) -> None:
    # Not ``-m app.cli``: run as __main__ the module would not see the subcommands that
    # feature modules register on ``app.cli``.
    subprocess.run([sys.executable, "-c", LAUNCHER, "--data-dir", str(data_dir), *args], check=True)


def demo_database(customers: int, work_orders: int | None = None, data_dir: Path | None = None) -> Path:
    """A data folder with ``init`` + ``demo --customers customers`` done (made on first use)."""
    orders = "default" if work_orders is None else str(work_orders)
    folder = data_dir or cache_root() / f"demo-{customers}-{orders}"
    if (folder / READY).is_file() or (data_dir is not None and (folder / DB_FILE).is_file()):
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    dealerdesk(folder, "init", "--branch-code", "BJ01", "--branch-name", "基准测试店",
               "--admin", "admin", "--password", "admin123-Kq7v")
    started = time.perf_counter()
    extra = [] if work_orders is None else ["--work-orders", str(work_orders)]
    dealerdesk(folder, "demo", "--customers", str(customers), *extra)
    (folder / READY).write_text("ok")
    print(f"dealerdesk demo --customers {customers} {' '.join(extra)}: "
          f"{time.perf_counter() - started:.0f} s → {folder}", flush=True)
    return folder


def describe(data_dir: Path) -> str:
    """``数据库 2.1 GB，工单 300,123 张，车辆 200,000 辆`` — what a figure was measured on."""
    from app.context import AppContext
    from domain.model import Vehicle, WorkOrder

    size = sum(p.stat().st_size for p in data_dir.glob(DB_FILE + "*"))
    ctx = AppContext.open(data_dir)
    try:
        with ctx.db.unit_of_work() as session:
            orders = session.scalar(select(func.count()).select_from(WorkOrder)) or 0
            vehicles = session.scalar(select(func.count()).select_from(Vehicle)) or 0
    finally:
        ctx.close()
    return f"数据库 {size / 1e9:.2f} GB（{data_dir}），工单 {orders:,} 张，车辆 {vehicles:,} 辆"
