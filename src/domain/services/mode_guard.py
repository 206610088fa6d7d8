"""HQ reads the branches' records and never writes them (总部只读分店数据).

Why: a branch's customers, vehicles, work orders, complaints and care records belong to the
branch that made them; they travel one way, branch → HQ. An edit made at HQ would never go
back to the branch, and because it bumps ``row_version`` the branch's next real edit of the
same row would carry the same version and be skipped at the HQ import ("row version
decides") — the two copies would silently part. This is the mirror of
``masterdata.hq_item`` (a branch may not change the master data HQ issued).

Every write method of the branch-operational services calls :func:`require_branch_mode` at
the start of its unit of work, so the user gets one plain sentence before anything is
touched. Sync imports write through Core connections and never reach these services.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from domain.errors import Conflict
from domain.messages import register
from domain.services.branch import local_branch

#: the code of the refusal
BRANCH_DATA_READ_ONLY = "hq.branch_data_read_only"

register(BRANCH_DATA_READ_ONLY,
         "总部只能查看分店数据，不能新增或修改（请在分店操作后同步）",
         "HQ can only view branch data, not add or change it (make the change at the branch, "
         "then sync)")


def is_hq(session: Session) -> bool:
    """Whether this database is HQ's (its local branch row says so)."""
    return local_branch(session).mode == "hq"


def require_branch_mode(session: Session) -> None:
    """Refuse a write of branch-owned operational data when this database is HQ's."""
    if is_hq(session):
        raise Conflict(BRANCH_DATA_READ_ONLY)
