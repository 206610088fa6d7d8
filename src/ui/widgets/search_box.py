"""The search box always at hand (查询框): plate, phone, VIN or name, as the advisor types.

Why a debounce and a generation counter: every keystroke must not queue a database query,
and an older, slower answer must never replace the newer one. Why Enter waits for a
pending query: a USB barcode scanner "types" a whole plate or VIN and presses Enter faster
than the debounce, and the advisor expects that customer's file to open.
The popup is a child of the main window (not a separate top-level window), so it never
steals keyboard focus from the box and it shows in screenshots of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import DomainError
from domain.roles import Actor
from domain.services.registry import Services
from domain.services.search import SearchHit
from ui.models.search_hits_model import SearchHitsModel
from ui.operations import error_text, run_op

POPUP_LIMIT = 20
POPUP_VISIBLE_ROWS = 10


class SearchPopup(QFrame):
    """The hit list under the box; it never takes focus, the box drives it."""

    row_activated = Signal(int)

    def __init__(self, model: SearchHitsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.view = QTableView()
        self.view.setObjectName("searchResults")
        self.view.setModel(model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.clicked.connect(lambda index: self.row_activated.emit(index.row()))
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.view)
        layout.addWidget(self.status)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def set_current_row(self, row: int) -> None:
        model = self.view.model()
        if 0 <= row < model.rowCount():
            self.view.setCurrentIndex(model.index(row, 0))
            self.view.scrollTo(model.index(row, 0))


class SearchBox(QLineEdit):
    """Type-ahead search over services.search; emits ``customer_chosen(customer_id)``."""

    customer_chosen = Signal(str)
    results_shown = Signal(int)  # hits for the current text arrived (tests wait on this)

    DEBOUNCE_MS = 150

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("查找：车牌 / 手机或后4位 / VIN或后6位 / 姓名（Ctrl+F）"))
        self.setMinimumWidth(420)
        self.setMaximumWidth(560)
        self.model = SearchHitsModel(self)
        self.popup = SearchPopup(self.model)
        self.popup.hide()
        self.popup.row_activated.connect(self._open_row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_query)
        self._generation = 0
        self._shown_text: str | None = None  # the text the popup's hits belong to
        self._open_when_ready = False
        self.textChanged.connect(self._on_text_changed)

    # --- querying ----------------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        self._open_when_ready = False
        if not text.strip():
            self._timer.stop()
            self._generation += 1
            self._shown_text = None
            self.model.set_hits([])
            self.hide_popup()
            return
        self._timer.start()

    def _start_query(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        if not text:
            return
        self._generation += 1
        generation = self._generation
        services, actor = self._services, self._actor
        run_op(lambda: services.search.search(actor, text, limit=POPUP_LIMIT),
               lambda hits: self._on_hits(generation, text, hits),
               lambda exc: self._on_error(generation, exc))

    def _on_hits(self, generation: int, text: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # an older answer; a newer query is on its way
        self._shown_text = text
        self.model.set_hits(hits)
        if hits:
            self.popup.set_current_row(0)
            more = self.tr("（仅显示前 %1 条，请输入更多字符）").replace("%1", str(POPUP_LIMIT)) \
                if len(hits) >= POPUP_LIMIT else ""
            self.popup.status.setText(
                self.tr("找到 %1 条 · ↑↓ 选择，Enter 打开客户档案，Esc 清除").replace("%1", str(len(hits)))
                + more)
        else:
            self.popup.status.setText(self.tr("未找到匹配的客户或车辆"))
        self.show_popup()
        self.results_shown.emit(len(hits))
        if self._open_when_ready:
            self._open_when_ready = False
            if hits:
                self._open_row(max(self.popup.current_row(), 0))

    def _on_error(self, generation: int, exc: DomainError) -> None:
        if generation != self._generation:
            return
        self._open_when_ready = False
        self.model.set_hits([])
        self.popup.status.setText(error_text(exc))
        self.show_popup()

    def results_current(self) -> bool:
        return self._shown_text is not None and self._shown_text == self.text().strip() \
            and not self._timer.isActive()

    # --- popup -------------------------------------------------------------------------
    def show_popup(self) -> None:
        window = self.window()
        if window is self:
            return
        if self.popup.parentWidget() is not window:
            self.popup.setParent(window)
        origin = self.mapTo(window, QPoint(0, self.height() + 2))
        view = self.popup.view
        rows = min(max(self.model.rowCount(), 1), POPUP_VISIBLE_ROWS) if self.model.rowCount() else 0
        row_height = view.verticalHeader().defaultSectionSize()
        height = (view.horizontalHeader().sizeHint().height() + rows * row_height + 8
                  + self.popup.status.sizeHint().height() + 8)
        view.setVisible(rows > 0)
        width = min(max(self.width(), 780), max(window.width() - origin.x() - 8, 300))
        self.popup.setGeometry(origin.x(), origin.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def hide_popup(self) -> None:
        self.popup.hide()

    def popup_visible(self) -> bool:
        return self.popup.isVisible()

    def _open_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        hit = self.model.hit(row)
        self.hide_popup()
        self.selectAll()  # the next scan or typed key replaces the old query
        self.customer_chosen.emit(hit.customer_id)

    # --- keys --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return
        if key == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
            else:
                self.hide_popup()
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) \
                and self.model.rowCount():
            self._move(Qt.Key(key))
            return
        super().keyPressEvent(event)

    def _move(self, key: Qt.Key) -> None:
        if not self.popup.isVisible():
            self.show_popup()
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: POPUP_VISIBLE_ROWS, Qt.Key.Key_PageUp: -POPUP_VISIBLE_ROWS}[key]
        row = self.popup.current_row() + step
        self.popup.set_current_row(min(max(row, 0), self.model.rowCount() - 1))

    def _on_enter(self) -> None:
        if not self.text().strip():
            return
        if self.results_current():
            if self.model.rowCount():
                self._open_row(max(self.popup.current_row(), 0))
            return
        # The query for this text has not answered yet (fast typist or barcode scanner):
        # run it now and open the first hit when it comes.
        self._open_when_ready = True
        self._start_query()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.hide_popup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.model.rowCount() and self.results_current() \
                and event.reason() != Qt.FocusReason.MouseFocusReason:
            self.selectAll()


__all__ = ["SearchBox", "SearchPopup"]
