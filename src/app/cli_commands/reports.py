"""``dealerdesk report daily-technician --date D [--technician NAME] -o FILE.(pdf|xlsx)``,
``dealerdesk report daily-supervisor --date D -o FILE`` and
``dealerdesk report kpi --month YYYY-MM [--branch CODE|--all] -o FILE``: the daily reports
and the monthly KPI report, as PDF or Excel by the file's suffix."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app import cli
from domain import messages
from domain.errors import ValidationError

messages.register("report.format", "不支持的报表文件类型“{suffix}”，请使用 .pdf 或 .xlsx",
                  "Unsupported report file type '{suffix}'; use .pdf or .xlsx")
messages.register("report.date_invalid", "日期无效：{value}（应为 YYYY-MM-DD）",
                  "Invalid date: {value} (use YYYY-MM-DD)")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError("report.format", "output", suffix=path.suffix or "（无）")
    return suffix


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("report.date_invalid", "date", value=text) from None


def cmd_daily_technician(args: argparse.Namespace) -> int:
    from app.cli_commands.printing import _write

    suffix, day = _suffix(args.output), _date(args.date)
    ctx = cli._context(args)
    try:
        days = ctx.services.daily_reports.technician_days(cli.cli_actor(), day, args.technician)
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    if suffix == ".xlsx":
        from reports.xlsx_kpi import technician_workbook

        data = technician_workbook(days, branch.timezone)
    else:
        from reports.technician_daily import TechnicianDailyReport

        data = TechnicianDailyReport(branch, days, day).render()
    print(_write(args.output, data))
    return 0


def cmd_daily_supervisor(args: argparse.Namespace) -> int:
    from app.cli_commands.printing import _write

    suffix, day = _suffix(args.output), _date(args.date)
    ctx = cli._context(args)
    try:
        report = ctx.services.daily_reports.supervisor_day(cli.cli_actor(), day)
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    if suffix == ".xlsx":
        from reports.xlsx_kpi import supervisor_workbook

        data = supervisor_workbook(report, branch.timezone)
    else:
        from reports.supervisor_daily import SupervisorDailyReport

        data = SupervisorDailyReport(branch, report).render()
    print(_write(args.output, data))
    return 0


def cmd_kpi(args: argparse.Namespace) -> int:
    from app.cli_commands.printing import _write

    suffix = _suffix(args.output)
    ctx = cli._context(args)
    try:
        actor = cli.cli_actor()
        choice = "all" if args.all else ([args.branch] if args.branch else None)
        kpis = ctx.services.kpi.monthly(actor, args.month, choice)
        ranking = ctx.services.kpi.ranking(actor, args.month) if args.all else []
        branch = ctx.services.branches.current()
    finally:
        ctx.close()
    if suffix == ".xlsx":
        from reports.xlsx_kpi import kpi_workbook

        data = kpi_workbook(kpis, ranking)
    else:
        from reports.kpi_report import KpiReport

        data = KpiReport(branch, kpis, ranking=ranking).render()
    print(_write(args.output, data))
    return 0


def register(sub: cli.SubParsers) -> None:
    group = sub.add_parser("report", help="报表：日报表与经营指标")
    commands = group.add_subparsers(dest="report_command", required=True, parser_class=cli._Parser)
    p = commands.add_parser("daily-technician", help="技术员工作日报表（PDF 或 Excel）")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--technician", help="技术员（用户名或姓名）；不填则每位有工时记录的技术员一份")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件 .pdf 或 .xlsx")
    p.set_defaults(handler=cmd_daily_technician)
    p = commands.add_parser("daily-supervisor", help="服务主任日报表（PDF 或 Excel）")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件 .pdf 或 .xlsx")
    p.set_defaults(handler=cmd_daily_supervisor)
    p = commands.add_parser("kpi", help="售后经营指标月报（PDF 或 Excel）")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--branch", metavar="CODE", help="门店代码（总部）")
    which.add_argument("--all", action="store_true", help="全部门店，附门店排名（总部）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件 .pdf 或 .xlsx")
    p.set_defaults(handler=cmd_kpi)


cli.EXTENSIONS.append(register)
