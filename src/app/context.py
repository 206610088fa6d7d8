"""Wiring: one open database and the services built on it, shared by the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from domain.services.registry import Services
from storage.database import Database
from storage.kpi_queries import SqlKpiQueries


@dataclass
class AppContext:
    db: Database
    data_dir: Path
    services: Services = field(init=False)

    def __post_init__(self) -> None:
        self.services = Services(self.db.unit_of_work, kpi_queries=SqlKpiQueries())

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = False, db_url: str | None = None) -> AppContext:
        """SQLite in ``data_dir`` by default; ``db_url`` (HQ on PostgreSQL) opens that server
        instead — ``data_dir`` still holds the keys, logs and backups."""
        if db_url:
            data_dir.mkdir(parents=True, exist_ok=True)
            return cls(Database.from_url(db_url), data_dir)
        return cls(Database.open(data_dir, create=create), data_dir)

    def close(self) -> None:
        self.db.close()
