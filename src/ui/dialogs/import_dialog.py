"""Import an existing customer list (导入客户名单) from .csv or .xlsx.

Why preview first: most shops keep a hand-made Excel list; the counter must see which rows
are wrong and why (bad VIN check digit, bad plate, duplicate) before anything is saved.
The import then saves every good row; a bad row leaves nothing behind (the service's rule).
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
from domain.roles import Actor
from domain.services.customer_import import CustomerImportService, ImportReport
from domain.services.registry import Services
from ui.models.import_rows_model import ImportRowsModel
from ui.operations import error_text, run_op
from ui.widgets.field_errors import ERROR_STYLE

AskOpenPath = Callable[[QWidget], str]


def _native_open_path(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("ImportDialog", "选择客户名单"), "", QCoreApplication.translate("ImportDialog", "客户名单 (*.csv *.xlsx)"))
    return path


class ImportDialog(QDialog):
    """Pick a file → preview (nothing saved) → 导入 → result."""

    imported = Signal(int)  # number of rows saved

    ask_open_path: AskOpenPath = staticmethod(_native_open_path)  # type: ignore[assignment]

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("导入客户名单"))

        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.choose_button.setObjectName("chooseFile")
        self.path_label = QLabel(self.tr("请选择 .csv 或 .xlsx 文件：每行一辆车，表头可用中文或英文"
                                         "（姓名、手机、车牌、VIN、品牌、车型、购车日期、里程）"))
        self.path_label.setObjectName("importPath")
        self.path_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.unknown = QLabel()
        self.unknown.setObjectName("unknownColumns")
        self.unknown.setWordWrap(True)
        self.unknown.hide()
        self.error = QLabel()
        self.error.setObjectName("importError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.model = ImportRowsModel(self)
        self.table = QTableView()
        self.table.setObjectName("importRows")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)  # the problems column
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        close = QPushButton(self.tr("关闭"))
        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.run_import)
        close.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.path_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.unknown)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1000, 620)

    def _service(self) -> CustomerImportService:
        return self._services.customer_import

    def _busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._can_import())

    def _can_import(self) -> bool:
        report = self.report
        return report is not None and report.imported == 0 and any(r.ok for r in report.rows)

    # --- steps -------------------------------------------------------------------------
    def choose_file(self) -> None:
        chosen = self.ask_open_path(self)
        if chosen:
            self.load_preview(Path(chosen))

    def load_preview(self, path: Path) -> None:
        """Read and check the file; nothing is saved."""
        self.path = path
        self.report = None
        self.path_label.setText(str(path))
        self.error.hide()
        self.summary.setText(self.tr("正在检查…"))
        self._busy(True)
        service, actor = self._service(), self._actor
        run_op(lambda: service.preview(actor, path), self._show_preview, self._failed)

    def _show_preview(self, report: ImportReport) -> None:
        self.report = report
        self._show_rows(report)
        total = len(report.rows)
        good = sum(1 for r in report.rows if r.ok)
        self.summary.setText(
            self.tr("共 %1 行：可导入 %2 行，有问题 %3 行（红色行不会导入）。尚未保存任何数据。")
            .replace("%1", str(total)).replace("%2", str(good)).replace("%3", str(total - good)))
        self._busy(False)
        if self._can_import():
            self.import_button.setFocus()

    def run_import(self) -> None:
        if self.path is None or not self._can_import():
            return
        self._busy(True)
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("正在导入…"))
        service, actor, path = self._service(), self._actor, self.path
        run_op(lambda: service.run(actor, path), self._show_result, self._failed)

    def _show_result(self, report: ImportReport) -> None:
        self.report = report
        self._show_rows(report)
        failed = sum(1 for r in report.rows if not r.ok)
        text = self.tr("已导入 %1 行。").replace("%1", str(report.imported))
        if failed:
            text += self.tr("%1 行未导入，原因见表格。").replace("%1", str(failed))
        self.summary.setText(text)
        self._busy(False)
        self.imported.emit(int(report.imported))

    def _show_rows(self, report: ImportReport) -> None:
        self.model.set_report(report)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > 320:
                self.table.setColumnWidth(column, 320)
        unknown = tuple(report.unknown_columns)
        self.unknown.setVisible(bool(unknown))
        self.unknown.setText(self.tr("以下列无法识别，将被忽略：%1").replace("%1", "、".join(unknown)))

    def _failed(self, exc: DomainError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
        self.summary.setText("")
        self._busy(False)


__all__ = ["ImportDialog"]
