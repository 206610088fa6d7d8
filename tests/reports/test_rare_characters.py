"""Every form printed for a customer, a branch and a technician whose names hold characters
from every CJK block (生僻字): the text extracted back from the PDF, by pypdf and by
pdftotext, holds the very same characters; a character no shipped face draws prints as its
code; each face in use is embedded as a subset."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import AppContext
from domain import clock
from domain.care_rules import LetterTemplate
from domain.roles import Actor, Role
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerView
from domain.services.registry import Services
from domain.services.workorder_views import WorkOrderView
from reports.care_letter import CareLetterForm, letter_data_for
from reports.care_summary import CareSummaryReport
from reports.complaint_reply import ComplaintReplyForm
from reports.complaint_slip import ComplaintSlipForm, complaint_copies
from reports.complaint_statistics import ComplaintStatisticsReport
from reports.customer_file import CustomerFileForm
from reports.kpi_report import KpiReport
from reports.repair_card import RepairCardForm
from reports.settlement import SettlementForm
from reports.supervisor_daily import SupervisorDailyReport
from reports.survey_card import SurveyCardForm
from reports.technician_daily import TechnicianDailyReport
from reports.work_order import WorkOrderForm
from tests.reports.conftest import embedded_fonts, page_texts, squeeze
from tests.reports.rare_names import (
    ADDRESS,
    BRANCH,
    CUSTOMER,
    EXT_B2,
    NO_FACE,
    TECHNICIAN,
    WORDS,
)
from tests.reports.wo_shop import T0, delivered, make_shop

DAY = T0.date()
FALLBACK_FACES = ("HanaMinA", "HanaMinB", "BabelStoneHan")


@dataclass(frozen=True)
class Shop:
    services: Services
    branch: BranchView
    order: WorkOrderView
    customer: CustomerView
    slip: ComplaintView
    manager: Actor


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    ctx = AppContext.open(Path(tmp_path_factory.mktemp("rare")) / "data", create=True)
    try:
        services = ctx.services
        services.branches.initialise(code="BJ01", name=BRANCH, address=ADDRESS, phone="010-64700000",
                                     admin_username="admin", admin_password="admin123-Kq7v")
        admin = services.staff.login("admin", "admin123-Kq7v")
        workshop = make_shop(services, admin, customer_name=CUSTOMER, address=ADDRESS,
                             technician=TECHNICIAN)
        order = delivered(workshop, customer_words=WORDS)
        manager = services.staff.create(admin, username="manager1", display_name="钱经理",
                                        role=Role.MANAGER, password="pass1234-Lw9x")
        boss = Actor(manager.id, manager.username, manager.display_name, manager.role)
        with clock.freeze(T0 + dt.timedelta(days=1)):
            slip = services.complaints.register(workshop.advisor, ComplaintInput(
                channel="phone", category="repair_quality", customer_words=WORDS,
                customer_request=f"请核对{CUSTOMER}的姓名", customer_id=order.customer_id,
                vehicle_id=order.vehicle_id, work_order=order.number))
        customer = services.customers.get(workshop.advisor, order.customer_id)
        yield Shop(services, services.branches.current(), order, customer, slip, boss)
    finally:
        ctx.close()


def _letter(shop: Shop, template: LetterTemplate) -> bytes:
    data = letter_data_for(template, shop.customer, today=DAY, sender="吴客服",
                           event_on=DAY + dt.timedelta(days=20), event_title="冬季免费检测",
                           event_place=ADDRESS)
    return CareLetterForm(shop.branch, data, template.value).render()


def _daily_technician(shop: Shop) -> bytes:
    with clock.freeze(T0 + dt.timedelta(days=1)):
        days = shop.services.daily_reports.technician_days(shop.manager, DAY)
    return TechnicianDailyReport(shop.branch, days, DAY).render()


def _daily_supervisor(shop: Shop) -> bytes:
    with clock.freeze(T0 + dt.timedelta(days=1)):
        report = shop.services.daily_reports.supervisor_day(shop.manager, DAY)
    return SupervisorDailyReport(shop.branch, report).render()


def _kpi(shop: Shop) -> bytes:
    with clock.freeze(T0 + dt.timedelta(days=40)):
        kpis = shop.services.kpi.monthly(shop.manager, "2026-11")
    return KpiReport(shop.branch, kpis).render()


def _complaint_statistics(shop: Shop) -> bytes:
    with clock.freeze(T0 + dt.timedelta(days=40)):
        stats = shop.services.complaints.monthly_statistics(shop.manager, 2026, 11)
    return ComplaintStatisticsReport(shop.branch, stats).render()


def _care_summary(shop: Shop) -> bytes:
    with clock.freeze(T0 + dt.timedelta(days=40)):
        summary = shop.services.care.monthly_summary(shop.manager, 2026, 11)
    return CareSummaryReport(shop.branch, summary).render()


Render = Callable[[Shop], bytes]
#: form → (how to print it, what its text must hold besides the branch name)
FORMS: dict[str, tuple[Render, tuple[str, ...]]] = {
    "work_order": (lambda s: WorkOrderForm(s.branch, s.order).render(), (CUSTOMER, ADDRESS, EXT_B2)),
    "repair_card": (lambda s: RepairCardForm(s.branch, s.order).render(), (TECHNICIAN,)),
    "settlement": (lambda s: SettlementForm(s.branch, s.order).render(), (CUSTOMER,)),
    "customer_file": (lambda s: CustomerFileForm(s.branch, s.customer).render(), (CUSTOMER, ADDRESS)),
    "complaint_slip": (lambda s: ComplaintSlipForm(s.branch, s.slip, copies=complaint_copies(count=1))
                       .render(), (CUSTOMER, EXT_B2)),
    "complaint_reply": (lambda s: ComplaintReplyForm(s.branch, s.slip).render(), (CUSTOMER,)),
    "maintenance_letter": (lambda s: _letter(s, LetterTemplate.MAINTENANCE_REMINDER), (CUSTOMER, ADDRESS)),
    "event_letter": (lambda s: _letter(s, LetterTemplate.EVENT_INVITATION), (CUSTOMER, ADDRESS)),
    "survey_card": (lambda s: SurveyCardForm(s.branch, s.order).render(), (CUSTOMER, TECHNICIAN)),
    "technician_daily": (_daily_technician, (TECHNICIAN,)),
    "supervisor_daily": (_daily_supervisor, (TECHNICIAN,)),
    "kpi": (_kpi, ()),
    "complaint_statistics": (_complaint_statistics, ()),
    "care_summary": (_care_summary, ()),
}


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def printed(shop: Shop) -> dict[str, bytes]:
    return {name: render(shop) for name, (render, _expected) in FORMS.items()}


@pytest.mark.parametrize("form", FORMS)
def test_every_character_comes_back_out_of_the_pdf(printed: dict[str, bytes], form: str,
                                                   tmp_path: Path) -> None:
    pdf = printed[form]
    expected = (BRANCH, *FORMS[form][1])
    by_pypdf = squeeze("".join(page_texts(pdf)))
    by_poppler = squeeze(_pdftotext(pdf, tmp_path))
    for text in expected:
        printed_text = squeeze(text.replace(NO_FACE, f"[U+{ord(NO_FACE):X}]"))
        assert printed_text in by_pypdf, (form, text)
        assert printed_text in by_poppler, (form, text)


def test_a_character_no_face_draws_prints_its_code(printed: dict[str, bytes]) -> None:
    text = squeeze("".join(page_texts(printed["work_order"])))
    assert "名字里的[U+30041]请手写补上" in text
    assert "〓" not in text


@pytest.mark.parametrize("form", FORMS)
def test_faces_in_use_are_embedded_as_subsets(printed: dict[str, bytes], form: str) -> None:
    fonts = embedded_fonts(printed[form])
    if form == "kpi":  # reportlab.graphics starts each chart in Helvetica; no text is drawn in it
        fonts = [font for font in fonts if font[0] != "/Helvetica"]
    names = {name.split("+", 1)[-1].split("-")[0] for name, _ in fonts}
    assert all(has_file for _, has_file in fonts), fonts
    assert all("+" in name for name, _ in fonts), fonts  # subset tags: ABCDEF+Name
    # the branch name alone needs HanaMin A (𠮷) and BabelStone Han (𰻞) besides the main face
    assert {"WenQuanYiMicroHei", "HanaMinA", "BabelStoneHan"} <= names, names
    assert names <= {"WenQuanYiMicroHei", *FALLBACK_FACES}, names
