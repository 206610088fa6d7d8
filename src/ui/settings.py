"""Per-PC UI settings (界面设置) behind one small wrapper over QSettings.

Why a wrapper: keys and defaults live in one place, and only per-PC state belongs here
(language, window geometry, printer). Business settings travel with the database instead
(``services.settings``). The INI format is used on every platform so a test can redirect
the file with ``QSettings.setPath`` and a support person can read it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from common.product import APP_ID

ORGANIZATION = APP_ID
LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

_LANGUAGE = "ui/language"
_GEOMETRY = "window/main_geometry"
_STATE = "window/main_state"
_PRINTER = "printing/printer_name"


class UiSettings:
    """Typed access to the QSettings keys the GUI uses."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_ID
        )

    @property
    def language(self) -> str:
        value = str(self._store.value(_LANGUAGE, DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unsupported language: {value}")
        self._store.setValue(_LANGUAGE, value)

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue(_GEOMETRY, value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(_STATE)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue(_STATE, value)

    @property
    def printer_name(self) -> str:
        return str(self._store.value(_PRINTER, "") or "")

    @printer_name.setter
    def printer_name(self, value: str) -> None:
        self._store.setValue(_PRINTER, value)

    def sync(self) -> None:
        """Write to disk now (the app may be killed rather than closed)."""
        self._store.sync()

    def file_name(self) -> str:
        return self._store.fileName()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None
