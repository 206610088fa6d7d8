"""Excel exports of the KPI report and the two daily reports, written with the shared
:func:`reports.xlsx.write_table`: numbers as numbers, dates as dates, money "0.00"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from domain import clock
from domain.kpi import Kpi
from domain.services.daily_reports import SupervisorDay, TechnicianDay
from domain.services.kpi import BranchRank, MonthlyKpis
from reports.kpi_tables import Unit, days_received, kpi_lines, revenue_by_payer, revenue_split
from reports.xlsx import (
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    Cell,
    add_sheet,
    fen_to_yuan,
    new_workbook,
    workbook_bytes,
    write_table,
)

PERCENT_POINTS = "0.0"  # KPI rates are percent points (93.3), labelled "%" in the header
TWO = "0.00"


def _value(unit: Unit, value: float | int | None) -> object:
    if value is None:
        return None
    if unit is Unit.YUAN_FEN:
        return Cell(fen_to_yuan(int(value)), MONEY)
    if unit is Unit.COUNT:
        return Cell(int(value), INTEGER)
    if unit is Unit.DECIMAL:
        return Cell(round(float(value), 2), TWO)
    return Cell(round(float(value), 4), PERCENT_POINTS)


def kpi_workbook(kpis: MonthlyKpis, ranking: Sequence[BranchRank] = ()) -> bytes:
    book = new_workbook()
    rows = [[line.label, _value(line.unit, line.current), _value(line.unit, line.previous),
             _value(line.unit, line.last_year), line.detail, line.target,
             "" if line.met is None else ("达标" if line.met else "未达标"), line.definition]
            for line in kpi_lines(kpis)]
    write_table(add_sheet(book, f"经营指标 {kpis.month}"),
                ["指标（比率为 %）", "本月", "上月", "去年同月", "计算", "目标", "是否达标", "口径"], rows,
                widths=[None, None, None, None, None, None, None, 60])
    cur = kpis.current
    first = cur.first_day
    write_table(add_sheet(book, "每日进厂台次"), ["日期", "进厂台次"],
                [[first + dt.timedelta(days=d - 1), n] for d, n in days_received(cur)], [DATE, INTEGER],
                total_rows=[["合计", cur.cars_received]])
    split = revenue_split(cur)
    payer = revenue_by_payer(cur)
    write_table(add_sheet(book, "产值构成"), ["项目", "金额（元）"],
                [[k, fen_to_yuan(v)] for k, v in split] + [["—", None]] + [[f"付费方：{k}", fen_to_yuan(v)]
                                                                           for k, v in payer],
                [None, MONEY], total_rows=[["结算产值（含税）", fen_to_yuan(cur.revenue_fen)]])
    if ranking:
        write_table(add_sheet(book, "门店排名"),
                    ["门店代码", "门店", "产值（元）", "产值排名", "进厂台次", "单车产值（元）", "返修率 %",
                     "返修率排名", "CSI %", "CSI 排名"],
                    [[r.code, r.name, fen_to_yuan(r.figures.revenue_fen), r.ranks.get(Kpi.REVENUE),
                      r.figures.cars_received, fen_to_yuan(r.figures.revenue_per_car_fen),
                      r.figures.return_repair.percent, r.ranks.get(Kpi.RETURN_REPAIR_RATE),
                      r.figures.csi.percent, r.ranks.get(Kpi.CSI)] for r in ranking],
                    [None, None, MONEY, INTEGER, INTEGER, MONEY, PERCENT_POINTS, INTEGER, PERCENT_POINTS,
                     INTEGER])
    return workbook_bytes(book)


def _local(moment: dt.datetime | None, zone: str) -> dt.datetime | None:
    """Excel has no time zones: the branch's wall-clock time, naive."""
    return None if moment is None else clock.local(moment, zone).replace(tzinfo=None)


def _hours(seconds: int) -> float:
    return round(seconds / 3600, 2)


def technician_workbook(days: Sequence[TechnicianDay], zone: str) -> bytes:
    book = new_workbook()
    rows: list[list[object]] = []
    for day in days:
        for job in day.jobs:
            rows.append([day.day, day.technician_name, job.work_order_number, job.plate, job.job_title,
                         job.service_class, _local(job.started_at, zone),
                         _hours(job.clocked_seconds), job.standard_centi / 100, job.credited_centi / 100])
    write_table(add_sheet(book, "技术员工作日报表"),
                ["日期", "技术员", "工单号", "车牌号", "作业内容", "分类", "开工时间", "实际工时(h)",
                 "标准工时(h)", "计入标准工时(h)"], rows,
                [DATE, None, None, None, None, None, DATETIME, TWO, TWO, TWO])
    totals = [[d.day, d.technician_name, t.service_class, _hours(t.clocked_seconds), t.standard_centi / 100]
              for d in days for t in d.totals]
    write_table(add_sheet(book, "分类合计"), ["日期", "技术员", "分类", "实际工时(h)", "标准工时(h)"], totals,
                [DATE, None, None, TWO, TWO])
    return workbook_bytes(book)


def supervisor_workbook(day: SupervisorDay, zone: str) -> bytes:
    book = new_workbook()
    headers = ["技术员"] + [f"{c} 实际(h)" for c in "ABCD"] + [f"{c} 标准(h)" for c in "ABCD"]
    rows = [[t.technician_name] + [_hours(x.clocked_seconds) for x in t.totals]
            + [x.standard_centi / 100 for x in t.totals] for t in day.technicians]
    total = [["合计"] + [_hours(x.clocked_seconds) for x in day.totals] + [x.standard_centi / 100 for x in day.totals]]
    write_table(add_sheet(book, "服务主任日报表"), headers, rows, [None] + [TWO] * 8, total_rows=total)
    write_table(add_sheet(book, "车辆"), ["日期", "进厂台次", "交车台次", "在厂台次"],
                [[day.day, day.cars_received, day.cars_delivered, day.cars_in_workshop]], [DATE, INTEGER, INTEGER,
                                                                                           INTEGER])
    write_table(add_sheet(book, "超时工单"), ["工单号", "车牌号", "承诺完工", "完工"],
                [[o.number, o.plate, _local(o.promised_at, zone), _local(o.ready_at, zone) or "未完工"] for o in day.late_orders],
                [None, None, DATETIME, DATETIME])
    return workbook_bytes(book)
