"""报表统计: technician and supervisor daily reports and the monthly KPIs with charts.

Why cards with tooltips and clicks: each KPI card shows the figure against its target and
the previous month / last year; hovering shows the one definition from ``domain.kpi`` and
clicking lists the records the figure was computed from (click 返修率, see the rework
orders). At HQ a branch selector offers one branch, all branches, or the branches side by
side with their ranks. Save paths are injectable (``ask_save_path``) so tests never block.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.kpi import KPI_LABELS, TARGETS, Kpi, RecordRow, Target, definition
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.daily_reports import JobLine, SupervisorDay, TechnicianDay
from domain.services.kpi import BranchRank, MonthlyKpis
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import error_text, run_op
from ui.widgets.amounts import money
from ui.widgets.branch_datetime import month_edit
from ui.widgets.workbook_export import AskSavePath, export_workbook, native_save_path

CARD_KPIS: tuple[Kpi, ...] = (
    Kpi.CARS_RECEIVED, Kpi.REVENUE, Kpi.REVENUE_PER_CAR, Kpi.REVENUE_PER_CAR_INSURANCE, Kpi.RETURN_REPAIR_RATE,
    Kpi.CSI, Kpi.CALLBACK_RATE, Kpi.CALLBACK_RATE_WARRANTY, Kpi.CLAIM_PASS_RATE, Kpi.TECHNICIAN_EFFICIENCY,
    Kpi.UTILISATION, Kpi.GENUINE_PARTS_SHARE, Kpi.COMPLAINTS_OPENED, Kpi.COMPLAINTS_CLOSED_IN_TIME,
    Kpi.COMPLAINTS_OVERDUE)
_MONEY = frozenset({Kpi.REVENUE, Kpi.REVENUE_PER_CAR, Kpi.REVENUE_PER_CAR_INSURANCE})
_COUNTS = frozenset({Kpi.COMPLAINTS_OPENED, Kpi.COMPLAINTS_OVERDUE})


def kpi_text(kpi: Kpi, value: float | None) -> str:
    if value is None:
        return "—"
    if kpi in _MONEY:
        return f"{value:,.2f}"
    if kpi in _COUNTS:
        return str(int(value))
    if kpi is Kpi.CARS_RECEIVED:
        return f"{value:.1f}"
    return f"{value:.1f}%"


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:.2f}"


class KpiCard(QFrame):
    """One KPI: the figure, target, previous month and last year; hover = definition."""

    clicked = Signal(str)

    def __init__(self, kpi: Kpi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName(f"kpiCard_{kpi.value}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel(self.tr("进厂台次（日均）") if kpi is Kpi.CARS_RECEIVED
                            else label(KPI_LABELS, kpi, language()))
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        self.value.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.compare = QLabel("")
        self.compare.setStyleSheet("color: #555;")
        self.compare.setWordWrap(True)  # "last month … · same month last year …" is long in English
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        for w in (self.title, self.value, self.compare):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(w)
        target = TARGETS.get(kpi)
        tip = definition(kpi, language())
        if target is not None:
            tip += "\n" + self.tr("目标：%1").replace("%1", target.label())
        self.setToolTip(tip)

    def show_values(self, current: float | None, previous: float | None, last_year: float | None,
                    target: Target | None = None) -> None:
        """The figures, coloured against ``target`` (the branch's setting; the regulation's if None)."""
        self.value.setText(kpi_text(self.kpi, current))
        self.compare.setText(self.tr("上月 %1 · 去年同月 %2").replace("%1", kpi_text(self.kpi, previous))
                             .replace("%2", kpi_text(self.kpi, last_year)))
        target = target or TARGETS.get(self.kpi)
        tip = definition(self.kpi, language())
        if target is not None:
            tip += "\n" + self.tr("目标：%1").replace("%1", target.label())
        self.setToolTip(tip)
        shown = current
        met = target.met(shown) if target else None
        color = "" if met is None else ("#2e7d32" if met else "#c62828")
        self.value.setStyleSheet(f"font-size: 18px; font-weight: bold; color: {color or '#000'};")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.kpi.value)
        super().mouseReleaseEvent(event)


class _SaveMixin(QWidget):
    ask_save_path: AskSavePath = staticmethod(native_save_path)  # type: ignore[assignment]
    exported = Signal(str)
    status: QLabel
    active_dialog: QWidget | None

    def _failed(self, exc: DomainError) -> None:
        self.status.setText(error_text(exc))
        self.status.setStyleSheet("color: #c62828;")

    def _save(self, name: str, make: Callable[[], bytes]) -> None:
        def done(saved: str) -> None:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("已导出：%1").replace("%1", saved))
            self.exported.emit(saved)

        export_workbook(self, self.ask_save_path, name, make, done, self._failed)

    def _preview(self, title: str, name: str, make: Callable[[], bytes]) -> None:
        def shown(pdf: bytes) -> None:
            from ui.dialogs.pdf_preview import PdfPreviewDialog

            dialog = PdfPreviewDialog(pdf, title, name, self)
            self.active_dialog = dialog
            dialog.open()

        run_op(make, if_alive(self, shown), if_alive(self, self._failed))


def _date_edit(branch: BranchView, name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    today = clock.today(branch.timezone)
    edit.setDate(QDate(today.year, today.month, today.day))
    return edit


def _table(name: str, model: Any) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _class_cell(i: int) -> Callable[[TechnicianDay], str]:
    def text(t: TechnicianDay) -> str:
        return f"{_hours(t.totals[i].clocked_seconds)} / {t.totals[i].standard_centi / 100:.2f}"
    return text


class TechnicianDailyTab(_SaveMixin):
    loaded = Signal(object)

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.days: list[TechnicianDay] = []
        self.active_dialog: QWidget | None = None
        self.date = _date_edit(branch, "technicianDate")
        self.technician = QLineEdit()
        self.technician.setObjectName("technicianName")
        self.technician.setPlaceholderText(self.tr("技术员（空 = 全部）"))
        self.show_button = QPushButton(self.tr("查询"))
        self.print_button = QPushButton(self.tr("打印"))
        self.export_button = QPushButton(self.tr("导出 Excel"))
        self.status = QLabel()
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("日期")), self.date, self.technician, self.show_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        zone = branch.timezone
        self.model: RowsModel[tuple[str, JobLine]] = RowsModel([
            Column(self.tr("技术员"), lambda r: r[0]),
            Column(self.tr("工单号"), lambda r: r[1].work_order_number),
            Column(self.tr("车牌号"), lambda r: r[1].plate),
            Column(self.tr("作业内容"), lambda r: r[1].job_title),
            Column(self.tr("分类"), lambda r: r[1].service_class),
            Column(self.tr("开工"), lambda r: clock.format_local(r[1].started_at, zone, "%H:%M")),
            Column(self.tr("实际工时"), lambda r: _hours(r[1].clocked_seconds), right=True),
            Column(self.tr("标准工时"), lambda r: f"{r[1].standard_centi / 100:.2f}", right=True),
            Column(self.tr("计入标准"), lambda r: f"{r[1].credited_centi / 100:.2f}", right=True),
        ], self)
        self.table = _table("technicianTable", self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.refresh)
        self.print_button.clicked.connect(self.print_report)
        self.export_button.clicked.connect(self.export_excel)

    def _day(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        day, name, services, actor = self._day(), self.technician.text().strip() or None, self.services, self.actor
        run_op(lambda: services.daily_reports.technician_days(actor, day, name), if_alive(self, self.show_days),
               if_alive(self, self._failed))

    def show_days(self, days: list[TechnicianDay]) -> None:
        self.days = days
        self.model.set_rows([(d.technician_name, j) for d in days for j in d.jobs])
        self.status.setStyleSheet("")
        total = sum(d.clocked_seconds for d in days)
        self.status.setText(self.tr("%1 位技术员，实际工时 %2 小时").replace("%1", str(len(days)))
                            .replace("%2", _hours(total)))
        self.loaded.emit(days)

    def print_report(self) -> None:
        days, day, branch = self.days, self._day(), self.branch

        def make() -> bytes:
            from reports.technician_daily import TechnicianDailyReport
            return TechnicianDailyReport(branch, days, day).render()

        self._preview(self.tr("技术员工作日报表"), f"技术员工作日报表_{day}.pdf", make)

    def export_excel(self) -> None:
        days, zone = self.days, self.branch.timezone

        def make() -> bytes:
            from reports.xlsx_kpi import technician_workbook
            return technician_workbook(days, zone)

        self._save(f"技术员工作日报表_{self._day()}.xlsx", make)


class SupervisorDailyTab(_SaveMixin):
    loaded = Signal(object)

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.report: SupervisorDay | None = None
        self.active_dialog: QWidget | None = None
        self.date = _date_edit(branch, "supervisorDate")
        self.show_button = QPushButton(self.tr("查询"))
        self.print_button = QPushButton(self.tr("打印"))
        self.export_button = QPushButton(self.tr("导出 Excel"))
        self.status = QLabel()
        self.cars = QLabel()
        self.cars.setObjectName("supervisorCars")
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("日期")), self.date, self.show_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        columns: list[Column[TechnicianDay]] = [Column(self.tr("技术员"), lambda t: t.technician_name)]
        for i, c in enumerate("ABCD"):
            columns.append(Column(self.tr("%1类 实际/标准").replace("%1", c), _class_cell(i), right=True))
        self.model: RowsModel[TechnicianDay] = RowsModel(columns, self)
        self.table = _table("supervisorTable", self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.cars)
        layout.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.refresh)
        self.print_button.clicked.connect(self.print_report)
        self.export_button.clicked.connect(self.export_excel)

    def _day(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def refresh(self) -> None:
        day, services, actor = self._day(), self.services, self.actor
        run_op(lambda: services.daily_reports.supervisor_day(actor, day), if_alive(self, self.show_report),
               if_alive(self, self._failed))

    def show_report(self, report: SupervisorDay) -> None:
        self.report = report
        self.model.set_rows(list(report.technicians))
        self.cars.setText(self.tr("进厂 %1 台 · 交车 %2 台 · 在厂 %3 台 · 超时 %4 单 · 回访电话 %5 次 · 投诉 %6 件")
                          .replace("%1", str(report.cars_received)).replace("%2", str(report.cars_delivered))
                          .replace("%3", str(report.cars_in_workshop)).replace("%4", str(len(report.late_orders)))
                          .replace("%5", str(len(report.calls))).replace("%6", str(len(report.complaints))))
        self.status.setStyleSheet("")
        self.status.setText("")
        self.loaded.emit(report)

    def print_report(self) -> None:
        report, branch = self.report, self.branch
        if report is None:
            return

        def make() -> bytes:
            from reports.supervisor_daily import SupervisorDailyReport
            return SupervisorDailyReport(branch, report).render()

        self._preview(self.tr("服务主任日报表"), f"服务主任日报表_{report.day}.pdf", make)

    def export_excel(self) -> None:
        report, zone = self.report, self.branch.timezone
        if report is None:
            return

        def make() -> bytes:
            from reports.xlsx_kpi import supervisor_workbook
            return supervisor_workbook(report, zone)

        self._save(f"服务主任日报表_{report.day}.xlsx", make)


LOCAL, ALL, SIDE_BY_SIDE = "local", "all", "ranking"


class KpiTab(_SaveMixin):
    """Monthly KPIs: cards, the cars-per-day and revenue charts, drill-down, HQ ranking."""

    loaded = Signal(object)
    drilled = Signal(object)

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.kpis: MonthlyKpis | None = None
        self.ranking: list[BranchRank] = []
        self.active_dialog: QWidget | None = None
        self.month = month_edit("kpiMonth", branch.timezone)
        self.scope = QComboBox()
        self.scope.setObjectName("kpiScope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.setVisible(branch.mode == "hq")
        self.show_button = QPushButton(self.tr("统计"))
        self.show_button.setObjectName("kpiShow")
        self.print_button = QPushButton(self.tr("打印"))
        self.export_button = QPushButton(self.tr("导出 Excel"))
        self.status = QLabel()
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("月份")), self.month, self.scope, self.show_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        self.cards: dict[Kpi, KpiCard] = {}
        grid = QGridLayout()
        for i, kpi in enumerate(CARD_KPIS):
            card = KpiCard(kpi)
            card.clicked.connect(self.drill)
            self.cards[kpi] = card
            grid.addWidget(card, i // 5, i % 5)
        self.days_chart = QChart()
        self.days_chart.setTitle(self.tr("每日进厂台次"))
        self.days_chart.legend().hide()
        self.days_view = QChartView(self.days_chart)
        self.days_view.setObjectName("daysChart")
        self.days_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.revenue_chart = QChart()
        self.revenue_chart.setTitle(self.tr("产值构成（元）"))
        self.revenue_chart.legend().hide()
        self.revenue_view = QChartView(self.revenue_chart)
        self.revenue_view.setObjectName("revenueChart")
        charts = QHBoxLayout()
        charts.addWidget(self.days_view, 3)
        charts.addWidget(self.revenue_view, 2)
        self.drill_title = QLabel(self.tr("点击指标卡查看明细"))
        self.drill_title.setObjectName("drillTitle")
        self.drill_model: RowsModel[RecordRow] = RowsModel([
            Column(self.tr("单号"), lambda r: r.number), Column(self.tr("门店"), lambda r: r.branch_code),
            Column(self.tr("车牌号/客户"), lambda r: r.plate),
            Column(self.tr("时间"), lambda r: clock.format_local(r.at, branch.timezone)),
            Column(self.tr("金额"), lambda r: money(r.amount_fen), right=True),
            Column(self.tr("备注"), lambda r: r.note)], self)
        self.drill_table = _table("drillTable", self.drill_model)
        self.rank_model: RowsModel[BranchRank] = RowsModel([
            Column(self.tr("门店"), lambda r: f"{r.code} {r.name}"),
            Column(self.tr("产值(元)"), lambda r: money(r.figures.revenue_fen), right=True),
            Column(self.tr("名次"), lambda r: str(r.ranks.get(Kpi.REVENUE, "")), right=True),
            Column(self.tr("进厂台次"), lambda r: str(r.figures.cars_received), right=True),
            Column(self.tr("返修率"), lambda r: r.figures.return_repair.label(), right=True),
            Column(self.tr("名次"), lambda r: str(r.ranks.get(Kpi.RETURN_REPAIR_RATE, "")), right=True),
            Column(self.tr("CSI"), lambda r: r.figures.csi.label(), right=True),
            Column(self.tr("名次"), lambda r: str(r.ranks.get(Kpi.CSI, "")), right=True)], self)
        self.rank_table = _table("rankTable", self.rank_model)
        self.rank_table.setVisible(False)
        lower = QSplitter(Qt.Orientation.Horizontal)
        drill_box = QWidget()
        drill_layout = QVBoxLayout(drill_box)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        drill_layout.addWidget(self.drill_title)
        drill_layout.addWidget(self.drill_table)
        lower.addWidget(drill_box)
        lower.addWidget(self.rank_table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(grid)
        layout.addLayout(charts, 2)
        layout.addWidget(lower, 1)
        self.show_button.clicked.connect(self.refresh)
        self.print_button.clicked.connect(self.print_report)
        self.export_button.clicked.connect(self.export_excel)
        if branch.mode == "hq":
            services_, actor_ = services, actor
            run_op(lambda: services_.kpi.branches(actor_), if_alive(self, self._fill_scope),
                   if_alive(self, self._failed))

    def _fill_scope(self, branches: list[tuple[str, str]]) -> None:
        self.scope.clear()
        self.scope.addItem(self.tr("全部门店"), ALL)
        self.scope.addItem(self.tr("各门店并列排名"), SIDE_BY_SIDE)
        for code, name in branches:
            self.scope.addItem(f"{code} {name}", code)

    def month_text(self) -> str:
        d = self.month.date()
        return f"{d.year():04d}-{d.month():02d}"

    def _choice(self) -> tuple[Any, bool]:
        if self.branch.mode != "hq":
            return None, False
        data = self.scope.currentData()
        if data in (None, ALL):
            return "all", False
        if data == SIDE_BY_SIDE:
            return "all", True
        return [data], False

    def refresh(self) -> None:
        month, services, actor = self.month_text(), self.services, self.actor
        choice, side_by_side = self._choice()

        def load() -> tuple[MonthlyKpis, list[BranchRank]]:
            kpis = services.kpi.monthly(actor, month, choice)
            return kpis, services.kpi.ranking(actor, month) if side_by_side else []

        def failed(exc: DomainError) -> None:
            self.show_button.setEnabled(True)
            self._failed(exc)

        # a month nobody has counted yet takes HQ some seconds (bench/README.md): say so
        self.show_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在统计……"))
        run_op(load, if_alive(self, self.show_kpis), if_alive(self, failed))

    def show_kpis(self, loaded: tuple[MonthlyKpis, list[BranchRank]]) -> None:
        self.show_button.setEnabled(True)
        kpis, ranking = loaded
        self.kpis, self.ranking = kpis, ranking
        for kpi, card in self.cards.items():
            card.show_values(kpis.current.value(kpi), kpis.previous.value(kpi), kpis.last_year.value(kpi),
                             kpis.targets.get(kpi))
        self._days_chart(kpis)
        self._revenue_chart(kpis)
        self.rank_model.set_rows(ranking)
        self.rank_table.setVisible(bool(ranking))
        self.status.setStyleSheet("")
        self.status.setText(self.tr("%1 · %2").replace("%1", kpis.month).replace("%2", kpis.scope_label))
        self.loaded.emit(kpis)

    def _bars(self, chart: QChart, labels: list[str], values: list[float], name: str) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet(name)
        bars.append(values)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        # a long English name on two lines, and whole: "Manufacturer / warranty", not "Manufac…"
        x.append([text.replace(" ", "<br>", 1) if len(text) > 10 else text for text in labels])
        x.setTruncateLabels(False)
        small = QFont(x.labelsFont())
        small.setPointSizeF(7.0)
        x.setLabelsFont(small)
        if len(labels) > 12:  # one label per day: upright they would be elided to "…"
            x.setLabelsAngle(-90)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = QValueAxis()
        y.setLabelFormat("%.0f")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)  # attaching rescales the axis: set the range afterwards
        top = max(values + [1.0])
        if top <= 10:  # counts: one grid line per car, never "1, 1, 2, 2"
            y.setRange(0, math.ceil(top))
            y.setTickCount(math.ceil(top) + 1)
        else:
            y.setRange(0, top)
            y.applyNiceNumbers()  # whole, readable steps (0, 250, 500 …)

    def _days_chart(self, kpis: MonthlyKpis) -> None:
        per_day = [float(n) for n in kpis.current.facts.received_per_day]
        self._bars(self.days_chart, [str(i + 1) for i in range(len(per_day))], per_day, self.tr("进厂台次"))

    def _revenue_chart(self, kpis: MonthlyKpis) -> None:
        from domain.workorder_rules import PAYER_LABELS, Payer

        f = kpis.current.facts
        labels = [self.tr("工时"), self.tr("配件"), self.tr("杂费")]
        values = [f.labour_fen / 100, f.parts_fen / 100, f.sundry_fen / 100]
        for payer in (Payer.CUSTOMER, Payer.WARRANTY, Payer.INSURANCE, Payer.CONTRACT):
            labels.append(label(PAYER_LABELS, payer, language()))
            values.append(f.revenue_by_payer.get(payer.value, 0) / 100)
        self._bars(self.revenue_chart, labels, values, self.tr("产值"))

    def drill(self, kpi_value: str) -> None:
        kpi = Kpi(kpi_value)
        month, services, actor = self.month_text(), self.services, self.actor
        choice, _ = self._choice()
        self.drill_title.setText(self.tr("%1 明细（%2）").replace("%1", label(KPI_LABELS, kpi, language()))
                                 .replace("%2", month))

        def done(rows: list[RecordRow]) -> None:
            self.drill_model.set_rows(rows)
            self.drilled.emit(rows)

        run_op(lambda: services.kpi.records(actor, kpi, month, choice), if_alive(self, done),
               if_alive(self, self._failed))

    def print_report(self) -> None:
        kpis, ranking, branch = self.kpis, self.ranking, self.branch
        if kpis is None:
            return

        def make() -> bytes:
            from reports.kpi_report import KpiReport
            return KpiReport(branch, kpis, ranking=ranking).render()

        self._preview(self.tr("售后经营指标月报"), f"经营指标_{kpis.month}.pdf", make)

    def export_excel(self) -> None:
        kpis, ranking = self.kpis, self.ranking
        if kpis is None:
            return

        def make() -> bytes:
            from reports.xlsx_kpi import kpi_workbook
            return kpi_workbook(kpis, ranking)

        self._save(f"经营指标_{kpis.month}.xlsx", make)


class ReportsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.tabs = QTabWidget()
        self.technician = TechnicianDailyTab(services, actor, branch)
        self.supervisor = SupervisorDailyTab(services, actor, branch)
        self.kpi = KpiTab(services, actor, branch)
        self.tabs.addTab(self.technician, self.tr("技术员工作日报表"))
        self.tabs.addTab(self.supervisor, self.tr("服务主任日报表"))
        self.tabs.addTab(self.kpi, self.tr("月度经营指标"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)


__all__ = ["KpiCard", "KpiTab", "ReportsPage", "SupervisorDailyTab", "TechnicianDailyTab"]
