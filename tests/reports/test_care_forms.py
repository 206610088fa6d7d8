"""Care letters, the survey card, the monthly care summary (PDF) and the Excel exports,
from real services: a delivered order, a call with ratings, a contract and a complaint."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.context import AppContext
from domain import clock
from domain.care_rules import LEVEL_LABELS_ZH, RATING_ITEM_LABELS_ZH, LetterTemplate
from domain.roles import Actor, Role
from domain.services.branch import BranchView
from domain.services.care import CallInput, RatingInput
from domain.services.care_views import CareSummary, ClassRow
from domain.services.complaints import ComplaintInput
from domain.services.customers import CustomerView
from domain.services.workorder_views import WorkOrderView
from reports.care_letter import CareLetterForm, LetterData, letter_data_for
from reports.care_summary import CareSummaryReport
from reports.survey_card import SurveyCardForm
from reports.xlsx_care import care_summary_xlsx, customer_classes_xlsx
from tests.reports.conftest import body_text, page_texts, squeeze
from tests.reports.wo_shop import PLATE, T0, delivered, make_shop

CALL_AT = T0 + dt.timedelta(days=3, hours=2)


@dataclass(frozen=True)
class Care:
    branch: BranchView
    order: WorkOrderView
    customer: CustomerView
    summary: CareSummary
    classes: list[ClassRow]
    ctx: AppContext
    clerk: Actor


@pytest.fixture(scope="module")
def care(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Care]:
    ctx = AppContext.open(Path(tmp_path_factory.mktemp("care")) / "data", create=True)
    try:
        services = ctx.services
        services.branches.initialise(
            code="BJ01", name="北京朝阳店", address="北京市朝阳区望京街 8 号", phone="010-64700000",
            admin_username="admin", admin_password="admin123-Kq7v")
        admin = services.staff.login("admin", "admin123-Kq7v")
        shop = make_shop(services, admin)
        order = delivered(shop)
        staff = services.staff.create(admin, username="care_wu", display_name="吴客服", role=Role.CARE_CLERK,
                                      password="pass1234-Lw9x")
        clerk = Actor(staff.id, staff.username, staff.display_name, staff.role)
        with clock.freeze(CALL_AT):
            (task,) = [t for t in services.care.due(clerk) if t.kind == "first_call"]
            services.care.record_call(clerk, CallInput(
                outcome="reached", task_id=task.id, satisfied_remarks="师傅很专业",
                rating=RatingInput(overall="very_satisfied", attitude="very_satisfied",
                                   workmanship="satisfied", timeliness="neutral", promises="unsatisfied")))
            customer = services.customers.find_one(clerk, PLATE)
            services.care.record_contract(shop.advisor, customer.id, "HT-2026-088", dt.date(2026, 1, 1),
                                          dt.date(2026, 12, 10), vehicle_id=shop.vehicle_id)
            summary = services.care.monthly_summary(clerk, 2026, 11)
            classes = services.care.classes(clerk)
        yield Care(services.branches.current(), order, customer, summary, classes, ctx, clerk)
    finally:
        ctx.close()


def _letter(care: Care, template: LetterTemplate, **kw: object) -> LetterData:
    with clock.freeze(CALL_AT):
        return letter_data_for(template, care.customer,
                               contracts=care.ctx.services.care.contracts(care.clerk, care.customer.id),
                               today=dt.date(2026, 11, 13), sender="吴客服", **kw)  # type: ignore[arg-type]


def test_maintenance_reminder_names_customer_vehicle_and_date(care: Care) -> None:
    data = LetterData(addressee="王小明", address="北京市朝阳区望京街道", plate=PLATE, vehicle_model="本田 雅阁",
                      vin="1HGCM82633A004352", due_on=dt.date(2027, 5, 10), due_km=36_000,
                      detail="按日均里程推算约 2027-05-10 达到 36000 公里", letter_date=dt.date(2026, 11, 13))
    pdf = CareLetterForm(care.branch, data, "maintenance-reminder").render()
    text = squeeze(body_text(pdf))
    assert len(page_texts(pdf)) == 1
    for expected in ("保养提醒函", "尊敬的王小明：", PLATE, "2027年5月10日", "2027-05-10", "36000公里",
                     "北京朝阳店", "010-64700000", "2026年11月13日"):
        assert expected in text, expected


def test_contract_expiry_notice_from_the_contract(care: Care) -> None:
    data = _letter(care, LetterTemplate.CONTRACT_EXPIRY)
    assert (data.contract_number, data.due_on, data.plate) == ("HT-2026-088", dt.date(2026, 12, 10), PLATE)
    pdf = CareLetterForm(care.branch, data, "contract-expiry").render()
    text = squeeze(body_text(pdf))
    for expected in ("保养到期通知书", "尊敬的王小明：", "HT-2026-088", "2026年12月10日", PLATE, "联系人：吴客服"):
        assert expected in text, expected
    assert data.subject(LetterTemplate.CONTRACT_EXPIRY) == f"保养到期通知书（{PLATE}）"


def test_event_invitation_has_event_day_and_place(care: Care) -> None:
    data = _letter(care, LetterTemplate.EVENT_INVITATION, event_on=dt.date(2026, 12, 5),
                   event_title="冬季免费检测", event_place="本店售后服务大厅")
    pdf = CareLetterForm(care.branch, data, "event_invitation", paper="a5").render()
    text = squeeze(body_text(pdf))
    for expected in ("活动邀请函", "王小明", "2026年12月5日", "冬季免费检测", "本店售后服务大厅", PLATE):
        assert expected in text, expected


def test_complaint_reply_is_the_complaint_reply_form(care: Care) -> None:
    services = care.ctx.services
    with clock.freeze(CALL_AT):
        slip = services.complaints.register(care.clerk, ComplaintInput(
            channel="phone", category="repair_quality", customer_words="刹车有异响", customer_id=care.customer.id,
            vehicle_id=care.order.vehicle_id, work_order=care.order.number))
    pdf = CareLetterForm(care.branch, slip, "complaint-reply").render()
    text = squeeze(body_text(pdf))
    assert "客户投诉答复函" in text and slip.number in text and "刹车有异响" in text
    with pytest.raises(TypeError):
        CareLetterForm(care.branch, slip, "maintenance-reminder")


def test_survey_card_has_four_items_four_levels_and_the_order(care: Care) -> None:
    for paper in ("a4", "a5"):
        pdf = SurveyCardForm(care.branch, care.order, paper=paper).render()
        pages = page_texts(pdf)
        assert len(pages) == 1, paper
        text = squeeze(pages[0])
        for label in (*RATING_ITEM_LABELS_ZH.values(), *LEVEL_LABELS_ZH.values(), "总体满意度"):
            assert squeeze(label) in text, label
        assert text.count("很满意") == 1 and text.count("□") >= 20
        for expected in ("客户意见调查卡", care.order.number, PLATE, "王小明", "李顾问", "张师傅",
                         "您的意见和建议"):
            assert expected in text, expected


def test_monthly_summary_pdf_shows_csi_and_items(care: Care) -> None:
    s = care.summary
    assert (s.rated_orders, s.csi.numerator, s.csi.denominator) == (1, 1, 1)
    text = squeeze(body_text(CareSummaryReport(care.branch, s).render()))
    for expected in ("客户回访分析月报", "2026年11月", "100.0%（1/1）", "服务态度", "答应事项的办理",
                     "李顾问", "张师傅", "CSI"):
        assert expected in text, expected


def test_summary_xlsx_types(care: Care) -> None:
    book = load_workbook(io.BytesIO(care_summary_xlsx(care.branch, care.summary)))
    assert book.sheetnames == ["回访概况", "回访率", "分项满意度", "人员评价"]
    overview = {r[0]: r[1] for r in book["回访概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["已评价工单"] == 1 and isinstance(overview["本月交车工单"], int)
    csi_row = [r for r in book["回访率"].iter_rows(min_row=2) if "CSI" in str(r[0].value)][0]
    assert csi_row[1].value == 1.0 and csi_row[1].number_format == "0.0%"
    items = {r[0]: r for r in book["分项满意度"].iter_rows(min_row=2, values_only=True)}
    assert items["服务态度"][1:] == (1, 0, 0, 0, 1.0)
    assert items["答应事项的办理"][1:] == (0, 0, 0, 1, 0.0)


def test_classes_xlsx_is_a_call_list(care: Care) -> None:
    book = load_workbook(io.BytesIO(customer_classes_xlsx(care.branch, care.classes)))
    sheet = book["客户分级"]
    rows = list(sheet.iter_rows(min_row=2))
    (row,) = [r for r in rows if r[3].value == "王小明"]
    assert row[0].value == "C" and row[4].value == "13912345678" and row[4].data_type == "s"
    assert row[7].value == 1 and isinstance(row[8].value, (int, float, Decimal)) and row[8].value > 0
    assert row[8].number_format == "0.00" and row[9].is_date
    assert "级别变动" in book.sheetnames
