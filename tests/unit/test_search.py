"""The counter's search (查询): plate, mobile, VIN and name, as the advisor types them."""

from __future__ import annotations

import pytest

from app.context import AppContext
from domain.roles import Actor
from domain.services.customers import CustomerInput, VehicleInput
from domain.services.registry import Services
from domain.services.search import SearchHit, statements
from domain.validation import vin_check_digit


def make_vin(serial: int, wmi: str = "LFV") -> str:
    body = f"{wmi}2A21K0P4{serial:06d}"
    return body[:8] + vin_check_digit(body) + body[9:]


ZHANG_VIN = make_vin(123456)
LI_VIN = make_vin(654321)


@pytest.fixture
def people(services: Services, advisor: Actor) -> None:
    services.customers.create(advisor, CustomerInput(name="张三", mobile="13812345678"),
                              VehicleInput(plate="京A12345", vin=ZHANG_VIN, brand="大众", model="朗逸"))
    services.customers.create(advisor, CustomerInput(name="李四", mobile="13900005678"),
                              VehicleInput(plate="沪A12345", vin=LI_VIN, brand="丰田", model="卡罗拉"))
    services.customers.create(advisor, CustomerInput(name="王小明", mobile="13700001111"),
                              VehicleInput(plate="粤BD12345", brand="比亚迪", model="秦PLUS"))
    services.customers.create(advisor, CustomerInput(name="张三丰", mobile="13600002222"))


def plates(hits: list[SearchHit]) -> list[str]:
    return [h.plate for h in hits]


@pytest.mark.parametrize("query", ["京A12345", "京a12345", "京A·12345", " 京A 12345 "])
def test_plate_with_province_finds_that_plate_first(services: Services, advisor: Actor,
                                                    people: None, query: str) -> None:
    hits = services.search.search(advisor, query)
    assert plates(hits)[0] == "京A12345"
    assert hits[0].name == "张三" and hits[0].mobile == "13812345678" and hits[0].vin == ZHANG_VIN


@pytest.mark.parametrize("query", ["A12345", "a12345", "A·12345", "a1234"])
def test_plate_without_province_and_in_lower_case(services: Services, advisor: Actor,
                                                  people: None, query: str) -> None:
    assert set(plates(services.search.search(advisor, query))) == {"京A12345", "沪A12345"}


def test_new_energy_plate(services: Services, advisor: Actor, people: None) -> None:
    assert plates(services.search.search(advisor, "粤bd12345")) == ["粤BD12345"]
    assert plates(services.search.search(advisor, "BD123")) == ["粤BD12345"]


def test_full_mobile_and_last_four_digits(services: Services, advisor: Actor, people: None) -> None:
    assert [h.name for h in services.search.search(advisor, "13812345678")] == ["张三"]
    assert [h.name for h in services.search.search(advisor, "138 1234 5678")] == ["张三"]
    assert {h.name for h in services.search.search(advisor, "5678")} == {"张三", "李四"}
    assert [h.name for h in services.search.search(advisor, "2222")] == ["张三丰"]
    assert services.search.search(advisor, "2222")[0].vehicle_id is None


def test_full_vin_and_last_six(services: Services, advisor: Actor, people: None) -> None:
    assert [h.vin for h in services.search.search(advisor, ZHANG_VIN)] == [ZHANG_VIN]
    assert [h.vin for h in services.search.search(advisor, ZHANG_VIN.lower())] == [ZHANG_VIN]
    assert [h.vin for h in services.search.search(advisor, ZHANG_VIN[-6:])] == [ZHANG_VIN]
    assert [h.vin for h in services.search.search(advisor, LI_VIN[-6:])] == [LI_VIN]


def test_chinese_name_and_pinyin_initials(services: Services, advisor: Actor, people: None) -> None:
    assert {h.name for h in services.search.search(advisor, "张三")} == {"张三", "张三丰"}
    assert [h.name for h in services.search.search(advisor, "王小")] == ["王小明"]
    assert {h.name for h in services.search.search(advisor, "zs")} == {"张三", "张三丰"}
    assert [h.name for h in services.search.search(advisor, "WXM")] == ["王小明"]


def test_nothing_for_nothing(services: Services, advisor: Actor, people: None) -> None:
    assert services.search.search(advisor, "") == []
    assert services.search.search(advisor, " · ") == []
    assert services.search.search(advisor, "京Z99999") == []


def test_limit_is_respected(services: Services, admin: Actor) -> None:
    services.demo.load(admin, 120)
    assert len(services.search.search(admin, "1", limit=50)) <= 50
    assert len(services.search.search(admin, "a", limit=7)) == 7


@pytest.mark.parametrize("query", ["京A12345", "A12345", "5678", "123456", "13812345678",
                                   ZHANG_VIN, "zs", "张三"])
@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN
def test_every_query_uses_an_index(ctx: AppContext, services: Services, admin: Actor,
                                   query: str) -> None:
    """No branch of a query may scan a table or sort: that keeps 200,000 vehicles fast."""
    services.demo.load(admin, 20)
    with ctx.db.unit_of_work() as session:
        connection = session.connection()
        for statement in statements(query):
            compiled = statement.compile(connection)
            params = tuple(compiled.params[name] for name in compiled.positiontup or ())
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
            details = " | ".join(row[-1] for row in plan)
            assert "SCAN" not in details, details
            assert "TEMP B-TREE" not in details, details


def test_digits_list_phone_hits_before_vin_and_plate_hits(services: Services, advisor: Actor,
                                                          people: None) -> None:
    """With many vehicles the last four digits also end VINs; phones must not be crowded out."""
    services.customers.create(advisor, CustomerInput(name="赵六", mobile="13500000001"),
                              VehicleInput(plate="津A05678", vin=make_vin(105678)))
    hits = services.search.search(advisor, "5678", limit=2)
    assert {h.name for h in hits} == {"张三", "李四"}
    assert "赵六" in {h.name for h in services.search.search(advisor, "5678")}
