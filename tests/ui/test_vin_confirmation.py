"""A VIN without check digit in the vehicle forms (issue 16 item 3): a visible warning as soon
as it is typed, a save refused until the box is ticked, the confirmation kept on later edits;
a special plate shows its note; counts ignore what the user cannot see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from domain.roles import Actor
from domain.services.registry import Services
from tests.ui.test_customers_ui import error_label, field, open_customer, open_window, page_of
from tests.ui.test_search_box import SHOTS, add_customer, idle, type_text
from ui.dialogs.customer_dialog import CustomerDialog
from ui.dialogs.vehicle_dialog import VehicleDialog
from ui.main_window import MainWindow

EUROPEAN_VIN = "WP0ZZZ99ZTS392124"  # Wikipedia's European example: position 9 is 'Z'
WARNING = "第9位不是校验位：进口车可能不使用校验位，请与行驶证核对"


@pytest.fixture
def window(qtbot, services: Services, advisor: Actor, data_dir: Path) -> Iterator[MainWindow]:
    main = open_window(qtbot, services, advisor, data_dir)
    yield main
    qtbot.waitUntil(idle, timeout=10000)


def confirm_box(dialog: VehicleDialog | CustomerDialog) -> QCheckBox:
    box = dialog.findChild(QCheckBox, "vinConfirm")
    assert box is not None
    return box


def vin_warning(dialog: VehicleDialog | CustomerDialog) -> QLabel:
    label = dialog.findChild(QLabel, "vinWarning")
    assert label is not None
    return label


def test_vehicle_dialog_warns_refuses_then_saves_with_confirmation(
        qtbot, window: MainWindow, services: Services, advisor: Actor) -> None:
    customer = add_customer(services, advisor, "欧阳娜娜", "13811112222")
    page = open_customer(qtbot, window, customer.id)
    page.add_vehicle()
    dialog = page.active_dialog
    assert isinstance(dialog, VehicleDialog)
    qtbot.waitExposed(dialog)
    box = confirm_box(dialog)
    assert not box.isVisible()
    type_text(qtbot, field(dialog, "plate"), "京N12345")
    vin = field(dialog, "vin")
    vin.setFocus()
    type_text(qtbot, vin, EUROPEAN_VIN[:16])
    assert not box.isVisible()  # sixteen characters: nothing to say yet
    type_text(qtbot, vin, EUROPEAN_VIN[16:].lower())
    assert box.isVisible() and not box.isChecked()  # the warning shows as soon as it is typed
    assert vin_warning(dialog).isVisible() and vin_warning(dialog).text() == WARNING

    qtbot.keyClick(vin, Qt.Key.Key_Return)  # saving without the tick is refused
    label = error_label(dialog, "vin")
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert label.text() == WARNING
    assert dialog.isVisible() and dialog.focusWidget() is box
    assert services.customers.get(advisor, customer.id).vehicles == ()
    dialog.grab().save(str(SHOTS / "vehicle_dialog_vin_warning.png"))

    qtbot.keyClick(box, Qt.Key.Key_Space)  # tick it, as a person does
    assert box.isChecked()
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    view = saved.args[0]
    assert view.vin == EUROPEAN_VIN and view.vin_checked_by == advisor.display_name
    assert view.vin_checked_at is not None
    qtbot.waitUntil(lambda: page.selected_vehicle() is not None, timeout=5000)

    # Editing the car again: the box is ticked, the warning says who checked it.
    page.edit_vehicle()
    edit = page.active_dialog
    assert isinstance(edit, VehicleDialog) and edit is not dialog
    qtbot.waitExposed(edit)
    assert confirm_box(edit).isVisible() and confirm_box(edit).isChecked()
    assert f"已由 {advisor.display_name}" in vin_warning(edit).text()
    field(edit, "mileage_km").setText("5000")
    with qtbot.waitSignal(edit.saved, timeout=5000) as saved:
        qtbot.mouseClick(edit.save_button(), Qt.MouseButton.LeftButton)
    assert saved.args[0].mileage_km == 5000 and saved.args[0].vin_checked_at == view.vin_checked_at

    def reloaded() -> bool:
        shown = page.selected_vehicle()
        return shown is not None and shown.mileage_km == 5000

    qtbot.waitUntil(reloaded, timeout=5000)


def test_new_customer_with_such_a_first_vehicle(qtbot, window: MainWindow, services: Services,
                                                advisor: Actor) -> None:
    page = page_of(window)
    window.show_page("customers")
    page.new_customer()
    dialog = page.active_dialog
    assert isinstance(dialog, CustomerDialog)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.name, "陈先生")
    type_text(qtbot, field(dialog, "plate"), "沪A54321")
    field(dialog, "vin").setText(EUROPEAN_VIN)
    box = confirm_box(dialog)
    assert box.isVisible() and vin_warning(dialog).text() == WARNING
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = error_label(dialog, "vin")
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert label.text() == WARNING and dialog.isVisible() and dialog.name.text() == "陈先生"
    box.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    (vehicle,) = saved.args[0].vehicles
    assert vehicle.vin == EUROPEAN_VIN and vehicle.vin_checked_by == advisor.display_name
    qtbot.waitUntil(lambda: page.name_label.text() == "陈先生", timeout=5000)


def test_special_plate_note_and_counts_of_visible_characters(
        qtbot, window: MainWindow, services: Services, advisor: Actor) -> None:
    customer = add_customer(services, advisor, "部队车主", "13811113333")
    page = open_customer(qtbot, window, customer.id)
    page.add_vehicle()
    dialog = page.active_dialog
    assert isinstance(dialog, VehicleDialog)
    qtbot.waitExposed(dialog)
    note = dialog.findChild(QLabel, "plateNote")
    assert note is not None and not note.isVisible()
    type_text(qtbot, field(dialog, "plate"), "va12345")
    assert note.isVisible() and "军队号牌" in note.text()
    vin = field(dialog, "vin")
    vin.setText("1HGCM82633A\u200b004352")  # pasted with a zero-width space
    assert dialog.form.vin_count.text() == "17/17"
    assert not confirm_box(dialog).isVisible()  # its check digit is right: nothing to confirm
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.selected_vehicle() is not None, timeout=5000)  # page reloaded
    view = saved.args[0]
    assert (view.plate, view.plate_kind, view.plate_note, view.vin) == (
        "VA12345", "special", "军队号牌", "1HGCM82633A004352")


def test_import_preview_shows_the_warning_of_a_good_row(qtmodeltester) -> None:
    from PySide6.QtGui import QBrush

    from domain.services.customer_import import ImportReport, ImportRow
    from ui.models.import_rows_model import ImportRowsModel

    model = ImportRowsModel()
    model.set_report(ImportReport(rows=(
        ImportRow(2, (("name", "平行进口车主"), ("vin", EUROPEAN_VIN)), (), True, (WARNING,)),
        ImportRow(3, (("name", "国产车主"), ("vin", "1HGCM82633A004352")), (), True),
    ), imported=0, unknown_columns=(), columns=("name", "vin")))
    qtmodeltester.check(model)
    column = model.problems_column()
    assert model.index(0, column).data() == WARNING
    assert model.index(0, ImportRowsModel.COL_STATUS).data() == "可导入"
    brush = model.index(0, column).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#8d6e00"
    assert model.index(1, column).data() == ""
