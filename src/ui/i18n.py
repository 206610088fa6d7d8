"""UI language (界面语言): Chinese source strings, English from a compiled Qt translation.

Why this shape: every UI string is written in Chinese inside ``self.tr(...)``, so Chinese
needs no file at all and the app always starts even when ``dealerdesk_en.qm`` (build output
of ``scripts/build_translations.py``) is missing: it then stays Chinese and logs why.
Qt's own strings (standard buttons, context menus) come from Qt's ``qtbase_*.qm``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from common.resources import resource_path
from ui import operations

log = logging.getLogger(__name__)

CATALOGUE = "dealerdesk"
SOURCE_LANGUAGE = "zh"
# Language code → (Qt locale name for Qt's own catalogue, label shown in the combo box).
LANGUAGES: dict[str, tuple[str, str]] = {
    "zh": ("zh_CN", "中文"),
    "en": ("en", "English"),
}

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def translations_dir() -> Path:
    return resource_path("translations")


def qm_path(lang: str, directory: Path | None = None) -> Path:
    return (directory or translations_dir()) / f"{CATALOGUE}_{lang}.qm"


def language() -> str:
    """The language the running UI was started in (role labels, error texts follow it)."""
    return _current


def install(lang: str, directory: Path | None = None) -> bool:
    """Install the translators for ``lang``; return False if the app catalogue is missing.

    Replaces translators installed by an earlier call, so tests can switch languages.
    """
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    uninstall()
    if lang not in LANGUAGES:
        log.warning("unknown UI language %r, using Chinese", lang)
        lang = SOURCE_LANGUAGE
    qt_locale, _label = LANGUAGES[lang]
    QLocale.setDefault(QLocale(qt_locale))

    qt_catalogue = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_catalogue.load(f"qtbase_{qt_locale}", qt_dir):
        _add(qt_catalogue)

    ok = True
    if lang != SOURCE_LANGUAGE:
        path = qm_path(lang, directory)
        translator = QTranslator()
        if translator.load(str(path)):
            _add(translator)
        else:
            log.warning("translation %s not found or unreadable; the UI stays Chinese", path)
            ok = False
    _current = lang if ok else SOURCE_LANGUAGE
    operations.set_language(_current)
    return ok


def uninstall() -> None:
    global _current
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    _current = SOURCE_LANGUAGE
    operations.set_language(_current)
    QLocale.setDefault(QLocale(LANGUAGES[SOURCE_LANGUAGE][0]))


def _add(translator: QTranslator) -> None:
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
