"""Vehicles with a VIN a person must confirm, and special plates (issue 16 items 2, 3, 6):
the service API's ``confirm_vin``, who confirmed and when, the list import's warnings,
search on special plates — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from domain import clock
from domain.errors import ValidationError
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services

EUROPEAN_VIN = "WP0ZZZ99ZTS392124"  # Wikipedia's European example: 'Z' in position 9
OTHER_EUROPEAN = "WVWZZZ1JZXW000001"
GOOD_VIN = "1HGCM82633A004352"
CHINESE_WRONG = "LSVAU2180N2123456"  # position 9 is not its check digit: refused, never confirmable


def _customer(services: Services, actor: Actor) -> str:
    return services.customers.create(actor, CustomerInput(name="欧阳娜娜", mobile="13811112222")).id


def test_a_vin_without_check_digit_needs_confirmation_and_records_who(
        services: Services, advisor: Actor) -> None:
    customer_id = _customer(services, advisor)
    with pytest.raises(ValidationError) as info:
        services.customers.add_vehicle(advisor, customer_id, VehicleInput(plate="京N12345", vin=EUROPEAN_VIN))
    assert (info.value.code, info.value.field) == ("vin.unverified", "vin")
    assert info.value.message() == "第9位不是校验位：进口车可能不使用校验位，请与行驶证核对"
    assert services.customers.get(advisor, customer_id).vehicles == ()

    at = dt.datetime(2026, 12, 1, 2, 30, tzinfo=dt.UTC)
    with clock.freeze(at):
        view = services.customers.add_vehicle(advisor, customer_id,
                                              VehicleInput(plate="京N12345", vin=EUROPEAN_VIN.lower()),
                                              confirm_vin=True)
    assert view.vin == EUROPEAN_VIN
    assert (view.vin_checked_by, view.vin_checked_at, view.vin_unconfirmed) == (advisor.display_name, at, False)
    again = services.customers.get(advisor, customer_id).vehicles[0]
    assert (again.vin_checked_by, again.vin_checked_at) == (advisor.display_name, at)

    # Another edit of the same car needs no new confirmation and keeps who confirmed it.
    edited = services.customers.update_vehicle(advisor, view.id, VehicleInput(
        plate="京N12345", vin=EUROPEAN_VIN, mileage_km=5_000), expected_version=view.row_version)
    assert (edited.mileage_km, edited.vin_checked_by, edited.vin_checked_at) == (5_000, advisor.display_name, at)

    # A different such VIN is a new question; a VIN with its check digit clears the mark.
    with pytest.raises(ValidationError) as info:
        services.customers.update_vehicle(advisor, view.id, VehicleInput(plate="京N12345", vin=OTHER_EUROPEAN))
    assert info.value.code == "vin.unverified"
    changed = services.customers.update_vehicle(advisor, view.id, VehicleInput(
        plate="京N12345", vin=OTHER_EUROPEAN), confirm_vin=True)
    assert changed.vin == OTHER_EUROPEAN and changed.vin_checked_at is not None and changed.vin_checked_at != at
    cleared = services.customers.update_vehicle(advisor, view.id, VehicleInput(plate="京N12345", vin=GOOD_VIN))
    assert (cleared.vin_checked_by, cleared.vin_checked_at, cleared.vin_unconfirmed) == ("", None, False)


def test_confirmation_never_passes_a_wrong_chinese_or_american_check_digit(
        services: Services, advisor: Actor) -> None:
    customer_id = _customer(services, advisor)
    for vin in (CHINESE_WRONG, "1HGCM82643A004352", "00000000000000000"):
        with pytest.raises(ValidationError) as info:
            services.customers.add_vehicle(advisor, customer_id, VehicleInput(vin=vin), confirm_vin=True)
        assert info.value.code in ("vin.check_digit", "vin.placeholder")


def test_a_new_customer_with_such_a_vehicle(services: Services, advisor: Actor) -> None:
    with pytest.raises(ValidationError):
        services.customers.create(advisor, CustomerInput(name="陈先生"), VehicleInput(vin=EUROPEAN_VIN))
    view = services.customers.create(advisor, CustomerInput(name="陈先生"), VehicleInput(vin=EUROPEAN_VIN),
                                     confirm_vin=True)
    assert view.vehicles[0].vin_checked_by == advisor.display_name
    plain = services.customers.create(advisor, CustomerInput(name="林女士"), VehicleInput(vin=GOOD_VIN))
    assert (plain.vehicles[0].vin_checked_by, plain.vehicles[0].vin_checked_at) == ("", None)


def test_special_plates_are_stored_with_their_note_and_found_by_search(
        services: Services, advisor: Actor) -> None:
    customer_id = _customer(services, advisor)
    police = services.customers.add_vehicle(advisor, customer_id, VehicleInput(plate="wj京·12345"))
    army = services.customers.add_vehicle(advisor, customer_id, VehicleInput(plate="VA54321"))
    embassy = services.customers.add_vehicle(advisor, customer_id, VehicleInput(plate="使224-009"))
    ordinary = services.customers.add_vehicle(advisor, customer_id, VehicleInput(plate="京A12345"))
    assert (police.plate, police.plate_kind, police.plate_note) == ("WJ京12345", "special", "武警号牌")
    assert (army.plate, army.plate_kind, army.plate_note) == ("VA54321", "special", "军队号牌")
    assert (embassy.plate, embassy.plate_kind, embassy.plate_note) == ("使224009", "standard", "")
    assert (ordinary.plate_kind, ordinary.plate_note) == ("standard", "")
    for query, plate in (("WJ京12345", "WJ京12345"), ("wj12345", "WJ京12345"), ("WJ京", "WJ京12345"),
                         ("VA54321", "VA54321"), ("va543", "VA54321"), ("使224", "使224009"),
                         ("224009", "使224009"), ("京A·12345", "京A12345"), ("京A\u200b12345", "京A12345")):
        hits = services.search.search(advisor, query)
        assert plate in {h.plate for h in hits}, query
    assert services.customers.find_one(advisor, "WJ京12345").id == customer_id


def test_identifiers_are_stored_as_the_user_sees_them(services: Services, advisor: Actor) -> None:
    view = services.customers.create(advisor, CustomerInput(
        name="周先生", mobile="+86 138\u200b-1234-5678", other_phone="(010) 6470 0000",
        id_number="110105 19491231 002x"), VehicleInput(plate="京Ａ·１２３４５", vin="１ＨＧＣＭ８２６３３Ａ００４３５２"))
    assert (view.mobile, view.other_phone, view.id_number) == ("13812345678", "010-64700000",
                                                               "11010519491231002X")
    assert (view.vehicles[0].plate, view.vehicles[0].vin) == ("京A12345", GOOD_VIN)
    blank = services.customers.create(advisor, CustomerInput(name="吴女士", mobile="\u200b", id_number="\ufeff"))
    assert (blank.mobile, blank.id_number) == ("", "")


def test_the_list_import_takes_such_rows_with_a_warning_and_leaves_them_unconfirmed(
        services: Services, admin: Actor, advisor: Actor, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("\n".join([
        "姓名,手机,车牌,VIN",
        f"平行进口车主,13811110000,沪A54321,{EUROPEAN_VIN}",
        f"国产车主,13811110001,沪A54322,{GOOD_VIN}",
        f"错误车主,13811110002,沪A54323,{CHINESE_WRONG}",
        "部队车主,13811110003,KA12345,",
    ]) + "\n", encoding="utf-8")
    preview = services.customer_import.preview(admin, path)
    assert [r.row_number for r in preview.warned] == [2, 5]
    assert preview.warned[0].warnings == ("第9位不是校验位：进口车可能不使用校验位，请与行驶证核对",)
    assert "军队号牌" in preview.warned[1].warnings[0]
    assert [r.row_number for r in preview.refused] == [4]
    report = services.customer_import.run(admin, path)
    assert report.imported == 3 and [r.row_number for r in report.warned] == [2, 5]

    imported = services.customers.find_one(advisor, EUROPEAN_VIN).vehicles[0]
    assert (imported.vin_unconfirmed, imported.vin_checked_by, imported.vin_checked_at) == (True, "", None)
    assert services.customers.find_one(advisor, "KA12345").vehicles[0].plate_kind == "special"
    # The next edit asks the person; confirming marks the car as checked by them.
    with pytest.raises(ValidationError) as info:
        services.customers.update_vehicle(advisor, imported.id, VehicleInput(plate="沪A54321", vin=EUROPEAN_VIN))
    assert info.value.code == "vin.unverified"
    confirmed = services.customers.update_vehicle(advisor, imported.id, VehicleInput(
        plate="沪A54321", vin=EUROPEAN_VIN), confirm_vin=True)
    assert (confirmed.vin_unconfirmed, confirmed.vin_checked_by) == (False, advisor.display_name)
