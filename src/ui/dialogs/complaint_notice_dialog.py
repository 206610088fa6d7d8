"""开具催办单 / 洽办单: a numbered note to the department that holds a late deadline, or a
request to another department to take part in the handling; saved, it opens in the preview.

Why one dialog for both: both go to a department (and, if named, a person) with a matter;
the 催办单 names the deadline it chases, the 洽办单 the day its answer is due.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from domain import clock
from domain.roles import Actor
from domain.services.branch import BranchView
from domain.services.complaint_views import ComplaintView
from domain.services.registry import Services
from domain.services.staff import StaffView
from ui.dialogs.complaint_form import ComplaintFormDialog
from ui.dialogs.complaint_issued import IssuedForm, issued_notice
from ui.dialogs.complaint_reason_dialog import choice_text
from ui.dialogs.order_form import Submit
from ui.operations import run_op

URGE, COORDINATE = "urge", "coordinate"


class ComplaintNoticeDialog(ComplaintFormDialog):
    def __init__(self, services: Services, actor: Actor, branch: BranchView, slip: ComplaintView, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, slip, "", parent)
        self.kind, self.branch = kind, branch
        self.save_button().setText(self.tr("开具并打印"))
        self.setObjectName("complaintNoticeDialog")
        urge = kind == URGE
        title = self.tr("开具催办单 — %1") if urge else self.tr("开具洽办单 — %1")
        self.setWindowTitle(title.replace("%1", slip.number))
        hint = QLabel(self.tr("催办单交期限所在部门，写明超期原因后交回；单号自动编号。") if urge else
                      self.tr("洽办单请其他部门协同处理本投诉，并于答复期限前回复；单号自动编号。"))
        hint.setWordWrap(True)
        self.body.insertWidget(0, hint)
        self.deadline = QComboBox()
        if urge:
            running = sorted((st for st in slip.standings if st.seconds_left is not None),
                             key=lambda st: (not st.overdue, st.due))
            for st in running:
                self.deadline.addItem(choice_text(st, slip.branch_timezone), str(st.kind))
            self.add_row(self.tr("催办期限"), "deadline", self.deadline)
        self.department = QLineEdit(slip.responsible_department)
        self.department.setMaxLength(30)
        self.department.setPlaceholderText(self.tr("如：维修车间、配件部（空则手写）"))
        self.add_row(self.tr("被催办部门") if urge else self.tr("受文部门"), "to_department", self.department)
        self.person = QComboBox()
        self.person.setObjectName("to_person")
        self.person.addItem(self.tr("（不指定）"), "")
        self.add_row(self.tr("被催办人") if urge else self.tr("受文人"), "to_staff_id", self.person)
        self.reply_by = QDateEdit()
        self.reply_by.setObjectName("reply_by")
        self.reply_by.setCalendarPopup(True)
        self.reply_by.setDisplayFormat("yyyy-MM-dd")
        day = clock.today(slip.branch_timezone) + dt.timedelta(days=1)
        self.reply_by.setDate(QDate(day.year, day.month, day.day))
        if not urge:
            self.add_row(self.tr("答复期限"), "reply_by", self.reply_by)
        self.matter = QPlainTextEdit()
        self.matter.setTabChangesFocus(True)
        self.matter.setFixedHeight(80)
        self.matter.setPlaceholderText(self.tr("空则按期限自动填写") if urge else
                                       self.tr("请写明需要对方部门办理的事项（空则自动填写）"))
        self.add_row(self.tr("催办事项") if urge else self.tr("洽办事项"), "matter", self.matter)
        self.finish_layout()
        self.setMinimumWidth(580)
        run_op(lambda: services.staff.list(actor, include_inactive=False), self._staff_loaded,
               self.show_error)

    def _staff_loaded(self, staff: list[StaffView]) -> None:
        for s in staff:
            self.person.addItem(s.display_name, s.id)

    def submission(self) -> Submit:
        assert self.slip is not None
        key, services, actor, branch = self.slip.id, self.services, self.actor, self.branch
        department, matter = self.department.text(), self.matter.toPlainText()
        person = str(self.person.currentData() or "") or None
        if self.kind == URGE:
            deadline = str(self.deadline.currentData() or "") or None

            def urge() -> IssuedForm:
                notice = services.complaint_deadlines.urge(actor, key, deadline, to_department=department,
                                                            to_staff_id=person, note=matter)
                return issued_notice(services, actor, branch, notice)
            return cast(Submit, urge)
        d = self.reply_by.date()
        reply_by = dt.date(d.year(), d.month(), d.day())

        def coordinate() -> IssuedForm:
            notice = services.complaint_deadlines.coordinate(actor, key, to_department=department, matter=matter,
                                                              to_staff_id=person, reply_by=reply_by)
            return issued_notice(services, actor, branch, notice)
        return cast(Submit, coordinate)


__all__ = ["COORDINATE", "URGE", "ComplaintNoticeDialog"]
