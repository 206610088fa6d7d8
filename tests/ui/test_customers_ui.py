"""The customers page (客户与车辆) and its dialogs, driven like the counter drives them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QWidget

from app.gui import install_cjk_font
from domain.roles import Actor, Role
from domain.services.customers import VehicleInput
from domain.services.registry import Services
from tests.conftest import make_actor
from tests.ui.test_search_box import SHOTS, add_customer, idle, make_vin, type_text
from ui.dialogs.customer_dialog import CustomerDialog
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.dialogs.transfer_dialog import TransferDialog
from ui.dialogs.vehicle_dialog import VehicleDialog
from ui.main_window import MainWindow
from ui.models.ownership_model import OwnershipModel
from ui.models.vehicles_model import VehiclesModel
from ui.pages.customers_page import CustomersPage

GOOD_VIN = make_vin("LSVAU2180N2123456")
OTHER_VIN = make_vin("LFV3A23C0K3001234")


def wrong_check_digit(vin: str) -> str:
    bad = "0" if vin[8] != "0" else "1"
    return vin[:8] + bad + vin[9:]


def open_window(qtbot, services: Services, actor: Actor, data_dir: Path) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_cjk_font(app)
    main = MainWindow(services, actor, services.branches.current(), data_dir)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def window(qtbot, services: Services, advisor: Actor, data_dir: Path) -> Iterator[MainWindow]:
    main = open_window(qtbot, services, advisor, data_dir)
    yield main
    qtbot.waitUntil(idle, timeout=10000)


def page_of(window: MainWindow) -> CustomersPage:
    page = window.page("customers")
    assert isinstance(page, CustomersPage)
    return page


def open_customer(qtbot, window: MainWindow, customer_id: str) -> CustomersPage:
    page = page_of(window)
    with qtbot.waitSignal(page.customer_shown, timeout=5000):
        window.customer_requested.emit(customer_id)
    assert window.pages.currentWidget() is page
    return page


def error_label(dialog: QWidget, field: str) -> QLabel:
    label = dialog.findChild(QLabel, f"error_{field}")
    assert label is not None, field
    return label


def field(dialog: QWidget, name: str) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, name)
    assert edit is not None, name
    return edit


def test_invalid_vin_is_shown_next_to_the_field_then_valid_vehicle_saves(
        qtbot, window: MainWindow, services: Services, advisor: Actor) -> None:
    customer = add_customer(services, advisor, "张伟", "13812345678", "京A12345", OTHER_VIN)
    page = open_customer(qtbot, window, customer.id)
    assert page.vehicles_model.rowCount() == 1
    window.grab().save(str(SHOTS / "customer_file.png"))

    qtbot.mouseClick(page.add_vehicle_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, VehicleDialog)
    qtbot.waitExposed(dialog)
    plate, vin = field(dialog, "plate"), field(dialog, "vin")
    type_text(qtbot, plate, "京B54321")
    vin.setFocus()
    type_text(qtbot, vin, wrong_check_digit(GOOD_VIN).lower())
    assert vin.text() == wrong_check_digit(GOOD_VIN)  # upper case as typed
    assert dialog.form.vin_count.text() == "17/17"
    qtbot.keyClick(vin, Qt.Key.Key_Return)  # Enter saves
    label = error_label(dialog, "vin")
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert "校验位错误" in label.text() and f"应为“{GOOD_VIN[8]}”" in label.text()
    assert dialog.isVisible()
    assert vin.text() == wrong_check_digit(GOOD_VIN) and plate.text() == "京B54321"
    assert "border" in vin.styleSheet()
    assert not error_label(dialog, "plate").isVisible()
    dialog.grab().save(str(SHOTS / "vehicle_dialog_error.png"))

    vin.selectAll()
    type_text(qtbot, vin, GOOD_VIN)
    field(dialog, "brand").setText("大众")
    field(dialog, "mileage_km").setText("12345")
    with qtbot.waitSignal(page.customer_shown, timeout=5000):
        qtbot.keyClick(vin, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    plates = [page.vehicles_model.vehicle(r).plate for r in range(page.vehicles_model.rowCount())]
    assert plates == ["京A12345", "京B54321"] or sorted(plates) == ["京A12345", "京B54321"]
    selected = page.selected_vehicle()
    assert selected is not None and selected.vin == GOOD_VIN  # the new car is selected
    row = page.vehicles_model.row_of(selected.id)
    assert page.vehicles_model.index(row, VehiclesModel.COL_MILEAGE).data() == "12 345"
    stored = services.customers.get(advisor, customer.id)
    assert {v.vin for v in stored.vehicles} == {OTHER_VIN, GOOD_VIN}


def test_duplicate_plate_names_the_existing_customer(qtbot, window: MainWindow,
                                                    services: Services, advisor: Actor) -> None:
    add_customer(services, advisor, "李娜", "13900001111", "沪B88888")
    other = add_customer(services, advisor, "王芳", "13698765432")
    page = open_customer(qtbot, window, other.id)
    assert page.vehicles_model.rowCount() == 0
    assert not page.edit_vehicle_button.isEnabled()
    page.add_vehicle()
    dialog = page.active_dialog
    assert isinstance(dialog, VehicleDialog)
    type_text(qtbot, field(dialog, "plate"), "沪b88888")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = error_label(dialog, "plate")
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert "李娜" in label.text() and "沪B88888" in label.text()
    assert dialog.isVisible()
    qtbot.keyClick(field(dialog, "plate"), Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()
    assert services.customers.get(advisor, other.id).vehicles == ()


def test_new_customer_with_first_vehicle_shows_every_error_then_saves(
        qtbot, window: MainWindow, services: Services, advisor: Actor) -> None:
    page = page_of(window)
    window.show_page("customers")
    qtbot.mouseClick(page.new_customer_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, CustomerDialog)
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name  # type the name first
    type_text(qtbot, dialog.name, "赵文")
    type_text(qtbot, dialog.mobile, "1381234")
    type_text(qtbot, field(dialog, "plate"), "粤B12345")
    type_text(qtbot, field(dialog, "vin"), "LSVAU218ON2123456")  # letter O
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    mobile_error, vin_error = error_label(dialog, "mobile"), error_label(dialog, "vin")
    qtbot.waitUntil(lambda: mobile_error.isVisible() and vin_error.isVisible(), timeout=5000)
    assert "手机号" in mobile_error.text()
    assert "I、O、Q" in vin_error.text()
    assert dialog.isVisible() and dialog.name.text() == "赵文"
    dialog.grab().save(str(SHOTS / "customer_dialog_errors.png"))

    dialog.mobile.setText("13812345678")
    field(dialog, "vin").setText(GOOD_VIN)
    with qtbot.waitSignal(page.customer_shown, timeout=5000) as shown:
        qtbot.keyClick(dialog.mobile, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert not mobile_error.isVisible()
    created = services.customers.get(advisor, shown.args[0])
    assert created.name == "赵文" and created.mobile == "13812345678"
    assert [v.plate for v in created.vehicles] == ["粤B12345"]
    assert page.name_label.text() == "赵文"


def test_company_id_is_checked_as_credit_code_and_edit_keeps_changes(
        qtbot, window: MainWindow, services: Services, advisor: Actor) -> None:
    customer = add_customer(services, advisor, "北京顺达物流有限公司", "13800138000")
    page = open_customer(qtbot, window, customer.id)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, CustomerDialog) and dialog.vehicle_box is None
    dialog.kind.setCurrentIndex(dialog.kind.findData("company"))
    assert dialog.id_label.text() == "统一社会信用代码"
    dialog.id_number.setText("91110000XXXXXXXX")
    dialog.address.setText("北京市顺义区空港工业区 A 区 1 号")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = error_label(dialog, "id_number")
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert "统一社会信用代码" in label.text()
    dialog.id_number.clear()
    with qtbot.waitSignal(page.customer_shown, timeout=5000):
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert page.info_values["address"].text() == "北京市顺义区空港工业区 A 区 1 号"
    assert page.kind_label.text() == "（单位）"


def test_edit_vehicle_and_transfer_owner_keeps_history(qtbot, window: MainWindow,
                                                      services: Services, advisor: Actor) -> None:
    seller = add_customer(services, advisor, "孙强", "13722223333", "苏E12345", GOOD_VIN)
    buyer = add_customer(services, advisor, "周杰", "13800002222")
    page = open_customer(qtbot, window, seller.id)
    assert page.ownership_model.rowCount() == 1
    assert page.ownership_model.index(0, OwnershipModel.COL_TO).data() == "至今"

    page.edit_vehicle()
    dialog = page.active_dialog
    assert isinstance(dialog, VehicleDialog)
    assert field(dialog, "vin").text() == GOOD_VIN
    dialog.form.insurance_expiry.check.setChecked(True)
    field(dialog, "colour").setText("珍珠白")
    with qtbot.waitSignal(page.customer_shown, timeout=5000):
        qtbot.keyClick(field(dialog, "colour"), Qt.Key.Key_Return)
    vehicle = page.selected_vehicle()
    assert vehicle is not None and vehicle.colour == "珍珠白"
    assert vehicle.insurance_expiry is not None

    qtbot.mouseClick(page.transfer_button, Qt.MouseButton.LeftButton)
    transfer = page.active_dialog
    assert isinstance(transfer, TransferDialog)
    assert not transfer.ok_button.isEnabled()
    type_text(qtbot, transfer.query, "0002222")  # last digits of the buyer's mobile
    qtbot.waitUntil(lambda: transfer.model.rowCount() == 1 and idle(), timeout=5000)
    qtbot.keyClick(transfer.query, Qt.Key.Key_Return)  # no pick yet: Enter does nothing
    assert transfer.isVisible() and transfer.new_owner_id is None
    qtbot.keyClick(transfer.query, Qt.Key.Key_Down)  # into the list, first candidate
    assert transfer.new_owner_id == buyer.id
    assert transfer.ok_button.isEnabled()
    transfer.note.setText("二手车交易")
    with qtbot.waitSignal(page.customer_shown, timeout=5000):
        qtbot.mouseClick(transfer.ok_button, Qt.MouseButton.LeftButton)
    assert page.vehicles_model.rowCount() == 0  # the seller no longer owns it
    assert "已过户给“周杰”" in page.message.text()

    page = open_customer(qtbot, window, buyer.id)
    assert page.vehicles_model.rowCount() == 1
    owners = [page.ownership_model.index(r, OwnershipModel.COL_OWNER).data()
              for r in range(page.ownership_model.rowCount())]
    assert owners == ["孙强", "周杰"]
    assert page.ownership_model.index(0, OwnershipModel.COL_TO).data() != "至今"


def test_print_opens_preview_saves_and_prints(qtbot, window: MainWindow, services: Services,
                                             advisor: Actor, tmp_path: Path) -> None:
    pytest.importorskip("reports.customer_file")
    customer = add_customer(services, advisor, "张伟", "13812345678", "京A12345", GOOD_VIN)
    page = open_customer(qtbot, window, customer.id)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, PdfPreviewDialog), timeout=15000)
    preview = page.active_dialog
    assert isinstance(preview, PdfPreviewDialog)
    qtbot.waitExposed(preview)
    assert preview.page_count() >= 1
    assert preview.pdf_bytes.startswith(b"%PDF")
    assert preview.suggested_file_name.startswith("客户档案_张伟_")
    qtbot.wait(1500)  # QPdfView renders pages on its own thread
    preview.grab().save(str(SHOTS / "pdf_preview.png"))

    target = tmp_path / "档案"
    asked: list[str] = []

    def fake_save(_parent: QWidget, suggested: str) -> str:
        asked.append(suggested)
        return str(target)

    preview.ask_save_path = fake_save  # type: ignore[method-assign]
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "档案.pdf"
    assert saved.read_bytes() == preview.pdf_bytes
    assert asked and asked[0].endswith(preview.suggested_file_name)

    printed = tmp_path / "printed.pdf"

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, _parent: QWidget) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def exec(self) -> int:
            return int(QDialog.DialogCode.Accepted)

    preview.print_dialog_factory = FakePrintDialog  # type: ignore[assignment]
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert printed.exists() and printed.stat().st_size > 10_000
    import shutil
    shutil.copy(printed, SHOTS / "printed.pdf")

    class Cancelled(FakePrintDialog):
        def exec(self) -> int:
            return int(QDialog.DialogCode.Rejected)

    preview.print_dialog_factory = Cancelled  # type: ignore[assignment]
    assert preview.print_document() is False


def test_import_previews_before_saving_then_imports(qtbot, services: Services, admin: Actor,
                                                   data_dir: Path, tmp_path: Path) -> None:
    manager = make_actor(services, admin, Role.MANAGER, "manager1")
    window = open_window(qtbot, services, manager, data_dir)
    page = page_of(window)
    assert page.import_button.isEnabled()
    assert page.new_customer_button.isEnabled()
    path = tmp_path / "名单.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["姓名", "手机", "车牌", "VIN", "品牌", "车型", "备注栏"])
        writer.writerow(["钱多多", "13511110000", "浙A99999", GOOD_VIN, "丰田", "卡罗拉", "老客户"])
        writer.writerow(["错车架", "13511110001", "浙A88888", wrong_check_digit(OTHER_VIN), "本田",
                         "思域", ""])
    window.show_page("customers")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, ImportDialog)
    dialog.ask_open_path = lambda _parent: str(path)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None and idle(), timeout=10000)
    model = dialog.model
    assert model.rowCount() == 2
    problems = [model.index(r, model.problems_column()).data() for r in range(2)]
    assert problems[0] == "" and "校验位" in problems[1]
    assert model.index(1, model.COL_STATUS).data() == "有问题"
    assert model.index(1, model.COL_ROW).data() == "3"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "备注栏" in dialog.unknown.text() and dialog.unknown.isVisible()
    assert "可导入 1 行" in dialog.summary.text()
    assert services.search.search(manager, "浙A99999") == []  # nothing saved yet
    dialog.grab().save(str(SHOTS / "import_preview.png"))

    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert done.args == [1]
    assert "已导入 1 行" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert [h.name for h in services.search.search(manager, "浙A99999")] == ["钱多多"]
    assert services.search.search(manager, "浙A88888") == []
    qtbot.waitUntil(idle, timeout=10000)


def test_roles_decide_the_buttons(qtbot, services: Services, admin: Actor, advisor: Actor,
                                  data_dir: Path) -> None:
    customer = add_customer(services, advisor, "张伟", "13812345678", "京A12345")
    technician = make_actor(services, admin, Role.TECHNICIAN, "tech1")
    window = open_window(qtbot, services, technician, data_dir)
    page = open_customer(qtbot, window, customer.id)
    for button in (page.new_customer_button, page.edit_button, page.add_vehicle_button,
                   page.edit_vehicle_button, page.transfer_button, page.print_button,
                   page.import_button):
        assert not button.isEnabled(), button.objectName()
    assert page.name_label.text() == "张伟"  # may look, not change
    qtbot.waitUntil(idle, timeout=10000)


def test_table_models_are_valid(qtmodeltester, services: Services, advisor: Actor,
                                tmp_path: Path) -> None:
    customer = add_customer(services, advisor, "张伟", "13812345678", "京A12345", GOOD_VIN)
    services.customers.add_vehicle(advisor, customer.id, VehicleInput(plate="京N12345"))
    view = services.customers.get(advisor, customer.id)
    vehicles = VehiclesModel()
    vehicles.set_vehicles(view.vehicles)
    assert vehicles.rowCount() == 2
    assert vehicles.headerData(VehiclesModel.COL_VIN, Qt.Orientation.Horizontal) == "车架号(VIN)"
    qtmodeltester.check(vehicles)
    owners = OwnershipModel()
    owners.set_owners(view.vehicles[0].owners)
    qtmodeltester.check(owners)

    from domain.services.customer_import import ImportReport, ImportRow
    from ui.models.import_rows_model import ImportRowsModel

    rows = ImportRowsModel()
    rows.set_report(ImportReport(
        rows=(ImportRow(2, (("name", "甲"), ("plate", "京A1")), ("车牌号格式不正确",), False),
              ImportRow(3, (("name", "乙"),), (), True)),
        imported=0, unknown_columns=(), columns=("name", "plate")))
    assert rows.headerData(2, Qt.Orientation.Horizontal) == "姓名"
    assert rows.headerData(rows.problems_column(), Qt.Orientation.Horizontal) == "问题"
    assert rows.index(1, 3).data() == ""
    assert rows.index(0, rows.problems_column()).data() == "车牌号格式不正确"
    qtmodeltester.check(rows)
