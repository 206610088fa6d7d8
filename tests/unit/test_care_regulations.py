"""Issue 15, part 3b: customer care as the regulations have it, through the real services.

Each test quotes the rule it holds. The shop is ``test_care_service``'s (one customer with a
car, one person in every role); the Beijing dates are chosen so every due date follows by
hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from app.context import AppContext
from domain import clock
from domain.errors import NotAllowed, ValidationError
from domain.model import Campaign
from domain.orm import new_id
from domain.roles import Actor
from domain.services.care import CallInput, LetterInput
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.workorder_views import WorkOrderView
from domain.services.workorders import DeliveryInput, LabourInput, PaymentInput
from domain.validation import id_number_check_char
from tests.unit.test_care_service import at, clerk, deliver, shop  # noqa: F401  (fixtures)
from tests.unit.test_workorders_service import Shop, open_order

D = dt.date


def deliver_order(shop: Shop, when: dt.datetime, mileage: int, *, warranty: bool = False) -> WorkOrderView:  # noqa: F811
    """A delivered visit: a paid one, or a warranty job (class C, paid by the maker, nothing
    for the customer to pay)."""
    wo = shop.wo
    with clock.freeze(when):
        kind = {"payer": "warranty", "service_class": "C"} if warranty else {}
        view = open_order(shop, mileage=mileage, **kind)
        wo.add_line(shop.advisor, view.id, LabourInput("更换水泵" if warranty else "保养", 100, 12_000))
        view = wo.approve_estimate(shop.advisor, view.id, "signature", "王小明")
        view = wo.dispatch(shop.foreman, view.id, shop.tech.staff_id or "", "作业",
                           labour_line_ids=[view.labour[0].id])
        wo.start_job(shop.tech, view.jobs[0].id)
        wo.stop_job(shop.tech, view.jobs[0].id, finished=True)
        for who, level in ((shop.tech, "self"), (shop.foreman, "team"), (shop.qc, "final")):
            view = wo.record_qc(who, view.id, level, True)
        assert (view.totals.customer_fen == 0) == warranty
        paid = [PaymentInput("cash", view.totals.customer_fen)] if view.totals.customer_fen else []
        view = wo.settle(shop.cashier, view.id, paid)
        return wo.deliver(shop.advisor, view.id, DeliveryInput(mileage + 10))


# --- class D --------------------------------------------------------------------------------
def test_back_for_warranty_work_last_month_is_not_lost(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    """Issue 15: "Customer class D means no visit of any kind (paid, warranty, insurance,
    rework) for more than a year. Today a customer who came back for warranty work last month
    is put on the win-back list because only paid visits count. A/B/C keep counting paid
    visits in the last 12 months." """
    care = shop.services.care
    deliver(shop, at(D(2025, 9, 10)))  # the last paid visit, 14 months before
    deliver_order(shop, at(D(2026, 10, 20)), 40_000, warranty=True)  # back for warranty work last month
    (row,) = care.classes(clerk, D(2026, 11, 30))
    assert (row.klass, row.paid_visits, row.last_paid_on, row.last_visit_on) == (
        "", 0, D(2025, 9, 10), D(2026, 10, 20))
    assert care.classes(clerk, D(2026, 11, 30), klass="D") == []
    # a year after the warranty visit (to the day) still not lost; a year and a day: lost
    assert care.classes(clerk, D(2027, 10, 20))[0].klass == ""
    assert care.classes(clerk, D(2027, 10, 21))[0].klass == "D"


def test_a_car_in_the_shop_now_is_a_visit(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    deliver(shop, at(D(2025, 6, 1)))
    assert shop.services.care.classes(clerk, D(2026, 11, 30))[0].klass == "D"
    with clock.freeze(at(D(2026, 11, 28))):
        open_order(shop, mileage=40_000)  # received, not finished yet
    (row,) = shop.services.care.classes(clerk, D(2026, 11, 30))
    assert (row.klass, row.last_visit_on) == ("", D(2026, 11, 28))


def test_paid_visits_still_make_a_b_c(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    deliver(shop, at(D(2026, 2, 1)))
    deliver_order(shop, at(D(2026, 6, 1)), 35_000)
    deliver_order(shop, at(D(2026, 9, 1)), 38_000, warranty=True)  # does not count for A/B/C
    (row,) = shop.services.care.classes(clerk, D(2026, 11, 30))
    assert (row.klass, row.paid_visits, row.last_visit_on) == ("B", 2, D(2026, 9, 1))


# --- the second call ------------------------------------------------------------------------
def test_second_call_on_time_through_day_14(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    """Issue 15: "The second follow-up call is due in the seven days after the first week: on
    time through day 14 after delivery (today it turns overdue after day 11)." """
    care = shop.services.care
    deliver(shop, at(D(2026, 11, 2)))  # Monday
    (first,) = [r for r in care.due(clerk, D(2026, 11, 5)) if r.kind == "first_call"]
    with clock.freeze(at(D(2026, 11, 5))):  # day 3
        care.record_call(clerk, CallInput("reached", task_id=first.id))
    (second,) = [r for r in care.work_list(clerk, D(2026, 11, 10)).due if r.kind == "second_call"]
    assert (second.due_on, second.window_end) == (D(2026, 11, 10), D(2026, 11, 16))  # days 8 and 14
    assert care.work_list(clerk, D(2026, 11, 9)).due == ()  # day 7: still the first week
    assert [r.kind for r in care.work_list(clerk, D(2026, 11, 13)).overdue] == []  # day 11: on time
    assert [r.id for r in care.work_list(clerk, D(2026, 11, 16)).due] == [second.id]  # day 14
    assert [r.id for r in care.work_list(clerk, D(2026, 11, 17)).overdue] == [second.id]  # day 15


# --- requests -------------------------------------------------------------------------------
def test_unresolved_request_goes_to_the_supervisor_within_two_days(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    """Issue 15: "An unresolved request heard on a follow-up call becomes a task for the
    service supervisor due within 2 days; the call record shows that the customer was told
    the same day." """
    care = shop.services.care
    deliver(shop, at(D(2026, 11, 10)))
    (first,) = [r for r in care.due(clerk, D(2026, 11, 13)) if r.kind == "first_call"]
    with clock.freeze(at(D(2026, 11, 13))):
        call = care.record_call(clerk, CallInput(
            "reached", task_id=first.id, requests="希望免费补做四轮定位", answer="需请示服务主任",
            request_open=True))
    assert call.request_task_id is not None and call.answer_status == "awaiting"
    (task,) = [r for r in care.work_list(shop.manager, D(2026, 11, 13)).due if r.kind == "request"]
    assert (task.id, task.due_on, task.window_end, task.assigned_role) == (
        call.request_task_id, D(2026, 11, 13), D(2026, 11, 15), "manager")  # at once, on time 2 days
    assert [r.id for r in care.work_list(shop.manager, D(2026, 11, 15)).due if r.kind == "request"] == [task.id]
    assert "四轮定位" in task.reason and task.kind_label == "客户要求待答复"
    assert [r.id for r in care.work_list(shop.manager, D(2026, 11, 16)).overdue if r.kind == "request"] == [task.id]
    # the clerk cannot tick it off, nor answer for the supervisor
    with pytest.raises(ValidationError):
        care.complete_task(clerk, task.id)
    with pytest.raises(NotAllowed):
        care.decide_request(clerk, task.id, "同意")

    with clock.freeze(at(D(2026, 11, 14), 16)):
        decided = care.decide_request(shop.manager, task.id, "同意免费做一次四轮定位")
    assert (decided.decision, decided.decided_by_name, decided.answer_status) == (
        "同意免费做一次四轮定位", shop.manager.display_name, "to_tell")
    (tell,) = [r for r in care.work_list(clerk, D(2026, 11, 14)).due if r.kind == "answer"]
    assert (tell.due_on, tell.window_end, tell.previous_task_id) == (D(2026, 11, 14), D(2026, 11, 14), task.id)
    assert [r.id for r in care.work_list(clerk, D(2026, 11, 15)).overdue if r.kind == "answer"] == [tell.id]
    with clock.freeze(at(D(2026, 11, 14), 17)):
        care.record_call(clerk, CallInput("reached", task_id=tell.id, answer="已告知同意免费四轮定位"))
    (heard,) = [c for c in care.calls(clerk, D(2026, 11, 13), D(2026, 11, 13)) if c.id == call.id]
    assert heard.customer_told_at == at(D(2026, 11, 14), 17) and heard.answer_status == "same_day"


def test_told_a_day_late_shows_on_the_call(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    care = shop.services.care
    with clock.freeze(at(D(2026, 11, 13))):
        call = care.record_call(clerk, CallInput("reached", direction="in", customer_id=shop.customer_id,
                                                 requests="要求延长保修", request_open=True))
    assert call.request_task_id is not None
    with clock.freeze(at(D(2026, 11, 13), 15)):
        care.decide_request(shop.manager, call.request_task_id, "不能延长，可购买延保")
    (tell,) = [r for r in care.work_list(clerk, D(2026, 11, 14)).overdue if r.kind == "answer"]
    with clock.freeze(at(D(2026, 11, 14))):
        care.record_call(clerk, CallInput("reached", task_id=tell.id))
    assert care.calls(clerk, D(2026, 11, 13), D(2026, 11, 13))[0].answer_status == "late"


def test_supervisor_tells_the_customer_at_once(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    care = shop.services.care
    with clock.freeze(at(D(2026, 11, 13))):
        call = care.record_call(clerk, CallInput("reached", direction="in", customer_id=shop.customer_id,
                                                 requests="要求上门取车", request_open=True))
        assert call.request_task_id is not None
        done = care.decide_request(shop.manager, call.request_task_id, "可以上门取车", customer_told=True)
    assert done.answer_status == "same_day" and done.customer_told_at is not None
    assert [r for r in care.work_list(clerk, D(2026, 11, 13)).due if r.kind == "answer"] == []


def test_request_needs_its_text_and_someone_reached(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    care = shop.services.care
    with pytest.raises(ValidationError) as info:
        care.record_call(clerk, CallInput("reached", direction="in", contact_name="王", request_open=True))
    assert info.value.code == "care.request_empty"
    with pytest.raises(ValidationError):
        care.record_call(clerk, CallInput("no_answer", direction="in", contact_name="王", requests="x",
                                          request_open=True))


# --- campaigns and letters ------------------------------------------------------------------
def test_event_call_list_two_weeks_ahead_and_letter_within_two_days(ctx: AppContext, shop: Shop,  # noqa: F811
                                                                    clerk: Actor) -> None:  # noqa: F811
    """Issue 15: "Campaigns and events: the call list appears 2 weeks before the event
    starts; invitation letters go into the letter register within 2 days." """
    now = clock.now()
    with ctx.db.engine.begin() as conn:  # as an HQ bundle brings it (a branch may not write it)
        conn.execute(insert(Campaign.__table__).values(
            id=new_id(), code="EV2612", title="冬季免费检测", kind="campaign", vin_from="", vin_to="",
            model="雅阁", starts_on=D(2026, 12, 15), ends_on=D(2026, 12, 31), description="",
            created_at=now, updated_at=now, row_version=1))
    care = shop.services.care
    assert [r for r in care.reminders(clerk, D(2026, 11, 30)) if r.kind == "campaign"] == []
    (event,) = [r for r in care.reminders(clerk, D(2026, 12, 1)) if r.kind == "campaign"]
    assert (event.remind_from, event.due_on, event.ref) == (D(2026, 12, 1), D(2026, 12, 15), "EV2612")

    with clock.freeze(at(D(2026, 12, 1))):
        care.mark_reminder(clerk, event.key, "contacted", "客户愿意参加")
    (letter,) = [r for r in care.work_list(clerk, D(2026, 12, 3)).due if r.kind == "letter"]
    assert (letter.due_on, letter.window_end) == (D(2026, 12, 1), D(2026, 12, 3))
    assert "冬季免费检测" in letter.reason
    assert [r.id for r in care.work_list(clerk, D(2026, 12, 4)).overdue if r.kind == "letter"] == [letter.id]
    with clock.freeze(at(D(2026, 12, 2))):
        care.mark_reminder(clerk, event.key, "booked")  # the letter task is not made twice
        care.record_letter(clerk, LetterInput(addressee="王小明", subject="冬季免费检测邀请",
                                              template="event_invitation", customer_id=shop.customer_id,
                                              vehicle_id=shop.vehicle_id))
    assert care.task(clerk, letter.id).task.status == "done"
    assert len(care.letters(clerk, D(2026, 12, 2), D(2026, 12, 2))) == 1
    assert [r for r in care.work_list(clerk, D(2026, 12, 2)).due if r.kind == "letter"] == []


# --- greetings ------------------------------------------------------------------------------
def _id_number(born: str) -> str:
    first17 = f"110105{born}001"
    return first17 + id_number_check_char(first17)


def test_birthdays_and_purchase_anniversaries_on_the_reminders_list(shop: Shop, clerk: Actor) -> None:  # noqa: F811
    """Issue 15: "Birthdays (from the ID number when it is given, or a date field) and the
    purchase anniversary appear on the reminders list." """
    services, care = shop.services, shop.services.care
    services.customers.create(shop.advisor, CustomerInput(name="赵六", mobile="13700000006",
                                                          id_number=_id_number("19881207")))
    services.customers.create(shop.advisor, CustomerInput(name="钱七", mobile="13700000007",
                                                          birthday=D(1975, 12, 6)))
    services.customers.create(shop.advisor, CustomerInput(name="孙八", mobile="13700000008",
                                                          id_number=_id_number("19900101"),
                                                          birthday=D(1990, 12, 8)))  # the field wins
    services.customers.create(shop.advisor, CustomerInput(name="周九", mobile="13700000009"),
                              VehicleInput(plate="京B20001", purchase_date=D(2023, 12, 7)))
    rows = care.reminders(clerk, D(2026, 12, 5))
    greetings = sorted((r.kind, r.customer_name, r.due_on) for r in rows if r.kind in ("birthday", "anniversary"))
    assert greetings == [("anniversary", "周九", D(2026, 12, 7)), ("birthday", "孙八", D(2026, 12, 8)),
                         ("birthday", "赵六", D(2026, 12, 7)), ("birthday", "钱七", D(2026, 12, 6))]
    anniversary = next(r for r in rows if r.kind == "anniversary")
    assert anniversary.plate == "京B20001" and "3 周年" in anniversary.detail
    birthday = next(r for r in rows if r.customer_name == "赵六")
    assert birthday.kind_label == "客户生日" and birthday.plate == "" and birthday.mobile == "13700000006"
    # a greeting marked done drops off; the key names the customer
    care.mark_reminder(clerk, birthday.key, "booked", "已发祝福短信")
    assert "赵六" not in {r.customer_name for r in care.reminders(clerk, D(2026, 12, 5))}
    # the day after the birthday it is gone (a greeting after the day is no greeting)
    assert "钱七" not in {r.customer_name for r in care.reminders(clerk, D(2026, 12, 7))}
