"""Every Chinese label table of the domain has an English twin, and both languages render.

Why a sweep over the modules: the GUI shows these labels in the UI language, so a new
``*_LABELS_ZH`` table without its ``*_LABELS_EN`` twin would silently show Chinese in an
English UI; this test fails the moment someone adds one.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import pytest

from domain import complaint_rules, workorder_rules
from domain.care_rules import CLASS_LABELS, LEVEL_LABELS
from domain.errors import NotAllowed
from domain.labels import label
from domain.roles import Actor, Permission, Role, require

MODULES = ("domain.workorder_rules", "domain.complaint_rules", "domain.care_rules", "domain.roles",
           "domain.kpi", "domain.audit", "domain.services.warranty_claims")


def zh_tables() -> list[tuple[str, str, Mapping[Any, str]]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in dir(module):
            value = getattr(module, attr)
            if attr.endswith("_LABELS_ZH") and isinstance(value, Mapping):
                found.append((name, attr, value))
    return found


def test_the_sweep_finds_the_tables() -> None:
    names = {attr for _m, attr, _t in zh_tables()}
    assert {"STATE_LABELS_ZH", "PAYER_LABELS_ZH", "CATEGORY_LABELS_ZH", "TASK_KIND_LABELS_ZH",
            "JOB_STATE_LABELS_ZH", "EVENT_LABELS_ZH", "TRADE_LABELS_ZH", "PERMISSION_LABELS_ZH"} <= names
    assert len(names) >= 25


@pytest.mark.parametrize(("module_name", "attr", "zh"), zh_tables(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_chinese_table_has_an_english_twin(module_name: str, attr: str, zh: Mapping[Any, str]) -> None:
    module = importlib.import_module(module_name)
    en = getattr(module, attr.replace("_LABELS_ZH", "_LABELS_EN"), None)
    assert isinstance(en, Mapping), f"{module_name}.{attr} has no English twin"
    assert set(map(str, en)) == set(map(str, zh))
    for key, text in en.items():
        assert text.strip(), f"{module_name}.{attr[:-3]}_EN[{key!r}] is empty"
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), f"Chinese in English label {text!r}"
    paired = getattr(module, attr.replace("_LABELS_ZH", "_LABELS"), None)
    if paired is not None:  # the pair the GUI passes to label()
        assert paired["zh"] is zh and paired["en"] is en


def test_label_picks_the_language_and_falls_back() -> None:
    assert label(workorder_rules.STATE_LABELS, "opened", "en") == "Opened"
    assert label(workorder_rules.STATE_LABELS, workorder_rules.WOState.OPENED, "zh") == "已开单"
    assert label(complaint_rules.CATEGORY_LABELS, "repair_quality", "en") == "Repair quality"
    assert label(complaint_rules.CATEGORY_LABELS, "repair_quality", "fr") == "维修质量"  # unknown language
    assert label(LEVEL_LABELS, "no_such_level", "en") == "no_such_level"
    assert label(LEVEL_LABELS, None, "en", "—") == "—"
    assert label(CLASS_LABELS, "", "en") == "Unclassified (new, or no recent paid visit)"
    assert complaint_rules.state_label("closed", "en") == "Closed"
    assert complaint_rules.state_label("closed") == "已结案"


def test_refusal_carries_codes_and_renders_in_both_languages() -> None:
    admin = Actor(staff_id="x", username="root", display_name="管理员甲", role=Role.ADMIN)
    with pytest.raises(NotAllowed) as caught:
        require(admin, Permission.CARE_VIEW)
    error = caught.value
    assert error.params["role_code"] == "admin"
    assert error.params["permission_code"] == "care.view"
    assert error.message("en") == "Your role (Administrator) may not do this: View follow-ups"
    assert error.message("zh") == "您的角色（管理员）无权执行此操作：查看跟踪服务"


def test_workflow_refusals_render_in_english() -> None:
    cashier = Actor(staff_id="y", username="c", display_name="收银", role=Role.CASHIER)
    with pytest.raises(NotAllowed) as caught:
        workorder_rules.transition("opened", workorder_rules.Action.START, cashier)
    assert caught.value.message("en") == "Your role (Cashier) may not do this: Start work"
    assert caught.value.params["action_code"] == "start"
    with pytest.raises(NotAllowed) as refused:
        complaint_rules.transition("proposed", complaint_rules.CSAction.APPROVE, cashier)
    assert refused.value.message("en") == "Your role (Cashier) may not do this: Approve"
    assert refused.value.message("zh") == "您的角色（收银员）无权执行此操作：审批"


def test_an_old_raiser_without_english_labels_still_renders() -> None:
    error = NotAllowed("not_allowed", role="经理", action="某操作")
    assert error.message("en") == "Your role (经理) may not do this: 某操作"
