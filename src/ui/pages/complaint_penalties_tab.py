"""奖罚月报 on screen: the month's penalties (警告 / 小过 / 大过) with their notices; print a
notice again (three copies) or export the month's list to Excel.

Why beside the statistics: the regulation asks for a monthly list of penalties; the same
rows are table 十 of the printed statistics and the tab's workbook (``penalties_xlsx``).
The save dialog is injectable (``ask_save_path``) so tests never block.
"""

from __future__ import annotations

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

from domain.complaint_rules import PENALTY_LABELS
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import PenaltyView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.dialogs.complaint_issued import IssuedForm, issued_penalty
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import error_text, run_op
from ui.widgets.amounts import local_text, money
from ui.widgets.branch_datetime import month_edit
from ui.widgets.workbook_export import AskSavePath, export_workbook, native_save_path


def export_penalties(branch: BranchView, year: int, month: int, rows: tuple[PenaltyView, ...]) -> bytes:
    from reports.xlsx_complaints import penalties_xlsx

    return penalties_xlsx(branch, year, month, rows)


class ComplaintPenaltiesTab(QWidget):
    loaded = Signal(object)  # tuple[PenaltyView, ...]
    exported = Signal(str)  # path

    ask_save_path: AskSavePath = staticmethod(native_save_path)  # type: ignore[assignment]

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintPenalties")
        self.services, self.actor, self.branch = services, actor, branch
        self.rows: tuple[PenaltyView, ...] | None = None
        self.shown_month: tuple[int, int] | None = None
        self.active_dialog: QWidget | None = None
        self.month = month_edit("penaltiesMonth", branch.timezone)
        self.print_button = QPushButton(self.tr("打印奖罚通知单"))
        self.print_button.setObjectName("penaltiesPrint")
        self.export_button = QPushButton(self.tr("导出 Excel"))
        self.export_button.setObjectName("penaltiesExport")
        self.status = QLabel()
        self.status.setObjectName("penaltiesStatus")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        zone = branch.timezone
        self.model: RowsModel[PenaltyView] = RowsModel([
            Column(self.tr("通知单号"), lambda p: p.number),
            Column(self.tr("姓名"), lambda p: p.staff_name),
            Column(self.tr("部门"), lambda p: p.department),
            Column(self.tr("类别"), lambda p: label(PENALTY_LABELS, p.grade, language()),
                   alert=lambda p: p.grade == "major"),
            Column(self.tr("金额(元)"), lambda p: money(p.amount_fen), right=True),
            Column(self.tr("投诉单号"), lambda p: p.slip_number),
            Column(self.tr("登记"), lambda p: f"{p.recorded_by_name} {local_text(p.recorded_at, zone)}"),
            Column(self.tr("事由"), lambda p: p.reason),
        ], self)
        self.table = QTableView()
        self.table.setObjectName("penaltiesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.month.dateChanged.connect(lambda _d: self.refresh())
        self.print_button.clicked.connect(self.print_selected)
        self.export_button.clicked.connect(self.export_excel)
        self.table.doubleClicked.connect(lambda _i: self.print_selected())
        self._set_enabled()

    def _set_enabled(self) -> None:
        self.print_button.setEnabled(bool(self.rows))
        self.export_button.setEnabled(self.rows is not None)

    def refresh(self) -> None:
        d = self.month.date()
        year, month, services, actor = d.year(), d.month(), self.services, self.actor

        def shown(rows: tuple[PenaltyView, ...]) -> None:
            self.shown_month = (year, month)
            self.show_rows(rows)

        run_op(lambda: services.complaint_penalties.of_month(actor, year, month), if_alive(self, shown),
               if_alive(self, self._failed))

    def show_rows(self, rows: tuple[PenaltyView, ...]) -> None:
        self.rows = rows
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        total = sum(p.amount_fen for p in rows)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("%1 件，合计 %2 元").replace("%1", str(len(rows))).replace("%2", money(total)))
        self._set_enabled()
        self.loaded.emit(rows)

    def _failed(self, exc: DomainError) -> None:
        self.status.setText(error_text(exc))
        self.status.setStyleSheet("color: #c62828;")

    def selected(self) -> PenaltyView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def print_selected(self) -> None:
        penalty = self.selected()
        if penalty is None:
            return
        services, actor, branch = self.services, self.actor, self.branch

        def shown(issued: IssuedForm) -> None:
            from ui.dialogs.pdf_preview import PdfPreviewDialog

            dialog = PdfPreviewDialog(issued.pdf, self.tr("奖罚通知单 %1").replace("%1", issued.number),
                                      issued.file_name, self)
            self.active_dialog = dialog
            dialog.open()

        run_op(lambda: issued_penalty(services, actor, branch, penalty, with_slip=False), if_alive(self, shown),
               if_alive(self, self._failed))

    def export_excel(self) -> None:
        rows, branch = self.rows, self.branch
        if rows is None or self.shown_month is None:
            return
        year, month = self.shown_month

        def done(saved: str) -> None:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("已导出：%1").replace("%1", saved))
            self.exported.emit(saved)

        export_workbook(self, self.ask_save_path, f"奖罚月报_{year:04d}-{month:02d}.xlsx",
                        lambda: export_penalties(branch, year, month, rows), done, self._failed)


__all__ = ["ComplaintPenaltiesTab", "export_penalties"]
