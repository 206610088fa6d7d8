"""HQ master data (总部主数据): labour codes, part prices, campaigns and recalls.

Why the mode check here as well as in storage: HQ maintains these rows and a branch only
reads them (they arrive in HQ bundles); the service says so in plain words before the
storage layer's guard (:mod:`storage.outbox`) would refuse the write anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import Conflict, ValidationError
from domain.messages import register
from domain.model.masterdata import Campaign, LabourCode, PartPrice
from domain.roles import Actor, Permission, require
from domain.services.branch import local_branch
from domain.uow import UnitOfWork
from domain.validation import clean_text

register("masterdata.hq_only", "主数据只能在总部维护（分店通过导入总部数据包获得）",
         "master data is maintained at HQ only (branches receive it in HQ bundles)")
register("masterdata.kind", "活动类型只能是 campaign（服务活动）或 recall（召回）",
         "campaign kind must be campaign or recall")
register("masterdata.amount", "{label}不能为负数", "{label} cannot be negative")


@dataclass(frozen=True)
class LabourCodeView:
    id: str
    code: str
    name: str
    standard_hours_centi: int
    rate_fen: int
    active: bool


@dataclass(frozen=True)
class PartPriceView:
    id: str
    part_no: str
    name: str
    price_fen: int
    active: bool


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

    def applies_to(self, vin: str, model: str, on: date) -> bool:
        """Whether a vehicle is in this campaign/recall on a day (VIN range or model)."""
        if (self.starts_on and on < self.starts_on) or (self.ends_on and on > self.ends_on):
            return False
        if self.vin_from and self.vin_to:
            return self.vin_from <= vin.upper() <= self.vin_to
        return bool(self.model) and self.model == model


def _non_negative(value: int, label: str, field: str) -> int:
    if value < 0:
        raise ValidationError("masterdata.amount", field, label=label)
    return value


class MasterDataService:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    @staticmethod
    def _require_hq(session: Session, actor: Actor) -> None:
        require(actor, Permission.MASTERDATA_EDIT)
        if local_branch(session).mode != "hq":
            raise Conflict("masterdata.hq_only")

    def save_labour_code(self, actor: Actor, *, code: str, name: str, standard_hours_centi: int,
                         rate_fen: int, active: bool = True) -> LabourCodeView:
        code = clean_text(code, "工时代码", "code", max_len=20, required=True).upper()
        name = clean_text(name, "名称", "name", max_len=200, required=True)
        with self._uow() as session:
            self._require_hq(session, actor)
            row = session.scalar(select(LabourCode).where(LabourCode.code == code))
            if row is None:
                row = LabourCode(code=code)
                session.add(row)
            row.name = name
            row.standard_hours_centi = _non_negative(standard_hours_centi, "标准工时", "hours")
            row.rate_fen = _non_negative(rate_fen, "工时单价", "rate")
            row.active = active
            session.flush()
            return LabourCodeView(row.id, row.code, row.name, row.standard_hours_centi,
                                  row.rate_fen, row.active)

    def save_part_price(self, actor: Actor, *, part_no: str, name: str, price_fen: int,
                        active: bool = True) -> PartPriceView:
        part_no = clean_text(part_no, "配件编号", "part_no", max_len=40, required=True).upper()
        name = clean_text(name, "名称", "name", max_len=100, required=True)
        with self._uow() as session:
            self._require_hq(session, actor)
            row = session.scalar(select(PartPrice).where(PartPrice.part_no == part_no))
            if row is None:
                row = PartPrice(part_no=part_no)
                session.add(row)
            row.name = name
            row.price_fen = _non_negative(price_fen, "价格", "price")
            row.active = active
            session.flush()
            return PartPriceView(row.id, row.part_no, row.name, row.price_fen, row.active)

    def save_campaign(self, actor: Actor, *, code: str, title: str, kind: str = "campaign",
                      vin_from: str = "", vin_to: str = "", model: str = "",
                      starts_on: date | None = None, ends_on: date | None = None) -> CampaignView:
        code = clean_text(code, "活动编号", "code", max_len=20, required=True).upper()
        title = clean_text(title, "标题", "title", max_len=200, required=True)
        if kind not in ("campaign", "recall"):
            raise ValidationError("masterdata.kind", "kind")
        with self._uow() as session:
            self._require_hq(session, actor)
            row = session.scalar(select(Campaign).where(Campaign.code == code))
            if row is None:
                row = Campaign(code=code)
                session.add(row)
            row.title, row.kind = title, kind
            row.vin_from, row.vin_to, row.model = vin_from.upper(), vin_to.upper(), model
            row.starts_on, row.ends_on = starts_on, ends_on
            session.flush()
            return _campaign_view(row)

    def delete_campaign(self, actor: Actor, code: str) -> None:
        with self._uow() as session:
            self._require_hq(session, actor)
            row = session.scalar(select(Campaign).where(Campaign.code == code.upper()))
            if row is not None:
                session.delete(row)

    def labour_codes(self) -> list[LabourCodeView]:
        with self._uow() as session:
            return [LabourCodeView(r.id, r.code, r.name, r.standard_hours_centi, r.rate_fen, r.active)
                    for r in session.scalars(select(LabourCode).order_by(LabourCode.code))]

    def part_prices(self) -> list[PartPriceView]:
        with self._uow() as session:
            return [PartPriceView(r.id, r.part_no, r.name, r.price_fen, r.active)
                    for r in session.scalars(select(PartPrice).order_by(PartPrice.part_no))]

    def campaigns(self) -> list[CampaignView]:
        with self._uow() as session:
            return [_campaign_view(r) for r in session.scalars(select(Campaign).order_by(Campaign.code))]


def _campaign_view(row: Campaign) -> CampaignView:
    return CampaignView(row.id, row.code, row.title, row.kind, row.vin_from, row.vin_to, row.model,
                        row.starts_on, row.ends_on)
