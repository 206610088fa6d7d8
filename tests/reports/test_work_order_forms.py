"""委托书, 维修卡 and 结算单 as PDFs, from orders walked through the real services."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import AppContext
from domain.errors import NotFound
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.customers import CustomerView
from domain.services.workorder_views import ServiceHistoryRow, WorkOrderView
from reports.customer_file import CustomerFileForm
from reports.repair_card import RepairCardForm
from reports.settlement import SettlementForm
from reports.work_order import WorkOrderForm, work_order_copies
from reports.workorder_blocks import amount_in_words, quantity
from tests.reports.conftest import embedded_fonts, page_texts, read_pdf, squeeze
from tests.reports.wo_shop import PLATE, VIN, approved, delivered, make_shop, open_with_lines

MM = 72 / 25.4
SIZES = {"a4": (210, 297), "a5": (148, 210), "241": (241, 279)}


@dataclass(frozen=True)
class Orders:
    branch: BranchView
    delivered: WorkOrderView
    phone: WorkOrderView
    long: WorkOrderView
    customer: CustomerView
    history: dict[str, list[ServiceHistoryRow]]


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Orders]:
    """One database for the module: three orders in different states, built once."""
    ctx = AppContext.open(Path(tmp_path_factory.mktemp("wo")) / "data", create=True)
    try:
        ctx.services.branches.initialise(
            code="BJ01", name="北京朝阳店", address="北京市朝阳区望京街 8 号", phone="010-64700000",
            admin_username="admin", admin_password="admin123-Kq7v")
        shop = make_shop(ctx.services, Actor.system())
        done = delivered(shop)
        phone = approved(shop, phone=True, mileage_in=31_300)
        long = open_with_lines(shop, extra_lines=54, mileage_in=31_400)  # 6 + 54 = 60 lines
        customer = ctx.services.customers.get(shop.advisor, done.customer_id)
        history = {v.id: ctx.services.work_orders.service_history(shop.advisor, v.id)
                   for v in customer.vehicles}
        yield Orders(ctx.services.branches.current(), done, phone, long, customer, history)
    finally:
        ctx.close()


def _flat(pdf: bytes) -> str:
    return squeeze("".join(page_texts(pdf)))


def _size_mm(pdf: bytes) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
            for p in read_pdf(pdf).pages}


# --- work order ---------------------------------------------------------------------------
def test_work_order_holds_number_plate_lines_and_totals(orders: Orders) -> None:
    order = orders.delivered
    text = _flat(WorkOrderForm(orders.branch, order).render())
    for expected in ("维修委托书", order.number, PLATE, VIN, "王小明", "北京朝阳店",
                     "刹车时前轮有尖锐异响", "左前门划痕", "行车记录仪", "A有费服务",
                     "45022-TVA-A01", "前刹车片（套）", "31,200km", "3/8"):
        assert expected in text, expected
    # line totals and order totals as yuan with two decimals, from integer fen
    grosses = [x.gross_fen for x in order.labour] + [x.gross_fen for x in order.parts] \
        + [x.gross_fen for x in order.sundries]
    for gross in grosses:
        assert f"{gross // 100}.{gross % 100:02d}" in text
    assert "1496.00" in text and "1210.00" in text and "286.00" in text
    assert order.totals.total_fen == 149_600 and order.totals.customer_fen == 121_000


def test_two_copies_by_default_each_labelled(orders: Orders) -> None:
    pages = [squeeze(t) for t in page_texts(WorkOrderForm(orders.branch, orders.delivered).render())]
    assert len(pages) == 2
    assert "第一联存根联" in pages[0] and "门店留存" in pages[0]
    assert "第二联客户联" in pages[1] and "取车凭证" in pages[1] and "凭此联取车" in pages[1]
    assert "第二联客户联" not in pages[0]
    assert all("第1页共1页" in page for page in pages)  # each copy numbered on its own


def test_copies_follow_the_setting(orders: Orders) -> None:
    assert len(read_pdf(WorkOrderForm(orders.branch, orders.delivered,
                                      copies=work_order_copies(1)).render()).pages) == 1
    three = WorkOrderForm(orders.branch, orders.delivered, copies=work_order_copies(3)).render()
    pages = [squeeze(t) for t in page_texts(three)]
    assert len(pages) == 3 and "第三联车间联" in pages[2]


def test_multipart_241_prints_once_naming_every_copy(orders: Orders) -> None:
    pdf = WorkOrderForm(orders.branch, orders.delivered, paper="241").render()
    assert len(read_pdf(pdf).pages) == 1
    assert _size_mm(pdf) == {SIZES["241"]}
    text = _flat(pdf)
    assert "本单一式2联" in text and "第一联存根联" in text and "第二联客户联" in text
    assert "取车凭证" in text


def test_signature_and_phone_approval(orders: Orders) -> None:
    signed = _flat(WorkOrderForm(orders.branch, orders.delivered).render())
    assert "客户（确认委托）签字" in signed and "签字确认估价" in signed
    phone = _flat(WorkOrderForm(orders.branch, orders.phone).render())
    assert "电话确认09:50由王小明确认" in phone  # approved at 01:50 UTC = 09:50 Beijing


def test_supplementary_approval_is_printed(orders: Orders) -> None:
    text = _flat(WorkOrderForm(orders.branch, orders.delivered).render())
    assert "增项确认" in text and "后刹车片磨损到限，追加更换" in text
    assert "电话确认10:10由王小明确认" in text and "360.00" in text


def test_sixty_lines_span_pages_with_repeated_headers(orders: Orders) -> None:
    order = orders.long
    assert len(order.labour) + len(order.parts) + len(order.sundries) == 60
    pdf = WorkOrderForm(orders.branch, order, copies=()).render()
    pages = page_texts(pdf)
    assert len(pages) >= 2
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {total} 页" in page
    with_lines = [p for p in pages if re.search(r"密封圈 \d\d 号", p)]
    assert len(with_lines) >= 2
    for page in with_lines:  # the header row repeats on every page the table reaches
        assert "维修项目/配件名称" in squeeze(page) and "金额(元)" in page
    text = _flat(pdf)
    assert "密封圈01号" in text and "密封圈54号" in text and "2486.00" in text
    # every copy of a multi-copy long order restarts its own page count
    two = page_texts(WorkOrderForm(orders.branch, order).render())
    per_copy = len(two) // 2
    assert len(two) == 2 * per_copy and per_copy >= 2
    assert f"第 1 页 共 {per_copy} 页" in two[per_copy] and "第二联 客户联" in two[per_copy]
    assert f"第 {per_copy} 页 共 {per_copy} 页" in two[-1]


# --- repair card --------------------------------------------------------------------------
def test_repair_card_one_section_per_job(orders: Orders) -> None:
    order = orders.delivered
    assert [j.title for j in order.jobs] == ["更换前后刹车片", "空调检修"]
    pages = [squeeze(t) for t in page_texts(RepairCardForm(orders.branch, order).render())]
    assert len(pages) == 2
    for page, job, other in ((pages[0], order.jobs[0], order.jobs[1]),
                             (pages[1], order.jobs[1], order.jobs[0])):
        for expected in ("维修卡（派工单）", order.number, PLATE, VIN, "雅阁260TURBO豪华版",
                         job.title, job.technician_name, "实际作业时间", "更换配件",
                         "班组自检栏", "车间主任（验讫）签字", "自检（技师）", "互检（班组）",
                         "终检", "第1页共1页"):
            assert expected in page, expected
        assert other.title not in page
    assert "更换前刹车片" in pages[0] and "更换后刹车片" in pages[0]
    assert "空调系统检测及加注冷媒" in pages[1] and "更换前刹车片" not in pages[1]


def test_repair_card_for_one_job_and_unknown_job(orders: Orders) -> None:
    job = orders.delivered.jobs[1]
    pdf = RepairCardForm(orders.branch, orders.delivered, job_id=job.id).render()
    assert len(read_pdf(pdf).pages) == 1 and "空调检修" in _flat(pdf)
    with pytest.raises(NotFound):
        RepairCardForm(orders.branch, orders.delivered, job_id="no-such-job")


def test_repair_card_before_dispatch_lists_every_labour_line(orders: Orders) -> None:
    text = _flat(RepairCardForm(orders.branch, orders.phone).render())
    assert "未派工" in text and "更换前刹车片" in text and "空调系统检测及加注冷媒" in text


# --- settlement ---------------------------------------------------------------------------
def test_settlement_shows_payer_split_payments_and_next_service(orders: Orders) -> None:
    order = orders.delivered
    text = _flat(SettlementForm(orders.branch, order).render())
    for expected in ("结算单", order.number, PLATE, "客户应付", "1210.00", "厂家保修", "286.00",
                     "1496.00", "大写：壹仟贰佰壹拾元整", "微信", "500.00", "WX20261110", "现金",
                     "710.00", "已结清", "下次保养日期", "2027年05月10日", "下次保养里程",
                     "41,200km", "出厂里程", "31,215km", "客户（确认结算及取车）签字"):
        assert expected in text, expected


# --- all forms ----------------------------------------------------------------------------
FORMS = {
    "work_order": lambda b, o, p: WorkOrderForm(b, o, paper=p),
    "repair_card": lambda b, o, p: RepairCardForm(b, o, paper=p),
    "settlement": lambda b, o, p: SettlementForm(b, o, paper=p),
}


@pytest.mark.parametrize("form", FORMS)
def test_only_the_cjk_font_embedded(orders: Orders, form: str) -> None:
    fonts = embedded_fonts(FORMS[form](orders.branch, orders.delivered, "a4").render())
    assert fonts and all("WenQuanYi" in name and has_file for name, has_file in fonts), fonts


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("paper", ["a4", "a5", "241"])
def test_paper_size_and_whole_identifiers(orders: Orders, form: str, paper: str) -> None:
    pdf = FORMS[form](orders.branch, orders.delivered, paper).render()
    assert _size_mm(pdf) == {SIZES[paper]}
    raw = "\n".join(page_texts(pdf))
    # plates, VINs, part and order numbers are never broken inside a cell
    for identifier in (PLATE, VIN, orders.delivered.number):
        assert identifier in raw, identifier
    if form != "repair_card":
        assert "45022-TVA-A01" in raw and "80450-T2A-A01" in raw


# --- customer file history ----------------------------------------------------------------
def test_customer_file_prints_the_real_service_history(orders: Orders) -> None:
    pdf = CustomerFileForm(orders.branch, orders.customer, history=orders.history).render()
    page = page_texts(pdf)[0]
    history = squeeze(page[page.index("本店服务记录"):page.index("五、客户确认")])
    done = orders.delivered
    assert done.number in history and "1496.00" in history and "31,200" in history
    assert "更换前刹车片；空调系统检测及加注冷媒；更换后刹车片" in history
    assert "李顾问" in history and orders.phone.number in history and "（已开单）" in history
    assert len(read_pdf(pdf).pages) == 1


def test_customer_file_without_history_stays_blank(orders: Orders) -> None:
    page = page_texts(CustomerFileForm(orders.branch, orders.customer).render())[0]
    history = squeeze(page[page.index("本店服务记录"):page.index("五、客户确认")])
    assert orders.delivered.number not in history


# --- helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize(("fen", "words"), [
    (0, "零元整"), (1, "壹分"), (10, "壹角"), (100, "壹元整"), (12_345, "壹佰贰拾叁元肆角伍分"),
    (121_000, "壹仟贰佰壹拾元整"), (1_000_500, "壹万零伍元整"), (1_010_101, "壹万零壹佰零壹元零壹分"),
    (100_000_000, "壹佰万元整"), (-5_000, "负伍拾元整"),
])
def test_amount_in_words(fen: int, words: str) -> None:
    assert amount_in_words(fen) == words


def test_quantity_from_thousandths() -> None:
    assert quantity(1_000, "件") == "1件" and quantity(4_500) == "4.5" and quantity(125) == "0.125"
