"""Loading demo data (演示数据) into a branch database, fast enough for 200,000 vehicles.

Why bulk inserts: the ORM unit-of-work path (one object, one flush) takes minutes for the
benchmark's 200,000 vehicles; executemany of plain row dicts takes seconds. The rows carry
exactly the columns :func:`customer_columns` / :func:`vehicle_columns` compute for the
customer form, so search finds demo records the same way as hand-made ones.

Besides customers and vehicles a load adds demo staff (one per job, only those whose
username is free, all with one password made by :func:`generate_demo_password` for this load
and returned once in :attr:`DemoSummary.password` — no published password) and a work-order history of
the last 18 months for a share of the new vehicles (:mod:`domain.demo_workorders`). Order
numbers are taken from :class:`NumberSequence` before the orders are written and the sequences
are moved past them, so the next order opened at the counter continues the serial.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from domain import clock, demo_build_ahead, messages
from domain.demo_complaints import create_demo_complaints
from domain.demo_data import DemoDataGenerator, vehicle_count
from domain.demo_workorders import (
    DEFAULT_ORDERS_PER_VEHICLE,
    TABLES,
    DemoStaff,
    DemoVehicle,
    KeyOrder,
    OrderBuilder,
    PlannedOrder,
    StaffPool,
    plan_visits,
)
from domain.errors import Conflict, ValidationError
from domain.model import (
    Customer,
    Discount,
    Job,
    LabourLine,
    NumberSequence,
    PartLine,
    Payment,
    QualityCheck,
    Staff,
    SundryLine,
    TimeEntry,
    Vehicle,
    VehicleOwnership,
    WorkOrder,
    WorkOrderEvent,
)
from domain.passwords import hash_password
from domain.roles import Actor, Permission, Role, require
from domain.services.branch import local_branch
from domain.services.customers import customer_columns, vehicle_columns
from domain.services.mode_guard import require_branch_mode
from domain.settings_defaults import WORKORDER_DISCOUNT_LIMIT_BP, WORKORDER_TAX_RATE_BP, int_setting
from domain.uow import UnitOfWork
from domain.workorder_rules import NUMBER_KIND_WORK_ORDER, format_number, period_key

MAX_CUSTOMERS = 1_000_000
MAX_WORK_ORDERS = 5_000_000
#: rows per commit: small enough that one commit's pages (its share of the write-ahead
#: log) stay far below 200 MB at a million vehicles, large enough that commits are cheap
CHUNK_CUSTOMERS = 2_000
CHUNK_ORDERS = 2_000

#: Letters and digits of a generated demo password, without look-alikes (0/O, 1/l/I).
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
DEMO_PASSWORD_LENGTH = 12

#: username, display name, role — one person per job the work-order flow needs.
DEMO_STAFF: tuple[tuple[str, str, Role], ...] = (
    ("demo_advisor1", "王建国", Role.ADVISOR),
    ("demo_advisor2", "李秀英", Role.ADVISOR),
    ("demo_tech1", "张伟", Role.TECHNICIAN),
    ("demo_tech2", "刘强", Role.TECHNICIAN),
    ("demo_tech3", "陈磊", Role.TECHNICIAN),
    ("demo_tech4", "赵勇", Role.TECHNICIAN),
    ("demo_foreman", "杨志刚", Role.FOREMAN),
    ("demo_qc", "黄丽", Role.QC_INSPECTOR),
    ("demo_cashier", "周敏", Role.CASHIER),
    ("demo_care", "吴婷", Role.CARE_CLERK),
    ("demo_manager", "徐海涛", Role.MANAGER),
)

_MODELS_BY_TABLE: dict[str, Any] = {m.__tablename__: m for m in (
    Customer, Vehicle, VehicleOwnership, WorkOrder, Job, LabourLine, PartLine, SundryLine, Discount,
    WorkOrderEvent, TimeEntry, QualityCheck, Payment)}

Progress = Callable[[int, int], None]

messages.register(
    "demo.work_orders",
    "演示工单数量必须在 0 到 {max} 之间",
    "The number of demo work orders must be between 0 and {max}",
)
messages.register(
    "demo.real_records",
    "数据库中已有 {count} 条非演示记录（客户、车辆或工单），演示数据只能加载到新建或仅含演示数据的数据库",
    "The database holds {count} records (customers, vehicles or work orders) not made by demo; "
    "demo data loads only into a new database or one holding demo data alone",
)
messages.register(
    "demo.count",
    "演示客户数量必须在 1 到 {max} 之间",
    "The number of demo customers must be between 1 and {max}",
)


@dataclass(frozen=True)
class DemoSummary:
    """What a load added."""

    customers: int
    vehicles: int
    work_orders: int = 0
    staff_created: int = 0  # demo staff accounts added (existing usernames are reused)
    complaints: int = 0
    #: the password of the demo staff accounts this load created (None when it created none);
    #: shown once to the person who loaded, stored nowhere but as the accounts' hashes
    password: str | None = None


def generate_demo_password() -> str:
    """A fresh random password for the demo accounts (issue 23 item 7: "demo accounts get a
    generated password printed once"); 12 letters and digits, at least one of each, so it
    is strong enough for a shop that forgets to remove them and still easy to type."""
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(DEMO_PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _is_not_demo(column: Any) -> Any:
    """SQL condition: the key was not made by a demo load. Demo rows are written with
    :class:`KeyOrder` keys (UUID version 7: ``7`` at position 15), every other path makes
    keys with ``domain.orm.new_id`` (UUID version 4: ``4`` there)."""
    return func.substr(column, 15, 1) != "7"


def count_real_records(session: Session) -> int:
    """Customers, vehicles and work orders that a demo load did not make.

    The rule (issue 23 item 7, "`demo` refuses a database holding records that demo did not
    make, with the count in the message"): a demo load writes its customers, vehicles and
    work orders with :class:`KeyOrder` keys (UUID version 7) while the counter, imports and
    sync make version-4 keys, so a row of those tables whose key is not version 7 is real.
    No extra column or table is needed. Staff are not counted (the first administrator is
    always there); demo complaints hang off demo customers, so they need no check of their own.
    """
    total = 0
    for model in (Customer, Vehicle, WorkOrder):
        total += session.scalar(select(func.count()).select_from(model).where(_is_not_demo(model.id))) or 0
    return total


def _ownership_start(purchase: dt.date | None, zone: dt.tzinfo) -> dt.datetime:
    """Ownership begins on the purchase day (10:00 local), shown as such in the history."""
    day = purchase or clock.today()
    return dt.datetime.combine(day, dt.time(10), tzinfo=zone).astimezone(dt.UTC)


class RowWriter(Protocol):
    """Writes brand-new rows of a syncable table in the session's transaction, with their
    outbox entries (storage.captured_rows.write_new_rows, wired by app.context)."""

    def __call__(self, session: Session, table_name: str, rows: Sequence[dict[str, Any]]) -> None: ...


def _captured_insert(session: Session, table_name: str, rows: Sequence[dict[str, Any]]) -> None:
    """The plain captured path (storage.outbox records the rows at commit): slower, used when
    no :class:`RowWriter` is wired (services built without the app's context)."""
    if rows:
        # render_nulls: rows differ in which optional columns are None; without it the ORM
        # splits the batch at every change of that pattern into many small statements.
        session.execute(insert(_MODELS_BY_TABLE[table_name]).execution_options(render_nulls=True),
                        list(rows))


@dataclass(frozen=True)
class _Setting:
    branch_id: str
    branch_code: str
    zone: dt.tzinfo
    tax_bp: int
    discount_limit_bp: int


class DemoService:
    def __init__(self, uow: UnitOfWork, rows: RowWriter | None = None) -> None:
        self._uow = uow
        self._write: RowWriter = rows or _captured_insert

    def load(self, actor: Actor, customers: int, progress: Progress | None = None, *,
             work_orders: int | None = None, order_progress: Progress | None = None) -> DemoSummary:
        """Add ``customers`` demo customers (some with two vehicles), the demo staff, and
        ``work_orders`` demo work orders on the new vehicles (default about 1.5 per vehicle;
        0 for none).

        Not one unit of work: every chunk of customers and of orders commits on its own, so
        a load of a million vehicles never holds one huge transaction (whose write-ahead log
        grew past 5 GB). A load cut off half-way leaves the chunks done so far — complete
        customers and complete orders — and order numbers already taken.

        ``progress(done, total)`` is called after every chunk of customers and
        ``order_progress(done, total)`` after every chunk of work orders. The seed depends
        on how many vehicles exist already, so a second load adds new, different records
        and never collides with plates, VINs or mobiles already in the database.

        Refuses (:class:`Conflict` ``demo.real_records``, nothing written) a database holding
        records that demo did not make (:func:`count_real_records`), so demo data never mixes
        with a live shop's files; a database holding demo records alone takes more loads.
        """
        require(actor, Permission.DEMO_DATA)
        if not 1 <= customers <= MAX_CUSTOMERS:
            raise ValidationError("demo.count", "customers", max=MAX_CUSTOMERS)
        if work_orders is not None and not 0 <= work_orders <= MAX_WORK_ORDERS:
            raise ValidationError("demo.work_orders", "work_orders", max=MAX_WORK_ORDERS)
        with self._uow() as session:
            require_branch_mode(session)
            real = count_real_records(session)
            if real:
                raise Conflict("demo.real_records", count=real)
            branch = local_branch(session)
            zone = clock.branch_zone(branch.timezone)
            setting = _Setting(branch.id, branch.code, zone, int_setting(session, WORKORDER_TAX_RATE_BP),
                               int_setting(session, WORKORDER_DISCOUNT_LIMIT_BP))
            existing = session.scalar(select(func.count()).select_from(Vehicle)) or 0
            generator = DemoDataGenerator(
                seed=20261125 + existing,
                today=clock.today(branch.timezone),
                taken_plates=session.scalars(select(Vehicle.plate)),
                taken_vins=session.scalars(select(Vehicle.vin)),
                taken_mobiles=session.scalars(select(Customer.mobile)),
            )
            password = generate_demo_password()
            pool, created = _ensure_staff(session, branch.id, password)
        ids = KeyOrder()
        maker = _CustomerRows(generator, setting, ids, clock.now())
        added: list[DemoVehicle] = []
        sizes = [(start, min(CHUNK_CUSTOMERS, customers - start))
                 for start in range(0, customers, CHUNK_CUSTOMERS)]
        for (start, size), (rows, vehicles, after) in zip(sizes, demo_build_ahead.pipelined(
                maker, sizes, ahead=customers >= demo_build_ahead.BUILD_AHEAD_MIN_CUSTOMERS), strict=True):
            with self._uow() as session:
                for table in ("customers", "vehicles", "vehicle_ownerships"):
                    self._write(session, table, rows[table])
            added.extend(vehicles)
            ids = after  # the key sequence as the chunk left it (a copy when made in a child)
            if progress is not None:
                progress(start + size, customers)
        done = customers
        assert len(added) == vehicle_count(customers)
        wanted = round(len(added) * DEFAULT_ORDERS_PER_VEHICLE) if work_orders is None else work_orders
        orders = self._work_orders(setting, added, pool, wanted, ids, seed=20261125 + existing,
                                   progress=order_progress)
        complaints = 0
        if orders and created:
            with self._uow() as session:
                complaints = self._complaints(session, pool)
        return DemoSummary(customers=done, vehicles=len(added), work_orders=orders,
                           staff_created=created, complaints=complaints,
                           password=password if created else None)

    @staticmethod
    def _complaints(session: Session, pool: StaffPool) -> int:
        """Complaint slips in every state (some overdue, one reopened), handled by the demo
        care clerk and approved by the demo manager, with the workshop's technicians carrying
        a recorded loss so the monthly statistics show deductions. Only on the first load
        (when the demo staff were created), so a second load does not pile up slips."""
        people = {s.username: s for s in session.scalars(
            select(Staff).where(Staff.username.in_(["demo_care", "demo_manager"])))}
        for index, tech in enumerate(pool.technicians):
            staff = session.get(Staff, tech.id)
            if staff is not None:
                staff.department = "维修车间"
                staff.base_points = 100 + 20 * index
                staff.monthly_bonus_fen = 150_000
        session.flush()
        care, boss = people["demo_care"], people["demo_manager"]
        made = create_demo_complaints(
            session,
            Actor(care.id, care.username, care.display_name, Role.CARE_CLERK),
            approver=Actor(boss.id, boss.username, boss.display_name, Role.MANAGER),
            responsible_staff_ids=[t.id for t in pool.technicians],
        )
        return made.count

    def _work_orders(self, setting: _Setting, vehicles: list[DemoVehicle], pool: StaffPool, wanted: int,
                     ids: KeyOrder, *, seed: int, progress: Progress | None) -> int:
        now = clock.now()
        plans = plan_visits(vehicles, wanted, seed=seed, now=now, zone=setting.zone)
        if not plans:
            return 0
        ids.renumber(plans)
        with self._uow() as session:
            _number(session, setting.branch_id, setting.branch_code, setting.zone, plans)
        builder = OrderBuilder(branch_id=setting.branch_id, staff=pool, now=now, zone=setting.zone,
                               tax_bp=setting.tax_bp, discount_limit_bp=setting.discount_limit_bp, ids=ids)
        for end, rows in demo_build_ahead.chunks(builder, plans, CHUNK_ORDERS):
            with self._uow() as session:
                for table in TABLES:
                    self._write(session, table, rows[table])
            if progress is not None:
                progress(end, len(plans))
        return len(plans)

class _CustomerRows:
    """Makes the rows of one chunk of demo customers with their vehicles and ownerships, in
    key order; a plain object, so a second process can make the next chunk while this one is
    written (:mod:`domain.demo_build_ahead`). Each result carries the key sequence as it
    stands after the chunk, for the work orders that follow."""

    def __init__(self, generator: DemoDataGenerator, setting: _Setting, ids: KeyOrder,
                 now: dt.datetime) -> None:
        self._generator = generator
        self._setting = setting
        self._ids = ids
        self._stamps = {"created_at": now, "updated_at": now, "row_version": 1}

    def __call__(self, chunk: tuple[int, int]) -> tuple[dict[str, list[dict[str, Any]]],
                                                        list[DemoVehicle], KeyOrder]:
        start, size = chunk
        setting, ids, stamps = self._setting, self._ids, self._stamps
        customer_rows: list[dict[str, Any]] = []
        vehicle_rows: list[dict[str, Any]] = []
        ownership_rows: list[dict[str, Any]] = []
        added: list[DemoVehicle] = []
        for demo in self._generator.customers(size, start=start):
            customer_id = ids()
            customer_rows.append({**customer_columns(demo.customer), **stamps, "id": customer_id,
                                  "branch_id": setting.branch_id, "first_visit_on": demo.first_visit_on})
            for vehicle in demo.vehicles:
                vehicle_id = ids()
                vehicle_rows.append({**vehicle_columns(vehicle), **stamps, "id": vehicle_id,
                                     "branch_id": setting.branch_id, "owner_id": customer_id})
                ownership_rows.append({**stamps, "id": ids(), "vehicle_id": vehicle_id,
                                       "customer_id": customer_id, "note": "",
                                       "started_at": _ownership_start(vehicle.purchase_date, setting.zone),
                                       "ended_at": None})
                added.append(DemoVehicle(
                    id=vehicle_id, customer_id=customer_id, customer_name=demo.customer.name,
                    company=demo.customer.kind == "company", brand=vehicle.brand, model=vehicle.model,
                    purchase_date=vehicle.purchase_date or clock.today(), mileage_km=vehicle.mileage_km or 0,
                    warranty_end_date=vehicle.warranty_end_date))
        rows = {"customers": customer_rows, "vehicles": vehicle_rows, "vehicle_ownerships": ownership_rows}
        return rows, added, ids


def _ensure_staff(session: Session, branch_id: str, password: str) -> tuple[StaffPool, int]:
    """The demo staff, created with ``password`` where the username is still free (existing
    ones are reused, whatever their password now is)."""
    existing = {s.username: s for s in session.scalars(
        select(Staff).where(Staff.username.in_([u for u, _, _ in DEMO_STAFF])))}
    created = 0
    for username, name, role in DEMO_STAFF:
        if username not in existing:
            existing[username] = Staff(branch_id=branch_id, username=username, display_name=name,
                                       role=role.value, password_hash=hash_password(password))
            session.add(existing[username])
            created += 1
    session.flush()  # ids of the new rows
    people: dict[Role, list[DemoStaff]] = {}
    for username, _name, role in DEMO_STAFF:
        staff = existing[username]
        people.setdefault(role, []).append(DemoStaff(staff.id, staff.display_name))
    pool = StaffPool(advisors=tuple(people[Role.ADVISOR]), technicians=tuple(people[Role.TECHNICIAN]),
                     foreman=people[Role.FOREMAN][0], qc_inspector=people[Role.QC_INSPECTOR][0],
                     cashier=people[Role.CASHIER][0], manager=people[Role.MANAGER][0])
    return pool, created


def _number(session: Session, branch_id: str, branch_code: str, zone: dt.tzinfo,
            plans: list[PlannedOrder]) -> None:
    """Numbers in reception order from the branch's sequences, which then move past them, so
    the counter's next order (allocate_number) continues without a clash."""
    sequences = {s.period: s for s in session.scalars(select(NumberSequence).where(
        NumberSequence.branch_id == branch_id, NumberSequence.kind == NUMBER_KIND_WORK_ORDER)
        .with_for_update())}
    serials = {period: s.last_serial or 0 for period, s in sequences.items()}
    for plan in plans:
        day = plan.received_at.astimezone(zone).date()
        key = period_key(day)
        serials[key] = serials.get(key, 0) + 1
        plan.period = day
        plan.number = format_number(branch_code, NUMBER_KIND_WORK_ORDER, day, serials[key])
    for key, last in serials.items():
        sequence = sequences.get(key)
        if sequence is None:
            session.add(NumberSequence(branch_id=branch_id, kind=NUMBER_KIND_WORK_ORDER, period=key,
                                       last_serial=last))
        else:
            sequence.last_serial = last
    session.flush()


__all__ = ["DEMO_STAFF", "DemoService", "DemoSummary", "count_real_records", "generate_demo_password"]
