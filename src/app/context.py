"""Wiring: one open database and the services built on it, shared by the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from domain.services.registry import Services
from storage.database import Database


@dataclass
class AppContext:
    db: Database
    data_dir: Path
    services: Services = field(init=False)

    def __post_init__(self) -> None:
        self.services = Services(self.db.unit_of_work)

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = False) -> AppContext:
        return cls(Database.open(data_dir, create=create), data_dir)

    def close(self) -> None:
        self.db.close()
