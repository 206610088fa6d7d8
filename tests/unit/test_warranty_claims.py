"""保修索赔 service rules the claims clerk meets at the counter: the manufacturer's claim
number is unique in the branch, dates are typed as local dates and cannot lie in the future
or before the submission, and a rejection keeps the manufacturer's reason."""

from __future__ import annotations

import datetime as dt

import pytest

from domain import clock
from domain.errors import Conflict, ValidationError, ValidationErrors
from domain.labels import label
from domain.roles import Actor, Role
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.warranty_claims import DECISION_LABELS, STATUS_LABELS
from domain.services.workorders import LabourInput, ReceptionInput
from tests.conftest import make_actor

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 on Nov 25 in Beijing


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.CLAIMS_CLERK, "claims1")


@pytest.fixture
def order_id(services: Services, advisor: Actor) -> str:
    car = services.customers.create(advisor, CustomerInput(name="王小明", mobile="13912345678"),
                                    VehicleInput(plate="京A12345", brand="本田", model="雅阁"))
    with clock.freeze(NOW - dt.timedelta(days=10)):
        order = services.work_orders.open_order(advisor, car.vehicles[0].id,
                                                ReceptionInput(mileage_in=12_000, service_class="C", payer="warranty"))
        services.work_orders.add_line(advisor, order.id, LabourInput("更换气门室盖垫", 200, 15_000))
    return order.id


def test_claim_number_is_unique_in_the_branch(services: Services, clerk: Actor, order_id: str) -> None:
    with clock.freeze(NOW):
        first = services.warranty_claims.submit(clerk, order_id, 10_000, claim_number=" CL-1 ")
        assert first.claim_number == "CL-1" and first.status == "pending"
        with pytest.raises(Conflict) as caught:
            services.warranty_claims.submit(clerk, order_id, 5_000, claim_number="CL-1")
    assert caught.value.field == "claim_number"
    assert "CL-1" in caught.value.message() and "WO" in caught.value.message()
    with pytest.raises(ValidationError) as too_long:
        services.warranty_claims.submit(clerk, order_id, 5_000, claim_number="X" * 41)
    assert too_long.value.field == "claim_number"


def test_submission_date_is_a_local_date_not_in_the_future(services: Services, clerk: Actor,
                                                           order_id: str) -> None:
    with clock.freeze(NOW):
        earlier = services.warranty_claims.submit(clerk, order_id, 10_000, submitted_on=dt.date(2026, 11, 20))
        today = services.warranty_claims.submit(clerk, order_id, 10_000, submitted_on=dt.date(2026, 11, 25))
        with pytest.raises(ValidationErrors) as caught:  # both boxes wrong: both reported
            services.warranty_claims.submit(clerk, order_id, 0, submitted_on=dt.date(2026, 11, 26))
    assert {e.field for e in caught.value.errors} == {"claimed_fen", "submitted_on"}
    assert clock.local(earlier.submitted_at).date() == dt.date(2026, 11, 20)
    assert today.submitted_at == NOW


def test_rejection_needs_the_reason_and_keeps_it(services: Services, clerk: Actor, order_id: str) -> None:
    with clock.freeze(NOW):
        claim = services.warranty_claims.submit(clerk, order_id, 10_000, submitted_on=dt.date(2026, 11, 20))
        with pytest.raises(ValidationError) as caught:
            services.warranty_claims.decide(clerk, claim.id, "rejected", reason="  ")
        assert caught.value.field == "reason" and caught.value.message() == "拒赔须填写厂家给出的原因"
        with pytest.raises(ValidationError) as before:
            services.warranty_claims.decide(clerk, claim.id, "rejected", decided_on=dt.date(2026, 11, 19),
                                            reason="超出保修期")
        assert before.value.field == "decided_on" and "2026-11-20" in before.value.message()
        with pytest.raises(ValidationError) as future:
            services.warranty_claims.decide(clerk, claim.id, "rejected", decided_on=dt.date(2026, 11, 26),
                                            reason="超出保修期")
        assert future.value.field == "decided_on"
        decided = services.warranty_claims.decide(clerk, claim.id, "rejected", decided_on=dt.date(2026, 11, 24),
                                                  reason=" 超出\n保修期 ")
    assert (decided.decision, decided.decided_fen, decided.decision_reason) == ("rejected", 0, "超出 保修期")
    assert decided.decided_on == dt.date(2026, 11, 24) and decided.status == "decided"
    assert decided.decided_by_name == clerk.display_name
    assert label(DECISION_LABELS, decided.decision, "en") == "Rejected"
    assert label(STATUS_LABELS, decided.status, "zh") == "已答复"
    assert services.warranty_claims.for_order(clerk, order_id)[0].decision_reason == "超出 保修期"
