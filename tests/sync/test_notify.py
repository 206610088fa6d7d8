"""Other desks hear of each committed change (storage.notify, app.change_listener).

Two handles on one server database stand for two desks; the listener must hear the other
one's commits within 2 s with the tables written, hear nothing of a rollback or of its own
process, and come back by itself after its connection was cut or the server restarted.
"""

from __future__ import annotations

import json
import logging
import queue
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.change_listener import ChangeListener
from app.context import AppContext
from domain.model.customer import Customer
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from storage import notify
from storage.database import Database
from storage.engine import make_engine
from storage.kpi_queries import SqlKpiQueries
from storage.pg_cluster import LocalServer
from storage.syncrows import row_payload, table_by_name
from sync.apply import apply_changes
from tests.conftest import same_database
from tests.pg import free_port

OTHER_DESK = "DealerDesk@desk2#4242"
WITHIN_S = 2.0


def make_customer(db: Database, plate: str) -> str:
    services = Services(db.unit_of_work, kpi_queries=SqlKpiQueries())
    return services.customers.create(
        Actor.system(), CustomerInput(name="王小明", mobile="13912345678"),
        VehicleInput(plate=plate, brand="本田", model="雅阁")).id


class Heard:
    """A listener on the server whose deliveries go into a queue."""

    def __init__(self, engine: Any, **options: Any) -> None:
        self.queue: queue.Queue[frozenset[str]] = queue.Queue()
        self.listener = ChangeListener(engine, self.queue.put, wait_s=0.1, **options).start()
        assert self.listener.listening.wait(5), "the listener never connected"

    def next(self, timeout: float = WITHIN_S) -> frozenset[str]:
        return self.queue.get(timeout=timeout)

    def nothing(self, within: float = 0.5) -> bool:
        try:
            self.queue.get(timeout=within)
        except queue.Empty:
            return True
        return False


@pytest.fixture
def backend() -> str:
    """``ctx`` is a branch on the session's server: only a server has other desks."""
    return "postgresql"


@pytest.fixture
def other_desk(ctx: AppContext) -> Iterator[Database]:
    db = same_database(ctx)
    yield db
    db.close()


@pytest.fixture
def heard(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[Heard]:
    """A listener of ``ctx``'s process; afterwards, writes of this process carry another
    desk's name (one test process plays both desks)."""
    heard = Heard(ctx.db.engine)
    monkeypatch.setattr(notify, "pc_id", lambda: OTHER_DESK)
    yield heard
    heard.listener.stop()
    assert not heard.listener.running


def test_a_commit_on_another_desk_arrives_within_2_s_with_its_tables(
        heard: Heard, other_desk: Database) -> None:
    started = time.monotonic()
    make_customer(other_desk, "京A10001")
    tables = heard.next()
    assert time.monotonic() - started < WITHIN_S
    assert {"customers", "vehicles"} <= tables
    assert "outbox" not in " ".join(tables)  # bookkeeping is not a list anyone shows
    assert heard.nothing(), "one unit of work sends one notification"

    # DML a service runs itself is heard too (session.execute(update(...)))
    with other_desk.unit_of_work() as session:
        first = session.scalars(select(Customer.id)).first()
        session.execute(update(Customer).where(Customer.id == first).values(notes="VIP"))
    assert heard.next() == {"customers"}


def test_a_rolled_back_unit_of_work_sends_nothing(heard: Heard, other_desk: Database) -> None:
    with pytest.raises(RuntimeError), other_desk.unit_of_work() as session:
        session.execute(update(Customer).values(notes="never"))
        session.flush()
        raise RuntimeError("the counter changed its mind")
    with other_desk.unit_of_work() as session:  # reads only: nothing to tell
        session.scalars(select(Customer.id)).all()
    assert heard.nothing()


def test_own_process_is_skipped(ctx: AppContext, other_desk: Database,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    heard = Heard(ctx.db.engine)
    try:
        make_customer(other_desk, "京A10002")  # this process: the window already shows it
        assert heard.nothing()
        monkeypatch.setattr(notify, "pc_id", lambda: OTHER_DESK)
        make_customer(other_desk, "京A10003")
        assert "customers" in heard.next()
    finally:
        heard.listener.stop()


def test_a_terminated_connection_is_reopened(heard: Heard, ctx: AppContext, other_desk: Database,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="app.change_listener")
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN%%'")
        conn.commit()
    # back again: everything may have changed while it was away, so every list reloads
    assert heard.next(5) == notify.every_table()
    make_customer(other_desk, "京A10004")
    assert "customers" in heard.next()
    lost = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(lost) == 1 and "no connection" in lost[0].getMessage()


def test_the_listener_waits_out_a_server_restart(caplog: pytest.LogCaptureFixture,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The main PC's server goes down for a while: retries with pauses, one log line, then
    hears again — without ever raising into the app."""
    caplog.set_level(logging.INFO, logger="app.change_listener")
    root = Path(tempfile.mkdtemp(prefix="dd-pg-restart-"))
    server = LocalServer(root)
    engine = None
    try:
        config = server.init(port=free_port(), bind="127.0.0.1")
        engine = make_engine(config.url())
        heard = Heard(engine, backoff_s=(0.05, 0.1, 0.2))
        try:
            server.stop()
            time.sleep(0.6)  # several refused attempts
            assert heard.listener.running and not heard.listener.listening.is_set()
            server.start()
            assert heard.next(10) == notify.every_table()
            monkeypatch.setattr(notify, "pc_id", lambda: OTHER_DESK)
            with engine.begin() as conn:
                notify.send(conn, ["work_orders"])
            assert heard.next() == {"work_orders"}
        finally:
            heard.listener.stop()
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
    finally:
        if engine is not None:
            engine.dispose()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_payload_stays_under_the_server_limit() -> None:
    many = [f"table_{i:04d}_with_a_long_name" for i in range(400)]
    text = notify.payload(many, pc="x")
    assert len(text.encode()) < 8000
    change = notify.parse(text)
    assert change is not None and change.tables == notify.every_table()
    assert notify.parse("not json") is None
    assert notify.parse('{"pc": "a", "tables": ["customers"]}') == notify.Change("a", frozenset({"customers"}))


def test_an_import_notifies_once_per_bundle(heard: Heard, other_desk: Database) -> None:
    """A sync import writes through a plain connection (no session events): applying a
    bundle's changes notifies once, at the import's commit."""
    make_customer(other_desk, "京A10005")
    heard.next()
    with other_desk.engine.begin() as conn:
        # the changes are built from the tables: this server database never enrolled, so
        # retention keeps no outbox copy of its rows (issue 17)
        changes = [{"t": name, "id": row["id"], "op": "upsert", "v": row["row_version"] + 1,
                    "row": json.loads(row_payload(name, row))}
                   for name in ("customers", "vehicles")
                   for row in conn.execute(select(table_by_name()[name])).mappings()]
        assert apply_changes(conn, changes, {"customers", "vehicles"}, sender="HQ", at_hq=False) > 0
        assert heard.nothing(0.3), "nothing before the import commits"
    assert heard.next() == {"customers", "vehicles"}
    assert heard.nothing()
