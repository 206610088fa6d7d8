"""Issue 15's records travel to HQ like the slip they hang on: a missed deadline's reason, a
催办单 and a penalty made at BJ01 arrive with its bundle, and HQ reads them (and prints the
奖罚通知单) without being able to add any of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from domain import clock
from domain.errors import Conflict
from domain.roles import Actor, Role
from domain.services.complaints import ComplaintInput, PartyInput
from tests.conftest import make_actor
from tests.sync.helpers import PASSWORD, Side, rows_of

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
INTAKE = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


def test_reason_notice_and_penalty_arrive_at_hq(hq: Side, bj: Side, tmp_path: Path) -> None:
    s = bj.ctx.services
    admin = s.staff.login("admin", PASSWORD)
    clerk = make_actor(s, admin, Role.CARE_CLERK, "clerk1")
    manager = make_actor(s, admin, Role.MANAGER, "manager1")
    tech = make_actor(s, admin, Role.TECHNICIAN, "tech1")
    assert tech.staff_id is not None
    with clock.freeze(INTAKE):
        number = s.complaints.register(clerk, ComplaintInput(
            channel="phone", category="attitude", customer_words="态度不好", customer_name="张三")).number
    with clock.freeze(INTAKE + dt.timedelta(days=5)):
        urge = s.complaint_deadlines.urge(clerk, number, "report", to_department="维修车间")
        s.complaints.record_investigation(clerk, number, "排班不足")
        s.complaint_deadlines.record_reason(clerk, number, "report", "人手不足")
        s.complaints.record_responsibility(clerk, number, "ours", department="维修车间",
                                           parties=[PartyInput(tech.staff_id)])
        penalty = s.complaint_penalties.record(manager, number, tech.staff_id, "warning")
    bundle = bj.sync.export_bundle(tmp_path / "bj.ddsync")
    assert hq.sync.import_bundles([bundle.path])[0].status == "applied"

    for table in ("complaint_notices", "complaint_penalties", "complaint_deadline_reasons"):
        assert rows_of(hq, table) == rows_of(bj, table), table
    h = hq.ctx.services
    view = h.complaints.get(Actor.system(), number)
    assert [n.number for n in view.notices] == [urge.number]
    assert view.reason_for("report") is not None and view.internal[0].late
    assert h.complaint_penalties.get(Actor.system(), penalty.number) == penalty
    assert [p.number for p in h.complaint_penalties.of_month(Actor.system(), 2026, 11)] == [penalty.number]
    with pytest.raises(Conflict) as refused:
        h.complaint_penalties.record(Actor.system(), number, tech.staff_id, "minor")
    assert refused.value.code == "hq.branch_data_read_only"
