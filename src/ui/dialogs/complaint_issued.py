"""What a complaint dialog that issues a numbered form hands back (催办单, 洽办单, 奖罚通知单):
the fresh slip and the form's PDF, so the slip view refreshes and the preview opens in one
step, with the number printed exactly as it was saved.

Why rendered on the database thread: ReportLab takes a moment per page; the operation that
saves the record also reads the slip again and renders its form (``run_op``).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import clock
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView, NoticeView, PenaltyView
from domain.services.registry import Services

FORM_TITLES_ZH = {"urge": "投诉处理催办单", "coordinate": "投诉处理洽办单", "penalty": "奖罚通知单"}


@dataclass(frozen=True)
class IssuedForm:
    slip: ComplaintView | None  # None when printed from a list, not from the slip
    pdf: bytes
    kind: str  # urge | coordinate | penalty
    number: str

    @property
    def file_name(self) -> str:
        return f"{FORM_TITLES_ZH[self.kind]}_{self.number}_{clock.today().isoformat()}.pdf"


def notice_pdf(branch: BranchView, notice: NoticeView) -> bytes:
    from reports.complaint_notice import ComplaintCoordinateForm, ComplaintUrgeForm

    form = ComplaintUrgeForm if notice.is_urge else ComplaintCoordinateForm
    return form(branch, notice).render()


def penalty_pdf(branch: BranchView, penalty: PenaltyView) -> bytes:
    from reports.complaint_penalty import PenaltyNoticeForm

    return PenaltyNoticeForm(branch, penalty).render()


def issued_notice(services: Services, actor: Actor, branch: BranchView, notice: NoticeView) -> IssuedForm:
    return IssuedForm(services.complaints.get(actor, notice.slip_id), notice_pdf(branch, notice), notice.kind,
                      notice.number)


def issued_penalty(services: Services, actor: Actor, branch: BranchView, penalty: PenaltyView,
                   with_slip: bool = True) -> IssuedForm:
    slip = services.complaints.get(actor, penalty.slip_id) if with_slip else None
    return IssuedForm(slip, penalty_pdf(branch, penalty), "penalty", penalty.number)


__all__ = ["FORM_TITLES_ZH", "IssuedForm", "issued_notice", "issued_penalty", "notice_pdf", "penalty_pdf"]
