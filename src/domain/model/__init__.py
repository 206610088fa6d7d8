"""SQLAlchemy-mapped entities. Importing this package registers every table on the metadata."""

from domain.model.audit import AuditChainHead, AuditEntry, AuditRowDigest
from domain.model.branch import Branch, Setting
from domain.model.calendar import BranchCalendar
from domain.model.care import (
    CareCall,
    CareLetter,
    CareRating,
    CareRatingStaff,
    ReminderOutcome,
    ServiceContract,
)
from domain.model.complaint import (
    ComplaintDeduction,
    ComplaintEvent,
    ComplaintLoss,
    ComplaintResponsibleParty,
    ComplaintSlip,
    FollowUpTask,
)
from domain.model.customer import Customer, Vehicle, VehicleOwnership
from domain.model.hq_indexes import HQ_INDEXES  # noqa: F401  (registers the indexes)
from domain.model.kpi_cache import KpiFactsCache
from domain.model.kpi_indexes import KPI_INDEXES  # noqa: F401  (registers the indexes)
from domain.model.masterdata import (
    Campaign,
    LabourCode,
    PackageLine,
    PartPrice,
    ServicePackage,
    SundryItem,
)
from domain.model.staff import LoginFailure, Staff
from domain.model.sync import AppliedSegment, OutboxEntry, OutboxRetention, RevokedKey, SyncPeer
from domain.model.warranty import WarrantyClaim
from domain.model.workorder import (
    Discount,
    InternalTimeEntry,
    Job,
    LabourLine,
    NumberSequence,
    PartLine,
    PartsRequisition,
    PartsRequisitionLine,
    Payment,
    QualityCheck,
    Reversal,
    SundryLine,
    SupplementaryApproval,
    TimeEntry,
    TradeHandover,
    WorkOrder,
    WorkOrderEvent,
)

__all__ = ["AuditChainHead", "AuditEntry", "AuditRowDigest", "Branch", "Customer", "Setting", "LoginFailure",
           "Staff", "Vehicle", "VehicleOwnership",
           "Discount", "Job", "LabourLine", "NumberSequence", "PartLine", "PartsRequisition",
           "PartsRequisitionLine", "Payment", "QualityCheck", "Reversal", "SundryLine",
           "SupplementaryApproval", "TimeEntry", "TradeHandover", "WorkOrder", "WorkOrderEvent",
           "ComplaintDeduction", "ComplaintEvent", "ComplaintLoss", "ComplaintResponsibleParty",
           "ComplaintSlip", "FollowUpTask", "Campaign", "LabourCode", "PartPrice", "SundryItem",
           "ServicePackage", "PackageLine",
           "AppliedSegment", "OutboxEntry", "OutboxRetention", "RevokedKey", "SyncPeer",
           "CareCall", "CareLetter", "CareRating", "CareRatingStaff", "ReminderOutcome",
           "ServiceContract", "WarrantyClaim", "KpiFactsCache", "BranchCalendar", "InternalTimeEntry"]
