"""Settled orders written straight into the tables, for the KPI tests (a branch's own figures and
HQ's stored per-branch facts): the KPI counts settled and delivered orders, and going through
reception, jobs and settlement for each would hide what a test is about."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from domain.model import Branch, Customer, Staff, Vehicle, WorkOrder
from domain.model.workorder import Job, LabourLine, TimeEntry
from domain.services.registry import Services


def settled_order(services: Services, number: str, total: int, settled: dt.datetime, payer: str = "customer",
                  hours_centi: int = 0) -> None:
    """A settled and delivered order of the local branch (captured for export at a branch),
    received three hours before it was settled and delivered an hour after."""
    with services.uow() as session:
        branch = session.scalar(select(Branch).where(Branch.is_local.is_(True)))
        assert branch is not None
        customer = Customer(branch_id=branch.id, name="王五")
        session.add(customer)
        session.flush()
        vehicle = Vehicle(branch_id=branch.id, owner_id=customer.id, plate=f"京A{number[-5:]}")
        session.add(vehicle)
        session.flush()
        wo = WorkOrder(branch_id=branch.id, number=number, vehicle_id=vehicle.id, customer_id=customer.id,
                       state="delivered", received_at=settled - dt.timedelta(hours=3), settled_at=settled,
                       delivered_at=settled + dt.timedelta(hours=1), total_fen=total, payer=payer)
        session.add(wo)
        session.flush()
        if hours_centi:
            session.add(LabourLine(work_order_id=wo.id, description="保养", hours_centi=hours_centi,
                                   rate_fen=10_000, payer=payer))
            tech = Staff(branch_id=branch.id, username=f"t{number[-5:]}", display_name="李师傅",
                         role="technician", password_hash="x")
            session.add(tech)
            session.flush()
            job = Job(work_order_id=wo.id, title="保养", technician_id=tech.id, dispatched_at=wo.received_at,
                      state="done", finished_at=settled)
            session.add(job)
            session.flush()
            session.add(TimeEntry(job_id=job.id, technician_id=tech.id, service_class="A",
                                  started_at=wo.received_at,
                                  stopped_at=wo.received_at + dt.timedelta(minutes=90)))
