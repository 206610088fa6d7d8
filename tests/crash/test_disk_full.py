"""A full disk while saving: a clear Chinese error (db.disk_full) and nothing saved is lost.

Two ways: a real, tiny tmpfs (needs root; skipped otherwise) filled up until a save fails, and
an injected SQLITE_FULL from the driver in the middle of a unit of work (runs everywhere).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from domain.errors import Conflict
from domain.services.registry import Services
from domain.services.workorders import LabourInput, ReceptionInput
from storage.database import DB_FILE_NAME
from tests.crash.harness import Template, check_database, do_work, open_database, prepare_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return prepare_template(tmp_path_factory.mktemp("full"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a size-limited tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount tmpfs: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _counts(data_dir: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(data_dir / DB_FILE_NAME)
    try:
        return tuple(conn.execute(  # type: ignore[return-value]
            "SELECT (SELECT COUNT(*) FROM work_orders), (SELECT COUNT(*) FROM wo_labour_lines), "
            "(SELECT COUNT(*) FROM customers)").fetchone())
    finally:
        conn.close()


def test_real_full_disk(template: Template, small_disk: Path) -> None:
    data_dir = small_disk / "data"
    data_dir.mkdir()
    shutil.copyfile(template.data_dir / DB_FILE_NAME, data_dir / DB_FILE_NAME)
    do_work(data_dir, template, 1, steps=("work_order",) * 3)  # WAL and -shm exist now
    db = open_database(data_dir)  # the app is running: its connection is open
    services = Services(db.unit_of_work)
    services.work_orders.list_orders(template.advisor)
    saved = _counts(data_dir)
    # leave only a few pages free: the next saves must run out of space
    free = shutil.disk_usage(small_disk).free
    with (small_disk / "filler").open("wb") as filler:
        filler.write(b"\0" * max(0, free - 24 * 1024))
    refused: Conflict | None = None
    try:
        for _ in range(200):
            try:
                order = services.work_orders.open_order(
                    template.advisor, template.vehicle_id,
                    ReceptionInput(mileage_in=1_000, customer_words="异响" * 900),
                    confirm_second=True)
                services.work_orders.add_line(template.advisor, order.id,
                                              LabourInput("检查" * 50, 100, 10_000))
                saved = _counts(data_dir)
            except Conflict as exc:
                refused = exc
                break
    finally:
        db.close()
    assert refused is not None, "the disk never filled up"
    assert refused.code == "db.disk_full"
    assert str(refused).startswith("磁盘已满或无法写入")
    assert _counts(data_dir) >= saved  # nothing already saved was lost
    (small_disk / "filler").unlink()  # the user frees space: saving works again
    report = check_database(data_dir)
    assert not report.problems, report.problems
    do_work(data_dir, template, 1, steps=("work_order", "complaint"))
    assert _counts(data_dir)[0] > saved[0]


@contextlib.contextmanager
def _disk_fills_on(engine: Any, table: str) -> Iterator[None]:
    """The driver reports SQLITE_FULL when the unit of work writes to ``table``."""

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO " + table.upper()):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)


def test_injected_disk_full_mid_save(template: Template, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(template.data_dir, data_dir)
    do_work(data_dir, template, 1, steps=("work_order",))
    saved = _counts(data_dir)
    db = open_database(data_dir)
    services = Services(db.unit_of_work)
    try:
        order = services.work_orders.open_order(template.advisor, template.vehicle_id,
                                                ReceptionInput(mileage_in=1_000), confirm_second=True)
        with _disk_fills_on(db.engine, "wo_labour_lines"), pytest.raises(Conflict) as info:
            services.work_orders.add_line(template.advisor, order.id, LabourInput("检查", 100, 10_000))
        assert info.value.code == "db.disk_full"
        assert "磁盘已满" in str(info.value) and "Traceback" not in str(info.value)
        # the order saved before is intact, the failed line left nothing behind
        view = services.work_orders.get(template.advisor, order.id)
        assert view.labour == () and view.totals.total_fen == 0
        after = services.work_orders.add_line(template.advisor, order.id, LabourInput("检查", 100, 10_000))
        assert len(after.labour) == 1
    finally:
        db.close()
    assert _counts(data_dir)[0] == saved[0] + 1
    report = check_database(data_dir)
    assert not report.problems, report.problems
