"""The shop's master data (基础资料): labour operations, parts prices, sundry items, campaigns,
and the pricing settings (hourly labour rate, tax rate). Packages: :mod:`masterdata_packages`;
the Excel import: :mod:`masterdata_import`.

Why the owner is decided here and checked again in storage: a branch edits its own items and
HQ its own (:mod:`domain.masterdata_rules`); the service says so in plain words and applies
the rule "HQ's items win on HQ's codes" before the storage layer's guard
(:mod:`storage.outbox`) would refuse a write to someone else's row anyway.

Reads need no permission (every desk looks prices up); writes need MASTERDATA_EDIT, the
pricing settings SETTINGS_EDIT.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.errors import Conflict, NotFound, ValidationError, ValidationErrors, collect
from domain.labels import tables
from domain.masterdata_rules import (
    Source,
    check_may_change,
    check_new_code,
    may_change,
    owner_of_new,
    resolve,
    source_of,
)
from domain.messages import register
from domain.model.branch import Branch, Setting
from domain.model.masterdata import (
    Campaign,
    LabourCode,
    PackageLine,
    PartPrice,
    ServicePackage,
    SundryItem,
)
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.settings_defaults import (
    WORKORDER_LABOUR_RATE_FEN,
    WORKORDER_TAX_RATE_BP,
    int_setting,
    setting,
)
from domain.stale import check_version
from domain.uow import UnitOfWork
from domain.validation import check_day, clean_text
from domain.workorder_rules import labour_amount

register("masterdata.kind", "活动类型只能是 campaign（服务活动）或 recall（召回）",
         "campaign kind must be campaign or recall")
register("masterdata.amount", "{label}不能为负数", "{label} cannot be negative")
register("masterdata.too_large", "{label}过大（最多 {max}）", "{label} is too large (at most {max})")
register("masterdata.code", "{label}“{value}”无效（只用字母、数字及 - _ . /）",
         "{label} '{value}' is invalid (letters, digits and - _ . / only)")
register("masterdata.duplicate", "{label} {item} 已存在", "{label} {item} already exists")
register("masterdata.not_found", "找不到{label} {item}", "{label} {item} not found")
register("masterdata.kind_unknown", "未知的基础资料类别：{value}（可用 labour、parts、sundry、packages、campaigns）",
         "Unknown kind of master data: {value} (labour, parts, sundry, packages or campaigns)")
register("masterdata.vin_range", "VIN 范围须同时填写起止，且起始不大于截止",
         "A VIN range needs both ends, the first not after the last")
register("masterdata.dates", "活动开始日期 {starts} 晚于结束日期 {ends}", "The start {starts} is after the end {ends}")
register("settings.tax_rate", "税率须在 0% 到 {max}% 之间", "The tax rate must be between 0% and {max}%")

MAX_FEN = 10**9  # ten million yuan: above any list price
MAX_HOURS_CENTI = 100_000  # 1,000 hours
MAX_TAX_RATE_BP = 3_000  # 30 %


class MasterKind(StrEnum):
    """The lists of master data, by the names the command line uses."""

    LABOUR = "labour"
    PARTS = "parts"
    SUNDRY = "sundry"
    PACKAGES = "packages"
    CAMPAIGNS = "campaigns"


KIND_LABELS_ZH = {MasterKind.LABOUR: "工时项目", MasterKind.PARTS: "配件价格", MasterKind.SUNDRY: "杂项",
                  MasterKind.PACKAGES: "保养套餐", MasterKind.CAMPAIGNS: "服务活动"}
KIND_LABELS_EN = {MasterKind.LABOUR: "Labour operations", MasterKind.PARTS: "Parts prices",
                  MasterKind.SUNDRY: "Sundry items", MasterKind.PACKAGES: "Service packages",
                  MasterKind.CAMPAIGNS: "Campaigns"}
KIND_LABELS = tables(KIND_LABELS_ZH, KIND_LABELS_EN)
#: what a code is called in each list (messages, form labels)
CODE_LABELS_ZH = {MasterKind.LABOUR: "工时代码", MasterKind.PARTS: "配件编号", MasterKind.SUNDRY: "杂项编号",
                  MasterKind.PACKAGES: "套餐编号", MasterKind.CAMPAIGNS: "活动编号"}
_MODELS: dict[MasterKind, Any] = {MasterKind.LABOUR: LabourCode, MasterKind.PARTS: PartPrice,
                                  MasterKind.SUNDRY: SundryItem, MasterKind.PACKAGES: ServicePackage,
                                  MasterKind.CAMPAIGNS: Campaign}
_CODE_LENGTH = {MasterKind.PARTS: 40}


def master_kind(value: str) -> MasterKind:
    try:
        return MasterKind(str(value).strip().lower())
    except ValueError:
        raise ValidationError("masterdata.kind_unknown", "kind", value=value) from None


def code_column(kind: MasterKind) -> InstrumentedAttribute[str]:
    model = _MODELS[kind]
    return model.part_no if kind is MasterKind.PARTS else model.code  # type: ignore[no-any-return]


# --- views ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Owned:
    """Whose an item is, whether it is in effect here, and whether this database may change it."""

    source: Source = Source.HQ
    shadowed: bool = False  # a branch item under a code HQ has issued (HQ's is in effect)
    editable: bool = False


@dataclass(frozen=True)
class LabourCodeView:
    id: str
    code: str
    name: str
    standard_hours_centi: int
    rate_fen: int
    active: bool
    owned: Owned = Owned()
    row_version: int = 1

    @property
    def amount_fen(self) -> int:
        """What the operation costs on an order: standard hours × rate."""
        return labour_amount(self.standard_hours_centi, self.rate_fen)


@dataclass(frozen=True)
class PartPriceView:
    id: str
    part_no: str
    name: str
    price_fen: int
    active: bool
    unit: str = "件"
    owned: Owned = Owned()
    row_version: int = 1


@dataclass(frozen=True)
class SundryItemView:
    id: str
    code: str
    name: str
    amount_fen: int
    active: bool
    owned: Owned = Owned()
    row_version: int = 1


@dataclass(frozen=True)
class CampaignView:
    id: str
    code: str
    title: str
    kind: str
    vin_from: str
    vin_to: str
    model: str
    starts_on: date | None
    ends_on: date | None
    description: str = ""
    price_fen: int = 0
    owned: Owned = Owned()
    row_version: int = 1

    def applies_to(self, vin: str, model: str, on: date) -> bool:
        """Whether a vehicle is in this campaign/recall on a day (VIN range or model)."""
        if (self.starts_on and on < self.starts_on) or (self.ends_on and on > self.ends_on):
            return False
        if self.vin_from and self.vin_to:
            return self.vin_from <= vin.upper() <= self.vin_to
        return bool(self.model) and self.model == model


@dataclass(frozen=True)
class MasterItem:
    """One item of any list as the command line prints it: code, name, price, whose."""

    kind: MasterKind
    code: str
    name: str
    price_fen: int
    source: Source


@dataclass(frozen=True)
class PricingSettings:
    """The branch's default hourly labour rate (0: none) and tax rate (basis points)."""

    labour_rate_fen: int
    tax_rate_bp: int


# --- checks --------------------------------------------------------------------------------
def clean_code(raw: str, label: str, field: str = "code", max_len: int = 20) -> str:
    """A code as stored: full-width characters folded (Ｂ１ → B1), upper case, checked."""
    code = clean_text(unicodedata.normalize("NFKC", raw or ""), label, field, max_len=max_len,
                      required=True).upper()
    if not code[0].isascii() or not code[0].isalnum() or not all(
            c.isascii() and (c.isalnum() or c in "-_./") for c in code):
        raise ValidationError("masterdata.code", field, label=label, value=code)
    return code


def amount(value: int, label: str, field: str, maximum: int = MAX_FEN) -> ValidationError | None:
    if value < 0:
        return ValidationError("masterdata.amount", field, label=label)
    if value > maximum:
        return ValidationError("masterdata.too_large", field, label=label, max=maximum)
    return None


def gather(*checks: Callable[[], Any]) -> list[Any]:
    """Each check's value; every field's refusal at once (a form marks all bad boxes in one go).
    A check that returns a ValidationError (:func:`amount`) counts as refused."""
    values: list[Any] = []
    errors: list[ValidationError] = []
    for check in checks:
        try:
            value = check()
        except ValidationErrors as exc:
            errors.extend(exc.errors)
            value = None
        except ValidationError as exc:
            errors.append(exc)
            value = None
        if isinstance(value, ValidationError):
            errors.append(value)
            value = None
        values.append(value)
    collect(*errors)
    return values


# --- owners --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Here:
    """This database: HQ or a branch, and its own branch row's id."""

    mode: str
    branch_id: str

    @staticmethod
    def of(session: Session) -> Here:
        branch: Branch = local_branch(session)
        return Here(branch.mode, branch.id)

    @property
    def owner(self) -> str | None:
        return owner_of_new(self.mode, self.branch_id)

    def visible(self, column: InstrumentedAttribute[str | None]) -> ColumnElement[bool]:
        """HQ's items and this branch's own (at HQ: HQ's; the branches' own stay theirs)."""
        return or_(column.is_(None), column == self.branch_id)

    def owned(self, branch_id: str | None, shadowed: bool = False) -> Owned:
        return Owned(source_of(branch_id), shadowed, may_change(self.mode, self.branch_id, branch_id))


def _mine(model: Any, here: Here) -> ColumnElement[bool]:
    owner = here.owner
    return model.branch_id.is_(None) if owner is None else model.branch_id == owner


def row_to_save(session: Session, here: Here, kind: MasterKind, code: str, new: bool,
                expected_version: int | None = None) -> Any:
    """This database's own item ``code`` of ``kind`` (made if missing), after the checks:
    ``new`` refuses an existing code; a branch may not make an item under HQ's code."""
    model, column = _MODELS[kind], code_column(kind)
    row = session.scalar(select(model).where(column == code, _mine(model, here)).with_for_update())
    if row is not None:
        if new:
            raise Conflict("masterdata.duplicate", "code", label=CODE_LABELS_ZH[kind], item=code)
        check_version(session, row, expected_version)
        return row
    if here.mode != "hq":
        check_new_code(here.mode, code, session.scalars(select(column).where(
            column == code, model.branch_id.is_(None))))
    row = model(branch_id=here.owner)
    setattr(row, column.key, code)
    session.add(row)
    return row


def row_to_delete(session: Session, here: Here, kind: MasterKind, code: str) -> Any:
    """This database's own item ``code``; someone else's is refused by name, none is NotFound."""
    model, column = _MODELS[kind], code_column(kind)
    rows = list(session.scalars(select(model).where(column == code, here.visible(model.branch_id))))
    for row in rows:
        if may_change(here.mode, here.branch_id, row.branch_id):
            return row
    if rows:
        check_may_change(here.mode, here.branch_id, rows[0].branch_id, code)
    raise NotFound("masterdata.not_found", "code", label=KIND_LABELS_ZH[kind], item=code)


def visible_rows(session: Session, here: Here, kind: MasterKind, *, include_shadowed: bool,
                 active_only: bool = False) -> list[tuple[Any, bool]]:
    """(row, shadowed) of the items seen here, by code; without the shadowed ones unless asked."""
    model, column = _MODELS[kind], code_column(kind)
    query = select(model).where(here.visible(model.branch_id)).order_by(column, model.branch_id.is_not(None))
    if active_only and kind is not MasterKind.CAMPAIGNS:
        query = query.where(model.active.is_(True))
    rows = list(session.scalars(query))
    resolved = resolve(rows, lambda r: getattr(r, column.key), lambda r: r.branch_id)
    return [(r.item, r.shadowed) for r in resolved if include_shadowed or not r.shadowed]


# --- writing one item (the forms and the import) -----------------------------------------
def write_labour(session: Session, here: Here, *, code: str, name: str, standard_hours_centi: int,
                 rate_fen: int, active: bool = True, new: bool = False,
                 expected_version: int | None = None) -> LabourCode:
    code, name, _h, _r = gather(lambda: clean_code(code, "工时代码"),
                                lambda: clean_text(name, "名称", "name", max_len=200, required=True),
                                lambda: amount(standard_hours_centi, "标准工时", "hours", MAX_HOURS_CENTI),
                                lambda: amount(rate_fen, "工时单价", "rate"))
    row: LabourCode = row_to_save(session, here, MasterKind.LABOUR, code, new, expected_version)
    row.name, row.standard_hours_centi, row.rate_fen, row.active = name, standard_hours_centi, rate_fen, active
    return row


def write_part(session: Session, here: Here, *, part_no: str, name: str, price_fen: int, unit: str = "件",
               active: bool = True, new: bool = False, expected_version: int | None = None) -> PartPrice:
    part_no, name, unit, _p = gather(lambda: clean_code(part_no, "配件编号", "part_no", max_len=40),
                                     lambda: clean_text(name, "名称", "name", max_len=100, required=True),
                                     lambda: clean_text(unit, "单位", "unit", max_len=8) or "件",
                                     lambda: amount(price_fen, "价格", "price"))
    row: PartPrice = row_to_save(session, here, MasterKind.PARTS, part_no, new, expected_version)
    row.name, row.price_fen, row.unit, row.active = name, price_fen, unit, active
    return row


def write_sundry(session: Session, here: Here, *, code: str, name: str, amount_fen: int, active: bool = True,
                 new: bool = False, expected_version: int | None = None) -> SundryItem:
    code, name, _a = gather(lambda: clean_code(code, "杂项编号"),
                            lambda: clean_text(name, "名称", "name", max_len=200, required=True),
                            lambda: amount(amount_fen, "金额", "amount"))
    row: SundryItem = row_to_save(session, here, MasterKind.SUNDRY, code, new, expected_version)
    row.name, row.amount_fen, row.active = name, amount_fen, active
    return row


def write_campaign(session: Session, here: Here, *, code: str, title: str, kind: str = "campaign",
                   vin_from: str = "", vin_to: str = "", model: str = "", starts_on: date | None = None,
                   ends_on: date | None = None, description: str = "", price_fen: int = 0, new: bool = False,
                   expected_version: int | None = None) -> Campaign:
    code, title, description, model, vin_from, vin_to, *_checks = gather(
        lambda: clean_code(code, "活动编号"),
        lambda: clean_text(title, "标题", "title", max_len=200, required=True),
        lambda: clean_text(description, "说明", "description", max_len=2000),
        lambda: clean_text(model, "车型", "model", max_len=60),
        lambda: clean_text(unicodedata.normalize("NFKC", vin_from), "VIN 起", "vin_from", max_len=17).upper(),
        lambda: clean_text(unicodedata.normalize("NFKC", vin_to), "VIN 止", "vin_to", max_len=17).upper(),
        lambda: None if kind in ("campaign", "recall") else ValidationError("masterdata.kind", "kind"),
        lambda: check_day(starts_on, "开始日期", "starts_on"),
        lambda: check_day(ends_on, "结束日期", "ends_on"),
        lambda: amount(price_fen, "活动价格", "price"))
    if bool(vin_from) != bool(vin_to) or (vin_from and vin_from > vin_to):
        raise ValidationError("masterdata.vin_range", "vin_from")
    if starts_on and ends_on and starts_on > ends_on:
        raise ValidationError("masterdata.dates", "ends_on", starts=starts_on.isoformat(), ends=ends_on.isoformat())
    row: Campaign = row_to_save(session, here, MasterKind.CAMPAIGNS, code, new, expected_version)
    row.title, row.kind, row.description, row.price_fen = title, kind, description, price_fen
    row.vin_from, row.vin_to, row.model = vin_from, vin_to, model
    row.starts_on, row.ends_on = starts_on, ends_on
    return row


class MasterDataService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    # --- labour operations (工时项目) ---------------------------------------------------------
    def save_labour_code(self, actor: Actor, *, code: str, name: str, standard_hours_centi: int,
                         rate_fen: int, active: bool = True, new: bool = False,
                         expected_version: int | None = None) -> LabourCodeView:
        """Save this database's own labour operation ``code`` (``new``: refuse an existing one)."""
        require(actor, Permission.MASTERDATA_EDIT)
        with self._uow() as session:
            here = Here.of(session)
            row = write_labour(session, here, code=code, name=name, standard_hours_centi=standard_hours_centi,
                               rate_fen=rate_fen, active=active, new=new, expected_version=expected_version)
            session.flush()
            return _labour_view(row, here)

    def labour_codes(self, *, include_shadowed: bool = False, active_only: bool = False) -> list[LabourCodeView]:
        """The labour operations seen here (HQ's and this branch's own), HQ's in effect."""
        with self._uow() as session:
            here = Here.of(session)
            return [_labour_view(r, here, shadowed) for r, shadowed in visible_rows(
                session, here, MasterKind.LABOUR, include_shadowed=include_shadowed, active_only=active_only)]

    # --- parts price list (配件价格) ----------------------------------------------------------
    def save_part_price(self, actor: Actor, *, part_no: str, name: str, price_fen: int, unit: str = "件",
                        active: bool = True, new: bool = False,
                        expected_version: int | None = None) -> PartPriceView:
        require(actor, Permission.MASTERDATA_EDIT)
        with self._uow() as session:
            here = Here.of(session)
            row = write_part(session, here, part_no=part_no, name=name, price_fen=price_fen, unit=unit,
                             active=active, new=new, expected_version=expected_version)
            session.flush()
            return _part_view(row, here)

    def part_prices(self, *, include_shadowed: bool = False, active_only: bool = False) -> list[PartPriceView]:
        with self._uow() as session:
            here = Here.of(session)
            return [_part_view(r, here, shadowed) for r, shadowed in visible_rows(
                session, here, MasterKind.PARTS, include_shadowed=include_shadowed, active_only=active_only)]

    # --- sundry items (杂项) ------------------------------------------------------------------
    def save_sundry_item(self, actor: Actor, *, code: str, name: str, amount_fen: int, active: bool = True,
                         new: bool = False, expected_version: int | None = None) -> SundryItemView:
        require(actor, Permission.MASTERDATA_EDIT)
        with self._uow() as session:
            here = Here.of(session)
            row = write_sundry(session, here, code=code, name=name, amount_fen=amount_fen, active=active,
                               new=new, expected_version=expected_version)
            session.flush()
            return _sundry_view(row, here)

    def sundry_items(self, *, include_shadowed: bool = False, active_only: bool = False) -> list[SundryItemView]:
        with self._uow() as session:
            here = Here.of(session)
            return [_sundry_view(r, here, shadowed) for r, shadowed in visible_rows(
                session, here, MasterKind.SUNDRY, include_shadowed=include_shadowed, active_only=active_only)]

    # --- campaigns and recalls (服务活动 / 召回) ------------------------------------------------
    def save_campaign(self, actor: Actor, *, code: str, title: str, kind: str = "campaign",
                      vin_from: str = "", vin_to: str = "", model: str = "",
                      starts_on: date | None = None, ends_on: date | None = None, description: str = "",
                      price_fen: int = 0, new: bool = False,
                      expected_version: int | None = None) -> CampaignView:
        require(actor, Permission.MASTERDATA_EDIT)
        with self._uow() as session:
            here = Here.of(session)
            row = write_campaign(session, here, code=code, title=title, kind=kind, vin_from=vin_from,
                                 vin_to=vin_to, model=model, starts_on=starts_on, ends_on=ends_on,
                                 description=description, price_fen=price_fen, new=new,
                                 expected_version=expected_version)
            session.flush()
            return _campaign_view(row, here)

    def delete_campaign(self, actor: Actor, code: str) -> None:
        self.delete(actor, MasterKind.CAMPAIGNS, code)

    def campaigns(self, *, include_shadowed: bool = False) -> list[CampaignView]:
        with self._uow() as session:
            here = Here.of(session)
            return [_campaign_view(r, here, shadowed) for r, shadowed in visible_rows(
                session, here, MasterKind.CAMPAIGNS, include_shadowed=include_shadowed)]

    # --- any list ---------------------------------------------------------------------------
    def delete(self, actor: Actor, kind: MasterKind | str, code: str) -> None:
        """Delete this database's own item (a package with its lines); HQ's stays at a branch."""
        require(actor, Permission.MASTERDATA_EDIT)
        which = master_kind(kind)
        code = unicodedata.normalize("NFKC", code or "").strip().upper()
        with self._uow() as session:
            row = row_to_delete(session, Here.of(session), which, code)
            if which is MasterKind.PACKAGES:
                for line in session.scalars(select(PackageLine).where(PackageLine.package_id == row.id)):
                    session.delete(line)
                session.flush()
            session.delete(row)

    def items(self, kind: MasterKind | str) -> list[MasterItem]:
        """One list's items in effect here, by code: what ``master-data list`` prints."""
        which = master_kind(kind)
        with self._uow() as session:
            here = Here.of(session)
            return [MasterItem(which, getattr(r, code_column(which).key), _name(which, r), _price(which, r),
                               source_of(r.branch_id))
                    for r, _shadowed in visible_rows(session, here, which, include_shadowed=False)]

    # --- pricing settings -------------------------------------------------------------------
    def pricing(self) -> PricingSettings:
        with self._uow() as session:
            return pricing_settings(session)

    def save_pricing(self, actor: Actor, *, labour_rate_fen: int, tax_rate_bp: int) -> PricingSettings:
        """The default hourly labour rate and the tax rate (both branch settings, travel with
        the database). Orders opened later use the new tax rate; open orders keep theirs."""
        require(actor, Permission.SETTINGS_EDIT)
        errors = [amount(labour_rate_fen, "默认工时单价", "labour_rate_fen")]
        if not 0 <= tax_rate_bp <= MAX_TAX_RATE_BP:
            errors.append(ValidationError("settings.tax_rate", "tax_rate_bp", max=MAX_TAX_RATE_BP // 100))
        collect(*errors)
        with self._uow() as session:
            for key, value in ((WORKORDER_LABOUR_RATE_FEN, labour_rate_fen), (WORKORDER_TAX_RATE_BP, tax_rate_bp)):
                row = session.get(Setting, key)
                if row is None:
                    session.add(Setting(key=key, value=json.dumps(value)))
                else:
                    row.value = json.dumps(value)
            session.flush()
            return pricing_settings(session)


def pricing_settings(session: Session) -> PricingSettings:
    rate = setting(session, WORKORDER_LABOUR_RATE_FEN)
    return PricingSettings(rate if isinstance(rate, int) and rate >= 0 else 0,
                           int_setting(session, WORKORDER_TAX_RATE_BP))


def _name(kind: MasterKind, row: Any) -> str:
    return str(row.title if kind is MasterKind.CAMPAIGNS else row.name)


def _price(kind: MasterKind, row: Any) -> int:
    if kind is MasterKind.LABOUR:
        return labour_amount(row.standard_hours_centi, row.rate_fen)
    if kind is MasterKind.SUNDRY:
        return int(row.amount_fen)
    return int(row.price_fen)


def _labour_view(row: LabourCode, here: Here, shadowed: bool = False) -> LabourCodeView:
    return LabourCodeView(row.id, row.code, row.name, row.standard_hours_centi, row.rate_fen, row.active,
                          here.owned(row.branch_id, shadowed), row.row_version)


def _part_view(row: PartPrice, here: Here, shadowed: bool = False) -> PartPriceView:
    return PartPriceView(row.id, row.part_no, row.name, row.price_fen, row.active, row.unit,
                         here.owned(row.branch_id, shadowed), row.row_version)


def _sundry_view(row: SundryItem, here: Here, shadowed: bool = False) -> SundryItemView:
    return SundryItemView(row.id, row.code, row.name, row.amount_fen, row.active,
                          here.owned(row.branch_id, shadowed), row.row_version)


def _campaign_view(row: Campaign, here: Here, shadowed: bool = False) -> CampaignView:
    return CampaignView(row.id, row.code, row.title, row.kind, row.vin_from, row.vin_to, row.model,
                        row.starts_on, row.ends_on, row.description, row.price_fen,
                        here.owned(row.branch_id, shadowed), row.row_version)


__all__ = ["KIND_LABELS", "CampaignView", "Here", "LabourCodeView", "MasterDataService", "MasterItem",
           "MasterKind", "Owned", "PartPriceView", "PricingSettings", "SundryItemView", "clean_code",
           "master_kind", "pricing_settings", "write_campaign", "write_labour", "write_part", "write_sundry"]
