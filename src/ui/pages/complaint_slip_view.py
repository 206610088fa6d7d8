"""One complaint slip on screen (投诉单详情): every section of the paper slip, the action
buttons by state and role, the timeline, and printing the slip or the reply letter.

Why the view is replaced whole: every dialog's service call returns the fresh
``ComplaintView``; it replaces what is shown (one source of truth). The domain still checks
each call; its refusal appears in the red message line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.complaint_rules import (
    ACTION_LABELS,
    AUTHORITY_LABELS,
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    DEADLINE_LABELS,
    PENALTY_LABELS,
    RESPONSIBILITY_LABELS,
    SEVERITY_LABELS,
    SEVERITY_REASON_LABELS,
    Responsibility,
    Standing,
    state_label,
)
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintEventView, ComplaintView
from domain.services.registry import Services
from ui.alive import if_alive
from ui.dialogs.complaint_approve_dialog import proposal_text
from ui.dialogs.complaint_issued import IssuedForm
from ui.dialogs.complaint_reason_dialog import due_text
from ui.i18n import language
from ui.models.complaints_model import time_left_text
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import run_op
from ui.pages.complaint_actions import slip_actions
from ui.widgets.amounts import local_text, money
from ui.widgets.record_panel import RecordPanel

PRINT_TITLES_ZH = {"slip": "客户抱怨处理表", "reply": "投诉答复函"}


def render_complaint(services: Services, actor: Actor, branch: BranchView, kind: str,
                     key: str) -> tuple[ComplaintView, bytes]:
    """Read the slip fresh and render the slip (all copies) or the reply letter; runs on
    the database thread (ReportLab takes a moment per page)."""
    from reports.complaint_reply import ComplaintReplyForm
    from reports.complaint_slip import ComplaintSlipForm, complaint_copies

    slip = services.complaints.get(actor, key)
    if kind == "slip":
        settings = services.complaints.settings()
        return slip, ComplaintSlipForm(branch, slip, paper=settings.paper,
                                       copies=complaint_copies(settings.copies)).render()
    return slip, ComplaintReplyForm(branch, slip).render()


def _value(name: str) -> QLabel:
    widget = QLabel()
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


class ComplaintSlipPanel(RecordPanel):
    slip_shown = Signal(str)  # id; tests and the page wait on it
    slip_changed = Signal(object)  # ComplaintView after an action (the badge refreshes)

    def __init__(self, services: Services, actor: Actor, branch: BranchView,
                 parent: QWidget | None = None) -> None:
        super().__init__("complaint_", "slipMessage", parent)
        self.setObjectName("complaintSlipPanel")
        self.services, self.actor, self.branch = services, actor, branch
        self.zone = branch.timezone
        self.slip: ComplaintView | None = None
        self.values: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_actions())
        layout.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setObjectName("slipSections")
        body = QWidget()
        sections = QVBoxLayout(body)
        for title, rows in self._sections():
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            for key, caption in rows:
                value = _value(f"slip_{key}")
                self.values[key] = value
                form.addRow(caption + "：", value)
            sections.addWidget(box)
        timeline = QGroupBox(self.tr("处理经过（时间线）"))
        self.events_model: RowsModel[ComplaintEventView] = RowsModel(self._event_columns(), self)
        self.events_table = QTableView()
        self.events_table.setObjectName("complaintTimeline")
        self.events_table.setModel(self.events_model)
        self.events_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.events_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events_table.verticalHeader().hide()
        self.events_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.events_table.horizontalHeader().setStretchLastSection(True)
        self.events_table.setMinimumHeight(200)
        QVBoxLayout(timeline).addWidget(self.events_table)
        sections.addWidget(timeline, 1)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

    # --- building ----------------------------------------------------------------------
    def _sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [
            (self.tr("受理"), [("customer", self.tr("客户")), ("vehicle", self.tr("车辆")),
                              ("work_order", self.tr("相关工单")), ("channel", self.tr("投诉渠道")),
                              ("category", self.tr("投诉类别")), ("words", self.tr("客户陈述")),
                              ("request", self.tr("客户要求")), ("claimed", self.tr("索赔金额")),
                              ("received", self.tr("受理"))]),
            (self.tr("严重程度与期限"), [("severity", self.tr("严重程度")), ("deadlines", self.tr("处理期限")),
                                    ("report", self.tr("调查报告")), ("opinion", self.tr("综合意见")),
                                    ("reasons", self.tr("超期原因")), ("notices", self.tr("催办 / 洽办")),
                                    ("links", self.tr("关联投诉单"))]),
            (self.tr("处理"), [("response", self.tr("首次回复")), ("investigation", self.tr("原因分析")),
                              ("responsibility", self.tr("责任归属")), ("measures", self.tr("处理对策")),
                              ("proposal", self.tr("处理方案")), ("approval", self.tr("审批"))]),
            (self.tr("客户意见与结案"), [("answer", self.tr("客户意见")), ("closure", self.tr("结案")),
                                    ("follow_up", self.tr("回访"))]),
            (self.tr("损失与罚扣"), [("losses", self.tr("损失与罚扣")), ("penalties", self.tr("奖罚"))]),
        ]

    def _event_columns(self) -> list[Column[ComplaintEventView]]:
        zone = self.zone
        return [
            Column(self.tr("时间"), lambda e: local_text(e.at, zone)),
            Column(self.tr("操作"), lambda e: label(ACTION_LABELS, e.action, language()),
                   alert=lambda e: e.action in ("refuse", "return", "escalate")),
            Column(self.tr("操作人"), lambda e: e.actor_name),
            Column(self.tr("状态"), lambda e: state_label(e.to_state, language()) if e.to_state else ""),
            Column(self.tr("说明"), lambda e: e.note),
        ]

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.number_label = QLabel()
        self.number_label.setObjectName("slipNumber")
        font = QFont(self.number_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel()
        self.state_label.setObjectName("slipState")
        self.state_label.setStyleSheet(
            "QLabel { background: #e3f2fd; color: #0d47a1; padding: 2px 8px; border-radius: 3px; }")
        self.severity_label = QLabel()
        self.severity_label.setObjectName("slipSeverity")
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("slipDeadline")
        for widget in (self.number_label, self.state_label, self.severity_label, self.deadline_label):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _build_actions(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self._button("back", self.tr("返回列表"), self.back_requested.emit))
        first.addWidget(self._button("refresh", self.tr("刷新"), self.reload))
        for key, text, slot in (("respond", self.tr("首次回复"), self.respond),
                                ("investigate", self.tr("调查分析"), self.investigate),
                                ("responsibility", self.tr("责任归属"), self.responsibility),
                                ("measures", self.tr("处理对策"), self.measures),
                                ("propose", self.tr("处理方案"), self.propose),
                                ("escalate", self.tr("升级为重大"), self.escalate)):
            first.addWidget(self._button(key, text, slot))
        first.addStretch(1)
        for key, text, slot in (("approve", self.tr("审批"), self.approve),
                                ("return", self.tr("退回方案"), self.return_proposal),
                                ("answer", self.tr("客户意见"), self.answer),
                                ("reopen", self.tr("重新立案"), self.reopen),
                                ("close", self.tr("结案"), self.close_slip),
                                ("loss", self.tr("损失与罚扣"), self.loss),
                                ("print_slip", self.tr("打印处理表"), lambda: self.print_form("slip")),
                                ("print_reply", self.tr("打印答复函"), lambda: self.print_form("reply"))):
            second.addWidget(self._button(key, text, slot))
        second.addStretch(1)
        third = QHBoxLayout()
        for key, text, slot in (("reason", self.tr("登记超期原因"), self.reason),
                                ("urge", self.tr("开具催办单"), lambda: self.notice("urge")),
                                ("coordinate", self.tr("开具洽办单"), lambda: self.notice("coordinate")),
                                ("penalty", self.tr("奖罚"), self.penalty)):
            third.addWidget(self._button(key, text, slot))
        third.addStretch(1)
        rows.addLayout(first)
        rows.addLayout(second)
        rows.addLayout(third)
        return rows

    # --- loading and showing -----------------------------------------------------------
    def load(self, key: str) -> None:
        services, actor = self.services, self.actor
        run_op(lambda: services.complaints.get(actor, key), if_alive(self, self.show_slip),
               if_alive(self, self.show_message))

    def record_id(self) -> str | None:
        return None if self.slip is None else self.slip.id

    def _t(self, moment: object) -> str:
        return local_text(moment, self.zone) if moment is not None else ""  # type: ignore[arg-type]

    def show_slip(self, slip: ComplaintView) -> None:
        self.slip = slip
        self.message.hide()
        self.number_label.setText(slip.number)
        self.state_label.setText(state_label(slip.state, language()))
        major = slip.is_major
        self.severity_label.setText(("★ " if major else "") + label(SEVERITY_LABELS, slip.severity, language(), ""))
        self.severity_label.setStyleSheet("color: #b71c1c; font-weight: bold;" if major else "")
        if slip.next_deadline_at is not None:
            kind = label(DEADLINE_LABELS, slip.next_deadline_kind, language(), "")
            text = self.tr("%1期限 %2").replace("%1", kind).replace("%2", self._t(slip.next_deadline_at))
            if slip.overdue:
                text += self.tr("（已超期）")
            self.deadline_label.setText(text)
        else:
            self.deadline_label.setText("")
        self.deadline_label.setStyleSheet("color: #c62828; font-weight: bold;" if slip.overdue else "")
        self._fill(slip)
        self.events_model.set_rows(slip.events)
        for key, enabled in slip_actions(slip, self.actor).items():
            self.buttons[key].setEnabled(enabled)
        self.slip_shown.emit(slip.id)

    def _fill(self, s: ComplaintView) -> None:
        v, t = self.values, self._t
        v["customer"].setText("　".join(p for p in (s.customer_name, s.contact_phone, s.customer_address) if p))
        v["vehicle"].setText("　".join(p for p in (s.plate, s.vehicle_model, s.vin) if p) or "—")
        v["work_order"].setText(s.work_order_number or "—")
        v["channel"].setText(label(CHANNEL_LABELS, s.channel, language()))
        v["category"].setText(label(CATEGORY_LABELS, s.category, language()))
        v["words"].setText(s.customer_words)
        v["request"].setText(s.customer_request or "—")
        v["claimed"].setText(self.tr("%1 元").replace("%1", money(s.claimed_fen)))
        v["received"].setText(f"{t(s.received_at)}　{s.received_by_name}")
        reasons = "；".join(label(SEVERITY_REASON_LABELS, r, language()) for r in s.severity_reasons)
        severity = label(SEVERITY_LABELS, s.severity, language())
        if reasons:
            severity += f"（{reasons}）"
        if s.escalation_reason:
            severity += self.tr("；升级原因：%1").replace("%1", s.escalation_reason)
        v["severity"].setText(severity)
        deadlines = [self.tr("首次回复 %1").replace("%1", t(s.response_due_at)),
                     self.tr("提出方案 %1").replace("%1", t(s.solution_due_at)),
                     self.tr("结案 %1").replace("%1", t(s.closure_due_at))]
        missed = "、".join(label(DEADLINE_LABELS, m, language()) for m in s.missed)
        text = "　".join(deadlines) + (self.tr("\n已超期：%1").replace("%1", missed) if missed else "")
        v["deadlines"].setText(text)
        v["deadlines"].setStyleSheet("color: #c62828;" if missed else "")
        for st in s.internal:
            v[st.kind].setText(self._standing_text(st))
            v[st.kind].setStyleSheet("color: #c62828; font-weight: bold;" if st.overdue else
                                     "color: #c62828;" if st.late else "")
        v["reasons"].setText("\n".join(
            f"{label(DEADLINE_LABELS, r.deadline, language())}：{r.reason}（{r.recorded_by_name} {t(r.recorded_at)}）"
            for r in s.missed_reasons) or "—")
        v["notices"].setText("\n".join(
            (self.tr("催办单 %1 → %2（%3）") if n.is_urge else self.tr("洽办单 %1 → %2（%3）"))
            .replace("%1", n.number).replace("%2", n.to_department or "—").replace("%3", t(n.issued_at))
            for n in s.notices) or "—")
        links = []
        if s.reopened_from is not None:
            links.append(self.tr("由 %1 重新立案").replace("%1", s.reopened_from.number))
        for link in s.reopened_as:
            links.append(self.tr("已重新立案为 %1").replace("%1", link.number))
        v["links"].setText("；".join(links) or "—")
        v["response"].setText(f"{t(s.first_response_at)}　{s.first_response_by_name}　{s.first_response_note}".strip()
                              if s.first_response_at else self.tr("尚未回复"))
        v["investigation"].setText(f"{s.investigation}\n（{s.investigated_by_name} {t(s.investigated_at)}）"
                                   if s.investigation else "—")
        if s.responsibility == Responsibility.OURS:
            people = "、".join(f"{p.name}（{p.department}）{p.share_bp / 100:g}%" for p in s.parties)
            resp = "　".join(p for p in (self.tr("我方责任"), s.responsible_department, people) if p)
        elif s.responsibility:
            resp = f"{label(RESPONSIBILITY_LABELS, s.responsibility, language())}：" \
                   f"{s.responsibility_reason}"
        else:
            resp = "—"
        v["responsibility"].setText(resp)
        v["measures"].setText(s.corrective_action or "—")
        if s.proposal.proposed_at is not None:
            v["proposal"].setText(f"{proposal_text(s)}\n（{s.proposal.proposed_by_name} "
                                  f"{t(s.proposal.proposed_at)}）")
        else:
            v["proposal"].setText("—")
        a = s.approval
        authority = label(AUTHORITY_LABELS, a.authority, language(), "") if a.authority else ""
        if a.approved_at is not None:
            v["approval"].setText(self.tr("%1 于 %2 批准（权限：%3）%4").replace("%1", a.approved_by_name)
                                  .replace("%2", t(a.approved_at)).replace("%3", authority)
                                  .replace("%4", a.note))
        elif authority:
            v["approval"].setText(self.tr("待%1审批").replace("%1", authority))
        else:
            v["approval"].setText("—")
        if s.answer:
            accepted = self.tr("客户接受") if s.answer == "accepted" else self.tr("客户不接受")
            v["answer"].setText(f"{accepted}　{s.answer_note}　（{s.answer_recorded_by_name} {t(s.answered_at)}）")
        else:
            v["answer"].setText("—")
        if s.closed_at is not None:
            late = self.tr("（超期结案）") if s.closed_late else ""
            v["closure"].setText(self.tr("%1 由 %2 结案，用时 %3 天%4\n最终措施：%5")
                                 .replace("%1", t(s.closed_at)).replace("%2", s.closed_by_name)
                                 .replace("%3", str(s.days_to_close)).replace("%4", late)
                                 .replace("%5", s.final_measures))
        else:
            v["closure"].setText("—")
        v["follow_up"].setText("；".join(f"{task.due_on.isoformat()} {task.reason}" for task in s.follow_up_tasks)
                               or "—")
        lines = []
        for loss in s.losses:
            people = "、".join(f"{d.name} {money(d.amount_fen)}" for d in loss.deductions)
            lines.append(self.tr("%1 损失 %2 元（%3）：%4").replace("%1", loss.month)
                         .replace("%2", money(loss.loss_fen)).replace("%3", loss.department or "—")
                         .replace("%4", people))
        v["losses"].setText("\n".join(lines) or "—")
        v["penalties"].setText("\n".join(
            f"{p.number}　{p.staff_name}　{label(PENALTY_LABELS, p.grade, language())}　"
            + self.tr("%1 元").replace("%1", money(p.amount_fen)) + f"　{p.month}　{p.reason}".rstrip()
            for p in s.penalties) or "—")

    def _standing_text(self, st: Standing) -> str:
        """An internal deadline with its time left, how late it is, or when it was met."""
        if st.due is None:
            return self.tr("调查报告后起算")
        due = due_text(st, self.zone)
        if st.done_at is not None:
            done = self._t(st.done_at)
            return (self.tr("期限 %1，%2 完成（逾期）") if st.late else self.tr("期限 %1，%2 完成（按时）")) \
                .replace("%1", due).replace("%2", done)
        if st.seconds_left is None:
            return self.tr("期限 %1（已停止）").replace("%1", due)
        text = self.tr("期限 %1，已%2") if st.overdue else self.tr("期限 %1，剩余 %2")
        return text.replace("%1", due).replace("%2", time_left_text(st.seconds_left))

    # --- dialogs -----------------------------------------------------------------------
    def _changed(self, record: ComplaintView | IssuedForm) -> None:
        """A dialog saved: the fresh slip; a numbered form it issued opens in the preview."""
        if isinstance(record, IssuedForm):
            assert record.slip is not None
            self._changed(record.slip)
            self._show_pdf(record.pdf, f"{self._form_title(record.kind)} {record.number}", record.file_name)
            return
        self.show_slip(record)
        self.slip_changed.emit(record)

    def _text(self, title: str, prompt: str, label: str, field: str,
              call: Callable[[str, bool], ComplaintView], **extra: object) -> None:
        from ui.dialogs.complaint_text_dialog import ComplaintTextDialog

        assert self.slip is not None
        self._open(ComplaintTextDialog(self.services, self.actor, self.slip, title, prompt, label,
                                       field, call, parent=self, **extra))  # type: ignore[arg-type]

    def respond(self) -> None:
        if self.slip is None:
            return
        key, services, actor = self.slip.id, self.services, self.actor
        self._text(self.tr("首次回复客户"), self.tr("服务经理应亲自联系每一位投诉客户（24 小时内）。"),
                   self.tr("回复内容"), "note", lambda text, _f: services.complaints.respond(actor, key, text))

    def investigate(self) -> None:
        if self.slip is None:
            return
        key, services, actor = self.slip.id, self.services, self.actor
        due = due_text(self.slip.internal[0], self.zone)
        hint = (self.tr("调查报告期限 %1（自受理起算）；综合意见（处理方案）在调查报告后按期提出。").replace("%1", due)
                if due else self.tr("调查报告自受理起算，综合意见自调查报告起算。"))
        self._text(self.tr("调查与原因分析"), hint, self.tr("原因分析"),
                   "investigation",
                   lambda text, foreign: services.complaints.record_investigation(actor, key, text, foreign),
                   text=self.slip.investigation, check_text=self.tr("涉及国外供应商或厂家（结案期限 17 天）"),
                   checked=self.slip.foreign_party)

    def measures(self) -> None:
        if self.slip is None:
            return
        key, services, actor = self.slip.id, self.services, self.actor
        self._text(self.tr("处理对策 / 改善措施"), self.tr("为避免再次发生而采取的措施。"), self.tr("处理对策"),
                   "corrective_action",
                   lambda text, _f: services.complaints.record_corrective_action(actor, key, text),
                   text=self.slip.corrective_action)

    def escalate(self) -> None:
        if self.slip is None:
            return
        key, services, actor = self.slip.id, self.services, self.actor
        self._text(self.tr("升级为重大投诉"), self.tr("重大投诉须立即报总经理。"), self.tr("升级原因"), "reason",
                   lambda text, _f: services.complaints.escalate(actor, key, text))

    def return_proposal(self) -> None:
        if self.slip is None:
            return
        key, services, actor = self.slip.id, self.services, self.actor
        self._text(self.tr("退回处理方案"), self.tr("退回后投诉单回到“处理中”，请说明原因。"), self.tr("退回原因"),
                   "reason", lambda text, _f: services.complaints.return_proposal(actor, key, text))

    def reopen(self) -> None:
        if self.slip is None:
            return
        key, services, actor = self.slip.id, self.services, self.actor
        self._text(self.tr("重新立案"), self.tr("客户不接受处理结果：新开一张投诉单并关联原单，原单保持不变。"),
                   self.tr("客户陈述"), "customer_words",
                   lambda text, _f: services.complaints.reopen(actor, key, text),
                   text=self.slip.answer_note, save_text=self.tr("重新立案"))

    def responsibility(self) -> None:
        from ui.dialogs.complaint_responsibility_dialog import ComplaintResponsibilityDialog

        if self.slip is not None:
            self._open(ComplaintResponsibilityDialog(self.services, self.actor, self.slip, self))

    def propose(self) -> None:
        from ui.dialogs.complaint_proposal_dialog import ComplaintProposalDialog

        if self.slip is not None:
            self._open(ComplaintProposalDialog(self.services, self.actor, self.slip, self))

    def approve(self) -> None:
        from ui.dialogs.complaint_approve_dialog import ComplaintApproveDialog

        if self.slip is not None:
            self._open(ComplaintApproveDialog(self.services, self.actor, self.slip, self))

    def answer(self) -> None:
        from ui.dialogs.complaint_answer_dialog import ComplaintAnswerDialog

        if self.slip is not None:
            self._open(ComplaintAnswerDialog(self.services, self.actor, self.slip, self))

    def close_slip(self) -> None:
        from ui.dialogs.complaint_close_dialog import ComplaintCloseDialog

        if self.slip is not None:
            self._open(ComplaintCloseDialog(self.services, self.actor, self.slip, self))

    def loss(self) -> None:
        from ui.dialogs.complaint_loss_dialog import ComplaintLossDialog

        if self.slip is not None:
            self._open(ComplaintLossDialog(self.services, self.actor, self.slip, self))

    def _form_title(self, kind: str) -> str:
        return {"urge": self.tr("投诉处理催办单"), "coordinate": self.tr("投诉处理洽办单")}.get(
            kind, self.tr("奖罚通知单"))

    def reason(self) -> None:
        from ui.dialogs.complaint_reason_dialog import ComplaintReasonDialog

        if self.slip is not None:
            self._open(ComplaintReasonDialog(self.services, self.actor, self.slip, self))

    def notice(self, kind: str) -> None:
        from ui.dialogs.complaint_notice_dialog import ComplaintNoticeDialog

        if self.slip is not None:
            self._open(ComplaintNoticeDialog(self.services, self.actor, self.branch, self.slip, kind, self))

    def penalty(self) -> None:
        from ui.dialogs.complaint_penalty_dialog import ComplaintPenaltyDialog

        if self.slip is not None:
            self._open(ComplaintPenaltyDialog(self.services, self.actor, self.branch, self.slip, self))

    # --- printing ----------------------------------------------------------------------
    def print_form(self, kind: str) -> None:
        if self.slip is None:
            return
        key, services, actor, branch = self.slip.id, self.services, self.actor, self.branch
        button = self.buttons[f"print_{kind}"]
        button.setEnabled(False)

        def failed(exc: DomainError) -> None:
            button.setEnabled(True)
            self.show_message(exc)

        def done(result: tuple[ComplaintView, bytes]) -> None:
            button.setEnabled(True)
            self._preview(kind, *result)

        run_op(lambda: render_complaint(services, actor, branch, kind, key),
               if_alive(self, done), if_alive(self, failed))

    def _preview(self, kind: str, slip: ComplaintView, pdf: bytes) -> None:
        self._show_pdf(pdf, f"{self.tr(PRINT_TITLES_ZH[kind])} {slip.number}",
                       f"{PRINT_TITLES_ZH[kind]}_{slip.number}_{clock.today().isoformat()}.pdf")


__all__ = ["ComplaintSlipPanel", "PRINT_TITLES_ZH", "render_complaint"]
