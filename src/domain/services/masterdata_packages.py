"""Service packages (保养套餐): a named set of labour operations and parts, with its price.

Why lines are copies: a package is what the shop sells at one price ("小保养 380 元"); when
the list price of an oil filter changes, the package's sheet does not change by itself. The
lines are taken from the lists in effect when the package is saved (HQ's items win on HQ's
codes, :mod:`domain.masterdata_rules`), and the package's price is shared out over them as
line discounts when it goes onto a work order (:func:`domain.masterdata_rules.package_discounts`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import NotFound, ValidationError, collect
from domain.masterdata_rules import check_package_price, in_effect, package_discounts
from domain.messages import register
from domain.model.masterdata import LabourCode, PackageLine, PartPrice, ServicePackage
from domain.roles import Actor, Permission, require
from domain.services.masterdata import (
    MAX_FEN,
    Here,
    MasterKind,
    Owned,
    amount,
    clean_code,
    gather,
    row_to_save,
    visible_rows,
)
from domain.uow import UnitOfWork
from domain.validation import clean_text
from domain.workorder_rules import labour_amount, part_amount

register("masterdata.package_item", "套餐项目“{item}”不在{label}清单中（或已停用）",
         "Package item '{item}' is not on the {label_en} list (or is inactive)")
register("masterdata.package_kind", "套餐项目的类型只能是工时或配件", "A package line is labour or a part")
register("masterdata.package_not_found", "找不到保养套餐 {key}", "Service package {key} not found")
register("masterdata.package_qty", "配件 {item} 的数量须大于 0", "The quantity of part {item} must be above 0")

LABOUR, PART = "labour", "part"
MAX_QTY_MILLI = 100_000_000


@dataclass(frozen=True)
class PackageItem:
    """One line asked for: a labour operation or a part by its code (a part with a quantity)."""

    kind: str  # labour | part
    code: str
    qty_milli: int = 1000  # parts only: 1.5 L of oil is 1500


@dataclass(frozen=True)
class PackageLineView:
    kind: str
    code: str
    name: str
    hours_centi: int
    rate_fen: int
    qty_milli: int
    unit: str
    unit_price_fen: int

    @property
    def gross_fen(self) -> int:
        """The line at list price."""
        if self.kind == LABOUR:
            return labour_amount(self.hours_centi, self.rate_fen)
        return part_amount(self.qty_milli, self.unit_price_fen)


@dataclass(frozen=True)
class PackageView:
    id: str
    code: str
    name: str
    price_fen: int
    description: str
    active: bool
    lines: tuple[PackageLineView, ...] = ()
    owned: Owned = field(default_factory=Owned)
    row_version: int = 1

    @property
    def lines_total_fen(self) -> int:
        return sum(line.gross_fen for line in self.lines)

    @property
    def saving_fen(self) -> int:
        """How much below the lines' list prices the package is."""
        return max(0, self.lines_total_fen - self.price_fen)

    def discounts(self) -> list[int]:
        """Each line's share of the saving (see :func:`domain.masterdata_rules.package_discounts`)."""
        return package_discounts([line.gross_fen for line in self.lines], self.price_fen)

    @property
    def has_parts(self) -> bool:
        return any(line.kind == PART for line in self.lines)


def _line_view(line: PackageLine) -> PackageLineView:
    return PackageLineView(line.kind, line.code, line.name, line.hours_centi, line.rate_fen, line.qty_milli,
                           line.unit, line.unit_price_fen)


def package_view(session: Session, here: Here, row: ServicePackage, shadowed: bool = False) -> PackageView:
    lines = session.scalars(select(PackageLine).where(PackageLine.package_id == row.id).order_by(PackageLine.seq))
    return PackageView(row.id, row.code, row.name, row.price_fen, row.description, row.active,
                       tuple(_line_view(line) for line in lines), here.owned(row.branch_id, shadowed),
                       row.row_version)


def _lookup(session: Session, here: Here, model: Any, column: Any, codes: set[str]) -> dict[str, Any]:
    """The active items in effect among ``codes`` (HQ's where HQ has one)."""
    if not codes:
        return {}
    rows = list(session.scalars(select(model).where(column.in_(sorted(codes)), here.visible(model.branch_id),
                                                    model.active.is_(True))))
    return {getattr(r, column.key): r for r in in_effect(rows, lambda r: getattr(r, column.key),
                                                          lambda r: r.branch_id)}


def build_lines(session: Session, here: Here, items: Sequence[PackageItem]) -> list[PackageLineView]:
    """The lines of ``items`` copied from the lists in effect; every unknown item is named."""
    wanted = [PackageItem(item.kind, unicodedata.normalize("NFKC", item.code or "").strip().upper(),
                          item.qty_milli) for item in items]
    labour = _lookup(session, here, LabourCode, LabourCode.code, {i.code for i in wanted if i.kind == LABOUR})
    parts = _lookup(session, here, PartPrice, PartPrice.part_no, {i.code for i in wanted if i.kind == PART})
    errors: list[ValidationError | None] = []
    lines: list[PackageLineView] = []
    for item in wanted:
        if item.kind == LABOUR and item.code in labour:
            op = labour[item.code]
            lines.append(PackageLineView(LABOUR, op.code, op.name, op.standard_hours_centi, op.rate_fen, 0, "", 0))
        elif item.kind == PART and item.code in parts:
            if not 0 < item.qty_milli <= MAX_QTY_MILLI:
                errors.append(ValidationError("masterdata.package_qty", "lines", item=item.code))
                continue
            part = parts[item.code]
            lines.append(PackageLineView(PART, part.part_no, part.name, 0, 0, item.qty_milli, part.unit,
                                         part.price_fen))
        elif item.kind in (LABOUR, PART):
            errors.append(ValidationError("masterdata.package_item", "lines", item=item.code,
                                          label="工时项目" if item.kind == LABOUR else "配件价格",
                                          label_en="labour" if item.kind == LABOUR else "parts price"))
        else:
            errors.append(ValidationError("masterdata.package_kind", "lines"))
    collect(*errors)
    return lines


def package_in_effect(session: Session, here: Here, key: str) -> PackageView:
    """An active package in effect here, by id or code (for a work order)."""
    rows = [r for r, _s in visible_rows(session, here, MasterKind.PACKAGES, include_shadowed=False,
                                        active_only=True)
            if r.id == key or r.code == unicodedata.normalize("NFKC", key or "").strip().upper()]
    if not rows:
        raise NotFound("masterdata.package_not_found", "package", key=key)
    return package_view(session, here, rows[0])


def write_package(session: Session, here: Here, *, code: str, name: str, price_fen: int,
                  items: Sequence[PackageItem], description: str = "", active: bool = True, new: bool = False,
                  expected_version: int | None = None) -> ServicePackage:
    """This database's own package with its lines taken from the lists (replacing any it had)."""
    code, name, description, _p, lines = gather(
        lambda: clean_code(code, "套餐编号"),
        lambda: clean_text(name, "套餐名称", "name", max_len=200, required=True),
        lambda: clean_text(description, "说明", "description", max_len=2000),
        lambda: amount(price_fen, "套餐价", "price_fen", MAX_FEN),
        lambda: build_lines(session, here, items))
    check_package_price(price_fen, [line.gross_fen for line in lines])
    row: ServicePackage = row_to_save(session, here, MasterKind.PACKAGES, code, new, expected_version)
    row.name, row.price_fen, row.description, row.active = name, price_fen, description, active
    session.flush()
    for old in session.scalars(select(PackageLine).where(PackageLine.package_id == row.id)):
        session.delete(old)
    session.flush()
    for seq, line in enumerate(lines, start=1):
        session.add(PackageLine(package_id=row.id, seq=seq, kind=line.kind, code=line.code, name=line.name,
                                hours_centi=line.hours_centi, rate_fen=line.rate_fen, qty_milli=line.qty_milli,
                                unit=line.unit or "件", unit_price_fen=line.unit_price_fen,
                                branch_id=row.branch_id))
    session.flush()
    return row


class PackageService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def save_package(self, actor: Actor, *, code: str, name: str, price_fen: int, items: Sequence[PackageItem],
                     description: str = "", active: bool = True, new: bool = False,
                     expected_version: int | None = None) -> PackageView:
        """Save this database's own package with its lines (``new``: refuse an existing code)."""
        require(actor, Permission.MASTERDATA_EDIT)
        with self._uow() as session:
            here = Here.of(session)
            row = write_package(session, here, code=code, name=name, price_fen=price_fen, items=items,
                                description=description, active=active, new=new,
                                expected_version=expected_version)
            return package_view(session, here, row)

    def packages(self, *, include_shadowed: bool = False, active_only: bool = False) -> list[PackageView]:
        with self._uow() as session:
            here = Here.of(session)
            return [package_view(session, here, r, shadowed) for r, shadowed in visible_rows(
                session, here, MasterKind.PACKAGES, include_shadowed=include_shadowed, active_only=active_only)]


__all__ = ["LABOUR", "PART", "PackageItem", "PackageLineView", "PackageService", "PackageView", "build_lines",
           "package_in_effect", "package_view", "write_package"]
