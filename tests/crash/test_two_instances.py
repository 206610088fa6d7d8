"""Two windows on one database file: saves interleave without corruption; a save that waits
longer than the busy timeout becomes "数据库正忙…" (Conflict db.busy), never a traceback."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import sessionmaker

from domain.errors import Conflict
from domain.services.customers import CustomerInput
from domain.services.registry import Services
from storage.database import DB_FILE_NAME, Database
from storage.engine import make_engine, sqlite_url
from tests.crash.harness import (
    Template,
    check_database,
    do_work,
    open_database,
    prepare_template,
)
from ui import operations

SAVES_EACH = 4


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return prepare_template(tmp_path_factory.mktemp("two"))


@pytest.fixture
def data_dir(template: Template, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    (target / DB_FILE_NAME).write_bytes((template.data_dir / DB_FILE_NAME).read_bytes())
    return target


def _window(data_dir: str, template: Template) -> None:
    do_work(Path(data_dir), template, 1, steps=("work_order", "complaint", "customer") * SAVES_EACH)
    os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_two_processes_save_at_once(template: Template, data_dir: Path) -> None:
    before = check_database(data_dir)
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_window, args=(str(data_dir), template)) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [c.exitcode for c in children] == [0, 0]
    after = check_database(data_dir)
    assert not after.problems, after.problems
    assert after.orders == before.orders + 2 * SAVES_EACH
    assert after.complaints == before.complaints + 2 * SAVES_EACH


def test_two_databases_in_threads(template: Template, data_dir: Path) -> None:
    before = check_database(data_dir)
    errors: list[BaseException] = []

    def window() -> None:
        try:
            do_work(data_dir, template, 1, steps=("work_order", "complaint") * SAVES_EACH)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=window) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    report = check_database(data_dir)
    assert not report.problems and report.orders == before.orders + 2 * SAVES_EACH


def _short_timeout_services(data_dir: Path, timeout_ms: int) -> tuple[Services, Database]:
    path = data_dir / DB_FILE_NAME
    engine = make_engine(sqlite_url(path), busy_timeout_ms=timeout_ms)
    db = Database(engine, path, sessionmaker(engine, expire_on_commit=False))
    return Services(db.unit_of_work), db


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another window in the middle of a long save: it holds SQLite's write lock."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE branches SET phone = phone")
    return other


def test_busy_beyond_timeout_is_a_clear_conflict(template: Template, data_dir: Path) -> None:
    services, db = _short_timeout_services(data_dir, 300)
    other = _hold_write_lock(data_dir / DB_FILE_NAME)
    try:
        started = time.perf_counter()
        with pytest.raises(Conflict) as info:
            services.customers.create(template.advisor, CustomerInput(name="赵六", mobile="13612345678"))
        waited = time.perf_counter() - started
        assert info.value.code == "db.busy"
        assert str(info.value).startswith("数据库正忙")
        assert 0.25 <= waited < 3  # it waited for the other window, then gave up
    finally:
        other.rollback()
        other.close()
    created = services.customers.create(template.advisor, CustomerInput(name="赵六", mobile="13612345678"))
    assert services.customers.get(template.advisor, created.id).name == "赵六"
    db.close()
    assert not check_database(data_dir).problems


def test_waits_within_timeout_then_saves(template: Template, data_dir: Path) -> None:
    services, db = _short_timeout_services(data_dir, 3000)
    other = _hold_write_lock(data_dir / DB_FILE_NAME)
    def finish_other_save() -> None:
        other.rollback()
        other.close()

    release = threading.Timer(0.3, finish_other_save)
    release.start()
    try:
        view = services.customers.create(template.advisor, CustomerInput(name="钱七", mobile="13512345678"))
        assert view.name == "钱七"
    finally:
        release.join()
        db.close()


def test_gui_shows_busy_message_not_exception(qtbot: QtBot, template: Template, data_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append((title, text))))
    services, db = _short_timeout_services(data_dir, 200)
    other = _hold_write_lock(data_dir / DB_FILE_NAME)
    succeeded: list[object] = []
    try:
        operations.run_op(
            lambda: services.customers.create(template.advisor,
                                              CustomerInput(name="孙八", mobile="13412345678")),
            succeeded.append)
        qtbot.waitUntil(lambda: operations.worker().pending == 0, timeout=10_000)
    finally:
        other.rollback()
        other.close()
        db.close()
    assert succeeded == []
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "操作未完成" and text.startswith("数据库正忙")


def test_harness_database_opens(template: Template, data_dir: Path) -> None:
    db = open_database(data_dir)
    try:
        assert Services(db.unit_of_work).branches.current().code == "BJ01"
    finally:
        db.close()
