"""Add or edit a service package (保养套餐): its labour operations and parts, and its price.

Why lines are picked from the lists and not typed: a package is what the shop sells at one
price; its lines are the shop's own operations and parts at their list prices, so the
dialog shows, as lines are added, the lines' total, the package price and the saving the
customer gets (the domain shares it over the lines when the package goes onto an order).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.masterdata import LabourCodeView, PartPriceView
from domain.services.masterdata_packages import (
    LABOUR,
    PART,
    PackageItem,
    PackageLineView,
    PackageView,
)
from domain.services.registry import Services
from ui.alive import if_alive
from ui.dialogs.masterdata_item_dialog import MasterFormDialog, Save
from ui.models.work_order_tables import Column, RowsModel
from ui.operations import run_op
from ui.widgets.amounts import money, number_edit, parse_fen, parse_scaled, scaled_text
from ui.widgets.master_item_combo import MasterItemCombo

Lists = tuple[list[LabourCodeView], list[PartPriceView]]


class PackageDialog(MasterFormDialog):
    field_aliases = {"price_fen": "price"}

    def __init__(self, services: Services, actor: Actor, item: PackageView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, actor, self.tr("修改保养套餐") if item else self.tr("新增保养套餐"),
                         item is not None, parent)
        self.setObjectName("packageDialog")
        self.item = item
        self.lines: list[PackageLineView] = list(item.lines) if item else []
        self.code = self.code_box(item.code if item else "", self.tr("如 TC01"))
        self.name = QLineEdit(item.name if item else "")
        self.name.setPlaceholderText(self.tr("如：小保养套餐"))
        self.price = number_edit(2, "price", self.tr("元：客户为整个套餐支付的价格"))
        if item is not None:
            self.price.setText(scaled_text(item.price_fen, 2))
        self.active = QCheckBox(self.tr("启用（开单时可选）"))
        self.active.setObjectName("active")
        self.active.setChecked(item.active if item else True)
        self.add_row(self.tr("套餐编号"), "code", self.code)
        self.add_row(self.tr("套餐名称"), "name", self.name)
        self.add_row(self.tr("套餐价(元)"), "price", self.price)
        self.form.addRow("", self.active)

        self.labour_pick = MasterItemCombo(self.tr("输入工时代码或名称"))
        self.labour_pick.setObjectName("packageLabourPick")
        self.add_labour = QPushButton(self.tr("添加工时"))
        self.add_labour.setObjectName("packageAddLabour")
        self.part_pick = MasterItemCombo(self.tr("输入配件编号或名称"))
        self.part_pick.setObjectName("packagePartPick")
        self.qty = number_edit(3, "qty", self.tr("数量"))
        self.qty.setText("1")
        self.qty.setMaximumWidth(80)
        self.add_part = QPushButton(self.tr("添加配件"))
        self.add_part.setObjectName("packageAddPart")
        self.remove = QPushButton(self.tr("删除所选行"))
        self.remove.setObjectName("packageRemoveLine")
        for button in (self.add_labour, self.add_part, self.remove):
            button.setAutoDefault(False)
        labour_row, part_row = QHBoxLayout(), QHBoxLayout()
        labour_row.addWidget(self.labour_pick, 1)
        labour_row.addWidget(self.add_labour)
        part_row.addWidget(self.part_pick, 1)
        part_row.addWidget(self.qty)
        part_row.addWidget(self.add_part)
        self.body.addLayout(labour_row)
        self.body.addLayout(part_row)

        self.model: RowsModel[PackageLineView] = RowsModel([
            Column(self.tr("类型"), lambda r: self.tr("工时") if r.kind == LABOUR else self.tr("配件")),
            Column(self.tr("编号"), lambda r: r.code),
            Column(self.tr("名称"), lambda r: r.name),
            Column(self.tr("工时/数量"), lambda r: scaled_text(r.hours_centi, 2) if r.kind == LABOUR
                   else f"{scaled_text(r.qty_milli, 3)} {r.unit}", right=True),
            Column(self.tr("单价(元)"), lambda r: money(r.rate_fen if r.kind == LABOUR else r.unit_price_fen),
                   right=True),
            Column(self.tr("金额(元)"), lambda r: money(r.gross_fen), right=True),
        ], self)
        self.table = QTableView()
        self.table.setObjectName("packageLines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(160)
        self.body.addWidget(self.errors.row("lines", self.table))
        self.totals = QLabel()
        self.totals.setObjectName("packageTotals")
        self.body.addWidget(self.totals)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.remove)
        self.body.addLayout(bottom)
        self.finish_layout()
        self.setMinimumWidth(640)

        self._labour: dict[str, LabourCodeView] = {}
        self._parts: dict[str, PartPriceView] = {}
        self.add_labour.clicked.connect(self.add_labour_line)
        self.add_part.clicked.connect(self.add_part_line)
        # keyboard: a code and Enter adds the operation; a part's Enter goes on to its quantity
        self.labour_pick.picked.connect(lambda _code: self.add_labour_line())
        self.part_pick.picked.connect(lambda _code: self._to_quantity())
        self.qty.returnPressed.connect(self.add_part_line)
        self.remove.clicked.connect(self.remove_line)
        self.price.textChanged.connect(self._show_totals)
        self._show_lines()
        (self.name if item else self.code).setFocus()
        self._load_lists()

    def _load_lists(self) -> None:
        md = self.services.master_data

        def read() -> Lists:
            return md.labour_codes(active_only=True), md.part_prices(active_only=True)

        run_op(read, if_alive(self, self._lists_loaded))

    def _lists_loaded(self, lists: Lists) -> None:
        labour, parts = lists
        self._labour = {op.code: op for op in labour}
        self._parts = {p.part_no: p for p in parts}
        self.labour_pick.set_items([(f"{op.code}  {op.name}  {money(op.amount_fen)}", op.code) for op in labour])
        self.part_pick.set_items([(f"{p.part_no}  {p.name}  {money(p.price_fen)}/{p.unit}", p.part_no)
                                  for p in parts])

    # --- lines ---------------------------------------------------------------------------
    def add_labour_line(self) -> None:
        op = self._labour.get(self.labour_pick.current_payload() or "")
        if op is None:
            return
        self.lines.append(PackageLineView(LABOUR, op.code, op.name, op.standard_hours_centi, op.rate_fen, 0, "", 0))
        self.labour_pick.setCurrentIndex(0)
        self._show_lines()

    def _to_quantity(self) -> None:
        self.qty.setFocus()
        self.qty.selectAll()

    def add_part_line(self) -> None:
        part = self._parts.get(self.part_pick.current_payload() or "")
        if part is None:
            return
        try:
            qty = parse_scaled(self.qty.text(), 3, self.tr("数量"), "lines")
        except DomainError as exc:
            self.show_error(exc)
            return
        self.lines.append(PackageLineView(PART, part.part_no, part.name, 0, 0, qty, part.unit, part.price_fen))
        self.part_pick.setCurrentIndex(0)
        self.qty.setText("1")
        self._show_lines()

    def remove_line(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            del self.lines[row]
        self._show_lines()

    def _show_lines(self) -> None:
        self.model.set_rows(self.lines)
        self._show_totals()

    def _show_totals(self) -> None:
        total = sum(line.gross_fen for line in self.lines)
        try:
            price = parse_fen(self.price.text(), "", "price", required=False)
        except DomainError:
            price = 0
        saving = max(0, total - price) if self.price.text().strip() else 0
        self.totals.setText(self.tr("各项合计 %1 元；套餐价 %2 元；优惠 %3 元")
                            .replace("%1", money(total)).replace("%2", money(price)).replace("%3", money(saving)))

    def accept(self) -> None:
        """Enter in the pick boxes adds a line; it saves the package only from the other fields."""
        focus = self.focusWidget()
        if focus is not None and any(box is focus or box.isAncestorOf(focus)
                                     for box in (self.labour_pick, self.part_pick, self.qty)):
            return
        super().accept()

    def submission(self) -> Save:
        price = parse_fen(self.price.text(), self.tr("套餐价"), "price")
        items = [PackageItem(line.kind, line.code, line.qty_milli if line.kind == PART else 1000)
                 for line in self.lines]
        packages, actor, item = self.services.packages, self.actor, self.item
        code, name, active = self.code.text(), self.name.text(), self.active.isChecked()
        description = item.description if item else ""
        return lambda: packages.save_package(actor, code=code, name=name, price_fen=price, items=items,
                                             description=description, active=active, new=item is None,
                                             expected_version=item.row_version if item else None)


__all__ = ["PackageDialog"]
