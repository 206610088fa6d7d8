"""A combo of the technicians and foremen who can take a job (派工对象).

Why its own widget: dispatch, reassign and the labour line all pick a technician; the
staff list is read once in the background and the current choice survives the load.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from domain.roles import WORKSHOP_ROLES, Actor, role_label
from domain.services.registry import Services
from domain.services.staff import StaffView
from ui.operations import run_op


class TechnicianCombo(QComboBox):
    loaded = Signal()

    def __init__(self, services: Services, actor: Actor, *, allow_none: bool = False,
                 selected: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allow_none = allow_none
        self._selected = selected
        self.is_loaded = False
        if allow_none:
            self.addItem(self.tr("（暂不指定）"), None)
        run_op(lambda: services.staff.list(actor, include_inactive=False), self._fill)

    def _fill(self, staff: list[StaffView]) -> None:
        if not shiboken6.isValid(self):  # the dialog closed before the list arrived
            return
        for person in staff:
            if person.role in WORKSHOP_ROLES:
                self.addItem(f"{person.display_name}（{role_label(person.role)}）", person.id)
        if self._selected:
            index = self.findData(self._selected)
            if index >= 0:
                self.setCurrentIndex(index)
        self.is_loaded = True
        self.loaded.emit()

    def staff_id(self) -> str | None:
        value = self.currentData()
        return str(value) if value else None

    def select(self, staff_id: str) -> None:
        index = self.findData(staff_id)
        if index >= 0:
            self.setCurrentIndex(index)


__all__ = ["TechnicianCombo"]
