"""Kill trials (断电模拟): 500 SIGKILLs at random moments while a child process saves.

The same harness as ``tests/crash/test_kill_trials.py`` (see :mod:`tests.crash.harness` for
what is saved and what is checked after each kill), with more trials:

    .venv/bin/python bench/bench_kill.py                # 500 trials
    .venv/bin/python bench/bench_kill.py --trials 2000 --chain 50

Prints the outcome of every kind (in which saving step the kill landed) and the time taken;
any broken invariant stops the run with the trial number and the problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for ``tests.crash``

from tests.crash.harness import prepare_template, run_trials, time_unharmed_run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--chain", type=int, default=50,
                        help="kills in a row on one file before starting from a fresh copy")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dealerdesk-kill-") as tmp:
        work = Path(tmp)
        template = prepare_template(work)
        duration = time_unharmed_run(template, work, 1)
        started = time.perf_counter()
        outcome = run_trials(template, work, args.trials, seed=args.seed, chain=args.chain,
                             duration=duration)
        elapsed = time.perf_counter() - started
    print(f"kill trials: {args.trials} in {elapsed:.0f} s (one unharmed run: {duration * 1000:.0f} ms)")
    for kind, count in sorted(outcome.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<28} {count}")
    print("every trial: integrity_check ok, app invariants hold, numbers unique, "
          "newest backup readable, the next run succeeded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
