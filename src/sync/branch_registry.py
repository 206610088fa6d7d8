"""Only HQ's enrolment creates a branch (issue 23 item 1: "A branch can never send
branch-registry rows … Only HQ's enrolment creates a branch").

A branch's rows at HQ name its branch id, which the branch made when it was initialised and
HQ cannot know when it writes the enrolment file. So the branch's first bundle states that id
(and its address, phone and time zone) in the enrolment block of the signed manifest, beside
the proof that it holds HQ's one-time enrolment secret; HQ, having verified both, writes the
registry row itself under the code and name it enrolled. No ``branches`` row ever travels in
a branch's payload, and a bundle carrying one is refused whole (:mod:`sync.owners`).

What this costs: the branch's later changes to its own address, phone or time zone stay at
the branch (HQ's registry row is HQ's); HQ's copy is the one made at enrolment.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Table, select

from domain import clock
from domain.model.branch import Branch
from storage import audit_chain

BRANCHES = cast(Table, Branch.__table__)
#: the fields of the enrolment block's ``branch`` part, with their column limits
_TEXT_LIMITS = {"address": 200, "phone": 40, "timezone": 40}


class RegistryRefused(Exception):
    """The first bundle's branch identity cannot be registered; ``reason`` is one Chinese line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def identity(conn: Connection) -> dict[str, str]:
    """At a branch: what its first bundle tells HQ about itself (the local registry row)."""
    row = conn.execute(select(BRANCHES.c.id, BRANCHES.c.address, BRANCHES.c.phone, BRANCHES.c.timezone)
                       .where(BRANCHES.c.is_local.is_(True))).one()
    return {"id": str(row.id), "address": row.address or "", "phone": row.phone or "",
            "timezone": row.timezone or "Asia/Shanghai"}


def register(conn: Connection, code: str, name: str, block: Any, enrolled_at: datetime | None) -> str:
    """At HQ, in the import's transaction, once the enrolment proof is verified: the branch's
    registry row (made now, or the one HQ already holds for ``code``); returns its id.

    Raises :class:`RegistryRefused` when the block is missing or malformed, or names an id
    that is not the one HQ holds for the code or that another branch already uses. The row is
    dated when HQ enrolled the branch (``enrolled_at``): that is when HQ made the branch.
    """
    if not isinstance(block, dict):
        raise RegistryRefused(f"分店 {code} 的登记信息中没有门店身份（请先升级分店的程序）")
    branch_id = _branch_id(code, block.get("id"))
    held = conn.execute(select(BRANCHES.c.id).where(BRANCHES.c.code == code)).first()
    if held is not None:
        if str(held.id) != branch_id:
            raise RegistryRefused(f"分店 {code} 的门店身份 {branch_id} 与总部登记的 {held.id} 不符"
                                  "（请先恢复本店的备份，或由总部重新签发登记文件）")
        return branch_id
    if conn.execute(select(BRANCHES.c.code).where(BRANCHES.c.id == branch_id)).first() is not None:
        raise RegistryRefused(f"门店身份 {branch_id} 已属于总部登记的另一家门店，不能用于分店 {code}")
    texts = {field: _text(code, field, block.get(field, ""), limit) for field, limit in _TEXT_LIMITS.items()}
    try:
        ZoneInfo(texts["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise RegistryRefused(f"分店 {code} 的登记信息中时区无效") from None
    now = enrolled_at or clock.now()
    conn.execute(BRANCHES.insert().values(id=branch_id, code=code, name=name, mode="branch", is_local=False,
                                          row_version=1, created_at=now, updated_at=now, **texts))
    audit_chain.seal(conn, [(BRANCHES.name, branch_id)], [])  # its digest: check knows HQ wrote it
    return branch_id


def _branch_id(code: str, value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise RegistryRefused(f"分店 {code} 的登记信息中门店身份无效") from None


def _text(code: str, field: str, value: Any, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise RegistryRefused(f"分店 {code} 的登记信息中 {field} 无效")
    return value
