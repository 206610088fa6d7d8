"""Product identity in one place: name, version, publisher, icon and licence notices.

Why one module: the window title, About box, PDF metadata, the PyInstaller spec and the
Windows installer script must never disagree about what the product is called, which
version it is, or which licences travel with it. The version itself comes from the package
metadata (pyproject.toml is the single source); the bundle carries that metadata too.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from common import resources

PRODUCT_NAME_ZH = "售后管家"
PRODUCT_NAME_EN = "DealerDesk"
APP_ID = "DealerDesk"
#: Distribution name in pyproject.toml; also the executable's name.
DIST_NAME = "dealerdesk"
PUBLISHER = "DealerDesk 项目组"
PUBLISHER_EN = "The DealerDesk Project"
COPYRIGHT = "© 2026 The DealerDesk Project"
HOMEPAGE = "https://example.invalid/dealerdesk"
#: Inno Setup's AppId: it identifies the installation across upgrades; never change it.
WINDOWS_APP_GUID = "{6F0D4C8E-3B7A-4C55-9E2A-5A1D7B0C9E41}"

ICON_PNG = "dealerdesk.png"
ICON_ICO = "dealerdesk.ico"

_FALLBACK_VERSION = "0.0.0+unknown"


def version() -> str:
    """The installed version; a bundle built without metadata says so instead of lying."""
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return _FALLBACK_VERSION


def display_name(language: str = "zh") -> str:
    return PRODUCT_NAME_ZH if language.startswith("zh") else PRODUCT_NAME_EN


def icon_path(kind: str = "png") -> Path:
    """The application icon (``png`` for Qt, ``ico`` for Windows shortcuts and the .exe)."""
    return resources.resource_path("icons", ICON_ICO if kind == "ico" else ICON_PNG)


@dataclass(frozen=True)
class LicenceNotice:
    """One third-party component that ships with the program and the licence it came under."""

    component: str
    licence: str
    url: str
    file: str  # below resources/, shown by the About box

    def path(self) -> Path:
        return resources.resource_path(*self.file.split("/"))


FONT_LICENCE = LicenceNotice(
    "文泉驿微米黑 WenQuanYi Micro Hei (字体 font)",
    "Apache-2.0 或 GPL-3.0+（含字体例外 with font exception）",
    "http://wenq.org/",
    "fonts/LICENSE-wqy-microhei.txt",
)

#: The faces for rare characters (生僻字), after the main font in the chain.
FALLBACK_FONT_LICENCES: tuple[LicenceNotice, ...] = (
    LicenceNotice("花园明朝 HanaMin A / HanaMin B (字体 font)",
                  "Hanazono Font License 或 OFL-1.1", "https://glyphwiki.org/wiki/GlyphWiki:花園フォント",
                  "fonts/LICENSE-hanazono.txt"),
    LicenceNotice("BabelStone Han (字体 font，已裁剪 subset)",
                  "Arphic Public License", "https://www.babelstone.co.uk/Fonts/Han.html",
                  "fonts/LICENSE-babelstone-han.txt"),
)

_THIRD_PARTY = "licenses/THIRD-PARTY-NOTICES.txt"

#: Everything the bundle carries that is not ours, the fonts first.
LICENCE_NOTICES: tuple[LicenceNotice, ...] = (
    FONT_LICENCE,
    *FALLBACK_FONT_LICENCES,
    LicenceNotice("Qt 6 / PySide6 / Shiboken6", "LGPL-3.0", "https://www.qt.io/", _THIRD_PARTY),
    LicenceNotice("Python", "PSF-2.0", "https://www.python.org/", _THIRD_PARTY),
    LicenceNotice("ReportLab", "BSD-3-Clause", "https://www.reportlab.com/", _THIRD_PARTY),
    LicenceNotice("SQLAlchemy", "MIT", "https://www.sqlalchemy.org/", _THIRD_PARTY),
    LicenceNotice("Alembic / Mako / MarkupSafe", "MIT / MIT / BSD-3-Clause",
                  "https://alembic.sqlalchemy.org/", _THIRD_PARTY),
    LicenceNotice("cryptography / cffi", "Apache-2.0 或 BSD-3-Clause / MIT-0",
                  "https://cryptography.io/", _THIRD_PARTY),
    LicenceNotice("OpenSSL (cryptography 内置)", "Apache-2.0", "https://www.openssl.org/",
                  _THIRD_PARTY),
    LicenceNotice("openpyxl / et-xmlfile", "MIT", "https://openpyxl.readthedocs.io/",
                  _THIRD_PARTY),
    LicenceNotice("defusedxml", "PSF-2.0", "https://github.com/tiran/defusedxml", _THIRD_PARTY),
    LicenceNotice("pypinyin", "MIT", "https://github.com/mozillazg/python-pinyin", _THIRD_PARTY),
    LicenceNotice("qrcode", "BSD-3-Clause", "https://github.com/lincolnloop/python-qrcode",
                  _THIRD_PARTY),
    LicenceNotice("Pillow", "MIT-CMU (HPND)", "https://python-pillow.org/", _THIRD_PARTY),
    LicenceNotice("orjson", "Apache-2.0 或 MIT", "https://github.com/ijl/orjson", _THIRD_PARTY),
    LicenceNotice("platformdirs", "MIT", "https://github.com/tox-dev/platformdirs", _THIRD_PARTY),
    LicenceNotice("SQLite", "Public Domain", "https://sqlite.org/", _THIRD_PARTY),
)


def licence_files() -> tuple[Path, ...]:
    """Each licence file once, in notice order (what the bundle must carry)."""
    seen: dict[str, Path] = {}
    for notice in LICENCE_NOTICES:
        seen.setdefault(notice.file, notice.path())
    return tuple(seen.values())
