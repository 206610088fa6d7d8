"""Customer files (客户档案) and vehicles (车辆): create, edit, change owner, read."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from domain import clock
from domain.errors import Conflict, NotFound, ValidationError, collect
from domain.model import Customer, Vehicle, VehicleOwnership
from domain.privacy import mask_id_number, mask_phone, needs_full_contact
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.care_tasks import schedule_file_completion
from domain.services.mode_guard import require_branch_mode
from domain.stale import check_version
from domain.uow import UnitOfWork
from domain.validation import (
    STANDARD,
    check_credit_code,
    check_id_number,
    check_mobile,
    check_other_phone,
    check_plate,
    check_vin,
    clean_text,
    has_check_digit,
    normalise_code,
    plate_search_key,
    read_plate,
    read_vin,
)

T = TypeVar("T")
MAX_MILEAGE = 9_999_999


@functools.lru_cache(maxsize=8192)
def name_initials(name: str) -> str:
    """Pinyin initials (张三 → ZS) so the counter can type ``zs`` to find 张三."""
    from pypinyin import Style, lazy_pinyin  # heavy dictionary, load on first use

    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(letters).upper()[:100]


# --- input --------------------------------------------------------------------------------
@dataclass
class CustomerInput:
    """What the customer form (客户档案) submits."""

    name: str
    kind: str = "individual"
    mobile: str = ""
    other_phone: str = ""
    address: str = ""
    id_number: str = ""
    source: str = ""
    preferred_contact_time: str = ""
    consent_contact: bool = True
    notes: str = ""
    birthday: dt.date | None = None  # 生日, when the ID number does not tell it (or another day is kept)


@dataclass
class VehicleInput:
    """What the vehicle form (车辆) submits."""

    plate: str = ""
    vin: str = ""
    brand: str = ""
    model: str = ""
    model_year: int | None = None
    engine_no: str = ""
    colour: str = ""
    purchase_date: dt.date | None = None
    mileage_km: int = 0
    insurance_expiry: dt.date | None = None
    inspection_due: dt.date | None = None
    warranty_end_date: dt.date | None = None
    warranty_end_km: int | None = None


# --- read models --------------------------------------------------------------------------
@dataclass(frozen=True)
class OwnershipView:
    customer_id: str
    customer_name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


@dataclass(frozen=True)
class VehicleView:
    id: str
    owner_id: str
    plate: str
    vin: str
    brand: str
    model: str
    model_year: int | None
    engine_no: str
    colour: str
    purchase_date: dt.date | None
    mileage_km: int
    insurance_expiry: dt.date | None
    inspection_due: dt.date | None
    warranty_end_date: dt.date | None
    warranty_end_km: int | None
    row_version: int
    owners: tuple[OwnershipView, ...] = ()
    plate_kind: str = STANDARD  # or "special" (military, armed police), with plate_note
    plate_note: str = ""
    vin_checked_by: str = ""  # who confirmed a VIN without check digit, and when
    vin_checked_at: dt.datetime | None = None
    vin_unconfirmed: bool = False  # such a VIN nobody has confirmed yet (from a list import)


@dataclass(frozen=True)
class CustomerView:
    id: str
    kind: str
    name: str
    mobile: str
    other_phone: str
    address: str
    id_number: str
    source: str
    preferred_contact_time: str
    consent_contact: bool
    notes: str
    first_visit_on: dt.date | None
    created_at: dt.datetime
    row_version: int
    vehicles: tuple[VehicleView, ...] = field(default=())
    birthday: dt.date | None = None


def contact_for(actor: Actor, view: CustomerView) -> CustomerView:
    """The record as ``actor`` may read it: full contact data only for roles that need it."""
    if needs_full_contact(actor.role):
        return view
    return replace(view, mobile=mask_phone(view.mobile), other_phone=mask_phone(view.other_phone),
                   id_number=mask_id_number(view.id_number))


def _vehicle_view(vehicle: Vehicle, owners: tuple[OwnershipView, ...] = ()) -> VehicleView:
    unconfirmed = bool(vehicle.vin) and not has_check_digit(vehicle.vin) and vehicle.vin_checked_at is None
    return VehicleView(
        vehicle.id, vehicle.owner_id, vehicle.plate, vehicle.vin, vehicle.brand, vehicle.model,
        vehicle.model_year, vehicle.engine_no, vehicle.colour, vehicle.purchase_date,
        vehicle.mileage_km, vehicle.insurance_expiry, vehicle.inspection_due,
        vehicle.warranty_end_date, vehicle.warranty_end_km, vehicle.row_version, owners,
        vehicle.plate_kind, vehicle.plate_note, vehicle.vin_checked_by, vehicle.vin_checked_at,
        unconfirmed,
    )


def _ownerships(session: Session, vehicle_id: str) -> tuple[OwnershipView, ...]:
    rows = session.execute(
        select(VehicleOwnership, Customer.name)
        .join(Customer, Customer.id == VehicleOwnership.customer_id)
        .where(VehicleOwnership.vehicle_id == vehicle_id)
        .order_by(VehicleOwnership.started_at)
    ).all()
    return tuple(OwnershipView(o.customer_id, name, o.started_at, o.ended_at) for o, name in rows)


def customer_view(session: Session, customer: Customer) -> CustomerView:
    vehicles = tuple(_vehicle_view(v, _ownerships(session, v.id)) for v in customer.vehicles)
    return CustomerView(
        customer.id, customer.kind, customer.name, customer.mobile, customer.other_phone,
        customer.address, customer.id_number, customer.source, customer.preferred_contact_time,
        customer.consent_contact, customer.notes, customer.first_visit_on, customer.created_at,
        customer.row_version, vehicles, customer.birthday,
    )


# --- validation ---------------------------------------------------------------------------
def _run(errors: list[ValidationError | None], check: Callable[[], T], fallback: T) -> T:
    try:
        return check()
    except ValidationError as exc:
        errors.append(exc)
        return fallback


def _given(raw: str) -> bool:
    """Whether an identifier field holds anything visible (a lone zero-width space is empty)."""
    return normalise_code(raw) != ""


def validate_customer(data: CustomerInput) -> CustomerInput:
    """Normalised copy of the input, or every field error at once."""
    e: list[ValidationError | None] = []
    kind = data.kind if data.kind in ("individual", "company") else "individual"
    name = _run(e, lambda: clean_text(data.name, "客户名称", "name", max_len=100, required=True), "")
    mobile = _run(e, lambda: check_mobile(data.mobile) if _given(data.mobile) else "", "")
    other = _run(e, lambda: check_other_phone(data.other_phone) if _given(data.other_phone) else "", "")

    def id_check() -> str:
        raw = data.id_number
        if not _given(raw):
            return ""
        return check_credit_code(raw) if kind == "company" else check_id_number(raw)

    id_number = _run(e, id_check, "")
    address = _run(e, lambda: clean_text(data.address, "地址", "address", max_len=200), "")
    source = _run(e, lambda: clean_text(data.source, "客户来源", "source", max_len=40), "")
    contact_time = _run(e, lambda: clean_text(data.preferred_contact_time, "方便联系时间",
                                              "preferred_contact_time", max_len=40), "")
    notes = _run(e, lambda: clean_text(data.notes, "备注", "notes", max_len=2000), "")
    if data.birthday is not None and not dt.date(1900, 1, 1) <= data.birthday <= clock.today():
        e.append(ValidationError("date.invalid", "birthday", label="生日", value=data.birthday.isoformat()))
    collect(*e)
    return CustomerInput(name, kind, mobile, other, address, id_number, source, contact_time,
                         bool(data.consent_contact), notes, data.birthday)


def validate_vehicle(data: VehicleInput, *, confirm_vin: bool = False) -> VehicleInput:
    """Normalised copy of the input, or every field error at once.

    A VIN whose 9th character is not a check digit (an imported car's) is refused with the
    warning ``vin.unverified`` unless ``confirm_vin``: the person compared it with the
    registration certificate, or the list import reports it as still to be checked.
    """
    e: list[ValidationError | None] = []
    plate = _run(e, lambda: check_plate(data.plate) if _given(data.plate) else "", "")
    vin = _run(e, lambda: check_vin(data.vin, confirmed=confirm_vin) if _given(data.vin) else "", "")
    if not _given(data.plate) and not _given(data.vin):
        e.append(ValidationError("required", "plate", label="车牌号或车架号"))
    brand = _run(e, lambda: clean_text(data.brand, "品牌", "brand", max_len=40), "")
    model = _run(e, lambda: clean_text(data.model, "车型", "model", max_len=60), "")
    engine = _run(e, lambda: clean_text(data.engine_no, "发动机号", "engine_no", max_len=30).upper(), "")
    colour = _run(e, lambda: clean_text(data.colour, "颜色", "colour", max_len=20), "")
    this_year = clock.today().year
    if data.model_year is not None and not 1950 <= data.model_year <= this_year + 1:
        e.append(ValidationError("model_year.invalid", "model_year", max=this_year + 1))
    if not 0 <= data.mileage_km <= MAX_MILEAGE:
        e.append(ValidationError("mileage.invalid", "mileage_km"))
    if data.warranty_end_km is not None and not 0 <= data.warranty_end_km <= MAX_MILEAGE:
        e.append(ValidationError("mileage.invalid", "warranty_end_km"))
    if data.purchase_date is not None and data.purchase_date > clock.today():
        e.append(ValidationError("date.future", "purchase_date", label="购车日期"))
    for name, label in (("purchase_date", "购车日期"), ("insurance_expiry", "保险到期"),
                        ("inspection_due", "年检到期"), ("warranty_end_date", "保修截止")):
        value = getattr(data, name)
        if value is not None and not dt.date(1950, 1, 1) <= value <= dt.date(2200, 12, 31):
            e.append(ValidationError("date.invalid", name, label=label, value=value.isoformat()))
    collect(*e)
    return VehicleInput(plate, vin, brand, model, data.model_year, engine, colour, data.purchase_date,
                        data.mileage_km, data.insurance_expiry, data.inspection_due,
                        data.warranty_end_date, data.warranty_end_km)


def customer_columns(data: CustomerInput) -> dict[str, Any]:
    """Column values of a customer row, derived search keys included.

    Why one function: the form, the list import and the bulk demo loader must fill the
    search columns (pinyin initials, reversed mobile) identically or search misses rows.
    """
    return {
        "kind": data.kind,
        "name": data.name,
        "name_initials": name_initials(data.name),
        "mobile": data.mobile,
        "mobile_rev": data.mobile[::-1],
        "other_phone": data.other_phone,
        "address": data.address,
        "id_number": data.id_number,
        "source": data.source,
        "preferred_contact_time": data.preferred_contact_time,
        "consent_contact": data.consent_contact,
        "notes": data.notes,
        "birthday": data.birthday,
    }


def vehicle_columns(data: VehicleInput) -> dict[str, Any]:
    """Column values of a vehicle row, with the plate and VIN search keys (see search.py)."""
    plate_key = plate_search_key(data.plate)
    reading = read_plate(data.plate) if data.plate else None
    return {
        "plate": data.plate,
        "plate_kind": reading.kind if reading is not None else STANDARD,
        "plate_note": reading.note if reading is not None else "",
        "plate_key": plate_key,
        "plate_rev": plate_key[::-1],
        "vin": data.vin,
        "vin_rev": data.vin[::-1],
        "brand": data.brand,
        "model": data.model,
        "model_year": data.model_year,
        "engine_no": data.engine_no,
        "colour": data.colour,
        "purchase_date": data.purchase_date,
        "mileage_km": data.mileage_km,
        "insurance_expiry": data.insurance_expiry,
        "inspection_due": data.inspection_due,
        "warranty_end_date": data.warranty_end_date,
        "warranty_end_km": data.warranty_end_km,
    }


def _apply_customer(customer: Customer, data: CustomerInput) -> None:
    for key, value in customer_columns(data).items():
        setattr(customer, key, value)


def _apply_vehicle(vehicle: Vehicle, data: VehicleInput) -> None:
    for key, value in vehicle_columns(data).items():
        setattr(vehicle, key, value)


def _vin_warning(vin: str) -> ValidationError | None:
    """The warning a (validated) VIN carries: its 9th character is not a check digit."""
    return read_vin(vin).warning if vin else None


def _record_vin_check(vehicle: Vehicle, checked_by: str) -> None:
    """Mark who confirmed the vehicle's VIN now; clear the mark when the VIN needs none.

    ``checked_by`` empty: nobody looked (the list import), the VIN stays unconfirmed.
    """
    if _vin_warning(vehicle.vin) is None or not checked_by:
        vehicle.vin_checked_by, vehicle.vin_checked_at = "", None
    else:
        vehicle.vin_checked_by, vehicle.vin_checked_at = checked_by, clock.now()


def ensure_vehicle_unique(session: Session, data: VehicleInput, exclude_id: str | None = None) -> None:
    """Refuse a duplicate plate or VIN, naming the record that already has it.

    The ``<> ''`` terms repeat the condition of the partial unique indexes: SQLite uses a
    partial index only when the query states it, otherwise it scans every vehicle.
    """
    if data.plate:
        hit = session.execute(
            select(Vehicle.id, Customer.name).join(Customer, Customer.id == Vehicle.owner_id)
            .where(Vehicle.plate == data.plate, Vehicle.plate != literal_column("''"))
        ).first()
        if hit is not None and hit[0] != exclude_id:
            raise Conflict("vehicle.plate_taken", "plate", plate=data.plate, owner=hit[1])
    if data.vin:
        vin_hit = session.execute(
            select(Vehicle.id, Vehicle.plate, Customer.name)
            .join(Customer, Customer.id == Vehicle.owner_id)
            .where(Vehicle.vin == data.vin, Vehicle.vin != literal_column("''"))
        ).first()
        if vin_hit is not None and vin_hit[0] != exclude_id:
            raise Conflict("vehicle.vin_taken", "vin", vin=data.vin, plate=vin_hit[1] or "—",
                           owner=vin_hit[2])


def add_customer_with_vehicle(session: Session, branch_id: str, customer_data: CustomerInput,
                              vehicle_data: VehicleInput | None, vin_checked_by: str = "") -> Customer:
    """Shared by the form, the list import and the demo data: already validated input.

    ``vin_checked_by``: who confirmed a VIN without check digit (empty: nobody yet).
    """
    customer = Customer(branch_id=branch_id)
    _apply_customer(customer, customer_data)
    session.add(customer)
    session.flush()
    if vehicle_data is not None:
        _add_vehicle(session, branch_id, customer, vehicle_data, vin_checked_by)
    return customer


def add_vehicle_to_customer(session: Session, customer: Customer, vehicle_data: VehicleInput,
                            vin_checked_by: str = "") -> Vehicle:
    """Shared by the form and the list import: already validated input, uniqueness checked."""
    return _add_vehicle(session, customer.branch_id, customer, vehicle_data, vin_checked_by)


def _add_vehicle(session: Session, branch_id: str, customer: Customer, data: VehicleInput,
                 vin_checked_by: str = "") -> Vehicle:
    ensure_vehicle_unique(session, data)
    vehicle = Vehicle(branch_id=branch_id, owner_id=customer.id)
    _apply_vehicle(vehicle, data)
    _record_vin_check(vehicle, vin_checked_by)
    session.add(vehicle)
    session.flush()
    session.add(VehicleOwnership(vehicle_id=vehicle.id, customer_id=customer.id, started_at=clock.now()))
    return vehicle


def new_customer(session: Session, actor: Actor, customer_data: CustomerInput,
                 vehicle_data: VehicleInput | None) -> Customer:
    """A walk-in customer filed at this branch (validated input): the form's save, and the
    first step of receiving a new customer's car (``WorkOrderService.open_for_new_customer``).
    The person at the desk is the one who confirmed a VIN without check digit, if any."""
    require_branch_mode(session)
    branch = local_branch(session)
    customer = add_customer_with_vehicle(session, branch.id, customer_data, vehicle_data,
                                         actor.display_name)
    customer.first_visit_on = clock.today(branch.timezone)
    session.flush()
    schedule_file_completion(session, customer, actor, branch.timezone)
    session.flush()
    return customer


class CustomerService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def create(self, actor: Actor, data: CustomerInput, vehicle: VehicleInput | None = None, *,
               confirm_vin: bool = False) -> CustomerView:
        """A new customer, with the first vehicle if given.

        ``confirm_vin``: the person compared a VIN whose 9th character is not a check digit
        with the registration certificate; without it such a VIN is refused with the
        warning ``vin.unverified`` (the form then asks). The vehicle records who and when.
        """
        require(actor, Permission.CUSTOMER_EDIT)
        checked = validate_customer(data)
        checked_vehicle = (validate_vehicle(vehicle, confirm_vin=confirm_vin)
                           if vehicle is not None else None)
        with self._uow() as session:
            customer = new_customer(session, actor, checked, checked_vehicle)
            session.refresh(customer)
            return customer_view(session, customer)

    def update(self, actor: Actor, customer_id: str, data: CustomerInput,
               expected_version: int | None = None) -> CustomerView:
        require(actor, Permission.CUSTOMER_EDIT)
        checked = validate_customer(data)
        with self._uow() as session:
            require_branch_mode(session)
            customer = self._customer(session, customer_id)
            check_version(session, customer, expected_version)
            _apply_customer(customer, checked)
            session.flush()
            return customer_view(session, customer)

    def get(self, actor: Actor, customer_id: str) -> CustomerView:
        require(actor, Permission.CUSTOMER_VIEW)
        with self._uow() as session:
            return contact_for(actor, customer_view(session, self._customer(session, customer_id)))

    def add_vehicle(self, actor: Actor, customer_id: str, data: VehicleInput, *,
                    confirm_vin: bool = False) -> VehicleView:
        """``confirm_vin`` as in :meth:`create`."""
        require(actor, Permission.CUSTOMER_EDIT)
        checked = validate_vehicle(data, confirm_vin=confirm_vin)
        with self._uow() as session:
            require_branch_mode(session)
            customer = self._customer(session, customer_id)
            vehicle = _add_vehicle(session, customer.branch_id, customer, checked, actor.display_name)
            return _vehicle_view(vehicle, _ownerships(session, vehicle.id))

    def update_vehicle(self, actor: Actor, vehicle_id: str, data: VehicleInput,
                       expected_version: int | None = None, *, confirm_vin: bool = False) -> VehicleView:
        """``confirm_vin`` as in :meth:`create`; a VIN confirmed before and not changed needs
        no new confirmation and keeps who confirmed it."""
        require(actor, Permission.CUSTOMER_EDIT)
        checked = validate_vehicle(data, confirm_vin=True)  # the VIN's warning: below
        with self._uow() as session:
            require_branch_mode(session)
            vehicle = session.get(Vehicle, vehicle_id)
            if vehicle is None:
                raise NotFound("vehicle.not_found", key=vehicle_id)
            check_version(session, vehicle, expected_version)
            warning = _vin_warning(checked.vin)
            kept = checked.vin == vehicle.vin and vehicle.vin_checked_at is not None
            if warning is not None and not (confirm_vin or kept):
                raise warning
            ensure_vehicle_unique(session, checked, exclude_id=vehicle.id)
            _apply_vehicle(vehicle, checked)
            if not kept:
                _record_vin_check(vehicle, actor.display_name)
            session.flush()
            return _vehicle_view(vehicle, _ownerships(session, vehicle.id))

    def transfer_vehicle(self, actor: Actor, vehicle_id: str, new_owner_id: str, note: str = "") -> VehicleView:
        """过户: the vehicle changes owner; the previous ownership is closed, never erased."""
        require(actor, Permission.CUSTOMER_EDIT)
        note = clean_text(note, "过户说明", "note", max_len=200)
        with self._uow() as session:
            require_branch_mode(session)
            vehicle = session.get(Vehicle, vehicle_id)
            if vehicle is None:
                raise NotFound("vehicle.not_found", key=vehicle_id)
            new_owner = self._customer(session, new_owner_id)
            if new_owner.id == vehicle.owner_id:
                return _vehicle_view(vehicle, _ownerships(session, vehicle.id))
            now = clock.now()
            current = session.scalar(
                select(VehicleOwnership).where(VehicleOwnership.vehicle_id == vehicle.id,
                                               VehicleOwnership.ended_at.is_(None))
            )
            if current is not None:
                current.ended_at = now
            session.add(VehicleOwnership(vehicle_id=vehicle.id, customer_id=new_owner.id,
                                         started_at=now, note=note))
            vehicle.owner_id = new_owner.id
            session.flush()
            return _vehicle_view(vehicle, _ownerships(session, vehicle.id))

    def find_one(self, actor: Actor, key: str) -> CustomerView:
        """The customer a key names: customer id, mobile, plate or VIN (for print and scan)."""
        require(actor, Permission.CUSTOMER_VIEW)
        raw = key.strip()
        with self._uow() as session:
            customer = session.get(Customer, raw)
            if customer is None:
                customer = self._by_unique_key(session, raw)
            if customer is None:
                raise NotFound("customer.not_found", key=raw)
            return contact_for(actor, customer_view(session, customer))

    @staticmethod
    def _by_unique_key(session: Session, raw: str) -> Customer | None:
        upper = normalise_code(raw)
        if upper.isdigit():
            found = list(session.scalars(select(Customer).where(Customer.mobile == upper).limit(2)))
            if len(found) > 1:
                raise Conflict("customer.ambiguous", key=raw)
            if found:
                return found[0]
        owner_id = session.scalar(select(Vehicle.owner_id).where(
            Vehicle.vin == upper, Vehicle.vin != literal_column("''")))
        if owner_id is None:
            try:
                owner_id = session.scalar(select(Vehicle.owner_id).where(
                    Vehicle.plate == check_plate(raw), Vehicle.plate != literal_column("''")))
            except ValidationError:
                owner_id = None
        return session.get(Customer, owner_id) if owner_id else None

    @staticmethod
    def _customer(session: Session, customer_id: str) -> Customer:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound("customer.not_found", key=customer_id)
        return customer
