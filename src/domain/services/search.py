"""The search box at the counter (查询): plate, phone, VIN or name, as the advisor types.

Why range scans: every key is stored normalised (plate without province, reversed phone and
VIN for suffix search, pinyin initials), so each branch of the query is an index range
``key >= q AND key < q⁺`` and a search stays fast with hundreds of thousands of vehicles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from domain.model import Customer, Vehicle
from domain.roles import Actor, Permission, require
from domain.uow import UnitOfWork
from domain.validation import PROVINCES, plate_search_key

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class SearchHit:
    customer_id: str
    name: str
    mobile: str
    vehicle_id: str | None
    plate: str
    vin: str
    brand: str
    model: str


def _prefix(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def _conditions(query: str) -> tuple[list[ColumnElement[bool]], list[ColumnElement[bool]]]:
    """(conditions on vehicles, conditions on customers) that a query can mean."""
    text = unicodedata.normalize("NFKC", query).strip()
    compact = re.sub(r"[\s·•.\-]", "", text).upper()
    vehicle: list[ColumnElement[bool]] = []
    customer: list[ColumnElement[bool]] = []
    if not compact:
        return vehicle, customer
    if compact.isdigit():
        if len(compact) >= 4:
            customer.append(_prefix(Customer.mobile_rev, compact[::-1]))
            vehicle.append(_prefix(Vehicle.vin_rev, compact[::-1]))
            vehicle.append(_prefix(Vehicle.plate_rev, compact[::-1]))
        if compact.startswith("1") and len(compact) >= 3:
            customer.append(_prefix(Customer.mobile, compact))
        return vehicle, customer
    has_cjk = any("\u3400" <= c <= "\u9fff" or ord(c) > 0xFFFF for c in compact)
    if compact[0] in PROVINCES:
        key = plate_search_key(compact)
        if key:
            vehicle.append(_prefix(Vehicle.plate_key, key))
    if has_cjk:
        customer.append(_prefix(Customer.name, text))
        return vehicle, customer
    if compact.isalnum() and compact.isascii():
        vehicle.append(_prefix(Vehicle.plate_key, compact))
        if len(compact) >= 4:
            vehicle.append(_prefix(Vehicle.vin, compact))
            vehicle.append(_prefix(Vehicle.vin_rev, compact[::-1]))
        if compact.isalpha():
            customer.append(_prefix(Customer.name_initials, compact))
    customer.append(_prefix(Customer.name, text))
    return vehicle, customer


def _hit_columns() -> Select[tuple[str, str, str, str | None, str | None, str | None, str | None, str | None]]:
    return select(Customer.id, Customer.name, Customer.mobile, Vehicle.id, Vehicle.plate,
                  Vehicle.vin, Vehicle.brand, Vehicle.model)


def search(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    vehicle_conditions, customer_conditions = _conditions(query)
    seen: set[tuple[str, str | None]] = set()
    hits: list[SearchHit] = []

    def collect(statement: Select[tuple[str, str, str, str | None, str | None, str | None, str | None, str | None]]) -> None:
        for row in session.execute(statement.limit(limit)):
            key = (row[0], row[3])
            if key in seen or len(hits) >= limit:
                continue
            seen.add(key)
            hits.append(SearchHit(row[0], row[1], row[2], row[3], row[4] or "", row[5] or "",
                                  row[6] or "", row[7] or ""))

    # Each condition runs as its own indexed query: SQLite will not use several indexes
    # for one OR, and a full scan of 200,000 vehicles is what we must avoid.
    for condition in vehicle_conditions:
        collect(_hit_columns().join(Vehicle, Vehicle.owner_id == Customer.id).where(condition)
                .order_by(Vehicle.plate_key))
    for condition in customer_conditions:
        collect(_hit_columns().outerjoin(Vehicle, Vehicle.owner_id == Customer.id).where(condition)
                .order_by(Customer.name))
    return hits


class SearchService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def search(self, actor: Actor, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        require(actor, Permission.CUSTOMER_VIEW)
        with self._uow() as session:
            return search(session, query, limit)


__all__ = ["SearchHit", "SearchService", "search"]
