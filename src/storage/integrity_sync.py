"""Integrity checks for sync: the outbox matches the data and its sequence has no holes.

Why: export trusts the outbox; if a row changed without its entry (a code path around the
capture, a hand edit), HQ would never hear of it. Retention removes entries HQ acknowledged,
so a row whose last change is older than those has none, and a branch that never enrolled
keeps none (its first bundle is built from the tables). Checked for the tables this side owns
(a branch: its records and its own master-data rows; HQ: its master data) — rows received
from a peer are not local changes and have no entries.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, inspect, select, text

from domain.orm import UTCDateTime
from storage.integrity import check
from storage.outbox import RETENTION, keeps_history
from storage.syncrows import owned_rows_sql, owned_tables

_LIMIT = 20


@check("sync.outbox_sequence", requires=("sync_outbox", "sync_peers"))
def _sequence_not_behind(conn: Connection) -> list[str]:
    """The sequence is not behind what HQ acknowledged (a database restored from an old backup).

    Holes are no longer a sign of trouble: retention removes acknowledged entries, and a
    branch that never enrolled keeps only its last unit of work's (storage.outbox.compact).
    """
    high = conn.execute(text("SELECT MAX(seq) FROM sync_outbox")).scalar()
    acked = conn.execute(text("SELECT MAX(acked_seq) FROM sync_peers WHERE role = 'hq'")).scalar()
    if acked and (high or 0) < acked:
        return [f"同步变更记录的序号（{high or 0}）低于总部已确认的序号 {acked}：数据库可能是从旧备份恢复的"]
    return []


@check("sync.outbox_matches_rows", requires=("sync_outbox", "branches"))
def _outbox_matches_rows(conn: Connection) -> list[str]:
    mode = conn.execute(text("SELECT mode FROM branches WHERE is_local")).scalar() or "branch"
    # a row without an entry is expected where retention removed it: at a branch that never
    # enrolled (it keeps none), or when its last change is older than the newest entry removed
    if not keeps_history(conn):
        unlogged = "FALSE"
    else:
        pruned_at = conn.execute(select(RETENTION.c.pruned_at).where(RETENTION.c.id == 1)).scalar() \
            if inspect(conn).has_table(RETENTION.name) else None
        unlogged = "TRUE" if pruned_at is None else "t.updated_at > :pruned_at"
    existing = {r[0] for r in conn.execute(text(
        "SELECT name FROM sqlite_master WHERE type='table'"))} if conn.dialect.name == "sqlite" else None
    problems: list[str] = []
    for table in owned_tables(str(mode)):
        if existing is not None and table.name not in existing:
            continue
        latest = (f"SELECT o.row_id, o.op, o.row_version FROM sync_outbox o JOIN "
                  f"(SELECT row_id, MAX(seq) AS seq FROM sync_outbox WHERE table_name = '{table.name}' "
                  f"GROUP BY row_id) l ON l.seq = o.seq")
        mine = owned_rows_sql(table.name, str(mode))
        stale = conn.execute(text(
            f"SELECT t.id, t.row_version, e.op, e.row_version AS logged FROM {table.name} t "
            f"LEFT JOIN ({latest}) e ON e.row_id = t.id "
            f"WHERE ((e.row_id IS NULL AND {unlogged}) OR e.op <> 'upsert' OR e.row_version <> t.row_version) "
            f"{f'AND t.{mine} ' if mine else ''}LIMIT {_LIMIT}").bindparams(
            *([bindparam("pruned_at", pruned_at, type_=UTCDateTime())] if unlogged.startswith("t.") else [])))
        for r in stale:
            if r.op is None:
                problems.append(f"表 {table.name} 的记录 {r.id} 没有同步变更记录（不会发送给总部）")
            else:
                problems.append(f"表 {table.name} 的记录 {r.id} 版本 {r.row_version} 与同步变更记录"
                                f"（{r.op}，版本 {r.logged}）不一致")
        missing = conn.execute(text(
            f"SELECT e.row_id FROM ({latest}) e WHERE e.op = 'upsert' AND NOT EXISTS "
            f"(SELECT 1 FROM {table.name} t WHERE t.id = e.row_id) LIMIT {_LIMIT}"))
        problems.extend(f"表 {table.name} 的记录 {r.row_id} 已不存在，但没有删除记录（墓碑）"
                        for r in missing)
    return problems
