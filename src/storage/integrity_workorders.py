"""Integrity checks for work orders (工单), registered with :mod:`storage.integrity`.

Why these four: they are what the board, the printed forms and the numbering silently rely
on. A line or event without its order vanishes from every screen; a duplicated number or a
sequence behind the numbers already used makes the next order at the counter clash; a
stored total that differs from its lines prints a wrong settlement statement; an order
whose state is not where its timeline ends has a history nobody can explain. The totals
are recomputed with the domain's own functions (never a second money formula), in batches
so 500,000 orders fit in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import Connection, bindparam, inspect, text

from domain.workorder_rules import (
    LineAmount,
    compute_totals,
    labour_amount,
    parse_number,
    part_amount,
)
from storage.integrity import check

#: Orders per batch when recomputing totals.
BATCH = 5_000
#: At most this many lines per check, so a badly damaged file still gives a readable report.
MAX_REPORTED = 200

#: child table → (column pointing at the order, what a row is called)
_CHILDREN: tuple[tuple[str, str], ...] = (
    ("wo_labour_lines", "工时项目"),
    ("wo_part_lines", "配件项目"),
    ("wo_sundry_lines", "杂费项目"),
    ("wo_jobs", "派工单"),
    ("wo_events", "状态记录"),
    ("wo_payments", "收款记录"),
    ("wo_quality_checks", "质检记录"),
    ("wo_discounts", "折扣记录"),
    ("wo_reversals", "冲销记录"),
    ("wo_supplementary_approvals", "增项确认"),
    ("wo_requisitions", "领料单"),
    ("wo_handovers", "交接记录"),
)


def _capped(problems: list[str], total: int) -> list[str]:
    if total > len(problems):
        problems.append(f"……另有 {total - len(problems)} 个同类问题未列出")
    return problems


@check("work_orders.children_have_order", requires=("work_orders", "wo_labour_lines", "wo_events"))
def _children_have_order(conn: Connection) -> list[str]:
    tables = set(inspect(conn).get_table_names())
    problems: list[str] = []
    total = 0
    for table, label in _CHILDREN:
        if table not in tables:
            continue
        rows = conn.execute(text(
            f"SELECT c.id, c.work_order_id FROM {table} c LEFT JOIN work_orders o "  # noqa: S608  (fixed names)
            "ON o.id = c.work_order_id WHERE o.id IS NULL")).all()
        total += len(rows)
        problems.extend(f"{label} {r.id} 所属的工单 {r.work_order_id} 不存在"
                        for r in rows[:max(0, MAX_REPORTED - len(problems))])
    if "wo_time_entries" in tables and "wo_jobs" in tables:
        rows = conn.execute(text(
            "SELECT t.id, t.job_id FROM wo_time_entries t LEFT JOIN wo_jobs j ON j.id = t.job_id "
            "WHERE j.id IS NULL")).all()
        total += len(rows)
        problems.extend(f"工时记录 {r.id} 所属的派工单 {r.job_id} 不存在"
                        for r in rows[:max(0, MAX_REPORTED - len(problems))])
    return _capped(problems, total)


@check("work_orders.number_unique", requires=("work_orders",))
def _numbers_unique(conn: Connection) -> list[str]:
    rows = conn.execute(text(
        "SELECT branch_id, number, COUNT(*) AS n FROM work_orders "
        "GROUP BY branch_id, number HAVING COUNT(*) > 1")).all()
    return _capped([f"工单号 {r.number} 重复了 {r.n} 次" for r in rows[:MAX_REPORTED]], len(rows))


@check("work_orders.number_sequence", requires=("work_orders", "number_sequences", "branches"))
def _sequence_ahead_of_numbers(conn: Connection) -> list[str]:
    """Every serial used must be at or below its sequence, or the next number clashes."""
    last: dict[tuple[str, str], int] = {
        (r.branch_id, r.period): r.last_serial for r in conn.execute(text(
            "SELECT branch_id, period, last_serial FROM number_sequences WHERE kind = 'WO'"))}
    codes = {r.id: r.code for r in conn.execute(text("SELECT id, code FROM branches"))}
    highest: dict[tuple[str, str], tuple[int, str]] = {}
    for r in conn.execute(text("SELECT branch_id, number FROM work_orders")):
        parsed = parse_number(r.number)
        if parsed is None or parsed[1] != "WO" or parsed[0] != codes.get(r.branch_id, parsed[0]):
            continue  # numbers from elsewhere (imports) are not the sequence's business
        key = (r.branch_id, parsed[2])
        if parsed[3] > highest.get(key, (0, ""))[0]:
            highest[key] = (parsed[3], r.number)
    problems = []
    for (branch_id, period), (serial, number) in sorted(highest.items()):
        recorded = last.get((branch_id, period), 0)
        if serial > recorded:
            problems.append(f"工单号 {number} 超出了 {period} 月的编号计数（{recorded}），"
                            "下一张新工单的编号会重复")
    return problems


def _batches(conn: Connection) -> Iterator[list[tuple[str, str, int, int, int, int]]]:
    after = ""
    while True:
        rows = conn.execute(text(
            "SELECT id, number, order_discount_fen, tax_bp, total_fen, customer_fen FROM work_orders "
            "WHERE id > :after ORDER BY id LIMIT :n"), {"after": after, "n": BATCH}).all()
        if not rows:
            return
        yield [tuple(r) for r in rows]  # type: ignore[misc]
        after = rows[-1][0]


@check("work_orders.totals", requires=("work_orders", "wo_labour_lines", "wo_part_lines",
                                       "wo_sundry_lines"))
def _totals_match_lines(conn: Connection) -> list[str]:
    problems: list[str] = []
    total = 0
    queries = {
        "labour": text("SELECT work_order_id, hours_centi, rate_fen, discount_fen, payer "
                       "FROM wo_labour_lines WHERE work_order_id IN :ids"),
        "part": text("SELECT work_order_id, qty_milli, unit_price_fen, discount_fen, payer "
                     "FROM wo_part_lines WHERE work_order_id IN :ids"),
        "sundry": text("SELECT work_order_id, amount_fen, 0, discount_fen, payer "
                       "FROM wo_sundry_lines WHERE work_order_id IN :ids"),
    }
    queries = {k: q.bindparams(bindparam("ids", expanding=True)) for k, q in queries.items()}
    for batch in _batches(conn):
        ids = [row[0] for row in batch]
        lines: dict[str, list[LineAmount]] = defaultdict(list)
        for kind, query in queries.items():
            for order_id, a, b, discount, payer in conn.execute(query, {"ids": ids}):
                gross = (labour_amount(a, b) if kind == "labour" else part_amount(a, b)
                         if kind == "part" else a)
                lines[order_id].append(LineAmount(kind, gross, discount, payer))
        for order_id, number, order_discount, tax_bp, stored_total, stored_customer in batch:
            try:
                totals = compute_totals(lines.get(order_id, []), order_discount, tax_bp)
            except Exception as exc:  # noqa: BLE001  (a refused discount is a finding, not a crash)
                total += 1
                if len(problems) < MAX_REPORTED:
                    problems.append(f"工单 {number} 的金额无法重算：{exc}")
                continue
            if totals.total_fen != stored_total or totals.customer_fen != stored_customer:
                total += 1
                if len(problems) < MAX_REPORTED:
                    problems.append(
                        f"工单 {number} 保存的合计 {stored_total} 分 / 客户应付 {stored_customer} 分"
                        f"与明细重算的 {totals.total_fen} 分 / {totals.customer_fen} 分不符")
    return _capped(problems, total)


@check("work_orders.state_matches_timeline", requires=("work_orders", "wo_events"))
def _state_matches_last_event(conn: Connection) -> list[str]:
    rows = conn.execute(text(
        "SELECT o.number, o.state, "
        "  (SELECT e.to_state FROM wo_events e WHERE e.work_order_id = o.id "
        "   ORDER BY e.seq DESC LIMIT 1) AS last_state "
        "FROM work_orders o")).all()
    problems: list[str] = []
    total = 0
    for r in rows:
        if r.last_state == r.state:
            continue
        total += 1
        if len(problems) >= MAX_REPORTED:
            continue
        if r.last_state is None:
            problems.append(f"工单 {r.number} 没有任何状态记录（当前状态 {r.state}）")
        else:
            problems.append(f"工单 {r.number} 的状态 {r.state} 与最后一条状态记录（{r.last_state}）不一致")
    return _capped(problems, total)


__all__ = ["BATCH", "MAX_REPORTED"]
