"""Import the shop's master data from an Excel workbook (从 Excel 导入基础资料).

Why import at once, without a preview as the customer list has: an item already on the
shop's list is updated by its code, so importing the corrected workbook again is the way to
fix a refused row; the dialog lists every refused row (sheet, row, code, reason) next to
what was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.masterdata import KIND_LABELS
from domain.services.masterdata_import import MasterImportReport, MasterImportRow
from domain.services.registry import Services
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import error_text, run_op
from ui.widgets.field_errors import ERROR_STYLE

AskOpenPath = Callable[[QWidget], str]


def _native_open_path(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("MasterImportDialog", "选择基础资料 Excel 文件"), "",
        QCoreApplication.translate("MasterImportDialog", "Excel 文件 (*.xlsx)"))
    return path


class MasterImportDialog(QDialog):
    imported = Signal(object)  # the MasterImportReport

    ask_open_path: AskOpenPath = staticmethod(_native_open_path)  # type: ignore[assignment]

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor = services, actor
        self.report: MasterImportReport | None = None
        self.setObjectName("masterImportDialog")
        self.setWindowTitle(self.tr("从 Excel 导入基础资料"))
        self.choose_button = QPushButton(self.tr("选择文件并导入…"))
        self.choose_button.setObjectName("chooseFile")
        self.path_label = QLabel(self.tr("每类一个工作表：工时项目、配件价格、杂项、保养套餐、服务活动（也可用英文 labour、"
                                         "parts、sundry、packages、campaigns）；表头可用中文或英文。本店已有的编号会更新，"
                                         "总部下发的编号不能导入。"))
        self.path_label.setObjectName("importPath")
        self.path_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("importError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.model: RowsModel[MasterImportRow] = RowsModel([
            Column(self.tr("工作表"), lambda r: r.sheet),
            Column(self.tr("行"), lambda r: str(r.row_number), right=True),
            Column(self.tr("编号"), lambda r: r.code),
            Column(self.tr("原因"), lambda r: "；".join(r.problems), alert=lambda _r: True),
        ], self)
        self.table = QTableView()
        self.table.setObjectName("importRows")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        close = QPushButton(self.tr("关闭"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.accept)
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.path_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(self.tr("未导入的行：")))
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(900, 520)

    def choose_file(self) -> None:
        chosen = self.ask_open_path(self)
        if chosen:
            self.run_import(Path(chosen))

    def run_import(self, path: Path) -> None:
        self.path_label.setText(str(path))
        self.error.hide()
        self.summary.setText(self.tr("正在导入…"))
        self.choose_button.setEnabled(False)
        service, actor = self._services.master_data_import, self._actor
        run_op(lambda: service.run(actor, path), self._done, self._failed)

    def _done(self, report: MasterImportReport) -> None:
        self.report = report
        self.choose_button.setEnabled(True)
        self.model.set_rows(report.refused)
        counts = [f"{label(KIND_LABELS, kind, language())} {count}" for kind, count in report.imported.items()
                  if count]
        text = (self.tr("已导入：%1；未导入 %2 行").replace("%1", "、".join(counts) or "0")
                .replace("%2", str(len(report.refused))))
        if report.ignored_sheets:
            text += self.tr("；已忽略工作表：%1").replace("%1", "、".join(report.ignored_sheets))
        if report.unknown_columns:
            text += self.tr("；已忽略列：%1").replace("%1", "、".join(report.unknown_columns))
        self.summary.setText(text)
        self.imported.emit(report)

    def _failed(self, exc: DomainError) -> None:
        self.choose_button.setEnabled(True)
        self.summary.clear()
        self.error.setText(error_text(exc))
        self.error.show()


__all__ = ["MasterImportDialog"]
