"""``dealerdesk print <form> KEY -o FILE.pdf``: the same form classes the GUI previews.

``--paper 241`` is 241 mm continuous multi-part paper, full fold (241×279 一等分): a work
order or repair card needs the whole sheet, and on multi-part paper one impact prints
every copy (联), so the work order is laid out once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app import cli
from common.private_files import write_private

PAPER_CHOICES = ("a4", "a5")
WORK_ORDER_PAPERS = ("a4", "a5", "241")


def _write(path: Path, pdf: bytes) -> Path:
    """Write atomically: a half-written PDF must never be left where the user looks. Every
    report and export holds customers' records, so the file is owner-only (issue 23, item 7)."""
    target = path.expanduser()
    partial = target.with_name(target.name + ".part")
    try:
        write_private(partial, pdf)
        partial.replace(target)
    except OSError as exc:  # name the file the user asked for, not the temporary one
        partial.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    return target.resolve()


def cmd_print_customer_file(args: argparse.Namespace) -> int:
    from reports.customer_file import CustomerFileForm

    ctx = cli._context(args)
    try:
        actor = cli.cli_actor()
        customer = ctx.services.customers.find_one(actor, args.key)
        history = {v.id: ctx.services.work_orders.service_history(actor, v.id)
                   for v in customer.vehicles}
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    pdf = CustomerFileForm(branch, customer, paper=args.paper, history=history).render()
    print(_write(args.output, pdf))
    return 0


def add_customer_file(forms: cli.SubParsers) -> None:
    p = forms.add_parser("customer-file", help="客户档案基本资料表")
    p.add_argument("key", metavar="KEY", help="手机号、车牌号、车架号或客户编号")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=PAPER_CHOICES, default="a4", help="纸张（默认 a4）")
    p.set_defaults(handler=cmd_print_customer_file)


cli.PRINT_FORMS.append(add_customer_file)


# --- work-order forms ---------------------------------------------------------------------
def _order(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The branch, the order (by number or id) and the work-order settings, in one context."""
    ctx = cli._context(args)
    try:
        order = ctx.services.work_orders.get(cli.cli_actor(), args.number)
        branch = ctx.services.branches.current()
        settings = ctx.services.work_orders.settings()
    finally:
        ctx.close()
    return branch, order, settings


def cmd_print_work_order(args: argparse.Namespace) -> int:
    from reports.work_order import WorkOrderForm, work_order_copies

    branch, order, settings = _order(args)
    copies = work_order_copies(args.copies if args.copies is not None else settings.copies)
    pdf = WorkOrderForm(branch, order, paper=args.paper, copies=copies).render()
    print(_write(args.output, pdf))
    return 0


def cmd_print_repair_card(args: argparse.Namespace) -> int:
    from reports.repair_card import RepairCardForm

    branch, order, _settings = _order(args)
    job_id = None
    if args.job is not None:  # the job's number on the order (1, 2, …) or its id
        job_id = next((j.id for j in order.jobs if str(j.seq) == args.job or j.id == args.job),
                      args.job)
    pdf = RepairCardForm(branch, order, job_id=job_id, paper=args.paper).render()
    print(_write(args.output, pdf))
    return 0


def cmd_print_settlement(args: argparse.Namespace) -> int:
    from reports.settlement import SettlementForm

    branch, order, _settings = _order(args)
    pdf = SettlementForm(branch, order, paper=args.paper).render()
    print(_write(args.output, pdf))
    return 0


def _copies(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 4:
        raise argparse.ArgumentTypeError("联数须为 1–4")
    return value


def add_work_order_forms(forms: cli.SubParsers) -> None:
    specs = (
        ("work-order", "维修委托书", cmd_print_work_order, WORK_ORDER_PAPERS),
        ("repair-card", "维修卡（派工单），每个派工一页", cmd_print_repair_card, WORK_ORDER_PAPERS),
        ("settlement", "结算单", cmd_print_settlement, WORK_ORDER_PAPERS),
    )
    for name, title, handler, papers in specs:
        p = forms.add_parser(name, help=title)
        p.add_argument("number", metavar="NUMBER", help="工单号（如 BJ01-WO-2611-0001）")
        p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
        p.add_argument("--paper", choices=papers, default="a4",
                       help="纸张（默认 a4；241 为 241×279 连续多联纸一等分）")
        if name == "work-order":
            p.add_argument("--copies", type=_copies, default=None,
                           help="联数 1–4（默认按设置，出厂为 2：存根联、客户联）")
        if name == "repair-card":
            p.add_argument("--job", default=None, help="只打印该派工（序号或编号）")
        p.set_defaults(handler=handler)


cli.PRINT_FORMS.append(add_work_order_forms)


# --- complaint forms ----------------------------------------------------------------------
COMPLAINT_PAPERS = ("a4", "a5", "241")
REPLY_PAPERS = ("a4", "a5")


def _complaint(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The branch, the slip (by number or id) and the complaint settings, in one context."""
    ctx = cli._context(args)
    try:
        slip = ctx.services.complaints.get(cli.cli_actor(), args.number)
        branch = ctx.services.branches.current()
        settings = ctx.services.complaints.settings()
    finally:
        ctx.close()
    return branch, slip, settings


def cmd_print_complaint(args: argparse.Namespace) -> int:
    from domain.errors import ValidationError
    from reports.complaint_slip import ComplaintSlipForm, complaint_copies

    branch, slip, settings = _complaint(args)
    configured = complaint_copies(settings.copies)
    if args.copies is not None and not 1 <= args.copies <= len(configured):
        raise ValidationError("print.copies_range", "copies", max=len(configured))
    copies = complaint_copies(settings.copies, args.copies)
    pdf = ComplaintSlipForm(branch, slip, paper=args.paper or settings.paper, copies=copies).render()
    print(_write(args.output, pdf))
    return 0


def cmd_print_complaint_reply(args: argparse.Namespace) -> int:
    from reports.complaint_reply import ComplaintReplyForm

    branch, slip, _settings = _complaint(args)
    print(_write(args.output, ComplaintReplyForm(branch, slip, paper=args.paper).render()))
    return 0


def cmd_print_complaint_notice(args: argparse.Namespace) -> int:
    """催办单 / 洽办单 by its own number, or by the slip's number (its latest, else one issued
    now, numbered and on the slip's timeline)."""
    from reports.complaint_notice import ComplaintCoordinateForm, ComplaintUrgeForm

    ctx = cli._context(args)
    try:
        notice = ctx.services.complaint_deadlines.printable(cli.cli_actor(), args.notice_kind, args.number)
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    form = ComplaintUrgeForm if notice.is_urge else ComplaintCoordinateForm
    print(_write(args.output, form(branch, notice, paper=args.paper).render()))
    return 0


def cmd_print_penalty_notice(args: argparse.Namespace) -> int:
    from reports.complaint_penalty import PenaltyNoticeForm

    ctx = cli._context(args)
    try:
        penalty = ctx.services.complaint_penalties.get(cli.cli_actor(), args.id)
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    print(_write(args.output, PenaltyNoticeForm(branch, penalty, paper=args.paper).render()))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("联数须为正整数")
    return value


def add_complaint_forms(forms: cli.SubParsers) -> None:
    p = forms.add_parser("complaint", help="客户抱怨处理表（内部，多联）")
    p.add_argument("number", metavar="NUMBER", help="投诉单号（如 BJ01-TS-2611-007）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=COMPLAINT_PAPERS, default=None,
                   help="纸张（默认按设置；241 为 241×279 连续多联纸，只打一次）")
    p.add_argument("--copies", type=_positive, default=None,
                   help="联数（默认按设置，出厂为 5 联：质量管理部、维修车间、服务部、财务部、总经理室）")
    p.set_defaults(handler=cmd_print_complaint)
    p = forms.add_parser("complaint-reply", help="客户投诉答复函（给客户）")
    p.add_argument("number", metavar="NUMBER", help="投诉单号")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=REPLY_PAPERS, default="a4", help="纸张（默认 a4）")
    p.set_defaults(handler=cmd_print_complaint_reply)
    for name, title, kind in (
            ("complaint-urge", "投诉处理催办单（期限超期时催办责任部门）", "urge"),
            ("complaint-coordinate", "投诉处理洽办单（请其他部门协同处理）", "coordinate")):
        p = forms.add_parser(name, help=title)
        p.add_argument("number", metavar="NUMBER",
                       help="单号（如 BJ01-CB-2611-0001）；或投诉单号：打印该投诉单最近一张，没有则即时开具")
        p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
        p.add_argument("--paper", choices=REPLY_PAPERS, default="a4", help="纸张（默认 a4）")
        p.set_defaults(handler=cmd_print_complaint_notice, notice_kind=kind)
    p = forms.add_parser("penalty-notice", help="奖罚通知单（三联：本人、部门、财务）")
    p.add_argument("id", metavar="ID", help="奖罚通知单号（如 BJ01-JF-2611-0001）或编号")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=REPLY_PAPERS, default="a4", help="纸张（默认 a4）")
    p.set_defaults(handler=cmd_print_penalty_notice)


cli.PRINT_FORMS.append(add_complaint_forms)


# --- customer-care letters and the survey card --------------------------------------------
LETTER_TEMPLATES = ("maintenance-reminder", "event-invitation", "contract-expiry", "complaint-reply")


def cmd_print_letter(args: argparse.Namespace) -> int:
    """Print a care letter and register it (跟踪服务信函登记表): every letter sent is recorded."""
    from reports.care_letter import prepare_letter

    ctx = cli._context(args)
    try:
        actor = cli.cli_actor()
        letter = prepare_letter(ctx.services, actor, args.template, args.key, paper=args.paper,
                                event_on=args.event_date, event_title=args.event_title or "",
                                event_place=args.event_place or "")
        path = _write(args.output, letter.pdf)
        ctx.services.care.record_letter(actor, letter.entry)
    finally:
        ctx.close()
    print(path)
    return 0


def cmd_print_survey_card(args: argparse.Namespace) -> int:
    from reports.survey_card import SurveyCardForm

    branch, order, _settings = _order(args)
    print(_write(args.output, SurveyCardForm(branch, order, paper=args.paper).render()))
    return 0


def _day(raw: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{raw}") from exc


def add_care_forms(forms: cli.SubParsers) -> None:
    p = forms.add_parser("letter", help="跟踪服务信函（按模板打印并登记到信函登记表）")
    p.add_argument("template", metavar="TEMPLATE", choices=LETTER_TEMPLATES,
                   help="模板：maintenance-reminder 保养提醒函 | event-invitation 活动邀请函 | "
                        "contract-expiry 保养到期通知书 | complaint-reply 投诉答复函")
    p.add_argument("key", metavar="KEY", help="客户的手机号、车牌号、车架号或客户编号；complaint-reply 为投诉单号")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=PAPER_CHOICES, default="a4", help="纸张（默认 a4）")
    p.add_argument("--event-date", type=_day, default=None, help="活动日期 YYYY-MM-DD（活动邀请函）")
    p.add_argument("--event-title", default=None, help="活动名称（活动邀请函）")
    p.add_argument("--event-place", default=None, help="活动地点（活动邀请函，默认本店地址）")
    p.set_defaults(handler=cmd_print_letter)
    p = forms.add_parser("survey-card", help="客户意见调查卡（纸质满意度评价）")
    p.add_argument("number", metavar="NUMBER", help="工单号")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--paper", choices=PAPER_CHOICES, default="a4", help="纸张（默认 a4）")
    p.set_defaults(handler=cmd_print_survey_card)


cli.PRINT_FORMS.append(add_care_forms)
