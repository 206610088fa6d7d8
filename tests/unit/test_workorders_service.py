"""WorkOrderService: reception to delivery, with the roles, locks and links the rules demand."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest

from domain import clock
from domain.errors import Conflict, NotAllowed, NotFound, ValidationError
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorder_views import InspectionItem, WorkOrderView
from domain.services.workorders import (
    DeliveryInput,
    LabourInput,
    PartInput,
    PaymentInput,
    ReceptionInput,
    RequisitionLineInput,
    SundryInput,
)
from domain.settings_defaults import WORKORDER_DISCOUNT_LIMIT_BP, WORKORDER_TAX_RATE_BP


def make_actor(services: Services, admin: Actor, role: Role, username: str) -> Actor:
    """A staff member with ``role`` (no login: password hashing dominates test time)."""
    staff = services.staff.create(admin, username=username, display_name=f"测试{role.value}",
                                  role=role, password="pass1234-Lw9x")
    return Actor(staff.id, staff.username, staff.display_name, staff.role)

T0 = dt.datetime(2026, 11, 10, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing


@dataclass
class Shop:
    services: Services
    admin: Actor
    advisor: Actor
    foreman: Actor
    tech: Actor
    tech2: Actor
    qc: Actor
    cashier: Actor
    manager: Actor
    parts: Actor
    vehicle_id: str
    customer_id: str

    @property
    def wo(self):  # type: ignore[no-untyped-def]
        return self.services.work_orders


@pytest.fixture
def shop(services: Services, admin: Actor, advisor: Actor) -> Shop:
    customer = services.customers.create(
        advisor, CustomerInput(name="王小明", mobile="13912345678"),
        VehicleInput(plate="京A12345", vin="1HGCM82633A004352", brand="本田", model="雅阁",
                     mileage_km=30_000))
    return Shop(
        services, admin, advisor,
        make_actor(services, admin, Role.FOREMAN, "foreman1"),
        make_actor(services, admin, Role.TECHNICIAN, "tech1"),
        make_actor(services, admin, Role.TECHNICIAN, "tech2"),
        make_actor(services, admin, Role.QC_INSPECTOR, "qc1"),
        make_actor(services, admin, Role.CASHIER, "cash1"),
        make_actor(services, admin, Role.MANAGER, "boss1"),
        make_actor(services, admin, Role.PARTS_CLERK, "parts1"),
        customer.vehicles[0].id, customer.id,
    )


def reception(mileage: int = 31_000, **kw: Any) -> ReceptionInput:
    data = ReceptionInput(mileage_in=mileage, customer_words="刹车有异响，起步时明显",
                          inspection=(InspectionItem("左前门", "划痕", "约 5 cm"),),
                          valuables="行车记录仪", promised_at=T0 + dt.timedelta(hours=6),
                          estimate_fen=80_000)
    for key, value in kw.items():
        setattr(data, key, value)
    return data


def open_order(shop: Shop, **kw: Any) -> WorkOrderView:
    return shop.wo.open_order(shop.advisor, shop.vehicle_id, reception(**kw))


def opened_with_lines(shop: Shop) -> WorkOrderView:
    view = open_order(shop)
    shop.wo.add_line(shop.advisor, view.id, LabourInput("更换前刹车片", 150, 12_000, code="BR01"))
    shop.wo.add_line(shop.advisor, view.id, PartInput("前刹车片", 1_000, 45_000, part_no="BP-001"))
    shop.wo.add_line(shop.advisor, view.id, SundryInput("废料处理", 1_000))
    return shop.wo.approve_estimate(shop.advisor, view.id, "signature", "王小明")


def to_ready(shop: Shop) -> WorkOrderView:
    view = opened_with_lines(shop)
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "更换前刹车片",
                            labour_line_ids=[view.labour[0].id])
    job = view.jobs[0].id
    shop.wo.start_job(shop.tech, job)
    shop.wo.stop_job(shop.tech, job, finished=True)
    shop.wo.record_qc(shop.tech, view.id, "self", True)
    shop.wo.record_qc(shop.foreman, view.id, "team", True)
    return shop.wo.record_qc(shop.qc, view.id, "final", True)


# --- reception ----------------------------------------------------------------------------
def test_open_order_records_reception(shop: Shop) -> None:
    with clock.freeze(T0):
        view = open_order(shop)
    assert view.number == "BJ01-WO-2611-0001"
    assert view.state == "draft" and view.state_label == "草稿"
    assert (view.plate, view.vin, view.brand, view.model) == ("京A12345", "1HGCM82633A004352", "本田", "雅阁")
    assert (view.customer_name, view.customer_mobile) == ("王小明", "13912345678")
    assert view.advisor_name == "测试advisor"
    assert view.received_at == T0 and view.mileage_in == 31_000
    assert view.inspection == (InspectionItem("左前门", "划痕", "约 5 cm"),)
    assert view.valuables == "行车记录仪" and view.estimate_fen == 80_000
    assert [(e.action, e.to_state) for e in view.events] == [("create", "draft")]
    assert shop.wo.get(shop.tech, view.number).id == view.id
    assert shop.services.customers.get(shop.advisor, shop.customer_id).vehicles[0].mileage_km == 31_000


def test_mileage_below_last_needs_reason(shop: Shop) -> None:
    with pytest.raises(ValidationError) as info:
        open_order(shop, mileage=29_000)
    assert info.value.code == "workorder.mileage_below_last" and info.value.field == "mileage_in"
    assert "30000" in str(info.value)
    view = open_order(shop, mileage=29_000, mileage_reason="仪表更换")
    assert view.mileage_in == 29_000 and view.mileage_reason == "仪表更换"


def test_mileage_compares_with_earlier_orders(shop: Shop) -> None:
    _delivered(shop, T0)  # mileage out 31050
    vehicle = shop.services.customers.get(shop.advisor, shop.customer_id).vehicles[0]
    assert vehicle.mileage_km == 31_050
    shop.services.customers.update_vehicle(shop.advisor, vehicle.id, VehicleInput(
        plate=vehicle.plate, vin=vehicle.vin, mileage_km=0))
    with pytest.raises(ValidationError) as info:
        open_order(shop, mileage=31_000)
    assert "31050" in str(info.value)
    assert open_order(shop, mileage=31_050).mileage_in == 31_050


def test_second_open_order_warns(shop: Shop) -> None:
    first = open_order(shop)
    with pytest.raises(Conflict) as info:
        open_order(shop)
    assert info.value.code == "workorder.vehicle_has_open"
    assert first.number in str(info.value)
    second = shop.wo.open_order(shop.advisor, shop.vehicle_id, reception(), confirm_second=True)
    assert second.number.endswith("-0002")


def test_edit_reception_and_stale_version(shop: Shop) -> None:
    view = open_order(shop)
    edited = shop.wo.edit_reception(shop.advisor, view.id, reception(customer_words="只做保养",
                                                                     fuel_level=2),
                                    expected_version=view.row_version)
    assert edited.customer_words == "只做保养" and edited.fuel_level == 2
    with pytest.raises(Conflict) as info:
        shop.wo.edit_reception(shop.advisor, view.id, reception(), expected_version=view.row_version)
    # who changed it and when, so the second advisor knows whom to ask (issue 14)
    assert info.value.code == "stale.by"
    assert info.value.message() == (
        f"该工单已被 {shop.advisor.display_name} 于 {info.value.params['when']} 修改，请刷新后再改")
    assert re.fullmatch(r"\d{2}:\d{2}", info.value.params["when"])


def test_phone_approval_needs_person(shop: Shop) -> None:
    view = open_order(shop)
    with pytest.raises(ValidationError):
        shop.wo.approve_estimate(shop.advisor, view.id, "phone")
    at = T0 + dt.timedelta(minutes=20)
    approved = shop.wo.approve_estimate(shop.advisor, view.id, "phone", "王小明", approved_at=at)
    assert approved.state == "opened"
    assert (approved.approval_method, approved.approved_at, approved.approved_by_name) == ("phone", at, "王小明")


# --- lines and money --------------------------------------------------------------------------
def test_lines_totals_and_payer_split(shop: Shop) -> None:
    view = open_order(shop)
    view = shop.wo.add_line(shop.advisor, view.id, LabourInput("更换机油", 50, 12_000))
    view = shop.wo.add_line(shop.parts, view.id, PartInput("机油 5W-30", 4_500, 8_800, unit="升"))
    view = shop.wo.add_line(shop.parts, view.id, PartInput("机滤", 1_000, 6_050, warranty=True))
    view = shop.wo.add_line(shop.advisor, view.id, SundryInput("拖车费", 15_000, payer="insurance"))
    assert view.totals.labour_fen == 6_000
    assert view.totals.parts_fen == 39_600 + 6_050
    assert view.totals.share("warranty") == 6_050
    assert view.totals.share("insurance") == 15_000
    assert view.totals.customer_fen == 6_000 + 39_600
    assert view.totals.total_fen == 66_650
    assert view.parts[1].payer == "warranty"
    row = shop.wo.list_orders(shop.advisor)[0]
    assert row.total_fen == 66_650
    view = shop.wo.remove_line(shop.advisor, view.sundries[0].id)
    assert view.totals.total_fen == 51_650


def test_tax_from_settings(shop: Shop) -> None:
    shop.services.settings.set(shop.admin, WORKORDER_TAX_RATE_BP, 600)
    view = open_order(shop)
    view = shop.wo.add_line(shop.advisor, view.id, LabourInput("检查", 100, 10_001))
    assert view.tax_bp == 600
    assert view.totals.tax_fen == 600  # 100.01 × 6 % = 6.0006 → 6.00
    assert view.totals.total_fen == 10_601


def test_discount_above_limit_needs_manager(shop: Shop) -> None:
    view = open_order(shop)
    view = shop.wo.add_line(shop.advisor, view.id, LabourInput("钣金", 100, 10_000, discount_fen=1_000))
    assert view.discounts[0].above_limit is False
    with pytest.raises(NotAllowed) as info:
        shop.wo.add_line(shop.advisor, view.id, LabourInput("喷漆", 100, 10_000, discount_fen=1_001))
    assert info.value.code == "workorder.discount_needs_manager"
    view = shop.wo.add_line(shop.manager, view.id, LabourInput("喷漆", 100, 10_000, discount_fen=3_000,
                                                               discount_reason="老客户"))
    assert view.discounts[-1].above_limit and view.discounts[-1].granted_by_name == "测试manager"
    with pytest.raises(NotAllowed):
        shop.wo.set_order_discount(shop.advisor, view.id, 5_000, "凑整")
    view = shop.wo.set_order_discount(shop.manager, view.id, 5_000, "凑整")
    assert view.totals.total_fen == 9_000 + 7_000 - 5_000
    shop.services.settings.set(shop.admin, WORKORDER_DISCOUNT_LIMIT_BP, 5_000)
    view = shop.wo.set_order_discount(shop.advisor, view.id, 4_000, "活动")
    assert view.totals.order_discount_fen == 4_000


def test_discount_cannot_exceed_line(shop: Shop) -> None:
    view = open_order(shop)
    with pytest.raises(ValidationError):
        shop.wo.add_line(shop.manager, view.id, LabourInput("检查", 100, 100, discount_fen=101))


def test_lines_after_approval_need_supplementary(shop: Shop) -> None:
    view = opened_with_lines(shop)
    with pytest.raises(Conflict) as info:
        shop.wo.add_line(shop.advisor, view.id, LabourInput("更换后刹车片", 150, 12_000))
    assert info.value.code == "workorder.supplementary_required"
    with pytest.raises(Conflict):
        shop.wo.remove_line(shop.advisor, view.labour[0].id)
    view = shop.wo.record_supplementary(shop.advisor, view.id, "后刹车片磨损到限，追加更换", 36_000,
                                        "phone", "王小明")
    sup = view.supplementaries[0]
    assert sup.method == "phone" and sup.recorded_by_name == "测试advisor"
    view = shop.wo.add_line(shop.advisor, view.id, LabourInput("更换后刹车片", 150, 12_000),
                            supplementary_id=sup.id)
    assert view.labour[-1].supplementary_id == sup.id


def test_technician_cannot_change_the_order(shop: Shop) -> None:
    view = open_order(shop)
    with pytest.raises(NotAllowed):
        shop.wo.add_line(shop.tech, view.id, LabourInput("自加项目", 100, 100))
    with pytest.raises(NotAllowed):
        shop.wo.add_line(shop.parts, view.id, LabourInput("工时", 100, 100))
    shop.wo.add_line(shop.parts, view.id, PartInput("火花塞", 4_000, 5_000))


# --- workshop ---------------------------------------------------------------------------------
def test_dispatch_time_and_waiting_parts(shop: Shop) -> None:
    view = opened_with_lines(shop)
    with pytest.raises(NotAllowed):
        shop.wo.dispatch(shop.advisor, view.id, shop.tech.staff_id or "", "刹车")
    with pytest.raises(ValidationError):
        shop.wo.dispatch(shop.foreman, view.id, shop.cashier.staff_id or "", "刹车")
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "更换前刹车片",
                            labour_line_ids=[view.labour[0].id])
    job = view.jobs[0]
    assert job.technician_name == "测试technician" and view.labour[0].job_id == job.id
    with pytest.raises(NotAllowed) as info:
        shop.wo.start_job(shop.tech2, job.id)
    assert info.value.code == "workorder.not_own_job"
    with clock.freeze(T0):
        view = shop.wo.start_job(shop.tech, job.id)
    assert view.state == "in_progress"
    with pytest.raises(Conflict):
        shop.wo.start_job(shop.tech, job.id)
    with pytest.raises(ValidationError):
        shop.wo.pause_for_parts(shop.tech, job.id, "")
    with clock.freeze(T0 + dt.timedelta(minutes=45)):
        view = shop.wo.pause_for_parts(shop.tech, job.id, "刹车片缺货，预计明天到")
    assert view.state == "waiting_parts"
    assert view.jobs[0].state == "waiting_parts" and view.jobs[0].minutes == 45
    assert view.events[-1].reason == "刹车片缺货，预计明天到"
    with pytest.raises(Conflict):
        shop.wo.start_job(shop.tech, job.id)
    view = shop.wo.resume_job(shop.foreman, job.id)
    assert view.state == "in_progress"
    with clock.freeze(T0 + dt.timedelta(hours=2)):
        shop.wo.start_job(shop.foreman, job.id)  # the foreman records for the technician
    with clock.freeze(T0 + dt.timedelta(hours=2, minutes=30)):
        view = shop.wo.stop_job(shop.tech, job.id, finished=True)
    assert view.jobs[0].state == "done" and view.jobs[0].minutes == 75
    assert len(view.jobs[0].time_entries) == 2


def test_requisition_and_handover(shop: Shop) -> None:
    view = opened_with_lines(shop)
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "拆装保险杠")
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech2.staff_id or "", "保险杠喷漆", trade="paint")
    first, second = view.jobs
    assert (first.seq, second.seq, second.trade) == (1, 2, "paint")
    with pytest.raises(NotAllowed):
        shop.wo.record_requisition(shop.tech2, first.id, [RequisitionLineInput(1_000, view.parts[0].id)])
    with pytest.raises(NotAllowed):
        shop.wo.record_requisition(shop.cashier, first.id, [RequisitionLineInput(1_000, view.parts[0].id)])
    view = shop.wo.record_requisition(shop.tech, first.id, [
        RequisitionLineInput(1_000, view.parts[0].id),
        RequisitionLineInput(500, part_no="CL-9", name="刹车清洁剂")])
    (req,) = view.requisitions
    assert req.technician_name == "测试technician" and req.issued_by_name == ""
    assert [(x.part_no, x.name, x.qty_milli) for x in req.lines] == [
        ("BP-001", "前刹车片", 1_000), ("CL-9", "刹车清洁剂", 500)]
    view = shop.wo.record_requisition(shop.parts, second.id, [RequisitionLineInput(2_000, name="面漆")])
    assert view.requisitions[1].issued_by_name == "测试parts_clerk"
    shop.wo.start_job(shop.tech, first.id)
    view = shop.wo.trade_handover(shop.tech, first.id, second.id, "保险杠已拆下，交喷漆")
    (handover,) = view.handovers
    assert (handover.from_technician_name, handover.to_technician_name) == ("测试technician", "测试technician")
    assert view.jobs[0].state == "done" and view.jobs[0].time_entries[0].stopped_at is not None


def test_three_level_qc_and_fail_path(shop: Shop) -> None:
    view = opened_with_lines(shop)
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "刹车")
    job = view.jobs[0].id
    shop.wo.start_job(shop.tech, job)
    with pytest.raises(Conflict) as info:
        shop.wo.record_qc(shop.tech, view.id, "self", True)
    assert info.value.code == "workorder.qc_jobs_open"
    shop.wo.stop_job(shop.tech, job, finished=True)
    with pytest.raises(Conflict) as info:
        shop.wo.record_qc(shop.qc, view.id, "final", True)
    assert info.value.code == "workorder.qc_out_of_order" and "自检" in str(info.value)
    view = shop.wo.record_qc(shop.tech, view.id, "self", True)
    assert view.state == "qc"
    with pytest.raises(NotAllowed):
        shop.wo.record_qc(shop.tech, view.id, "final", True)
    view = shop.wo.record_qc(shop.foreman, view.id, "team", True)
    assert view.state == "qc"
    with pytest.raises(ValidationError):
        shop.wo.record_qc(shop.qc, view.id, "final", False)
    view = shop.wo.record_qc(shop.qc, view.id, "final", False, "制动踏板偏软")
    assert view.state == "in_progress" and view.qc_round == 2
    assert view.events[-1].reason == "制动踏板偏软" and view.events[-1].action == "fail_qc"
    with pytest.raises(Conflict):  # cannot settle before the final check passes
        shop.wo.settle(shop.cashier, view.id, [PaymentInput("cash", view.totals.customer_fen)])
    with pytest.raises(Conflict):  # a new round starts again at the self-check
        shop.wo.record_qc(shop.foreman, view.id, "team", True)
    view = shop.wo.start_job(shop.tech, job)  # the finished job reopens for the fix
    assert view.jobs[0].state == "working" and view.jobs[0].finished_at is None
    shop.wo.stop_job(shop.tech, job, finished=True)
    shop.wo.record_qc(shop.tech, view.id, "self", True)
    shop.wo.record_qc(shop.foreman, view.id, "team", True)
    view = shop.wo.record_qc(shop.qc, view.id, "final", True)
    assert view.state == "ready"
    assert [(c.round, c.level, c.passed) for c in view.quality_checks] == [
        (1, "self", True), (1, "team", True), (1, "final", False),
        (2, "self", True), (2, "team", True), (2, "final", True)]
    assert view.quality_checks[-1].inspector_name == "测试qc_inspector"


def test_self_check_fail_stays_in_workshop(shop: Shop) -> None:
    view = opened_with_lines(shop)
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "刹车")
    shop.wo.start_job(shop.tech, view.jobs[0].id)
    view = shop.wo.record_qc(shop.tech, view.id, "self", False, "异响仍在")
    assert view.state == "in_progress" and view.qc_round == 2


# --- settlement and delivery --------------------------------------------------------------------
def test_settle_lock_reverse_and_deliver(shop: Shop) -> None:
    view = to_ready(shop)
    due = view.totals.customer_fen
    assert due == 18_000 + 45_000 + 1_000
    with pytest.raises(NotAllowed):
        shop.wo.settle(shop.tech, view.id, [PaymentInput("cash", due)])
    with pytest.raises(ValidationError) as info:
        shop.wo.settle(shop.cashier, view.id, [PaymentInput("cash", due - 1)])
    assert info.value.code == "workorder.payments_mismatch"
    with pytest.raises(ValidationError):
        shop.wo.settle(shop.cashier, view.id, [PaymentInput("bitcoin", due)])
    view = shop.wo.settle(shop.cashier, view.id, [PaymentInput("wechat", 50_000, "WX123"),
                                                  PaymentInput("cash", due - 50_000)])
    assert view.state == "settled" and view.paid_fen == due and view.settled_by_name == "测试cashier"
    with pytest.raises(Conflict) as locked:
        shop.wo.edit_reception(shop.manager, view.id, reception())
    assert locked.value.code == "workorder.locked" and view.number in str(locked.value)
    with pytest.raises(Conflict):
        shop.wo.update_line(shop.manager, view.sundries[0].id, SundryInput("废料处理", 2_000))
    with pytest.raises(ValidationError):
        shop.wo.reverse_settlement(shop.cashier, view.id, " ")
    view = shop.wo.reverse_settlement(shop.cashier, view.id, "微信金额录错")
    assert view.state == "ready" and view.paid_fen == 0
    assert view.reversals[0].amount_fen == due and len(view.payments) == 4
    assert sorted(p.amount_fen for p in view.payments if p.reversal_id) == sorted(
        [-50_000, -(due - 50_000)])
    view = shop.wo.settle(shop.cashier, view.id, [PaymentInput("alipay", due)])
    with pytest.raises(ValidationError) as info:
        shop.wo.deliver(shop.advisor, view.id, DeliveryInput(31_010, claim_check_returned=False))
    assert info.value.code == "workorder.claim_check_reason"
    with pytest.raises(ValidationError):
        shop.wo.deliver(shop.advisor, view.id, DeliveryInput(30_999))
    view = shop.wo.deliver(shop.advisor, view.id, DeliveryInput(
        31_010, claim_check_returned=False, claim_check_note="客户联遗失，凭身份证取车",
        next_service_date=dt.date(2027, 5, 10), next_service_km=36_000))
    assert view.state == "delivered" and view.mileage_out == 31_010
    assert view.delivered_by_name == "测试advisor" and view.claim_check_returned is False
    assert (view.next_service_date, view.next_service_km) == (dt.date(2027, 5, 10), 36_000)
    assert [e.to_state for e in view.events] == [
        "draft", "opened", "in_progress", "qc", "ready", "settled", "ready", "settled", "delivered"]
    assert all(e.actor_name for e in view.events)
    with pytest.raises(Conflict):
        shop.wo.cancel(shop.manager, view.id, "误操作")
    history = shop.wo.service_history(shop.advisor, shop.vehicle_id)
    assert history[0].number == view.number and history[0].work_done == "更换前刹车片"


def test_insurance_share_not_paid_at_counter(shop: Shop) -> None:
    view = shop.wo.open_order(shop.advisor, shop.vehicle_id, reception(payer="insurance",
                                                                       payer_name="人保财险"))
    shop.wo.add_line(shop.advisor, view.id, LabourInput("钣金", 300, 10_000))
    shop.wo.add_line(shop.advisor, view.id, PartInput("前保险杠", 1_000, 120_000, payer="customer"))
    shop.wo.approve_estimate(shop.advisor, view.id, "signature")
    view = shop.wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "钣金")
    shop.wo.start_job(shop.tech, view.jobs[0].id)
    shop.wo.stop_job(shop.tech, view.jobs[0].id, finished=True)
    for actor, level in ((shop.tech, "self"), (shop.foreman, "team"), (shop.foreman, "final")):
        view = shop.wo.record_qc(actor, view.id, level, True)
    assert view.totals.share("insurance") == 30_000 and view.totals.customer_fen == 120_000
    view = shop.wo.settle(shop.cashier, view.id, [PaymentInput("on_account", 120_000)])
    assert view.state == "settled"


def test_cancel_needs_reason_and_state(shop: Shop) -> None:
    view = open_order(shop)
    with pytest.raises(ValidationError):
        shop.wo.cancel(shop.advisor, view.id, "")
    with pytest.raises(NotAllowed):
        shop.wo.cancel(shop.cashier, view.id, "客户不修了")
    view = shop.wo.cancel(shop.advisor, view.id, "客户不修了")
    assert view.state == "cancelled" and view.cancel_reason == "客户不修了"
    ready = to_ready(shop)
    with pytest.raises(Conflict) as info:
        shop.wo.cancel(shop.manager, ready.id, "太晚了")
    assert "待结算" in str(info.value)


# --- rework ---------------------------------------------------------------------------------
def _delivered(shop: Shop, at: dt.datetime) -> WorkOrderView:
    with clock.freeze(at):
        view = to_ready(shop)
        view = shop.wo.settle(shop.cashier, view.id, [PaymentInput("cash", view.totals.customer_fen)])
        return shop.wo.deliver(shop.advisor, view.id, DeliveryInput(31_050))


def test_rework_within_period_links_both_ways(shop: Shop) -> None:
    first = _delivered(shop, T0)
    with clock.freeze(T0 + dt.timedelta(days=29)):
        second = shop.wo.open_order(shop.advisor, shop.vehicle_id, reception(31_500),
                                    rework_of=first.number)
    assert second.rework_of_id == first.id and second.rework_of_number == first.number
    assert shop.wo.get(shop.advisor, first.id).rework_orders == (second.number,)
    assert shop.wo.service_history(shop.advisor, shop.vehicle_id)[0].rework_of_number == first.number


def test_rework_outside_period_or_other_vehicle(shop: Shop) -> None:
    first = _delivered(shop, T0)
    with clock.freeze(T0 + dt.timedelta(days=31)):
        late = shop.wo.open_order(shop.advisor, shop.vehicle_id, reception(31_500))
        with pytest.raises(ValidationError) as info:
            shop.wo.mark_rework(shop.advisor, late.id, first.number)
    assert info.value.code == "workorder.rework_too_late" and "30" in str(info.value)
    shop.services.settings.set(shop.admin, "workorder.rework_days", 45)
    assert shop.wo.mark_rework(shop.advisor, late.id, first.number).rework_of_id == first.id
    other = shop.services.customers.create(
        shop.advisor, CustomerInput(name="李四"), VehicleInput(plate="京B54321"))
    foreign = shop.wo.open_order(shop.advisor, other.vehicles[0].id, reception(100))
    with pytest.raises(ValidationError):
        shop.wo.mark_rework(shop.advisor, foreign.id, first.number)
    with pytest.raises(ValidationError) as info:
        shop.wo.mark_rework(shop.advisor, late.id, late.number)
    assert info.value.code == "workorder.rework_same_vehicle"


def test_rework_needs_delivered_original(shop: Shop) -> None:
    first = open_order(shop)
    with pytest.raises(ValidationError) as info:
        shop.wo.open_order(shop.advisor, shop.vehicle_id, reception(), confirm_second=True,
                           rework_of=first.id)
    assert info.value.code == "workorder.rework_not_delivered"


# --- queries ----------------------------------------------------------------------------------
def test_list_count_filters_and_late_flag(shop: Shop) -> None:
    other = shop.services.customers.create(
        shop.advisor, CustomerInput(name="李四"), VehicleInput(plate="沪C88888"))
    with clock.freeze(T0):
        a = open_order(shop)
        b = shop.wo.open_order(shop.advisor, other.vehicles[0].id,
                               reception(10, promised_at=T0 + dt.timedelta(days=3)))
    shop.wo.cancel(shop.advisor, b.id, "重复开单")
    with clock.freeze(T0 + dt.timedelta(hours=7)):
        rows = shop.wo.list_orders(shop.advisor)
        assert [r.number for r in rows] == [b.number, a.number]  # same time: higher number first
        late = {r.number: r.late for r in rows}
    assert late == {a.number: True, b.number: False}
    assert shop.wo.count_orders(shop.advisor) == 2
    assert shop.wo.count_orders(shop.advisor, state="cancelled") == 1
    assert shop.wo.count_orders(shop.advisor, open_only=True) == 1
    assert [r.number for r in shop.wo.list_orders(shop.advisor, plate="c888")] == [b.number]
    assert [r.number for r in shop.wo.list_orders(shop.advisor, plate="京A·12345")] == [a.number]
    assert [r.number for r in shop.wo.list_orders(shop.advisor, text="李四")] == [b.number]
    assert [r.number for r in shop.wo.list_orders(shop.advisor, text=a.number.lower())] == [a.number]
    assert len(shop.wo.list_orders(shop.advisor, offset=1, limit=5)) == 1
    row = shop.wo.list_orders(shop.advisor, state=["draft"])[0]
    assert (row.plate, row.customer_name, row.state) == ("京A12345", "王小明", "draft")


def test_get_unknown_order(shop: Shop) -> None:
    with pytest.raises(NotFound) as info:
        shop.wo.get(shop.advisor, "BJ01-WO-2611-9999")
    assert "BJ01-WO-2611-9999" in str(info.value)


def test_settings_defaults_and_overrides(shop: Shop) -> None:
    settings = shop.wo.settings()
    assert (settings.rework_days, settings.discount_limit_bp, settings.tax_rate_bp,
            settings.copies) == (30, 1_000, 0, 2)
    shop.services.settings.set(shop.admin, "workorder.copies", 3)
    assert shop.wo.settings().copies == 3
