"""Importing an existing customer list (导入客户名单) from CSV or Excel.

Most shops keep their customers in a spreadsheet: one row per vehicle, headers in Chinese
or English, saved by Excel as .xlsx or as a GBK-encoded .csv. Every row is checked by the
same rules as the customer form (:func:`validate_customer`, :func:`validate_vehicle`,
:func:`ensure_vehicle_unique`); a bad row is reported with the row number the spreadsheet
shows and the reason in Chinese, and each good row is written inside its own SAVEPOINT so
nothing half-imported remains of a row that fails late.

A VIN whose 9th character is not a check digit (a parallel-imported car's) does not stop
its row: the row is imported with a warning, and the vehicle stays *unconfirmed* (nobody
compared it with the registration certificate) until someone confirms it in the vehicle
form. Refusing such rows would leave the imported cars out of the list; marking them as
checked would say a person looked when nobody did. Special plates (military, armed
police) are imported with their note, and a warning too.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import messages
from domain.errors import DomainError, NotFound, ValidationError, ValidationErrors
from domain.model import Customer
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.services.customers import (
    CustomerInput,
    VehicleInput,
    add_customer_with_vehicle,
    add_vehicle_to_customer,
    ensure_vehicle_unique,
    validate_customer,
    validate_vehicle,
)
from domain.services.mode_guard import require_branch_mode
from domain.services.sheet_rows import MAX_ROWS, open_workbook, sheet_rows, too_many_rows
from domain.uow import UnitOfWork
from domain.validation import read_plate, read_vin

messages.register(
    "import.date",
    "{label}“{value}”无法识别（例：2023-05-01 或 2023/5/1）",
    "{label} '{value}' is not a date (e.g. 2023-05-01 or 2023/5/1)",
)
messages.register(
    "import.mileage",
    "里程“{value}”不是有效的公里数",
    "Mileage '{value}' is not a number of kilometres",
)
messages.register(
    "import.conflict",
    "与已有记录冲突，未导入",
    "Conflicts with an existing record; not imported",
)

#: Canonical fields of the list and their labels, in the order the preview shows them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "姓名"),
    ("mobile", "手机"),
    ("plate", "车牌"),
    ("vin", "VIN"),
    ("brand", "品牌"),
    ("model", "车型"),
    ("purchase_date", "购车日期"),
    ("mileage", "里程"),
)
FIELD_LABELS: dict[str, str] = dict(FIELDS)

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "客户姓名", "客户名称", "客户", "车主", "车主姓名", "名称", "name",
             "customer", "customername", "ownername", "fullname"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "联系电话", "电话", "联系方式", "mobile",
               "mobilephone", "mobileno", "phone", "phoneno", "cellphone", "cell", "tel"),
    "plate": ("车牌", "车牌号", "车牌号码", "号牌", "号牌号码", "plate", "plateno", "platenumber",
              "licenseplate", "licenceplate", "registration", "regno"),
    "vin": ("vin", "vin码", "vin号", "vinno", "vinnumber", "车架号", "车架号码", "车辆识别代号",
            "车辆识别码", "车辆识别号", "底盘号", "chassis", "chassisno"),
    "brand": ("品牌", "厂牌", "车辆品牌", "brand", "make", "manufacturer"),
    "model": ("车型", "型号", "车系", "车辆型号", "model", "vehiclemodel", "series"),
    "purchase_date": ("购车日期", "购买日期", "购车时间", "购置日期", "购车日", "purchasedate",
                      "purchased", "purchasedon", "dateofpurchase", "buydate"),
    "mileage": ("里程", "里程数", "公里数", "行驶里程", "当前里程", "表显里程", "mileage",
                "mileagekm", "odometer", "km", "kilometres", "kilometers"),
}
_HEADER_TO_FIELD: dict[str, str] = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
_HEADER_SEARCH_ROWS = 10
_COMPANY_MARKERS = ("公司", "集团", "合作社", "事务所")


# --- read models --------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportRow:
    """One data row of the list: what it says (by field), why it was refused if it was, and
    what a person should look at although it is imported (``warnings``)."""

    row_number: int  # as the spreadsheet shows it; the header is row 1
    values: tuple[tuple[str, str], ...]  # (field, text) in FIELDS order
    problems: tuple[str, ...]
    ok: bool
    warnings: tuple[str, ...] = ()

    def value(self, field: str) -> str:
        return dict(self.values).get(field, "")


@dataclass(frozen=True)
class ImportReport:
    rows: tuple[ImportRow, ...]
    imported: int
    unknown_columns: tuple[str, ...]
    columns: tuple[str, ...] = ()  # recognised fields present in the file, in FIELDS order

    @property
    def refused(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if not row.ok)

    @property
    def warned(self) -> tuple[ImportRow, ...]:
        """Good rows a person should look at (a VIN without check digit, a special plate)."""
        return tuple(row for row in self.rows if row.ok and row.warnings)

    @property
    def accepted(self) -> int:
        """Rows that pass every check (in a preview: the rows a run would import)."""
        return sum(1 for row in self.rows if row.ok)


# --- reading the file ---------------------------------------------------------------------
def _unreadable(path: Path, reason: str) -> ValidationError:
    return ValidationError("import.file_unreadable", "path", path=str(path), reason=reason)


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as Excel in China saves."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: Sequence[str] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _unreadable(path, "文字编码无法识别（请另存为 UTF-8 或 GBK 编码的 CSV）")


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(path.read_bytes(), path)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:  # the same cap as a sheet (domain.services.sheet_rows)
                raise too_many_rows(path.name, number + sum(1 for _ in reader), MAX_ROWS, file=True)
            yield number, row
    except csv.Error as exc:
        raise _unreadable(path, str(exc)) from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet, streamed in fixed memory (:mod:`domain.services.sheet_rows`)."""
    workbook = open_workbook(path)
    try:
        yield from sheet_rows(workbook.worksheets[0], path)
    finally:
        workbook.close()


def _table(path: Path) -> Iterator[tuple[int, list[Any]]]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("import.format", "path", suffix=path.suffix or path.name)
    if not path.is_file():
        raise NotFound("import.file_unreadable", "path", path=str(path), reason="文件不存在")
    return _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)


# --- cells --------------------------------------------------------------------------------
def _normalise_header(raw: Any) -> str:
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)
    return re.sub(r"[\s_\-:*.#/]", "", text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 13812345678 and 45000 km as floats
    return unicodedata.normalize("NFKC", str(value)).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _parse_date(value: Any) -> dt.date | None:
    """Date cell, 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日, 20230501 or an Excel serial."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 10_000 <= value <= 80_000:  # a date cell Excel lost its format for
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = _cell_text(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    if text.isdigit() and 10_000 <= int(text) <= 80_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(text))
    raise ValueError(text)


def _parse_mileage(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        return round(value)
    text = _cell_text(value).lower().replace(",", "").replace("，", "").replace(" ", "")
    text = re.sub(r"(km|公里|千米)$", "", text)
    if not text:
        return 0
    factor = 1
    if text.endswith("万"):
        text, factor = text[:-1], 10_000
    number = float(text)  # ValueError for anything else
    return round(number * factor)


def _error_texts(exc: DomainError) -> list[str]:
    if isinstance(exc, ValidationErrors):
        return [e.message("zh") for e in exc.errors]
    return [exc.message("zh")]


# --- parsing ------------------------------------------------------------------------------
@dataclass
class _Parsed:
    row: ImportRow
    customer: CustomerInput | None = None
    vehicle: VehicleInput | None = None


@dataclass(frozen=True)
class _Layout:
    header_row: int
    columns: dict[int, str]  # cell index → field
    unknown: tuple[str, ...]


def _find_layout(rows: list[tuple[int, list[Any]]]) -> _Layout:
    """The header is the first row naming a name column and a plate or VIN column."""
    for number, cells in rows[:_HEADER_SEARCH_ROWS]:
        columns: dict[int, str] = {}
        unknown: list[str] = []
        for index, cell in enumerate(cells):
            label = _cell_text(cell)
            if not label:
                continue
            field = _HEADER_TO_FIELD.get(_normalise_header(label))
            if field is None or field in columns.values():
                unknown.append(label)
            else:
                columns[index] = field
        found = set(columns.values())
        if "name" in found and found & {"plate", "vin"}:
            return _Layout(number, columns, tuple(unknown))
    raise ValidationError("import.no_header", "path")


def _parse_row(number: int, cells: list[Any], layout: _Layout) -> _Parsed:
    raw: dict[str, Any] = {field: None for field in layout.columns.values()}
    for index, field in layout.columns.items():
        if index < len(cells):
            raw[field] = cells[index]
    texts = {field: _cell_text(value) for field, value in raw.items()}
    values = tuple((field, texts[field]) for field, _ in FIELDS if field in texts)
    problems: list[str] = []

    purchase_date: dt.date | None = None
    try:
        purchase_date = _parse_date(raw.get("purchase_date"))
    except (ValueError, OverflowError):
        problems.append(messages.render("import.date", label="购车日期", value=texts["purchase_date"]))
    mileage = 0
    try:
        mileage = _parse_mileage(raw.get("mileage"))
    except (ValueError, OverflowError):
        problems.append(messages.render("import.mileage", value=texts["mileage"]))

    name = texts.get("name", "")
    kind = "company" if any(marker in name for marker in _COMPANY_MARKERS) else "individual"
    customer: CustomerInput | None = None
    vehicle: VehicleInput | None = None
    try:
        customer = validate_customer(CustomerInput(name=name, kind=kind,
                                                   mobile=texts.get("mobile", "")))
    except ValidationError as exc:
        problems.extend(_error_texts(exc))
    warnings: list[str] = []
    try:
        vehicle = validate_vehicle(VehicleInput(
            plate=texts.get("plate", ""), vin=texts.get("vin", ""), brand=texts.get("brand", ""),
            model=texts.get("model", ""), purchase_date=purchase_date, mileage_km=mileage,
        ), confirm_vin=True)  # imported unconfirmed, with a warning (module docstring)
        warnings = _warnings(vehicle)
    except ValidationError as exc:
        problems.extend(_error_texts(exc))
    row = ImportRow(number, values, tuple(problems), not problems, tuple(warnings))
    return _Parsed(row, customer, vehicle)


def _warnings(vehicle: VehicleInput) -> list[str]:
    """What a person should look at in a good row: the plate's and the VIN's warnings."""
    found = [read_plate(vehicle.plate).warning if vehicle.plate else None,
             read_vin(vehicle.vin).warning if vehicle.vin else None]
    return [w.message("zh") for w in found if w is not None]


def _refuse(parsed: _Parsed, *problems: str) -> None:
    old = parsed.row
    parsed.row = ImportRow(old.row_number, old.values, old.problems + problems, False, old.warnings)


def _parse_file(path: Path) -> tuple[list[_Parsed], _Layout]:
    rows = [(number, cells) for number, cells in _table(path) if any(_cell_text(c) for c in cells)]
    layout = _find_layout(rows)
    parsed = [_parse_row(number, cells, layout) for number, cells in rows if number > layout.header_row]
    # Duplicates inside the file: a later row repeating the plate or VIN of a good row.
    first_seen: dict[tuple[str, str], int] = {}
    for item in parsed:
        if not item.row.ok or item.vehicle is None:
            continue
        keys = [("车牌", item.vehicle.plate), ("车架号", item.vehicle.vin)]
        clash = next(((what, value) for what, value in keys if value and (what, value) in first_seen), None)
        if clash is not None:
            _refuse(item, messages.render("import.duplicate_in_file", row=first_seen[clash],
                                          what=f"{clash[0]} {clash[1]}"))
            continue
        for what, value in keys:
            if value:
                first_seen[(what, value)] = item.row.row_number
    return parsed, layout


def _report(parsed: list[_Parsed], layout: _Layout, imported: int) -> ImportReport:
    present = set(layout.columns.values())
    return ImportReport(
        rows=tuple(item.row for item in parsed),
        imported=imported,
        unknown_columns=layout.unknown,
        columns=tuple(field for field, _ in FIELDS if field in present),
    )


def _customer_key(data: CustomerInput) -> tuple[str, str] | None:
    """Rows with the same mobile and name are one customer; without a mobile, never merged."""
    return (data.mobile, data.name) if data.mobile else None


class CustomerImportService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def preview(self, actor: Actor, path: Path) -> ImportReport:
        """Every row with its problems, including clashes with the database; writes nothing."""
        require(actor, Permission.CUSTOMER_IMPORT)
        parsed, layout = _parse_file(path)
        with self._uow() as session:
            for item in parsed:
                if item.row.ok and item.vehicle is not None:
                    try:
                        ensure_vehicle_unique(session, item.vehicle)
                    except DomainError as exc:
                        _refuse(item, *_error_texts(exc))
        return _report(parsed, layout, 0)

    def run(self, actor: Actor, path: Path) -> ImportReport:
        """Import the good rows; each in its own SAVEPOINT, the whole file in one unit of work."""
        require(actor, Permission.CUSTOMER_IMPORT)
        parsed, layout = _parse_file(path)
        imported = 0
        with self._uow() as session:
            require_branch_mode(session)
            branch_id = local_branch(session).id
            customers: dict[tuple[str, str], Customer] = {}
            for item in parsed:
                if not item.row.ok or item.customer is None or item.vehicle is None:
                    continue
                try:
                    customer = self._import_row(session, branch_id, customers, item)
                except DomainError as exc:
                    _refuse(item, *_error_texts(exc))
                    continue
                except IntegrityError:
                    _refuse(item, messages.render("import.conflict"))
                    continue
                key = _customer_key(item.customer)
                if key is not None:
                    customers[key] = customer
                imported += 1
        return _report(parsed, layout, imported)

    @staticmethod
    def _import_row(session: Session, branch_id: str, known: dict[tuple[str, str], Customer],
                    item: _Parsed) -> Customer:
        assert item.customer is not None and item.vehicle is not None
        key = _customer_key(item.customer)
        with session.begin_nested():
            customer = known.get(key) if key is not None else None
            if customer is None and key is not None:
                customer = session.scalar(
                    select(Customer).where(Customer.mobile == key[0], Customer.name == key[1])
                    .order_by(Customer.created_at).limit(1)
                )
            if customer is None:
                customer = add_customer_with_vehicle(session, branch_id, item.customer, item.vehicle)
            else:
                add_vehicle_to_customer(session, customer, item.vehicle)
            session.flush()
        return customer


__all__ = ["FIELDS", "FIELD_LABELS", "CustomerImportService", "ImportReport", "ImportRow"]
