"""Whose master-data rows a bundle may carry (主数据归属检查).

Why: master data is owned row by row (:mod:`domain.masterdata_rules`): HQ's rows have no
branch, a branch's own rows (本店) name it. A bundle may write only rows its sender owns —
HQ's bundle HQ's rows, a branch's bundle that branch's rows — and may not turn someone
else's row into its own. Anything else is refused whole, before a row is written, like any
other bundle that breaks the trust boundary (DESIGN.md, Sync).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from domain.model.branch import Branch
from storage.syncrows import is_master_data, table_by_name

BRANCHES = cast(Table, Branch.__table__)
_CHUNK = 500


def foreign_master_data(conn: Connection, changes: Sequence[dict[str, Any]], *, sender: str,
                        at_hq: bool) -> str | None:
    """The first master-data change ``sender`` may not make, as one Chinese line (None: all fine).

    At HQ the sender is a branch: every row must name that branch, and a row HQ already holds
    under the same id must be that branch's too. At a branch the sender is HQ: every row must
    be HQ's (no branch), and so must the row it replaces or deletes.
    """
    by_table: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        if is_master_data(change.get("t", "")):
            by_table.setdefault(change["t"], []).append(change)
    if not by_table:
        return None
    codes = _branch_codes(conn, changes) if at_hq else {}

    def owned_by_sender(branch_id: str | None) -> bool:
        if at_hq:
            return branch_id is not None and codes.get(branch_id) == sender
        return branch_id is None

    for name, mine in by_table.items():
        for change in mine:
            row = change.get("row") or {}
            if change.get("op") == "upsert" and not owned_by_sender(row.get("branch_id")):
                return _refusal(name, change["id"], sender)
        for row_id, owner in _owners(conn, table_by_name()[name], [c["id"] for c in mine]):
            if not owned_by_sender(owner):
                return _refusal(name, row_id, sender)
    return None


def _refusal(table: str, row_id: str, sender: str) -> str:
    return f"数据包含有不属于 {sender} 的主数据（{table} 记录 {row_id}），已拒绝整个数据包"


def _branch_codes(conn: Connection, changes: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Branch id → code: the rows HQ holds and those the bundle brings (its first bundle
    carries the branch's own row)."""
    codes = {str(r.id): str(r.code) for r in conn.execute(select(BRANCHES.c.id, BRANCHES.c.code))}
    for change in changes:
        row = change.get("row") or {}
        if change.get("t") == BRANCHES.name and change.get("op") == "upsert" and "code" in row:
            codes.setdefault(str(change["id"]), str(row["code"]))
    return codes


def _owners(conn: Connection, table: Table, ids: list[str]) -> Iterable[tuple[str, str | None]]:
    """(id, branch_id) of the rows this database already holds among ``ids``."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        yield from ((str(r[0]), r[1]) for r in conn.execute(
            select(table.c.id, table.c.branch_id).where(table.c.id.in_(chunk))))
