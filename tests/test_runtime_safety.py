"""Guards against a broken Qt binding: PySide6 6.12.0 leaked a reference to None per call.

Why a test: the leak killed the GUI ("Fatal Python error: none_dealloc") after a few
thousand calls — a working day at the counter — and no functional test would notice.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt


class _Model(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 1

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 1

    def data(self, index: QModelIndex, role: int = 0) -> object:
        return None


def test_calls_returning_none_do_not_leak_none(qapp: object) -> None:
    model = _Model()
    index = model.index(0, 0)
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        index.data(Qt.ItemDataRole.ForegroundRole)
        obj.setObjectName("x")
    assert sys.getrefcount(None) - before > -50
