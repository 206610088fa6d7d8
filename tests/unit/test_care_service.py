"""CareService with the real services: delivery creates the follow-up, calls move it,
ratings feed CSI and the staff figures, a complaint on a call opens a slip, reminders,
letters, classes."""

from __future__ import annotations

import datetime as dt

import pytest

from domain import clock
from domain.errors import NotAllowed, ValidationError
from domain.roles import Actor, Role
from domain.services.care import CallComplaintInput, CallInput, LetterInput, RatingInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import DeliveryInput, PaymentInput
from tests.unit.test_workorders_service import Shop, make_actor, to_ready

BEIJING = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


def deliver(shop: Shop, when: dt.datetime) -> WorkOrderView:
    with clock.freeze(when):
        view = to_ready(shop)
        view = shop.wo.settle(shop.cashier, view.id, [PaymentInput("cash", view.totals.customer_fen)])
        return shop.wo.deliver(shop.advisor, view.id, DeliveryInput(31_050))


@pytest.fixture
def shop(services: Services, admin: Actor, advisor: Actor) -> Shop:
    """The work-order tests' shop: a customer with a car and one person in every role."""
    customer = services.customers.create(
        advisor, CustomerInput(name="王小明", mobile="13912345678"),
        VehicleInput(plate="京A12345", vin="1HGCM82633A004352", brand="本田", model="雅阁",
                     mileage_km=30_000))
    return Shop(
        services, admin, advisor,
        make_actor(services, admin, Role.FOREMAN, "foreman1"),
        make_actor(services, admin, Role.TECHNICIAN, "tech1"),
        make_actor(services, admin, Role.TECHNICIAN, "tech2"),
        make_actor(services, admin, Role.QC_INSPECTOR, "qc1"),
        make_actor(services, admin, Role.CASHIER, "cash1"),
        make_actor(services, admin, Role.MANAGER, "boss1"),
        make_actor(services, admin, Role.PARTS_CLERK, "parts1"),
        customer.vehicles[0].id, customer.id,
    )


@pytest.fixture
def clerk(shop: Shop) -> Actor:
    return make_actor(shop.services, shop.admin, Role.CARE_CLERK, "care1")


def test_delivery_creates_first_follow_up_with_what_the_clerk_needs(shop: Shop, clerk: Actor) -> None:
    order = deliver(shop, at(dt.date(2026, 11, 20)))  # a Friday
    care = shop.services.care
    assert care.work_list(clerk, dt.date(2026, 11, 22)).due == ()  # Sunday: not yet
    work = care.work_list(clerk, dt.date(2026, 11, 23))
    (row,) = [r for r in work.due if r.kind == "first_call"]
    assert (row.due_on, row.window_end, row.status, row.timing) == (
        dt.date(2026, 11, 23), dt.date(2026, 11, 27), "open", "due")
    assert (row.customer_name, row.mobile, row.plate, row.work_order_number) == (
        "王小明", "13912345678", "京A12345", order.number)
    assert row.work_done == "更换前刹车片" and row.advisor_name == "测试advisor"
    assert row.technician_names == ("测试technician",) and row.total_fen == order.totals.total_fen
    assert row.kind_label == "首次回访" and row.assigned_role == "care_clerk"
    later = care.work_list(clerk, dt.date(2026, 11, 28))
    assert [r.id for r in later.overdue if r.kind == "first_call"] == [row.id]


def test_new_customer_file_gets_completion_task_for_advisor(shop: Shop) -> None:
    with clock.freeze(at(dt.date(2026, 11, 24))):
        created = shop.services.customers.create(shop.advisor, CustomerInput(name="李四", mobile="13800000001"))
    mine = shop.services.care.work_list(shop.advisor, dt.date(2026, 11, 26), mine=True)
    (task,) = [r for r in mine.due if r.customer_id == created.id]
    assert (task.kind, task.assigned_role, task.assigned_staff_id, task.due_on) == (
        "file_completion", "advisor", shop.advisor.staff_id, dt.date(2026, 11, 26))
    done = shop.services.care.complete_task(shop.advisor, task.id, "补全了地址")
    assert done.status == "done" and "补全了地址" in done.reason


def test_no_answer_reschedules_then_fails_after_max_tries(shop: Shop, clerk: Actor) -> None:
    deliver(shop, at(dt.date(2026, 11, 10)))
    care = shop.services.care
    (task,) = [r for r in care.due(clerk, dt.date(2026, 11, 13)) if r.kind == "first_call"]
    for day, expected_due in ((dt.date(2026, 11, 13), dt.date(2026, 11, 14)),
                              (dt.date(2026, 11, 14), dt.date(2026, 11, 16))):  # Sunday skipped
        with clock.freeze(at(day)):
            care.record_call(clerk, CallInput("no_answer", task_id=task.id))
        detail = care.task(clerk, task.id)
        assert (detail.task.status, detail.task.due_on) == ("open", expected_due)
    with clock.freeze(at(dt.date(2026, 11, 16))):
        care.record_call(clerk, CallInput("no_answer", task_id=task.id))
    detail = care.task(clerk, task.id)
    assert (detail.task.status, detail.task.tries, len(detail.calls)) == ("failed", 3, 3)
    assert [c.outcome_label for c in detail.calls] == ["无人接听"] * 3
    summary = care.monthly_summary(clerk, 2026, 11)
    assert (summary.callback.numerator, summary.callback.denominator) == (0, 1)


def test_call_back_later_needs_time_and_moves_the_date(shop: Shop, clerk: Actor) -> None:
    deliver(shop, at(dt.date(2026, 11, 10)))
    care = shop.services.care
    (task,) = [r for r in care.due(clerk, dt.date(2026, 11, 13)) if r.kind == "first_call"]
    with clock.freeze(at(dt.date(2026, 11, 13))), pytest.raises(ValidationError):
        care.record_call(clerk, CallInput("call_back", task_id=task.id))
    with clock.freeze(at(dt.date(2026, 11, 13))):
        care.record_call(clerk, CallInput("call_back", task_id=task.id,
                                          call_back_at=at(dt.date(2026, 11, 15), 19)))
    row = care.task(clerk, task.id).task
    assert (row.due_on, row.tries, row.call_back_at) == (dt.date(2026, 11, 15), 0, at(dt.date(2026, 11, 15), 19))


def test_reached_call_with_ratings_feeds_csi_and_staff(shop: Shop, clerk: Actor) -> None:
    order = deliver(shop, at(dt.date(2026, 11, 10)))
    care = shop.services.care
    (task,) = [r for r in care.due(clerk, dt.date(2026, 11, 13)) if r.kind == "first_call"]
    with clock.freeze(at(dt.date(2026, 11, 13))):
        call = care.record_call(clerk, CallInput(
            "reached", task_id=task.id, contact_name="王小明", satisfied_remarks="刹车好了",
            unsatisfied_remarks="等待时间有点长", requests="下次提前短信提醒",
            rating=RatingInput("satisfied", attitude="very_satisfied", workmanship="satisfied",
                               timeliness="neutral", promises="satisfied")))
    assert call.outcome == "reached" and call.work_order_number == order.number
    assert call.rating is not None and call.rating.advisor_name == "测试advisor"
    assert call.rating.technician_names == ("测试technician",)
    assert care.task(clerk, task.id).task.status == "done"
    (second,) = [r for r in care.work_list(clerk, dt.date(2026, 11, 20)).due if r.kind == "second_call"]
    assert second.previous_task_id == task.id and second.work_order_number == order.number
    summary = care.monthly_summary(shop.manager, 2026, 11)
    assert (summary.csi.numerator, summary.csi.denominator) == (1, 1)
    assert (summary.callback.numerator, summary.callback.denominator) == (1, 1)
    assert (summary.calls_out, summary.calls_reached, summary.unsatisfied_remarks) == (1, 1, 1)
    timeliness = next(i for i in summary.items if i.item == "timeliness")
    assert dict(timeliness.counts)["neutral"] == 1 and timeliness.satisfied.numerator == 0
    people = {(s.staff_name, s.role): s for s in summary.per_staff}
    assert set(people) == {("测试advisor", "advisor"), ("测试technician", "technician")}
    assert people[("测试technician", "technician")].csi.percent == 100.0
    # a paper card typed in later replaces the phone rating
    card = care.record_rating(clerk, order.number, RatingInput("unsatisfied", source="card"))
    assert card.overall == "unsatisfied"
    assert care.monthly_summary(shop.manager, 2026, 11).csi.numerator == 0


def test_rating_needs_a_reached_call(shop: Shop, clerk: Actor) -> None:
    deliver(shop, at(dt.date(2026, 11, 10)))
    (task,) = [r for r in shop.services.care.due(clerk, dt.date(2026, 11, 13)) if r.kind == "first_call"]
    with pytest.raises(ValidationError):
        shop.services.care.record_call(clerk, CallInput("no_answer", task_id=task.id,
                                                        rating=RatingInput("satisfied")))


def test_complaint_on_a_call_opens_a_prefilled_slip(shop: Shop, clerk: Actor) -> None:
    order = deliver(shop, at(dt.date(2026, 11, 10)))
    care = shop.services.care
    (task,) = [r for r in care.due(clerk, dt.date(2026, 11, 13)) if r.kind == "first_call"]
    with clock.freeze(at(dt.date(2026, 11, 13))):
        call = care.record_call(clerk, CallInput(
            "reached", task_id=task.id, unsatisfied_remarks="刹车仍有异响", requests="免费返修",
            complaint=CallComplaintInput("repair_quality")))
    assert call.complaint_number.startswith("BJ01-TS-")
    slip = shop.services.complaints.get(clerk, call.complaint_number)
    assert (slip.channel, slip.source, slip.customer_words, slip.customer_request) == (
        "follow_up_call", "follow_up", "刹车仍有异响", "免费返修")
    assert slip.work_order_number == order.number and slip.customer_name == "王小明"
    summary = care.monthly_summary(clerk, 2026, 11)
    assert summary.complaints_from_calls == 1


def test_incoming_call_and_letter_registers(shop: Shop, clerk: Actor) -> None:
    care = shop.services.care
    with clock.freeze(at(dt.date(2026, 11, 12))):
        care.record_call(clerk, CallInput("reached", direction="in", customer_id=shop.customer_id,
                                          requests="询问保养价格", answer="已报价"))
        care.record_call(clerk, CallInput("reached", direction="in", contact_name="路人", phone="010-1"))
        letter = care.record_letter(clerk, LetterInput(
            "王小明", "保养到期通知书", template="contract_expiry", customer_id=shop.customer_id,
            vehicle_id=shop.vehicle_id))
    calls = care.calls(clerk, dt.date(2026, 11, 12), dt.date(2026, 11, 12), direction="in")
    assert [c.customer_name for c in calls] == ["王小明", "路人"]
    assert calls[0].requests == "询问保养价格" and calls[0].staff_name == clerk.display_name
    assert care.calls(clerk, dt.date(2026, 11, 13), dt.date(2026, 11, 13)) == []
    (row,) = care.letters(clerk, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert row == letter and (row.template_label, row.plate, row.sent_on) == (
        "保养到期通知书", "京A12345", dt.date(2026, 11, 12))
    with pytest.raises(ValidationError):
        care.record_call(clerk, CallInput("reached", direction="in"))  # nobody


def test_reminders_and_outcomes(shop: Shop, clerk: Actor) -> None:
    care = shop.services.care
    vehicle = shop.services.customers.get(shop.advisor, shop.customer_id).vehicles[0]
    shop.services.customers.update_vehicle(shop.advisor, vehicle.id, VehicleInput(
        plate=vehicle.plate, vin=vehicle.vin, model=vehicle.model, mileage_km=vehicle.mileage_km,
        insurance_expiry=dt.date(2026, 12, 20)))
    care.record_contract(shop.advisor, shop.customer_id, "HT-2025-01", dt.date(2025, 12, 20),
                         dt.date(2026, 12, 20), vehicle_id=vehicle.id)
    rows = care.reminders(clerk, dt.date(2026, 11, 25))
    assert {r.kind for r in rows} == {"insurance", "contract"}
    insurance = next(r for r in rows if r.kind == "insurance")
    assert (insurance.customer_name, insurance.plate, insurance.due_on) == ("王小明", "京A12345",
                                                                            dt.date(2026, 12, 20))
    care.mark_reminder(clerk, insurance.key, "contacted", "客户考虑中")
    again = next(r for r in care.reminders(clerk, dt.date(2026, 11, 25)) if r.kind == "insurance")
    assert again.last_outcome == "contacted" and again.outcomes[0].by_name == clerk.display_name
    care.mark_reminder(clerk, insurance.key, "booked")
    assert {r.kind for r in care.reminders(clerk, dt.date(2026, 11, 25))} == {"contract"}
    assert any(r.closed for r in care.reminders(clerk, dt.date(2026, 11, 25), open_only=False))


def test_classes_from_paid_visits(shop: Shop, clerk: Actor) -> None:
    deliver(shop, at(dt.date(2026, 11, 10)))
    care = shop.services.care
    (row,) = care.classes(clerk, dt.date(2026, 11, 30), model="雅阁")
    assert (row.klass, row.paid_visits, row.plates) == ("C", 1, ("京A12345",))
    assert care.classes(clerk, dt.date(2026, 11, 30), model="思域") == []
    (lost,) = care.classes(clerk, dt.date(2027, 11, 30))
    assert lost.klass == "D"
    moves = care.class_movements(clerk, 2026, 11)
    assert [(m.customer_name, m.before, m.after) for m in moves] == [("王小明", "", "C")]


def test_roles(shop: Shop, clerk: Actor) -> None:
    deliver(shop, at(dt.date(2026, 11, 10)))
    care = shop.services.care
    (task,) = [r for r in care.due(clerk, dt.date(2026, 11, 13)) if r.kind == "first_call"]
    with pytest.raises(NotAllowed):
        care.record_call(shop.tech, CallInput("reached", task_id=task.id))
    with pytest.raises(NotAllowed):
        care.reassign(clerk, [task.id], clerk.staff_id)
    other = make_actor(shop.services, shop.admin, Role.CARE_CLERK, "care2")
    (moved,) = care.reassign(shop.manager, [task.id], other.staff_id)
    assert moved.assigned_staff_name == other.display_name
    with pytest.raises(NotAllowed):
        care.record_call(clerk, CallInput("reached", task_id=task.id))
    assert care.record_call(other, CallInput("reached", task_id=task.id)).outcome == "reached"


def test_intervals_come_from_the_branch_settings(shop: Shop, clerk: Actor) -> None:
    assert shop.services.care.settings().follow_up.max_tries == 3
    shop.services.settings.set(shop.manager, "care.first_call_days", 1)
    shop.services.settings.set(shop.manager, "care.working_weekdays", [1, 2, 3, 4, 5])
    deliver(shop, at(dt.date(2026, 11, 20)))  # Friday + 1 = Saturday, not a working day now
    (row,) = [r for r in shop.services.care.due(clerk, dt.date(2026, 11, 23)) if r.kind == "first_call"]
    assert row.due_on == dt.date(2026, 11, 23)
    assert shop.services.care.settings().follow_up.first_after_days == 1
