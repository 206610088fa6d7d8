"""Demo data at scale (issue 17): chunked commits, rows in key order, outbox entries made
from the written rows equal to what a read-back would give, progress lines. Small sizes, on
both backends; the timings live in bench/bench_demo.py."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import domain.services.demo as demo
from app.context import AppContext
from domain import demo_build_ahead
from domain.demo_workorders import TABLES, KeyOrder
from domain.model import Customer, Vehicle, VehicleOwnership, WorkOrder
from domain.model.sync import OutboxEntry, SyncPeer
from domain.roles import Actor
from domain.services.registry import Services
from storage.syncrows import row_payload, table_by_name

DEMO_TABLES = ("customers", "vehicles", "vehicle_ownerships", *TABLES)


def enrolled(ctx: AppContext) -> None:
    """A branch that has HQ as its peer keeps an outbox entry per change (a branch never
    enrolled keeps none: outbox retention, issue 17)."""
    with ctx.db.unit_of_work() as session:
        session.add(SyncPeer(code="HQ", name="总部", role="hq"))


def test_key_order_ids_sort_as_made_and_are_uuids() -> None:
    import uuid

    ids = KeyOrder()
    made = [ids() for _ in range(1000)]
    assert made == sorted(made) and len(set(made)) == 1000
    assert {uuid.UUID(i).version for i in made} == {7}
    assert KeyOrder()() != made[0]


def test_load_commits_in_chunks(ctx: AppContext, services: Services, admin: Actor,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "CHUNK_CUSTOMERS", 7)
    monkeypatch.setattr(demo, "CHUNK_ORDERS", 10)
    opened = 0
    inner = services.demo._uow

    @contextmanager
    def counting() -> Iterator[Session]:
        nonlocal opened
        opened += 1
        with inner() as session:
            yield session

    monkeypatch.setattr(services.demo, "_uow", counting)
    customers: list[tuple[int, int]] = []
    orders: list[tuple[int, int]] = []
    summary = services.demo.load(admin, 30, progress=lambda d, t: customers.append((d, t)),
                                 work_orders=45, order_progress=lambda d, t: orders.append((d, t)))
    assert customers == [(7, 30), (14, 30), (21, 30), (28, 30), (30, 30)]
    assert orders == [(10, 45), (20, 45), (30, 45), (40, 45), (45, 45)]
    # setup, 5 customer chunks, numbering, 5 order chunks, complaints
    assert opened == 1 + 5 + 1 + 5 + 1
    assert (summary.customers, summary.vehicles, summary.work_orders) == (30, 36, 45)
    with ctx.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 30
        assert session.scalar(select(func.count()).select_from(Vehicle)) == 36
        assert session.scalar(select(func.count()).select_from(VehicleOwnership)) == 36
        assert session.scalar(select(func.count()).select_from(WorkOrder)) == 45


def test_chunks_made_ahead_in_a_child_process_are_those_made_here(
        ctx: AppContext, services: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large load makes each chunk (customers, then work orders) in a second process while
    the one before is written; the rows, their keys and the key sequence handed on must be
    exactly those this process would make."""
    monkeypatch.setattr(demo, "CHUNK_CUSTOMERS", 7)
    monkeypatch.setattr(demo, "CHUNK_ORDERS", 10)
    real = demo_build_ahead.pipelined
    compared: list[int] = []

    def plain(value: Any) -> Any:
        if isinstance(value, KeyOrder):
            return vars(value)
        if isinstance(value, tuple | list):
            return [plain(item) for item in value]
        return value

    def both(maker: Any, arguments: Any, *, ahead: bool) -> Any:
        assert not ahead  # the test's load is small: the app would make it in-process
        todo = list(arguments)
        # each result as it stands when made (in-process results share the one key sequence)
        here = [copy.deepcopy(made) for made in real(copy.deepcopy(maker), todo, ahead=False)]
        there = list(real(maker, todo, ahead=True))
        assert plain(there) == plain(here)
        compared.append(len(there))
        yield from there

    monkeypatch.setattr(demo_build_ahead, "pipelined", both)
    services.demo.load(admin, 30, work_orders=45)
    assert compared == [5, 5]  # customer chunks, order chunks
    with ctx.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 30
        assert session.scalar(select(func.count()).select_from(WorkOrder)) == 45
        ids = list(session.scalars(select(WorkOrder.id).order_by(WorkOrder.received_at, WorkOrder.id)))
        assert ids == sorted(ids)


def test_rows_are_in_key_order_and_every_row_has_its_outbox_entry(
        ctx: AppContext, services: Services, admin: Actor) -> None:
    enrolled(ctx)
    services.demo.load(admin, 40)
    with ctx.db.unit_of_work() as session:
        received = list(session.execute(select(WorkOrder.id).order_by(WorkOrder.received_at, WorkOrder.id))
                        .scalars())
        assert received == sorted(received)  # ids follow reception order
        conn = session.connection()
        entries: dict[tuple[str, str], Any] = {
            (e.table_name, e.row_id): e for e in session.scalars(
                select(OutboxEntry).where(OutboxEntry.table_name.in_(DEMO_TABLES)))}
        rows = 0
        for name in DEMO_TABLES:
            table = table_by_name()[name]
            for row in conn.execute(select(table)).mappings():
                rows += 1
                entry = entries[(name, row["id"])]
                # what a read-back (storage.outbox.record) would have written
                assert entry.payload == row_payload(name, row), (name, row["id"])
                assert (entry.op, entry.row_version) == ("upsert", row["row_version"])
        assert rows == len(entries)
        seqs = sorted(session.scalars(select(OutboxEntry.seq)))
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gaps, no repeats
        # parents before children: an order's entry precedes its lines'
        first = {k: e.seq for k, e in entries.items()}
        line = session.execute(select(table_by_name()["wo_labour_lines"])).mappings().first()
        assert line is not None
        assert first[("work_orders", line["work_order_id"])] < first[("wo_labour_lines", line["id"])]


def test_the_integrity_check_passes_after_a_load(ctx: AppContext, services: Services, admin: Actor) -> None:
    from storage.integrity import integrity_problems

    services.demo.load(admin, 25)
    assert integrity_problems(ctx.db.engine) == []


def test_without_a_writer_the_captured_path_gives_the_same_entries(ctx: AppContext, admin: Actor) -> None:
    enrolled(ctx)
    plain = Services(ctx.db.unit_of_work)  # no storage writer wired: session.execute(insert())
    summary = plain.demo.load(admin, 10, work_orders=12)
    assert summary.work_orders == 12
    with ctx.db.unit_of_work() as session:
        orders = session.scalar(select(func.count()).select_from(OutboxEntry)
                                .where(OutboxEntry.table_name == "work_orders"))
    assert orders == 12


def test_a_branch_never_enrolled_keeps_only_the_newest_entry(
        ctx: AppContext, services: Services, admin: Actor) -> None:
    """Retention before enrolment: the first bundle is built from the tables, so the demo's
    rows leave no copies in the outbox, only the newest entry that holds the sequence."""
    services.demo.load(admin, 20)
    with ctx.db.unit_of_work() as session:
        upserts = session.scalar(select(func.count()).select_from(OutboxEntry)
                                 .where(OutboxEntry.op == "upsert"))
    assert upserts == 1
