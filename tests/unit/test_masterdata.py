"""The shop's own master data (issue 15 item 2): who owns which item, HQ's items win on HQ's
codes, packages on a work order, and the pricing and KPI settings.

HQ's items reach a branch by a sync import, which writes through a plain connection (not
captured, not checked by the service): :func:`hq_issues` does the same here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Table, delete, insert, select, update

from app.context import AppContext
from domain import kpi
from domain.errors import Conflict, NotFound, ValidationError, ValidationErrors
from domain.masterdata_rules import HQ_WINS_RULE_ZH, Source, package_discounts
from domain.model import Branch, Discount, LabourCode, PartPrice
from domain.model.masterdata import Campaign, ServicePackage
from domain.roles import Actor, Role
from domain.services.masterdata_packages import PackageItem
from domain.services.registry import Services
from domain.services.workorders import PaymentInput
from storage.integrity import integrity_problems
from tests.unit.test_workorders_service import Shop, open_order, shop, to_ready  # noqa: F401

SYNC_CHECKS = ["sync.outbox_sequence", "sync.outbox_matches_rows"]


def hq_issues(ctx: AppContext, model: Any, **values: Any) -> str:
    """A row HQ issued, written as a sync import writes it (branch_id None = HQ's)."""
    table: Table = model.__table__
    with ctx.db.engine.begin() as conn:
        result = conn.execute(insert(table).values(branch_id=None, **values))
        return str(result.inserted_primary_key[0])


def local_branch_id(services: Services) -> str:
    with services.uow() as session:
        return str(session.scalars(select(Branch.id).where(Branch.is_local.is_(True))).one())


def test_a_shop_without_hq_owns_everything_it_makes(ctx: AppContext, services: Services, admin: Actor) -> None:
    md = services.master_data
    labour = md.save_labour_code(admin, code="by01", name="小保养", standard_hours_centi=150, rate_fen=20_000)
    md.save_part_price(admin, part_no="90915-YZZD1", name="机油滤清器", price_fen=4_550, unit="个")
    md.save_sundry_item(admin, code="ZX01", name="废油处理费", amount_fen=1_000)
    md.save_campaign(admin, code="HD01", title="夏季空调检测", price_fen=9_900,
                     starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 8, 31))
    package = services.packages.save_package(admin, code="TC01", name="小保养套餐", price_fen=30_000,
                                             items=[PackageItem("labour", "BY01"),
                                                    PackageItem("part", "90915-yzzd1", 1_000)])
    assert labour.code == "BY01" and labour.owned == labour.owned.__class__(Source.OWN, False, True)
    assert package.lines_total_fen == 30_000 + 4_550 and package.saving_fen == 4_550
    lines = {kind: [(i.code, i.name, i.price_fen, i.source) for i in md.items(kind)]
             for kind in ("labour", "parts", "sundry", "packages", "campaigns")}
    assert lines == {"labour": [("BY01", "小保养", 30_000, Source.OWN)],
                     "parts": [("90915-YZZD1", "机油滤清器", 4_550, Source.OWN)],
                     "sundry": [("ZX01", "废油处理费", 1_000, Source.OWN)],
                     "packages": [("TC01", "小保养套餐", 30_000, Source.OWN)],
                     "campaigns": [("HD01", "夏季空调检测", 9_900, Source.OWN)]}
    mine = local_branch_id(services)
    with services.uow() as session:
        assert set(session.scalars(select(LabourCode.branch_id))) == {mine}
        assert set(session.scalars(select(ServicePackage.branch_id))) == {mine}
    # every row is captured for a later export to HQ, should the shop ever enrol
    assert integrity_problems(ctx.db.engine, only=SYNC_CHECKS) == []


def test_codes_are_unique_per_owner_and_checked(services: Services, admin: Actor) -> None:
    md = services.master_data
    md.save_labour_code(admin, code="BY01", name="小保养", standard_hours_centi=100, rate_fen=10_000)
    with pytest.raises(Conflict) as info:
        md.save_labour_code(admin, code="BY01", name="再来", standard_hours_centi=1, rate_fen=1, new=True)
    assert info.value.code == "masterdata.duplicate" and "BY01" in info.value.message()
    updated = md.save_labour_code(admin, code="ＢＹ０１", name="小保养（新价）", standard_hours_centi=100,
                                  rate_fen=12_000)
    assert (updated.code, updated.rate_fen) == ("BY01", 12_000)  # full-width folded: the same item
    with pytest.raises(ValidationError) as bad:
        md.save_part_price(admin, part_no="机油", name="x", price_fen=1)
    assert bad.value.code == "masterdata.code" and bad.value.field == "part_no"
    with pytest.raises(ValidationErrors):
        md.save_labour_code(admin, code="BY02", name="x", standard_hours_centi=-1, rate_fen=-1)
    with pytest.raises(ValidationError, match="不能为负数"):
        md.save_sundry_item(admin, code="ZX", name="x", amount_fen=-100)
    md.delete(admin, "labour", "by01")
    assert md.labour_codes() == []
    with pytest.raises(NotFound):
        md.delete(admin, "labour", "BY01")


def test_hqs_items_are_read_only_at_a_branch(ctx: AppContext, services: Services, admin: Actor) -> None:
    md = services.master_data
    hq_issues(ctx, LabourCode, code="L100", name="更换机油", standard_hours_centi=50, rate_fen=12_000)
    [item] = md.labour_codes()
    assert item.owned.source is Source.HQ and not item.owned.editable
    with pytest.raises(Conflict) as info:  # an edit is a save under HQ's code
        md.save_labour_code(admin, code="L100", name="本店改价", standard_hours_centi=50, rate_fen=1)
    assert info.value.code == "masterdata.hq_code"
    with pytest.raises(Conflict) as gone:
        md.delete(admin, "labour", "L100")
    assert gone.value.code == "masterdata.hq_item"
    # and around the services, storage refuses a change to HQ's row
    with pytest.raises(Conflict, match="总部"), services.uow() as session:
        row = session.scalars(select(LabourCode)).one()
        row.rate_fen = 1
    with pytest.raises(Conflict, match="总部"), services.uow() as session:
        session.execute(delete(LabourCode).where(LabourCode.code == "L100"))
    with pytest.raises(Conflict, match="总部"), services.uow() as session:  # nor may it take HQ's row over
        session.execute(update(LabourCode).values(branch_id=local_branch_id(services)))
    assert md.labour_codes()[0].rate_fen == 12_000


def test_hq_wins_on_hq_codes(ctx: AppContext, services: Services, admin: Actor) -> None:
    """The rule, as domain.masterdata_rules writes it: "总部项目优先：同一编号以总部下发的项目为准；
    本店不能新建总部已有编号的项目；总部后来下发了本店已用的编号时，本店的项目保留，标为“已被总部项目取代”，
    不再用于开单。" """
    assert HQ_WINS_RULE_ZH == ("总部项目优先：同一编号以总部下发的项目为准；本店不能新建总部已有编号的项目；"
                               "总部后来下发了本店已用的编号时，本店的项目保留，标为“已被总部项目取代”，不再用于开单。")
    md = services.master_data
    md.save_labour_code(admin, code="BY01", name="本店小保养", standard_hours_centi=100, rate_fen=15_000)
    md.save_part_price(admin, part_no="OIL", name="本店机油", price_fen=5_000)
    # HQ later issues BY01 too: the import does not fail, HQ's item is the one in effect
    hq_issues(ctx, LabourCode, code="BY01", name="总部小保养", standard_hours_centi=120, rate_fen=20_000)
    [effective] = md.labour_codes()
    assert (effective.name, effective.owned.source) == ("总部小保养", Source.HQ)
    both = md.labour_codes(include_shadowed=True)
    assert [(i.name, i.owned.source, i.owned.shadowed, i.owned.editable) for i in both] == [
        ("总部小保养", Source.HQ, False, False), ("本店小保养", Source.OWN, True, True)]
    assert [(i.code, i.source) for i in md.items("labour")] == [("BY01", Source.HQ)]
    # a package takes HQ's operation under the code
    package = services.packages.save_package(admin, code="TC01", name="套餐", price_fen=20_000,
                                             items=[PackageItem("labour", "BY01")])
    assert package.lines[0].rate_fen == 20_000
    # a code HQ has issued cannot be made again at the branch, the message quotes the rule
    hq_issues(ctx, PartPrice, part_no="FILTER", name="总部滤芯", price_fen=4_000)
    with pytest.raises(Conflict) as info:
        md.save_part_price(admin, part_no="filter", name="本店滤芯", price_fen=3_000)
    assert info.value.code == "masterdata.hq_code" and HQ_WINS_RULE_ZH in info.value.message()
    # the branch's own replaced item stays its own: it may delete it
    md.delete(admin, "labour", "BY01")
    assert [(i.name, i.owned.source) for i in md.labour_codes(include_shadowed=True)] == [("总部小保养", Source.HQ)]


def test_a_package_goes_onto_an_order_at_its_price(shop: Shop) -> None:  # noqa: F811
    s, manager = shop.services, shop.manager
    s.master_data.save_labour_code(manager, code="BY01", name="小保养工时", standard_hours_centi=100,
                                   rate_fen=20_000)
    s.master_data.save_part_price(manager, part_no="FLT", name="机油滤清器", price_fen=4_500)
    s.master_data.save_part_price(manager, part_no="OIL", name="机油", price_fen=6_800, unit="L")
    package = s.packages.save_package(manager, code="TC01", name="小保养套餐", price_fen=38_000, items=[
        PackageItem("labour", "BY01"), PackageItem("part", "FLT"), PackageItem("part", "OIL", 4_000)])
    assert package.lines_total_fen == 20_000 + 4_500 + 27_200 and package.saving_fen == 13_700
    order = open_order(shop)
    view = shop.wo.add_package(shop.advisor, order.id, "tc01")
    assert [(line.code, line.description) for line in view.labour] == [("BY01", "小保养工时")]
    assert [(p.part_no, p.qty_milli, p.unit) for p in view.parts] == [("FLT", 1_000, "件"), ("OIL", 4_000, "L")]
    assert view.totals.total_fen == 38_000 and view.totals.customer_fen == 38_000
    discounts = [line.discount_fen for line in (*view.labour, *view.parts)]
    assert sum(discounts) == 13_700 and discounts == package_discounts([20_000, 4_500, 27_200], 38_000)
    with s.uow() as session:
        reasons = set(session.scalars(select(Discount.reason).where(Discount.work_order_id == order.id)))
    assert reasons == {"保养套餐 TC01 小保养套餐（套餐价 380.00 元）"}
    # the discounts come with the price: an advisor needs no manager for a package (30 % off)
    assert shop.advisor.role is Role.ADVISOR
    # a technician may not add one; an unknown or inactive package is not found
    with pytest.raises(Exception, match="无权"):
        shop.wo.add_package(shop.tech, order.id, "TC01")
    with pytest.raises(NotFound):
        shop.wo.add_package(shop.advisor, order.id, "NOPE")


def test_a_locked_order_refuses_a_package(shop: Shop) -> None:  # noqa: F811
    s = shop.services
    s.master_data.save_labour_code(shop.manager, code="BY01", name="检查", standard_hours_centi=50, rate_fen=10_000)
    s.packages.save_package(shop.manager, code="TC01", name="检查套餐", price_fen=5_000,
                            items=[PackageItem("labour", "BY01")])
    view = to_ready(shop)
    with pytest.raises(Conflict) as approved:  # after the customer's approval: a 增项 first
        shop.wo.add_package(shop.manager, view.id, "TC01")
    assert approved.value.code == "workorder.supplementary_required"
    settled = shop.wo.settle(shop.cashier, view.id, [PaymentInput("cash", view.totals.customer_fen)])
    with pytest.raises(Conflict) as info:
        shop.wo.add_package(shop.manager, settled.id, "TC01")
    assert info.value.code == "workorder.locked"


def test_package_checks(services: Services, admin: Actor) -> None:
    s = services
    s.master_data.save_labour_code(admin, code="BY01", name="检查", standard_hours_centi=100, rate_fen=10_000)
    with pytest.raises(ValidationError) as above:
        s.packages.save_package(admin, code="TC", name="贵", price_fen=10_001, items=[PackageItem("labour", "BY01")])
    assert above.value.code == "masterdata.package_price" and "100.00" in above.value.message()
    with pytest.raises(ValidationError) as empty:
        s.packages.save_package(admin, code="TC", name="空", price_fen=0, items=[])
    assert empty.value.code == "masterdata.package_empty"
    with pytest.raises(ValidationError) as unknown:
        s.packages.save_package(admin, code="TC", name="缺", price_fen=0, items=[PackageItem("part", "NOPE")])
    assert "NOPE" in unknown.value.message()
    s.master_data.save_labour_code(admin, code="BY01", name="检查", standard_hours_centi=100, rate_fen=10_000,
                                   active=False)
    with pytest.raises(ValidationError):  # an inactive operation is not offered
        s.packages.save_package(admin, code="TC", name="停", price_fen=0, items=[PackageItem("labour", "BY01")])


def test_package_discounts_share_the_saving_to_the_fen() -> None:
    assert package_discounts([100, 100, 100], 200) == [34, 33, 33]
    assert package_discounts([20_000, 4_500, 27_200], 38_000) == [5_300, 1_192, 7_208]
    assert package_discounts([1_000], 1_000) == [0]
    assert package_discounts([0, 0], 0) == [0, 0]
    shares = package_discounts([333, 667, 1], 500)
    assert sum(shares) == 501 and all(0 <= d <= g for d, g in zip(shares, [333, 667, 1], strict=True))


def test_campaign_checks(services: Services, admin: Actor) -> None:
    md = services.master_data
    with pytest.raises(ValidationError) as dates:
        md.save_campaign(admin, code="HD", title="活动", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 8, 1))
    assert dates.value.code == "masterdata.dates"
    with pytest.raises(ValidationError) as vins:
        md.save_campaign(admin, code="R1", title="召回", kind="recall", vin_from="LSV1")
    assert vins.value.code == "masterdata.vin_range"
    view = md.save_campaign(admin, code="R1", title="召回", kind="recall", vin_from="lsv0", vin_to="lsv9")
    assert view.vin_from == "LSV0" and view.applies_to("LSV5", "", dt.date(2026, 1, 1))
    md.delete_campaign(admin, "R1")
    with services.uow() as session:
        assert session.scalar(select(Campaign.id)) is None


def test_pricing_settings(services: Services, admin: Actor, advisor: Actor) -> None:
    md = services.master_data
    assert md.pricing().labour_rate_fen == 0 and md.pricing().tax_rate_bp == 0
    saved = md.save_pricing(admin, labour_rate_fen=18_000, tax_rate_bp=600)
    assert (saved.labour_rate_fen, saved.tax_rate_bp) == (18_000, 600)
    assert services.work_orders.settings().tax_rate_bp == 600
    with pytest.raises(ValidationError) as info:
        md.save_pricing(admin, labour_rate_fen=18_000, tax_rate_bp=3_001)
    assert info.value.code == "settings.tax_rate" and "30%" in info.value.message()
    with pytest.raises(Exception, match="无权"):
        md.save_pricing(advisor, labour_rate_fen=1, tax_rate_bp=0)


def test_kpi_targets_are_branch_settings(services: Services, admin: Actor) -> None:
    assert services.kpi.targets() == kpi.TARGETS  # the regulation's by default
    saved = services.kpi.save_targets(admin, {kpi.Kpi.CSI: 95, kpi.Kpi.CARS_RECEIVED: 8})
    assert saved[kpi.Kpi.CSI] == kpi.Target(95.0, kpi.Direction.AT_LEAST)
    assert saved[kpi.Kpi.RETURN_REPAIR_RATE] == kpi.TARGETS[kpi.Kpi.RETURN_REPAIR_RATE]
    assert services.kpi.targets()[kpi.Kpi.CARS_RECEIVED].value == 8.0
    with pytest.raises(ValidationErrors) as info:
        services.kpi.save_targets(admin, {kpi.Kpi.CSI: 101, kpi.Kpi.REVENUE_PER_CAR: -1})
    assert {e.field for e in info.value.errors} == {"csi", "revenue_per_car"}
    assert "客户满意度 CSI的目标须在 0 到 100 之间" in info.value.message()
    # a value edited by hand or by another version falls back to the regulation's
    assert kpi.targets({"csi": "abc", "nope": 3, "return_repair_rate": 500})[kpi.Kpi.CSI].value == 93.0
    assert kpi.targets("garbage") == kpi.TARGETS
