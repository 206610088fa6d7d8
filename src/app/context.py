"""Wiring: one open database and the services built on it, shared by the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.pc_identity import pc_identity
from common.private_files import tighten_folder
from domain.services.registry import Services
from storage.captured_rows import write_new_rows
from storage.database import Database
from storage.kpi_queries import SqlKpiQueries
from storage.location import Location, resolve


@dataclass
class AppContext:
    db: Database
    data_dir: Path
    services: Services = field(init=False)

    def __post_init__(self) -> None:
        self.services = Services(self.db.unit_of_work, kpi_queries=SqlKpiQueries(),
                                 new_rows=write_new_rows, pc=pc_identity(self.data_dir))

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = False, db_url: str | None = None) -> AppContext:
        """The database the data folder uses (:func:`storage.location.resolve`): ``db_url``
        for this run, else the shop's server the folder is connected to, else its SQLite
        file. ``data_dir`` always holds the keys, logs and backups. On the main PC a server
        found stopped is started first."""
        location = resolve(data_dir, db_url)
        if location.is_server:
            data_dir.mkdir(parents=True, exist_ok=True)
        secure_data_dir(data_dir)  # before SQLite opens its file and makes its -wal/-shm
        if location.is_server:
            if location.hosted_here:
                ensure_local_server(data_dir)
            if location.remembered:  # a move to the server whose last step was cut off
                from storage.move import finish_interrupted_rename

                finish_interrupted_rename(data_dir)
        return cls(Database.at(location, data_dir, create=create), data_dir)

    @property
    def location(self) -> Location:
        assert self.db.location is not None
        return self.db.location

    def close(self) -> None:
        self.db.close()


#: The data folder's own subfolders, each owner-only: app.backups.BACKUP_DIR_NAME, the logs
#: (sync.service.IMPORT_LOG, the GUI's crash logs) and sync.service.keys_dir (a test holds
#: them to these names; not imported here, as those modules import this one or are heavy).
PRIVATE_SUBFOLDERS = ("backups", "logs", "keys")


def secure_data_dir(data_dir: Path) -> None:
    """Owner-only data folder (issue 23, item 7: "on Linux and macOS the data folder is
    0700 and the database, backups, logs and exports are 0600").

    A folder made by an earlier release (0755, its files 0644) is tightened here, on every
    open (a missing one is made private by whoever makes it: storage.database). On the main
    PC whose server root runs as its own account, others keep passage through the folder
    (0701), never listing or reading: that account must reach its cluster. Windows: the
    folder is in the user's profile, whose inherited ACL is left as it is (README).
    """
    from storage.pg_cluster import others_must_pass

    if not data_dir.is_dir():
        return
    tighten_folder(data_dir, passable=others_must_pass(data_dir))
    for name in PRIVATE_SUBFOLDERS:
        tighten_folder(data_dir / name)


def ensure_local_server(data_dir: Path) -> None:
    """The main PC's server runs whenever the app does (it may have been stopped, or the PC
    restarted without the service)."""
    from storage.pg_cluster import LocalServer

    server = LocalServer(data_dir)
    if server.exists() and not server.is_running():
        server.start()
