"""Demo-data benchmark (演示数据生成): wall time and the write-ahead log's peak size.

Issue 17 asks that ``dealerdesk demo --customers 166667`` (200,000 vehicles, about 300,000
work orders) finishes within 5 minutes and ``--customers 833334`` (1,000,000 vehicles, about
1.5 million orders) within 30 minutes on the 2-core machine, with the SQLite write-ahead log
never above 200 MB. This runs the real command line (``init`` then ``demo``) in a child
process and samples the size of ``dealerdesk.sqlite3-wal`` every 0.5 s from this one.

    .venv/bin/python bench/bench_demo.py --customers 166667
    .venv/bin/python bench/bench_demo.py --customers 833334 --data-dir /tmp/dd-demo-1m --keep

With ``--data-dir`` the finished folder can serve the other benchmarks (``bench_search.py``,
``bench_workorders.py`` and ``bench_startup.py`` take the same folder).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TARGETS_S = {166_667: 300.0, 833_334: 1800.0}
WAL_LIMIT_MB = 200.0
DB_FILE = "dealerdesk.sqlite3"
LAUNCHER = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"


class WalSampler(threading.Thread):
    """The largest size the ``-wal`` file had, sampled every ``interval`` seconds."""

    def __init__(self, db_file: Path, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.wal = db_file.with_name(db_file.name + "-wal")
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            with contextlib.suppress(FileNotFoundError):
                self.peak = max(self.peak, self.wal.stat().st_size)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def dealerdesk(data_dir: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-c", LAUNCHER, "--data-dir", str(data_dir), *args], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DealerDesk demo-data benchmark")
    parser.add_argument("--customers", type=int, default=166_667)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="fill this (empty or new) folder instead of a temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="dealerdesk-bench-demo-"))
    if (data_dir / DB_FILE).exists():
        parser.error(f"{data_dir} already holds a database")
    try:
        dealerdesk(data_dir, "init", "--branch-code", "BJ01", "--branch-name", "基准测试店",
                   "--admin", "admin", "--password", "admin123-Kq7v")
        sampler = WalSampler(data_dir / DB_FILE)
        sampler.start()
        started, cpu_before = time.perf_counter(), _children_cpu()
        dealerdesk(data_dir, "demo", "--customers", str(args.customers))
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        peak = sampler.stop() / 1e6
        size = (data_dir / DB_FILE).stat().st_size / 1e6
        target = TARGETS_S.get(args.customers)
        verdict = "" if target is None else (
            "OK" if seconds <= target and peak <= WAL_LIMIT_MB else "MISSED")
        load = os.getloadavg()[0]
        print(f"demo --customers {args.customers}: {seconds:.1f} s wall ({cpu:.1f} s CPU, load average "
              f"{load:.1f}), WAL peak {peak:.1f} MB, database {size:.0f} MB {verdict}".rstrip())
        ok = verdict != "MISSED"
    finally:
        if args.keep or args.data_dir is not None:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
