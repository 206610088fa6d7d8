"""跟踪回访: the customer-care clerk's page.

Why it opens on today's work list: follow-ups are created by the app, not remembered by
people (issue 5); the clerk works down what is overdue and due today, opens one, sees the
customer, the vehicle, what was done and who did it, calls and records the call. The
other tabs are the registers (incoming calls, letters), the reminders, the customer
classes as call lists, and the monthly summary for the manager. ``care_changed`` tells
the main window that a call or a complaint was recorded (badges refresh).

At HQ (``branch.mode == "hq"``) the page is the consolidated, read-only list of every
branch's follow-ups instead (:mod:`ui.pages.care_hq_tab`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.care_rules import (
    ANSWER_STATUS_LABELS,
    OUTCOME_LABELS,
    PHONE_KINDS,
    TASK_KIND_LABELS,
    TaskKind,
)
from domain.labels import label
from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.care_views import CallView, CareTaskDetail, CareTaskRow, WorkList
from domain.services.registry import Services
from ui.alive import if_alive
from ui.dialogs.care_call_dialog import CareCallDialog
from ui.i18n import language
from ui.models.care_models import CallsModel, CareTasksModel, work_rows
from ui.operations import run_op
from ui.pages.care_tabs import (
    CareTab,
    ClassesTab,
    LettersTab,
    RemindersTab,
    SummaryTab,
    date_edit,
    make_table,
    selected_row,
    to_date,
)
from ui.widgets.live_list import LiveList, reload_in_place

#: what the follow-up lists show, by table-name prefix: tasks, calls, letters, reminders,
#: ratings, and the customers and vehicles they name
CARE_TABLES = ("follow_up_tasks", "care_", "customers", "vehicles")


class TodayTab(CareTab):
    """今日回访: overdue, due today and done today; open one to call."""

    loaded = Signal(object)  # WorkList
    call_recorded = Signal(object)  # CallView
    dialog_opened = Signal(object)  # CareCallDialog

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        self.work: WorkList | None = None
        self.day = date_edit("workDay", self.today())
        self.counts = QLabel()
        self.counts.setObjectName("workCounts")
        self.open_button = QPushButton(self.tr("打开并回访"))
        self.open_button.setObjectName("openTask")
        self.done_button = QPushButton(self.tr("标记完成"))
        self.done_button.setObjectName("completeTask")
        self.done_button.setToolTip(self.tr("完善客户档案等无需电话的任务"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshWork")
        self.model = CareTasksModel(branch.timezone, self)
        self.table = make_table("workTable", self.model)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.day)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.done_button)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_selected)
        self.done_button.clicked.connect(self.complete_selected)
        self.table.activated.connect(lambda index: self.open_task(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self._enable()

    def _enable(self) -> None:
        row = selected_row(self.table)
        task = self.model.item(row) if row >= 0 else None
        is_open = task is not None and task.status == "open"
        is_call = task is not None and task.kind in PHONE_KINDS
        is_request = task is not None and task.kind == TaskKind.REQUEST
        self.open_button.setEnabled(is_open and (
            (is_call and can(self.actor, Permission.CARE_CALL)) or (is_request and can(self.actor, Permission.CARE_ASSIGN))))
        self.open_button.setText(self.tr("答复客户要求") if is_request else self.tr("打开并回访"))
        self.done_button.setEnabled(is_open and not is_request)

    def refresh(self) -> None:
        services, actor, day = self.services, self.actor, to_date(self.day)
        run_op(lambda: services.care.work_list(actor, day), if_alive(self, self._show), if_alive(self, self.failed))

    def _show(self, work: WorkList) -> None:
        self.work = work
        self.model.set_rows(work_rows(work))
        self.counts.setText(self.tr("已超期 %1　今日到期 %2　今日已办 %3")
                            .replace("%1", str(len(work.overdue))).replace("%2", str(len(work.due)))
                            .replace("%3", str(len(work.done))))
        self._enable()
        self.loaded.emit(work)

    def open_selected(self) -> None:
        self.open_task(selected_row(self.table))

    def open_task(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        task = self.model.item(row)
        if task.status == "open" and task.kind == TaskKind.REQUEST:
            self._open_request(task)
            return
        if task.status != "open" or task.kind not in PHONE_KINDS:
            return
        services, actor = self.services, self.actor
        run_op(lambda: services.care.task(actor, task.id), if_alive(self, self._open_dialog),
               if_alive(self, self.failed))

    def _open_dialog(self, detail: CareTaskDetail) -> None:
        dialog = CareCallDialog(self.services, self.actor, self.branch.timezone, detail, self)
        dialog.saved.connect(self._recorded)
        self.active_dialog = dialog
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _open_request(self, task: CareTaskRow) -> None:
        """服务主任答复 a request a call could not settle."""
        from ui.dialogs.care_request_dialog import CareRequestDialog

        dialog = CareRequestDialog(self.services, self.actor, task, self)
        dialog.saved.connect(self._decided)
        self.active_dialog = dialog
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _decided(self, call: CallView) -> None:
        self.say(self.tr("已答复 %1 的要求：%2").replace("%1", call.customer_name)
                 .replace("%2", label(ANSWER_STATUS_LABELS, call.answer_status, language())))
        self.refresh()
        self.changed.emit()

    def _recorded(self, call: CallView) -> None:
        text = self.tr("已登记 %1 的回访：%2").replace("%1", call.customer_name).replace("%2", label(OUTCOME_LABELS, call.outcome, language()))
        if call.complaint_number:
            text += self.tr("；已生成投诉单 %1").replace("%1", call.complaint_number)
        self.say(text)
        self.refresh()
        self.call_recorded.emit(call)
        self.changed.emit()

    def complete_selected(self) -> None:
        row = selected_row(self.table)
        if row < 0:
            return
        task = self.model.item(row)
        services, actor = self.services, self.actor

        def done(_row: object) -> None:
            self.say(self.tr("已完成：%1 %2").replace("%1", label(TASK_KIND_LABELS, task.kind, language())).replace("%2", task.customer_name))
            self.refresh()
            self.changed.emit()

        run_op(lambda: services.care.complete_task(actor, task.id), if_alive(self, done), if_alive(self, self.failed))


class CallsTab(CareTab):
    """跟踪服务电话登记表: every call in and out; an incoming call is registered here."""

    loaded = Signal(object)  # list[CallView]
    call_recorded = Signal(object)
    dialog_opened = Signal(object)

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, branch, parent)
        today = self.today()
        self.start = date_edit("callsFrom", today - dt.timedelta(days=6))
        self.end = date_edit("callsTo", today)
        self.new_button = QPushButton(self.tr("登记来电"))
        self.new_button.setObjectName("registerIncoming")
        self.new_button.setEnabled(can(actor, Permission.CARE_CALL))
        self.model = CallsModel(branch.timezone, self)
        self.table = make_table("callsTable", self.model)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("日期")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.end)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.start.dateChanged.connect(lambda _d: self.refresh())
        self.end.dateChanged.connect(lambda _d: self.refresh())
        self.new_button.clicked.connect(self.register_incoming)

    def refresh(self) -> None:
        services, actor, start, end = self.services, self.actor, to_date(self.start), to_date(self.end)
        run_op(lambda: services.care.calls(actor, start, end), if_alive(self, self._show), if_alive(self, self.failed))

    def _show(self, calls: list[CallView]) -> None:
        self.model.set_rows(calls)
        self.loaded.emit(calls)

    def register_incoming(self) -> None:
        dialog = CareCallDialog(self.services, self.actor, self.branch.timezone, None, self)
        dialog.saved.connect(self._recorded)
        self.active_dialog = dialog
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _recorded(self, call: CallView) -> None:
        text = self.tr("已登记来电：%1").replace("%1", call.customer_name or call.contact_name)
        if call.complaint_number:
            text += self.tr("；已生成投诉单 %1").replace("%1", call.complaint_number)
        self.say(text)
        self.refresh()
        self.call_recorded.emit(call)
        self.changed.emit()


class CarePage(QWidget):
    care_changed = Signal()  # a call, letter or reminder was recorded

    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QDialog | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("careTabs")
        self._tabs: list[CareTab] = []
        for tab, title in (self._hq_tabs() if branch.mode == "hq" else self._branch_tabs()):
            self.tabs.addTab(tab, title)
            tab.changed.connect(self._changed)
            self._tabs.append(tab)
        self._loaded: set[int] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed(0)
        self.live = LiveList(self, CARE_TABLES, self._reload_in_place)

    def _branch_tabs(self) -> list[tuple[CareTab, str]]:
        services, actor, branch = self.services, self.actor, self.branch
        self.today = TodayTab(services, actor, branch)
        self.calls = CallsTab(services, actor, branch)
        self.letters = LettersTab(services, actor, branch)
        self.reminders = RemindersTab(services, actor, branch)
        self.classes = ClassesTab(services, actor, branch)
        self.summary = SummaryTab(services, actor, branch)
        return [(self.today, self.tr("今日回访")), (self.calls, self.tr("来电登记")),
                (self.letters, self.tr("信函登记")), (self.reminders, self.tr("提醒")),
                (self.classes, self.tr("客户分级")), (self.summary, self.tr("月度汇总"))]

    def _hq_tabs(self) -> list[tuple[CareTab, str]]:
        """At HQ the branches' follow-ups, read-only: HQ has no calls of its own to make."""
        from ui.pages.care_hq_tab import HQFollowUpsTab

        self.hq = HQFollowUpsTab(self.services, self.actor, self.branch)
        return [(self.hq, self.tr("各分店回访"))]

    def _tab_changed(self, index: int) -> None:
        """Each tab loads when first shown, and again after a change made on another tab."""
        if index >= 0 and index not in self._loaded:
            self._loaded.add(index)
            self._tabs[index].refresh()

    def _changed(self) -> None:
        self._loaded = {self.tabs.currentIndex()}
        self.care_changed.emit()

    def refresh(self) -> None:
        self._loaded = {self.tabs.currentIndex()}
        self._tabs[self.tabs.currentIndex()].refresh()

    def changed_elsewhere(self, tables: frozenset[str]) -> None:
        """Another desk saved rows of ``tables`` (``MainWindow.changed_elsewhere``): the tab
        on screen reads itself again, the others when they are next opened."""
        self.live.changed(tables)

    def _reload_in_place(self) -> None:
        tab = self._tabs[self.tabs.currentIndex()]
        table, loaded = getattr(tab, "table", None), getattr(tab, "loaded", None)
        if not isinstance(table, QTableView) or not isinstance(loaded, SignalInstance):
            self.refresh()
            return
        model = table.model()

        def key_at(row: int) -> object:  # a row's record id, where its rows have one
            return getattr(model.item(row), "id", None)  # type: ignore[attr-defined]

        reload_in_place(table, key_at, loaded, self.refresh)


__all__ = ["CallsTab", "CarePage", "TodayTab"]
