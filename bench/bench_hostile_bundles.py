"""Hostile bundles in fixed memory (issue 23 item 3): HQ's peak memory while it refuses each
hostile kind, and while it imports a real snapshot of a demo branch.

1. A fresh HQ and branch BJ01 through the real command line (``init``, ``demo --customers
   N``, ``hq enrol-branch``, ``enrol``, ``export --all``): the real snapshot.
2. The hostile files (tests/sync/hostile.py): a bomb (signed by BJ01's key, sealed to HQ,
   a few MB decompressing to 2 GiB of zeros), the same bomb unsigned, a 64 MB manifest, a
   manifest nested 200,000 levels, a zip of 100,000 entries, a file one byte over the size
   cap (sparse).
3. Each file is imported by ``dealerdesk import FILE`` in a child process of its own, which
   reports its peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``); the hostile ones
   first (refused, HQ unchanged), the real snapshot last. Prints file size, outcome, time
   and peak RSS per file; exit 1 with ``--check`` when any peak reaches 300 MB or a hostile
   file was not refused (or the snapshot not applied).

    .venv/bin/python bench/bench_hostile_bundles.py                       # 2,000 customers
    .venv/bin/python bench/bench_hostile_bundles.py --customers 166667    # 200,000 vehicles
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for ``tests.sync.hostile``

from tests.sync import hostile  # noqa: E402  (first: it puts nothing on the path)

from sync import bundle, crypto  # noqa: E402
from sync.service import keys_dir  # noqa: E402

BUDGET_MB = 300
PASSWORD = "Bench-hostile-2026!"
_CHILD = """
import resource, sys
from app.cli import main
try:
    code = main(sys.argv[1:])
finally:
    sys.stderr.write(f"\\nMAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(code)
"""


def _cli(*args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0 or not quiet:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"failed: dealerdesk {' '.join(args)}")
    return result


def _import(hq: Path, path: Path) -> tuple[int, float, float, str]:
    """``dealerdesk import`` in a child process: exit code, seconds, peak RSS (MB), its line."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _CHILD, "--data-dir", str(hq), "import", str(path)],
                            capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    rss = 0.0
    lines = []
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith("MAXRSS "):
            rss = int(line.split()[1]) / 1024  # Linux reports KiB
        elif line.strip():
            lines.append(line.strip())
    return result.returncode, seconds, rss, " | ".join(lines)[:160]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=2000, help="demo customers at the branch (1.2 vehicles each)")
    parser.add_argument("--bomb-gib", type=float, default=2.0, help="what the bomb decompresses to")
    parser.add_argument("--dir", type=Path, default=None, help="work here (kept) instead of a temporary folder")
    parser.add_argument("--reuse", action="store_true",
                        help="with --dir: take the branch and snapshot made by an earlier run (HQ as it was before)")
    parser.add_argument("--snapshot-only", action="store_true", help="import the real snapshot only")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a peak reaches {BUDGET_MB} MB")
    args = parser.parse_args(argv)
    work = args.dir or Path(tempfile.mkdtemp(prefix="dd-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    hq, branch = work / "hq", work / "bj"
    started = time.perf_counter()
    fresh = work / "hq-before-import"
    if args.reuse and fresh.exists():
        shutil.rmtree(hq, ignore_errors=True)
        shutil.copytree(fresh, hq)
    else:
        _make(args.customers, hq, branch, work)
        shutil.copytree(hq, fresh, dirs_exist_ok=True)
    snapshot = work / "snapshot.ddsync"
    print(f"branch made and exported in {time.perf_counter() - started:.0f} s")
    return _run(args, hq, branch, work, snapshot)


def _make(customers: int, hq: Path, branch: Path, work: Path) -> None:
    _cli("--data-dir", str(hq), "init", "--hq", "--name", "总部", "--branch-code", "HQ",
         "--admin", "admin", "--password", PASSWORD)
    _cli("--data-dir", str(branch), "init", "--branch-code", "BJ01", "--branch-name", "北京",
         "--admin", "admin", "--password", PASSWORD)
    _cli("--data-dir", str(branch), "demo", "--customers", str(customers), quiet=False)
    _cli("--data-dir", str(hq), "hq", "enrol-branch", "--name", "北京店", "-o", str(work / "bj.enrol"), "BJ01")
    _cli("--data-dir", str(branch), "enrol", str(work / "bj.enrol"))
    _cli("--data-dir", str(branch), "export", "--all", "-o", str(work / "snapshot.ddsync"), quiet=False)


def _run(args: argparse.Namespace, hq: Path, branch: Path, work: Path, snapshot: Path) -> int:
    hq_keys, bj_keys = crypto.load_keys(keys_dir(hq)), crypto.load_keys(keys_dir(branch))
    assert hq_keys is not None and bj_keys is not None
    manifest = bundle.read(snapshot).manifest
    box = hq_keys.public.box
    bomb_size = int(args.bomb_gib * (1 << 30))
    kinds: dict[str, Callable[[Path], Path]] = {
        "bomb (signed)": lambda p: hostile.bomb(p, manifest, box, bj_keys, bomb_size),
        "bomb (unsigned)": lambda p: hostile.bomb(p, manifest, box, None, bomb_size),
        "huge manifest (64 MB)": lambda p: hostile.huge_manifest(p, 64 << 20),
        "deep nesting (200,000)": lambda p: hostile.deep_manifest(p, 200_000),
        "many members (100,000)": lambda p: hostile.many_members(p, 100_000),
        "oversized file (sparse)": hostile.oversized,
    }
    rows: list[tuple[str, int, str, float, float, str]] = []
    failed = False
    for name, build in kinds.items() if not args.snapshot_only else ():
        path = build(work / (name.split()[0] + "-" + str(len(rows)) + ".ddsync"))
        code, seconds, rss, line = _import(hq, path)
        refused = code == 1
        failed |= not refused or rss >= BUDGET_MB
        rows.append((name, os.path.getsize(path), "refused" if refused else f"exit {code}", seconds, rss, line))
        path.unlink()
    code, seconds, rss, line = _import(hq, snapshot)
    failed |= code != 0 or rss >= BUDGET_MB
    counts = json.loads(json.dumps(manifest.get("counts", {})))
    rows.append((f"real snapshot ({counts.get('vehicles', 0):,} vehicles, {manifest.get('changes', 0):,} changes)",
                 os.path.getsize(snapshot), "applied" if code == 0 else f"exit {code}", seconds, rss, line))
    print(f"\n{'file':<48} {'size':>14} {'outcome':>9} {'time':>8} {'peak RSS':>10}")
    for name, size, outcome, seconds, rss, _line in rows:
        print(f"{name:<48} {size:>14,} {outcome:>9} {seconds:>7.1f}s {rss:>7.0f} MB")
    print()
    for name, *_rest, line in rows:
        print(f"{name}: {line}")
    print(f"\nbudget {BUDGET_MB} MB per import; work folder {work}")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
