"""客户投诉案件统计表 on screen: pick a month, see the figures, print or export to Excel.

Why a flat two-column table: the statistics are a list of headed figures (by category,
severity, responsibility, days to close, late closures, deductions), the same order as
the printed form; the save dialog is injectable (``ask_save_path``) so tests never block.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.complaint_rules import (
    CATEGORY_LABELS,
    DEADLINE_LABELS,
    RESPONSIBILITY_LABELS,
    SEVERITY_LABELS,
)
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_statistics import MonthlyStatistics
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import error_text, run_op
from ui.widgets.amounts import money
from ui.widgets.branch_datetime import month_edit
from ui.widgets.workbook_export import AskSavePath, export_workbook, native_save_path


@dataclass(frozen=True)
class Figure:
    item: str
    value: str
    alert: bool = False


def render_statistics(services: Services, branch: BranchView, stats: MonthlyStatistics) -> bytes:
    """The printed 客户投诉案件统计表, with the branch's deduction cap; database thread."""
    from reports.complaint_statistics import ComplaintStatisticsReport

    cap = services.complaints.settings().deduction_cap_bp
    return ComplaintStatisticsReport(branch, stats, cap_bp=cap).render()


def export_statistics(services: Services, branch: BranchView, stats: MonthlyStatistics) -> bytes:
    from reports.xlsx_complaints import complaint_statistics_xlsx

    cap = services.complaints.settings().deduction_cap_bp
    return complaint_statistics_xlsx(branch, stats, cap_bp=cap)


class ComplaintStatisticsTab(QWidget):
    loaded = Signal(object)  # MonthlyStatistics
    exported = Signal(str)  # path

    ask_save_path: AskSavePath = staticmethod(native_save_path)  # type: ignore[assignment]

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintStatistics")
        self.services, self.actor, self.branch = services, actor, branch
        self.stats: MonthlyStatistics | None = None
        self.active_dialog: QWidget | None = None
        self.month = month_edit("statisticsMonth", branch.timezone)
        self.show_button = QPushButton(self.tr("统计"))
        self.show_button.setObjectName("statisticsShow")
        self.print_button = QPushButton(self.tr("打印统计表"))
        self.print_button.setObjectName("statisticsPrint")
        self.export_button = QPushButton(self.tr("导出 Excel"))
        self.export_button.setObjectName("statisticsExport")
        self.status = QLabel()
        self.status.setObjectName("statisticsStatus")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.show_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        self.model: RowsModel[Figure] = RowsModel(
            [Column(self.tr("项目"), lambda f: f.item),
             Column(self.tr("数值"), lambda f: f.value, right=True, alert=lambda f: f.alert)], self)
        self.table = QTableView()
        self.table.setObjectName("statisticsTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.refresh)
        self.month.dateChanged.connect(lambda _d: self.refresh())
        self.print_button.clicked.connect(self.print_report)
        self.export_button.clicked.connect(self.export_excel)
        self._set_enabled()

    def _set_enabled(self) -> None:
        self.print_button.setEnabled(self.stats is not None)
        self.export_button.setEnabled(self.stats is not None)

    def refresh(self) -> None:
        d = self.month.date()
        year, month, services, actor = d.year(), d.month(), self.services, self.actor
        run_op(lambda: services.complaints.monthly_statistics(actor, year, month),
               if_alive(self, self.show_statistics), if_alive(self, self._failed))

    def _failed(self, exc: DomainError) -> None:
        self.status.setText(error_text(exc))
        self.status.setStyleSheet("color: #c62828;")

    def figures(self, s: MonthlyStatistics) -> list[Figure]:
        rows = [Figure(self.tr("受理投诉"), str(s.registered))]
        rows += [Figure(self.tr("　类别：%1").replace("%1", label(CATEGORY_LABELS, c.key, language())),
                        str(c.count)) for c in s.by_category]
        rows += [Figure(self.tr("　严重程度：%1").replace("%1", label(SEVERITY_LABELS, c.key, language())),
                        str(c.count), c.key == "major") for c in s.by_severity]
        rows.append(Figure(self.tr("重新立案"), str(s.reopened)))
        rows.append(Figure(self.tr("结案"), str(s.closed)))
        rows += [Figure(self.tr("　责任：%1").replace("%1", label(RESPONSIBILITY_LABELS, c.key, language())),
                        str(c.count)) for c in s.by_responsibility]
        average = "—" if s.average_days_to_close_tenths is None else \
            f"{s.average_days_to_close_tenths // 10}.{s.average_days_to_close_tenths % 10}"
        rows.append(Figure(self.tr("平均结案天数"), average))
        rows.append(Figure(self.tr("超期结案（须洽办）"), str(len(s.closed_late)), bool(s.closed_late)))
        rows += [Figure(self.tr("　%1 超期 %2 天").replace("%1", late.number).replace("%2", str(late.days_late)),
                        "", True) for late in s.closed_late]
        rows.append(Figure(self.tr("月末超期未结"), str(s.overdue_open), s.overdue_open > 0))
        rows.append(Figure(self.tr("本月罚扣合计(元)"), money(s.deductions_total_fen)))
        rows += [Figure(self.tr("　%1（%2）本月扣 / 结转").replace("%1", d.name).replace("%2", d.department),
                        f"{money(d.taken_fen)} / {money(d.carried_out_fen)}") for d in s.deductions]
        for t in s.internal:  # issue 15: the investigation report and the consolidated opinion
            name = label(DEADLINE_LABELS, t.kind, language())
            rows.append(Figure(self.tr("%1：本月到期 / 按时 / 逾期完成 / 超期未完成").replace("%1", name),
                               f"{t.due} / {t.on_time} / {t.late} / {t.overdue}", bool(t.late or t.overdue)))
        rows += [Figure(self.tr("　%1 %2 超期：%3").replace("%1", m.number)
                        .replace("%2", label(DEADLINE_LABELS, m.kind, language()))
                        .replace("%3", m.reason or self.tr("（未说明）")), "", True) for m in s.missed_internal]
        rows.append(Figure(self.tr("本月奖罚（件 / 元）"), f"{len(s.penalties)} / {money(s.penalties_total_fen)}"))
        return rows

    def show_statistics(self, stats: MonthlyStatistics) -> None:
        self.stats = stats
        self.model.set_rows(self.figures(stats))
        self.status.setStyleSheet("")
        self.status.setText(self.tr("%1 年 %2 月（次月 10 日前报送）").replace("%1", str(stats.year))
                            .replace("%2", str(stats.month)))
        self._set_enabled()
        self.loaded.emit(stats)

    def _name(self, suffix: str) -> str:
        assert self.stats is not None
        return f"客户投诉案件统计表_{self.stats.year:04d}-{self.stats.month:02d}.{suffix}"

    def print_report(self) -> None:
        stats, branch = self.stats, self.branch
        if stats is None:
            return

        def shown(pdf: bytes) -> None:
            from ui.dialogs.pdf_preview import PdfPreviewDialog

            dialog = PdfPreviewDialog(pdf, self.tr("客户投诉案件统计表"), self._name("pdf"), self)
            self.active_dialog = dialog
            dialog.open()

        run_op(lambda: render_statistics(self.services, branch, stats), if_alive(self, shown), if_alive(self, self._failed))

    def export_excel(self) -> None:
        stats, branch = self.stats, self.branch
        if stats is None:
            return
        services = self.services

        def done(saved: str) -> None:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("已导出：%1").replace("%1", saved))
            self.exported.emit(saved)

        export_workbook(self, self.ask_save_path, self._name("xlsx"),
                        lambda: export_statistics(services, branch, stats), done, self._failed)


__all__ = ["ComplaintStatisticsTab"]
