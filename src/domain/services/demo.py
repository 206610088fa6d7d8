"""Loading demo data (演示数据) into a branch database, fast enough for 200,000 vehicles.

Why bulk inserts: the ORM unit-of-work path (one object, one flush) takes minutes for the
benchmark's 200,000 vehicles; executemany of plain row dicts takes seconds. The rows carry
exactly the columns :func:`customer_columns` / :func:`vehicle_columns` compute for the
customer form, so search finds demo records the same way as hand-made ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from domain import clock, messages
from domain.demo_data import DemoCustomer, DemoDataGenerator, vehicle_count
from domain.errors import ValidationError
from domain.model import Customer, Vehicle, VehicleOwnership
from domain.orm import new_id
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.customers import customer_columns, vehicle_columns
from domain.uow import UnitOfWork

MAX_CUSTOMERS = 1_000_000
CHUNK_CUSTOMERS = 5_000

Progress = Callable[[int, int], None]

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


def _ownership_start(purchase: dt.date | None, zone: dt.tzinfo) -> dt.datetime:
    """Ownership begins on the purchase day (10:00 local), shown as such in the history."""
    day = purchase or clock.today()
    return dt.datetime.combine(day, dt.time(10), tzinfo=zone).astimezone(dt.UTC)


class DemoService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def load(self, actor: Actor, customers: int, progress: Progress | None = None) -> DemoSummary:
        """Add ``customers`` demo customers (some with two vehicles) in one unit of work.

        ``progress(done, total)`` is called after every chunk of customers. The seed depends
        on how many vehicles exist already, so a second load adds new, different records
        and never collides with plates, VINs or mobiles already in the database.
        """
        require(actor, Permission.DEMO_DATA)
        if not 1 <= customers <= MAX_CUSTOMERS:
            raise ValidationError("demo.count", "customers", max=MAX_CUSTOMERS)
        with self._uow() as session:
            branch = local_branch(session)
            zone = clock.branch_zone(branch.timezone)
            existing = session.scalar(select(func.count()).select_from(Vehicle)) or 0
            generator = DemoDataGenerator(
                seed=20261125 + existing,
                today=clock.today(branch.timezone),
                taken_plates=session.scalars(select(Vehicle.plate)),
                taken_vins=session.scalars(select(Vehicle.vin)),
                taken_mobiles=session.scalars(select(Customer.mobile)),
            )
            done = 0
            vehicles = 0
            while done < customers:
                size = min(CHUNK_CUSTOMERS, customers - done)
                batch = list(generator.customers(size, start=done))
                vehicles += self._insert(session, branch.id, zone, batch)
                done += size
                if progress is not None:
                    progress(done, customers)
            assert vehicles == vehicle_count(customers)
            return DemoSummary(customers=done, vehicles=vehicles)

    @staticmethod
    def _insert(session: Session, branch_id: str, zone: dt.tzinfo, batch: list[DemoCustomer]) -> int:
        now = clock.now()
        stamps = {"created_at": now, "updated_at": now, "row_version": 1}
        customer_rows: list[dict[str, Any]] = []
        vehicle_rows: list[dict[str, Any]] = []
        ownership_rows: list[dict[str, Any]] = []
        for demo in batch:
            customer_id = new_id()
            customer_rows.append({**customer_columns(demo.customer), **stamps, "id": customer_id,
                                  "branch_id": branch_id, "first_visit_on": demo.first_visit_on})
            for vehicle in demo.vehicles:
                vehicle_id = new_id()
                vehicle_rows.append({**vehicle_columns(vehicle), **stamps, "id": vehicle_id,
                                     "branch_id": branch_id, "owner_id": customer_id})
                ownership_rows.append({**stamps, "id": new_id(), "vehicle_id": vehicle_id,
                                       "customer_id": customer_id, "note": "",
                                       "started_at": _ownership_start(vehicle.purchase_date, zone),
                                       "ended_at": None})
        # render_nulls: rows differ in which optional columns are None; without it the ORM
        # splits the batch at every change of that pattern into many small statements.
        for model, rows in ((Customer, customer_rows), (Vehicle, vehicle_rows),
                            (VehicleOwnership, ownership_rows)):
            session.execute(insert(model).execution_options(render_nulls=True), rows)
        return len(vehicle_rows)


__all__ = ["DemoService", "DemoSummary"]
