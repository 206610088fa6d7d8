"""SQLAlchemy-mapped entities. Importing this package registers every table on the metadata."""

from domain.model.branch import Branch, Setting
from domain.model.customer import Customer, Vehicle, VehicleOwnership
from domain.model.staff import Staff

__all__ = ["Branch", "Customer", "Setting", "Staff", "Vehicle", "VehicleOwnership"]
