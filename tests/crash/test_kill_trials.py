"""SIGKILL at random moments while saving: the database stays intact and takes the next save.

50 trials in the suite (``DD_CRASH_TRIALS`` for more; ``bench/bench_kill.py`` runs 500).
What each trial proves is in :mod:`tests.crash.harness`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.crash.harness import STEPS, prepare_template, run_trials

TRIALS = int(os.environ.get("DD_CRASH_TRIALS", "50"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_saving_killed_at_random_moments(tmp_path: Path) -> None:
    template = prepare_template(tmp_path)
    outcome = run_trials(template, tmp_path, TRIALS, seed=20261125, chain=25)
    print(f"kill trials: {TRIALS}, outcomes: {dict(outcome)}")
    assert sum(outcome.values()) == TRIALS
    killed = sum(n for k, n in outcome.items() if k.startswith("killed during"))
    assert killed >= TRIALS // 4  # the kills really land in the middle of saving
    assert len({k for k in outcome if k.startswith("killed during")}) >= 3, outcome
    assert set(STEPS) >= {k.removeprefix("killed during ") for k in outcome if k != "finished"}
