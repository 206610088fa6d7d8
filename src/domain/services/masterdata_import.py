"""Importing the shop's master data from Excel (导入基础资料): one sheet per list.

A shop keeps its prices in a workbook: sheets 工时项目, 配件价格, 杂项, 保养套餐 and 服务活动
(or in English: labour, parts, sundry, packages, campaigns), headers in Chinese or English.
Every row is checked by the same rules as the forms (:mod:`domain.services.masterdata`); a
bad row is reported with its sheet, the row number the spreadsheet shows and the reason in
Chinese (as ``customers import`` does), and each good row is written inside its own
SAVEPOINT. An item already on this database's own list is updated (re-importing a price
list changes the prices); a code HQ issued is refused at a branch (HQ's items win).

The lists are read in the order labour, parts, sundry, packages, campaigns, so a package may
name operations and parts the same workbook brings. A package takes one row per line
(套餐编号, 套餐名称, 套餐价 on its first row at least, then 项目编号 and 数量); a package
with any bad row is not imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import messages
from domain.errors import DomainError, ValidationError, ValidationErrors, collect
from domain.model.masterdata import LabourCode
from domain.roles import Actor, Permission, require
from domain.services.customer_import import _cell_text, _error_texts, _normalise_header, _parse_date
from domain.services.masterdata import (
    KIND_LABELS_ZH,
    Here,
    MasterKind,
    clean_code,
    pricing_settings,
    write_campaign,
    write_labour,
    write_part,
    write_sundry,
)
from domain.services.masterdata_packages import (
    LABOUR,
    PART,
    PackageItem,
    build_lines,
    write_package,
)
from domain.services.sheet_rows import open_workbook, sheet_rows
from domain.uow import UnitOfWork

messages.register("mdimport.number", "{label}“{value}”不是有效的数字（最多 {places} 位小数）",
                  "{label} '{value}' is not a number (at most {places} decimals)")
messages.register("mdimport.required", "缺少{label}", "{label} is missing")
messages.register("mdimport.no_sheet",
                  "文件中没有可识别的工作表（工作表名应为：工时项目、配件价格、杂项、保养套餐、服务活动，"
                  "或 labour、parts、sundry、packages、campaigns）",
                  "No sheet recognised (name them labour, parts, sundry, packages, campaigns)")
messages.register("mdimport.no_header", "工作表“{sheet}”中找不到表头（至少需要{columns}列）",
                  "No header row in sheet '{sheet}' (needs the columns {columns})")
messages.register("mdimport.format", "基础资料请用 Excel (.xlsx) 文件导入，不支持“{suffix}”",
                  "Import master data from an Excel (.xlsx) file, not '{suffix}'")
messages.register("mdimport.no_rate", "缺少工时单价（或先在设置中填写默认工时单价）",
                  "The hourly rate is missing (or set a default hourly rate in the settings)")
messages.register("mdimport.package_other_rows", "同一套餐（{item}）的其他行有错误，整个套餐未导入",
                  "Another row of package {item} is wrong; the package was not imported")
messages.register("mdimport.package_header", "套餐 {item} 的{label}与第 {row} 行不同",
                  "Package {item}: the {label} differs from row {row}")
messages.register("mdimport.item_kind", "类型“{value}”无效（工时或配件）", "Type '{value}' is not labour or part")
messages.register("mdimport.campaign_kind", "活动类型“{value}”无效（活动或召回）",
                  "Kind '{value}' is not campaign or recall")
messages.register("mdimport.conflict", "与已有记录冲突，未导入", "Conflicts with an existing record; not imported")

#: sheet names (normalised as headers are) → the list they hold
_SHEETS: dict[MasterKind, tuple[str, ...]] = {
    MasterKind.LABOUR: ("工时项目", "工时", "工时代码", "维修项目", "labour", "labor", "labouroperations",
                        "labourcodes", "labour operations"),
    MasterKind.PARTS: ("配件价格", "配件", "配件价格表", "价格表", "零件", "parts", "partprices", "pricelist",
                       "partspricelist", "partsprices"),
    MasterKind.SUNDRY: ("杂项", "杂费", "杂项费用", "sundry", "sundries", "sundryitems"),
    MasterKind.PACKAGES: ("保养套餐", "套餐", "维修套餐", "packages", "package", "servicepackages"),
    MasterKind.CAMPAIGNS: ("服务活动", "活动", "召回", "活动与召回", "campaigns", "campaign", "events",
                           "recalls"),
}
_SHEET_TO_KIND = {_normalise_header(alias): kind for kind, aliases in _SHEETS.items() for alias in aliases}

#: per list: field → header aliases (normalised), and the fields a header row must name
_COLUMNS: dict[MasterKind, dict[str, tuple[str, ...]]] = {
    MasterKind.LABOUR: {
        "code": ("工时代码", "代码", "编号", "项目编号", "项目代码", "code", "labourcode", "laborcode", "opcode"),
        "name": ("名称", "项目名称", "工时项目", "维修项目", "工时名称", "name", "description", "operation"),
        "hours": ("标准工时", "工时", "工时数", "小时", "hours", "standardhours", "stdhours"),
        "rate": ("工时单价", "单价", "费率", "工时费率", "每小时", "rate", "hourlyrate", "rateperhour"),
    },
    MasterKind.PARTS: {
        "code": ("配件编号", "配件号", "零件号", "零件编号", "编号", "代码", "partno", "partnumber", "code"),
        "name": ("配件名称", "零件名称", "名称", "name", "description"),
        "price": ("价格", "单价", "零售价", "销售价", "售价", "price", "unitprice", "retailprice"),
        "unit": ("单位", "unit"),
    },
    MasterKind.SUNDRY: {
        "code": ("杂项编号", "编号", "代码", "code"),
        "name": ("名称", "杂项名称", "项目", "name", "description"),
        "price": ("金额", "价格", "amount", "price"),
    },
    MasterKind.PACKAGES: {
        "code": ("套餐编号", "编号", "代码", "code", "packagecode"),
        "name": ("套餐名称", "名称", "name", "packagename"),
        "price": ("套餐价", "套餐价格", "价格", "price", "packageprice"),
        "item": ("项目编号", "工时代码配件编号", "项目", "item", "itemcode", "linecode"),
        "type": ("类型", "项目类型", "type", "kind"),
        "qty": ("数量", "qty", "quantity"),
    },
    MasterKind.CAMPAIGNS: {
        "code": ("活动编号", "编号", "代码", "code"),
        "name": ("活动名称", "标题", "名称", "title", "name"),
        "type": ("类型", "活动类型", "kind", "type"),
        "price": ("价格", "活动价", "活动价格", "price"),
        "starts": ("开始日期", "开始", "起始日期", "starts", "startdate", "from", "start"),
        "ends": ("结束日期", "结束", "截止日期", "ends", "enddate", "to", "end"),
        "model": ("车型", "model"),
        "vin_from": ("vin起", "起始vin", "vinfrom", "vin从"),
        "vin_to": ("vin止", "截止vin", "vinto", "vin至"),
        "description": ("说明", "内容", "描述", "description", "details"),
    },
}
_REQUIRED: dict[MasterKind, tuple[str, ...]] = {
    MasterKind.LABOUR: ("code", "name", "hours"), MasterKind.PARTS: ("code", "name", "price"),
    MasterKind.SUNDRY: ("code", "name", "price"), MasterKind.PACKAGES: ("code", "item"),
    MasterKind.CAMPAIGNS: ("code", "name"),
}
_HEADER_SEARCH_ROWS = 10
ORDER = (MasterKind.LABOUR, MasterKind.PARTS, MasterKind.SUNDRY, MasterKind.PACKAGES, MasterKind.CAMPAIGNS)
_LABOUR_WORDS = {"工时", "labour", "labor", "l"}
_PART_WORDS = {"配件", "零件", "part", "parts", "p"}
_RECALL_WORDS = {"召回", "recall"}
_CAMPAIGN_WORDS = {"活动", "服务活动", "campaign", "event", ""}


# --- read models ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MasterImportRow:
    """One data row: its sheet, the spreadsheet's row number, its code, and why it was refused."""

    sheet: str
    kind: MasterKind
    row_number: int
    code: str
    problems: tuple[str, ...]
    ok: bool


@dataclass(frozen=True)
class MasterImportReport:
    rows: tuple[MasterImportRow, ...]
    imported: dict[MasterKind, int]  # items saved per list (a package counts once)
    ignored_sheets: tuple[str, ...] = ()
    unknown_columns: tuple[str, ...] = ()  # "sheet: column"

    @property
    def refused(self) -> tuple[MasterImportRow, ...]:
        return tuple(row for row in self.rows if not row.ok)

    def summary(self) -> str:
        """已导入 工时项目 2 条、配件价格 3 条，跳过 1 条 (the command line's last line)."""
        parts = [f"{KIND_LABELS_ZH[kind]} {count} 条" for kind, count in self.imported.items() if count]
        return f"已导入 {'、'.join(parts) or '0 条'}，跳过 {len(self.refused)} 条"


# --- cells ---------------------------------------------------------------------------------
def _number(value: Any, label: str, field_name: str, places: int) -> int | None:
    """A cell as an exact integer in 10^-places units (yuan → fen); None when empty.

    Full-width digits, thousands separators, ¥ and 元 are accepted; floats from Excel are
    read through their shortest text, so 12.3 is 1230 fen, not 1229."""
    if value is None or isinstance(value, bool):
        text = "" if value is None else str(value)
    elif isinstance(value, int | float):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = _cell_text(value)
    text = re.sub(r"[,，\s¥￥元]|rmb|h$|小时$", "", unicodedata.normalize("NFKC", text).lower())
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError("mdimport.number", field_name, label=label, value=_cell_text(value),
                              places=places) from None
    scaled = number.scaleb(places)
    if not number.is_finite() or scaled != scaled.to_integral_value():
        raise ValidationError("mdimport.number", field_name, label=label, value=_cell_text(value), places=places)
    return int(scaled)


@dataclass
class _Sheet:
    name: str
    kind: MasterKind
    header_row: int
    columns: dict[int, str]
    rows: list[tuple[int, list[Any]]]


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    def text(self, name: str) -> str:
        return _cell_text(self.values.get(name))


def _workbook(path: Path) -> Iterator[tuple[str, list[tuple[int, list[Any]]]]]:
    """Each sheet's non-empty rows, streamed in fixed memory (:mod:`domain.services.sheet_rows`)."""
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("mdimport.format", "path", suffix=path.suffix or path.name)
    if not path.is_file():
        raise ValidationError("import.file_unreadable", "path", path=str(path), reason="文件不存在")
    book = open_workbook(path)
    try:
        for sheet in book.worksheets:
            yield sheet.title, [(n, cells) for n, cells in sheet_rows(sheet, path)
                                if any(_cell_text(c) for c in cells)]
    finally:
        book.close()


def _layout(name: str, kind: MasterKind, rows: list[tuple[int, list[Any]]],
            unknown: list[str]) -> _Sheet:
    aliases = {_normalise_header(a): f for f, names in _COLUMNS[kind].items() for a in names}
    for number, cells in rows[:_HEADER_SEARCH_ROWS]:
        columns: dict[int, str] = {}
        extra: list[str] = []
        for index, cell in enumerate(cells):
            label = _cell_text(cell)
            found = aliases.get(_normalise_header(label)) if label else None
            if found is None or found in columns.values():
                if label:
                    extra.append(f"{name}：{label}")
            else:
                columns[index] = found
        if set(_REQUIRED[kind]) <= set(columns.values()):
            unknown.extend(extra)
            return _Sheet(name, kind, number, columns, [r for r in rows if r[0] > number])
    labels = "、".join(_COLUMNS[kind][f][0] for f in _REQUIRED[kind])
    raise ValidationError("mdimport.no_header", "path", sheet=name, columns=labels)


def _read(path: Path) -> tuple[dict[MasterKind, _Sheet], list[str], list[str]]:
    sheets: dict[MasterKind, _Sheet] = {}
    ignored: list[str] = []
    unknown: list[str] = []
    for name, rows in _workbook(path):
        kind = _SHEET_TO_KIND.get(_normalise_header(name))
        if kind is None or kind in sheets:
            if rows:
                ignored.append(name)
            continue
        sheets[kind] = _layout(name, kind, rows, unknown)
    if not sheets:
        raise ValidationError("mdimport.no_sheet", "path")
    return sheets, ignored, unknown


def _rows(sheet: _Sheet) -> list[_Row]:
    out = []
    for number, cells in sheet.rows:
        values = {f: cells[i] for i, f in sheet.columns.items() if i < len(cells)}
        out.append(_Row(number, values))
    return out


def _mark_duplicates(rows: list[_Row], codes: dict[int, str]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        code = codes.get(row.number)
        if not code or row.problems:
            continue
        if code in seen:
            row.problems.append(messages.render("import.duplicate_in_file", row=seen[code],
                                                what=f"编号 {code}"))
        else:
            seen[code] = row.number


# --- the service ---------------------------------------------------------------------------
class MasterDataImportService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def run(self, actor: Actor, path: Path) -> MasterImportReport:
        """Import every good row of every recognised sheet, each in its own SAVEPOINT; the
        whole file in one unit of work."""
        require(actor, Permission.MASTERDATA_EDIT)
        sheets, ignored, unknown = _read(path)
        report: list[MasterImportRow] = []
        imported = {kind: 0 for kind in ORDER if kind in sheets}
        with self._uow() as session:
            here = Here.of(session)
            default_rate = pricing_settings(session).labour_rate_fen
            for kind in ORDER:
                sheet = sheets.get(kind)
                if sheet is None:
                    continue
                rows = _rows(sheet)
                if kind is MasterKind.PACKAGES:
                    imported[kind] = _import_packages(session, here, rows)
                else:
                    imported[kind] = _import_items(session, here, sheet, rows, default_rate)
                report.extend(MasterImportRow(sheet.name, kind, r.number, _code_text(r), tuple(r.problems),
                                              not r.problems) for r in rows)
        return MasterImportReport(tuple(report), imported, tuple(ignored), tuple(unknown))


def _code_text(row: _Row) -> str:
    return unicodedata.normalize("NFKC", row.text("code")).strip().upper()


def _save_one(session: Session, row: _Row, save: Callable[[], object]) -> bool:
    """Run ``save`` in a SAVEPOINT; a refusal becomes the row's problem and leaves nothing."""
    try:
        with session.begin_nested():
            save()
            session.flush()
        return True
    except DomainError as exc:
        row.problems.extend(_error_texts(exc))
    except IntegrityError:
        row.problems.append(messages.render("mdimport.conflict"))
    return False


def _import_items(session: Session, here: Here, sheet: _Sheet, rows: list[_Row], default_rate: int) -> int:
    codes: dict[int, str] = {}
    for row in rows:
        try:
            codes[row.number] = clean_code(row.text("code"), "编号", max_len=40 if sheet.kind is MasterKind.PARTS
                                           else 20)
        except DomainError as exc:
            row.problems.extend(_error_texts(exc))
    _mark_duplicates(rows, codes)
    done = 0
    for row in rows:
        if row.problems:
            continue
        try:
            save = _SAVERS[sheet.kind](session, here, row, default_rate)
        except DomainError as exc:
            row.problems.extend(_error_texts(exc))
            continue
        done += _save_one(session, row, save)
    return done


def _numbers(row: _Row, *specs: tuple[str, str, int, bool], named: str = "") -> list[int | None]:
    """The row's numeric cells (name, label, decimals, required), every fault reported at once,
    together with a missing name (``named``: its label) so that a row shows all it lacks."""
    values: list[int | None] = []
    errors: list[ValidationError | None] = []
    if named and not row.text("name"):
        errors.append(ValidationError("required", "name", label=named))
    for name, label, places, required in specs:
        try:
            value = _number(row.values.get(name), label, name, places)
            if value is None and required:
                raise ValidationError("mdimport.required", name, label=label)
            values.append(value)
        except ValidationError as exc:
            values.append(None)
            errors.append(exc)
    collect(*errors)
    return values


Saver = Callable[[Session, Here, _Row, int], Callable[[], object]]


def _labour(session: Session, here: Here, row: _Row, default_rate: int) -> Callable[[], object]:
    hours, rate = _numbers(row, ("hours", "标准工时", 2, True), ("rate", "工时单价", 2, False), named="名称")
    if rate is None and not default_rate:
        raise ValidationError("mdimport.no_rate", "rate")
    return lambda: write_labour(session, here, code=row.text("code"), name=row.text("name"),
                                standard_hours_centi=hours or 0, rate_fen=default_rate if rate is None else rate)


def _part(session: Session, here: Here, row: _Row, _rate: int) -> Callable[[], object]:
    [price] = _numbers(row, ("price", "价格", 2, True), named="名称")
    return lambda: write_part(session, here, part_no=row.text("code"), name=row.text("name"), price_fen=price or 0,
                              unit=row.text("unit") or "件")


def _sundry(session: Session, here: Here, row: _Row, _rate: int) -> Callable[[], object]:
    [price] = _numbers(row, ("price", "金额", 2, True), named="名称")
    return lambda: write_sundry(session, here, code=row.text("code"), name=row.text("name"), amount_fen=price or 0)


def _campaign(session: Session, here: Here, row: _Row, _rate: int) -> Callable[[], object]:
    kind = unicodedata.normalize("NFKC", row.text("type")).strip().lower()
    errors: list[ValidationError | None] = []
    if kind not in _RECALL_WORDS | _CAMPAIGN_WORDS:
        errors.append(ValidationError("mdimport.campaign_kind", "type", value=row.text("type")))
    days: dict[str, Any] = {}
    for name, label in (("starts", "开始日期"), ("ends", "结束日期")):
        try:
            days[name] = _parse_date(row.values.get(name))
        except (ValueError, OverflowError):
            errors.append(ValidationError("import.date", name, label=label, value=row.text(name)))
    price: int | None = None
    try:
        [price] = _numbers(row, ("price", "价格", 2, False), named="标题")
    except ValidationErrors as exc:
        errors.extend(exc.errors)
    except ValidationError as exc:
        errors.append(exc)
    collect(*errors)
    return lambda: write_campaign(session, here, code=row.text("code"), title=row.text("name"),
                                  kind="recall" if kind in _RECALL_WORDS else "campaign",
                                  vin_from=row.text("vin_from"), vin_to=row.text("vin_to"), model=row.text("model"),
                                  starts_on=days.get("starts"), ends_on=days.get("ends"),
                                  description=row.text("description"), price_fen=price or 0)


_SAVERS: dict[MasterKind, Saver] = {MasterKind.LABOUR: _labour, MasterKind.PARTS: _part,
                                    MasterKind.SUNDRY: _sundry, MasterKind.CAMPAIGNS: _campaign}


# --- packages: one row per line ------------------------------------------------------------
@dataclass
class _Package:
    code: str
    first: _Row
    rows: list[_Row] = field(default_factory=list)
    header: dict[str, Any] = field(default_factory=dict)  # name, price: from the first row giving them


def _item_kind(row: _Row) -> str | None:
    """labour | part from the 类型 column; None when it is empty (the lists decide)."""
    text = unicodedata.normalize("NFKC", row.text("type")).strip().lower()
    if not text:
        return None
    if text in _LABOUR_WORDS:
        return LABOUR
    if text in _PART_WORDS:
        return PART
    raise ValidationError("mdimport.item_kind", "type", value=row.text("type"))


def _group(rows: list[_Row]) -> list[_Package]:
    """Rows by package code; a row with the code left empty belongs to the package above."""
    packages: dict[str, _Package] = {}
    current: _Package | None = None
    for row in rows:
        if not row.text("code") and current is not None:
            current.rows.append(row)
            continue
        try:
            code = clean_code(row.text("code"), "套餐编号")
        except DomainError as exc:
            row.problems.extend(_error_texts(exc))
            current = None
            continue
        current = packages.setdefault(code, _Package(code, row))
        current.rows.append(row)
    return list(packages.values())


def _package_item(session: Session, here: Here, package: _Package, row: _Row) -> PackageItem:
    for name, label in (("name", "套餐名称"), ("price", "套餐价")):
        value = row.values.get(name)
        if _cell_text(value):
            held = package.header.setdefault(name, value)
            if _cell_text(held) != _cell_text(value):
                raise ValidationError("mdimport.package_header", name, item=package.code, label=label,
                                      row=package.first.number)
    kind = _item_kind(row)
    item = unicodedata.normalize("NFKC", row.text("item")).strip().upper()
    if not item:
        raise ValidationError("mdimport.required", "item", label="项目编号")
    if kind is None:  # a labour operation seen here is labour; anything else a part
        found = session.scalars(select(LabourCode.code).where(
            LabourCode.code == item, here.visible(LabourCode.branch_id))).first()
        kind = LABOUR if found else PART
    [qty] = _numbers(row, ("qty", "数量", 3, False)) if kind == PART else [None]
    wanted = PackageItem(kind, item, 1000 if qty is None else qty)
    build_lines(session, here, [wanted])  # an unknown item is this row's fault
    return wanted


def _write_package(session: Session, here: Here, package: _Package, items: list[PackageItem]) -> object:
    [price] = _numbers(_Row(package.first.number, {"price": package.header.get("price")}),
                       ("price", "套餐价", 2, True))
    return write_package(session, here, code=package.code, name=_cell_text(package.header.get("name")),
                         price_fen=price or 0, items=items)


def _import_packages(session: Session, here: Here, rows: list[_Row]) -> int:
    done = 0
    for package in _group(rows):
        items: list[PackageItem] = []
        for row in package.rows:
            try:
                items.append(_package_item(session, here, package, row))
            except DomainError as exc:
                row.problems.extend(_error_texts(exc))
        if not any(r.problems for r in package.rows):
            done += _save_one(session, package.first, partial(_write_package, session, here, package, items))
        if any(r.problems for r in package.rows):
            for row in package.rows:
                if not row.problems:
                    row.problems.append(messages.render("mdimport.package_other_rows", item=package.code))
    return done


__all__ = ["MasterDataImportService", "MasterImportReport", "MasterImportRow"]
