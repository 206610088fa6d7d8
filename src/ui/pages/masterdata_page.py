"""基础资料 (master data): labour operations, parts prices, sundry items, service packages and
campaigns — listed, added, edited, deleted, and imported from Excel.

Why every row shows its source: at a branch enrolled with HQ, HQ's items (总部) arrive by
sync and are read-only here, while the branch keeps its own items (本店) beside them; when HQ
issues a code the branch already used, HQ's item is in effect and the branch's is marked
已被总部项目取代 (domain.masterdata_rules). A shop without HQ sees only its own items.
Buttons follow the selected row: only this database's own items can be changed, and only by
a role allowed to edit the master data (the services check both again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.labels import label
from domain.masterdata_rules import SOURCE_LABELS
from domain.roles import Actor, Permission, can
from domain.services.branch import BranchView
from domain.services.masterdata import MasterKind, Owned, PricingSettings
from domain.services.registry import Services
from ui.alive import if_alive
from ui.i18n import language
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import error_text, run_op
from ui.widgets.amounts import money, scaled_text
from ui.widgets.field_errors import ERROR_STYLE
from ui.widgets.record_list import read_only_table


@dataclass(frozen=True)
class ListSpec:
    """What one tab lists: how to read it, its columns, an item's code and name, its dialog."""

    kind: MasterKind
    load: Callable[[], Sequence[Any]]
    columns: list[Column[Any]]
    code: Callable[[Any], str]
    name: Callable[[Any], str]
    dialog: Callable[[Any | None], QDialog]


class MasterListTab(QWidget):
    def __init__(self, spec: ListSpec, actor: Actor, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec, self.actor, self.services = spec, actor, services
        self.may_edit = can(actor, Permission.MASTERDATA_EDIT)
        self.items: list[Any] = []
        self.active_dialog: QWidget | None = None
        name = spec.kind.value
        self.setObjectName(f"masterTab_{name}")
        self.filter = QLineEdit()
        self.filter.setObjectName(f"filter_{name}")
        self.filter.setPlaceholderText(self.tr("按编号或名称筛选"))
        self.filter.setClearButtonEnabled(True)
        self.add_button = QPushButton(self.tr("新增…"))
        self.add_button.setObjectName(f"add_{name}")
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setObjectName(f"edit_{name}")
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName(f"delete_{name}")
        self.model: RowsModel[Any] = RowsModel(spec.columns, self)
        self.table = read_only_table(f"table_{name}", self.model, alternating_rows=True,
                                     resize=QHeaderView.ResizeMode.ResizeToContents)
        self.message = QLabel()
        self.message.setObjectName(f"message_{name}")
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.filter.textChanged.connect(self._show)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # --- reading -------------------------------------------------------------------------
    def refresh(self, select_code: str | None = None) -> None:
        run_op(self.spec.load, if_alive(self, lambda items: self._loaded(items, select_code)))

    def _loaded(self, items: Sequence[Any], select_code: str | None) -> None:
        self.items = list(items)
        self._show()
        if select_code is not None:
            self.select(select_code)

    def _show(self) -> None:
        wanted = self.filter.text().strip().lower()
        shown = [i for i in self.items if not wanted or wanted in self.spec.code(i).lower()
                 or wanted in self.spec.name(i).lower()]
        self.model.set_rows(shown)

    def select(self, code: str) -> None:
        for row, item in enumerate(self.model.items()):
            if self.spec.code(item) == code and not item.owned.shadowed:
                self.table.selectRow(row)
                return

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        editable = self.may_edit and item is not None and item.owned.editable
        self.add_button.setEnabled(self.may_edit)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)

    # --- changing ------------------------------------------------------------------------
    def edit_selected(self) -> None:
        item = self.selected()
        if item is not None and self.may_edit and item.owned.editable:
            self.open_dialog(item)

    def open_dialog(self, item: Any | None) -> QDialog | None:
        if not self.may_edit:
            return None
        dialog = self.spec.dialog(item)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(lambda view: self._saved(self.spec.code(view)))
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, code: str) -> None:
        self._say(self.tr("已保存 %1。").replace("%1", code))
        self.refresh(select_code=code)

    def delete_selected(self) -> QMessageBox | None:
        item = self.selected()
        if item is None or not (self.may_edit and item.owned.editable):
            return None
        code = self.spec.code(item)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除"),
                          self.tr("删除“%1 %2”？已开的工单不受影响。").replace("%1", code)
                          .replace("%2", self.spec.name(item)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("question")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        md, actor, kind = self.services.master_data, self.actor, self.spec.kind

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                run_op(lambda: md.delete(actor, kind, code), if_alive(self, lambda _r: self._deleted(code)),
                       if_alive(self, self._error))

        box.finished.connect(answered)
        self.active_dialog = box
        box.open()
        return box

    def _deleted(self, code: str) -> None:
        self._say(self.tr("已删除 %1。").replace("%1", code))
        self.refresh()

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #1e7e34;")
        self.message.setText(text)

    def _error(self, exc: DomainError) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(exc))


class MasterDataPage(QWidget):
    def __init__(self, services: Services, actor: Actor, branch: BranchView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.actor, self.branch = services, actor, branch
        self.active_dialog: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("masterDataTabs")
        self.lists: dict[MasterKind, MasterListTab] = {}
        titles = {MasterKind.LABOUR: self.tr("工时项目"), MasterKind.PARTS: self.tr("配件价格"),
                  MasterKind.SUNDRY: self.tr("杂项"), MasterKind.PACKAGES: self.tr("保养套餐"),
                  MasterKind.CAMPAIGNS: self.tr("服务活动")}
        for spec in self._specs():
            tab = MasterListTab(spec, actor, services)
            self.lists[spec.kind] = tab
            self.tabs.addTab(tab, titles[spec.kind])
        self.import_button = QPushButton(self.tr("从 Excel 导入…"))
        self.import_button.setObjectName("masterImport")
        self.import_button.setEnabled(can(actor, Permission.MASTERDATA_EDIT))
        self.import_button.clicked.connect(self.open_import)
        if branch.mode == "hq":
            text = self.tr("总部维护的基础资料随总部数据包下发到各分店；分店自己的项目不在此列。")
        else:
            text = self.tr("来源为“总部”的项目由总部下发，只能查看；“本店”的项目由本店维护。同一编号以总部项目为准，"
                           "本店的同编号项目标为“已被总部项目取代”，开单时不再提供。")
        self.note = QLabel(text)
        self.note.setObjectName("masterNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.default_rate_fen = 0  # the shop's hourly rate, offered to a new labour operation

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Read the lists when the page is shown (imports and other desks change them)."""
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        for tab in self.lists.values():
            tab.refresh()
        run_op(self.services.master_data.pricing, if_alive(self, self._pricing))

    def _pricing(self, pricing: PricingSettings) -> None:
        self.default_rate_fen = pricing.labour_rate_fen

    def changed_elsewhere(self, tables: frozenset[str]) -> None:
        if any(name.startswith("md_") for name in tables) and self.isVisible():
            self.refresh()

    def open_import(self) -> QDialog:
        from ui.dialogs.masterdata_import_dialog import MasterImportDialog

        dialog = MasterImportDialog(self.services, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self.refresh())
        self.active_dialog = dialog
        dialog.open()
        return dialog

    # --- the five lists ------------------------------------------------------------------
    def _source(self, owned: Owned) -> str:
        return label(SOURCE_LABELS, owned.source, language())

    def _state(self, item: Any) -> str:
        if item.owned.shadowed:
            return self.tr("已被总部项目取代")
        return "" if getattr(item, "active", True) else self.tr("停用")

    def _tail(self) -> list[Column[Any]]:
        return [Column(self.tr("来源"), lambda i: self._source(i.owned)),
                Column(self.tr("状态"), self._state, alert=lambda i: bool(i.owned.shadowed))]

    def _specs(self) -> list[ListSpec]:
        from ui.dialogs.masterdata_item_dialog import (
            CampaignItemDialog,
            LabourItemDialog,
            PartItemDialog,
            SundryItemDialog,
        )
        from ui.dialogs.masterdata_package_dialog import PackageDialog

        s, actor, md = self.services, self.actor, self.services.master_data

        def labour_dialog(item: Any | None) -> QDialog:
            return LabourItemDialog(s, actor, item, self.default_rate_fen, self)

        kinds = {"campaign": self.tr("活动"), "recall": self.tr("召回")}
        return [
            ListSpec(MasterKind.LABOUR, lambda: md.labour_codes(include_shadowed=True), [
                Column(self.tr("工时代码"), lambda i: i.code),
                Column(self.tr("名称"), lambda i: i.name),
                Column(self.tr("标准工时"), lambda i: scaled_text(i.standard_hours_centi, 2), right=True),
                Column(self.tr("工时单价(元)"), lambda i: money(i.rate_fen), right=True),
                Column(self.tr("金额(元)"), lambda i: money(i.amount_fen), right=True),
                *self._tail()], lambda i: i.code, lambda i: i.name, labour_dialog),
            ListSpec(MasterKind.PARTS, lambda: md.part_prices(include_shadowed=True), [
                Column(self.tr("配件编号"), lambda i: i.part_no),
                Column(self.tr("名称"), lambda i: i.name),
                Column(self.tr("单位"), lambda i: i.unit),
                Column(self.tr("价格(元)"), lambda i: money(i.price_fen), right=True),
                *self._tail()], lambda i: i.part_no, lambda i: i.name,
                lambda item: PartItemDialog(s, actor, item, self)),
            ListSpec(MasterKind.SUNDRY, lambda: md.sundry_items(include_shadowed=True), [
                Column(self.tr("编号"), lambda i: i.code),
                Column(self.tr("名称"), lambda i: i.name),
                Column(self.tr("金额(元)"), lambda i: money(i.amount_fen), right=True),
                *self._tail()], lambda i: i.code, lambda i: i.name,
                lambda item: SundryItemDialog(s, actor, item, self)),
            ListSpec(MasterKind.PACKAGES, lambda: s.packages.packages(include_shadowed=True), [
                Column(self.tr("套餐编号"), lambda i: i.code),
                Column(self.tr("名称"), lambda i: i.name),
                Column(self.tr("项目"), lambda i: "、".join(line.name for line in i.lines)),
                Column(self.tr("各项合计(元)"), lambda i: money(i.lines_total_fen), right=True),
                Column(self.tr("套餐价(元)"), lambda i: money(i.price_fen), right=True),
                *self._tail()], lambda i: i.code, lambda i: i.name,
                lambda item: PackageDialog(s, actor, item, self)),
            ListSpec(MasterKind.CAMPAIGNS, lambda: md.campaigns(include_shadowed=True), [
                Column(self.tr("活动编号"), lambda i: i.code),
                Column(self.tr("名称"), lambda i: i.title),
                Column(self.tr("类型"), lambda i: kinds.get(i.kind, i.kind)),
                Column(self.tr("价格(元)"), lambda i: money(i.price_fen) if i.price_fen else "", right=True),
                Column(self.tr("开始"), lambda i: i.starts_on.isoformat() if i.starts_on else ""),
                Column(self.tr("结束"), lambda i: i.ends_on.isoformat() if i.ends_on else ""),
                Column(self.tr("适用"), lambda i: f"{i.vin_from}–{i.vin_to}" if i.vin_from else i.model),
                *self._tail()], lambda i: i.code, lambda i: i.title,
                lambda item: CampaignItemDialog(s, actor, item, self)),
        ]


__all__ = ["MasterDataPage", "MasterListTab"]
