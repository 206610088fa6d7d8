"""The unit-of-work contract services rely on; :mod:`storage.database` provides it.

A service call opens one unit of work: it commits whole when the block ends normally and
rolls back on any exception, so a failed call changes nothing.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy.orm import Session


class UnitOfWork(Protocol):
    def __call__(self) -> AbstractContextManager[Session]: ...
