"""Write-ahead log during a large import (issue 17, item 3): HQ applies a bundle of
1,000,000 changes in one transaction (the atomicity rule); how large does ``<db>-wal`` get?

1. A branch gets N customers through the ORM bulk insert (N captured changes, as in
   ``bench_sync.py``), is enrolled at a fresh HQ and exports them in one bundle.
2. HQ imports the bundle while a thread samples the size of HQ's ``-wal`` file every 20 ms.
3. Prints the bundle's size, the import's time, the peak WAL size, HQ's database size and
   its number of customers.

    .venv/bin/python bench/bench_import_wal.py                     # 1,000,000 changes
    .venv/bin/python bench/bench_import_wal.py --changes 200000 --cache-kib 65536
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_sync import _add_customers, _side
from sqlalchemy import func, select

from domain.model import Customer
from storage.database import DB_FILE_NAME, Database
from sync import service as sync_service


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=1_000_000)
    parser.add_argument("--cache-kib", type=int, default=None,
                        help=f"page cache of the import's connection (default {sync_service.IMPORT_CACHE_KIB})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.cache_kib is not None:
        sync_service.IMPORT_CACHE_KIB = args.cache_kib
    work = Path(tempfile.mkdtemp(prefix="dd-bench-wal-"))
    try:
        template = work / "template"
        Database.open(template, create=True).close()
        hq_ctx, hq = _side(template, work / "hq", "HQ", "hq")
        bj_ctx, bj = _side(template, work / "bj", "BJ01", "branch")
        hq.enrol_branch("BJ01", "北京", work / "bj.enrol")
        bj.enrol(work / "bj.enrol")
        started = time.perf_counter()
        _add_customers(bj_ctx, args.changes)
        out = bj.export_bundle(work / "full.ddsync")
        print(f"数据包：{out.changes} 个变更，{out.path.stat().st_size / 1e6:.1f} MB"
              f"（生成与导出 {time.perf_counter() - started:.0f} s）")
        bj_ctx.close()

        wal = Path(f"{work / 'hq' / DB_FILE_NAME}-wal")
        peak = [0]
        running = threading.Event()
        running.set()

        def sample() -> None:
            while running.is_set():
                with contextlib.suppress(FileNotFoundError):
                    peak[0] = max(peak[0], wal.stat().st_size)
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        [result] = hq.import_bundles([out.path])
        elapsed = time.perf_counter() - started
        running.clear()
        sampler.join()
        assert result.status == "applied", result
        with hq_ctx.db.engine.connect() as conn:
            customers = conn.execute(select(func.count()).select_from(Customer)).scalar_one()
        db_size = (work / "hq" / DB_FILE_NAME).stat().st_size
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"总部导入：{elapsed:.1f} s；WAL 峰值 {peak[0] / 1e6:.1f} MB；"
              f"页缓存 {sync_service.IMPORT_CACHE_KIB // 1024} MB；进程内存峰值 {rss:.0f} MB")
        print(f"总部数据库：{db_size / 1e6:.1f} MB，客户 {customers} 位")
        hq_ctx.close()
    finally:
        if args.keep:
            print(work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
