"""The complaints list model: a valid Qt model, overdue rows red, major ones starred."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from domain import clock
from domain.roles import Actor
from domain.services.complaints import ComplaintInput
from domain.services.registry import Services
from tests.ui.test_search_box import idle
from ui.models.complaints_model import (
    FILTER_ALL,
    FILTER_MONTH,
    FILTER_OPEN,
    ComplaintFilter,
    ComplaintsModel,
)


def _register(services: Services, actor: Actor, **extra: object) -> str:
    data = ComplaintInput(channel="walk_in", category="attitude", customer_words="态度不好",
                          customer_name="李先生")
    for key, value in extra.items():
        setattr(data, key, value)
    return services.complaints.register(actor, data).number


def _loaded(qtbot, model: ComplaintsModel, wanted: ComplaintFilter) -> None:
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_filter(wanted)
    qtbot.waitUntil(idle, timeout=5000)


def test_model_is_valid_and_marks_overdue_and_major(qtbot, qtmodeltester, services: Services,
                                                    advisor: Actor) -> None:
    late = _register(services, advisor, received_at=clock.now() - dt.timedelta(days=14))
    major = _register(services, advisor, safety_risk=True, category="repair_quality")
    model = ComplaintsModel(services, advisor, "Asia/Shanghai")
    _loaded(qtbot, model, ComplaintFilter(FILTER_OPEN))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == ComplaintsModel.COLUMN_COUNT
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.COLUMN_COUNT)]
    assert headers == ["投诉单号", "客户", "类别", "严重程度", "状态", "下一期限", "剩余时间"]
    rows = {model.slip(r).number: r for r in range(2)}
    late_row, major_row = rows[late], rows[major]

    def cell(row: int, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.data(model.index(row, column), role)

    assert cell(late_row, model.COL_TIME_LEFT).startswith("超期 ")
    assert cell(late_row, model.COL_NUMBER, Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert cell(late_row, model.COL_CUSTOMER, Qt.ItemDataRole.BackgroundRole).color().name() == "#ffebee"
    assert cell(late_row, model.COL_DEADLINE).startswith("首次回复 ")
    assert cell(major_row, model.COL_SEVERITY) == "★ 重大"
    assert cell(major_row, model.COL_NUMBER, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(major_row, model.COL_CATEGORY) == "维修质量"
    assert cell(major_row, model.COL_STATE) == "已受理"
    left = cell(major_row, model.COL_TIME_LEFT)
    assert isinstance(left, str) and left.startswith("23小时")
    assert cell(major_row, 0, Qt.ItemDataRole.UserRole) == model.slip(major_row).id


def test_filters_month_and_all(qtbot, qtmodeltester, services: Services, advisor: Actor) -> None:
    _register(services, advisor, received_at=clock.now() - dt.timedelta(days=40))
    _register(services, advisor)
    model = ComplaintsModel(services, advisor, "Asia/Shanghai")
    _loaded(qtbot, model, ComplaintFilter(FILTER_ALL))
    assert model.rowCount() == 2
    today = clock.today("Asia/Shanghai")
    _loaded(qtbot, model, ComplaintFilter(FILTER_MONTH, today.year, today.month))
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    _loaded(qtbot, model, ComplaintFilter(FILTER_MONTH, 2001, 1))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_time_left_text(qtbot, services: Services, advisor: Actor) -> None:
    from domain.services.complaint_views import ComplaintRow

    model = ComplaintsModel(services, advisor)
    base = ComplaintRow("x", "BJ01-TS-2611-001", "李", "", "price", "general", "handling",
                        clock.now(), "", "solution", clock.now(), 0, False)
    cases = {2 * 86400 + 3 * 3600: "2天3小时", 5 * 3600 + 7 * 60: "5小时07分", 59 * 60: "59分",
             -(86400 + 3600): "超期 1天1小时"}
    for seconds, text in cases.items():
        assert model.time_left(dataclasses.replace(base, seconds_left=seconds, overdue=seconds < 0)) == text
    closed = dataclasses.replace(base, seconds_left=None)
    assert model.time_left(closed) == "—"
