"""Work orders walked through the real services, for the form and CLI tests.

Forms take read models, but a work order's read model is only trustworthy when the
services built it (totals, payer split, approvals), so these helpers drive the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain import clock
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
    SundryInput,
)

T0 = dt.datetime(2026, 11, 10, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing
PLATE = "京AD12345"
VIN = "1HGCM82633A004352"


@dataclass
class Shop:
    services: Services
    advisor: Actor
    foreman: Actor
    tech: Actor
    tech2: Actor
    qc: Actor
    cashier: Actor
    vehicle_id: str

    @property
    def wo(self):  # type: ignore[no-untyped-def]
        return self.services.work_orders


def _staff(services: Services, admin: Actor, role: Role, username: str, name: str) -> Actor:
    staff = services.staff.create(admin, username=username, display_name=name, role=role,
                                  password="pass1234-Lw9x")
    return Actor(staff.id, staff.username, staff.display_name, staff.role)


def make_shop(services: Services, admin: Actor, *, customer_name: str = "王小明",
              address: str = "北京市朝阳区望京街道阜通东大街 6 号院",
              technician: str = "张师傅") -> Shop:
    advisor = _staff(services, admin, Role.ADVISOR, "advisor_li", "李顾问")
    customer = services.customers.create(
        advisor, CustomerInput(name=customer_name, mobile="13912345678", address=address),
        VehicleInput(plate=PLATE, vin=VIN, brand="本田", model="雅阁 260TURBO 豪华版",
                     colour="珍珠白", engine_no="K20C41234567", mileage_km=30_000))
    return Shop(services, advisor,
                _staff(services, admin, Role.FOREMAN, "foreman_zhao", "赵主管"),
                _staff(services, admin, Role.TECHNICIAN, "tech_zhang", technician),
                _staff(services, admin, Role.TECHNICIAN, "tech_chen", "陈师傅"),
                _staff(services, admin, Role.QC_INSPECTOR, "qc_sun", "孙质检"),
                _staff(services, admin, Role.CASHIER, "cash_zhou", "周收银"),
                customer.vehicles[0].id)


def reception(**changes: object) -> ReceptionInput:
    data = ReceptionInput(
        mileage_in=31_200, customer_words="刹车时前轮有尖锐异响，低速起步时更明显；空调制冷效果差。",
        received_at=T0, fuel_level=3,
        inspection=(InspectionItem("左前门", "划痕", "约 5 cm"),
                    InspectionItem("后保险杠", "凹陷"), InspectionItem("右后视镜", "裂纹")),
        valuables="行车记录仪、儿童座椅", spare_tyre=True, tools_present=False,
        promised_at=T0 + dt.timedelta(hours=7), estimate_fen=120_000,
        next_service_date=dt.date(2027, 5, 10), next_service_km=41_200)
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def open_with_lines(shop: Shop, extra_lines: int = 0, **changes: object) -> WorkOrderView:
    """A draft order with a labour, a part, a warranty part and a sundry line (+ extras)."""
    wo, sa = shop.wo, shop.advisor
    with clock.freeze(T0):
        view = wo.open_order(sa, shop.vehicle_id, reception(**changes), confirm_second=True)
        wo.add_line(sa, view.id, LabourInput("更换前刹车片", 150, 12_000, code="BR-01"))
        wo.add_line(sa, view.id, LabourInput("空调系统检测及加注冷媒", 100, 15_000, code="AC-03"))
        wo.add_line(sa, view.id, PartInput("前刹车片（套）", 1_000, 45_000, part_no="45022-TVA-A01"))
        wo.add_line(sa, view.id, PartInput("空调冷媒 R134a", 500, 12_000, part_no="R134A-0500",
                                           unit="kg"))
        wo.add_line(sa, view.id, PartInput("空调压力开关", 1_000, 28_600, part_no="80450-T2A-A01",
                                           warranty=True))
        view = wo.add_line(sa, view.id, SundryInput("废油及废料处理", 1_000))
        for index in range(extra_lines):
            view = wo.add_line(sa, view.id, PartInput(f"密封圈 {index + 1:02d} 号", 2_000, 1_250,
                                                      part_no=f"91301-P{index:04d}"))
    return view


def approved(shop: Shop, *, phone: bool = False, extra_lines: int = 0,
             **changes: object) -> WorkOrderView:
    view = open_with_lines(shop, extra_lines, **changes)
    with clock.freeze(T0 + dt.timedelta(minutes=20)):
        if phone:
            return shop.wo.approve_estimate(shop.advisor, view.id, "phone", "王小明")
        return shop.wo.approve_estimate(shop.advisor, view.id, "signature", "王小明")


def dispatched(shop: Shop, **changes: object) -> WorkOrderView:
    """Approved, an added item (增项), and two jobs (mechanical, electrical)."""
    view = approved(shop, **changes)
    wo = shop.wo
    with clock.freeze(T0 + dt.timedelta(minutes=40)):
        view = wo.record_supplementary(shop.advisor, view.id, "后刹车片磨损到限，追加更换", 36_000,
                                       "phone", "王小明")
        sup = view.supplementaries[0].id
        view = wo.add_line(shop.advisor, view.id,
                           LabourInput("更换后刹车片", 100, 12_000, code="BR-02"), sup)
        view = wo.add_line(shop.advisor, view.id,
                           PartInput("后刹车片（套）", 1_000, 24_000, part_no="43022-TVA-A00"), sup)
        brakes = [x.id for x in view.labour if x.code.startswith("BR")]
        aircon = [x.id for x in view.labour if x.code == "AC-03"]
        view = wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "更换前后刹车片",
                           labour_line_ids=brakes)
        view = wo.dispatch(shop.foreman, view.id, shop.tech2.staff_id or "", "空调检修",
                           trade="electrical", labour_line_ids=aircon)
    return view


def settled(shop: Shop, **changes: object) -> WorkOrderView:
    view = dispatched(shop, **changes)
    wo = shop.wo
    with clock.freeze(T0 + dt.timedelta(hours=1)):
        for job in view.jobs:
            wo.start_job(shop.foreman, job.id)
    with clock.freeze(T0 + dt.timedelta(hours=3)):
        for job in view.jobs:
            wo.stop_job(shop.foreman, job.id, finished=True)
        wo.record_qc(shop.tech, view.id, "self", True)
        wo.record_qc(shop.foreman, view.id, "team", True)
        view = wo.record_qc(shop.qc, view.id, "final", True)
    due = view.totals.customer_fen
    with clock.freeze(T0 + dt.timedelta(hours=5)):
        view = wo.settle(shop.cashier, view.id, [PaymentInput("wechat", 50_000, "WX20261110"),
                                                 PaymentInput("cash", due - 50_000)])
    return view


def delivered(shop: Shop, **changes: object) -> WorkOrderView:
    """Settled and handed over; ``changes`` go to the reception (e.g. customer_words)."""
    view = settled(shop, **changes)
    with clock.freeze(T0 + dt.timedelta(hours=6)):
        return shop.wo.deliver(shop.advisor, view.id, DeliveryInput(31_215))
