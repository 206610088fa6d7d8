"""An import killed with SIGKILL at a random moment leaves all of the bundle or none of it.

Each trial copies a prepared HQ database, forks a child process that imports one bundle,
and kills it after a random delay spread over the import's duration. The database must
then hold either the complete bundle or nothing of it (and its bookkeeping must agree), and
the next import must succeed and reach the same state as an uninterrupted one.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from domain.roles import Actor
from storage.database import DB_FILE_NAME, Database
from storage.engine import make_engine, sqlite_backup, sqlite_url
from storage.syncrows import syncable_tables
from sync.service import SyncService, keys_dir
from tests.sync.helpers import Side

TRIALS = int(os.environ.get("DD_KILL_TRIALS", "50"))


#: HQ's own audit entries (they have HQ outbox entries; rows imported from a branch do not)
HQ_ENTRIES = "SELECT row_id FROM sync_outbox WHERE table_name = 'audit_entries'"


def synced_state(data_dir: Path) -> tuple[int, str, int]:
    """(last applied sequence of BJ01, checksum of every syncable table, HQ's entries of
    applied imports); plain sqlite3.

    HQ's own audit entries carry a fresh id and time in every run, so they are left out of
    the checksum and counted instead: the import's entry commits with the bundle (0 before,
    exactly 1 after), and a retry that finds the bundle applied (skipped) adds none.
    The branch's trail, which arrives in the bundle, stays in the checksum.
    """
    conn = sqlite3.connect(data_dir / DB_FILE_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        last = conn.execute("SELECT last_applied_seq FROM sync_peers WHERE code = 'BJ01'").fetchone()[0]
        digest = hashlib.sha256()
        for table in syncable_tables():
            digest.update(table.name.encode())
            where = f" WHERE id NOT IN ({HQ_ENTRIES})" if table.name == "audit_entries" else ""
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table.name}"{where}')):
                digest.update(row.encode())
        applied = conn.execute(f"SELECT COUNT(*) FROM audit_entries WHERE action = 'import' "
                               f"AND detail LIKE '已导入%' AND id IN ({HQ_ENTRIES})").fetchone()[0]
        return int(last), digest.hexdigest(), int(applied)
    finally:
        conn.close()


def _open(data_dir: Path) -> Database:
    """The database without the migration check (it is at head): trials stay fast."""
    engine = make_engine(sqlite_url(data_dir / DB_FILE_NAME))
    return Database(engine, data_dir / DB_FILE_NAME, sessionmaker(engine, expire_on_commit=False))


def _child(data_dir: str, bundle_path: str) -> None:
    SyncService(_open(Path(data_dir)), keys_dir(Path(data_dir)), actor=Actor.system()).import_bundles([Path(bundle_path)])
    os._exit(0)


def prepare(hq: Side, bj: Side, work: Path, customers: int) -> tuple[Path, Path]:
    """A pristine copy of HQ (enrolled, nothing imported) and a bundle from BJ01."""
    bj.ctx.services.demo.load(Actor.system(), customers=customers)
    bundle = bj.sync.export_bundle(work / "bj.ddsync").path
    pristine = work / "pristine"
    pristine.mkdir()
    sqlite_backup(hq.data_dir / DB_FILE_NAME, pristine / DB_FILE_NAME)
    shutil.copytree(keys_dir(hq.data_dir), keys_dir(pristine))
    return pristine, bundle


def run_trials(pristine: Path, bundle: Path, work: Path, trials: int, seed: int) -> dict[str, int]:
    reference = work / "reference"
    shutil.copytree(pristine, reference)
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()  # how long a child takes from start to exit, unharmed
    child = context.Process(target=_child, args=(str(reference), str(bundle)))
    child.start()
    child.join()
    duration = time.perf_counter() - started
    empty, full = synced_state(pristine), synced_state(reference)
    assert empty != full and full[0] > 0 and (empty[2], full[2]) == (0, 1)
    rng = random.Random(seed)
    outcome = {"none": 0, "all": 0}
    for trial in range(trials):
        target = work / f"trial{trial}"
        shutil.copytree(pristine, target)
        child = context.Process(target=_child, args=(str(target), str(bundle)))
        child.start()
        time.sleep(rng.uniform(0, duration * 2.0))
        if child.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGKILL)
        child.join()
        state = synced_state(target)
        assert state in (empty, full), f"trial {trial}: half-applied import"
        outcome["all" if state == full else "none"] += 1
        _child_in_process(target, bundle)  # the next import succeeds (or skips: all there)
        assert synced_state(target) == full
        shutil.rmtree(target)
    outcome["duration_ms"] = round(duration * 1000)
    return outcome


def _child_in_process(data_dir: Path, bundle: Path) -> None:
    db = _open(data_dir)
    try:
        [result] = SyncService(db, keys_dir(data_dir), actor=Actor.system()).import_bundles([bundle])
        assert result.status in ("applied", "skipped"), result
    finally:
        db.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_import_killed_at_random_moments(hq: Side, bj: Side, tmp_path: Path) -> None:
    pristine, bundle = prepare(hq, bj, tmp_path, customers=10)
    outcome = run_trials(pristine, bundle, tmp_path, TRIALS, seed=6)
    duration = outcome.pop("duration_ms")
    assert sum(outcome.values()) == TRIALS
    print(f"kill trials: {outcome}, an unharmed import process takes {duration} ms")
    assert outcome["none"] > 0  # some kills really landed before the commit
