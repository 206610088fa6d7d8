"""Customer file (客户档案), vehicles (车辆) and the history of who owned which vehicle."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.orm import Base, Syncable, UTCDateTime


class Customer(Syncable, Base):
    """客户档案: an individual (个人) or a company (单位)."""

    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_mobile_rev", "mobile_rev"),
        Index("ix_customers_mobile", "mobile"),
        Index("ix_customers_name", "name"),
        Index("ix_customers_name_initials", "name_initials"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    kind: Mapped[str] = mapped_column(String(10), default="individual")  # individual | company
    name: Mapped[str] = mapped_column(String(100))
    name_initials: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str] = mapped_column(String(11), default="")
    mobile_rev: Mapped[str] = mapped_column(String(11), default="")
    other_phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    source: Mapped[str] = mapped_column(String(40), default="")
    preferred_contact_time: Mapped[str] = mapped_column(String(40), default="")
    consent_contact: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    first_visit_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # 生日 when the customer gave one; else the reminders read it from the ID number
    birthday: Mapped[date | None] = mapped_column(Date, nullable=True)

    vehicles: Mapped[list[Vehicle]] = relationship(back_populates="owner", order_by="Vehicle.plate")


class Vehicle(Syncable, Base):
    """车辆: identified by plate (车牌号) and/or VIN (车架号)."""

    __tablename__ = "vehicles"
    __table_args__ = (
        # unique per branch: HQ holds the vehicles of every branch, and one car may be
        # serviced at two branches (plate/VIN lead, so look-ups by plate or VIN use them)
        Index("uq_vehicles_plate", "plate", "branch_id", unique=True,
              sqlite_where=text("plate <> ''"), postgresql_where=text("plate <> ''")),
        Index("uq_vehicles_vin", "vin", "branch_id", unique=True,
              sqlite_where=text("vin <> ''"), postgresql_where=text("vin <> ''")),
        Index("ix_vehicles_plate_key", "plate_key"),
        Index("ix_vehicles_plate_rev", "plate_rev"),
        Index("ix_vehicles_vin_rev", "vin_rev"),
        Index("ix_vehicles_owner_id", "owner_id"),
    )

    branch_id: Mapped[str] = mapped_column(ForeignKey("branches.id"))
    owner_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    plate: Mapped[str] = mapped_column(String(12), default="")
    plate_key: Mapped[str] = mapped_column(String(12), default="")
    plate_rev: Mapped[str] = mapped_column(String(12), default="")
    vin: Mapped[str] = mapped_column(String(17), default="")
    vin_rev: Mapped[str] = mapped_column(String(17), default="")
    brand: Mapped[str] = mapped_column(String(40), default="")
    model: Mapped[str] = mapped_column(String(60), default="")
    model_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    engine_no: Mapped[str] = mapped_column(String(30), default="")
    colour: Mapped[str] = mapped_column(String(20), default="")
    purchase_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    mileage_km: Mapped[int] = mapped_column(Integer, default=0)
    insurance_expiry: Mapped[date | None] = mapped_column(Date, nullable=True)
    inspection_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    warranty_end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    warranty_end_km: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: ``standard`` (a GA 36 plate) or ``special`` (military, armed police: not refused, with
    #: ``plate_note`` saying which; see domain/validation/plates.py)
    plate_kind: Mapped[str] = mapped_column(String(10), default="standard")
    plate_note: Mapped[str] = mapped_column(String(20), default="")
    #: A VIN whose 9th character is not a check digit, as confirmed by a person against the
    #: registration certificate: who (their name as it was then) and when. Empty/None for a
    #: VIN with a valid check digit, and for one imported but not yet looked at.
    vin_checked_by: Mapped[str] = mapped_column(String(100), default="")
    vin_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    owner: Mapped[Customer] = relationship(back_populates="vehicles")


class VehicleOwnership(Syncable, Base):
    """车辆过户记录: who owned a vehicle from when to when (``ended_at`` None = current)."""

    __tablename__ = "vehicle_ownerships"
    __table_args__ = (Index("ix_vehicle_ownerships_vehicle_id", "vehicle_id"),)

    vehicle_id: Mapped[str] = mapped_column(ForeignKey("vehicles.id"))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
