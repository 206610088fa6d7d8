"""登记投诉 (受理): the intake form of a complaint slip, from nothing or pre-filled.

Why the severity is shown while typing: the clerk must know at once whether this is a
重大 complaint (it goes to the general manager at once); the preview uses the same rule
as the domain (``assess_severity`` with the branch's amount limit), and the domain decides
again on save (it also knows about an earlier complaint on the same work order).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from domain.complaint_rules import (
    CATEGORY_LABELS,
    CATEGORY_LABELS_ZH,
    CHANNEL_LABELS,
    CHANNEL_LABELS_ZH,
    SEVERITY_REASON_LABELS,
    Severity,
    SeverityFacts,
    assess_severity,
)
from domain.errors import DomainError
from domain.labels import label
from domain.roles import Actor
from domain.services.complaints import ComplaintInput, ComplaintSettings
from domain.services.registry import Services
from domain.services.search import SearchHit
from domain.settings_defaults import COMPLAINT_MAJOR_AMOUNT_FEN, DEFAULTS
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit
from ui.i18n import language
from ui.models.search_hits_model import SearchHitsModel
from ui.operations import run_op
from ui.widgets.amounts import number_edit, parse_fen
from ui.widgets.branch_datetime import BranchDateTimeEdit
from ui.widgets.field_errors import merge_validation


@dataclass(frozen=True)
class IntakeContext:
    """What the caller already knows (customer file, work order); all optional."""

    customer_id: str | None = None
    customer_name: str = ""
    vehicle_id: str | None = None
    plate: str = ""
    work_order: str = ""  # number
    channel: str = "walk_in"


class ComplaintIntakeDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, zone: str | None = None,
                 context: IntakeContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, None, "", parent)
        self.setObjectName("complaintIntakeDialog")
        self.setWindowTitle(self.tr("登记投诉"))
        self.save_button().setText(self.tr("登记"))
        self.context = context or IntakeContext()
        self._customer_id = self.context.customer_id
        self._vehicle_id = self.context.vehicle_id
        self._generation = 0
        self._limit_fen = int(DEFAULTS.get(COMPLAINT_MAJOR_AMOUNT_FEN, 500_000))
        self.field_aliases = {"customer_id": "customer_query", "vehicle_id": "customer_query",
                              "work_order": "work_order"}

        self.channel = QComboBox()
        for code in CHANNEL_LABELS_ZH:
            self.channel.addItem(label(CHANNEL_LABELS, code, language()), str(code))
        self.channel.setCurrentIndex(max(0, self.channel.findData(self.context.channel)))
        self.add_row(self.tr("投诉渠道"), "channel", self.channel)

        self.customer_query = QLineEdit()
        self.customer_query.setPlaceholderText(self.tr("输入车牌、手机号或姓名查找客户档案"))
        self.add_row(self.tr("查找客户"), "customer_query", self.customer_query)
        self.hits = SearchHitsModel(self)
        self.hits_table = QTableView()
        self.hits_table.setObjectName("customerHits")
        self.hits_table.setModel(self.hits)
        self.hits_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hits_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hits_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hits_table.verticalHeader().hide()
        self.hits_table.horizontalHeader().setStretchLastSection(True)
        self.hits_table.setMaximumHeight(110)
        self.hits_table.hide()
        self.form.addRow("", self.hits_table)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenCustomer")
        self.chosen.setWordWrap(True)
        self.form.addRow(self.tr("客户档案"), self.chosen)
        self.customer_name = QLineEdit(self.context.customer_name if not self._customer_id else "")
        self.customer_name.setMaxLength(100)
        self.customer_name.setPlaceholderText(self.tr("没有档案时填写客户姓名"))
        self.add_row(self.tr("客户姓名"), "customer_name", self.customer_name)
        self.phone = QLineEdit()
        self.phone.setMaxLength(30)
        self.add_row(self.tr("联系电话"), "contact_phone", self.phone)
        self.work_order = QLineEdit(self.context.work_order)
        self.work_order.setPlaceholderText(self.tr("工单号（可不填）"))
        self.add_row(self.tr("相关工单"), "work_order", self.work_order)

        self.category = QComboBox()
        for code in CATEGORY_LABELS_ZH:
            self.category.addItem(label(CATEGORY_LABELS, code, language()), str(code))
        self.add_row(self.tr("投诉类别"), "category", self.category)
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        self.safety = QCheckBox(self.tr("危及客户安全"))
        self.safety.setObjectName("safety_risk")
        self.media = QCheckBox(self.tr("媒体或主管部门介入"))
        self.media.setObjectName("media_involved")
        self.foreign = QCheckBox(self.tr("涉及国外供应商或厂家"))
        self.foreign.setObjectName("foreign_party")
        for box in (self.safety, self.media, self.foreign):
            row.addWidget(box)
        row.addStretch(1)
        self.form.addRow(self.tr("情形"), flags)
        self.claimed = number_edit(2, "claimed_fen", self.tr("元"))
        self.add_row(self.tr("索赔金额(元)"), "claimed_fen", self.claimed)
        self.escalation = QLineEdit()
        self.escalation.setMaxLength(200)
        self.escalation.setPlaceholderText(self.tr("需要人工升级为重大时填写原因"))
        self.add_row(self.tr("升级原因"), "escalation_reason", self.escalation)
        self.severity = QLabel()
        self.severity.setObjectName("severityPreview")
        self.severity.setWordWrap(True)
        self.form.addRow(self.tr("严重程度"), self.severity)

        self.words = QPlainTextEdit()
        self.words.setTabChangesFocus(True)
        self.words.setFixedHeight(70)
        self.add_row(self.tr("客户陈述"), "customer_words", self.words)
        self.request = QPlainTextEdit()
        self.request.setTabChangesFocus(True)
        self.request.setFixedHeight(50)
        self.add_row(self.tr("客户要求"), "customer_request", self.request)
        self.received_at = BranchDateTimeEdit(zone)
        self.add_row(self.tr("受理时间"), "received_at", self.received_at)
        self.finish_layout()
        self.setMinimumWidth(640)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search)
        self.customer_query.textChanged.connect(lambda _t: self._timer.start())
        self.hits_table.activated.connect(lambda index: self.choose(index.row()))
        self.hits_table.clicked.connect(lambda index: self.choose(index.row()))
        for box in (self.safety, self.media):
            box.toggled.connect(lambda _c: self.update_severity())
        self.claimed.textChanged.connect(lambda _t: self.update_severity())
        self.escalation.textChanged.connect(lambda _t: self.update_severity())
        self._show_chosen()
        self.update_severity()
        run_op(services.complaints.settings, self._settings_loaded, lambda _e: None)
        (self.words if self._customer_id else self.customer_query).setFocus()

    # --- customer ----------------------------------------------------------------------
    def search(self) -> None:
        text = self.customer_query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self.hits.set_hits([])
            self.hits_table.hide()
            return
        services, actor = self.services, self.actor
        run_op(lambda: services.search.search(actor, text, limit=20),
               lambda hits: self._show_hits(generation, hits), self.show_error)

    def _show_hits(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self.hits.set_hits(hits)
        self.hits_table.setVisible(bool(hits))
        if hits:
            self.hits_table.selectionModel().setCurrentIndex(
                self.hits.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def choose(self, row: int) -> None:
        if not 0 <= row < self.hits.rowCount():
            return
        hit = self.hits.hit(row)
        self._customer_id, self._vehicle_id = hit.customer_id, hit.vehicle_id
        self.context = IntakeContext(hit.customer_id, hit.name, hit.vehicle_id, hit.plate,
                                     self.work_order.text(), str(self.channel.currentData()))
        self.hits_table.hide()
        self._show_chosen()

    def _show_chosen(self) -> None:
        if self._customer_id:
            parts = [self.context.customer_name, self.context.plate]
            self.chosen.setText("　".join(p for p in parts if p))
        else:
            self.chosen.setText(self.tr("（未选择，可只填姓名）"))

    # --- severity ----------------------------------------------------------------------
    def _settings_loaded(self, settings: ComplaintSettings) -> None:
        self._limit_fen = settings.major_amount_fen
        self.update_severity()

    def update_severity(self) -> None:
        try:
            claimed = parse_fen(self.claimed.text(), "", "claimed_fen", required=False)
        except DomainError:
            claimed = 0
        rule, reasons = assess_severity(
            SeverityFacts(self.safety.isChecked(), claimed, self.media.isChecked()), self._limit_fen)
        labels = [label(SEVERITY_REASON_LABELS, r, language()) for r in reasons]
        if self.escalation.text().strip():
            labels.append(self.tr("人工升级"))
        if rule is Severity.MAJOR or labels:
            self.severity.setText(self.tr("重大投诉：%1（将立即报总经理）").replace("%1", "；".join(labels)))
            self.severity.setStyleSheet("color: #b71c1c; font-weight: bold;")
        else:
            self.severity.setText(self.tr("一般投诉"))
            self.severity.setStyleSheet("")

    # --- saving ------------------------------------------------------------------------
    def complaint_submission(self) -> ComplaintSubmit:
        claimed: list[int] = [0]

        def amount() -> None:
            claimed[0] = parse_fen(self.claimed.text(), self.tr("索赔金额"), "claimed_fen",
                                   required=False)

        merge_validation(amount)
        data = ComplaintInput(
            channel=str(self.channel.currentData()), category=str(self.category.currentData()),
            customer_words=self.words.toPlainText(), customer_request=self.request.toPlainText(),
            claimed_fen=claimed[0], customer_id=self._customer_id,
            customer_name=self.customer_name.text(), contact_phone=self.phone.text(),
            vehicle_id=self._vehicle_id, work_order=self.work_order.text().strip() or None,
            safety_risk=self.safety.isChecked(), media_involved=self.media.isChecked(),
            foreign_party=self.foreign.isChecked(), escalation_reason=self.escalation.text(),
            received_at=self.received_at.value())
        services, actor = self.services, self.actor
        return lambda: services.complaints.register(actor, data)


__all__ = ["ComplaintIntakeDialog", "IntakeContext"]
