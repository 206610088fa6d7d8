"""A small HQ with enrolled branches, built fast from a migrated empty database template."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from app.context import AppContext
from domain.orm import Base
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from storage.database import DB_FILE_NAME
from storage.syncrows import EXCLUDED_COLUMNS, syncable_tables
from sync import bundle, crypto
from sync.service import SyncService, keys_dir
from tests.pg import new_database

PASSWORD = "admin123-Kq7v"


@dataclass
class Side:
    ctx: AppContext
    data_dir: Path
    #: who runs the sync actions: the system, as the command line's authority (the role
    #: checks have their own tests, tests/sync/test_sync_roles.py)
    actor: Actor = Actor.system()

    @property
    def sync(self) -> SyncService:
        return SyncService(self.ctx.db, keys_dir(self.data_dir), actor=self.actor)

    def sync_as(self, actor: Actor) -> SyncService:
        """The sync service acting as ``actor`` (checked by its role, named in the trail)."""
        return SyncService(self.ctx.db, keys_dir(self.data_dir), actor=actor)

    def close(self) -> None:
        self.ctx.close()


def open_side(template: Path, data_dir: Path) -> AppContext:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(template / DB_FILE_NAME, data_dir / DB_FILE_NAME)
    return AppContext.open(data_dir)


def make_hq(template: Path, data_dir: Path) -> Side:
    ctx = open_side(template, data_dir)
    ctx.services.branches.initialise(code="HQ", name="总部", admin_username="admin",
                                     admin_password=PASSWORD, mode="hq")
    side = Side(ctx, data_dir)
    side.sync.ensure_hq_keys()
    return side


def make_branch(template: Path, data_dir: Path, code: str, hq: Side | None = None) -> Side:
    ctx = open_side(template, data_dir)
    ctx.services.branches.initialise(code=code, name=f"{code} 店", admin_username="admin",
                                     admin_password=PASSWORD)
    side = Side(ctx, data_dir)
    if hq is not None:
        enrolment = data_dir.parent / f"{code}.enrol"
        hq.sync.enrol_branch(code, f"{code} 店", enrolment)
        side.sync.enrol(enrolment)
    return side


def pg_side(server: str, data_dir: Path, code: str, hq: Side | None, urls: list[str]) -> Side:
    """A side on a new database of the PostgreSQL test server (its URL added to ``urls`` to be
    dropped): HQ when ``hq`` is None, else a branch enrolled with ``hq``."""
    url = new_database(server)
    urls.append(url)
    ctx = AppContext.open(data_dir, db_url=url)
    if hq is None:
        ctx.services.branches.initialise(code=code, name="总部", admin_username="admin",
                                         admin_password=PASSWORD, mode="hq")
        side = Side(ctx, data_dir)
        side.sync.ensure_hq_keys()
        return side
    ctx.services.branches.initialise(code=code, name=f"{code} 店", admin_username="admin",
                                     admin_password=PASSWORD)
    side = Side(ctx, data_dir)
    enrolment = data_dir.parent / f"{code}.enrol"
    hq.sync.enrol_branch(code, f"{code} 店", enrolment)
    side.sync.enrol(enrolment)
    return side


def data_checksum(side: Side) -> str:
    """Every table but the trail (its chain head, and its outbox entries): what a refused
    bundle must not change."""
    with side.ctx.db.engine.connect() as conn:
        parts = []
        for name in sorted(Base.metadata.tables):
            if name in ("audit_entries", "audit_chain_heads", "sync_outbox"):
                continue
            rows = conn.execute(select(Base.metadata.tables[name])).all()
            parts.append(name + repr(sorted(repr(tuple(r)) for r in rows)))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def add_customer(side: Side, name: str, mobile: str, plate: str) -> str:
    view = side.ctx.services.customers.create(Actor.system(), CustomerInput(name=name, mobile=mobile),
                                              VehicleInput(plate=plate, brand="本田", model="雅阁"))
    return view.id


def table_checksum(side: Side) -> str:
    """SHA-256 over every table's rows, sorted: any change anywhere changes it."""
    digest = hashlib.sha256()
    with side.ctx.db.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))]
        for name in names:
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).all()
            digest.update(name.encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    return digest.hexdigest()


def rows_of(side: Side, table_name: str, branch_code: str | None = None) -> dict[str, dict[str, Any]]:
    table = next(t for t in syncable_tables() if t.name == table_name)
    skip = EXCLUDED_COLUMNS.get(table_name, frozenset()) | {"username"}
    with side.ctx.db.engine.connect() as conn:
        return {r["id"]: {k: v for k, v in r.items() if k not in skip}
                for r in conn.execute(select(table)).mappings()}


def resign(path: Path, out: Path, pair: crypto.KeyPair, change: dict[str, Any]) -> None:
    """A copy of a bundle with manifest fields changed and signed again with ``pair``."""
    raw = bundle.read(path)
    manifest = {**raw.manifest, **change}
    bundle.write(out, manifest, raw.payload, crypto.sign(pair, bundle.manifest_bytes(manifest)))


def rewrite_member(path: Path, out: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.namelist():
            dst.writestr(item, data if item == name else src.read(item))


def manifest(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return dict(json.loads(archive.read("manifest.json")))
