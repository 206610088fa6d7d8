"""A desk's day on the shop's server, driven through the real services: what the several-PC
tests run in each client process (a process per PC, as in the shop)."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

from app.context import AppContext
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorders import LabourInput, PartInput, PaymentInput, ReceptionInput

ADMIN_PASSWORD = "admin123-Kq7v"
STAFF_PASSWORD = "pass1234-Lw9x"


@dataclass(frozen=True)
class Crew:
    """One desk's people (every desk logs in as its own staff)."""

    advisor: Actor
    foreman: Actor
    tech: Actor
    qc: Actor
    cashier: Actor


def make_crew(services: Services, admin: Actor, desk: int) -> Crew:
    def person(role: Role, name: str) -> Actor:
        staff = services.staff.create(admin, username=f"d{desk}_{role.value}",
                                      display_name=f"{name}{desk}", role=role,
                                      password=STAFF_PASSWORD)
        return Actor(staff.id, staff.username, staff.display_name, staff.role)

    return Crew(person(Role.ADVISOR, "顾问"), person(Role.FOREMAN, "主管"),
                person(Role.TECHNICIAN, "技师"), person(Role.QC_INSPECTOR, "质检"),
                person(Role.CASHIER, "收银"))


def make_vehicle(services: Services, advisor: Actor, desk: int, n: int = 0) -> str:
    view = services.customers.create(
        advisor, CustomerInput(name=f"客户{desk}-{n}", mobile=f"139{desk:02d}{n:06d}"),
        VehicleInput(plate=f"京A{desk % 10}{n:04d}", mileage_km=1000))
    return view.vehicles[0].id


def open_and_settle(services: Services, crew: Crew, vehicle_id: str, mileage: int) -> str:
    """Reception to settlement of one order (the number is returned)."""
    wo = services.work_orders
    view = wo.open_order(crew.advisor, vehicle_id, ReceptionInput(mileage_in=mileage),
                         confirm_second=True)
    wo.add_line(crew.advisor, view.id, LabourInput("常规保养", 100, 20_000, code="MA-01"))
    view = wo.add_line(crew.advisor, view.id, PartInput("机油滤清器", 1_000, 6_800, part_no="15400-RTA"))
    view = wo.approve_estimate(crew.advisor, view.id, "signature", "客户")
    view = wo.dispatch(crew.foreman, view.id, crew.tech.staff_id or "", "保养",
                       labour_line_ids=[line.id for line in view.labour])
    for job in view.jobs:
        wo.start_job(crew.foreman, job.id)
        wo.stop_job(crew.foreman, job.id, finished=True)
    wo.record_qc(crew.tech, view.id, "self", True)
    wo.record_qc(crew.foreman, view.id, "team", True)
    view = wo.record_qc(crew.qc, view.id, "final", True)
    view = wo.settle(crew.cashier, view.id, [PaymentInput("cash", view.totals.customer_fen)])
    return view.number


def desk_process(data_dir: str, url: str, desk: int, orders: int, results: object) -> None:
    """Entry point of one desk's process: log in, open and settle ``orders`` orders."""

    ctx = AppContext.open(Path(data_dir), db_url=url)
    try:
        services = ctx.services
        admin = services.staff.login("admin", ADMIN_PASSWORD)
        crew = make_crew(services, admin, desk)
        vehicle = make_vehicle(services, crew.advisor, desk)
        numbers = [open_and_settle(services, crew, vehicle, 1000 + 10 * (i + 1)) for i in range(orders)]
        results.put((desk, numbers, None))  # type: ignore[attr-defined]
    except BaseException as exc:  # noqa: BLE001 - reported to the test process
        results.put((desk, [], f"{type(exc).__name__}: {exc}"))  # type: ignore[attr-defined]
    finally:
        ctx.close()


def run_desks(shop_url: str, folder: Path, desks: int, orders: int) -> list[tuple[int, list[str], str | None]]:
    """``desks`` processes (as many PCs, each with its own engine and pool) opening and
    settling ``orders`` orders each at the same time on ``shop_url``; each one's
    ``(desk, numbers, error)``, after all have ended."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=desk_process,
                                 args=(str(folder / f"pc{n}"), shop_url, n, orders, results))
                 for n in range(1, desks + 1)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return outcomes


def endless_desk(data_dir: str, url: str, desk: int, started: object) -> None:
    """A desk that opens and settles orders until it is killed (the kill trials)."""

    ctx = AppContext.open(Path(data_dir), db_url=url)
    services = ctx.services
    admin = services.staff.login("admin", ADMIN_PASSWORD)
    crew = make_crew(services, admin, desk)
    vehicle = make_vehicle(services, crew.advisor, desk)
    mileage = 1000
    while True:
        mileage += 10
        open_and_settle(services, crew, vehicle, mileage)
        started.set()  # type: ignore[attr-defined]
