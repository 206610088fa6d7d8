"""客户抱怨处理表 (five copies), 答复函 and 客户投诉案件统计表 as PDFs, from real slips."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import AppContext
from domain import clock
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_statistics import MonthlyStatistics
from domain.services.complaint_views import ComplaintView, NoticeView, PenaltyView
from domain.services.complaints import ComplaintSettings
from reports.complaint_notice import ComplaintCoordinateForm, ComplaintUrgeForm
from reports.complaint_penalty import PenaltyNoticeForm
from reports.complaint_reply import ComplaintReplyForm
from reports.complaint_slip import ComplaintSlipForm, complaint_copies
from reports.complaint_statistics import ComplaintStatisticsReport
from tests.reports.complaint_shop import (
    APPROVAL_NOTE,
    CORRECTIVE,
    CUSTOMER,
    FINAL,
    INVESTIGATION,
    LONG_WORDS,
    LOSS_NOTE,
    PENALTY_REASON,
    PLATE,
    PROPOSAL,
    STATS_AT,
    URGE_REASON,
    WORDS,
    ComplaintShop,
    build_november,
)
from tests.reports.conftest import body_text, embedded_fonts, page_texts, read_pdf, squeeze

MM = 72 / 25.4
COPY_LABELS = ("第一联质量管理部存", "第二联维修车间存", "第三联送业务部门依批示办理", "第四联财务部存",
               "第五联总经理室存")


@dataclass(frozen=True)
class Slips:
    branch: BranchView
    settings: ComplaintSettings
    shop: ComplaintShop
    closed: ComplaintView
    late: ComplaintView
    refused: ComplaintView
    reopened: ComplaintView
    long: ComplaintView
    stats: MonthlyStatistics
    urge: NoticeView
    coordinate: NoticeView
    penalty: PenaltyView


@pytest.fixture(scope="module")
def slips(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slips]:
    ctx = AppContext.open(Path(tmp_path_factory.mktemp("cs")) / "data", create=True)
    try:
        ctx.services.branches.initialise(
            code="BJ01", name="北京朝阳店", address="北京市朝阳区望京街 8 号", phone="010-64700000",
            admin_username="admin", admin_password="admin123-Kq7v")
        shop = build_november(ctx.services)
        get = ctx.services.complaints.get
        system = Actor.system()
        with clock.freeze(STATS_AT):
            closed, late, refused, reopened, long = (
                get(system, n) for n in (shop.closed, shop.late, shop.refused, shop.reopened, shop.long))
            stats = ctx.services.complaints.monthly_statistics(shop.manager, 2026, 11)
        s = ctx.services
        yield Slips(s.branches.current(), s.complaints.settings(), shop,
                    closed, late, refused, reopened, long, stats,
                    s.complaint_deadlines.notice(system, "urge", shop.urge),
                    s.complaint_deadlines.notice(system, "coordinate", shop.coordinate),
                    s.complaint_penalties.get(system, shop.penalties[0]))
    finally:
        ctx.close()


_COPY_STRIP = re.compile(r"^第[一二三四五六七八九十]+联 .*→")


def _body(pdf: bytes) -> str:
    """Body text without page furniture, the copy strip in the footer included."""
    return "\n".join(line for line in body_text(pdf).splitlines()
                     if not _COPY_STRIP.match(line.strip()))


def _size_mm(pdf: bytes) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
            for p in read_pdf(pdf).pages}


# --- the slip -----------------------------------------------------------------------------
def test_five_copies_by_default_each_a_page_with_its_own_label(slips: Slips) -> None:
    pdf = ComplaintSlipForm(slips.branch, slips.closed,
                            copies=complaint_copies(slips.settings.copies)).render()
    pages = [squeeze(t) for t in page_texts(pdf)]
    assert len(pages) == 5 and _size_mm(pdf) == {(210, 297)}
    for index, page in enumerate(pages):
        assert COPY_LABELS[index] in page, index
        assert [label for label in COPY_LABELS if label in page] == [COPY_LABELS[index]]
        assert slips.closed.number in page and "第1页共1页" in page
    assert "→总经理室" in pages[4] and "→质量管理部" in pages[0]
    # without settings the form uses the same five copies
    assert len(read_pdf(ComplaintSlipForm(slips.branch, slips.closed).render()).pages) == 5


def test_slip_shows_every_section(slips: Slips) -> None:
    v = slips.closed
    text = squeeze("".join(page_texts(ComplaintSlipForm(slips.branch, v, copies=complaint_copies(
        count=1)).render())))
    for expected in (
            "客户抱怨处理表", v.number, CUSTOMER, PLATE, v.work_order_number, "电话", "维修质量",
            "重大：危及客户安全、索赔金额超过限额", "■危及客户安全", WORDS, "赔偿误工费8000元",
            "8000.00元", "李客服", "2026-11-1010:00",
            # deadlines: response at the exact hour, the others at the end of the local day
            "首次回复期限2026-11-1110:00（按时）", "提出方案期限2026-11-1324:00（按时）",
            "结案期限2026-11-2324:00（按时）",
            "服务经理已致电客户致歉", INVESTIGATION, "■我方责任", "□非我方责任", "维修车间",
            "周师傅", "吴师傅", "70%", "30%", "4000.00元", LOSS_NOTE, "2800.00", "1200.00",
            CORRECTIVE, "■重新维修", "赔偿3000.00元", "■致歉", PROPOSAL, "3000.00元",
            "□服务经理■总经理（重大投诉）", "钱总", APPROVAL_NOTE, "服务经理签字", "总经理签字",
            "■接受", "客户同意", FINAL, "2天", "■需回访处理效果：2026年11月19日前回访",
            "内部资料，不得交予客户"):
        assert squeeze(expected) in text, expected


def test_linked_slips_name_each_other(slips: Slips) -> None:
    original = squeeze("".join(page_texts(ComplaintSlipForm(
        slips.branch, slips.refused, copies=complaint_copies(count=1)).render())))
    assert "■不接受" in original and f"续办于{slips.reopened.number}" in original
    new = squeeze("".join(page_texts(ComplaintSlipForm(
        slips.branch, slips.reopened, copies=complaint_copies(count=1)).render())))
    assert f"原投诉单{slips.refused.number}" in new and "要求店长当面道歉" in new


def test_on_241_paper_the_slip_prints_once(slips: Slips) -> None:
    for view in (slips.closed, slips.refused, slips.reopened):
        pdf = ComplaintSlipForm(slips.branch, view, paper="241",
                                copies=complaint_copies(slips.settings.copies)).render()
        (page,) = [squeeze(t) for t in page_texts(pdf)]
        assert _size_mm(pdf) == {(241, 279)}
        assert "本表一式5联" in page and all(label in page for label in COPY_LABELS)


def test_number_of_copies_is_configurable(slips: Slips) -> None:
    three = complaint_copies(slips.settings.copies, 3)
    pages = [squeeze(t) for t in page_texts(ComplaintSlipForm(slips.branch, slips.closed,
                                                              copies=three).render())]
    assert len(pages) == 3 and [COPY_LABELS[i] in p for i, p in enumerate(pages)] == [True] * 3
    custom = complaint_copies([{"name": "存根", "destination": "客服部", "colour": "#abcdef",
                                "colour_name": "浅蓝"}, {"name": "档案", "colour": "oops"}])
    assert [c.label for c in custom] == ["第一联 存根", "第二联 档案"]
    assert custom[0].colour.hexval() == "0xabcdef" and custom[1].colour_name == "白"


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_a_2000_character_complaint_wraps_without_losing_a_character(slips: Slips,
                                                                     paper: str) -> None:
    assert len(LONG_WORDS) == 2000 and slips.long.customer_words == LONG_WORDS
    pdf = ComplaintSlipForm(slips.branch, slips.long, paper=paper,
                            copies=complaint_copies(count=2)).render()
    pages = page_texts(pdf)
    assert len(pages) >= 2
    text = squeeze(_body(pdf))
    # each copy holds the whole complaint, in order, with nothing cut at the box edge
    assert text.count(squeeze(LONG_WORDS)) == 2
    assert squeeze(LONG_WORDS[-30:]) in text


def test_fonts_are_embedded_cjk_only(slips: Slips) -> None:
    pdf = ComplaintSlipForm(slips.branch, slips.closed, paper="a5").render()
    fonts = embedded_fonts(pdf)
    assert fonts and all("WenQuanYi" in name and embedded for name, embedded in fonts)


def test_reprint_is_marked(slips: Slips) -> None:
    pdf = ComplaintSlipForm(slips.branch, slips.closed, copies=complaint_copies(count=1),
                            reprint_count=2).render()
    assert "补打第2次" in squeeze(page_texts(pdf)[0])


# --- the reply letter ---------------------------------------------------------------------
INTERNAL = (INVESTIGATION, APPROVAL_NOTE, LOSS_NOTE, "周师傅", "吴师傅", "责任", "罚扣", "维修车间",
            "2800.00", "内部", "李客服已", "赵经理", "钱总")


def test_reply_letter_has_what_the_customer_should_see_only(slips: Slips) -> None:
    v = slips.closed
    pdf = ComplaintReplyForm(slips.branch, v).render()
    text = squeeze("".join(page_texts(pdf)))
    assert len(read_pdf(pdf).pages) == 1
    for expected in ("客户投诉答复函", f"尊敬的{CUSTOMER}：", v.number, "2026年11月10日致电",
                     WORDS, "赔偿误工费8000元", FINAL, "深表歉意", "回访", "联系人：李客服",
                     "010-64700000", "北京朝阳店", "（盖章）"):
        assert squeeze(expected) in text, expected
    for secret in INTERNAL:
        assert squeeze(secret) not in text, secret


def test_reply_promises_nothing_before_approval(slips: Slips) -> None:
    text = squeeze(_body(ComplaintReplyForm(slips.branch, slips.long, paper="a5").render()))
    assert "2026年11月23日前向您答复处理方案" in text and slips.long.number in text
    assert squeeze(LONG_WORDS) in text
    approved = squeeze("".join(page_texts(ComplaintReplyForm(slips.branch, slips.refused).render())))
    assert "给予优惠200.00元" in approved and "前台人手不足" not in approved


# --- the monthly statistics ---------------------------------------------------------------
def test_statistics_form_has_the_month_figures(slips: Slips) -> None:
    s = slips.stats
    assert (s.registered, s.closed, s.reopened, s.overdue_open, s.average_days_to_close_tenths) == (
        5, 2, 1, 2, 95)
    pdf = ComplaintStatisticsReport(slips.branch, s, paper="a4").render()
    text = squeeze(body_text(pdf))
    for expected in (
            "客户投诉案件统计表", "统计月份：2026年11月", "报送期限：2026年12月10日前",
            "本月受理件数5", "其中：客户不接受后重开1", "本月结案件数2", "平均结案天数9.5",
            "逾期结案件数（须洽办）1", "月末超期未结件数2", "本月罚扣合计（元）1000.00",
            "维修质量240.0%", "服务态度240.0%", "价格120.0%", "合计5100.0%",
            "一般480.0%", "重大120.0%", "维修车间150.0%", "非我方责任150.0%",
            "3天以内150.0%", "14天及以上150.0%",
            f"{slips.late.number}2026-11-162026-11-2011:004",
            "周师傅维修车间1000.00500.002800.000.00500.002300.00",
            "吴师傅维修车间1000.00500.001200.000.00500.00700.00",
            "合计4000.000.001000.003000.00", "制表人签字", "总经理签字"):
        assert squeeze(expected) in text, expected
    for paper in ("a5", "241"):
        assert "本月罚扣合计（元）1000.00" in squeeze(body_text(
            ComplaintStatisticsReport(slips.branch, s, paper=paper).render()))


# --- issue 15 -----------------------------------------------------------------------------
def test_slip_shows_both_internal_deadlines_reasons_and_notices(slips: Slips) -> None:
    """"the investigation report is due within 3 days of intake and the consolidated opinion
    within 1 day after the report" (issue 15); each missed deadline's reason is on the slip."""
    closed = squeeze("".join(page_texts(ComplaintSlipForm(slips.branch, slips.closed,
                                                          copies=complaint_copies(count=1)).render())))
    # received 10 Nov 10:00, reported 12:00 the same day: report by 13 Nov, opinion by 11 Nov
    for expected in ("调查报告期限2026-11-1324:00（按时）", "综合意见期限2026-11-1124:00（按时）",
                     f"■奖罚：{slips.shop.penalties[0]}", "警告400.00元", PENALTY_REASON, "小过800.00元"):
        assert squeeze(expected) in closed, expected
    late = squeeze("".join(page_texts(ComplaintSlipForm(slips.branch, slips.late,
                                                        copies=complaint_copies(count=1)).render())))
    assert squeeze(f"超期原因结案：{URGE_REASON}") in late and f"洽办{slips.shop.coordinate}→服务部" in late
    long = squeeze("".join(page_texts(ComplaintSlipForm(slips.branch, slips.long,
                                                       copies=complaint_copies(count=1)).render())))
    assert "调查报告期限2026-11-2324:00（已超期）" in long and "综合意见期限调查报告后起算" in long
    assert f"催办{slips.shop.urge}→维修车间" in long


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_urge_and_coordinate_notices_on_both_papers(slips: Slips, paper: str) -> None:
    size = {"a4": (210, 297), "a5": (148, 210)}[paper]
    urge = ComplaintUrgeForm(slips.branch, slips.urge, paper=paper).render()
    (text,) = [squeeze(t) for t in page_texts(urge)]
    assert _size_mm(urge) == {size}
    for expected in ("投诉处理催办单", "DD-TS-04", slips.urge.number, slips.long.number, "致：维修车间（周师傅）",
                     "催办期限调查报告", "期限2026-11-2324:00", "已超期1天9小时", "超期原因", "完成日期",
                     "被催办部门负责人签字", "催办人签字"):
        assert squeeze(expected) in text, expected
    coordinate = ComplaintCoordinateForm(slips.branch, slips.coordinate, paper=paper).render()
    (text,) = [squeeze(t) for t in page_texts(coordinate)]
    for expected in ("投诉处理洽办单", "DD-TS-05", slips.coordinate.number, slips.late.number, "受文部门服务部",
                     "答复期限2026年11月27日前", "逾期4天结案，请书面说明原因", "答复意见", "发文部门负责人签字"):
        assert squeeze(expected) in text, expected
    for pdf in (urge, coordinate):
        fonts = embedded_fonts(pdf)
        assert fonts and all("WenQuanYi" in name and embedded for name, embedded in fonts)


def test_urge_prints_the_reason_once_it_is_recorded(slips: Slips) -> None:
    import dataclasses

    answered = dataclasses.replace(slips.urge, reason="技师休假")
    text = squeeze(body_text(ComplaintUrgeForm(slips.branch, answered).render()))
    assert "超期原因技师休假" in text


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_penalty_notice_three_copies_each_naming_its_own(slips: Slips, paper: str) -> None:
    """"a 奖罚通知单 printed in three copies (本人 / 部门 / 财务)" (issue 15)."""
    pdf = PenaltyNoticeForm(slips.branch, slips.penalty, paper=paper).render()
    pages = [squeeze(t) for t in page_texts(pdf)]
    assert len(pages) == 3
    labels = ("第一联本人联（白）→受处分人本人", "第二联部门联（红）→所在部门存", "第三联财务联（黄）→财务部")
    for index, page in enumerate(pages):
        assert squeeze(labels[index]) in page, index
        assert sum(squeeze(label)[:6] in page for label in labels) == 1
        for expected in ("奖罚通知单", "DD-TS-06", slips.penalty.number, "周师傅", "维修车间", "70%",
                         "■警告□小过□大过", "400.00元（大写：肆佰元整）", slips.closed.number, PENALTY_REASON,
                         "计入月份2026年11月", "本人签收签字"):
            assert squeeze(expected) in page, (index, expected)


def test_statistics_count_internal_deadlines_and_penalties(slips: Slips) -> None:
    """"both counted in the monthly statistics" and "a monthly list" of penalties (issue 15)."""
    text = squeeze(body_text(ComplaintStatisticsReport(slips.branch, slips.stats).render()))
    for expected in ("调查报告超期件数2", "综合意见超期件数0", "本月奖罚件数2", "本月奖罚金额合计（元）1200.00",
                     "八、内部期限", "调查报告53020060.0%", "综合意见330000100.0%", "九、内部期限超期明细",
                     f"{slips.long.number}调查报告2026-11-23（未说明）", "十、奖罚",
                     f"{slips.shop.penalties[0]}周师傅维修车间警告400.00{slips.closed.number}{PENALTY_REASON}",
                     f"{slips.late.number}2026-11-162026-11-2011:004{URGE_REASON}"):
        assert squeeze(expected) in text, expected
