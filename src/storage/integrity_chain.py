"""Integrity checks for tamper evidence (issue 23, item 5): the audit chain and row digests.

"``dealerdesk check`` exits 1 and prints one line per finding, naming the table, for an
audit chain break and for each row changed outside the app." Two checks, registered like
every other (:mod:`storage.integrity`), so the command and the weekly background check run
both:

* ``audit.chain``: every chain this database holds (its own, and at HQ each branch's as
  received), entry by entry in number order: each hash recomputed over the entry's fields,
  each link to the entry before, no number missing, and the newest entry the one its head
  (``audit_chain_heads``) remembers; entries outside any chain were added around the app.
* ``audit.row_digests``: every row of every audited table against its latest digest
  (``audit_row_digests``): changed, added (no digest) or deleted (a digest without a row);
  and each digest a per-row audit entry recorded still equals that entry's.

A row is named by the label its audit entries use (``record_label``: work-order number,
plate, name…), else by the same rule applied to the row, else by its id. Both checks read
in bounded memory (tables streamed, digests looked up by key in chunks). What they cannot
find: :mod:`storage.audit_chain`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Table, exists, inspect, select

from domain.stale import RECORD_NAMES
from storage.audit_chain import (
    AUDIT,
    AUDIT_TABLE,
    DIGESTS,
    GENESIS,
    HEADS,
    RETIRED,
    audited_tables,
    entry_hash,
    row_digest,
)
from storage.audit_hook import label_from
from storage.integrity import check

#: at most this many lines per check; the rest are counted in one more line
LIMIT = 200
_CHUNK = 900


class _Lines:
    """Collects findings, keeping the first :data:`LIMIT` and counting the rest."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.more = 0

    def add(self, line: str) -> None:
        if len(self.lines) < LIMIT:
            self.lines.append(line)
        else:
            self.more += 1

    def result(self) -> list[str]:
        if self.more:
            return [*self.lines, f"……另有 {self.more} 处同类问题未逐条列出"]
        return self.lines


def _stream(conn: Connection, query: Any) -> Iterator[Mapping[Any, Any]]:
    yield from conn.execute(query.execution_options(stream_results=True, yield_per=2000)).mappings()


# --- the chain -----------------------------------------------------------------------------
def _chain_name(head: Mapping[Any, Any] | None, chain_id: str) -> str:
    if head is None:
        return f"链 {chain_id[:8]}"
    if head["is_local"]:
        return "本机链"
    if head["source"] == RETIRED:
        return f"本机恢复备份前的链 {chain_id[:8]} "
    return f"分店 {head['source'] or chain_id[:8]} 的链"


def _entry_label(entry: Mapping[Any, Any]) -> str:
    parts = [str(entry["action"]), str(entry["table_name"] or ""), str(entry["record_label"] or "")]
    return " ".join(p for p in parts if p)


@check("audit.chain", requires=(AUDIT_TABLE, HEADS.name))
def _audit_chain(conn: Connection) -> list[str]:
    out = _Lines()
    where = f"操作日志（{AUDIT_TABLE}）"
    heads = {str(h["chain_id"]): h for h in conn.execute(select(HEADS)).mappings()}
    seen: set[str] = set()
    current: str | None = None
    head: Mapping[Any, Any] | None = None
    last_seq = 0
    last_hash = ""
    name = ""

    def finish() -> None:
        if current is None:
            return
        if head is None:
            out.add(f"{where}{name}没有链头记录：这些记录是在程序之外添加的")
        elif last_seq < int(head["seq"]):
            out.add(f"{where}{name}最新的第 {last_seq + 1}-{head['seq']} 条已被删除")
        elif last_seq > int(head["seq"]):
            out.add(f"{where}{name}第 {int(head['seq']) + 1}-{last_seq} 条不在链头记录之内：在程序之外添加")
        elif last_hash != head["last_hash"]:
            out.add(f"{where}{name}最新一条（第 {last_seq} 条）与链头记录不符：被改动或替换")

    query = select(AUDIT).where(AUDIT.c.chain_id != "").order_by(AUDIT.c.chain_id, AUDIT.c.seq)
    for entry in _stream(conn, query):
        chain = str(entry["chain_id"])
        seq = int(entry["seq"] or 0)
        if chain != current:
            finish()
            current, head = chain, heads.get(chain)
            seen.add(chain)
            name = _chain_name(head, chain)
            received = head is not None and not head["is_local"]
            if seq != 1 and not received:
                out.add(f"{where}{name}第 1-{seq - 1} 条已被删除")
            expected_prev = GENESIS if seq == 1 or not received else str(entry["prev_hash"])
        else:
            if seq != last_seq + 1:
                out.add(f"{where}{name}第 {last_seq + 1}-{seq - 1} 条已被删除")
            expected_prev = last_hash
        label = _entry_label(entry)
        if str(entry["prev_hash"]) != expected_prev:
            out.add(f"{where}{name}第 {seq} 条（{label}）与前一条不相连：链被改动")
        if entry_hash(entry, str(entry["prev_hash"])) != entry["entry_hash"]:
            out.add(f"{where}{name}第 {seq} 条（{label}）的内容与其哈希不符：在程序之外被修改")
        last_seq, last_hash = seq, str(entry["entry_hash"])
    finish()
    for chain, found in heads.items():
        if chain not in seen and int(found["seq"]) > 0:
            out.add(f"{where}{_chain_name(found, chain)}的全部 {found['seq']} 条已被删除")
    for entry in _stream(conn, select(AUDIT).where(AUDIT.c.chain_id == "")):
        out.add(f"{where}一条记录（{_entry_label(entry)}）不在任何链中：在程序之外添加")
    return out.result()


# --- the rows ------------------------------------------------------------------------------
def _record_name(table_name: str) -> str:
    found = RECORD_NAMES.get(table_name)
    return f"{table_name}（{found[0]}）" if found else table_name


def _trail_labels(conn: Connection, table_name: str, ids: list[str]) -> dict[str, str]:
    """The newest non-empty ``record_label`` the trail gives each of these rows."""
    labels: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        rows = conn.execute(select(AUDIT.c.record_id, AUDIT.c.record_label)
                            .where(AUDIT.c.table_name == table_name, AUDIT.c.record_id.in_(chunk),
                                   AUDIT.c.record_label != "")
                            .order_by(AUDIT.c.at))
        for record_id, label in rows:
            labels[str(record_id)] = str(label)
    return labels


def _rows_of(conn: Connection, table: Table, out: _Lines) -> None:
    name = table.name
    changed: list[tuple[str, str]] = []
    added: list[tuple[str, str]] = []
    batch: list[Mapping[Any, Any]] = []

    def compare() -> None:
        ids = [str(r["id"]) for r in batch]
        known = {str(r[0]): str(r[1]) for r in conn.execute(
            select(DIGESTS.c.record_id, DIGESTS.c.digest).where(
                DIGESTS.c.table_name == name, DIGESTS.c.record_id.in_(ids)))}
        for row in batch:
            row_id = str(row["id"])
            stored = known.get(row_id)
            if stored is None:
                added.append((row_id, label_from(row)))
            elif stored != row_digest(name, row):
                changed.append((row_id, label_from(row)))
        batch.clear()

    for row in _stream(conn, select(table)):
        batch.append(row)
        if len(batch) >= _CHUNK:
            compare()
    if batch:
        compare()
    gone = [str(r[0]) for r in conn.execute(select(DIGESTS.c.record_id).where(
        DIGESTS.c.table_name == name, ~exists().where(table.c.id == DIGESTS.c.record_id)))]
    labels = _trail_labels(conn, name, [i for i, _l in changed] + gone)
    what = _record_name(name)
    for row_id, own in changed:
        out.add(f"{what}记录 {labels.get(row_id) or own or row_id}：在程序之外被修改")
    for row_id, own in added:
        out.add(f"{what}记录 {own or row_id}：在程序之外被添加（没有操作记录）")
    for row_id in gone:
        out.add(f"{what}记录 {labels.get(row_id) or row_id}：在程序之外被删除")


@check("audit.row_digests", requires=(AUDIT_TABLE, DIGESTS.name))
def _row_digests(conn: Connection) -> list[str]:
    out = _Lines()
    present = set(inspect(conn).get_table_names())
    for table in audited_tables():
        if table.name in present:
            _rows_of(conn, table, out)
    # a digest and its row edited together still disagree with the chained entry (an entry
    # that is gone is the chain check's finding, not a second one here)
    mismatched = conn.execute(
        select(DIGESTS.c.table_name, DIGESTS.c.record_id)
        .select_from(DIGESTS.join(AUDIT, AUDIT.c.id == DIGESTS.c.entry_id))
        .where(DIGESTS.c.entry_id != "", AUDIT.c.row_digest != DIGESTS.c.digest))
    for table_name, record_id in mismatched:
        label = _trail_labels(conn, str(table_name), [str(record_id)]).get(str(record_id))
        out.add(f"{_record_name(str(table_name))}记录 {label or record_id}：校验值与操作日志不符，"
                "在程序之外被修改")
    return out.result()


__all__ = ["LIMIT"]
