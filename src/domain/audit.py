"""Who is acting, and recording events that are not row changes (登录、导出、备份…).

Why a context variable: services already receive an :class:`domain.roles.Actor` and check it
with :func:`domain.roles.require`, which sets it here; the storage hook
(:mod:`storage.audit_hook`) reads it when a unit of work flushes. No call has to thread the
actor through to the database. A call that changes rows without any known actor is
recorded as 系统.

Permission refusals have no session (``require`` raises before a unit of work opens, or
the unit of work rolls back): ``require`` hands them to a *refusal sink* that storage
installs, which saves them in a small unit of work of its own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from domain import clock
from domain.labels import tables
from domain.messages import register
from domain.model.audit import AuditEntry
from domain.orm import new_id

if TYPE_CHECKING:
    from domain.roles import Actor

log = logging.getLogger(__name__)

register("audit.append_only", "操作日志只能追加，不能修改或删除",
         "the audit trail is append-only: entries cannot be changed or deleted")

SYSTEM_NAME = "系统"

ACTION_LABELS_ZH: dict[str, str] = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "state": "状态变更",
    "bulk_insert": "批量新增",
    "bulk_update": "批量修改",
    "bulk_delete": "批量删除",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "refused": "权限拒绝",
    "export": "导出数据包",
    "import": "导入数据包",
    "import_refused": "拒绝数据包",
    "backup": "备份",
    "restore": "恢复",
    "enrol": "分店登记",
    "revoke_key": "吊销分店密钥",
    "moved_to_server": "搬到本店主机",
}
ACTION_LABELS_EN: dict[str, str] = {
    "create": "Created",
    "update": "Changed",
    "delete": "Deleted",
    "state": "State change",
    "bulk_insert": "Bulk insert",
    "bulk_update": "Bulk change",
    "bulk_delete": "Bulk delete",
    "login": "Login",
    "login_failed": "Failed login",
    "logout": "Logout",
    "refused": "Permission refused",
    "export": "Bundle export",
    "import": "Bundle import",
    "import_refused": "Bundle refused",
    "backup": "Backup",
    "restore": "Restore",
    "enrol": "Branch enrolment",
    "revoke_key": "Branch key revoked",
    "moved_to_server": "Moved to the main PC",
}
ACTION_LABELS = tables(ACTION_LABELS_ZH, ACTION_LABELS_EN)

#: Fields never written to the trail (their change is noted, their value never).
SECRET_FIELDS: frozenset[str] = frozenset({"password_hash", "password", "secret_hash"})
SECRET_MARK = "（已更改，不记录）"

_actor: ContextVar[Actor | None] = ContextVar("dealerdesk_actor", default=None)

RefusalSink = Callable[["Actor", str], None]
_refusal_sink: RefusalSink | None = None


def set_actor(actor: Actor | None) -> None:
    """Who acts from now on in this thread/context (``require`` calls this)."""
    _actor.set(actor)


def current_actor() -> Actor | None:
    return _actor.get()


@contextmanager
def acting(actor: Actor | None) -> Iterator[None]:
    """Run a block as ``actor`` and restore the previous actor after it."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def who(actor: Actor | None) -> tuple[str | None, str]:
    """(staff id, name shown in the trail) of an actor; the system when there is none."""
    if actor is None or actor.staff_id is None:  # the system, or a command line's OS account
        return None, SYSTEM_NAME if actor is None else (actor.display_name or SYSTEM_NAME)
    return actor.staff_id, actor.display_name or actor.username


def set_refusal_sink(sink: RefusalSink | None) -> None:
    """Storage installs the function that saves permission refusals (see module doc)."""
    global _refusal_sink
    _refusal_sink = sink


def refused(actor: Actor, action: str) -> None:
    """A permission refusal happened; save it, but never let saving it hide the refusal."""
    sink = _refusal_sink
    if sink is None:
        return
    try:
        sink(actor, action)
    except Exception:  # noqa: BLE001 — the refusal itself must still be raised
        log.warning("permission refusal could not be recorded", exc_info=True)


def plain(value: Any) -> Any:
    """A value as JSON can hold it (times and dates as ISO text, enums as their value)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def dump_changes(changes: dict[str, tuple[Any, Any]]) -> str:
    return json.dumps({k: [plain(b), plain(a)] for k, (b, a) in changes.items()},
                      ensure_ascii=False, sort_keys=True)


def record_event(session: Session, actor: Actor | None, kind: str, detail: str = "", *,
                 table_name: str = "", record_id: str = "", record_label: str = "") -> None:
    """Add an entry for something that is not a row change (login, export, backup…).

    It commits with ``session``'s unit of work, and travels to HQ like any other entry.
    """
    staff_id, name = who(actor)
    session.add(AuditEntry(at=clock.now(), staff_id=staff_id, staff_name=name, action=kind,
                           table_name=table_name, record_id=record_id,
                           record_label=record_label[:200], detail=detail, changes="{}",
                           row_count=1))


def event_values(actor: Actor | None, kind: str, detail: str = "", *,
                 record_id: str = "", record_label: str = "") -> dict[str, Any]:
    """Every column of an event entry, for code that writes on a plain connection.

    Sync imports run on a ``Connection`` (not a session: no hook fires), so they insert
    the entry themselves, in the import's own transaction.
    """
    staff_id, name = who(actor)
    now = clock.now()
    return {"id": new_id(), "created_at": now, "updated_at": now, "row_version": 1, "at": now,
            "staff_id": staff_id, "staff_name": name, "action": kind, "table_name": "",
            "record_id": record_id[:36], "record_label": record_label[:200], "changes": "{}",
            "detail": detail, "row_count": 1}
