"""损失与罚扣: the manager records the loss; the domain splits it into each responsible
person's deduction (by shares, or by base points across the department) and the monthly
statistics apply the 50 % cap.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from domain.roles import Actor
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from ui.dialogs.complaint_form import ComplaintFormDialog, ComplaintSubmit
from ui.widgets.amounts import number_edit, parse_fen


class ComplaintLossDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, slip: ComplaintView,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.setObjectName("complaintLossDialog")
        self.setWindowTitle(self.tr("登记损失与罚扣 — %1").replace("%1", slip.number))
        names = "、".join(f"{p.name} {p.share_bp // 100}%" for p in slip.parties)
        hint = QLabel(self.tr("有责任人时按责任比例分摊；只填部门时按部门基本点数分摊。责任人：%1")
                      .replace("%1", names or self.tr("（未指定）")))
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.loss = number_edit(2, "loss_fen", self.tr("元"))
        self.add_row(self.tr("损失金额(元)"), "loss_fen", self.loss)
        self.department = QLineEdit("" if slip.parties else slip.responsible_department)
        self.department.setMaxLength(30)
        self.add_row(self.tr("分摊部门"), "department", self.department)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.add_row(self.tr("说明"), "note", self.note)
        self.month = QLineEdit()
        self.month.setPlaceholderText(self.tr("YYYY-MM，空为本月"))
        self.add_row(self.tr("计入月份"), "month", self.month)
        self.finish_layout()
        self.loss.setFocus()

    def complaint_submission(self) -> ComplaintSubmit:
        assert self.slip is not None
        loss = parse_fen(self.loss.text(), self.tr("损失金额"), "loss_fen")
        key, department, note = self.slip.id, self.department.text(), self.note.text()
        month = self.month.text().strip() or None
        services, actor = self.services, self.actor
        return lambda: services.complaints.record_loss(actor, key, loss, department=department,
                                                       note=note, month=month)


__all__ = ["ComplaintLossDialog"]
