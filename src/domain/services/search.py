"""The search box at the counter (查询): plate, phone, VIN or name, as the advisor types.

Why range scans: every key is stored normalised (plate without province, reversed phone and
VIN for suffix search, pinyin initials), so each branch of the query is an index range
``key >= q AND key < q⁺`` and a search stays fast with hundreds of thousands of vehicles.

Why each branch is ordered by its own key: with ``ORDER BY name LIMIT n`` and bound
parameters SQLite prefers walking the name index to skip the sort, and then reads every
customer (tens of milliseconds on 200,000 rows). Ordering by the searched key keeps the
plan on the range index, and puts the closest match first (``A12345`` before ``A123456``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Select, and_, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.model import Customer, Vehicle
from domain.privacy import mask_phone, needs_full_contact
from domain.roles import Actor, Permission, require
from domain.uow import UnitOfWork
from domain.validation import normalise_code, plate_search_key, starts_like_plate

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


@dataclass(frozen=True)
class _Range:
    """``column`` starts with ``prefix``; ``partial`` repeats a partial index's condition."""

    column: InstrumentedAttribute[str]
    prefix: str
    partial: bool = False

    def condition(self) -> ColumnElement[bool]:
        upper = self.prefix[:-1] + chr(ord(self.prefix[-1]) + 1)
        terms = [self.column >= self.prefix, self.column < upper]
        if self.partial:  # uq_vehicles_plate / uq_vehicles_vin cover only non-empty values
            terms.append(self.column != literal_column("''"))
        return and_(*terms)


def _conditions(query: str) -> list[_Range]:
    """The key ranges a query can mean, in the order their hits are listed.

    Digits are most often a phone number, so mobiles come first (with 200,000 vehicles the
    last four digits also end ~20 VINs, and the limit must not crowd the phone hits out).
    """
    text = unicodedata.normalize("NFKC", query).strip()
    compact = re.sub(r"[·•.\-]", "", normalise_code(query))  # no spaces, invisibles, case
    ranges: list[_Range] = []
    if not compact:
        return ranges
    if compact.isdigit():
        if len(compact) >= 4:
            ranges.append(_Range(Customer.mobile_rev, compact[::-1]))
        if compact.startswith("1") and len(compact) >= 3:
            ranges.append(_Range(Customer.mobile, compact))
        if len(compact) >= 4:
            ranges.append(_Range(Vehicle.vin_rev, compact[::-1]))
            ranges.append(_Range(Vehicle.plate_rev, compact[::-1]))
        return ranges
    has_cjk = any("\u3400" <= c <= "\u9fff" or ord(c) > 0xFFFF for c in compact)
    if starts_like_plate(compact):  # 京A…, and the special plates 使…, WJ京…
        key = plate_search_key(compact)
        if key:
            # The plate as typed (with its province) first, then the same letters elsewhere.
            ranges.append(_Range(Vehicle.plate, compact, partial=True))
            ranges.append(_Range(Vehicle.plate_key, key))
    if has_cjk:
        ranges.append(_Range(Customer.name, text))
        return ranges
    if compact.isalnum() and compact.isascii():
        ranges.append(_Range(Vehicle.plate_key, compact))
        if len(compact) >= 4:
            ranges.append(_Range(Vehicle.vin, compact, partial=True))
            ranges.append(_Range(Vehicle.vin_rev, compact[::-1]))
        if compact.isalpha():
            ranges.append(_Range(Customer.name_initials, compact))
    ranges.append(_Range(Customer.name, text))
    return ranges


# Vehicle columns are None for a customer without a vehicle (outer join); read them with ``or``.
_HitSelect = Select[str, str, str, str, str, str, str, str]


def _hit_columns() -> _HitSelect:
    return select(Customer.id, Customer.name, Customer.mobile, Vehicle.id, Vehicle.plate,
                  Vehicle.vin, Vehicle.brand, Vehicle.model)


def statements(query: str, limit: int = DEFAULT_LIMIT) -> list[_HitSelect]:
    """The indexed queries a search runs, most specific first (a test checks their plans).

    Each condition runs as its own query: SQLite will not use several indexes for one OR,
    and a full scan of 200,000 vehicles is what we must avoid.
    """
    result: list[_HitSelect] = []
    for key in _conditions(query):
        if key.column.class_ is Vehicle:  # every vehicle with its owner
            statement = _hit_columns().join(Customer, Vehicle.owner_id == Customer.id)
        else:  # every customer, with each of their vehicles or none
            statement = (_hit_columns().select_from(Customer)
                         .outerjoin(Vehicle, Vehicle.owner_id == Customer.id))
        result.append(statement.where(key.condition()).order_by(key.column).limit(limit))
    return result


def search(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    seen: set[tuple[str, str | None]] = set()
    hits: list[SearchHit] = []
    for statement in statements(query, limit):
        for row in session.execute(statement):
            key = (row[0], row[3])
            if key in seen:
                continue
            seen.add(key)
            hits.append(SearchHit(row[0], row[1], row[2], row[3], row[4] or "", row[5] or "",
                                  row[6] or "", row[7] or ""))
            if len(hits) >= limit:
                return hits
    return hits


class SearchService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def search(self, actor: Actor, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        require(actor, Permission.CUSTOMER_VIEW)
        with self._uow() as session:
            hits = search(session, query, limit)
        if needs_full_contact(actor.role):
            return hits
        return [replace(h, mobile=mask_phone(h.mobile)) for h in hits]


__all__ = ["SearchHit", "SearchService", "search", "statements"]
