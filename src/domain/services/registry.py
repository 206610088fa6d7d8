"""All use cases over one unit of work, so the GUI and the CLI are wired the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.kpi import KpiQueries
from domain.services.audit import AuditService
from domain.services.branch import BranchService, SettingsService
from domain.services.calendar import CalendarService
from domain.services.care import CareService
from domain.services.care_hq import CareHQService
from domain.services.complaint_deadlines import ComplaintDeadlineService
from domain.services.complaint_penalties import ComplaintPenaltyService
from domain.services.complaints import ComplaintService
from domain.services.customer_import import CustomerImportService
from domain.services.customers import CustomerService
from domain.services.daily_reports import DailyReportService
from domain.services.demo import DemoService, RowWriter
from domain.services.demo_removal import DemoRemovalService
from domain.services.internal_time import InternalTimeService
from domain.services.kpi import KpiService
from domain.services.masterdata import MasterDataService
from domain.services.masterdata_import import MasterDataImportService
from domain.services.masterdata_packages import PackageService
from domain.services.search import SearchService
from domain.services.staff import StaffService
from domain.services.warranty_claims import WarrantyClaimService
from domain.services.workorders import WorkOrderService
from domain.uow import UnitOfWork


@dataclass
class Services:
    uow: UnitOfWork
    kpi_queries: KpiQueries | None = None  # SQL aggregation from storage (app.context)
    new_rows: RowWriter | None = None  # bulk writer with change capture from storage (app.context)
    pc: str = ""  # this PC among the shop's desks (app.pc_identity): failed logins count per PC
    branches: BranchService = field(init=False)
    settings: SettingsService = field(init=False)
    staff: StaffService = field(init=False)
    customers: CustomerService = field(init=False)
    search: SearchService = field(init=False)
    work_orders: WorkOrderService = field(init=False)
    demo: DemoService = field(init=False)
    demo_removal: DemoRemovalService = field(init=False)  # 清除演示数据
    customer_import: CustomerImportService = field(init=False)
    complaints: ComplaintService = field(init=False)
    complaint_deadlines: ComplaintDeadlineService = field(init=False)  # 超期原因, 催办单, 洽办单
    complaint_penalties: ComplaintPenaltyService = field(init=False)  # 警告 / 小过 / 大过
    care: CareService = field(init=False)
    care_hq: CareHQService = field(init=False)
    master_data: MasterDataService = field(init=False)
    packages: PackageService = field(init=False)
    master_data_import: MasterDataImportService = field(init=False)
    warranty_claims: WarrantyClaimService = field(init=False)
    kpi: KpiService = field(init=False)
    daily_reports: DailyReportService = field(init=False)
    audit: AuditService = field(init=False)
    calendar: CalendarService = field(init=False)
    internal_time: InternalTimeService = field(init=False)

    def __post_init__(self) -> None:
        self.branches = BranchService(self.uow)
        self.settings = SettingsService(self.uow)
        self.staff = StaffService(self.uow, pc=self.pc)
        self.customers = CustomerService(self.uow)
        self.search = SearchService(self.uow)
        self.work_orders = WorkOrderService(self.uow)
        self.demo = DemoService(self.uow, self.new_rows)
        self.demo_removal = DemoRemovalService(self.uow)
        self.customer_import = CustomerImportService(self.uow)
        self.complaints = ComplaintService(self.uow)
        self.complaint_deadlines = ComplaintDeadlineService(self.uow)
        self.complaint_penalties = ComplaintPenaltyService(self.uow)
        self.care = CareService(self.uow, self.complaints)
        self.care_hq = CareHQService(self.uow)
        self.master_data = MasterDataService(self.uow)
        self.packages = PackageService(self.uow)
        self.master_data_import = MasterDataImportService(self.uow)
        self.warranty_claims = WarrantyClaimService(self.uow)
        self.kpi = KpiService(self.uow, self.kpi_queries)
        self.daily_reports = DailyReportService(self.uow)
        self.audit = AuditService(self.uow)
        self.calendar = CalendarService(self.uow)
        self.internal_time = InternalTimeService(self.uow)
