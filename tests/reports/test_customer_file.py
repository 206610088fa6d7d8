"""The customer file form (客户档案基本资料表) as a PDF: text, font, paper, robustness."""

from __future__ import annotations

import pytest

from reports.customer_file import CustomerFileForm
from tests.reports.conftest import (
    body_text,
    embedded_fonts,
    make_customer,
    make_vehicle,
    page_texts,
    read_pdf,
    squeeze,
)

MM = 72 / 25.4


def test_text_holds_the_customer_name_mobile_and_plate(branch):
    pdf = CustomerFileForm(branch, make_customer(make_vehicle())).render()
    text = squeeze("".join(page_texts(pdf)))
    for expected in ("客户档案基本资料表", "欧阳晓峰", "13812345678", "京AD12345",
                     "LSVAU2180N2183294", "北京朝阳店", "010-64700000", "本店服务记录",
                     "客户签字", "第1页共1页"):
        assert expected in text, expected


def test_cjk_font_is_embedded_as_a_truetype_subset(branch):
    pdf = CustomerFileForm(branch, make_customer(make_vehicle())).render()
    fonts = embedded_fonts(pdf)
    cjk = [(name, has_file) for name, has_file in fonts if "WenQuanYi" in name]
    assert cjk, fonts
    assert all(has_file for _, has_file in cjk)
    # only the CJK face: no base-14 font that would print Chinese as boxes
    assert all("WenQuanYi" in name for name, _ in fonts), fonts


@pytest.mark.parametrize(("paper", "width_mm", "height_mm"), [("a4", 210, 297), ("a5", 148, 210)])
def test_page_size_follows_the_paper(branch, paper, width_mm, height_mm):
    pdf = CustomerFileForm(branch, make_customer(make_vehicle()), paper=paper).render()
    for page in read_pdf(pdf).pages:
        assert abs(float(page.mediabox.width) - width_mm * MM) < 1
        assert abs(float(page.mediabox.height) - height_mm * MM) < 1


def test_a4_and_a5_fit_one_vehicle_on_one_page(branch):
    customer = make_customer(make_vehicle())
    assert len(read_pdf(CustomerFileForm(branch, customer).render()).pages) == 1
    assert len(read_pdf(CustomerFileForm(branch, customer, paper="a5").render()).pages) == 1


def test_one_section_per_vehicle(branch):
    customer = make_customer(make_vehicle(), make_vehicle("粤B9Z8Y7", "LFV3A23C0K3012345",
                                                          brand="丰田", model="凯美瑞"))
    text = squeeze("".join(page_texts(CustomerFileForm(branch, customer).render())))
    assert "车辆信息（京AD12345）" in text
    assert "车辆信息（粤B9Z8Y7）" in text
    assert "第1辆共2辆" in text and "第2辆共2辆" in text
    assert "凯美瑞" in text and "LFV3A23C0K3012345" in text


def test_customer_without_vehicle_gets_a_blank_vehicle_section(branch):
    text = squeeze("".join(page_texts(CustomerFileForm(branch, make_customer()).render())))
    assert "尚未登记车辆" in text
    assert "车架号(VIN)" in text


def test_service_history_is_blank_not_invented(branch):
    text = page_texts(CustomerFileForm(branch, make_customer(make_vehicle())).render())[0]
    history = text[text.index("本店服务记录"):text.index("五、客户确认")]
    assert squeeze(history) == "本店服务记录日期工单号进厂里程(km)服务项目/维修内容金额(元)服务顾问"


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_long_chinese_notes_wrap_without_losing_a_character(branch, paper):
    notes = "".join(f"第{i}句客户说明车辆跑长途需要重点检查底盘和刹车。" for i in range(200))[:2000]
    assert len(notes) == 2000
    pdf = CustomerFileForm(branch, make_customer(make_vehicle(), notes=notes), paper=paper).render()
    if paper == "a5":  # longer than the room left on the first page: the cell splits
        assert len(read_pdf(pdf).pages) >= 2
    assert notes in squeeze(body_text(pdf))


def test_characters_the_main_face_lacks_print_from_the_fallback_faces_or_as_codes(branch):
    customer = make_customer(make_vehicle(), name="吉𠮷祥", notes="很满意😀👍🏻，下次再来\U0001fae0")
    pdf = CustomerFileForm(branch, customer).render()
    text = squeeze("".join(page_texts(pdf)))
    assert "吉𠮷祥" in text  # Extension B, from HanaMin A
    # emoji the faces have print (the skin-tone modifier has no glyph: its code shows)
    assert "很满意😀👍[U+1F3FB]，下次再来[U+1FAE0]" in text


def test_plate_and_vin_stay_whole_on_small_paper(branch):
    vehicle = make_vehicle("沪AD12345F", "LFV3A23C0K3012345")
    text = page_texts(CustomerFileForm(branch, make_customer(vehicle), paper="a5").render())[0]
    lines = text.splitlines()
    assert any("沪AD12345F" in line for line in lines)
    assert any("LFV3A23C0K3012345" in line for line in lines)


def test_reprint_is_marked_on_every_page(branch):
    customer = make_customer(make_vehicle(), make_vehicle("粤B9Z8Y7", "LFV3A23C0K3012345"))
    pages = page_texts(CustomerFileForm(branch, customer, reprint_count=2).render())
    assert len(pages) > 1
    assert all("补打 第2次" in page for page in pages)
    first = page_texts(CustomerFileForm(branch, customer).render())
    assert not any("补打" in page for page in first)
