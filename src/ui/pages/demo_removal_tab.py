"""演示数据 tab of 系统设置: 清除演示数据 before a shop goes live (issue 23 item 7).

Why a tab of its own, shown only to whoever may load demo data (administrator, owner): the
removal deletes thousands of rows, so it is never one click away from everyday settings. The
page only asks and shows; what is demo, what blocks the removal and the one transaction
are :class:`domain.services.demo_removal.DemoRemovalService`'s. The flow: read what would be
removed (nothing changes), say why not if a real record points at demo rows, else ask with
the counts; then remove on the database thread under a busy dialog (one transaction: it
completes or changes nothing, so there is nothing to cancel), and say what was removed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor, Permission, can
from domain.services.demo_removal import DemoRemovalPlan
from domain.services.registry import Services
from ui import i18n
from ui.alive import if_alive
from ui.operations import error_text, run_op
from ui.widgets.busy_dialog import busy_dialog
from ui.widgets.field_errors import ERROR_STYLE


class DemoRemovalTab(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self._progress: QProgressDialog | None = None
        note = QLabel(self.tr(
            "正式营业前，可清除演示数据：演示员工账号（demo_…）、演示客户、车辆、工单、投诉、回访任务"
            "以及在这些记录上做的练习操作。门店自己的记录不受影响；操作记入操作日志，不能撤销。"))
        note.setObjectName("demoRemovalNote")
        note.setWordWrap(True)
        self.remove_button = QPushButton(self.tr("清除演示数据…"))
        self.remove_button.setObjectName("removeDemoButton")
        self.remove_button.setEnabled(can(actor, Permission.DEMO_DATA))  # the service checks anyway
        self.remove_button.clicked.connect(self.start)
        self.message = QLabel()
        self.message.setObjectName("demoRemovalMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def start(self) -> None:
        """Read what a removal would delete; the question follows on the GUI thread."""
        service, actor = self.services.demo_removal, self.actor
        self.remove_button.setEnabled(False)
        run_op(lambda: service.preview(actor), if_alive(self, self._ask), if_alive(self, self._failed))

    def _ask(self, plan: DemoRemovalPlan) -> None:
        self.remove_button.setEnabled(True)
        refusal = plan.refusal()
        if refusal is not None:
            self._show_error(refusal)
            return
        if plan.total == 0:
            self._say(self.tr("数据库中没有演示数据。"))
            return
        counts = "\n".join(plan.lines(i18n.language()))
        counters = (self.tr("工单、投诉等编号将从仍在使用的最大编号接着编。") if plan.resets_counters else
                    self.tr("本店已向总部登记，编号不回退，接着演示数据之后编。"))
        answer = QMessageBox.question(
            self, self.tr("清除演示数据"),
            self.tr("将删除以下演示数据，共 %1 条记录：\n%2\n\n%3\n确定清除吗？此操作不能撤销。")
            .replace("%1", str(plan.total)).replace("%2", counts).replace("%3", counters),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._remove()

    def _remove(self) -> None:
        self._progress = busy_dialog(self, self.tr("正在清除演示数据，请稍候……"), self.tr("清除演示数据"),
                                     "demoRemovalProgress")
        self.remove_button.setEnabled(False)
        service, actor = self.services.demo_removal, self.actor
        run_op(lambda: service.remove(actor), if_alive(self, self._removed), if_alive(self, self._failed))

    def _removed(self, plan: DemoRemovalPlan) -> None:
        self._close_progress()
        self.remove_button.setEnabled(True)
        self._say(self.tr("已清除演示数据，共 %1 条记录（%2）。")
                  .replace("%1", str(plan.total)).replace("%2", "，".join(plan.lines(i18n.language()))))

    def _failed(self, exc: DomainError) -> None:
        self._close_progress()
        self.remove_button.setEnabled(True)
        self._show_error(exc)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #1e7e34;")
        self.message.setText(text)
        self.message.show()

    def _show_error(self, exc: DomainError) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(exc))
        self.message.show()
