"""Read models for form tests, built directly: forms take read models, not a database."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from domain.services.branch import BranchView
from domain.services.customers import CustomerView, VehicleView


def make_vehicle(plate: str = "京AD12345", vin: str = "LSVAU2180N2183294", **changes: object) -> VehicleView:
    values: dict[str, object] = dict(
        id=f"veh-{plate}", owner_id="cust-1", plate=plate, vin=vin, brand="大众",
        model="帕萨特 330TSI 豪华版", model_year=2021, engine_no="EA888123", colour="黑色",
        purchase_date=dt.date(2021, 5, 3), mileage_km=45210,
        insurance_expiry=dt.date(2026, 5, 2), inspection_due=dt.date(2027, 5, 1),
        warranty_end_date=dt.date(2024, 5, 3), warranty_end_km=100000, row_version=1,
    )
    values.update(changes)
    return VehicleView(**values)  # type: ignore[arg-type]


def make_customer(*vehicles: VehicleView, **changes: object) -> CustomerView:
    values: dict[str, object] = dict(
        id="7f3c9a10-1111-2222-3333-444455556666", kind="individual", name="欧阳晓峰",
        mobile="13812345678", other_phone="010-88889999",
        address="北京市朝阳区望京街道阜通东大街 6 号院 3 号楼 2 单元 1502 室",
        id_number="", source="朋友介绍", preferred_contact_time="工作日 18:00 以后",
        consent_contact=True, notes="喜欢周末上午来店。", first_visit_on=dt.date(2025, 3, 14),
        created_at=dt.datetime(2025, 3, 14, 2, 0, tzinfo=dt.UTC), row_version=1,
        vehicles=vehicles,
    )
    values.update(changes)
    return CustomerView(**values)  # type: ignore[arg-type]


@pytest.fixture
def branch() -> BranchView:
    return BranchView("branch-1", "BJ01", "北京朝阳店", "北京市朝阳区望京街 8 号",
                      "010-64700000", "Asia/Shanghai", "branch")


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in read_pdf(data).pages]


_FURNITURE = re.compile(r"^(第 \d+ 页 共 \d+ 页|.*打印于 .*|.*（续）|.*　编号：.*|补打 第\d+次)$")


def body_text(data: bytes) -> str:
    """All pages' text without page furniture (running header, footer), in reading order."""
    return "\n".join(line for text in page_texts(data) for line in text.splitlines()
                     if not _FURNITURE.match(line.strip()))


def squeeze(text: str) -> str:
    """Text without whitespace: extraction inserts line breaks where lines wrapped."""
    return "".join(text.split())


def embedded_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, has FontFile2) of every font any page uses, descendant fonts included."""
    found: list[tuple[str, bool]] = []
    for page in read_pdf(data).pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for item in descendants:
                descriptor = item.get("/FontDescriptor")
                has_file = descriptor is not None and "/FontFile2" in descriptor.get_object()
                found.append((str(item.get("/BaseFont", font.get("/BaseFont"))), has_file))
    return found
