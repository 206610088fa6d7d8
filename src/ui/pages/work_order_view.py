"""One work order on screen (工单详情): header, reception, lines, jobs, QC, money, timeline.

Why every action re-reads nothing by itself: each dialog's service call returns the fresh
``WorkOrderView``, which replaces what is shown — one source of truth, no half-updated
screen. Buttons follow the state machine and the role (``work_order_actions``); the
domain still checks, and its refusal is shown in the message line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.registry import Services
from domain.services.warranty_claims import ClaimView
from domain.services.workorder_views import JobView, WorkOrderView
from domain.workorder_rules import QC_LABELS, SERVICE_CLASS_LABELS, state_label
from ui.alive import if_alive
from ui.dialogs.line_dialog import LineView, line_kind
from ui.dialogs.qc_dialog import next_level
from ui.i18n import language
from ui.models.work_order_tables import RowsModel
from ui.operations import run_op
from ui.pages import work_order_tables as cols
from ui.pages.work_order_actions import (
    claim_actions,
    has_warranty,
    job_actions,
    line_actions,
    order_actions,
)
from ui.pages.work_order_printing import FORM_TITLES_ZH, RenderedForm, render_form
from ui.widgets.amounts import local_text, money
from ui.widgets.record_list import read_only_table
from ui.widgets.record_panel import RecordPanel

if TYPE_CHECKING:
    from ui.dialogs.warranty_claim_dialog import ClaimFormDialog

FUEL = ("空", "1/8", "1/4", "3/8", "1/2", "5/8", "3/4", "7/8", "满")


def _table(name: str, model: RowsModel[Any]) -> QTableView:
    return read_only_table(name, model, alternating_rows=True, resize=QHeaderView.ResizeMode.ResizeToContents)


class WorkOrderPanel(RecordPanel):
    order_shown = Signal(str)  # id; tests and the board wait on it
    order_changed = Signal(object)  # WorkOrderView after an action
    complaint_requested = Signal(object)  # 登记投诉 about this order (IntakeContext)
    claims_shown = Signal(str)  # order id; the 保修索赔 list was (re)loaded

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__("action_", "orderMessage", parent)
        self.setObjectName("workOrderPanel")
        self.services, self.actor, self.branch = services, actor, branch
        self.zone = branch.timezone
        self.order: WorkOrderView | None = None
        self._line_kind: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_actions())
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("orderTabs")
        self.tabs.addTab(self._build_reception(), self.tr("接车信息"))
        self.tabs.addTab(self._build_lines(), self.tr("维修项目"))
        self.tabs.addTab(self._build_jobs(), self.tr("派工与工时"))
        self.tabs.addTab(self._build_qc(), self.tr("质量检验"))
        self.tabs.addTab(self._build_money(), self.tr("结算"))
        self.claims_page = self._build_claims()
        self.tabs.addTab(self.claims_page, self.tr("保修索赔"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.claims_page), False)
        self.tabs.addTab(self._build_timeline(), self.tr("时间线"))
        layout.addWidget(self.tabs, 1)

    # --- building ----------------------------------------------------------------------
    def _build_header(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.number_label = QLabel()
        self.number_label.setObjectName("orderNumber")
        font = QFont(self.number_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel()
        self.state_label.setObjectName("orderState")
        self.state_label.setStyleSheet(
            "QLabel { background: #e3f2fd; color: #0d47a1; padding: 2px 8px; border-radius: 3px; }")
        grid.addWidget(self.number_label, 0, 0)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # wide enough for the longest state name, so a change never clips the badge
        self.state_label.setMinimumWidth(self.state_label.fontMetrics().horizontalAdvance("待结算待") + 24)
        grid.addWidget(self.state_label, 0, 1, Qt.AlignmentFlag.AlignLeft)
        self.head_values: dict[str, QLabel] = {}
        fields = (("plate", self.tr("车牌")), ("customer", self.tr("客户")),
                  ("advisor", self.tr("服务顾问")), ("received", self.tr("接车时间")),
                  ("promised", self.tr("承诺完工")), ("class", self.tr("作业分类")))
        for i, (key, title) in enumerate(fields):
            row, col = divmod(i, 3)
            caption = QLabel(title + "：")
            caption.setStyleSheet("color: #555;")
            value = QLabel()
            value.setObjectName(f"head_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row + 1, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row + 1, col * 2 + 1)
            self.head_values[key] = value
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return grid

    def _build_actions(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        first = QHBoxLayout()
        first.addWidget(self._button("back", self.tr("返回看板"), self.back_requested.emit))
        first.addWidget(self._button("refresh", self.tr("刷新"), self.reload))
        for key, text, slot in (
                ("edit_reception", self.tr("修改接车"), self.edit_reception),
                ("approve", self.tr("客户确认估价"), self.approve),
                ("supplementary", self.tr("增项确认"), self.supplementary),
                ("discount", self.tr("整单折扣"), self.discount),
                ("dispatch", self.tr("派工"), self.dispatch),
                ("qc", self.tr("质检"), self.quality_check)):
            first.addWidget(self._button(key, text, slot))
        first.addStretch(1)
        second = QHBoxLayout()
        for key, text, slot in (
                ("settle", self.tr("结算"), self.settle),
                ("reverse", self.tr("冲销结算"), self.reverse),
                ("deliver", self.tr("交车"), self.deliver),
                ("cancel", self.tr("取消工单"), self.cancel),
                ("rework", self.tr("标记返修"), self.mark_rework)):
            second.addWidget(self._button(key, text, slot))
        second.addStretch(1)
        for key, text in (("print_work_order", self.tr("打印委托书")),
                          ("print_repair_card", self.tr("打印维修卡")),
                          ("print_settlement", self.tr("打印结算单"))):
            kind = key.removeprefix("print_")
            second.addWidget(self._button(key, text, partial(self.print_form, kind)))
        second.addWidget(self._button("print_survey_card", self.tr("打印调查卡"), self.print_survey_card))
        self.complaint_button = QPushButton(self.tr("登记投诉"))
        self.complaint_button.setObjectName("registerComplaint")
        self.complaint_button.setAutoDefault(False)
        self.complaint_button.clicked.connect(self.request_complaint)
        second.addWidget(self.complaint_button)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _build_reception(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.reception_values: dict[str, QLabel] = {}
        for key, title in (("mileage", self.tr("进厂里程")), ("fuel", self.tr("油量")),
                           ("words", self.tr("客户描述")), ("inspection", self.tr("环车检查")),
                           ("valuables", self.tr("贵重物品")), ("kit", self.tr("随车物品")),
                           ("payer", self.tr("付款方")), ("estimate", self.tr("估价金额")),
                           ("approval", self.tr("客户确认")), ("supplementaries", self.tr("增项确认")),
                           ("rework", self.tr("返修")), ("delivery", self.tr("交车")),
                           ("cancel", self.tr("取消原因"))):
            value = QLabel()
            value.setObjectName(f"reception_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(title + "：", value)
            self.reception_values[key] = value
        return page

    def _build_lines(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        for key, text, kind in (("add_labour", self.tr("添加工时"), "labour"),
                                ("add_part", self.tr("添加配件"), "part"),
                                ("add_sundry", self.tr("添加杂费"), "sundry")):
            bar.addWidget(self._button(key, text, partial(self.add_line, kind)))
        bar.addWidget(self._button("edit_line", self.tr("修改所选"), self.edit_line))
        bar.addWidget(self._button("remove_line", self.tr("删除所选"), self.remove_line))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.labour_model: RowsModel[Any] = RowsModel(cols.labour_columns(), self)
        self.part_model: RowsModel[Any] = RowsModel(cols.part_columns(), self)
        self.sundry_model: RowsModel[Any] = RowsModel(cols.sundry_columns(), self)
        self.line_tables: dict[str, QTableView] = {}
        splitter = QSplitter(Qt.Orientation.Vertical)
        for kind, title, model in (("labour", self.tr("工时项目"), self.labour_model),
                                   ("part", self.tr("配件"), self.part_model),
                                   ("sundry", self.tr("杂费"), self.sundry_model)):
            box = QGroupBox(title)
            table = _table(f"{kind}Table", model)
            table.doubleClicked.connect(lambda _i, k=kind: self._line_activated(k))
            table.activated.connect(lambda _i, k=kind: self._line_activated(k))
            table.selectionModel().currentRowChanged.connect(
                lambda cur, _prev, k=kind: self._line_selected(k, cur.row()))
            QVBoxLayout(box).addWidget(table)
            splitter.addWidget(box)
            self.line_tables[kind] = table
        layout.addWidget(splitter, 1)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")
        self.totals_label.setWordWrap(True)
        self.split_label = QLabel()
        self.split_label.setObjectName("payerSplit")
        self.split_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.totals_label)
        layout.addWidget(self.split_label)
        return page

    def _build_jobs(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        for key, text, slot in (("start", self.tr("开工"), self.start_job),
                                ("stop", self.tr("停工"), lambda: self.stop_job(False)),
                                ("finish", self.tr("完工"), lambda: self.stop_job(True)),
                                ("pause", self.tr("待料暂停"), self.pause_job),
                                ("resume", self.tr("恢复施工"), self.resume_job),
                                ("reassign", self.tr("改派"), self.reassign),
                                ("requisition", self.tr("领料"), self.requisition),
                                ("handover", self.tr("工种交接"), self.handover)):
            bar.addWidget(self._button(key, text, slot))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.jobs_model: RowsModel[JobView] = RowsModel(cols.job_columns(self.zone), self)
        self.jobs_table = _table("jobsTable", self.jobs_model)
        self.jobs_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._job_selected())
        self.entries_model: RowsModel[Any] = RowsModel(cols.time_entry_columns(self.zone), self)
        self.requisitions_model: RowsModel[Any] = RowsModel(cols.requisition_columns(self.zone), self)
        self.handovers_model: RowsModel[Any] = RowsModel(cols.handover_columns(self.zone), self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table in ((self.tr("派工单"), self.jobs_table),
                             (self.tr("所选派工的计时"), _table("timeEntries", self.entries_model)),
                             (self.tr("维修领料单"), _table("requisitions", self.requisitions_model)),
                             (self.tr("工种交接"), _table("handovers", self.handovers_model))):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            splitter.addWidget(box)
        layout.addWidget(splitter, 1)
        return page

    def _build_qc(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.qc_hint = QLabel()
        self.qc_hint.setObjectName("qcHint")
        layout.addWidget(self.qc_hint)
        self.qc_model: RowsModel[Any] = RowsModel(cols.qc_columns(self.zone), self)
        layout.addWidget(_table("qcTable", self.qc_model), 1)
        return page

    def _build_money(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.money_label = QLabel()
        self.money_label.setObjectName("moneySummary")
        self.money_label.setWordWrap(True)
        layout.addWidget(self.money_label)
        self.payments_model: RowsModel[Any] = RowsModel(cols.payment_columns(self.zone), self)
        layout.addWidget(_table("paymentsTable", self.payments_model), 1)
        return page

    def _build_claims(self) -> QWidget:
        """保修索赔: the claims of this order and the manufacturer's answers."""
        from ui.dialogs.warranty_claim_dialog import claim_columns

        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(self._button("submit_claim", self.tr("提交索赔"), self.submit_claim))
        bar.addWidget(self._button("decide_claim", self.tr("厂家结果"), self.decide_claim))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.claims_hint = QLabel()
        self.claims_hint.setObjectName("claimsHint")
        self.claims_hint.setStyleSheet("color: #555;")
        layout.addWidget(self.claims_hint)
        self.claims_model: RowsModel[ClaimView] = RowsModel(claim_columns(self.zone), self)
        self.claims_table = _table("claimsTable", self.claims_model)
        self.claims_table.selectionModel().currentRowChanged.connect(lambda _cur, _prev: self._update_buttons())
        self.claims_table.activated.connect(lambda _i: self.decide_claim())
        layout.addWidget(self.claims_table, 1)
        return page

    def _build_timeline(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.events_model: RowsModel[Any] = RowsModel(cols.event_columns(self.zone), self)
        layout.addWidget(_table("timelineTable", self.events_model), 1)
        return page

    # --- loading and showing -----------------------------------------------------------
    def load(self, key: str) -> None:
        services, actor = self.services, self.actor
        run_op(lambda: services.work_orders.get(actor, key), self.show_order, self.show_message)

    def record_id(self) -> str | None:
        return None if self.order is None else self.order.id

    def show_order(self, order: WorkOrderView) -> None:
        self.order = order
        self.message.hide()
        self.number_label.setText(order.number)
        self.state_label.setText(state_label(order.state, language()))
        z = self.zone
        head = self.head_values
        head["plate"].setText(f"{order.plate}　{order.brand} {order.model}".strip())
        head["customer"].setText(f"{order.customer_name}　{order.customer_mobile}".strip())
        head["advisor"].setText(order.advisor_name)
        head["received"].setText(local_text(order.received_at, z))
        head["promised"].setText(local_text(order.promised_at, z) + (self.tr("（已超时）") if order.late else ""))
        head["promised"].setStyleSheet("color: #c62828; font-weight: bold;" if order.late else "")
        try:
            head["class"].setText(label(SERVICE_CLASS_LABELS, order.service_class, language()))
        except ValueError:
            head["class"].setText(order.service_class)
        self._show_reception(order)
        self.labour_model.set_rows(order.labour)
        self.part_model.set_rows(order.parts)
        self.sundry_model.set_rows(order.sundries)
        for kind, model in (("labour", self.labour_model), ("part", self.part_model),
                            ("sundry", self.sundry_model)):
            for index, column in enumerate(model.columns):
                self.line_tables[kind].setColumnHidden(index, order.money_hidden and column.money)
        self._line_kind = None
        self._show_totals(order)
        selected = self.selected_job()
        self.jobs_model.set_rows(order.jobs)
        row = next((i for i, j in enumerate(order.jobs) if selected and j.id == selected.id), 0)
        if order.jobs:
            self.jobs_table.selectionModel().setCurrentIndex(
                self.jobs_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.requisitions_model.set_rows(order.requisitions)
        self.handovers_model.set_rows(order.handovers)
        self.qc_model.set_rows(order.quality_checks)
        self.payments_model.set_rows(order.payments)
        self.events_model.set_rows(order.events)
        self._job_selected()
        self._show_claims_tab(order)
        self._update_buttons()
        self.order_shown.emit(order.id)

    def _show_reception(self, o: WorkOrderView) -> None:
        v = self.reception_values
        mileage = f"{o.mileage_in} km"
        if o.mileage_reason:
            mileage += self.tr("（说明：%1）").replace("%1", o.mileage_reason)
        v["mileage"].setText(mileage)
        v["fuel"].setText(self.tr(FUEL[o.fuel_level]) if 0 <= o.fuel_level < len(FUEL) else "")
        v["words"].setText(o.customer_words or "—")
        v["inspection"].setText("；".join(f"{i.area}{i.damage}" + (f"（{i.note}）" if i.note else "")
                                         for i in o.inspection) or self.tr("无异常"))
        v["valuables"].setText(o.valuables or self.tr("无"))
        kit = [self.tr("备胎") + (self.tr("在") if o.spare_tyre else self.tr("无")),
               self.tr("随车工具") + (self.tr("齐全") if o.tools_present else self.tr("不全"))]
        v["kit"].setText("，".join(kit))
        v["payer"].setText(cols.payer_text(o.payer) + (f"（{o.payer_name}）" if o.payer_name else ""))
        v["estimate"].setText("—" if o.money_hidden else money(o.estimate_fen) + self.tr(" 元"))
        if o.approved_at is None:
            v["approval"].setText(self.tr("尚未确认"))
        elif o.approval_method == "phone":
            v["approval"].setText(self.tr("电话确认 %1，确认人：%2").replace("%1", local_text(o.approved_at, self.zone))
                                  .replace("%2", o.approved_by_name))
        else:
            v["approval"].setText(self.tr("客户签字 %1").replace("%1", local_text(o.approved_at, self.zone))
                                  + (f"（{o.approved_by_name}）" if o.approved_by_name else ""))
        v["supplementaries"].setText("；".join(
            f"{s.description} {money(s.amount_fen)}（{s.approved_by_name or s.method} "
            f"{local_text(s.approved_at, self.zone)}）" for s in o.supplementaries) or "—")
        links = []
        if o.rework_of_number:
            links.append(self.tr("本单为 %1 的返修").replace("%1", o.rework_of_number))
        if o.rework_orders:
            links.append(self.tr("返修单：%1").replace("%1", "、".join(o.rework_orders)))
        v["rework"].setText("；".join(links) or "—")
        if o.delivered_at is not None:
            claim = self.tr("客户联已交回作废") if o.claim_check_returned else \
                self.tr("客户联未交回：%1").replace("%1", o.claim_check_note)
            v["delivery"].setText(self.tr("%1 由 %2 交车，出厂里程 %3 km，%4")
                                  .replace("%1", local_text(o.delivered_at, self.zone))
                                  .replace("%2", o.delivered_by_name)
                                  .replace("%3", str(o.mileage_out)).replace("%4", claim))
        else:
            v["delivery"].setText("—")
        v["cancel"].setText(o.cancel_reason or "—")

    def _show_totals(self, o: WorkOrderView) -> None:
        t = o.totals
        parts = [self.tr("工时 %1").replace("%1", money(t.labour_fen)),
                 self.tr("配件 %1").replace("%1", money(t.parts_fen)),
                 self.tr("杂费 %1").replace("%1", money(t.sundry_fen)),
                 self.tr("折扣 %1").replace("%1", money(-t.discount_fen))]
        if t.tax_fen:
            parts.append(self.tr("税 %1").replace("%1", money(t.tax_fen)))
        parts.append(self.tr("合计 %1 元").replace("%1", money(t.total_fen)))
        self.totals_label.setText("　".join(parts))
        split = [f"{cols.payer_text(s.payer)} {money(s.total_fen)}" for s in t.shares]
        self.split_label.setText(self.tr("付款方：%1　　客户应付：%2 元")
                                 .replace("%1", "，".join(split) or "—")
                                 .replace("%2", money(t.customer_fen)))
        money_text = self.totals_label.text() + "\n" + self.split_label.text()
        money_text += "\n" + self.tr("已收：%1 元").replace("%1", money(o.paid_fen))
        if o.settled_at is not None:
            money_text += "\n" + self.tr("结算：%1（%2）").replace("%1", local_text(o.settled_at, self.zone)) \
                .replace("%2", o.settled_by_name)
        for r in o.reversals:
            money_text += "\n" + self.tr("冲销：%1 %2 元，原因：%3（%4）") \
                .replace("%1", local_text(r.at, self.zone)).replace("%2", money(r.amount_fen)) \
                .replace("%3", r.reason).replace("%4", r.by_name)
        if o.money_hidden:  # the branch hides money from technicians: no ¥0.00 anywhere
            self.totals_label.setText(self.tr("合计 —"))
            self.split_label.setText("—")
            money_text = "—"
        self.money_label.setText(money_text)
        self.qc_hint.setText(self.tr("第 %1 轮，待做：%2").replace("%1", str(o.qc_round))
                             .replace("%2", label(QC_LABELS, next_level(o), language())))

    def _update_buttons(self) -> None:
        order = self.order
        if order is None:
            for key, button in self.buttons.items():
                button.setEnabled(key == "back")
            return
        states = {**order_actions(order, self.actor),
                  **line_actions(order, self.actor, self._line_kind),
                  **job_actions(order, self.actor, self.selected_job()),
                  **claim_actions(order, self.actor, self.selected_claim())}
        view = can(self.actor, Permission.WORKORDER_VIEW)
        states["print_work_order"] = view
        states["print_repair_card"] = view and bool(order.jobs)
        states["print_settlement"] = view and order.settled_at is not None
        states["print_survey_card"] = view and order.state != "cancelled"
        for key, enabled in states.items():
            self.buttons[key].setEnabled(enabled)

    # --- warranty claims ---------------------------------------------------------------
    def _show_claims_tab(self, order: WorkOrderView) -> None:
        """The tab is there for warranty orders only; the list loads in the background."""
        visible = has_warranty(order) and can(self.actor, Permission.WARRANTY_CLAIM_VIEW)
        self.tabs.setTabVisible(self.tabs.indexOf(self.claims_page), visible)
        if not visible:
            self.claims_model.set_rows(())
            return
        self.load_claims()

    def load_claims(self, select_id: str | None = None) -> None:
        order = self.order
        if order is None:
            return
        services, actor, key = self.services, self.actor, order.id
        run_op(lambda: services.warranty_claims.for_order(actor, key),
               if_alive(self, lambda rows: self._claims_loaded(key, rows, select_id)), self.show_message)

    def _claims_loaded(self, order_id: str, rows: list[ClaimView], select_id: str | None) -> None:
        if self.order is None or self.order.id != order_id:
            return  # another order is shown by now
        previous = self.selected_claim()
        wanted = select_id or (previous.id if previous else None)
        self.claims_model.set_rows(rows)
        row = next((i for i, c in enumerate(rows) if c.id == wanted), -1)
        if row < 0:  # nothing chosen yet: the oldest claim still waiting, else the last one
            row = next((i for i, c in enumerate(rows) if not c.decision), len(rows) - 1)
        if row >= 0:
            self.claims_table.selectionModel().setCurrentIndex(
                self.claims_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        decided = [c for c in rows if c.decision]
        accepted = [c for c in decided if c.decision != "rejected"]
        self.claims_hint.setText(
            self.tr("共 %1 笔索赔，待答复 %2 笔；通过 %3 / 已答复 %4；核准金额 %5 元")
            .replace("%1", str(len(rows))).replace("%2", str(len(rows) - len(decided)))
            .replace("%3", str(len(accepted))).replace("%4", str(len(decided)))
            .replace("%5", money(sum(c.decided_fen for c in decided))))
        self._update_buttons()
        self.claims_shown.emit(order_id)

    def selected_claim(self) -> ClaimView | None:
        row = self.claims_table.currentIndex().row()
        return self.claims_model.item(row) if 0 <= row < self.claims_model.rowCount() else None

    def submit_claim(self) -> None:
        from ui.dialogs.warranty_claim_dialog import SubmitClaimDialog

        if self.order is not None and self.buttons["submit_claim"].isEnabled():
            self._open_claim(SubmitClaimDialog(self.services, self.actor, self.order, self.zone, self))

    def decide_claim(self) -> None:
        from ui.dialogs.warranty_claim_dialog import DecisionDialog

        claim = self.selected_claim()
        if claim is not None and self.buttons["decide_claim"].isEnabled():
            self._open_claim(DecisionDialog(self.services, self.actor, claim, self.zone, self))

    def _open_claim(self, dialog: ClaimFormDialog) -> None:
        """Claims are not order states: a saved claim re-reads the claims list only."""
        dialog.saved.connect(lambda view: self.load_claims(view.id))
        self.active_dialog = dialog
        dialog.open()

    # --- selection ---------------------------------------------------------------------
    def _line_selected(self, kind: str, row: int) -> None:
        if row < 0:
            return
        self._line_kind = kind
        for other, table in self.line_tables.items():
            if other != kind:
                table.selectionModel().clearSelection()
                table.setCurrentIndex(table.model().index(-1, -1))
        self._update_buttons()

    def selected_line(self) -> LineView | None:
        if self._line_kind is None:
            return None
        table = self.line_tables[self._line_kind]
        row = table.currentIndex().row()
        model = table.model()
        if not isinstance(model, RowsModel) or not 0 <= row < model.rowCount():
            return None
        item: LineView = model.item(row)
        return item

    def selected_job(self) -> JobView | None:
        row = self.jobs_table.currentIndex().row()
        return self.jobs_model.item(row) if 0 <= row < self.jobs_model.rowCount() else None

    def _job_selected(self) -> None:
        job = self.selected_job()
        self.entries_model.set_rows(job.time_entries if job else ())
        if self.order is not None:
            self._update_buttons()

    def _line_activated(self, kind: str) -> None:
        self._line_kind = kind
        self._update_buttons()
        if self.buttons["edit_line"].isEnabled():
            self.edit_line()

    # --- dialogs -----------------------------------------------------------------------
    def _changed(self, order: WorkOrderView) -> None:
        self.show_order(order)
        self.order_changed.emit(order)

    def _run(self, call: Callable[[], WorkOrderView]) -> None:
        """A one-click action (开工, 停工 …): run it, show the result or the refusal."""
        run_op(call, self._changed, self.show_message)

    def edit_reception(self) -> None:
        from ui.dialogs.reception_dialog import ReceptionDialog, VehicleRef

        if self.order is None:
            return
        o = self.order
        self._open(ReceptionDialog(self.services, self.actor,
                                   VehicleRef(o.vehicle_id, o.plate, o.customer_name), o, self.zone, self))

    def approve(self) -> None:
        from ui.dialogs.approval_dialog import ApprovalDialog

        if self.order is not None:
            self._open(ApprovalDialog(self.services, self.actor, self.order, self.zone, self))

    def supplementary(self) -> None:
        from ui.dialogs.supplementary_dialog import SupplementaryDialog

        if self.order is not None:
            self._open(SupplementaryDialog(self.services, self.actor, self.order, self.zone, self))

    def discount(self) -> None:
        from ui.dialogs.discount_dialog import DiscountDialog

        if self.order is not None:
            self._open(DiscountDialog(self.services, self.actor, self.order, self))

    def add_line(self, kind: str) -> None:
        from ui.dialogs.line_dialog import LineDialog

        if self.order is not None:
            self._open(LineDialog(self.services, self.actor, self.order, kind, None, self.zone, self))

    def edit_line(self) -> None:
        from ui.dialogs.line_dialog import LineDialog

        line = self.selected_line()
        if self.order is not None and line is not None:
            self._open(LineDialog(self.services, self.actor, self.order, line_kind(line), line,
                                  self.zone, self))

    def remove_line(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        line = self.selected_line()
        order = self.order
        if order is None or line is None:
            return
        supplementary = order.supplementaries[-1].id if order.supplementaries else None
        name = getattr(line, "description", "") or getattr(line, "name", "")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除项目"),
                          self.tr("删除“%1”？").replace("%1", name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("question")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        services, actor = self.services, self.actor

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self._run(lambda: services.work_orders.remove_line(
                    actor, line.id, supplementary if order.approved_at else None))

        box.finished.connect(answered)
        self.active_dialog = box
        box.open()

    def dispatch(self) -> None:
        from ui.dialogs.dispatch_dialog import DispatchDialog

        if self.order is not None:
            self._open(DispatchDialog(self.services, self.actor, self.order, self))

    def reassign(self) -> None:
        from ui.dialogs.reassign_dialog import ReassignDialog

        job = self.selected_job()
        if job is not None:
            self._open(ReassignDialog(self.services, self.actor, job, self))

    def start_job(self) -> None:
        job, services, actor = self.selected_job(), self.services, self.actor
        if job is not None:
            self._run(lambda: services.work_orders.start_job(actor, job.id))

    def stop_job(self, finished: bool) -> None:
        job, services, actor = self.selected_job(), self.services, self.actor
        if job is not None:
            self._run(lambda: services.work_orders.stop_job(actor, job.id, finished))

    def resume_job(self) -> None:
        job, services, actor = self.selected_job(), self.services, self.actor
        if job is not None:
            self._run(lambda: services.work_orders.resume_job(actor, job.id))

    def _reason(self, title: str, prompt: str, call: Callable[[str], WorkOrderView],
                save_text: str = "") -> None:
        from ui.dialogs.reason_dialog import ReasonDialog

        self._open(ReasonDialog(self.services, self.actor, title, prompt, call, self, save_text))

    def pause_job(self) -> None:
        job, services, actor = self.selected_job(), self.services, self.actor
        if job is not None:
            self._reason(self.tr("待料暂停"), self.tr("派工 %1 缺什么料？车间主管会立即看到。")
                         .replace("%1", f"{job.seq} {job.title}"),
                         lambda reason: services.work_orders.pause_for_parts(actor, job.id, reason))

    def requisition(self) -> None:
        from ui.dialogs.requisition_dialog import RequisitionDialog

        job = self.selected_job()
        if self.order is not None and job is not None:
            self._open(RequisitionDialog(self.services, self.actor, self.order, job, self))

    def handover(self) -> None:
        from ui.dialogs.handover_dialog import HandoverDialog

        job = self.selected_job()
        if self.order is not None and job is not None:
            self._open(HandoverDialog(self.services, self.actor, self.order, job, self))

    def quality_check(self) -> None:
        from ui.dialogs.qc_dialog import QCDialog

        if self.order is not None:
            self._open(QCDialog(self.services, self.actor, self.order, self))

    def settle(self) -> None:
        from ui.dialogs.settle_dialog import SettleDialog

        if self.order is not None:
            self._open(SettleDialog(self.services, self.actor, self.order, self))

    def reverse(self) -> None:
        order, services, actor = self.order, self.services, self.actor
        if order is not None:
            self._reason(self.tr("冲销结算"), self.tr("冲销后工单回到“待结算”，原收款记录保留并冲减。"),
                         lambda reason: services.work_orders.reverse_settlement(actor, order.id, reason),
                         self.tr("冲销"))

    def deliver(self) -> None:
        from ui.dialogs.deliver_dialog import DeliverDialog

        if self.order is not None:
            self._open(DeliverDialog(self.services, self.actor, self.order, self))

    def cancel(self) -> None:
        order, services, actor = self.order, self.services, self.actor
        if order is not None:
            self._reason(self.tr("取消工单"), self.tr("取消工单 %1 的原因：").replace("%1", order.number),
                         lambda reason: services.work_orders.cancel(actor, order.id, reason),
                         self.tr("取消工单"))

    def mark_rework(self) -> None:
        from ui.dialogs.rework_dialog import ReworkDialog

        if self.order is not None:
            self._open(ReworkDialog(self.services, self.actor, self.order, self.zone, self))

    def request_complaint(self) -> None:
        """登记投诉 about this order: customer, vehicle and order pre-filled."""
        from ui.dialogs.complaint_intake_dialog import IntakeContext

        o = self.order
        if o is not None:
            self.complaint_requested.emit(IntakeContext(o.customer_id, o.customer_name, o.vehicle_id,
                                                        o.plate, o.number, "walk_in"))

    # --- printing ----------------------------------------------------------------------
    def print_form(self, kind: str) -> None:
        order = self.order
        if order is None:
            return
        job = self.selected_job() if kind == "repair_card" else None
        services, actor, branch = self.services, self.actor, self.branch
        button = self.buttons[f"print_{kind}"]
        button.setEnabled(False)

        def failed(exc: DomainError) -> None:
            button.setEnabled(True)
            self.show_message(exc)

        run_op(lambda: render_form(services, actor, branch, kind, order.id,
                                   job.id if job else None), self._preview, failed)

    def print_survey_card(self) -> None:
        """客户意见调查卡 for this order: the paper rating card handed over at delivery."""
        order = self.order
        if order is None:
            return
        services, actor, branch = self.services, self.actor, self.branch

        def render() -> tuple[str, bytes]:
            from reports.survey_card import SurveyCardForm

            fresh = services.work_orders.get(actor, order.id)
            return fresh.number, SurveyCardForm(branch, fresh).render()

        def shown(result: tuple[str, bytes]) -> None:
            from ui.dialogs.pdf_preview import PdfPreviewDialog

            number, pdf = result
            dialog = PdfPreviewDialog(pdf, f"{self.tr('客户意见调查卡')} {number}", f"客户意见调查卡_{number}.pdf", self)
            self.active_dialog = dialog
            dialog.open()

        run_op(render, shown, self.show_message)

    def _preview(self, form: RenderedForm) -> None:
        self._update_buttons()
        self._show_pdf(form.pdf, f"{self.tr(FORM_TITLES_ZH[form.kind])} {form.order.number}",
                       f"{FORM_TITLES_ZH[form.kind]}_{form.order.number}_{clock.today().isoformat()}.pdf")


__all__ = ["WorkOrderPanel"]
