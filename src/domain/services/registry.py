"""All use cases over one unit of work, so the GUI and the CLI are wired the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.services.branch import BranchService, SettingsService
from domain.services.customer_import import CustomerImportService
from domain.services.customers import CustomerService
from domain.services.demo import DemoService
from domain.services.search import SearchService
from domain.services.staff import StaffService
from domain.services.workorders import WorkOrderService
from domain.uow import UnitOfWork


@dataclass
class Services:
    uow: UnitOfWork
    branches: BranchService = field(init=False)
    settings: SettingsService = field(init=False)
    staff: StaffService = field(init=False)
    customers: CustomerService = field(init=False)
    search: SearchService = field(init=False)
    work_orders: WorkOrderService = field(init=False)
    demo: DemoService = field(init=False)
    customer_import: CustomerImportService = field(init=False)

    def __post_init__(self) -> None:
        self.branches = BranchService(self.uow)
        self.settings = SettingsService(self.uow)
        self.staff = StaffService(self.uow)
        self.customers = CustomerService(self.uow)
        self.search = SearchService(self.uow)
        self.work_orders = WorkOrderService(self.uow)
        self.demo = DemoService(self.uow)
        self.customer_import = CustomerImportService(self.uow)
