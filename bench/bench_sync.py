"""Sync benchmark (同步性能): export and import rates for 100,000 changes, and incremental
export time against database size.

1. A branch gets N customers through the ORM bulk insert (captured: N outbox entries), is
   enrolled at a fresh HQ, and exports them all; HQ imports the bundle. Both are timed.
2. In the same run the same rows are inserted into an empty copy of the schema with plain
   ``sqlite3`` ``executemany`` in one transaction — the raw rate the import is measured
   against (target: import at least half of it). Both are also timed in CPU seconds of the
   process: on a shared machine the wall clock mostly measures waiting for a core.
3. Incremental export: after HQ acknowledged everything, K more changes are made and
   exported, on databases of different sizes; the time should follow K, not the size.
4. Optionally (``--kill-trials``) more SIGKILL trials than the test suite runs.

    .venv/bin/python bench/bench_sync.py                  # 100,000 changes
    .venv/bin/python bench/bench_sync.py --changes 20000 --kill-trials 200
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from app.context import AppContext
from domain import clock
from domain.model import Branch, Customer
from domain.orm import new_id
from domain.roles import Actor
from storage.database import DB_FILE_NAME, Database
from storage.syncrows import decode_row, travelling_columns
from sync import bundle as bundle_format
from sync import crypto
from sync.service import SyncService, keys_dir

TARGET_RATIO = 0.5


def _side(template: Path, folder: Path, code: str, mode: str) -> tuple[AppContext, SyncService]:
    folder.mkdir(parents=True)
    shutil.copy(template / DB_FILE_NAME, folder / DB_FILE_NAME)
    ctx = AppContext.open(folder)
    ctx.services.branches.initialise(code=code, name=f"{code} 店", admin_username="admin",
                                     admin_password="admin123-Kq7v", mode=mode)
    service = SyncService(ctx.db, keys_dir(folder), actor=Actor.system())
    if mode == "hq":
        service.ensure_hq_keys()
    return ctx, service


def _add_customers(ctx: AppContext, count: int, start: int = 0) -> None:
    now = clock.now()
    with ctx.db.unit_of_work() as session:
        branch_id = session.scalar(select(Branch.id).where(Branch.is_local.is_(True)))
        for offset in range(start, start + count, 10_000):
            rows = [{"id": new_id(), "branch_id": branch_id, "kind": "individual",
                     "name": f"客户{i:06d}", "name_initials": "KH", "mobile": f"139{i:08d}",
                     "mobile_rev": f"139{i:08d}"[::-1], "other_phone": "", "address": "北京市朝阳区",
                     "id_number": "", "source": "bench", "preferred_contact_time": "",
                     "consent_contact": True, "notes": "", "first_visit_on": None,
                     "created_at": now, "updated_at": now, "row_version": 1}
                    for i in range(offset, min(offset + 10_000, start + count))]
            session.execute(insert(Customer), rows)


def _touch(ctx: AppContext, count: int) -> None:
    with ctx.db.unit_of_work() as session:
        ids = list(session.scalars(select(Customer.id).limit(count)))
        session.execute(update(Customer).where(Customer.id.in_(ids)).values(notes="已回访"))


def _cpu() -> float:
    """CPU seconds of this process so far (user + system): less at the mercy of other
    processes on a shared machine than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _raw_rate(template: Path, folder: Path, bundle_path: Path, hq_keys: Path,
              foreign_keys: bool = False) -> tuple[float, int, float]:
    """Plain sqlite3 executemany of the very rows the bundle carries, into an empty schema."""
    pair = crypto.load_keys(hq_keys)
    assert pair is not None
    raw = bundle_format.read(bundle_path)
    import json
    import zlib

    lines = zlib.decompress(crypto.open_sealed(pair, raw.payload)).decode().splitlines()
    rows = [decode_row("customers", json.loads(line)["row"]) for line in lines if '"t":"customers"' in line]
    columns = [c.name for c in travelling_columns("customers")]
    params: list[tuple[Any, ...]] = []
    for row in rows:  # the engine's own type processing, done before the clock starts
        params.append(tuple(
            (row[c].astimezone(clock.UTC).replace(tzinfo=None).isoformat(sep=" ")
             if hasattr(row[c], "astimezone") else row[c]) for c in columns))
    folder.mkdir(parents=True)
    shutil.copy(template / DB_FILE_NAME, folder / DB_FILE_NAME)
    conn = sqlite3.connect(folder / DB_FILE_NAME, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    if foreign_keys:  # the customers' branch, as the import has it
        conn.execute("INSERT INTO branches (id, code, name, address, phone, timezone, mode, is_local,"
                     " created_at, updated_at, row_version) VALUES (?, 'BJ01', 'x', '', '', '',"
                     " 'branch', 0, '', '', 1)", (params[0][columns.index("branch_id")],))
    sql = f"INSERT INTO customers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started, cpu = time.perf_counter(), _cpu()
    conn.execute("BEGIN")
    conn.executemany(sql, params)
    conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    conn.close()
    return len(params) / elapsed, len(params), cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--increment", type=int, default=1000, help="changes in the incremental export")
    parser.add_argument("--kill-trials", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="exit 1 when the import misses the target")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="dd-bench-sync-"))
    try:
        template = work / "template"
        Database.open(template, create=True).close()
        hq_ctx, hq = _side(template, work / "hq", "HQ", "hq")
        bj_ctx, bj = _side(template, work / "bj", "BJ01", "branch")
        hq.enrol_branch("BJ01", "北京", work / "bj.enrol")
        bj.enrol(work / "bj.enrol")

        started = time.perf_counter()
        _add_customers(bj_ctx, args.changes)
        capture = time.perf_counter() - started
        started = time.perf_counter()
        out = bj.export_bundle(work / "full.ddsync")
        export_s = time.perf_counter() - started
        started, cpu = time.perf_counter(), _cpu()
        [result] = hq.import_bundles([out.path])
        import_s, import_cpu = time.perf_counter() - started, _cpu() - cpu
        assert result.status == "applied", result
        raw_rate, raw_rows, raw_cpu = _raw_rate(template, work / "raw", out.path, keys_dir(work / "hq"))
        fk_rate, _n, fk_cpu = _raw_rate(template, work / "raw-fk", out.path, keys_dir(work / "hq"),
                                foreign_keys=True)
        import_rate = out.changes / import_s
        size_mb = out.path.stat().st_size / 1e6
        print(f"变更 {out.changes}（数据包 {size_mb:.1f} MB）")
        print(f"  写入并记录变更（ORM 批量插入 + 变更记录）：{capture:.2f} s")
        print(f"  导出：{export_s:.2f} s，{out.changes / export_s:,.0f} 条/秒")
        print(f"  导入（总部）：{import_s:.2f} s，{import_rate:,.0f} 条/秒（CPU {import_cpu:.2f} s）")
        print(f"  同批数据 sqlite3 executemany：{raw_rows / raw_rate:.2f} s，{raw_rate:,.0f} 条/秒"
              f"（CPU {raw_cpu:.2f} s）")
        print(f"  同上，开启外键约束（导入时始终开启）：{raw_rows / fk_rate:.2f} s，{fk_rate:,.0f} 条/秒"
              f"（CPU {fk_cpu:.2f} s）")
        ratio = import_rate / raw_rate
        print(f"  导入速度 / 原始插入速度 = {ratio:.2f}（目标 ≥ {TARGET_RATIO}）；"
              f"对比开启外键的插入 = {import_rate / fk_rate:.2f}；"
              f"按 CPU 时间 = {raw_cpu * out.changes / raw_rows / import_cpu:.2f}")

        # incremental export against database size
        back = hq.export_for_branch("BJ01", work / "ack.ddsync")
        bj.import_bundles([back.path])
        small_ctx, small = _side(template, work / "small", "SH01", "branch")
        hq.enrol_branch("SH01", "上海", work / "sh.enrol")
        small.enrol(work / "sh.enrol")
        _add_customers(small_ctx, max(args.changes // 20, args.increment), start=5_000_000)
        hq.import_bundles([small.export_bundle(work / "sh-full.ddsync").path])
        small.import_bundles([hq.export_for_branch("SH01", work / "sh-ack.ddsync").path])
        print(f"增量导出（{args.increment} 个变更）：")
        for label, ctx, service in (("小库", small_ctx, small), ("大库", bj_ctx, bj)):
            with ctx.db.engine.connect() as conn:
                rows = conn.execute(select(func.count(Customer.id))).scalar_one()
            _touch(ctx, args.increment)
            started = time.perf_counter()
            inc = service.export_bundle(work / f"inc-{label}.ddsync")
            elapsed = time.perf_counter() - started
            print(f"  {label}（{rows} 位客户）：{inc.changes} 个变更，{elapsed * 1000:.0f} ms")
        for ctx in (hq_ctx, bj_ctx, small_ctx):
            ctx.close()

        if args.kill_trials:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.sync.helpers import make_branch, make_hq
            from tests.sync.test_kill import prepare, run_trials

            kill_dir = work / "kill"
            kill_dir.mkdir()
            khq = make_hq(template, kill_dir / "hq")
            kbj = make_branch(template, kill_dir / "bj", "BJ01", khq)
            pristine, bundle = prepare(khq, kbj, kill_dir, customers=40)
            outcome = run_trials(pristine, bundle, kill_dir, args.kill_trials, seed=2026)
            print(f"强制终止导入 {args.kill_trials} 次：全部导入 {outcome['all']} 次，"
                  f"完全未导入 {outcome['none']} 次，导入进程约 {outcome['duration_ms']} ms，无半途状态")
        return 1 if args.check and ratio < TARGET_RATIO else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
