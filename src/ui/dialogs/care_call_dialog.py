"""跟踪服务电话记录: one call, opened from today's work list (a follow-up) or as an
incoming call (来电登记).

Why one dialog for both: every call, outgoing or incoming, is registered the same way
(DOMAIN.md §5). The clerk sees who the customer is, the vehicle, what was done and who did
it before dialling; records whether the call got through (no answer, wrong number, call
back later at …, declined), the remarks — satisfied and unsatisfied, a list of only
happy customers is a known failure —, the four ratings and the overall satisfaction, and
may raise a complaint, which the care service turns into a slip pre-filled from the call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from domain import clock
from domain.care_rules import (
    LEVEL_LABELS,
    LEVELS,
    OUTCOME_LABELS,
    OUTCOME_LABELS_ZH,
    RATING_ITEM_LABELS,
    RATING_ITEMS,
    TASK_KIND_LABELS,
    Outcome,
    TaskKind,
)
from domain.complaint_rules import CATEGORY_LABELS, CATEGORY_LABELS_ZH
from domain.labels import label
from domain.roles import Actor
from domain.services.care import CallComplaintInput, CallInput, RatingInput
from domain.services.care_views import CallView, CareTaskDetail
from domain.services.registry import Services
from ui.dialogs.order_form import OrderFormDialog, Submit
from ui.i18n import language
from ui.widgets.branch_datetime import BranchDateTimeEdit

CallSubmit = Callable[[], CallView]
OVERALL = "overall"


def _text_box(height: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class CareCallDialog(OrderFormDialog):
    """``detail`` is the follow-up task opened from the work list; ``None``: an incoming call."""

    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 detail: CareTaskDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, "", parent)
        self.setObjectName("careCallDialog")
        self.detail = detail
        self.zone = zone
        task = detail.task if detail else None
        self.setWindowTitle(self.tr("回访电话 — %1").replace("%1", task.customer_name) if task
                            else self.tr("来电登记"))
        self.save_button().setText(self.tr("登记"))
        self.field_aliases = {"customer_id": "contact_name", "rating": OVERALL, "complaint": "raise_complaint",
                              "work_order": OVERALL}

        if task is not None:
            self.summary = QLabel(self._task_text(detail))  # type: ignore[arg-type]
            self.summary.setObjectName("taskSummary")
            self.summary.setWordWrap(True)
            self.summary.setStyleSheet("background: #f4f6f8; padding: 6px;")
            self.form.addRow(self.summary)
        self.contact_name = QLineEdit()
        self.contact_name.setMaxLength(100)
        self.phone = QLineEdit()
        self.phone.setMaxLength(30)
        if task is None:
            self.add_row(self.tr("来电人"), "contact_name", self.contact_name)
            self.add_row(self.tr("来电号码"), "phone", self.phone)
        self.called_at = BranchDateTimeEdit(zone)
        self.add_row(self.tr("通话时间"), "called_at", self.called_at)
        caller = QLabel(actor.display_name)
        caller.setObjectName("caller")
        self.form.addRow(self.tr("回访人") if task else self.tr("接听人"), caller)
        self.outcome = QComboBox()
        for code in OUTCOME_LABELS_ZH:
            self.outcome.addItem(label(OUTCOME_LABELS, code, language()), str(code))
        self.add_row(self.tr("通话结果"), "outcome", self.outcome)
        self.call_back_at = BranchDateTimeEdit(zone)
        self.call_back_at.set_value(clock.now().replace(second=0, microsecond=0))
        self.add_row(self.tr("约定再打时间"), "call_back_at", self.call_back_at)
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        self.topic.setPlaceholderText(self.tr("用车情况、新需求、用车提示、活动通知……"))
        self.add_row(self.tr("话题/事由"), "topic", self.topic)
        self.satisfied = _text_box(44)
        self.add_row(self.tr("满意意见"), "satisfied_remarks", self.satisfied)
        self.unsatisfied = _text_box(44)
        self.add_row(self.tr("不满意意见"), "unsatisfied_remarks", self.unsatisfied)
        self.requests = _text_box(44)
        self.add_row(self.tr("客户要求"), "requests", self.requests)
        self.request_open = QCheckBox(self.tr("当场未能解决：报服务主任（2 天内答复，答复当天告知客户）"))
        self.request_open.setObjectName("request_open")
        self.form.addRow("", self.errors.row("request_open", self.request_open))
        self.answer = _text_box(44)
        self.add_row(self.tr("答复"), "answer", self.answer)

        self.ratings: dict[str, QComboBox] = {}
        self.rating_box = QGroupBox(self.tr("满意度评价（客户意见调查卡）"))
        self.rating_box.setObjectName("ratingBox")
        grid = QGridLayout(self.rating_box)
        items = [(item.value, label(RATING_ITEM_LABELS, item, language())) for item in RATING_ITEMS]
        items.append((OVERALL, self.tr("总体满意度")))
        for row, (key, caption) in enumerate(items):
            combo = QComboBox()
            combo.setObjectName(f"rating_{key}")
            combo.addItem(self.tr("（未评价）"), "")
            for level in LEVELS:
                combo.addItem(label(LEVEL_LABELS, level, language()), level.value)
            self.ratings[key] = combo
            grid.addWidget(QLabel(caption), row // 2, (row % 2) * 2)
            grid.addWidget(self.errors.row(key, combo), row // 2, (row % 2) * 2 + 1)
        self.body.addWidget(self.rating_box)

        self.complaint_box = QGroupBox(self.tr("投诉"))
        complaint = QGridLayout(self.complaint_box)
        self.raise_complaint = QCheckBox(self.tr("登记投诉（生成客户抱怨处理表）"))
        self.raise_complaint.setObjectName("raise_complaint")
        self.category = QComboBox()
        self.category.setObjectName("complaintCategory")
        for code in CATEGORY_LABELS_ZH:
            self.category.addItem(label(CATEGORY_LABELS, code, language()), str(code))
        self.complaint_words = _text_box(40)
        self.complaint_words.setObjectName("complaintWords")
        self.complaint_words.setPlaceholderText(self.tr("客户陈述（不填则用不满意意见）"))
        complaint.addWidget(self.errors.row("raise_complaint", self.raise_complaint), 0, 0)
        complaint.addWidget(QLabel(self.tr("投诉类别")), 0, 1)
        complaint.addWidget(self.category, 0, 2)
        complaint.addWidget(self.complaint_words, 1, 0, 1, 3)
        self.body.addWidget(self.complaint_box)
        self.finish_layout()
        self.setMinimumWidth(680)

        self.outcome.currentIndexChanged.connect(lambda _i: self._update())
        self.raise_complaint.toggled.connect(lambda _c: self._update())
        self._update()
        (self.topic if task else self.contact_name).setFocus()

    def _task_text(self, detail: CareTaskDetail) -> str:
        t = detail.task
        lines = [f"<b>{t.customer_name}</b>　{t.mobile}" + (f"　{t.other_phone}" if t.other_phone else "")]
        if t.preferred_contact_time:
            lines.append(self.tr("方便接听：%1").replace("%1", t.preferred_contact_time))
        if not t.consent_contact:
            lines.append("<span style='color:#c62828'>" + self.tr("客户不同意被联系") + "</span>")
        lines.append(" ".join(x for x in (t.plate, t.vehicle_model) if x))
        if t.work_order_number:
            delivered = clock.format_local(t.delivered_at, self.zone) if t.delivered_at else ""
            lines.append(self.tr("工单 %1　交车 %2").replace("%1", t.work_order_number).replace("%2", delivered))
        if t.work_done:
            lines.append(self.tr("维修项目：%1").replace("%1", t.work_done))
        if t.kind in (TaskKind.ANSWER, TaskKind.LETTER, TaskKind.REQUEST) and t.reason:
            lines.append(t.reason)
        people = "、".join(t.technician_names)
        if t.advisor_name or people:
            lines.append(self.tr("服务顾问：%1　技师：%2").replace("%1", t.advisor_name).replace("%2", people))
        lines.append(self.tr("%1　第 %2 次拨打（最多 %3 次）").replace("%1", label(TASK_KIND_LABELS, t.kind, language()))
                     .replace("%2", str(t.tries + 1)).replace("%3", str(detail.max_tries)))
        for call in detail.calls:
            lines.append(self.tr("此前：%1 %2").replace("%1", clock.format_local(call.called_at, self.zone))
                         .replace("%2", label(OUTCOME_LABELS, call.outcome, language())))
        return "<br/>".join(lines)

    def _update(self) -> None:
        outcome = str(self.outcome.currentData())
        self.call_back_at.setEnabled(outcome == Outcome.CALL_BACK)
        has_order = bool(self.detail and self.detail.task.work_order_id)
        self.rating_box.setEnabled(outcome == Outcome.REACHED and has_order)
        self.rating_box.setVisible(self.detail is not None)
        talked = outcome in (Outcome.REACHED, Outcome.DECLINED)
        self.complaint_box.setEnabled(talked)
        self.request_open.setEnabled(talked)
        self.category.setEnabled(self.raise_complaint.isChecked())
        self.complaint_words.setEnabled(self.raise_complaint.isChecked())

    def rating_input(self) -> RatingInput | None:
        if not self.rating_box.isEnabled():
            return None
        values = {key: str(combo.currentData()) for key, combo in self.ratings.items()}
        if not any(values.values()):
            return None
        return RatingInput(overall=values.pop(OVERALL), **values)

    def call_input(self) -> CallInput:
        task = self.detail.task if self.detail else None
        outcome = str(self.outcome.currentData())
        complaint = None
        if self.complaint_box.isEnabled() and self.raise_complaint.isChecked():
            complaint = CallComplaintInput(category=str(self.category.currentData()),
                                           customer_words=self.complaint_words.toPlainText())
        return CallInput(
            outcome=outcome, direction="out" if task else "in", task_id=task.id if task else None,
            called_at=self.called_at.value(), contact_name=self.contact_name.text(), phone=self.phone.text(),
            call_back_at=self.call_back_at.value() if outcome == Outcome.CALL_BACK else None,
            topic=self.topic.text(), satisfied_remarks=self.satisfied.toPlainText(),
            unsatisfied_remarks=self.unsatisfied.toPlainText(), requests=self.requests.toPlainText(),
            answer=self.answer.toPlainText(), rating=self.rating_input(), complaint=complaint,
            request_open=self.request_open.isEnabled() and self.request_open.isChecked())

    def submission(self) -> Submit:
        data = self.call_input()
        services, actor = self.services, self.actor
        call: CallSubmit = lambda: services.care.record_call(actor, data)  # noqa: E731
        return cast(Submit, call)


__all__ = ["CareCallDialog"]
