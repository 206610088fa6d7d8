"""The work-order state machine, money and numbering rules, without a database."""

from __future__ import annotations

import ast
import inspect
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import workorder_rules
from domain.errors import Conflict, NotAllowed, ValidationError
from domain.roles import Actor, Role
from domain.workorder_rules import (
    TRANSITIONS,
    Action,
    LineAmount,
    Payer,
    WOState,
    allowed_actions,
    compute_totals,
    discount_above_limit,
    div_half_up,
    format_number,
    labour_amount,
    parse_number,
    part_amount,
    transition,
    yuan,
)

MANAGER = Actor("m", "m", "经理甲", Role.MANAGER)

EXPECTED = {
    (Action.APPROVE, WOState.DRAFT): WOState.OPENED,
    (Action.START, WOState.OPENED): WOState.IN_PROGRESS,
    (Action.WAIT_PARTS, WOState.IN_PROGRESS): WOState.WAITING_PARTS,
    (Action.RESUME, WOState.WAITING_PARTS): WOState.IN_PROGRESS,
    (Action.SUBMIT_QC, WOState.IN_PROGRESS): WOState.QC,
    (Action.PASS_QC, WOState.QC): WOState.READY,
    (Action.FAIL_QC, WOState.QC): WOState.IN_PROGRESS,
    (Action.SETTLE, WOState.READY): WOState.SETTLED,
    (Action.REVERSE, WOState.SETTLED): WOState.READY,
    (Action.DELIVER, WOState.SETTLED): WOState.DELIVERED,
    (Action.CANCEL, WOState.DRAFT): WOState.CANCELLED,
    (Action.CANCEL, WOState.OPENED): WOState.CANCELLED,
    (Action.CANCEL, WOState.IN_PROGRESS): WOState.CANCELLED,
}
ALL_PAIRS = [(a, s) for a in Action for s in WOState]


def test_table_is_exactly_the_documented_machine() -> None:
    assert {(t.action, t.source): t.target for t in TRANSITIONS} == EXPECTED


@pytest.mark.parametrize(("action", "source"), sorted(EXPECTED, key=str))
def test_allowed_transition(action: Action, source: WOState) -> None:
    assert transition(source, action, MANAGER, reason="原因") is EXPECTED[(action, source)]


@pytest.mark.parametrize(("action", "source"),
                         [p for p in ALL_PAIRS if p not in EXPECTED], ids=str)
def test_forbidden_transition_is_refused_in_chinese(action: Action, source: WOState) -> None:
    with pytest.raises(Conflict) as info:
        transition(source, action, MANAGER, number="BJ01-WO-2611-0001", reason="原因")
    assert info.value.code == "workorder.transition_forbidden"
    text = str(info.value)
    assert "BJ01-WO-2611-0001" in text
    assert workorder_rules.STATE_LABELS_ZH[source] in text
    assert workorder_rules.ACTION_LABELS_ZH[action] in text
    assert "不能" in text


@pytest.mark.parametrize("transition_row", TRANSITIONS, ids=lambda t: f"{t.action}-{t.source}")
def test_roles_per_transition(transition_row: workorder_rules.Transition) -> None:
    for role in Role:
        actor = Actor("x", "x", "某人", role)
        if role is Role.SYSTEM or role in transition_row.roles:
            transition(transition_row.source, transition_row.action, actor, reason="原因")
            assert role is Role.SYSTEM or transition_row.action in allowed_actions(
                transition_row.source, role)
        else:
            with pytest.raises(NotAllowed):
                transition(transition_row.source, transition_row.action, actor, reason="原因")
            assert transition_row.action not in allowed_actions(transition_row.source, role)


def test_specific_role_rules() -> None:
    tech = Actor("t", "t", "技师", Role.TECHNICIAN)
    with pytest.raises(NotAllowed):
        transition(WOState.READY, Action.SETTLE, tech)
    with pytest.raises(NotAllowed):
        transition(WOState.QC, Action.PASS_QC, tech)
    cashier = Actor("c", "c", "收银", Role.CASHIER)
    assert transition(WOState.READY, Action.SETTLE, cashier) is WOState.SETTLED
    with pytest.raises(NotAllowed):
        transition(WOState.DRAFT, Action.CANCEL, cashier, reason="x")


@pytest.mark.parametrize("action", sorted(workorder_rules.REASON_REQUIRED))
def test_reason_required(action: Action) -> None:
    source = next(t.source for t in TRANSITIONS if t.action is action)
    with pytest.raises(ValidationError) as info:
        transition(source, action, MANAGER, reason="  ")
    assert info.value.code == "workorder.reason_required"
    assert "原因" in str(info.value)


# --- money ----------------------------------------------------------------------------------
def test_rounding_half_up() -> None:
    assert div_half_up(5, 10) == 1
    assert div_half_up(4, 10) == 0
    assert div_half_up(15, 10) == 2
    assert div_half_up(-15, 10) == -2
    assert labour_amount(150, 12_000) == 18_000  # 1.5 h × 120 yuan
    assert labour_amount(33, 10_001) == 3300  # 3300.33 fen → 3300
    assert labour_amount(50, 1) == 1  # 0.5 fen rounds up
    assert part_amount(1500, 4_999) == 7_499  # 1.5 × 49.99 = 74.985 → 74.99
    assert part_amount(333, 100) == 33


def test_totals_with_discounts_split_and_tax() -> None:
    lines = [
        LineAmount("labour", labour_amount(150, 12_000), 1_000, Payer.CUSTOMER),  # 180 − 10
        LineAmount("part", part_amount(2_000, 8_850), 0, Payer.WARRANTY),  # 177.00
        LineAmount("part", part_amount(1_500, 4_999), 499, Payer.CUSTOMER),  # 74.99 − 4.99
        LineAmount("sundry", 2_000, 0, Payer.INSURANCE),
    ]
    totals = compute_totals(lines, order_discount_fen=500, tax_bp=600)
    assert (totals.labour_fen, totals.parts_fen, totals.sundry_fen) == (18_000, 25_199, 2_000)
    assert totals.gross_fen == 45_199
    assert totals.line_discount_fen == 1_499
    customer_net = 17_000 + 7_000 - 500
    assert totals.share(Payer.CUSTOMER) == customer_net + div_half_up(customer_net * 600, 10_000)
    assert totals.share(Payer.WARRANTY) == 17_700 + 1_062
    assert totals.share(Payer.INSURANCE) == 2_000 + 120
    assert totals.total_fen == sum(s.total_fen for s in totals.shares)
    assert totals.customer_fen + totals.others_fen == totals.total_fen
    assert [s.payer for s in totals.shares] == ["customer", "insurance", "warranty"]


def test_discount_limits() -> None:
    with pytest.raises(ValidationError):
        compute_totals([LineAmount("labour", 100, 101, Payer.CUSTOMER)])
    with pytest.raises(ValidationError) as info:
        compute_totals([LineAmount("labour", 100, 0, Payer.WARRANTY)], order_discount_fen=1)
    assert info.value.code == "workorder.order_discount_exceeds"
    assert not discount_above_limit(1_000, 10_000, 1_000)  # exactly 10 %
    assert discount_above_limit(1_001, 10_000, 1_000)
    assert not discount_above_limit(0, 0, 1_000)
    assert discount_above_limit(1, 0, 1_000)


def test_yuan_text() -> None:
    assert yuan(0) == "0.00"
    assert yuan(5) == "0.05"
    assert yuan(123_456) == "1234.56"
    assert yuan(-150) == "-1.50"


line_strategy = st.builds(
    lambda kind, gross, share, payer: LineAmount(kind, gross, gross * share // 100, payer),
    st.sampled_from(["labour", "part", "sundry"]),
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=100),
    st.sampled_from(list(Payer)),
)


@given(st.lists(line_strategy, max_size=40), st.integers(min_value=0, max_value=100),
       st.integers(min_value=0, max_value=3_000))
def test_property_payer_shares_add_up(lines: list[LineAmount], order_share: int, tax_bp: int) -> None:
    customer_net = sum(x.net_fen for x in lines if x.payer == Payer.CUSTOMER)
    order_discount = customer_net * order_share // 100
    totals = compute_totals(lines, order_discount, tax_bp)
    assert sum(s.total_fen for s in totals.shares) == totals.total_fen
    assert totals.net_fen + totals.tax_fen == totals.total_fen
    assert totals.gross_fen - totals.line_discount_fen - order_discount == totals.net_fen
    assert totals.labour_fen + totals.parts_fen + totals.sundry_fen == totals.gross_fen
    for share in totals.shares:
        assert isinstance(share.total_fen, int)
        assert share.net_fen >= 0
        assert share.tax_fen == div_half_up(share.net_fen * tax_bp, 10_000)
    assert all(isinstance(v, int) for v in (totals.total_fen, totals.tax_fen, totals.customer_fen))


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=10**7))
def test_property_labour_rounding_exact(hours_centi: int, rate_fen: int) -> None:
    amount = labour_amount(hours_centi, rate_fen)
    exact_hundredths = hours_centi * rate_fen
    assert abs(amount * 100 - exact_hundredths) <= 50
    if exact_hundredths % 100 == 50:
        assert amount * 100 > exact_hundredths  # half rounds up


def test_no_float_in_money_rules() -> None:
    tree = ast.parse(inspect.getsource(workorder_rules))
    floats = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, float)]
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in ("float", "round")]
    divisions = [n for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)]
    assert not floats and not calls and not divisions


# --- numbering ------------------------------------------------------------------------------
def test_format_number() -> None:
    assert format_number("BJ01", "WO", date(2026, 11, 5), 1) == "BJ01-WO-2611-0001"
    assert format_number("BJ01", "TS", date(2026, 11, 30), 7) == "BJ01-TS-2611-007"
    assert format_number("SH2", "WO", date(2027, 1, 1), 12_345) == "SH2-WO-2701-12345"
    assert parse_number("bj01-wo-2611-0001") == ("BJ01", "WO", "2611", 1)
    assert parse_number("京A12345") is None
    with pytest.raises(ValueError):
        format_number("BJ01", "WO", date(2026, 11, 5), 0)


def test_permission_matrix_follows_domain_roles() -> None:
    from domain.roles import Permission, can

    def who(permission: Permission) -> set[Role]:
        return {r for r in Role if r is not Role.SYSTEM and can(Actor("x", "x", "x", r), permission)}

    assert who(Permission.WORKORDER_EDIT) == {Role.ADVISOR, Role.MANAGER, Role.OWNER}
    assert who(Permission.WORKORDER_DISPATCH) == {Role.FOREMAN, Role.MANAGER, Role.OWNER}
    assert who(Permission.WORKORDER_TIME) == {Role.TECHNICIAN, Role.FOREMAN, Role.MANAGER, Role.OWNER}
    assert who(Permission.WORKORDER_SETTLE) == {Role.CASHIER, Role.MANAGER, Role.OWNER}
    assert who(Permission.WORKORDER_DISCOUNT_ABOVE_LIMIT) == {Role.MANAGER, Role.OWNER}
    assert Role.QC_INSPECTOR in who(Permission.WORKORDER_QC)
    assert Role.PARTS_CLERK in who(Permission.WORKORDER_PARTS)
    assert Role.TECHNICIAN not in who(Permission.WORKORDER_PARTS)
