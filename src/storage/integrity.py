"""Integrity check (完整性检查): the database's own checks plus the app's invariants.

Why a registry of named checks: every feature brings rules that must hold whatever happened
(a power cut mid-save, a restored old backup, someone editing the file by hand). SQLite can
only vouch for its pages and foreign keys; the app's own rules ("each vehicle has exactly
one current owner") need their own queries. ``dealerdesk check``, the weekly background
check and the crash-safety trials all run the same list, so a new rule is checked
everywhere the moment it is registered.

Adding a check for a feature (e.g. work orders: every line has its order, numbers unique;
sync: the outbox matches the data):

.. code-block:: python

    from sqlalchemy import Connection, text
    from storage.integrity import check

    @check("work_orders.lines_have_order", requires=("work_order_lines",))
    def _lines_have_order(conn: Connection) -> list[str]:
        rows = conn.execute(text("SELECT l.id FROM work_order_lines l LEFT JOIN work_orders o "
                                 "ON o.id = l.order_id WHERE o.id IS NULL"))
        return [f"工单明细 {r.id} 没有对应的工单" for r in rows]

A check receives an open read-only-in-spirit SQLAlchemy ``Connection`` and returns one
Chinese line per problem (empty list: all holds). It runs only when every table in
``requires`` exists, so a check never fails on a database older than its feature. Put the
check in this module or in a module of your feature under ``storage/`` and add that module's
name to :data:`CHECK_MODULES`, which is imported before each run. A check that raises is
reported as a problem (never a crash): a check that cannot run has not shown that all holds.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from storage.engine import BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

CheckFn = Callable[[Connection], list[str]]

#: Modules that register further checks when imported (see the module docstring).
CHECK_MODULES: list[str] = ["storage.integrity_workorders", "storage.integrity_sync",
                             "storage.integrity_chain"]

#: How often the GUI runs the full check in the background.
CHECK_INTERVAL = timedelta(days=7)


@dataclass(frozen=True)
class NamedCheck:
    name: str
    fn: CheckFn
    requires: tuple[str, ...]
    sqlite_only: bool


_CHECKS: dict[str, NamedCheck] = {}


def check(name: str, *, requires: Sequence[str] = (), sqlite_only: bool = False
          ) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` under ``name`` (a later registration of the same name replaces it)."""

    def decorate(fn: CheckFn) -> CheckFn:
        _CHECKS[name] = NamedCheck(name, fn, tuple(requires), sqlite_only)
        return fn

    return decorate


def registered_checks() -> list[str]:
    _load_check_modules()
    return list(_CHECKS)


def _load_check_modules() -> None:
    for module in CHECK_MODULES:
        importlib.import_module(module)


def integrity_problems(engine: Engine, only: Sequence[str] | None = None) -> list[str]:
    """Every problem found, one Chinese line each; an empty list means all holds."""
    _load_check_modules()
    problems: list[str] = []
    reader = _snapshot_engine(engine)
    try:
        with reader.connect() as conn:
            if conn.dialect.name == "postgresql":
                # one snapshot for every check while the desks keep saving, and never a write
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            _run_checks(conn, only, problems)
    except DBAPIError as exc:  # the file is too damaged to even list its tables
        problems.append(f"数据库无法读取：{exc.orig}")
    finally:
        if reader is not engine:
            reader.dispose()
    return problems


def _snapshot_engine(engine: Engine) -> Engine:
    """An engine whose transactions are plain (deferred) BEGIN on a SQLite file.

    The app's engine begins every transaction IMMEDIATE (one writer at a time); a check
    that can take seconds must not hold the write lock, and in WAL mode a deferred read
    transaction sees one consistent snapshot while the other window keeps saving.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return engine
    reader = create_engine(engine.url, poolclass=NullPool,
                           connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    def plain(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.isolation_level = None  # type: ignore[attr-defined]

    def begin_deferred(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    event.listen(reader, "connect", plain)
    event.listen(reader, "begin", begin_deferred)
    return reader


def _run_checks(conn: Connection, only: Sequence[str] | None, problems: list[str]) -> None:
    tables = set(inspect(conn).get_table_names())
    for named in list(_CHECKS.values()):
        if only is not None and named.name not in only:
            continue
        if named.sqlite_only and conn.dialect.name != "sqlite":
            continue
        if any(t not in tables for t in named.requires):
            continue
        try:
            problems.extend(_run_one(conn, named.fn))
        except Exception as exc:  # noqa: BLE001  (reported, not raised: see docstring)
            log.exception("integrity check %s failed to run", named.name)
            problems.append(f"检查“{named.name}”无法完成：{exc}")
    conn.rollback()


def _run_one(conn: Connection, fn: CheckFn) -> list[str]:
    """On PostgreSQL a failed statement aborts the whole transaction: a savepoint keeps a
    check that cannot run from failing the checks after it."""
    if conn.dialect.name != "postgresql":
        return fn(conn)
    with conn.begin_nested():
        return fn(conn)


def check_due(last_run: datetime | None, now: datetime) -> bool:
    """Whether the periodic background check should run (weekly; at once if never run)."""
    return last_run is None or now - last_run >= CHECK_INTERVAL or last_run > now


def advice_zh(problems: Sequence[str], last_good_backup: str | None) -> str:
    """What to tell the person at the counter when the check fails, in plain Chinese."""
    lines = [
        f"数据库检查发现 {len(problems)} 个问题。数据可能已损坏，请按以下步骤处理：",
        "1. 暂停录入新数据，不要删除或移动数据文件；",
    ]
    if last_good_backup:
        lines.append(f"2. 在“设置 → 备份与恢复”中从最近一次完好的备份恢复：{last_good_backup}"
                     "（恢复前会自动保存当前数据）；")
    else:
        lines.append("2. 找不到完好的备份，请勿自行修复；")
    lines.append("3. 如问题仍在，请联系总部或技术支持，并提供下面的问题清单。")
    return "\n".join(lines)


# --- SQLite's own checks -------------------------------------------------------------------
def _label(row_id: object, plate: object, vin: object) -> str:
    return str(plate or vin or row_id)


@check("sqlite.integrity_check", sqlite_only=True)
def _sqlite_integrity(conn: Connection) -> list[str]:
    rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check(100)")]
    if rows == ["ok"]:
        return []
    return [f"SQLite 完整性检查：{row}" for row in rows]


@check("sqlite.foreign_key_check", sqlite_only=True)
def _sqlite_foreign_keys(conn: Connection) -> list[str]:
    return [
        f"外键错误：表 {table} 第 {rowid} 行引用的 {parent} 记录不存在"
        for table, rowid, parent, _fkid in conn.exec_driver_sql("PRAGMA foreign_key_check")
    ]


# --- the app's invariants (customers and vehicles) -----------------------------------------
@check("branches.one_local", requires=("branches",))
def _one_local_branch(conn: Connection) -> list[str]:
    count = conn.execute(text("SELECT COUNT(*) FROM branches WHERE is_local")).scalar_one()
    return [] if count <= 1 else [f"数据库中有 {count} 个本店记录（应只有 1 个）"]


@check("vehicles.owner_exists", requires=("vehicles", "customers"))
def _vehicle_owner_exists(conn: Connection) -> list[str]:
    rows = conn.execute(text(
        "SELECT v.id, v.plate, v.vin, v.owner_id FROM vehicles v "
        "LEFT JOIN customers c ON c.id = v.owner_id WHERE c.id IS NULL"))
    return [f"车辆 {_label(r.id, r.plate, r.vin)} 的车主（客户 {r.owner_id}）不存在" for r in rows]


@check("vehicles.one_current_ownership", requires=("vehicles", "vehicle_ownerships"))
def _one_current_ownership(conn: Connection) -> list[str]:
    problems: list[str] = []
    rows = conn.execute(text(
        "SELECT v.id, v.plate, v.vin, v.owner_id, "
        "  (SELECT COUNT(*) FROM vehicle_ownerships o "
        "    WHERE o.vehicle_id = v.id AND o.ended_at IS NULL) AS open_rows, "
        "  (SELECT MIN(o.customer_id) FROM vehicle_ownerships o "
        "    WHERE o.vehicle_id = v.id AND o.ended_at IS NULL) AS open_customer "
        "FROM vehicles v"))
    for r in rows:
        label = _label(r.id, r.plate, r.vin)
        if r.open_rows == 0:
            problems.append(f"车辆 {label} 没有当前车主记录（过户记录缺失）")
        elif r.open_rows > 1:
            problems.append(f"车辆 {label} 有 {r.open_rows} 条当前车主记录（应只有 1 条）")
        elif r.open_customer != r.owner_id:
            problems.append(f"车辆 {label} 的当前车主记录（客户 {r.open_customer}）"
                            f"与车辆登记的车主（客户 {r.owner_id}）不一致")
    return problems


@check("vehicles.plate_unique", requires=("vehicles",))
def _plates_unique(conn: Connection) -> list[str]:
    rows = conn.execute(text(
        "SELECT plate, COUNT(*) AS n FROM vehicles WHERE plate <> '' "
        "GROUP BY plate, branch_id HAVING COUNT(*) > 1"))  # HQ holds every branch's cars
    return [f"车牌号 {r.plate} 重复登记了 {r.n} 次" for r in rows]


@check("vehicles.vin_unique", requires=("vehicles",))
def _vins_unique(conn: Connection) -> list[str]:
    rows = conn.execute(text(
        "SELECT vin, COUNT(*) AS n FROM vehicles WHERE vin <> '' "
        "GROUP BY vin, branch_id HAVING COUNT(*) > 1"))
    return [f"车架号 {r.vin} 重复登记了 {r.n} 次" for r in rows]


__all__ = ["CHECK_MODULES", "advice_zh", "check", "check_due", "integrity_problems",
           "registered_checks"]
