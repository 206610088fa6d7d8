"""``dealerdesk print letter TEMPLATE KEY`` and ``print survey-card NUMBER`` in-process:
the PDF is written, its path printed, and every letter lands in the letters register."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.context import AppContext
from domain import clock
from domain.roles import Actor
from domain.services.complaints import ComplaintInput
from tests.reports.wo_shop import PLATE, T0, delivered, make_shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A database made by ``dealerdesk init`` with a delivered order and a complaint."""
    data_dir = tmp_path_factory.mktemp("cli-letters") / "data"
    assert main(["--data-dir", str(data_dir), "init", "--branch-code", "BJ01",
                 "--branch-name", "北京朝阳店", "--admin", "admin", "--password", "admin123-Kq7v"]) == 0
    ctx = AppContext.open(data_dir)
    try:
        services = ctx.services
        admin = services.staff.login("admin", "admin123-Kq7v")
        order = delivered(make_shop(services, admin))
        with clock.freeze(T0 + dt.timedelta(days=1)):
            slip = services.complaints.register(admin, ComplaintInput(
                channel="phone", category="repair_quality", customer_words="刹车异响未修好",
                customer_id=order.customer_id, vehicle_id=order.vehicle_id, work_order=order.number))
    finally:
        ctx.close()
    return data_dir, order.number, slip.number


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def _run(shop: tuple[Path, str, str], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(shop[0]), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _letters(shop: tuple[Path, str, str]) -> list[tuple[str, str, str]]:
    ctx = AppContext.open(shop[0])
    try:
        return [(x.template, x.addressee, x.subject) for x in ctx.services.care.letters(
            Actor.system(), dt.date(2000, 1, 1), dt.date(2100, 1, 1))]
    finally:
        ctx.close()


@pytest.mark.parametrize(("template", "title"), [("maintenance-reminder", "保养提醒函"),
                                                  ("event-invitation", "活动邀请函"),
                                                  ("contract-expiry", "保养到期通知书")])
def test_letter_by_plate_is_written_and_registered(shop, tmp_path: Path, capsys, template: str,  # type: ignore[no-untyped-def]
                                                   title: str) -> None:
    out = tmp_path / f"{template}.pdf"
    before = len(_letters(shop))
    code, printed, err = _run(shop, capsys, "print", "letter", template, PLATE, "-o", str(out))
    assert code == 0, err
    assert printed.strip().splitlines() == [str(out.resolve())]
    text = _text(out)
    assert title in text and "尊敬的王小明：" in text and PLATE in text
    letters = _letters(shop)
    assert len(letters) == before + 1
    assert letters[-1][0] == template.replace("-", "_") and letters[-1][1] == "王小明"
    assert PLATE in letters[-1][2]


def test_event_invitation_takes_date_and_title(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "event.pdf"
    code, _printed, err = _run(shop, capsys, "print", "letter", "event-invitation", "13912345678", "-o", str(out),
                               "--event-date", "2026-12-05", "--event-title", "冬季免费检测", "--paper", "a5")
    assert code == 0, err
    text = _text(out)
    assert "2026年12月5日" in text and "冬季免费检测" in text


def test_complaint_reply_by_complaint_number(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "reply.pdf"
    code, _printed, err = _run(shop, capsys, "print", "letter", "complaint-reply", shop[2], "-o", str(out))
    assert code == 0, err
    text = _text(out)
    assert "客户投诉答复函" in text and shop[2] in text and "刹车异响未修好" in text
    assert _letters(shop)[-1][0] == "complaint_reply" and shop[2] in _letters(shop)[-1][2]


def test_survey_card_for_an_order(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "card.pdf"
    code, printed, err = _run(shop, capsys, "print", "survey-card", shop[1], "-o", str(out), "--paper", "a5")
    assert code == 0, err
    assert printed.strip() == str(out.resolve())
    text = _text(out)
    assert "客户意见调查卡" in text and shop[1] in text and PLATE in text and "很满意" in text


def test_unknown_keys_are_one_chinese_line_and_exit_1(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = len(_letters(shop))
    for args in (("letter", "maintenance-reminder", "京Z00000"), ("letter", "complaint-reply", "BJ01-TS-0000-999"),
                 ("survey-card", "BJ01-WO-0000-0000")):
        out = tmp_path / "x.pdf"
        code, printed, err = _run(shop, capsys, "print", *args, "-o", str(out))
        assert code == 1 and printed == "" and not out.exists()
        lines = err.strip().splitlines()
        assert len(lines) == 1 and any("\u4e00" <= ch <= "\u9fff" for ch in lines[0]), err
    assert len(_letters(shop)) == before
    with pytest.raises(SystemExit) as raised:
        _run(shop, capsys, "print", "letter", "birthday", PLATE, "-o", str(tmp_path / "y.pdf"))
    assert raised.value.code == 2
