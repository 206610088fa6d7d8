"""SQLAlchemy-mapped entities. Importing this package registers every table on the metadata."""

from domain.model.branch import Branch, Setting
from domain.model.customer import Customer, Vehicle, VehicleOwnership
from domain.model.staff import Staff
from domain.model.workorder import (
    Discount,
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

__all__ = ["Branch", "Customer", "Setting", "Staff", "Vehicle", "VehicleOwnership",
           "Discount", "Job", "LabourLine", "NumberSequence", "PartLine", "PartsRequisition",
           "PartsRequisitionLine", "Payment", "QualityCheck", "Reversal", "SundryLine",
           "SupplementaryApproval", "TimeEntry", "TradeHandover", "WorkOrder", "WorkOrderEvent"]
